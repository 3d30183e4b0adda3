"""What a screening lawyer asks next: the time limit, injunction and preservation, the criminal signal,
the administrative fines and the employee's side, each on real facts (tests/remedies/, facts/)."""

from __future__ import annotations

import datetime as dt

import pytest

from engine.reason.casetests import coverage, find_case_files, load_case_test, run_case, run_cases
from engine.reason.evaluate import evaluate
from engine.load.facts import load_case
from engine.report.opinion import build_opinion
from engine.report.render import render

from .conftest import FACTS, ROOT

CASES = ROOT / "tests" / "remedies"
CASE_FILES = find_case_files(CASES)
NEW_RULESETS = ["limitation", "civil_remedies", "criminal_screening", "administrative_route"]
FOLDERS = ["limitation", "civil-remedies", "criminal", "administrative", "employee"]


@pytest.mark.parametrize("path", CASE_FILES, ids=[f"{p.parent.name}/{p.stem}" for p in CASE_FILES])
def test_case(knowledge, path):
    result = run_case(load_case_test(path, knowledge), knowledge)
    assert result.passed, "\n".join(str(m) for m in result.mismatches)


@pytest.mark.parametrize("folder", FOLDERS)
def test_each_rule_set_has_at_least_eight_cases(folder):
    assert len(find_case_files(CASES / folder)) >= 8


def test_every_new_rule_fires_and_fails_in_some_case(knowledge):
    cover = coverage(run_cases(CASES, knowledge), knowledge, NEW_RULESETS)
    assert cover.never_fired == [] and cover.never_failed == []


def _case(knowledge, folder: str, stem: str):
    return evaluate(load_case_test(CASES / folder / f"{stem}.yaml", knowledge).case, knowledge)


def _computation(evaluation, cid: str):
    return next(c for c in evaluation.computations if c.id == cid)


@pytest.mark.parametrize("stem, last_day", [
    ("02-sued-the-day-before-the-last-day", "2025-07-01"),  # known 2022-07-01: the corresponding day three years on
    ("06-demand-restarts-the-period", "2027-01-10"),  # restarted by the demand of 2024-01-10
    ("07-demand-after-the-period-ran", "2025-07-01"),  # a demand after the period ran restarts nothing
])
def test_the_last_day_to_sue(knowledge, stem, last_day):
    assert _computation(_case(knowledge, "limitation", stem), "limitation").result == last_day


def test_a_period_from_the_29th_of_february_ends_on_the_last_day_of_february(knowledge):
    case = load_case_test(CASES / "limitation" / "09-not-yet-sued-assessed.yaml", knowledge).case
    case.values["limitation.knew_on"] = dt.date(2024, 2, 29)
    case.values["limitation.assessed_on"] = dt.date(2027, 2, 28)
    evaluation = evaluate(case, knowledge)
    assert _computation(evaluation, "limitation").result == "2027-02-28"
    assert evaluation.status("limitation_period_expired") == "not_established"
    case.values["limitation.assessed_on"] = dt.date(2027, 3, 1)
    assert evaluate(case, knowledge).status("limitation_period_expired") == "established"


def test_no_clock_is_read_the_assessment_day_decides(knowledge):
    """The same file gives the same answer whatever day it is run: only the day of the assessment moves it."""
    case = load_case_test(CASES / "limitation" / "09-not-yet-sued-assessed.yaml", knowledge).case
    assert evaluate(case, knowledge).status("limitation_period_expired") == "not_established"
    del case.values["limitation.assessed_on"]
    evaluation = evaluate(case, knowledge)
    assert evaluation.status("limitation_period_expired") == "undetermined"
    assert "assessment" in _computation(evaluation, "limitation").notes[0]["en"]


@pytest.mark.parametrize("stem, ordinary, serious", [
    ("05-conduct-ends-2017-12-31-old-text", "10,000.00 – 200,000.00", None),
    ("06-conduct-ends-2018-01-01-new-text", "100,000.00 – 500,000.00", "500,000.00 – 3,000,000.00"),
    ("07-conduct-ends-2019-04-22", "100,000.00 – 500,000.00", "500,000.00 – 3,000,000.00"),
    ("08-conduct-ends-2019-04-23", "100,000.00 – 1,000,000.00", "500,000.00 – 5,000,000.00"),
])
def test_the_fine_range_follows_the_text_in_force_at_the_end_of_the_conduct(knowledge, stem, ordinary, serious):
    fines = _computation(_case(knowledge, "administrative", stem), "administrative_fines")
    assert [s.value for s in fines.steps] == [ordinary, serious]
    assert fines.result == (serious or ordinary)  # serious circumstances: the higher range where the text has one


def test_the_criminal_threshold_is_the_one_in_force_at_the_time_of_the_conduct(knowledge):
    in_2019 = _computation(_case(knowledge, "criminal", "07-conduct-2019-below-500000"), "criminal_screening")
    in_2022 = _computation(_case(knowledge, "criminal", "03-loss-exactly-300000"), "criminal_screening")
    threshold = {s.label["en"][:22]: s.value for s in in_2019.steps}
    assert str(threshold["figure for 'serious ci"]) == "500000"
    assert {str(s.value) for s in in_2022.steps if s.label["en"].startswith("figure for 'serious")} == {"300000"}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_li_memo_states_the_limitation_position_and_what_would_decide_the_criminal_signal(knowledge, lang):
    memo = render(build_opinion(evaluate(load_case(FACTS / "li-wine-sales.yaml", knowledge.vocabulary), knowledge)), "md", lang)
    conclusion = memo.split("## 六、结论" if lang == "zh" else "## 6. Conclusion")[1]
    if lang == "zh":
        assert "诉讼时效：起诉日（≤ 2024-09-10）不晚于诉讼时效期间最早可能届满之日（2025-04-07），起诉未超过诉讼时效" in conclusion
        assert "尚无已知的损失数额或违法所得数额" in conclusion and "300,000.00元以上" in conclusion
    else:
        assert "Time limit: The day the suit was filed (≤ 2024-09-10) is no later than the earliest day the period can " \
               "have ended (2025-04-07): the claim is in time." in conclusion
        assert "No figure of the holder's loss or the infringer's illegal gain is known" in conclusion
        assert "CNY 300,000.00" in conclusion
    assert "| ≥ 2025-04-07 |" in memo  # the last day of the three years, in the table of dates


def test_a_signal_is_never_an_accusation(knowledge):
    memo = render(build_opinion(_case(knowledge, "criminal", "05-gain-exactly-2500000")), "md", "en")
    assert "Screening signal" in memo and "makes no such finding" in memo
    for word in ("guilty", "the defendant committed", "constitutes a crime", "is a crime"):
        assert word not in memo


@pytest.mark.parametrize("lang, text", [
    ("zh", "劳动者即使可以摆脱竞业限制，仍须保守商业秘密"),
    ("en", "Even free of the non-compete, the employee must keep the secret"),
])
def test_where_both_are_filled_the_infringement_memo_says_the_unpaid_noncompete_leaves_the_secret_protected(knowledge, lang, text):
    memo = render(build_opinion(_case(knowledge, "employee", "09-infringement-and-unpaid-noncompete")), "md", lang)
    conclusion = memo.split("## 六、结论" if lang == "zh" else "## 6. Conclusion")[1]
    infringement_part = conclusion.split("**", 3)[2]  # the lines under the infringement headline
    assert text in infringement_part
