"""The whole opinion: the explanation, the nearest precedent and test scenarios and, on request, the what-if section."""

from __future__ import annotations

from typing import Any

from .evaluate import Evaluation
from .explain import explain, what_if_section
from .precedent import nearest_precedent, similar_scenarios
from .whatif import what_if


def build_opinion(evaluation: Evaluation, with_what_if: bool = False) -> dict[str, Any]:
    opinion = explain(evaluation)
    opinion["precedent"] = nearest_precedent(evaluation)
    opinion["scenarios"] = similar_scenarios(evaluation)
    if with_what_if:
        headlines = [o["conclusion"] for o in opinion["overall"]]
        opinion["what_if"] = what_if_section(evaluation, what_if(evaluation, headlines))
    return opinion
