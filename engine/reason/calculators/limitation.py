"""The time limit for suing (Civil Code Arts. 188, 195, 201-203), in ISO dates.

The period is three years from the day the holder knew or should have known of the
infringement and of the infringer; a demand, the infringer's agreement to perform or
a step of the same effect restarts it (Art. 195); twenty years after the harm no
protection is given (Art. 188(2)). A period counted in years starts the day after
the event and ends on the corresponding day of its last month (Arts. 201, 202), the
same day-of-month arithmetic as the non-compete term (noncompete.add_months).

Every date may be known only within bounds (the holder cannot have known before the
conduct began; a suit reported on a day was filed no later than that day), so each
conclusion is computed from the bounds and stays open where they straddle the last
day. The day the question is asked about is the day of the suit or of the
assessment, both facts of the file: nothing here reads the clock.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from . import Computation, Step, pair
from .noncompete import add_months

L = "limitation."
TOPIC = "infringement"
PERIOD_MONTHS = 36  # Civil Code Art. 188(1): three years
LONG_STOP_MONTHS = 240  # Civil Code Art. 188(2): twenty years


def _latest(*days: dt.date | None) -> dt.date | None:
    known = [d for d in days if d is not None]
    return max(known) if known else None


@dataclass
class Period:
    """The limitation dates the facts allow, each as bounds (lo, hi); None where not known."""

    knew_lo: dt.date | None
    knew_hi: dt.date | None
    interruption: dt.date | None
    interruption_counts: bool | None  # it restarts the period only if it came before the period ran out
    start_lo: dt.date | None
    start_hi: dt.date | None
    ends_lo: dt.date | None  # the period cannot end before this day
    ends_hi: dt.date | None  # ... nor after this one
    ref_lo: dt.date | None  # the day of the suit (or of the assessment), its bounds
    ref_hi: dt.date | None
    sued: bool  # the reference day is the suit's, not an assessment's

    @property
    def last_day(self) -> dt.date | None:
        return self.ends_lo if self.ends_lo is not None and self.ends_lo == self.ends_hi else None


def period(values: dict[str, Any]) -> Period:
    earliest_act = values.get("derived.conduct_earliest")
    knew = values.get(L + "knew_on")
    knew_lo = knew or _latest(values.get(L + "knew_no_earlier_than"), earliest_act)
    knew_hi = knew or values.get(L + "knew_no_later_than")
    interruption = values.get(L + "interrupted_on")
    counts = None
    if interruption is not None:
        if knew_lo is not None and interruption <= add_months(knew_lo, PERIOD_MONTHS):
            counts = True
        elif knew_hi is not None and interruption > add_months(knew_hi, PERIOD_MONTHS):
            counts = False
    # An interruption that counts restarts the period; one that may count can only make the start later.
    start_lo = _latest(knew_lo, interruption) if counts else knew_lo
    start_hi = knew_hi if knew_hi is None or counts is False else _latest(knew_hi, interruption)
    sued_on, sued_by = values.get(L + "sued_on"), values.get(L + "sued_no_later_than")
    assessed = values.get(L + "assessed_on")
    sued = sued_on is not None or sued_by is not None
    ref_lo = sued_on if sued else assessed
    ref_hi = sued_on or sued_by if sued else assessed
    return Period(knew_lo, knew_hi, interruption, counts, start_lo, start_hi,
                  add_months(start_lo, PERIOD_MONTHS) if start_lo else None,
                  add_months(start_hi, PERIOD_MONTHS) if start_hi else None, ref_lo, ref_hi, sued)


# --- derivations (before the rules) --------------------------------------------------------------


def _expired(values, knowledge) -> bool | None:
    """Whether the three years had run by the day of the suit (or of the assessment)."""
    p = period(values)
    if p.ref_lo is not None and p.ends_hi is not None and p.ref_lo > p.ends_hi:
        return True
    if p.ref_hi is not None and p.ends_lo is not None and p.ref_hi <= p.ends_lo:
        return False
    return None


def _long_stop_passed(values, knowledge) -> bool | None:
    """Twenty years from the harm: from the last act, for conduct that went on (every act harms anew)."""
    p = period(values)
    lo, hi = _last_act_bounds(values)
    if p.ref_lo is not None and hi is not None and p.ref_lo > add_months(hi, LONG_STOP_MONTHS):
        return True
    if p.ref_hi is not None and lo is not None and p.ref_hi <= add_months(lo, LONG_STOP_MONTHS):
        return False
    return None


def _last_act_bounds(values) -> tuple[dt.date | None, dt.date | None]:
    """The last act of the conduct lies on or after lo and on or before hi."""
    ended = values.get("conduct.ended_on")
    lo = ended or _latest(values.get("conduct.continuing_after"), values.get("derived.conduct_earliest"))
    hi = ended or values.get("conduct.no_later_than")
    return lo, hi


def _acts_within_three_years(values, knowledge) -> bool | None:
    """Whether the conduct went on within the three years before the suit (or the assessment)."""
    p = period(values)
    lo, hi = _last_act_bounds(values)
    if p.ref_hi is not None and lo is not None and add_months(lo, PERIOD_MONTHS) >= p.ref_hi:
        return True
    if p.ref_lo is not None and hi is not None and add_months(hi, PERIOD_MONTHS) < p.ref_lo:
        return False
    return None


DERIVATIONS = {
    "derived.limitation_expired": _expired,
    "derived.limitation_long_stop_passed": _long_stop_passed,
    "derived.acts_within_three_years": _acts_within_three_years,
}


# --- the computation (after the rules): the dates, step by step -------------------------------------


def _day(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _bounds(lo: dt.date | None, hi: dt.date | None) -> str | None:
    """One day, or the bounds the facts leave ("2022-04-07 – 2022-09-30", "≥ 2022-04-07")."""
    if lo is not None and lo == hi:
        return lo.isoformat()
    if lo is not None and hi is not None:
        return f"{lo.isoformat()} – {hi.isoformat()}"
    if lo is not None:
        return f"≥ {lo.isoformat()}"
    if hi is not None:
        return f"≤ {hi.isoformat()}"
    return None


def _position(p: Period, expired: bool | None) -> dict[str, str]:
    """The limitation position in one sentence, with the dates that decide it."""
    ref = _bounds(p.ref_lo, p.ref_hi)
    what_zh, what_en = ("起诉", "the suit was filed") if p.sued else ("评估", "the day of this assessment")
    if expired is False and p.last_day and not p.sued:
        return pair(f"截至评估日{ref}，诉讼时效期间尚未届满：最后起诉日为{p.last_day}（如该日为法定休假日，顺延至休假日结束的次日）。",
                    f"On the day of this assessment ({ref}) the period is still running: the last day to sue is {p.last_day} "
                    "(if that is a statutory holiday, the day after the holiday).")
    if expired is False:
        end = p.last_day or p.ends_lo
        return pair(f"{what_zh}日（{ref}）不晚于诉讼时效期间最早可能届满之日（{end}），起诉未超过诉讼时效。",
                    f"The day {what_en} ({ref}) is no later than the earliest day the period can have ended ({end}): "
                    "the claim is in time.")
    if expired is True:
        end = p.last_day or p.ends_hi
        return pair(f"诉讼时效期间最晚已于{end}届满，{what_zh}日为{ref}：期间已经届满（被告提出抗辩的，可以拒绝履行，持续侵权的除外）。",
                    f"The period ended on {end} at the latest and {what_en} on {ref}: it has run (if the defendant pleads it, "
                    "it may refuse to perform, save for conduct that went on within the last three years).")
    if p.ref_lo is None and p.ref_hi is None:
        return pair("尚不能判断诉讼时效：需要起诉日期，尚未起诉的需要评估日期。",
                    "Limitation cannot be judged yet: it needs the day of the suit, or, if none has been filed, the day of the assessment.")
    return pair("尚不能判断诉讼时效是否届满：取决于权利人知道或者应当知道侵权及侵权人的日期（或其最早、最晚可能日期）。",
                "Whether the period has run cannot be told yet: it turns on the day the holder knew or should have known "
                "of the infringement and the infringer (or the earliest and latest it can have been).")


def limitation(facts, statuses, knowledge) -> Computation:
    """The last day to sue, or that the period has run, with the dates that decide it."""
    p = period(facts)
    steps = [
        Step(pair("知道或者应当知道侵权及侵权人之日", "Day the holder knew or should have known"), _bounds(p.knew_lo, p.knew_hi),
             pair("已知日期，或其最早（不早于行为开始）、最晚可能日期", "the day, or the earliest (not before the conduct began) and latest it can be"),
             basis=["civil.limitation_three_years"],
             facts=[L + "knew_on", L + "knew_no_earlier_than", L + "knew_no_later_than", "derived.conduct_earliest"]),
    ]
    if p.interruption is not None:
        effect = {True: pair("期间内提出，期间重新计算", "within the period: it starts again"),
                  False: pair("期间届满后提出，不再中断", "after the period ran out: no interruption"),
                  None: pair("是否在期间内提出尚不能确定", "whether it came within the period is not known")}[p.interruption_counts]
        steps.append(Step(pair("诉讼时效中断之日", "Day the period was interrupted"), _day(p.interruption), effect,
                          basis=["civil.limitation_interruption"], facts=[L + "interrupted_on"]))
    steps += [
        Step(pair("期间的起算（次日开始计算）", "The period runs from the day after"), _bounds(p.start_lo, p.start_hi),
             pair("知道之日与有效中断之日中较晚者", "the later of that day and an interruption that counts"),
             basis=["civil.period_computation"]),
        Step(pair("三年期间的最后一日", "Last day of the three years"), _bounds(p.ends_lo, p.ends_hi),
             pair("起算日加三年，到期月的对应日", "three years on, the corresponding day of the month"),
             basis=["civil.limitation_three_years", "civil.period_end"]),
        Step(pair("起诉之日" if p.sued else "评估之日", "Day of the suit" if p.sued else "Day of the assessment"),
             _bounds(p.ref_lo, p.ref_hi), pair("与最后一日比较", "compared with the last day"),
             facts=[L + "sued_on", L + "sued_no_later_than", L + "assessed_on"]),
    ]
    lo, hi = _last_act_bounds(facts)
    if lo is not None or hi is not None:
        steps.append(Step(pair("二十年最长期间的最后一日（自最后一次行为起算）", "Last day of the twenty-year long-stop (from the last act)"),
                          _bounds(*(add_months(d, LONG_STOP_MONTHS) if d else None for d in (lo, hi))),
                          pair("最后一次侵权行为之日加二十年", "twenty years from the last act"),
                          basis=["civil.limitation_long_stop"], facts=["conduct.ended_on", "conduct.continuing_after", "derived.conduct_earliest"]))
    notes = [_position(p, facts.get("derived.limitation_expired"))]
    if facts.get("derived.acts_within_three_years") and facts.get("derived.limitation_expired") is not False:
        notes.append(pair("行为在起诉（评估）前三年内仍有发生：即使期间自最初知道之日起已经届满，仍可请求停止侵害，赔偿自起诉之日向前推算三年。",
                          "The conduct went on within the three years before the suit (or the assessment): even if the period from "
                          "first knowledge has run, the holder may still have it stopped, with damages counted back three years."))
    return Computation("limitation", TOPIC, pair("诉讼时效：最后起诉日", "Time limit: the last day to sue"), steps,
                       _day(p.last_day), pair("最后起诉日", "Last day to sue"), [], notes,
                       ["civil.limitation_three_years", "civil.limitation_interruption"])


COMPUTATIONS = [limitation]
