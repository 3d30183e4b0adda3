"""Evaluate a validated case: derive facts, run the rule sets, collect conclusions."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from .calculators import COMPUTATIONS, Computation
from .derive import derive
from . import compiled, durable_host
from ..load.facts import Case
from ..load.knowledge import Knowledge
from ..load.burden import Reading, Resolution
from ..logic import UNDETERMINED, Env, Expr, Verdict
from ..load.rulebook import Rule


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

    def truth(self, condition: Expr) -> bool | None:
        """A condition of the rule language on this case's facts and conclusions: true, false or unknown."""
        return condition.evaluate(self._env).value

    @functools.cached_property
    def _env(self) -> Env:  # an evaluation never changes once made, so neither does what its conditions see
        return Env(self.facts, {cid: (c.status, c.verdict.missing) for cid, c in self.conclusions.items()})

    def applies(self, conclusion: str) -> bool | None:
        """Whether the point a conclusion decides arises here at all (its rule's `applies_when`); None: not known."""
        return self.conclusions[conclusion].verdict.applicable


ENGINES = {"durable": durable_host.run_rules, "compiled": compiled.run_rules}


def evaluate(case: Case, knowledge: Knowledge, engine: str = "durable") -> Evaluation:
    """`engine`: durable-rules (every opinion) or the compiled walk of the same rules (screening and
    what-if may choose it; tests/test_compiled.py proves the two agree)."""
    facts = derive(case, knowledge)
    verdicts = ENGINES[engine](knowledge, facts)
    conclusions = {cid: Conclusion(cid, rule, verdicts[cid][1]) for cid, rule in knowledge.rules.items()}
    statuses = {cid: c.status for cid, c in conclusions.items()}
    computations = [c for fn in COMPUTATIONS if (c := fn(facts, statuses, knowledge)) is not None]
    return Evaluation(case, knowledge, facts, conclusions, computations)

