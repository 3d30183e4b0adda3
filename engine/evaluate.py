"""Evaluate a validated case: derive facts, run the rule sets, collect conclusions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .calculators import COMPUTATIONS, Computation
from .derive import derive
from .durable_host import run_rules
from .facts import Case
from .knowledge import Knowledge
from .burden import Reading, Resolution
from .logic import UNDETERMINED, Verdict
from .rulebook import Rule


@dataclass
class Conclusion:
    id: str
    rule: Rule
    reading: Reading

    @property
    def verdict(self) -> Verdict:
        """The status reading: what the entered facts establish."""
        return self.reading.status

    @property
    def status(self) -> str:
        return self.reading.status.status

    @property
    def outcome(self) -> str:
        """Who wins on this point if nothing more is proved: established or not_established."""
        return self.reading.outcome.status


@dataclass
class Evaluation:
    case: Case
    knowledge: Knowledge
    facts: dict[str, Any]  # entered and derived, known ones only
    conclusions: dict[str, Conclusion]  # in evaluation order
    computations: list[Computation]

    def status(self, conclusion: str) -> str:
        return self.conclusions[conclusion].status

    def outcome(self, conclusion: str) -> str:
        return self.conclusions[conclusion].outcome

    def resolved_by_burden(self, conclusion: str) -> list[Resolution]:
        """Every unknown fact the outcome rests on, down the outcome's reasons, each taken against its burden.

        Only conclusions the entered facts leave open are followed: a decided status needs no burden."""
        found: dict[str, Resolution] = {}
        pending, seen = [conclusion], set()
        while pending:
            cid = pending.pop(0)
            if cid in seen or self.conclusions[cid].status != UNDETERMINED:
                continue
            seen.add(cid)
            reading = self.conclusions[cid].reading
            for resolution in reading.resolved:
                found.setdefault(resolution.path, resolution)
            outcome = reading.outcome
            pending += [r.id for r in outcome.because + outcome.exception
                        if r.kind == "conclusion" and self.conclusions[r.id].reading.resolved_any]
        order = list(self.knowledge.vocabulary.facts)
        return sorted(found.values(), key=lambda r: order.index(r.path))


def evaluate(case: Case, knowledge: Knowledge) -> Evaluation:
    facts = derive(case, knowledge)
    verdicts = run_rules(knowledge, facts)
    conclusions = {cid: Conclusion(cid, rule, verdicts[cid][1]) for cid, rule in knowledge.rules.items()}
    statuses = {cid: c.status for cid, c in conclusions.items()}
    computations = [c for fn in COMPUTATIONS if (c := fn(facts, statuses, knowledge)) is not None]
    return Evaluation(case, knowledge, facts, conclusions, computations)

