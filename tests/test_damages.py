"""Damages (issue 4): the statutory order of methods, punitive damages, the cap, costs, the claim,
and seed 001's computation reproduced to the cent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from engine.reason.calculators.damages import average_margin, part_year_revenue, prorate, punitive_start, whole_months
from engine.reason.evaluate import evaluate
from engine.report.render import render

from .conftest import REMOVE, evaluate_file, evaluate_variant, opinion_of

LI = "li-wine-sales.yaml"
# Li with the holder's loss unknown and a known profit of the infringer: the ordinary profit route.
PROFIT = {"damages.infringer_profit_determinable": REMOVE, "damages.infringer_profit_amount": "100000"}


def computation(evaluation, cid="damages"):
    return next(c for c in evaluation.computations if c.id == cid)


def step_value(comp, en_label: str):
    values = [s.value for s in comp.steps if s.label["en"] == en_label]
    assert values, f"no step {en_label!r} in {[s.label['en'] for s in comp.steps]}"
    return values[0]


def notes_en(comp) -> str:
    return "\n".join(n["en"] for n in comp.notes)


# --- the arithmetic of seed 001 ----------------------------------------------------------------


def test_part_year_revenue_as_the_seed_computes_it():
    # 9,710,121,856.35 - 2,269,044,480.65 - 9,710,121,856.35 / 12 = 6,631,900,554.3375 -> .34
    assert part_year_revenue(Decimal("9710121856.35"), 5, Decimal("2269044480.65")) == Decimal("6631900554.34")
    assert part_year_revenue(Decimal("1200"), 7) == Decimal("600.00")  # no Q1 figure: pro rata by months


def test_prorating_months_and_average_margin():
    assert prorate(Decimal("120000000"), 73, 56) == Decimal("92054794.52")
    assert whole_months(dt.date(2014, 4, 30), dt.date(2018, 12, 30)) == 56
    assert whole_months(dt.date(2014, 4, 30), dt.date(2020, 6, 10)) == 73
    assert average_margin([Decimal("0.30"), Decimal("0.32")]) == Decimal("0.31")


def test_melamine_figures_to_the_cent(knowledge):
    evaluation = evaluate_file(knowledge, "melamine.yaml")
    comp = computation(evaluation)
    assert step_value(comp, "2014 revenue, month 5 to December") == Decimal("6631900554.34")
    assert step_value(comp, "2014 revenue from the infringing product") == Decimal("132638011.09")
    assert step_value(comp, "Profit estimate: 按华鲁恒升公司有机胺毛利率") == Decimal("280000000")
    assert step_value(comp, "Profit estimate: 按四川美丰公司三聚氰胺毛利率") == Decimal("303000000")
    assert step_value(comp, "Lowest profit estimate") == Decimal("280000000")
    assert step_value(comp, "（2020）最高法知民终1559号 claim pro-rated") == Decimal("92054794.52")
    assert step_value(comp, "Related claims plus this claim (pro-rated)") == Decimal("205054794.52")
    assert step_value(comp, "Related claims plus this claim (not pro-rated)") == Decimal("233000000")
    assert "stay below the lowest profit estimate 280,000,000.00" in notes_en(comp)
    assert comp.result == Decimal("98000000.00")
    assert "华鲁恒升公司, 宁波厚承公司, 宁波设计院公司, 尹明大 are jointly and severally liable" in notes_en(comp)
    assert evaluation.status("method_infringer_profit") == "established"
    assert evaluation.status("joint_liability") == "established"
    # the seed is the damages part only: liability rests on the court's own finding of joint infringement
    assert evaluation.status("trade_secret") == "undetermined"
    assert evaluation.status("infringement") == evaluation.status("damages_liability") == "established"
    assert "conditional" not in notes_en(comp)
    # conduct 2014-2018: no punitive damages even though malice and serious circumstances are found
    assert evaluation.status("punitive_period") == "not_established"
    assert evaluation.status("punitive_damages") == "not_established"
    opinion = opinion_of(evaluation)
    assert opinion["damages"] == "98000000.00"
    assert "6,631,900,554.34" in render(opinion, "md", "en")


# --- the Li case: statutory damages within the cap, nothing invented -------------------------


def test_li_reaches_statutory_damages_within_the_cap(knowledge):
    evaluation = evaluate_file(knowledge, LI)
    assert evaluation.status("infringement") == "established"
    assert evaluation.status("method_statutory") == "established"
    assert evaluation.status("damages") == "established"
    comp = computation(evaluation)
    assert comp.result is None and opinion_of(evaluation)["damages"] is None  # no invented amount
    assert step_value(comp, "Statutory cap (2019 amendment)") == Decimal("5000000")
    assert step_value(comp, "Statutory cap (2025 revision) [UNVERIFIED]") == Decimal("5000000")
    assert step_value(comp, "Most the court may award (2019 amendment)") == Decimal("400000.00")
    labels = [s.label["en"] for s in comp.steps]
    for factor in ("Factor: the infringer's fault", "Factor: the manner of the infringement", "Factor: how long it lasted",
                   "Factor: its consequences", "Factor: the holder's reasonable costs"):
        assert factor in labels
    assert "CNY 400,000.00" in notes_en(comp)
    assert "400,000.00" in render(opinion_of(evaluation), "md", "zh")


# --- the cap and punitive damages by date ------------------------------------------------------


def _dated(start: str, end: str, extra: dict | None = None) -> dict:
    """Li, moved to other dates (measures and NDA in place before the conduct)."""
    changes = {"conduct.no_earlier_than": REMOVE, "conduct.started_on": start, "conduct.ended_on": end,
               "protection.in_place_by": "2017-06-01", "obligations.nda_signed_on": "2017-06-01",
               "employment.hired_on": "2017-06-01"}
    changes.update(extra or {})
    return changes


@pytest.mark.parametrize("year, cap, punitive", [("2018", Decimal("3000000"), "not_established"),
                                                 ("2020", Decimal("5000000"), "established")])
def test_cap_and_punitive_availability_by_date(knowledge, year, cap, punitive):
    statutory = evaluate_variant(knowledge, LI, _dated(f"{year}-03-01", f"{year}-09-01"))
    assert statutory.status("infringement") == "established"
    caps = [s.value for s in computation(statutory).steps if s.label["en"].startswith("Statutory cap")]
    assert caps == [cap]
    profit = evaluate_variant(knowledge, LI, _dated(f"{year}-03-01", f"{year}-09-01", dict(
        PROFIT, **{"damages.malicious": True, "damages.serious_circumstances": True, "damages.multiplier_requested": "3"})))
    assert profit.status("punitive_damages") == punitive
    expected = Decimal("300000.00") if punitive == "established" else Decimal("100000")
    assert computation(profit).result == expected


def test_punitive_date_comes_from_the_parameters(knowledge):
    assert punitive_start(knowledge) == dt.date(2019, 4, 23)


def test_conduct_straddling_the_amendment_leaves_punitive_damages_open(knowledge):
    evaluation = evaluate_variant(knowledge, LI, _dated("2018-03-01", "2020-09-01"))
    assert evaluation.status("punitive_period") == "undetermined"


def test_punitive_range_when_no_multiplier_is_asked(knowledge):
    evaluation = evaluate_variant(knowledge, LI, dict(PROFIT, **{"damages.malicious": True, "damages.serious_circumstances": True,
                                                                 "damages.claimed": "1000000"}))
    comp = computation(evaluation)
    assert evaluation.status("punitive_damages") == "established"
    assert step_value(comp, "At the lowest multiplier") == Decimal("100000.00")
    assert step_value(comp, "At the highest multiplier") == Decimal("500000.00")
    assert comp.result is None and "damages.multiplier_requested" in comp.missing


# --- the claim, costs, the other methods -------------------------------------------------------


def test_award_never_exceeds_the_claim(knowledge):
    evaluation = evaluate_variant(knowledge, LI, dict(PROFIT, **{"damages.infringer_profit_amount": "1000000"}))
    assert evaluation.status("method_infringer_profit") == "established"
    assert computation(evaluation).result == Decimal("400000.00")
    assert opinion_of(evaluation)["damages"] == "400000.00"


def test_licence_fee_case_adds_costs(knowledge):
    evaluation = evaluate_variant(knowledge, LI, {"damages.actual_loss_determinable": REMOVE, "damages.licence_fee": "150000",
                                                  "damages.reasonable_costs": "20000"})
    assert evaluation.status("method_actual_loss") == "established"
    assert evaluation.status("licence_fee_basis") == "established"
    assert evaluation.status("method_statutory") == "not_established"
    comp = computation(evaluation)
    assert step_value(comp, "Actual loss (by reference to the licence fee)") == Decimal("150000")
    assert comp.result == Decimal("170000.00")


def test_unknown_costs_are_asked_for_not_guessed(knowledge):
    evaluation = evaluate_variant(knowledge, LI, {"damages.actual_loss_determinable": REMOVE, "damages.licence_fee": "150000"})
    comp = computation(evaluation)
    assert comp.result == Decimal("150000.00") and "damages.reasonable_costs" in comp.missing


def test_secret_made_public_uses_its_commercial_value(knowledge):
    evaluation = evaluate_variant(knowledge, LI, {"damages.secret_made_public": True, "damages.commercial_value": "300000"})
    assert evaluation.status("method_commercial_value") == "established"
    comp = computation(evaluation)
    assert step_value(comp, "Commercial value of the secret") == Decimal("300000")
    assert comp.result == Decimal("300000.00")


def test_unknown_method_is_undetermined_with_its_questions(knowledge):
    evaluation = evaluate_variant(knowledge, LI, {"damages.actual_loss_determinable": REMOVE})
    assert evaluation.status("method_actual_loss") == "undetermined"
    assert evaluation.status("method_statutory") == "undetermined"
    assert "derived.actual_loss_determinable" in opinion_of(evaluation)["conclusions"]["method_statutory"]["missing"]


def test_no_infringement_no_damages(knowledge):
    evaluation = evaluate_variant(knowledge, LI, {"information.published": True, "information.compiled_from_public_information": False})
    assert evaluation.status("damages") == "not_established"
    assert not [c for c in evaluation.computations if c.id == "damages"]


def test_contract_claim_beside_the_tort_claim(knowledge):
    evaluation = evaluate_variant(knowledge, LI, {"damages.contract_damages_clause": True, "damages.licence_fee": "150000",
                                                  "damages.reasonable_costs": "20000"})
    assert evaluation.status("contract_claim") == "established"
    comp = computation(evaluation, "contract_damages")
    assert comp.result == Decimal("170000.00")
    assert "chooses" in notes_en(comp)


# --- the claim against the cap, whatever figures and dates there are ----------------------------

TEST_FACTS = Path(__file__).resolve().parent / "facts"


def evaluate_test_file(knowledge, name, changes: dict | None = None):
    """A facts file of tests/facts/, optionally with some top-level sections' facts changed."""
    from engine.load.facts import case_from_text

    data = yaml.safe_load((TEST_FACTS / name).read_text(encoding="utf-8"))
    for path, value in (changes or {}).items():
        section, field = path.split(".", 1)
        data.setdefault(section, {})[field] = value
    return evaluate(case_from_text(yaml.safe_dump(data, allow_unicode=True), name, knowledge.vocabulary), knowledge)


def steps_en(comp) -> dict:
    return {s.label["en"]: (s.value, s.formula["en"] if s.formula else None) for s in comp.steps}


def test_a_claim_with_no_figures_and_no_dates_shows_the_claim_against_every_possible_cap(knowledge):
    evaluation = evaluate_test_file(knowledge, "claim-only.yaml")
    assert evaluation.status("method_statutory") == "undetermined"  # no figure says whether loss or profit is known
    assert "derived.conduct_latest" not in evaluation.facts
    comp = computation(evaluation)
    steps = steps_en(comp)
    assert steps["Amount the holder claims"] == (Decimal("300000.00"), "as claimed")
    assert steps["Statutory cap (1993 text)"] == (None, "the text in force from 1993-12-01 sets no cap")
    assert steps["Statutory cap (2017 revision)"] == (Decimal("3000000"), "in force from 2018-01-01; the limit if statutory damages apply")
    assert steps["Statutory cap (2019 amendment)"][0] == Decimal("5000000")
    assert steps["Statutory cap (2025 revision) [UNVERIFIED]"][0] == Decimal("5000000")
    assert steps["Most a statutory award could be (2017 revision)"][0] == Decimal("300000.00")
    assert "the dates decide" in notes_en(comp)
    assert "derived.aucl_versions" in comp.missing  # the dates are asked for
    assert comp.result is None  # nothing invented
    opinion = opinion_of(evaluation)
    en, zh = render(opinion, "md", "en"), render(opinion, "md", "zh")
    assert "| Amount the holder claims | as claimed | 300,000.00 |" in en
    assert "| Statutory cap (2017 revision) | in force from 2018-01-01; the limit if statutory damages apply" in en
    assert "| Statutory cap (1993 text) | the text in force from 1993-12-01 sets no cap (AUCL (1993 text) Art. 20) |  |" in en
    assert "| 权利人请求的数额 | 诉讼请求 | 300,000.00 |" in zh
    assert "| 法定赔偿上限（2019年修正） | 自2019-04-23起施行；适用法定赔偿时的上限" in zh
    assert "由行为日期决定" in zh


def test_nothing_but_the_dates_of_the_claim_shows_the_cap_in_force_then(knowledge):
    evaluation = evaluate_test_file(knowledge, "claim-dates-only.yaml")
    opinion = opinion_of(evaluation)
    assert opinion["scope"] == ["damages"]
    comp = computation(evaluation)
    caps = {label: value for label, (value, _) in steps_en(comp).items() if label.startswith("Statutory cap")}
    assert caps == {"Statutory cap (2017 revision)": Decimal("3000000")}  # 2018: the 2017 revision's cap
    assert "Amount the holder claims" not in steps_en(comp) and "damages.claimed" in comp.missing
    assert "the dates decide" not in notes_en(comp)
    en, zh = render(opinion, "md", "en"), render(opinion, "md", "zh")
    assert "| Statutory cap (2017 revision) | in force from 2018-01-01; the limit if statutory damages apply " \
           "(AUCL (2017 revision) Art. 17(4)) | 3,000,000.00 |" in en
    assert "How much does the holder claim?" in en and "权利人请求赔偿多少？" in zh
    assert "| 法定赔偿上限（2017年修订） | 自2018-01-01起施行" in zh


def test_conduct_continuing_past_the_2019_amendment_takes_its_cap(knowledge):
    # SPC Provisions Art. 28: conduct that continued past an amendment is judged by the amended law.
    evaluation = evaluate_test_file(knowledge, "claim-dates-only.yaml", {"damages.period_end": dt.date(2019, 6, 30)})
    caps = {label: value for label, (value, _) in steps_en(computation(evaluation)).items() if label.startswith("Statutory cap")}
    assert caps == {"Statutory cap (2019 amendment)": Decimal("5000000")}


def test_a_profit_award_still_shows_the_claim_and_a_cap_that_does_not_bind_it(knowledge):
    comp = computation(evaluate_file(knowledge, "melamine.yaml"))
    steps = steps_en(comp)
    assert [s.label["en"] for s in comp.steps][:2] == ["Amount the holder claims", "Statutory cap (2017 revision)"]
    assert steps["Amount the holder claims"][0] == Decimal("98000000")
    assert steps["Statutory cap (2017 revision)"] == (
        Decimal("3000000"), "in force from 2018-01-01; binds statutory damages only, which do not apply here")
    assert not [label for label in steps if label.startswith("Most")]
    assert comp.result == Decimal("98000000.00")  # the cap does not limit a profit award
