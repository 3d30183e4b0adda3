"""Evaluate a validated case: derive facts, run the rule sets, collect conclusions."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from .calculators import COMPUTATIONS, Computation
from .derive import derive
from .durable_host import run_rules
from .facts import Case
from .knowledge import Knowledge
from .logic import Env, Expr, Verdict
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

    def truth(self, condition: Expr) -> bool | None:
        """A condition of the rule language on this case's facts and conclusions: true, false or unknown."""
        return condition.evaluate(self._env).value

    @functools.cached_property
    def _env(self) -> Env:  # an evaluation never changes once made, so neither does what its conditions see
        return Env(self.facts, {cid: (c.status, c.verdict.missing) for cid, c in self.conclusions.items()})

    def applies(self, conclusion: str) -> bool | None:
        """Whether the point a conclusion decides arises here at all (its rule's `applies_when`); None: not known."""
        condition = self.conclusions[conclusion].rule.applies_when
        return True if condition is None else self.truth(condition)


def evaluate(case: Case, knowledge: Knowledge) -> Evaluation:
    facts = derive(case, knowledge)
    verdicts = run_rules(knowledge, facts)
    conclusions = {cid: Conclusion(cid, rule, verdicts[cid][1]) for cid, rule in knowledge.rules.items()}
    statuses = {cid: c.status for cid, c in conclusions.items()}
    computations = [c for fn in COMPUTATIONS if (c := fn(facts, statuses, knowledge)) is not None]
    return Evaluation(case, knowledge, facts, conclusions, computations)
