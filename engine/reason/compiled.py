"""The same rules, walked in plain Python: the compiled form that screening and what-if may run on.

durable-rules matches each rule's inputs in its C core, then calls back into Python with them as JSON;
for one matter that is about as much work again as deciding the rules. The compiled form visits the
rules in an order in which every rule's inputs are decided before it (the rule sets in dependency
order, within a set the conclusions it reads first) and decides each with engine.reason.reading, the
code durable-rules' actions call. tests/test_compiled.py proves, on every shipped and test case and on
generated ones, that both give the same status, outcome and missing facts for every conclusion.
"""

from __future__ import annotations

from typing import Any

from ..errors import EngineError
from ..load.burden import Reading
from ..load.knowledge import Knowledge
from ..load.rulebook import Rule
from .reading import read_rule


class _Step:
    __slots__ = ("rule", "facts", "tested", "conclusions")

    def __init__(self, rule: Rule):
        self.rule = rule
        self.facts = sorted(rule.reads_facts())
        self.tested = sorted(rule.tests_facts())
        self.conclusions = sorted(rule.reads_conclusions())


_PLANS: dict[str, tuple[_Step, ...]] = {}  # by the rules' fingerprint; a plan never changes once made


def _plan(knowledge: Knowledge) -> tuple[_Step, ...]:
    plan = _PLANS.get(knowledge.fingerprint)
    if plan is None:  # two threads may both build it: the same plan, so either one kept is right
        plan = _PLANS[knowledge.fingerprint] = _build_plan(knowledge)
    return plan


def _build_plan(knowledge: Knowledge) -> tuple[_Step, ...]:
    """Every rule once, each after the conclusions it reads (engine.load.knowledge already orders the
    rule sets so that none reads a later one)."""
    steps: list[_Step] = []
    decided: set[str] = set()
    for ruleset in knowledge.rulesets:
        waiting = [r for r in knowledge.rules.values() if r.ruleset == ruleset.name]
        while waiting:
            ready = [r for r in waiting if r.reads_conclusions() <= decided]
            if not ready:
                raise EngineError(f"rule set {ruleset.name}: its rules read each other in a cycle: "
                                  + ", ".join(r.id for r in waiting))
            for rule in ready:
                steps.append(_Step(rule))
                decided.add(rule.concludes)
            waiting = [r for r in waiting if r not in ready]
    return tuple(steps)


def run_rules(knowledge: Knowledge, facts: dict[str, Any]) -> dict[str, tuple[Rule, Reading]]:
    """Both readings of every conclusion, as engine.reason.durable_host.run_rules gives them."""
    results: dict[str, tuple[Rule, Reading]] = {}
    statuses: dict[str, tuple[str, list[str]]] = {}
    outcomes: dict[str, tuple[str, list[str]]] = {}
    by_burden: set[str] = set()
    vocabulary = knowledge.vocabulary
    for step in _plan(knowledge):
        known = {p: facts[p] for p in step.facts if p in facts}
        read = {c: statuses[c] for c in step.conclusions}
        closed = {c: outcomes[c] for c in step.conclusions}
        reading = read_rule(step.rule, step.tested, known, read, closed, by_burden & set(step.conclusions), vocabulary)
        concludes = step.rule.concludes
        results[concludes] = (step.rule, reading)
        # as durable_host passes a conclusion on: its status with the facts it misses, its outcome alone
        statuses[concludes] = (reading.status.status, list(reading.status.missing))
        outcomes[concludes] = (reading.outcome.status, [])
        if reading.resolved_any:
            by_burden.add(concludes)
    return results
