"""Why not: the smallest sets of facts whose change would flip a conclusion, each found by re-evaluating.

For a conclusion that is not established, the smallest sets of changes to the facts that would have
established it; for one that is established, the reverse (what would have defeated it); for an
undetermined one, both. A change sets an unknown yes/no or choice fact, or flips a known one.

The search is planned on the rules' condition structure and verified on the real engine:

1. planning: walking the conclusion's rule (and the rules of the conclusions it reads) gives the
   candidate sets, smallest first: to establish an `all` every member that is not yet true must
   become true, an `any` needs one member, a `not` the opposite of its child, an `unless` must fail,
   and a yes/no or choice fact takes the value that meets its test. A derived fact (measures taken
   before the conduct, say) is reached through the entered facts whose change changes it (found by
   deriving again, which costs no rule evaluation); dates and amounts are not changed;
2. verifying: each candidate is evaluated with `engine.reason.evaluate.evaluate` on the changed case, and
   counts only if the conclusion then has the status sought;
3. minimality: a set that flips is shrunk to its first subset (smallest first) that still flips, so a
   set reported has no proper subset that flips it too; every subset is really evaluated.

Sizes are capped (`max_size`, default 3) and so are the evaluations (`max_evaluations`); where no set
within the cap flips it, the result says so instead of guessing.
"""

from __future__ import annotations

import dataclasses
import itertools
import time
from typing import Any

from ..reason.derive import derive
from ..reason.evaluate import Evaluation, evaluate
from ..report.explain import fact_sentence
from ..logic import ESTABLISHED, NOT_ESTABLISHED, Compare, ConclusionIs, Env, Expr, FactIs, Junction, Known, Not

Way = frozenset  # of (path, value) pairs: one set of changes to the facts
MAX_SIZE = 3
MAX_EVALUATIONS = 1500
WIDTH = 300  # candidate sets kept per node of the plan, smallest first


def targets_of(status: str) -> list[str]:
    if status == ESTABLISHED:
        return [NOT_ESTABLISHED]
    if status == NOT_ESTABLISHED:
        return [ESTABLISHED]
    return [ESTABLISHED, NOT_ESTABLISHED]


def why_not(evaluation: Evaluation, conclusion: str, target: str | None = None, max_size: int = MAX_SIZE,
            max_evaluations: int = MAX_EVALUATIONS) -> dict[str, Any]:
    """The smallest sets of changed facts that would give the conclusion the target status (by default the
    status it does not have: established for one that is not, not established for one that is)."""
    status = evaluation.status(conclusion)
    searches = [_Search(evaluation, conclusion, t, max_size, max_evaluations).run()
                for t in ([target] if target else targets_of(status))]
    return {"conclusion": conclusion, "status": status, "searches": searches}


class _Search:
    def __init__(self, evaluation: Evaluation, conclusion: str, target: str, max_size: int, max_evaluations: int):
        self.evaluation = evaluation
        self.knowledge = evaluation.knowledge
        self.case = evaluation.case
        self.conclusion = conclusion
        self.target = target
        self.max_size = max_size
        self.max_evaluations = max_evaluations
        self.plans: dict[tuple, list[Way]] = {}
        self.levers: dict[tuple, list[Way]] = {}
        self.verdicts: dict[Way, bool] = {}
        self.capped = False

    # --- verifying --------------------------------------------------------------------------------

    def flips(self, way: Way) -> bool:
        if way not in self.verdicts:
            if len(self.verdicts) >= self.max_evaluations:
                self.capped = True
                raise _Capped
            changed = dataclasses.replace(self.case, values={**self.case.values, **dict(way)})
            self.verdicts[way] = evaluate(changed, self.knowledge).status(self.conclusion) == self.target
        return self.verdicts[way]

    def shrink(self, way: Way) -> Way:
        """The first subset of a flipping set, smallest first, that still flips: no proper subset of it flips."""
        items = sorted(way, key=repr)
        for size in range(1, len(items)):
            for subset in itertools.combinations(items, size):
                if self.flips(Way(subset)):
                    return Way(subset)
        return way

    def run(self) -> dict[str, Any]:
        started = time.perf_counter()
        found: list[Way] = []
        candidates = self.plan_conclusion(self.conclusion, self.target) if self.evaluation.status(self.conclusion) != self.target else []
        try:
            for way in candidates:
                if found and len(way) > min(len(f) for f in found):
                    break
                if not way or any(f <= way for f in found) or not self.flips(way):
                    continue
                minimal = self.shrink(way)
                if minimal not in found:
                    found.append(minimal)
        except _Capped:
            pass
        smallest = min((len(f) for f in found), default=None)
        sets = sorted((f for f in found if len(f) == smallest), key=lambda f: sorted(map(repr, f)))
        return {"target": self.target, "sets": [self.describe(f) for f in sets], "size": smallest,
                "max_size": self.max_size, "capped": self.capped, "candidates": len(candidates),
                "evaluations": len(self.verdicts), "seconds": round(time.perf_counter() - started, 3)}

    def describe(self, way: Way) -> list[dict[str, Any]]:
        vocabulary = self.knowledge.vocabulary
        order = list(vocabulary.facts)
        out = []
        for path, value in sorted(way, key=lambda pv: order.index(pv[0])):
            spec = vocabulary.get(path)
            out.append({"fact": path, "from": self.case.values.get(path), "to": value, "label": spec.label,
                        "sentence": fact_sentence(spec, value)})
        return out

    # --- planning ---------------------------------------------------------------------------------

    def plan_conclusion(self, cid: str, target: str) -> list[Way]:
        key = ("conclusion", cid, target)
        if key in self.plans:
            return self.plans[key]
        self.plans[key] = []  # guards against a cycle (the rules have none)
        if self.evaluation.status(cid) == target:
            ways = [Way()]
        else:
            rule = self.knowledge.rules[cid]
            if target == ESTABLISHED:  # applies, and its condition holds, and its exception fails
                parts = [self.plan(rule.when, True)]
                if rule.applies is not None:
                    parts.append(self.plan(rule.applies, True))
                if rule.unless is not None:
                    parts.append(self.plan(rule.unless, False))
                ways = self.product(parts)
            else:  # it does not apply, or its condition fails, or its exception holds
                parts = [self.plan(rule.when, False)]
                if rule.applies is not None:
                    parts.append(self.plan(rule.applies, False))
                if rule.unless is not None:
                    parts.append(self.plan(rule.unless, True))
                ways = self.union(parts)
        self.plans[key] = ways
        return ways

    def plan(self, expr: Expr, want: bool) -> list[Way]:
        """The candidate sets of changes that make a condition true (or false), smallest first."""
        if self.evaluation.truth(expr) is want:
            return [Way()]
        key = (id(expr), want)
        if key in self.plans:
            return self.plans[key]
        if isinstance(expr, Not):
            ways = self.plan(expr.child, not want)
        elif isinstance(expr, ConclusionIs):
            ways = self.plan_conclusion(expr.id, ESTABLISHED if want else NOT_ESTABLISHED)
        elif isinstance(expr, Junction):
            members = [self.plan(child, want) for child in expr.children]
            every = (expr.kind == "all") == want  # all true, or any false: every member; otherwise one
            ways = self.product(members) if every else self.union(members)
        elif isinstance(expr, FactIs):
            ways = self.plan_fact(expr, want)
        elif isinstance(expr, Known):  # a fact gets stated, never un-stated
            spec = self.knowledge.vocabulary.get(expr.path)
            ways = [Way({(expr.path, v)}) for v in self.values_of(spec)] if want else []
        else:  # Compare: dates and amounts are not changed
            assert isinstance(expr, Compare)
            ways = []
        ways = self.trim(ways)
        self.plans[key] = ways
        return ways

    def plan_fact(self, expr: FactIs, want: bool) -> list[Way]:
        spec = self.knowledge.vocabulary.get(expr.path)
        if spec.derived:
            return self.through_derivation(expr, want)
        return [Way({(expr.path, v)}) for v in self.values_of(spec)
                if v != self.case.values.get(expr.path) and expr.evaluate(Env({expr.path: v}, {})).value is want]

    def through_derivation(self, expr: FactIs, want: bool) -> list[Way]:
        """A derived fact is changed through the entered yes/no and choice facts whose change changes it."""
        key = (expr.path, expr.values, want)
        if key not in self.levers:
            ways = []
            for path, spec in self.knowledge.vocabulary.facts.items():
                if spec.derived or spec.type not in ("bool", "enum"):
                    continue
                for value in self.values_of(spec):
                    if value == self.case.values.get(path):
                        continue
                    facts = derive(dataclasses.replace(self.case, values={**self.case.values, path: value}), self.knowledge)
                    if expr.evaluate(Env(facts, {})).value is want:
                        ways.append(Way({(path, value)}))
            self.levers[key] = ways
        return self.levers[key]

    @staticmethod
    def values_of(spec) -> list[Any]:
        if spec.type == "bool":
            return [True, False]
        if spec.type == "enum":
            return list(spec.values)
        return []

    def product(self, groups: list[list[Way]]) -> list[Way]:
        acc: set[Way] = {Way()}
        for alternatives in groups:
            acc = {a | b for a in acc for b in alternatives if len(a | b) <= self.max_size and _consistent(a | b)}
            acc = set(self.trim(acc))
            if not acc:
                return []
        return self.trim(acc)

    def union(self, groups: list[list[Way]]) -> list[Way]:
        return self.trim(set().union(*map(set, groups)) if groups else set())

    def trim(self, ways) -> list[Way]:
        """Smallest first, deterministic, no set that contains another, at most WIDTH of them."""
        kept: list[Way] = []
        for way in sorted(ways, key=lambda w: (len(w), sorted(map(repr, w)))):
            if len(way) <= self.max_size and not any(k <= way for k in kept):
                kept.append(way)
                if len(kept) >= WIDTH:
                    break
        return kept


class _Capped(Exception):
    pass


def _consistent(way: Way) -> bool:
    return len({path for path, _ in way}) == len(way)
