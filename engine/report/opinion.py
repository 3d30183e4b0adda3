"""The whole opinion: the explanation, the nearest precedent and test scenarios and, on request, the what-if section."""

from __future__ import annotations

from typing import Any

from ..reason.evaluate import Evaluation, evaluate
from ..load.facts import Case
from ..load.knowledge import Knowledge
from ..load.matters import matters
from .explain import explain, what_if_section
from ..reason.precedent import nearest_precedent, similar_scenarios
from ..reason.whatif import what_if


def assess(case: Case, knowledge: Knowledge, with_what_if: bool = False) -> dict[str, Any]:
    """The opinion on a loaded facts file: one memo, or an overview and a memo per matter when the file
    names several defendants or items (engine.load.matters)."""
    assessed = [(m, evaluate(m.case, knowledge)) for m in matters(case)]
    if len(assessed) == 1:
        return build_opinion(assessed[0][1], with_what_if)
    return build_opinion_of_matters(assessed, with_what_if)


def build_opinion_of_matters(assessed: list[tuple[Any, Evaluation]], with_what_if: bool = False) -> dict[str, Any]:
    """Several defendants or items in one file (engine.load.matters): each matter's opinion, and an overview
    of the headline conclusions per matter, both readings, with each defendant's joint liability."""
    opinions = []
    for matter, evaluation in assessed:
        opinion = build_opinion(evaluation, with_what_if)
        opinion["matter"] = {"label": matter.label, "defendant": matter.defendant, "item": matter.item}
        opinions.append(opinion)
    first = opinions[0]
    return {"case": first["case"], "matters": opinions,
            "overview": [{"label": o["matter"]["label"], "overall": o["overall"],
                          "trade_secret": _reading(o, "trade_secret"), "misappropriation": _reading(o, "misappropriation"),
                          "joint": _reading(o, "joint_liability")} for o in opinions]}


def _reading(opinion: dict[str, Any], conclusion: str) -> dict[str, Any] | None:
    view = opinion["conclusions"].get(conclusion)
    return None if view is None else {"title": view["title"], "status": view["status"], "outcome": view["outcome"],
                                      "role": view["role"], "applies": view["applies"]}


def build_opinion(evaluation: Evaluation, with_what_if: bool = False) -> dict[str, Any]:
    opinion = explain(evaluation)
    opinion["precedent"] = nearest_precedent(evaluation)
    opinion["scenarios"] = similar_scenarios(evaluation)
    if with_what_if:
        headlines = [o["conclusion"] for o in opinion["overall"]]
        opinion["what_if"] = what_if_section(evaluation, what_if(evaluation, headlines))
    return opinion
