"""The money of a non-compete, in Decimal: the compensation floor, totals, arrears, bounds.

Sources: SPC Labour Interpretation (I) Arts. 36, 38, 39 (binding), the MOHRSS
guideline (30% / 50%, 5x, 1 month: not binding), Labor Contract Law Art. 24 (the
two-year maximum). Figures come from rules/parameters/labour.yaml by date.

Month arithmetic: the restriction runs from its first day; month k of the term is
due on the same calendar day k months later (clamped to the month's end), which is
also how the end of a term of N months is found (the starting day is not counted,
so a two-year term from 2024-03-01 ends on 2026-03-01 and is exactly two years).
Nothing is rounded here; the opinion rounds for display only.
"""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal
from typing import Any

from ...logic import ESTABLISHED
from ...money import display
from . import Computation, Step, pair

NC = "agreement.noncompete."
COMP = "agreement.compensation."
PERF = "agreement.performance."
WAGE, MINIMUM = "employment.average_monthly_wage", "employment.local_minimum_wage"
TOPIC = "agreement"


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# --- parameters --------------------------------------------------------------------------------


def reference_date(values: dict[str, Any]) -> dt.date | None:
    """The day the binding figures are read on: the restriction's first day, else the day the employee left."""
    return values.get(NC + "starts_on") or values.get("employment.left_on")


def binding_figure(knowledge, name: str, values: dict[str, Any]) -> Decimal | None:
    """A figure of the law in force on the reference day; if that day is unknown, the figure only if it never changed."""
    parameter = knowledge.parameters[name]
    periods = parameter.between(reference_date(values), reference_date(values))
    found = {p.value for p in periods}
    return found.pop() if len(found) == 1 else None


def guideline_figure(knowledge, name: str) -> Decimal | None:
    """The guideline's current figure: a non-binding reference standard, applied whatever the agreement's date."""
    periods = knowledge.parameters[name].periods
    return periods[-1].value if periods else None


# --- derivations (before the rules) --------------------------------------------------------------


def _ends_on(values, knowledge):
    if values.get(NC + "ends_on"):
        return values[NC + "ends_on"]
    start, months = reference_date(values), values.get(NC + "term_months")
    return add_months(start, months) if start and months is not None else None


def _term_months(values, knowledge):
    if values.get(NC + "term_months") is not None:
        return values[NC + "term_months"]
    start, end = reference_date(values), values.get("derived.nc_ends_on")
    if not start or not end:
        return None
    months = (end.year - start.year) * 12 + end.month - start.month
    return months if add_months(start, months) == end else None  # only a whole number of months


def _term_vs_maximum(values, knowledge):
    start, end = reference_date(values), values.get("derived.nc_ends_on")
    maximum = binding_figure(knowledge, "labour.noncompete_max_term_months", values)
    if not start or not end or maximum is None:
        return None
    limit = add_months(start, int(maximum))
    return "within" if end < limit else "at_maximum" if end == limit else "beyond"


def _term_over_one_year(values, knowledge):
    start, end = reference_date(values), values.get("derived.nc_ends_on")
    threshold = guideline_figure(knowledge, "guideline.noncompete_long_term_months")
    if not start or not end or threshold is None:
        return None
    return end > add_months(start, int(threshold))


def _agreed_monthly(values, knowledge):
    basis = values.get(COMP + "basis")
    if basis == "amount":
        return values.get(COMP + "monthly_amount")
    if basis == "percentage" and values.get(COMP + "percentage") is not None and values.get(WAGE) is not None:
        return values[COMP + "percentage"] * values[WAGE]
    return None


def _floor(values, ratio):
    if ratio is None or values.get(WAGE) is None or values.get(MINIMUM) is None:
        return None
    return max(ratio * values[WAGE], values[MINIMUM])


def _statutory_floor(values, knowledge):
    return _floor(values, binding_figure(knowledge, "labour.noncompete_compensation_ratio", values))


def _guideline_floor(values, knowledge):
    longer = values.get("derived.nc_term_over_one_year")
    if longer is None:
        return None
    name = "guideline.noncompete_long_term_ratio" if longer else "labour.noncompete_compensation_ratio"
    ratio = guideline_figure(knowledge, name) if longer else binding_figure(knowledge, name, values)
    return _floor(values, ratio)


def _monthly_owed(values, knowledge):
    """What each month is owed: the agreed amount, raised to the floor when none or too little was agreed."""
    floor, agreed = values.get("derived.nc_statutory_floor"), values.get("derived.nc_agreed_monthly")
    if values.get(COMP + "basis") in ("none", "unnamed_regulation"):
        return floor
    if agreed is None or floor is None:
        return None
    return max(agreed, floor)


def months_due(values) -> list[tuple[int, dt.date]] | None:
    """(month of the term, day it fell due) for every month due by the assessment day."""
    start, as_of = reference_date(values), values.get(PERF + "as_of")
    if not start or not as_of:
        return None
    term = values.get("derived.nc_term_months")
    out, k = [], 1
    while add_months(start, k) <= as_of and (term is None or k <= term):
        out.append((k, add_months(start, k)))
        k += 1
    return out


def paid_by_month(values) -> dict[int, Decimal] | None:
    payments = values.get(PERF + "payments")
    if payments is None:
        return None
    paid: dict[int, Decimal] = {}
    for item in payments:
        if "month" in item:
            paid[item["month"]] = paid.get(item["month"], Decimal(0)) + item.get("amount", Decimal(0))
    return paid


def _months_unpaid(values, knowledge):
    due, paid = months_due(values), paid_by_month(values)
    if due is None or paid is None:
        return None
    return sum(1 for k, _ in due if paid.get(k, Decimal(0)) == 0)


def _unpaid_months_reached(values, knowledge):
    unpaid = values.get("derived.nc_months_unpaid")
    months = binding_figure(knowledge, "labour.noncompete_release_unpaid_months", values)
    return None if unpaid is None or months is None else unpaid >= months


def _overdue_over_one_month(values, knowledge):
    due, paid = months_due(values), paid_by_month(values)
    owed, as_of = values.get("derived.nc_monthly_owed"), values.get(PERF + "as_of")
    months = guideline_figure(knowledge, "guideline.noncompete_overdue_months")
    if due is None or paid is None or months is None:
        return None
    late = [k for k, day in due if add_months(day, int(months)) < as_of]
    if any(paid.get(k, Decimal(0)) == 0 for k in late):
        return True
    if owed is None:
        return None  # some months were paid in part: short or not turns on the amount owed
    return any(paid.get(k, Decimal(0)) < owed for k in late)


def term_total(values) -> Decimal | None:
    """The compensation owed over the whole term: monthly owed x months."""
    owed, months = values.get("derived.nc_monthly_owed"), values.get("derived.nc_term_months")
    return owed * months if owed is not None and months is not None else None


def _ld_guideline_cap(values, knowledge):
    total = term_total(values)
    multiple = guideline_figure(knowledge, "guideline.noncompete_ld_multiple")
    return None if total is None or multiple is None else multiple * total


DERIVATIONS = {
    "derived.nc_ends_on": _ends_on,
    "derived.nc_term_months": _term_months,
    "derived.nc_term_vs_maximum": _term_vs_maximum,
    "derived.nc_term_over_one_year": _term_over_one_year,
    "derived.nc_agreed_monthly": _agreed_monthly,
    "derived.nc_statutory_floor": _statutory_floor,
    "derived.nc_guideline_floor": _guideline_floor,
    "derived.nc_monthly_owed": _monthly_owed,
    "derived.nc_months_unpaid": _months_unpaid,
    "derived.nc_unpaid_months_reached": _unpaid_months_reached,
    "derived.nc_overdue_over_one_month": _overdue_over_one_month,
    "derived.nc_ld_guideline_cap": _ld_guideline_cap,
}


# --- computations (after the rules; shown in the opinion) ----------------------------------------


def _has_noncompete(facts) -> bool:
    return facts.get(NC + "agreed") is True


def _shown(amount: Decimal | None) -> str:
    return "?" if amount is None else display(amount)


def _share(ratio: Decimal | None) -> str:
    return "?" if ratio is None else f"{ratio:.0%}"


def _floor_step(ratio: Decimal | None, wage: Decimal | None) -> Step:
    """The ratio floor of the wage; the ratio comes from the dated parameters, so the labels show it too."""
    share = _share(ratio)
    amount = ratio * wage if ratio is not None and wage is not None else None
    return Step(pair(f"月平均工资的{share}", f"{share} of that wage"), amount,
                pair(f"{_shown(wage)} × {share}", f"{_shown(wage)} × {share}"), ["spc_labour1.art36_compensation_floor"], [WAGE])


def compensation(facts, statuses, knowledge) -> Computation | None:
    """Minimum monthly compensation and the total over the term."""
    if not _has_noncompete(facts):
        return None
    ratio = binding_figure(knowledge, "labour.noncompete_compensation_ratio", facts)
    wage, minimum = facts.get(WAGE), facts.get(MINIMUM)
    steps = [
        Step(pair("前十二个月月平均工资", "Average monthly wage, last 12 months"), wage, facts=[WAGE]),
        _floor_step(ratio, wage),
        Step(pair("当地月最低工资标准", "Local monthly minimum wage"), minimum, facts=[MINIMUM]),
        Step(pair("司法解释确定的月补偿下限（取较高者）", "Monthly floor under the SPC interpretation (the higher)"),
             facts.get("derived.nc_statutory_floor"),
             pair(f"max({_share(ratio)}工资, 最低工资)", f"max({_share(ratio)} of wage, minimum wage)"),
             ["spc_labour1.art36_compensation_floor"]),
    ]
    if facts.get("derived.nc_term_over_one_year"):
        steps.append(Step(pair("指引建议的月补偿下限（期限超过一年：50%）", "Guideline floor (term over a year: 50%)"),
                          facts.get("derived.nc_guideline_floor"), pair("max(50%工资, 最低工资)", "max(50% of wage, minimum wage)"),
                          ["mohrss_nc.compensation"]))
    steps.append(Step(pair("约定的月补偿", "Agreed monthly compensation"), facts.get("derived.nc_agreed_monthly"),
                      pair("按协议", "as agreed"), facts=[COMP + "basis"]))
    owed, months = facts.get("derived.nc_monthly_owed"), facts.get("derived.nc_term_months")
    steps.append(Step(pair("每月应付补偿", "Compensation owed each month"), owed,
                      pair("约定额，未约定或低于下限的按下限", "the agreed amount, or the floor where none or less was agreed"),
                      ["spc_labour1.art36_compensation_floor"]))
    steps.append(Step(pair("竞业限制期限（月）", "Term (months)"), None if months is None else str(months),
                      facts=[NC + "term_months"]))
    total = term_total(facts)
    missing = [p for p, v in ((WAGE, wage), (MINIMUM, minimum), (NC + "term_months", months)) if v is None]
    return Computation("noncompete_compensation", TOPIC, pair("竞业限制经济补偿", "Non-compete compensation"), steps,
                       total, pair("期限内补偿总额", "Total over the term"), missing,
                       basis=["spc_labour1.art36_compensation_floor", "lcl.art23_noncompete_compensation"])


def liquidated_damages_bound(facts, statuses, knowledge) -> Computation | None:
    if not _has_noncompete(facts) or facts.get("agreement.liquidated_damages.for_noncompete_breach") is not True:
        return None
    multiple = guideline_figure(knowledge, "guideline.noncompete_ld_multiple")
    total = term_total(facts)
    steps = [
        Step(pair("期限内补偿总额", "Total compensation over the term"), total,
             pair("每月应付补偿 × 期限月数", "monthly compensation × months")),
        Step(pair("指引建议的倍数", "Guideline multiple"), None if multiple is None else str(multiple),
             basis=["mohrss_nc.liquidated_damages"]),
        Step(pair("约定的违约金", "Liquidated damages agreed"), facts.get("agreement.liquidated_damages.noncompete_amount"),
             facts=["agreement.liquidated_damages.noncompete_amount"]),
    ]
    notes = [pair("指引（不具有约束力）：违约金一般不宜超过约定补偿总额的5倍。", "Guideline (not binding): liquidated damages should generally not exceed 5 times the total compensation.")]
    return Computation("noncompete_ld_bound", TOPIC, pair("竞业限制违约金的参考上限", "Reference bound on non-compete liquidated damages"),
                       steps, facts.get("derived.nc_ld_guideline_cap"), pair("参考上限", "Reference bound"),
                       [] if total is not None else ["derived.nc_monthly_owed"], notes, ["mohrss_nc.liquidated_damages"])


def arrears(facts, statuses, knowledge) -> Computation | None:
    """Compensation owed and not paid by the assessment day."""
    if not _has_noncompete(facts) or PERF + "payments" not in facts:
        return None
    due, paid, owed = months_due(facts), paid_by_month(facts) or {}, facts.get("derived.nc_monthly_owed")
    if due is None:
        return Computation("noncompete_arrears", TOPIC, pair("拖欠的竞业限制补偿", "Compensation in arrears"), [], None,
                           missing=[p for p in (NC + "starts_on", PERF + "as_of") if p not in facts])
    steps, total = [], Decimal(0) if owed is not None else None
    for k, day in due:
        got = paid.get(k, Decimal(0))
        short = None if owed is None else max(owed - got, Decimal(0))
        steps.append(Step(pair(f"第{k}个月（{day}到期）", f"Month {k} (due {day})"), short,
                          pair(f"应付 {_shown(owed)} − 已付 {display(got)}", f"owed {_shown(owed)} − paid {display(got)}")))
        total = None if total is None or short is None else total + short
    return Computation("noncompete_arrears", TOPIC, pair(f"截至{facts[PERF + 'as_of']}拖欠的补偿", f"Compensation in arrears at {facts[PERF + 'as_of']}"),
                       steps, total, pair("拖欠合计", "Total in arrears"), [] if owed is not None else [WAGE, MINIMUM],
                       basis=["lcl.art23_noncompete_compensation"])


def rescission_extra(facts, statuses, knowledge) -> Computation | None:
    """Interpretation (I) Art. 39: the employer that rescinds pays three more months."""
    if statuses.get("employer_rescission_extra") != ESTABLISHED:
        return None
    months = binding_figure(knowledge, "labour.noncompete_rescission_extra_months", facts)
    owed = facts.get("derived.nc_monthly_owed")
    result = owed * months if owed is not None and months is not None else None
    steps = [Step(pair("每月应付补偿", "Compensation owed each month"), owed),
             Step(pair("额外补偿月数", "Extra months"), None if months is None else str(months),
                  basis=["spc_labour1.art39_employer_rescission"])]
    return Computation("noncompete_rescission_extra", TOPIC, pair("用人单位解除时的额外补偿", "Extra compensation on the employer's rescission"),
                       steps, result, pair("额外补偿", "Extra compensation"), [] if result is not None else [WAGE, MINIMUM],
                       basis=["spc_labour1.art39_employer_rescission"])


def compensation_to_return(facts, statuses, knowledge) -> Computation | None:
    """Interpretation (II) Art. 15: a breaching employee returns what was paid."""
    if statuses.get("return_compensation") != ESTABLISHED:
        return None
    paid = paid_by_month(facts)
    result = sum(paid.values(), Decimal(0)) if paid is not None else None
    steps = [Step(pair(f"第{k}个月已付", f"Paid for month {k}"), v) for k, v in sorted((paid or {}).items())]
    return Computation("noncompete_return", TOPIC, pair("应返还的经济补偿", "Compensation to be returned"), steps, result,
                       pair("返还合计", "Total to return"), [] if paid is not None else [PERF + "payments"],
                       basis=["spc_labour2.art15_return_compensation"])


COMPUTATIONS = [compensation, liquidated_damages_bound, arrears, rescission_extra, compensation_to_return]
