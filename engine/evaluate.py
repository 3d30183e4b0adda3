"""Evaluate a validated case: derive facts, run the rule sets, collect conclusions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .calculators import COMPUTATIONS, Computation
from .derive import derive
from .durable_host import run_rules
from .facts import Case
from .knowledge import Knowledge
from .logic import Verdict
from .rulebook import Rule


@dataclass
class Conclusion:
    id: str
    rule: Rule
    verdict: Verdict

    @property
    def status(self) -> str:
        return self.verdict.status


@dataclass
class Evaluation:
    case: Case
    knowledge: Knowledge
    facts: dict[str, Any]  # entered and derived, known ones only
    conclusions: dict[str, Conclusion]  # in evaluation order
    computations: list[Computation]

    def status(self, conclusion: str) -> str:
        return self.conclusions[conclusion].status


def evaluate(case: Case, knowledge: Knowledge) -> Evaluation:
    facts = derive(case, knowledge)
    verdicts = run_rules(knowledge, facts)
    conclusions = {cid: Conclusion(cid, rule, verdicts[cid][1]) for cid, rule in knowledge.rules.items()}
    statuses = {cid: c.status for cid, c in conclusions.items()}
    computations = [c for fn in COMPUTATIONS if (c := fn(facts, statuses, knowledge)) is not None]
    return Evaluation(case, knowledge, facts, conclusions, computations)
