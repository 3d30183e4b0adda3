"""The two readings: `status` (what the facts entered establish) and `outcome` (who wins if nothing more is proved)."""

from __future__ import annotations

import json
import shutil

import pytest

from engine import cli
from engine.reason.casetests import find_case_files, load_case_test
from engine.reason.evaluate import evaluate
from engine.report.opinion import build_opinion
from engine.report.render import render
from engine.report.tree import derivation_tree
from tests.conftest import REMOVE, ROOT, evaluate_file, evaluate_variant, opinion_of

LI = "li-wine-sales.yaml"
SCENARIOS = sorted((ROOT / "tests" / "cases").glob("*.yaml"))
HEADLINES = ("trade_secret", "misappropriation", "infringement", "damages")


def _all_evaluations(knowledge):
    for path in sorted((ROOT / "facts").glob("*.yaml")):
        yield path.name, evaluate_file(knowledge, path.name)
    judgments = ROOT / "tests" / "judgments"
    for path in SCENARIOS + (find_case_files(judgments) if judgments.is_dir() else []):
        yield path.name, evaluate(load_case_test(path, knowledge).case, knowledge)


def test_an_outcome_is_two_valued_and_never_contradicts_a_decided_status(knowledge):
    for name, evaluation in _all_evaluations(knowledge):
        for cid, conclusion in evaluation.conclusions.items():
            assert conclusion.outcome in ("established", "not_established"), (name, cid)
            if conclusion.status != "undetermined":
                assert conclusion.outcome == conclusion.status, (name, cid)
                assert evaluation.resolved_by_burden(cid) == [], (name, cid)


def test_an_undetermined_outcome_names_the_facts_it_took_and_against_whom(knowledge):
    evaluation = evaluate_variant(knowledge, LI, {"conduct.relied_on_general_skill": REMOVE})
    assert evaluation.status("infringement") == "undetermined"
    assert evaluation.outcome("infringement") == "established"  # the defendant must prove general skill
    taken = evaluation.resolved_by_burden("infringement")
    assert [(r.path, r.value, r.party) for r in taken] == [("conduct.relied_on_general_skill", False, "defendant")]


def test_the_art_32_1_shift_decides_who_loses_an_unproved_public_channel(knowledge):
    # 2019 law: measures shown and infringement indicated, so the defendant must prove the list was public.
    shifted = evaluate_variant(knowledge, LI, {"information.obtainable_from_public_channels": REMOVE})
    assert shifted.outcome("burden_shift_secrecy") == "established"
    assert (shifted.status("trade_secret"), shifted.outcome("trade_secret")) == ("undetermined", "established")
    [taken] = shifted.resolved_by_burden("trade_secret")
    assert (taken.path, taken.value, taken.party, taken.shifted) == ("information.obtainable_from_public_channels", False, "defendant", True)
    # The same gap under the 2017 text: the holder must prove the information is not public, and has not.
    old = evaluate_variant(knowledge, LI, {"information.obtainable_from_public_channels": REMOVE, "conduct.no_earlier_than": REMOVE,
                                           "conduct.started_on": "2018-05-01", "conduct.ended_on": "2018-09-30",
                                           "protection.in_place_by": "2017-01-01"})
    assert old.outcome("burden_shift_secrecy") == "not_established"
    assert (old.status("trade_secret"), old.outcome("trade_secret")) == ("undetermined", "not_established")
    public, compiled = old.resolved_by_burden("trade_secret")
    assert (public.path, public.value, public.party, public.shifted) == ("information.obtainable_from_public_channels", True, "holder", False)
    assert (compiled.path, compiled.value, compiled.party) == ("information.compiled_from_public_information", False, "holder")


def test_a_holder_who_proves_nothing_loses_on_the_record(knowledge):
    evaluation = evaluate_variant(knowledge, LI, {"information": REMOVE, "protection": REMOVE, "conduct": REMOVE})
    assert evaluation.status("infringement") in ("undetermined", "not_established")
    assert evaluation.outcome("infringement") == "not_established"
    assert evaluation.outcome("trade_secret") == "not_established"


def test_the_li_memo_opens_with_the_short_answer_in_both_languages(knowledge):
    opinion = build_opinion(evaluate_file(knowledge, LI))
    en, zh = render(opinion, "md", "en"), render(opinion, "md", "zh")
    assert en.index("## 1. Question presented") < en.index("## 2. Short answer") < en.index("## 3. Facts relied on")
    short = en.split("## 2. Short answer")[1].split("## 3.")[0]
    assert "**Infringement of a trade secret: established**" in short and "The facts entered already establish this." in short
    assert "CNY 400,000.00" in short
    assert zh.index("## 一、问题") < zh.index("## 二、简要回答") < zh.index("## 三、所依据的事实")
    assert "**侵害商业秘密：成立**" in zh.split("## 二、简要回答")[1].split("## 三、")[0]


def test_both_readings_appear_where_they_differ_and_json_carries_them(knowledge):
    evaluation = evaluate_variant(knowledge, LI, {"conduct.relied_on_general_skill": REMOVE})
    opinion = build_opinion(evaluation)
    view = opinion["conclusions"]["misappropriation"]
    assert (view["status"], view["outcome"]) == ("undetermined", "established")
    assert view["resolved_by_burden"] == [{"fact": "conduct.relied_on_general_skill", "value": False,
                                           "against": "defendant", "shifted": False}]
    assert opinion["taken_by_burden"]["conduct.relied_on_general_skill"]["taken"]["en"].endswith("taken as no")
    en = render(opinion, "md", "en")
    assert "- On the present record: **established**. The defendant's conduct is misappropriation." in en
    assert "taken as no (the defendant had to prove it and has not)" in en
    document = json.loads(render(opinion, "json", "zh"))
    assert document["overall"][0]["outcome"] == "established"


def test_explain_marks_the_leaves_taken_by_burden(knowledge):
    evaluation = evaluate_variant(knowledge, LI, {"conduct.relied_on_general_skill": REMOVE})
    tree = derivation_tree(evaluation, "infringement", "en")
    assert tree.splitlines()[0] == "Infringement of a trade secret [infringement]: undetermined -> On the present record: established"
    assert "? conduct.relied_on_general_skill:" in tree
    assert "[On the present record: false; the defendant had to prove it and has not]" in tree


def test_what_if_reports_a_change_of_outcome(knowledge):
    evaluation = evaluate_variant(knowledge, LI, {"conduct.relied_on_general_skill": REMOVE})
    opinion = build_opinion(evaluation, with_what_if=True)
    line = next(w for w in opinion["what_if"] if w["fact"] == "conduct.relied_on_general_skill" and w["to"] is True)
    outcome = next(x for x in line["outcomes"] if x["conclusion"] == "infringement")
    assert (outcome["outcome_before"], outcome["outcome_after"]) == ("established", "not_established")


def test_a_defence_that_cannot_arise_reads_not_applicable(knowledge):
    melamine_like = load_case_test(ROOT / "tests" / "cases" / "21-conduct-2018-no-burden-shift.yaml", knowledge)
    opinion = opinion_of(evaluate(melamine_like.case, knowledge))
    view = opinion["conclusions"]["personal_trust_defence"]
    assert view["applies"] is False and view["result"]["en"].startswith("The information is not customer information")
    en = render(opinion, "md", "en")
    assert "Defence: personal trust: **not applicable**" in en


def test_partial_dates_and_continuing_conduct_pick_the_law_in_force(knowledge):
    by_month = evaluate_variant(knowledge, LI, {"conduct.no_earlier_than": REMOVE, "conduct.started_on": "2018-05",
                                                "conduct.ended_on": "2018"})
    assert by_month.facts["derived.aucl_versions"] == ["2017"]
    assert str(by_month.case.values["conduct.started_on"]) == "2018-05"  # printed as entered, never a made-up day
    continuing = evaluate_variant(knowledge, LI, {"conduct.no_earlier_than": REMOVE, "conduct.started_on": "2018-05",
                                                  "conduct.continuing_after": "2019-06", "protection.in_place_by": "2017"})
    assert continuing.facts["derived.aucl_versions"] == ["2019", "2025"]  # Art. 28: continuing conduct, the later law
    assert continuing.outcome("burden_shift_secrecy") == "established"


def test_a_company_reaches_the_secret_through_staff_from_the_holder(knowledge):
    evaluation = evaluate_variant(knowledge, LI, {"employment.had_access": False, "employment.access_through_staff": True})
    assert evaluation.status("channel_or_opportunity") == "established"


def _write_rules_with(tmp_path, file: str, old: str, new: str):
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    target = rules / file
    text = target.read_text(encoding="utf-8")
    assert old in text
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return rules


@pytest.mark.parametrize("file, old, new, expected", [
    ("vocabulary/06-obligations.yaml", "    burden: holder\n    favours: holder\n", "    burden: holder\n",
     "obligations.nda_signed: is tested by rule mis.confidentiality_obligation but has no burden and no resolution"),
    ("vocabulary/03-information.yaml", "    unproved: absent  # the holder must define", "    # the holder must define",
     "information.kind: is tested by rule"),
    ("vocabulary/03-information.yaml", "unproved: absent  # the holder must define", "unproved: maybe  # the holder must define",
     "'maybe' is not how a enum fact can be taken when unproved"),
])
def test_check_refuses_a_fact_with_no_burden_and_no_resolution(tmp_path, capsys, file, old, new, expected):
    rules = _write_rules_with(tmp_path, file, old, new)
    assert cli.main(["check", "--rules", str(rules)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and expected in err and f"rules/{file}:" in err.replace("vocabulary/vocabulary", "vocabulary")
