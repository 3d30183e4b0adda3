"""`secretlaw grade`: three sample analyses of the Li case (tests/grade/), graded right, wrong, and right for
the wrong reason, each with the reason and the explanation."""

from __future__ import annotations

import json

import pytest

from engine import cli
from engine.errors import InputError
from engine.train.grade import grade, load_analysis
from tests.conftest import FACTS, ROOT, evaluate_file

SAMPLES = ROOT / "tests" / "grade"
LI = str(FACTS / "li-wine-sales.yaml")
POINTS = ["trade_secret", "confidentiality_measures", "personal_trust_defence", "improper_acquisition", "infringement"]


@pytest.fixture(scope="module")
def li(knowledge):
    return evaluate_file(knowledge, "li-wine-sales.yaml")


def _graded(knowledge, li, name):
    result = grade(load_analysis(SAMPLES / name, knowledge), li, "en")
    return result, {item.conclusion: item for item in result["items"]}


@pytest.mark.parametrize("name, expected", [
    ("right.yaml", "right"), ("wrong.yaml", "wrong"), ("wrong-reason.yaml", "wrong_reason")])
def test_each_sample_gets_its_grade_on_every_point(knowledge, li, name, expected):
    result, items = _graded(knowledge, li, name)
    assert list(items) == POINTS
    assert {cid: item.grade for cid, item in items.items()} == {cid: expected for cid in POINTS}
    assert result["counts"][expected] == len(POINTS)
    for item in items.values():  # every grade comes with the rule, its result and its derivation
        assert item.explanation.statement and item.explanation.tree and item.explanation.basis
        assert item.status_expected == li.status(item.conclusion)


def test_the_right_sample_cites_the_basis_by_id_or_by_citation_and_facts_by_path_or_value(knowledge, li):
    _, items = _graded(knowledge, li, "right.yaml")
    assert all(not i.basis_wrong and not i.facts_wrong for i in items.values())


def test_the_wrong_reasons_are_named(knowledge, li):
    _, items = _graded(knowledge, li, "wrong-reason.yaml")
    assert items["trade_secret"].basis_wrong == ["spc2020.art14_independent_development_reverse_engineering"]
    assert items["confidentiality_measures"].facts_wrong == [
        {"fact": "protection.premises_restricted", "why": "not_on_record"}]
    assert items["personal_trust_defence"].facts_wrong == [
        {"fact": "conduct.customers_came_voluntarily", "why": "wrong_value", "given": True, "actual": False}]
    assert items["improper_acquisition"].basis_wrong == ["AUCL (2019 amendment) Art. 17(3)"]
    assert items["infringement"].facts_wrong == [{"fact": "conduct.defendant_profited", "why": "not_deciding"}]


def test_a_derived_fact_is_relied_on_through_the_facts_it_is_computed_from(knowledge, li):
    _, items = _graded(knowledge, li, "right.yaml")
    assert items["confidentiality_measures"].grade == "right"  # protection.in_place_by gives measures_before_conduct


def test_cli_grade_text_and_json(capsys):
    assert cli.main(["grade", str(SAMPLES / "wrong-reason.yaml"), "--facts", LI, "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "The information is a trade secret [trade_secret]: right for the wrong reason" in out
    assert "Cited, but not the rule's basis: spc2020.art14_independent_development_reverse_engineering" in out
    assert "conduct.defendant_profited: does not decide it here" in out
    assert out.rstrip().endswith("0 right, 0 wrong, 5 right for the wrong reason.")
    assert cli.main(["grade", str(SAMPLES / "right.yaml"), "--facts", LI, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["counts"] == {"right": 5, "wrong": 0, "wrong_reason": 0}


@pytest.mark.parametrize("text, expected", [
    ("conclusions:\n  trade_secrte: established\n", ":2: conclusions.trade_secrte: no rule concludes this (did you mean 'trade_secret'?)"),
    ("conclusions:\n  trade_secret: yes\n", ":2: conclusions.trade_secret.status: 'True' is not a status"),
    ("conclusions:\n  trade_secret:\n    status: established\n    facts: [information.publishd]\n",
     ":4: conclusions.trade_secret.facts[0]: 'information.publishd' is not a fact of the vocabulary (did you mean 'information.published'?)"),
    ("conclusions:\n  trade_secret:\n    status: established\n    basis: [AUCL Art. 99]\n",
     ":4: conclusions.trade_secret.basis[0]: 'AUCL Art. 99' names no provision"),
    ("conclusions:\n  trade_secret:\n    status: established\n    facts: {information.published: maybe}\n",
     ":4: conclusions.trade_secret.facts.information.published: expected true, false or unknown"),
    ("conclusions: {}\n", ":1: conclusions: analyses nothing"),
])
def test_errors_in_an_analysis_name_file_and_line(knowledge, tmp_path, text, expected):
    path = tmp_path / "analysis.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_analysis(path, knowledge)
    assert expected in str(caught.value)
