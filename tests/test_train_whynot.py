"""Why not: the smallest sets of changed facts that flip a conclusion, each verified by re-evaluating, and minimal:
taking any one fact out of a set found, the conclusion no longer flips."""

from __future__ import annotations

import dataclasses

import pytest

from engine import cli
from engine.reason.evaluate import evaluate
from engine.load.facts import case_from_text
from engine.train import exercises as ex
from engine.train.whynot import why_not
from tests.conftest import FACTS, evaluate_file

LI = str(FACTS / "li-wine-sales.yaml")


def _status_with(evaluation, changes, conclusion):
    case = evaluation.case
    return evaluate(dataclasses.replace(case, values={**case.values, **changes}), evaluation.knowledge).status(conclusion)


def _check_minimal(evaluation, conclusion, result):
    """Every set flips the conclusion; without any one of its facts, it does not."""
    checked = 0
    for search in result["searches"]:
        for changes in search["sets"]:
            full = {c["fact"]: c["to"] for c in changes}
            assert _status_with(evaluation, full, conclusion) == search["target"], (conclusion, full)
            for fact in full:
                fewer = {p: v for p, v in full.items() if p != fact}
                assert _status_with(evaluation, fewer, conclusion) != search["target"], (conclusion, full, fact)
            assert len(full) == search["size"]
            checked += 1
    return checked


@pytest.fixture(scope="module")
def li(knowledge):
    return evaluate_file(knowledge, "li-wine-sales.yaml")


def test_the_sets_found_on_the_li_case(li):
    def sets(conclusion, target=None):
        result = why_not(li, conclusion, target)
        return [{c["fact"]: c["to"] for c in s} for s in result["searches"][0]["sets"]]

    assert {"conduct.relied_on_general_skill": True} in sets("infringement")
    assert {"information.includes_transaction_details": False} in sets("trade_secret")
    assert sets("personal_trust_defence") == [{"conduct.customers_relied_on_personal_trust": True,
                                               "conduct.customers_came_voluntarily": True}]
    # public, unless it is a new whole compiled from public material: that must be ruled out as well
    assert {"information.published": True, "information.compiled_from_public_information": False} in sets("deemed_public")
    assert sets("duty_by_office") == [{"parties.defendant.relation": r} for r in
                                      ("director_or_senior_manager", "former_director_or_senior_manager", "legal_representative")]
    assert sets("knowing_third_party", "established") == [{"conduct.obtained_from_wrongdoer": True, "conduct.knew_of_wrongdoing": True}]


def test_every_set_is_minimal_on_the_li_case(li):
    checked = 0
    for conclusion in ("infringement", "trade_secret", "deemed_public", "personal_trust_defence", "knowing_third_party",
                       "use_inferred", "lawful_source", "misappropriation", "damages", "malice"):
        checked += _check_minimal(li, conclusion, why_not(li, conclusion))
    assert checked >= 20


@pytest.mark.parametrize("exercise", ["19-product-teardown", "25-conduct-2018"])
def test_every_set_is_minimal_on_scenarios(knowledge, exercise):
    evaluation = evaluate(ex.find(knowledge, exercise).case, knowledge)
    for conclusion in ("trade_secret", "infringement"):
        _check_minimal(evaluation, conclusion, why_not(evaluation, conclusion))


def test_a_flip_through_a_derived_fact_is_found_through_the_fact_it_is_computed_from(knowledge):
    text = "information: {kind: technical_information, confers_competitive_advantage: true}\n" \
           "protection: {access_restricted: true}\n"
    evaluation = evaluate(case_from_text(text, "measures.yaml", knowledge.vocabulary), knowledge)
    result = why_not(evaluation, "confidentiality_measures", "established")
    assert [[(c["fact"], c["to"]) for c in s] for s in result["searches"][0]["sets"]] == \
        [[("protection.in_place_before_conduct", True)]]  # measures_before_conduct is computed from it
    _check_minimal(evaluation, "confidentiality_measures", result)


def test_no_set_within_the_bound_says_so(li, capsys):
    result = why_not(li, "confidentiality_measures")  # eight measures would have to be ruled out, and the dates
    assert result["searches"][0]["sets"] == [] and result["searches"][0]["size"] is None
    assert cli.main(["whynot", LI, "confidentiality_measures", "--lang", "en"]) == 0
    assert "No set of at most 3 changes to yes/no and choice facts (dates and amounts are not changed) makes it " \
           "not established." in capsys.readouterr().out


def test_an_undetermined_conclusion_is_searched_both_ways(li):
    result = why_not(li, "improper_acquisition")
    assert [s["target"] for s in result["searches"]] == ["established", "not_established"]
    assert [[c["fact"] for c in s] for search in result["searches"] for s in search["sets"]] == \
        [["conduct.improper_means"], ["conduct.improper_means"]]


def test_the_evaluations_are_capped(li):
    result = why_not(li, "deemed_public", max_evaluations=2)
    assert result["searches"][0]["capped"] and result["searches"][0]["evaluations"] == 2


def test_cli_whynot(capsys):
    assert cli.main(["whynot", LI, "infringement", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Infringement of a trade secret: established\n")
    assert "The fewest facts whose change would make it not established (1):" in out
    assert "- The defendant's conduct rested on his general work experience, knowledge and skill. (now: no) " \
           "[conduct.relied_on_general_skill]" in out
    assert cli.main(["whynot", LI, "infringment"]) == 2
    assert "did you mean 'infringement'?" in capsys.readouterr().err


def test_a_loss_said_to_be_determinable_with_no_figure_is_an_open_fact(knowledge):
    """The why-not search sets damages.actual_loss_determinable on facts with no figure: no KeyError."""
    text = "conduct: {infringement_found_by_court: true}\ndamages: {claimed: '1000.00', actual_loss_determinable: true}\n"
    evaluation = evaluate(case_from_text(text, "loss.yaml", knowledge.vocabulary), knowledge)
    damages = next(c for c in evaluation.computations if c.id == "damages")
    assert damages.result is None and "damages.actual_loss_amount" in damages.missing


def test_the_plan_misses_no_single_fact_that_flips_a_conclusion(knowledge, li):
    """Against an exhaustive sweep: every single change of an entered yes/no or choice fact outside the agreement
    review, evaluated once, flips exactly the conclusions whose search found that change among its sets of size one."""
    from engine.train.whynot import targets_of

    vocabulary = knowledge.vocabulary
    changes = []
    for path, spec in vocabulary.facts.items():
        if spec.derived or spec.type not in ("bool", "enum") or vocabulary.sections[path.split(".")[0]].topic == "agreement":
            continue
        values = [True, False] if spec.type == "bool" else list(spec.values)
        changes += [(path, v) for v in values if v != li.case.values.get(path)]
    after = {change: evaluate(dataclasses.replace(li.case, values={**li.case.values, change[0]: change[1]}), knowledge)
             for change in changes}
    compared = 0
    for cid, conclusion in li.conclusions.items():
        if conclusion.rule.ruleset not in ("trade_secret", "misappropriation", "damages"):
            continue
        result = {s["target"]: s for s in why_not(li, cid)["searches"]}
        for target in targets_of(li.status(cid)):
            single = {change for change, ev in after.items() if ev.status(cid) == target}
            found = {(c[0]["fact"], c[0]["to"]) for c in result[target]["sets"] if len(c) == 1}
            assert found == single, (cid, target)
            assert (result[target]["size"] == 1) == bool(single), (cid, target)
            compared += 1
    assert compared >= 50
