"""Money thresholds by the date of the conduct: the criminal screening signal and the administrative fines.

Criminal Law Art. 219 turns on the holder's loss or the infringer's illegal gain
against the SPC/SPP thresholds (rules/parameters/criminal.yaml); the AUCL's
administrative fines have a range per text of the law (rules/parameters/aucl.yaml).
Both are read for the dates of the conduct, as the damages cap is: where those dates
leave several figures possible, the figure is not known and the opinion says the
dates decide. The criminal figures are the ones the file states for it, else the
damages figures found; nothing is estimated. A threshold reached is a screening
signal for a lawyer, never a finding that anyone committed a crime.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ...money import display
from . import Computation, Step, pair

TOPIC = "infringement"
LOSS = ("criminal.loss_amount", "damages.actual_loss_amount")
GAIN = ("criminal.illegal_gain", "damages.infringer_profit_amount")
ESTIMATES = "damages.profit_estimates"


def conduct_span(values: dict[str, Any]) -> tuple[dt.date | None, dt.date | None]:
    """The dates the conduct may fall on; conduct still going on after a day is at least that late."""
    earliest, latest = values.get("derived.conduct_earliest"), values.get("derived.conduct_latest")
    continuing = values.get("conduct.continuing_after")
    if continuing is not None and latest is None:
        earliest = continuing if earliest is None else max(earliest, continuing)
    return earliest, latest


def figure_in_force(knowledge, name: str, values: dict[str, Any]) -> tuple[bool, Decimal | None]:
    """(known, value): the figure for the conduct's dates; not known where they leave several possible.
    A value of None that is known means the law sets no such figure for those dates."""
    if "derived.conduct_earliest" not in values and "derived.conduct_latest" not in values:
        return False, None
    found = {p.value for p in knowledge.parameters[name].between(*conduct_span(values))}
    return (True, found.pop()) if len(found) == 1 else (False, None)


def _first(values: dict[str, Any], paths: tuple[str, ...]) -> Decimal | None:
    return next((values[p] for p in paths if values.get(p) is not None), None)


def _lowest_estimate(values: dict[str, Any]) -> Decimal | None:
    """The lowest of the estimates of the infringer's profit (the melamine judgment's gross profits): a floor."""
    found = [e["gross_profit"] for e in values.get(ESTIMATES) or [] if e.get("gross_profit") is not None]
    return min(found) if found else None


def figures(values: dict[str, Any]) -> list[Decimal | None]:
    """The holder's loss and the infringer's illegal gain, as far as the file states them (for the gain,
    failing a figure of its own, the profit found or the lowest estimate of it)."""
    gain = _first(values, GAIN)
    return [_first(values, LOSS), gain if gain is not None else _lowest_estimate(values)]


def _reached(values, knowledge, name: str) -> bool | None:
    """Some figure at or over the threshold: reached; every figure known and under it, or no such threshold: not."""
    known, threshold = figure_in_force(knowledge, name, values)
    if not known:
        return None
    if threshold is None:
        return False
    amounts = figures(values)
    if any(a is not None and a >= threshold for a in amounts):
        return True
    return False if all(a is not None for a in amounts) else None


DERIVATIONS = {
    "derived.criminal_serious_reached": lambda v, k: _reached(v, k, "criminal.serious_threshold"),
    "derived.criminal_especially_serious_reached": lambda v, k: _reached(v, k, "criminal.especially_serious_threshold"),
    "derived.criminal_repeat_reached": lambda v, k: _reached(v, k, "criminal.repeat_threshold"),
}


# --- computations (after the rules) ----------------------------------------------------------------


def _money(value: Decimal | None) -> dict[str, str]:
    return pair("不详", "not known") if value is None else pair(f"{display(value)}元", f"CNY {display(value)}")


def _threshold_step(knowledge, values, name: str, basis: str) -> Step:
    known, value = figure_in_force(knowledge, name, values)
    parameter = knowledge.parameters[name]
    formula = pair("按行为时施行的司法解释", "by the interpretation in force at the time of the conduct") if known else \
        pair("行为日期跨越不同数额，取决于行为日期", "the conduct's dates straddle different figures: the dates decide")
    if known and value is None:
        formula = pair("行为时没有这一数额", "no such figure at the time of the conduct")
    return Step(parameter.label, value, formula, basis=[basis], facts=["derived.conduct_earliest", "derived.conduct_latest"])


def _signal(values: dict[str, Any], statuses: dict[str, str], knowledge) -> dict[str, str]:
    """The screening signal in one sentence: what the figures show, or what would decide it."""
    known, threshold = figure_in_force(knowledge, "criminal.serious_threshold", values)
    shown = display(threshold) if known and threshold is not None else "300,000"
    if statuses.get("criminal_especially_serious_signal") == "established":
        return pair("筛查提示：所载数额达到“情节特别严重”的数额标准。是否构成犯罪由侦查、检察和审判机关依法认定，本意见不作此认定。",
                    "Screening signal: the figures reach the band for 'especially serious circumstances'. Whether any crime was "
                    "committed is for the police, the procuratorate and the courts; this opinion makes no such finding.")
    if statuses.get("criminal_serious_signal") == "established":
        return pair("筛查提示：所载数额达到“情节严重”的入罪数额标准，可以考虑刑事报案的可能性。是否构成犯罪由侦查、检察和审判机关依法认定，本意见不作此认定。",
                    "Screening signal: the figures reach the threshold for 'serious circumstances', so a criminal complaint may be "
                    "worth considering. Whether any crime was committed is for the police, the procuratorate and the courts; "
                    "this opinion makes no such finding.")
    if values.get("derived.criminal_serious_reached"):
        return pair("所载数额达到入罪数额标准，但侵权行为本身尚未成立：侵权成立与否决定是否有刑事风险提示。",
                    "The figures reach the threshold, but the infringement itself is not established: whether it is decides "
                    "whether there is a criminal signal.")
    if values.get("derived.criminal_serious_reached") is False:
        return pair("所载损失和违法所得均低于入罪数额标准：按现有数额没有刑事风险提示。",
                    "The loss and the illegal gain stated are both below the threshold: on these figures there is no criminal signal.")
    return pair(f"尚无已知的损失数额或违法所得数额，无法作出刑事风险提示。决定这一点的是：权利人的损失或者侵权人的违法所得是否达到{shown}元以上"
                "（二年内因侵犯商业秘密受过处罚的，2025年解释规定的数额更低），以及侵权行为本身是否成立。",
                f"No figure of the holder's loss or the infringer's illegal gain is known, so no screening signal can be given. "
                f"What would decide it: whether the loss or the illegal gain reaches CNY {shown} (less, under the 2025 "
                "interpretation, for one punished for infringing trade secrets within two years), and whether the "
                "infringement itself is established.")


def criminal_screening(facts, statuses, knowledge) -> Computation:
    loss, gain = figures(facts)
    versions = knowledge.sources.laws["criminal"].versions_between(*conduct_span(facts)) if (
        "derived.conduct_earliest" in facts or "derived.conduct_latest" in facts) else []
    law = knowledge.sources.laws["criminal"]
    text = pair("或".join(law.version(v).label["zh"] for v in versions) or "取决于行为日期",
                " or ".join(law.version(v).label["en"] for v in versions) or "the dates of the conduct decide")
    steps = [
        Step(pair("行为时的刑法文本", "Text of the Criminal Law at the time of the conduct"), None, text, basis=["criminal.art219_serious_circumstances"], facts=["derived.conduct_earliest", "derived.conduct_latest"]),
        Step(pair("给权利人造成的损失", "Loss caused to the holder"), loss, pair("刑事筛查所载数额，否则为已查明的实际损失", "the figure stated for screening, else the actual loss found"),
             facts=list(LOSS)),
        Step(pair("违法所得", "Illegal gain"), gain, pair("刑事筛查所载数额，否则为已查明的侵权获利或其最低估算", "the figure stated for screening, else the infringer's profit found or its lowest estimate"),
             facts=list(GAIN) + [ESTIMATES]),
        _threshold_step(knowledge, facts, "criminal.serious_threshold", "ip_crime_interp.serious_threshold"),
        _threshold_step(knowledge, facts, "criminal.especially_serious_threshold", "ip_crime_interp.especially_serious_threshold"),
        _threshold_step(knowledge, facts, "criminal.repeat_threshold", "ip_crime_interp.repeat_threshold"),
    ]
    notes = [_signal(facts, statuses, knowledge),
             pair("为境外的机构、组织、人员窃取、刺探、收买、非法提供商业秘密的（刑法第二百一十九条之一），不以上述数额为条件。",
                  "Stealing, spying out, buying or unlawfully supplying a secret for a foreign institution, organisation or person "
                  "(Criminal Law Art. 219-1) needs no such figure.")]
    return Computation("criminal_screening", TOPIC, pair("刑事风险筛查：数额与标准", "Criminal screening: the figures and the thresholds"),
                       steps, None, None, [], notes, ["criminal.art219_serious_circumstances", "ip_crime_interp.serious_threshold"])


def _range(low: Decimal | None, high: Decimal | None) -> str | None:
    return None if low is None or high is None else f"{display(low)} – {display(high)}"


def administrative_fines(facts, statuses, knowledge) -> Computation:
    """The fine ranges of the AUCL text(s) in force at the time of the conduct, and the one the facts call for."""
    versions = facts.get("derived.aucl_versions") or []
    law = knowledge.sources.laws["aucl"]
    steps: list[Step] = []
    ranges = []
    for version_id in versions:
        day = law.version(version_id).in_force
        value = {n: knowledge.parameters["aucl.admin_fine_" + n].value_on(day) for n in ("min", "max", "serious_min", "serious_max")}
        label = law.version(version_id).label
        ordinary, serious = _range(value["min"], value["max"]), _range(value["serious_min"], value["serious_max"])
        ranges.append((ordinary, serious))
        since = pair(f"{day}起施行", f"in force from {day}")
        steps.append(Step(pair(f"罚款幅度（{label['zh']}）", f"Fine range ({label['en']})"), ordinary, since,
                          basis=["aucl.administrative_penalty"], versions=[version_id]))
        steps.append(Step(pair(f"情节严重时的罚款幅度（{label['zh']}）", f"Fine range where serious ({label['en']})"), serious,
                          pair("该文本没有这一幅度", "none in this text") if serious is None else since,
                          basis=["aucl.administrative_penalty"], versions=[version_id]))
    serious_facts = facts.get("administrative.serious_circumstances")
    result = None
    if len(ranges) == 1:
        ordinary, serious = ranges[0]
        result = serious if serious_facts is True and serious else ordinary if serious_facts is False or not serious else None
    notes = [pair("监督检查部门（市场监督管理部门）可以责令停止违法行为、没收违法所得并处罚款；行政查处不决定民事赔偿。",
                  "The supervisory authority (the market regulator) may order the conduct stopped, confiscate the illegal gains "
                  "and fine; an administrative complaint does not decide civil damages.")]
    if not versions:
        notes.append(pair("罚款幅度取决于行为日期（行为时施行的反不正当竞争法文本）。", "The range depends on the dates of the conduct (the AUCL text then in force)."))
    elif len(ranges) == 1 and result is None:
        notes.append(pair("适用哪一幅度取决于情节是否严重。", "Which range applies turns on whether the circumstances were serious."))
    elif len(ranges) > 1:
        notes.append(pair("行为日期可能涉及不同文本，罚款幅度取决于行为日期。", "The conduct's dates leave more than one text possible: the dates decide the range."))
    return Computation("administrative_fines", TOPIC, pair("行政查处：罚款幅度", "Administrative complaint: the range of fines"),
                       steps, result, pair("按现有事实的罚款幅度（元）", "Range for these facts (CNY)"), [], notes,
                       ["aucl.administrative_penalty"])


COMPUTATIONS = [criminal_screening, administrative_fines]
