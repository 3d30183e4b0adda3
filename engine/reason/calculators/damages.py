"""Damages: the amount a court could award, each figure kept as a Step.

The rules (rules/30-damages.yaml) decide which method applies; the functions
here compute the amount for it. Money is Decimal throughout. Rounding: every
amount of money a step states is rounded to the cent, half up, the way a
judgment states money, and later steps use the rounded figure as the court does
(seed 001: 9,710,121,856.35 - 2,269,044,480.65 - 9,710,121,856.35 / 12
= 6,631,900,554.3375, stated 6,631,900,554.34). Ratios are never rounded.
Caps, multiplier bounds and their dates come from rules/parameters/aucl.yaml.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ...logic import ESTABLISHED, NOT_ESTABLISHED, UNDETERMINED
from ...money import cents, display
from . import Computation, Step, pair


def _percent(ratio: Decimal) -> str:
    return f"{(ratio * 100).normalize():f}%"


# --- the arithmetic of seed 001, as plain functions -------------------------------------------


def part_year_revenue(annual: Decimal, first_month: int, first_quarter: Decimal | None = None) -> Decimal:
    """Revenue from `first_month` to December. With the first quarter's figure (seed 001): the year less
    Q1, less the annual monthly average for each month from April to the month before `first_month`;
    without it, the year pro rata by months."""
    if not 1 <= first_month <= 12:
        raise ValueError(f"month {first_month} is not 1-12")
    if first_quarter is not None and first_month >= 4:
        return cents(annual - first_quarter - annual / 12 * (first_month - 4))
    return cents(annual * (13 - first_month) / 12)


def product_revenue(revenue: Decimal, share: Decimal) -> Decimal:
    return cents(revenue * share)


def average_margin(margins: list[Decimal]) -> Decimal:
    """The plain average, used for a year without its own margin (seed 001: 2014-2017 average for 2018)."""
    if not margins:
        raise ValueError("no margins to average")
    return sum(margins, Decimal(0)) / len(margins)


def prorate(amount: Decimal, months: int, months_here: int) -> Decimal:
    """An amount claimed over `months` spread evenly over the `months_here` of this case."""
    return cents(amount * months_here / months)


def whole_months(start: dt.date, end: dt.date) -> int:
    """Whole months from start to end (2014-04-30 to 2018-12-30: 56)."""
    return (end.year - start.year) * 12 + end.month - start.month - (1 if end.day < start.day else 0)


# --- derived facts the rules read ----------------------------------------------------------------


def _actual_loss_determinable(values: dict[str, Any], knowledge) -> bool | None:
    if any(p in values for p in ("damages.actual_loss_amount", "damages.licence_fee")):
        return True
    if "damages.lost_sales_units" in values and "damages.unit_profit" in values:
        return True
    return values.get("damages.actual_loss_determinable")


def _infringer_profit_determinable(values: dict[str, Any], knowledge) -> bool | None:
    if "damages.infringer_profit_amount" in values:
        return True
    if any("gross_profit" in e for e in values.get("damages.profit_estimates", [])):
        return True
    return values.get("damages.infringer_profit_determinable")


def punitive_start(knowledge) -> dt.date | None:
    """The first day punitive damages exist, read from the parameters."""
    return next((p.start for p in knowledge.parameters["aucl.punitive_multiplier_max"].periods if p.value is not None), None)


def _damages_period(values: dict[str, Any]) -> tuple[dt.date | None, dt.date | None]:
    start = values.get("damages.period_start") or values.get("derived.conduct_earliest")
    end = values.get("damages.period_end") or values.get("derived.conduct_latest")
    return start, end


def _punitive_period(values: dict[str, Any], knowledge) -> bool | None:
    """All of the conduct compensated on or after the day punitive damages came in; straddling: not known."""
    start, end = _damages_period(values)
    first = punitive_start(knowledge)
    if start is not None and start >= first:
        return True
    if end is not None and end < first:
        return False
    return None


DERIVATIONS = {
    "derived.actual_loss_determinable": _actual_loss_determinable,
    "derived.infringer_profit_determinable": _infringer_profit_determinable,
    "derived.punitive_period": _punitive_period,
}


# --- the tort computation ------------------------------------------------------------------------


class _Build:
    """Collects the steps, notes and open facts of one computation."""

    def __init__(self, facts: dict[str, Any], statuses: dict[str, str], knowledge):
        self.facts, self.statuses, self.knowledge = facts, statuses, knowledge
        self.steps: list[Step] = []
        self.notes: list[dict[str, str]] = []
        self.missing: list[str] = []
        self.ceiling: Decimal | None = None

    def step(self, zh: str, en: str, value, formula: tuple[str, str] | None = None, basis=(), facts=(),
             versions: list[str] | None = None) -> Any:
        self.steps.append(Step(pair(zh, en), value, pair(*formula) if formula else None, list(basis), list(facts),
                               versions))
        return value

    def note(self, zh: str, en: str) -> None:
        self.notes.append(pair(zh, en))

    def need(self, *paths: str) -> None:
        for path in paths:
            if path not in self.facts and path not in self.missing:
                self.missing.append(path)

    def established(self, conclusion: str) -> bool:
        return self.statuses.get(conclusion) == ESTABLISHED


def tort_damages(facts: dict[str, Any], statuses: dict[str, str], knowledge) -> Computation | None:
    if statuses.get("damages_liability") == NOT_ESTABLISHED:
        return None
    b = _Build(facts, statuses, knowledge)
    if statuses.get("damages_liability") == UNDETERMINED:
        b.note("侵权是否成立尚无法确定：以下数额均以侵权成立为前提。",
               "Infringement is not yet established: every figure here is conditional on it.")
    _claim_against_caps(b)
    base = _base(b)
    total = _punitive(b, base) if base is not None else None
    total = _add_costs(b, total)
    award = None if total is None else _within_claim(b, total)
    _joint(b)
    conditional = statuses.get("damages_liability") == UNDETERMINED
    return Computation(
        id="damages", topic="damages", title=pair("赔偿数额的计算", "Computing the damages"),
        steps=b.steps, result=award,
        result_label=pair("可判赔偿数额（附条件）" if conditional else "可判赔偿数额",
                           "Award (conditional)" if conditional else "Award"),
        missing=b.missing, notes=b.notes, basis=["aucl.civil_damages"],
        ceiling=award if award is not None else b.ceiling)


def _base(b: _Build) -> Decimal | None:
    """The amount by the method the rules selected, in the statutory order."""
    if b.established("method_commercial_value"):
        if "damages.commercial_value" in b.facts:
            return b.step("商业秘密的商业价值", "Commercial value of the secret", b.facts["damages.commercial_value"],
                          ("侵权导致商业秘密公开，按其商业价值确定", "The secret was made public: its commercial value"),
                          ["spc2020.art19_secret_made_public"], ["damages.commercial_value"])
        b.need("damages.commercial_value")
        b.note("商业秘密因侵权而公开，可按其商业价值（研发成本、实施收益、可得利益、竞争优势持续时间）确定赔偿，但该价值尚未查明。",
               "The secret was made public, so damages may follow its commercial value (R&D cost, income from use, "
               "expected gains, how long the advantage would have lasted), but that value is not known.")
    if b.established("method_actual_loss"):
        return _actual_loss(b)
    if b.established("method_infringer_profit"):
        return _infringer_profit(b)
    if b.established("method_statutory"):
        _statutory(b)
        return None
    b.need("derived.actual_loss_determinable", "derived.infringer_profit_determinable")
    b.note("尚不能确定适用哪一种计算方式。", "Which method applies is not yet known.")
    return None


def _actual_loss(b: _Build) -> Decimal | None:
    f = b.facts
    if "damages.actual_loss_amount" in f:
        return b.step("实际损失", "Actual loss", f["damages.actual_loss_amount"], ("已查明的数额", "Found as stated"),
                      ["aucl.civil_damages"], ["damages.actual_loss_amount"])
    if "damages.lost_sales_units" in f and "damages.unit_profit" in f:
        units, unit = f["damages.lost_sales_units"], f["damages.unit_profit"]
        return b.step("实际损失", "Actual loss", cents(units * unit),
                      (f"销量减少数 {units} × 单位利润 {display(unit)}", f"lost sales {units} x unit profit {display(unit)}"),
                      ["aucl.civil_damages"], ["damages.lost_sales_units", "damages.unit_profit"])
    if "damages.licence_fee" not in f:  # the loss is said to be determinable, but no figure is given yet
        b.need("damages.actual_loss_amount")
        return None
    return b.step("实际损失（参照许可使用费）", "Actual loss (by reference to the licence fee)", f["damages.licence_fee"],
                  ("合理的许可使用费", "A reasonable licence fee for the secret"),
                  ["spc2020.art20_1_licence_fee"], ["damages.licence_fee"])


def _infringer_profit(b: _Build) -> Decimal | None:
    f = b.facts
    if "damages.infringer_profit_amount" in f:
        return b.step("侵权获利", "Infringer's profit", f["damages.infringer_profit_amount"], ("已查明的数额", "Found as stated"),
                      ["aucl.civil_damages"], ["damages.infringer_profit_amount"])
    estimates = _revenue_estimate(b) + _given_estimates(b)
    if not estimates:
        b.need("damages.infringer_profit_amount")
        return None
    lowest = min(estimates)
    if len(estimates) > 1:
        b.step("侵权获利的低值", "Lowest profit estimate", lowest, ("各估算中的最低值", "The lowest of the estimates"),
               ["cases.melamine_profit_estimates"])
    _related_claims(b, lowest)
    return lowest


def _revenue_estimate(b: _Build) -> list[Decimal]:
    """Revenue x product share x margin, year by year, from the infringer's figures where they are given."""
    rows = sorted(b.facts.get("damages.infringer_revenue", []), key=lambda r: r.get("year", 0))
    share = b.facts.get("damages.product_share")
    given_margins = [r["margin"] for r in rows if "margin" in r]
    fallback = average_margin(given_margins) if given_margins else None
    if fallback is not None and len(given_margins) < len(rows):
        b.step("平均毛利率", "Average margin", _percent(fallback),
               (f"{len(given_margins)}个年度毛利率的平均值，用于未披露毛利率的年度",
                f"average of the {len(given_margins)} years' margins, used for years without one"),
               ["cases.melamine_profit_estimates"])
    profit, complete = Decimal(0), bool(rows)
    for row in rows:
        year = row.get("year", "?")
        revenue = _year_revenue(b, row)
        row_share = row.get("product_share", share)
        if revenue is None or row_share is None:
            complete = False
            continue
        sales = b.step(f"{year}年侵权产品营业收入", f"{year} revenue from the infringing product", product_revenue(revenue, row_share),
                       (f"{display(revenue)} × {_percent(row_share)}", f"{display(revenue)} x {_percent(row_share)}"),
                       facts=["damages.infringer_revenue", "damages.product_share"])
        margin = row.get("margin", fallback)
        if margin is None:
            complete = False
            continue
        profit += b.step(f"{year}年毛利润", f"{year} gross profit", cents(sales * margin),
                         (f"{display(sales)} × {_percent(margin)}", f"{display(sales)} x {_percent(margin)}"))
    if not complete:
        return []
    return [b.step("按营业收入和毛利率计算的侵权获利", "Profit from revenue and margins", profit,
                   ("各年度毛利润之和", "Sum of the years' gross profit"), ["aucl.civil_damages"])]


def _year_revenue(b: _Build, row: dict[str, Any]) -> Decimal | None:
    if "revenue" not in row:
        return None
    year, first = row.get("year", "?"), row.get("from_month")
    if first is None or first == 1:
        return row["revenue"]
    q1 = row.get("first_quarter_revenue")
    value = part_year_revenue(row["revenue"], first, q1)
    if q1 is not None and first >= 4:
        april_on = first - 4
        zh = f"全年 {display(row['revenue'])} − 第一季度 {display(q1)} − 月平均 {display(row['revenue'] / 12)} × {april_on}"
        en = f"year {display(row['revenue'])} - Q1 {display(q1)} - monthly average {display(row['revenue'] / 12)} x {april_on}"
    else:
        zh = f"全年 {display(row['revenue'])} × {13 - first}/12"
        en = f"year {display(row['revenue'])} x {13 - first}/12"
    return b.step(f"{year}年{first}月至12月营业收入", f"{year} revenue, month {first} to December", value, (zh, en),
                  ["cases.melamine_profit_estimates"], ["damages.infringer_revenue"])


def _given_estimates(b: _Build) -> list[Decimal]:
    out = []
    for index, estimate in enumerate(b.facts.get("damages.profit_estimates", []), 1):
        label = estimate.get("label", f"#{index}")
        if "product_revenue" in estimate:
            b.step(f"侵权产品营业收入（{label}）", f"Revenue from the infringing product ({label})", estimate["product_revenue"],
                   ("已查明的数额（约数）", "As found (approximate)"), facts=["damages.profit_estimates"])
        if "gross_profit" in estimate:
            basis = estimate.get("margin_basis", label)
            out.append(b.step(f"侵权获利估算：{label}", f"Profit estimate: {label}", estimate["gross_profit"],
                              (f"已查明的估算结果（约数）；毛利率依据：{basis}", f"As found (approximate); margin: {basis}"),
                              ["cases.melamine_profit_estimates"], ["damages.profit_estimates"]))
    return out


def _related_claims(b: _Build, lowest: Decimal) -> None:
    """Seed 001: claims over the same infringing system, pro-rated by months, compared with the lowest estimate."""
    related = b.facts.get("damages.related_claims", [])
    claimed = b.facts.get("damages.claimed")
    if not related or claimed is None:
        return
    if any("amount" not in claim for claim in related):  # a related claim of unknown size: no total can be given
        b.need("damages.related_claims")
        b.note("有关联案件的索赔数额未录入，无法比较合计索赔与侵权获利。",
               "A related case's amount claimed is not entered, so the claims together cannot be compared with the profit.")
        return
    months_here = _months_here(b)
    with_prorating = without = claimed
    for claim in related:
        amount, months = claim["amount"], claim.get("months")
        without += amount
        if months and months_here and months != months_here:
            share = b.step(f"{claim.get('case', '')}索赔按期分摊", f"{claim.get('case', '')} claim pro-rated", prorate(amount, months, months_here),
                           (f"{display(amount)} ÷ {months}个月 × {months_here}个月", f"{display(amount)} / {months} months x {months_here} months"),
                           ["cases.melamine_related_claims"], ["damages.related_claims"])
        else:
            share = b.step(f"{claim.get('case', '')}索赔（不分摊）", f"{claim.get('case', '')} claim (not pro-rated)", amount,
                           (claim.get("basis", "全额计入"), claim.get("basis", "counted in full")),
                           ["cases.melamine_related_claims"], ["damages.related_claims"])
        with_prorating += share
    b.step("关联案件与本案索赔合计（分摊）", "Related claims plus this claim (pro-rated)", with_prorating,
           ("分摊后的关联索赔 + 本案索赔", "pro-rated related claims + this claim"), ["cases.melamine_related_claims"])
    b.step("关联案件与本案索赔合计（不分摊）", "Related claims plus this claim (not pro-rated)", without,
           ("关联索赔全额 + 本案索赔", "related claims in full + this claim"), ["cases.melamine_related_claims"])
    if max(with_prorating, without) < lowest:
        b.note(f"无论是否分摊，合计索赔（{display(with_prorating)}、{display(without)}）均低于侵权获利低值 {display(lowest)}，本案索赔不存在重复获偿。",
               f"With or without pro-rating, the claims together ({display(with_prorating)}, {display(without)}) stay below "
               f"the lowest profit estimate {display(lowest)}: this claim does not recover the same profit twice.")
    else:
        b.note(f"合计索赔（{display(with_prorating)}、{display(without)}）未全部低于侵权获利低值 {display(lowest)}，需考虑关联案件的重复获偿。",
               f"The claims together ({display(with_prorating)}, {display(without)}) do not both stay below the lowest "
               f"profit estimate {display(lowest)}: overlap with the related cases must be weighed.")


def _months_here(b: _Build) -> int | None:
    if "damages.period_months" in b.facts:
        return b.facts["damages.period_months"]
    start, end = b.facts.get("damages.period_start"), b.facts.get("damages.period_end")
    if start and end:
        months = whole_months(start, end)
        b.step("本案计算期间（月）", "Months of this case's period", str(months),
               (f"{start} 至 {end}", f"{start} to {end}"), facts=["damages.period_start", "damages.period_end"])
        return months
    b.need("damages.period_start", "damages.period_end")
    return None


# --- statutory damages ---------------------------------------------------------------------------


_FACTORS = (
    ("damages.factors.fault", "侵权人的主观过错程度", "the infringer's fault"),
    ("damages.factors.manner", "侵权行为方式", "the manner of the infringement"),
    ("damages.factors.duration", "侵权持续时间", "how long it lasted"),
    ("damages.factors.consequences", "侵权损害后果", "its consequences"),
    ("damages.factors.secret_value", "商业秘密的性质、价值与研发成本", "the secret's nature, value and R&D cost"),
)


def cap_periods(facts: dict[str, Any], knowledge):
    """The statutory cap(s) that may govern the conduct compensated: the later law for continuing conduct (SPC Art. 28)."""
    cap = knowledge.parameters["aucl.statutory_damages_cap"]
    earliest, latest = _damages_period(facts)
    if latest is not None:
        period = cap.on(latest)
        return [period] if period else []
    return cap.between(earliest, None)


def _claim_against_caps(b: _Build) -> None:
    """Whatever other figures there are: the amount claimed against the statutory cap of each text of the AUCL
    the dates leave possible, each with the day it applies from. The cap binds statutory damages only, so its
    rows say whether those apply; where the dates leave several texts, a note says the dates decide."""
    claimed = b.facts.get("damages.claimed")
    if claimed is not None:
        _claim_step(b, claimed)
    else:
        b.need("damages.claimed")
    statutory = b.statuses.get("method_statutory")
    aucl = b.knowledge.sources.laws["aucl"]
    periods = cap_periods(b.facts, b.knowledge)
    for period in periods:
        version = aucl.version(aucl.version_on(period.start))
        flag = ("〔未经核实〕", " [UNVERIFIED]") if period.unverified or version.unverified else ("", "")
        label = pair(f"法定赔偿上限（{version.label['zh']}）{flag[0]}", f"Statutory cap ({version.label['en']}){flag[1]}")
        # A text without a cap has no statutory-damages article: cite its damages article, which sets none.
        basis = ["aucl.statutory_damages" if period.value is not None else "aucl.civil_damages"]
        b.step(label["zh"], label["en"], period.value, _cap_how(period, statutory), basis, versions=[version.id])
        if claimed is not None and period.value is not None and statutory != NOT_ESTABLISHED:
            most = ("可判上限", "Most the court may award") if statutory == ESTABLISHED else \
                ("适用法定赔偿时的可判上限", "Most a statutory award could be")
            most_here = b.step(f"{most[0]}（{version.label['zh']}）", f"{most[1]} ({version.label['en']})",
                               min(claimed, period.value),
                               ("取法定上限与权利人请求数额中的较低者", "the lower of the cap and the amount claimed"),
                               facts=["damages.claimed"])
            b.ceiling = most_here if b.ceiling is None else max(b.ceiling, most_here)  # the dates may leave several texts
    if len(periods) > 1:
        # The rules ask for the dates while none is known; once the start is, only the end decides.
        b.need("derived.aucl_versions" if "derived.aucl_versions" not in b.facts else "derived.conduct_latest")
        b.note("被诉行为的日期（持续行为的结束日期）尚未查明，无法确定适用哪一版本的法定赔偿上限：上表列出可能适用的各版本，"
               "由行为日期决定（适用行为时的法律；行为持续到法律修改以后的，适用修改后的法律）。",
               "The dates of the conduct (the end, for conduct that continued) are not known, so neither is the text "
               "whose cap applies: each text they leave possible is shown, and the dates decide (the law in force "
               "at the time of the conduct; conduct continuing past an amendment, the amended law).")


def _claim_step(b: _Build, claimed: Decimal) -> None:
    b.step("权利人请求的数额", "Amount the holder claims", claimed, ("诉讼请求", "as claimed"), facts=["damages.claimed"])


def _cap_how(period, statutory: str | None) -> tuple[str, str]:
    """How a cap row reads: the day its text applies from, and whether statutory damages, which it binds, apply."""
    if period.value is None:
        return f"自{period.start}起施行的文本未规定上限", f"the text in force from {period.start} sets no cap"
    if statutory == ESTABLISHED:
        return f"自{period.start}起施行", f"in force from {period.start}"
    if statutory == NOT_ESTABLISHED:
        return (f"自{period.start}起施行；仅限制法定赔偿，本案不适用法定赔偿",
                f"in force from {period.start}; binds statutory damages only, which do not apply here")
    return (f"自{period.start}起施行；适用法定赔偿时的上限",
            f"in force from {period.start}; the limit if statutory damages apply")


def _statutory(b: _Build) -> None:
    """The factors the court weighs within the cap (the cap itself heads the table)."""
    claimed = b.facts.get("damages.claimed")
    if claimed is not None:
        b.note(f"权利人请求赔偿 {display(claimed)} 元；具体数额由法院在上限内酌定，本意见不作推测。",
               f"The holder claims CNY {display(claimed)}; the court sets the amount within the cap, and this memo does not guess it.")
    for path, zh, en in _FACTORS:
        entered = b.facts.get(path)
        b.step(f"考量因素：{zh}", f"Factor: {en}", None,
               (entered, entered) if entered else ("未录入", "not entered"),
               ["spc2020.art20_2_statutory_factors"], [path] if entered else [])
    b.step("考量因素：权利人的合理开支", "Factor: the holder's reasonable costs", b.facts.get("damages.reasonable_costs"),
           ("已录入" if "damages.reasonable_costs" in b.facts else "未录入",
            "as entered" if "damages.reasonable_costs" in b.facts else "not entered"), ["aucl.reasonable_costs"])


# --- punitive damages, costs, the claim, joint liability ----------------------------------------


def _multiplier_bounds(b: _Build) -> tuple[Decimal | None, Decimal | None]:
    start, _ = _damages_period(b.facts)
    if start is None:
        return None, None
    low = b.knowledge.parameters["aucl.punitive_multiplier_min"].value_on(start)
    high = b.knowledge.parameters["aucl.punitive_multiplier_max"].value_on(start)
    return low, high


def _punitive(b: _Build, base: Decimal) -> Decimal | None:
    status = b.statuses.get("punitive_damages")
    if status == UNDETERMINED:
        b.need("damages.malicious", "damages.serious_circumstances")
        b.note("如能证明恶意侵权且情节严重，可在上述基数的一倍以上五倍以下确定赔偿数额。",
               "If malice and serious circumstances are proved, the award may be one to five times this base.")
        return base
    if status != ESTABLISHED:
        return base
    low, high = _multiplier_bounds(b)
    b.step("惩罚性赔偿倍数范围", "Punitive multiplier range", f"{low}–{high}", ("依行为时施行的法律", "by the law in force at the time"),
           ["aucl.punitive_damages"])
    asked = b.facts.get("damages.multiplier_requested")
    reasons = b.facts.get("damages.multiplier_reasons")
    if reasons:
        b.note(f"权利人请求倍数的理由：{reasons}", f"The holder's reasons for the multiplier: {reasons}")
    if asked is None:
        b.step("最低倍数下的赔偿", "At the lowest multiplier", cents(base * low), (f"{display(base)} × {low}", f"{display(base)} x {low}"),
               ["aucl.punitive_damages"])
        b.step("最高倍数下的赔偿", "At the highest multiplier", cents(base * high), (f"{display(base)} × {high}", f"{display(base)} x {high}"),
               ["aucl.punitive_damages"])
        b.note("权利人未请求具体倍数：赔偿数额在上述范围内，由法院根据恶意程度和情节确定。",
               "The holder asks for no multiplier: the award lies in this range, as the court weighs the malice and the circumstances.")
        b.need("damages.multiplier_requested")
        return None
    used = min(max(asked, low), high)
    if used != asked:
        b.note(f"请求的倍数 {asked} 超出法定范围，按 {used} 计算。", f"The multiplier asked, {asked}, is outside the range; {used} is used.")
    return b.step("惩罚性赔偿后的数额", "With the punitive multiplier", cents(base * used),
                  (f"{display(base)} × {used}", f"{display(base)} x {used}"), ["aucl.punitive_damages"], ["damages.multiplier_requested"])


def _add_costs(b: _Build, total: Decimal | None) -> Decimal | None:
    if total is None:
        return None
    costs = b.facts.get("damages.reasonable_costs")
    if costs is None:
        claimed = b.facts.get("damages.claimed")
        if claimed is not None and total >= claimed:
            return total  # the claim caps the award whatever the costs are
        b.need("damages.reasonable_costs")
        b.note("维权合理开支尚未查明，以下数额未计入。", "The reasonable costs are not known and are not included below.")
        return total
    b.step("维权合理开支", "Reasonable costs", costs, ("计入赔偿数额", "added to the damages"), ["aucl.reasonable_costs"],
           ["damages.reasonable_costs"])
    return b.step("赔偿数额与合理开支合计", "Damages plus costs", total + costs, ("上述数额 + 合理开支", "the amount above + costs"),
                  ["aucl.reasonable_costs"])


def _limit_to_claim(b: _Build, total: Decimal | None) -> Decimal | None:
    """The claim, then the amount within it (the contract claim; the tort table shows the claim at its head)."""
    if total is None:
        return None
    claimed = b.facts.get("damages.claimed")
    if claimed is not None:
        _claim_step(b, claimed)
    return _within_claim(b, total)


def _within_claim(b: _Build, total: Decimal) -> Decimal:
    """The award never exceeds the claim."""
    claimed = b.facts.get("damages.claimed")
    if claimed is None:
        b.need("damages.claimed")
        b.note("权利人请求的数额未知；判赔数额不得超过权利人的请求。", "The amount claimed is not known; the award can never exceed it.")
        return total
    if total >= claimed:
        b.note(f"计算所得数额不低于权利人的请求，请求的 {display(claimed)} 元可以全额支持（判赔不超过请求）。",
               f"The amount computed is not below the claim: the CNY {display(claimed)} claimed can be granted in full (never more).")
    return cents(min(total, claimed))


def _joint(b: _Build) -> None:
    if not b.established("joint_liability"):
        return
    names = [n for n in [b.facts.get("parties.defendant.name"), *b.facts.get("parties.co_defendants", [])] if n]
    b.note(f"{'、'.join(names)}就共同侵权行为承担连带赔偿责任。",
           f"{', '.join(names)} are jointly and severally liable for the award, having infringed jointly.")


# --- the contract claim (seed 002 Art. 5(3)) -----------------------------------------------------


def contract_damages(facts: dict[str, Any], statuses: dict[str, str], knowledge) -> Computation | None:
    status = statuses.get("contract_claim")
    if status == NOT_ESTABLISHED or (status == UNDETERMINED and facts.get("damages.contract_damages_clause") is not True):
        return None
    b = _Build(facts, statuses, knowledge)
    if status == UNDETERMINED:
        b.note("违约请求能否成立尚无法确定：以下数额以其成立为前提。", "Whether the contract claim lies is not yet known: the figures are conditional on it.")
    amount = _contract_base(b)
    costs = facts.get("damages.reasonable_costs")
    if amount is not None and costs is not None:
        amount = b.step("加上调查费用（律师费、公证费、取证费）", "Plus investigation costs (lawyers, notary, evidence)", amount + costs,
                        (f"{display(amount)} + {display(costs)}", f"{display(amount)} + {display(costs)}"), ["civil.contract_damages"],
                        ["damages.reasonable_costs"])
    elif amount is not None:
        b.need("damages.reasonable_costs")
    award = _limit_to_claim(b, amount)
    b.note("权利人可以选择依保密协议追究违约责任，或依法律追究侵权责任，二者择一（协议第五条第3款第（4）项）。",
           "The holder chooses: liability under the agreement or liability in tort, not both (the agreement's Art. 5(3)(4)).")
    return Computation(
        id="contract_damages", topic="damages", title=pair("依保密协议计算的违约赔偿", "Damages under the confidentiality agreement"),
        steps=b.steps, result=award, result_label=pair("违约赔偿数额", "Contract damages"),
        missing=b.missing, notes=b.notes, basis=["civil.concurrence_contract_tort", "civil.contract_damages"])


def _contract_base(b: _Build) -> Decimal | None:
    """The agreement's order: (1) lost sales x unit profit; (2) else the other side's profit, or at least a licence fee."""
    f = b.facts
    if "damages.lost_sales_units" in f and "damages.unit_profit" in f:
        units, unit = f["damages.lost_sales_units"], f["damages.unit_profit"]
        return b.step("方法（1）：销量减少数 × 单位利润", "Method (1): lost sales x unit profit", cents(units * unit),
                      (f"{units} × {display(unit)}", f"{units} x {display(unit)}"), ["civil.contract_damages"],
                      ["damages.lost_sales_units", "damages.unit_profit"])
    profit = f.get("damages.infringer_profit_amount")
    fee = f.get("damages.licence_fee")
    if profit is not None:
        b.step("方法（2）：对方的全部获利", "Method (2): the other side's whole profit", profit, ("已查明的数额", "as found"),
               ["civil.contract_damages"], ["damages.infringer_profit_amount"])
    if fee is not None:
        b.step("方法（2）：不低于许可使用费", "Method (2): not less than a licence fee", fee, ("许可使用费", "the licence fee"),
               ["civil.contract_damages"], ["damages.licence_fee"])
    if profit is None and fee is None:
        b.need("damages.lost_sales_units", "damages.unit_profit", "damages.infringer_profit_amount", "damages.licence_fee")
        return None
    return max(v for v in (profit, fee) if v is not None)


COMPUTATIONS = [tort_damages, contract_damages]
