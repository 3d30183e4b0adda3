"""Argument with factors, as CATO taught it: the factors of a matter that favour each side, the decided
cases sharing them, and for each side the strongest counter-example: a decided case sharing a factor
that favours that side whose infringement outcome went the other way, with the factors that
distinguish it from the matter.

The factors and whom each helps are those of the comparison (rules/precedents/precedents.yaml,
engine/reason/precedent.py), and a case's factor values come from evaluating it with the same rules. The
decided cases are the seed cases and every real judgment in tests/judgments/; a judgment's outcome is
the court's (`expect_outcome`), on the headline conclusion itself or as the court's other findings
decide it under the headline rule (a secret the court held not to exist leaves no infringement). Test
scenarios are hypotheticals, never decided cases.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..reason.casetests import find_case_files, load_case_test
from ..errors import InputError
from ..reason.evaluate import Evaluation, evaluate
from ..load.facts import load_case
from ..load.knowledge import Knowledge
from ..logic import ESTABLISHED, NOT_ESTABLISHED, UNDETERMINED, Env, decide
from ..reason.precedent import _applies, _compare, _factors, _reading, _whom_it_helps, catalogue
from ..resources import resource_dir
from .exercises import judgment_dir

SIDES = ("holder", "defendant")


@dataclass
class DecidedCase:
    id: str
    title: dict[str, str]
    origin: str  # seed or judgment
    file: str
    outcome: str | None  # the headline (infringement) as decided; None where the decision does not say
    reading: dict[str, Any]  # engine.reason.precedent: the status of every conclusion, and where each factor applies
    values: dict[str, Any]  # the case's facts, to recognise the matter itself among the decided cases
    source: dict[str, str] | None = None


_DECIDED: dict[str, list[DecidedCase]] = {}


def decided_cases(knowledge: Knowledge) -> list[DecidedCase]:
    """The seed cases and the real judgments, each evaluated once per process and body of rules."""
    if knowledge.fingerprint not in _DECIDED:
        _DECIDED[knowledge.fingerprint] = _decided(knowledge)
    return _DECIDED[knowledge.fingerprint]


def _decided(knowledge: Knowledge) -> list[DecidedCase]:
    headline = knowledge.topics["infringement"]
    found = []
    for item in catalogue(knowledge)["precedents"]:
        file = resource_dir("facts") / item["facts"]
        if file.exists():
            evaluation = evaluate(load_case(file, knowledge.vocabulary), knowledge)
            found.append(DecidedCase(item["id"], item["title"], "seed", str(file), evaluation.outcome(headline),
                                     _reading(evaluation), evaluation.case.values))
    if judgment_dir().is_dir():
        for path in find_case_files(judgment_dir()):
            try:
                test = load_case_test(path, knowledge)
            except InputError:  # a judgment written for other rules: left out, as the comparison leaves such scenarios
                continue
            evaluation = evaluate(test.case, knowledge)
            found.append(DecidedCase(path.stem, test.titles, "judgment", str(path), _court_outcome(evaluation, test.expect_outcome),
                                     _reading(evaluation), test.case.values, test.source))
    return found


def _court_outcome(evaluation: Evaluation, findings: dict[str, str]) -> str | None:
    """The headline as the court decided it: its own finding, or what the headline rule gives when the
    court's findings stand in for the conclusions it reads (its facts as the judgment states them)."""
    knowledge = evaluation.knowledge
    headline = knowledge.topics["infringement"]
    if headline in findings:
        return findings[headline]
    if not findings:
        return None
    conclusions = {cid: (findings[cid], []) if cid in findings else (UNDETERMINED, [])
                   for cid in evaluation.conclusions}
    rule = knowledge.rules[headline]
    status = decide(rule.when, rule.unless, Env(evaluation.facts, conclusions), rule.applies).status
    return None if status == UNDETERMINED else status


def argument_factors(knowledge: Knowledge) -> list[dict[str, Any]]:
    """The comparison's factors, less the headline itself: the outcome is what the factors argue for."""
    headline = knowledge.topics["infringement"]
    return [f for f in _factors(knowledge) if f["conclusion"] != headline]


def matter_factors(evaluation: Evaluation) -> list[dict[str, Any]]:
    """The factors decided in the matter (and arising there), each with whom its value favours."""
    out = []
    for factor in argument_factors(evaluation.knowledge):
        cid = factor["conclusion"]
        status = evaluation.status(cid)
        if status == UNDETERMINED or _applies(evaluation, factor) is not True:
            continue
        out.append({"conclusion": cid, "title": evaluation.knowledge.rules[cid].title, "status": status,
                    "favours": _whom_it_helps(factor["helps"], status)})
    return out


def argue(evaluation: Evaluation) -> dict[str, Any]:
    """The matter's factors by side, the decided cases sharing each, and the counter-examples.

    A counter-example to a factor favouring one side is a decided case sharing the factor whose
    outcome went against that side; the strongest is the closest to the matter (most factors in
    common net of those that differ). Its distinguishing factors are those decided otherwise there
    whose value here helps the side the counter-example is against: what that side says to
    distinguish it. The matter itself (the same facts) is never its own decided case."""
    knowledge = evaluation.knowledge
    factors = argument_factors(knowledge)
    cases = [c for c in decided_cases(knowledge) if c.values != evaluation.case.values]
    comparisons = {c.id: _compare(evaluation, c.reading, factors) for c in cases}
    entries = []
    for factor in matter_factors(evaluation):
        cid, side = factor["conclusion"], factor["favours"]
        sharing = [c for c in cases if any(s["conclusion"] == cid for s in comparisons[c.id]["shared"])]
        against = NOT_ESTABLISHED if side == "holder" else ESTABLISHED
        counters = [_counter(c, comparisons[c.id], side, cid) for c in sharing if c.outcome == against]
        counters.sort(key=lambda x: (-x["closeness"][0], -x["closeness"][1], x["id"]))
        entries.append(dict(factor, cases=[_case_view(c) for c in sharing], counter=counters[0] if counters else None))
    sides = {}
    for side in SIDES:
        mine = [e for e in entries if e["favours"] == side]
        counters = [e["counter"] for e in mine if e["counter"]]
        strongest = None
        if counters:
            best = min(counters, key=lambda x: (-x["closeness"][0], -x["closeness"][1], x["id"]))
            strongest = dict(best, factors=[e["conclusion"] for e in mine if e["counter"] and e["counter"]["id"] == best["id"]])
        sides[side] = {"factors": [e["conclusion"] for e in mine], "strongest_counter": strongest}
    return {"factors": entries, "sides": sides, "cases": len(cases),
            "undecided": [c.id for c in cases if c.outcome is None]}


def _case_view(case: DecidedCase) -> dict[str, Any]:
    return {"id": case.id, "title": case.title, "origin": case.origin, "outcome": case.outcome, "source": case.source}


def _counter(case: DecidedCase, comparison: dict[str, Any], side: str, factor: str) -> dict[str, Any]:
    shared = comparison["shared"]
    different = comparison["different"]
    return dict(_case_view(case), factor=factor, against=side,
                closeness=(len(shared) - len(different) - len(comparison["open_there"]), len(shared)),
                shared=[s["conclusion"] for s in shared],
                distinguishing=[_difference(d) for d in different if d["helps"] == side],
                other_differences=[_difference(d) for d in different if d["helps"] != side],
                open_there=[s["conclusion"] for s in comparison["open_there"]])


def _difference(entry: dict[str, Any]) -> dict[str, Any]:
    return {"conclusion": entry["conclusion"], "title": entry["title"], "here": entry["matter"], "there": entry["precedent"]}
