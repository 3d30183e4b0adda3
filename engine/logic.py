"""Three-valued (Kleene) evaluation of rule conditions, with the reasons kept.

A condition is true, false or unknown. `all` is false as soon as one member is
false and true only when every member is; `any` the reverse; `not` swaps true
and false and keeps unknown. Each outcome keeps *why*: the facts and earlier
conclusions that decided it, or, when it is unknown, the unknown facts that
would decide it. Nothing here guesses a missing fact.

The same conditions also give the *outcome on the present record*: the caller
(engine.load.burden) first resolves every unknown fact against the party bearing its
burden and passes a closed Env. In a closed Env a test on a fact that is still
without a value (a figure nobody proved, a period that straddles two laws) is
simply not shown, so every condition is true or false.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple

ESTABLISHED, NOT_ESTABLISHED, UNDETERMINED = "established", "not_established", "undetermined"
STATUS_OF = {True: ESTABLISHED, False: NOT_ESTABLISHED, None: UNDETERMINED}
TRUTH_OF = {ESTABLISHED: True, NOT_ESTABLISHED: False, UNDETERMINED: None}

COMPARISONS = {
    "before": lambda a, b: a < b,
    "on_or_before": lambda a, b: a <= b,
    "after": lambda a, b: a > b,
    "on_or_after": lambda a, b: a >= b,
    "at_least": lambda a, b: a >= b,
    "more_than": lambda a, b: a > b,
    "at_most": lambda a, b: a <= b,
    "less_than": lambda a, b: a < b,
}


class Ref(NamedTuple):
    """A reason: a fact (with its value) or an earlier conclusion (with its status). A named tuple, not a
    dataclass: millions are made and hashed in a screening, and a tuple is several times cheaper."""

    kind: str  # "fact" or "conclusion"
    id: str
    value: Any

    def as_json(self) -> dict:
        value = list(self.value) if isinstance(self.value, tuple) else self.value
        return {self.kind: self.id, ("value" if self.kind == "fact" else "status"): value}


class Outcome:
    __slots__ = ("value", "because", "missing")

    def __init__(self, value: bool | None, because: list[Ref] | None = None, missing: list[str] | None = None):
        self.value = value
        self.because = because if because is not None else []
        self.missing = missing if missing is not None else []


class Env:
    """What a rule can see: fact values, and earlier conclusions with their missing facts.

    `closed` marks the outcome reading: `facts` then also holds the values resolved by
    burden (their paths in `resolved`), and a test without a value is false, not unknown.
    """

    def __init__(self, facts: dict[str, Any], conclusions: dict[str, tuple[str, list[str]]],
                 closed: bool = False, resolved: frozenset[str] = frozenset(), by_burden: frozenset[str] = frozenset()):
        self.facts = facts
        self.conclusions = conclusions
        self.closed = closed
        self.resolved = resolved  # facts taken by burden
        self.by_burden = by_burden  # conclusions whose outcome rests on facts taken by burden

    def firm(self, outcome: Outcome) -> bool:
        """Whether an outcome rests only on facts entered, not on any fact taken by burden."""
        return not any(r.id in (self.resolved if r.kind == "fact" else self.by_burden) for r in outcome.because)

    def open_question(self, paths: list[str], because: list[Ref] | None = None) -> Outcome:
        """A test whose facts have no value: unknown, or on the closed record not shown."""
        if self.closed:
            return Outcome(False, (because or []) + [Ref("fact", p, None) for p in paths if p not in self.facts])
        return Outcome(None, because or [], list(paths))


# --- expressions -------------------------------------------------------------------------------


class Expr:
    def evaluate(self, env: Env) -> Outcome:  # pragma: no cover - abstract
        raise NotImplementedError

    def facts(self) -> set[str]:
        return set()

    def tested_facts(self) -> set[str]:
        """The facts whose value it tests (not merely whether they were stated): those the burden resolves."""
        return self.facts()

    def conclusions(self) -> set[str]:
        return set()


@dataclass
class FactIs(Expr):
    """A yes/no fact, or an enumerated fact having one of some values."""

    path: str
    values: tuple | None = None  # None: a bool fact read as it is

    def evaluate(self, env: Env) -> Outcome:
        if self.path not in env.facts:
            return env.open_question([self.path])
        value = env.facts[self.path]
        ref = [Ref("fact", self.path, _jsonable(value))]
        if self.values is None:
            return Outcome(bool(value), ref)
        if isinstance(value, list):  # a set of candidates (e.g. the law versions a period may fall under)
            inside = [v in self.values for v in value]
            if all(inside):
                return Outcome(True, ref)
            if not any(inside):
                return Outcome(False, ref)
            return env.open_question([self.path], ref)
        return Outcome(value in self.values, ref)

    def facts(self) -> set[str]:
        return {self.path}


@dataclass
class Known(Expr):
    """Whether a fact was stated at all (never unknown itself)."""

    path: str

    def evaluate(self, env: Env) -> Outcome:
        if self.path in env.facts and self.path not in env.resolved:
            return Outcome(True, [Ref("fact", self.path, _jsonable(env.facts[self.path]))])
        return Outcome(False, [Ref("fact", self.path, None)])

    def facts(self) -> set[str]:
        return {self.path}

    def tested_facts(self) -> set[str]:
        return set()


@dataclass
class Compare(Expr):
    """A date or amount compared with a literal or with another fact."""

    path: str
    op: str
    literal: Any = None
    other: str | None = None

    def evaluate(self, env: Env) -> Outcome:
        unknown = [p for p in (self.path, self.other) if p and p not in env.facts]
        if unknown:
            return env.open_question(unknown)
        left = env.facts[self.path]
        right = env.facts[self.other] if self.other else self.literal
        refs = [Ref("fact", self.path, _jsonable(left))]
        if self.other:
            refs.append(Ref("fact", self.other, _jsonable(right)))
        return Outcome(COMPARISONS[self.op](left, right), refs)

    def facts(self) -> set[str]:
        return {p for p in (self.path, self.other) if p}


@dataclass
class ConclusionIs(Expr):
    id: str

    def evaluate(self, env: Env) -> Outcome:
        status, missing = env.conclusions[self.id]
        value = TRUTH_OF[status]
        return Outcome(value, [Ref("conclusion", self.id, status)], list(missing) if value is None else [])

    def conclusions(self) -> set[str]:
        return {self.id}


@dataclass
class Not(Expr):
    child: Expr

    def evaluate(self, env: Env) -> Outcome:
        inner = self.child.evaluate(env)
        value = None if inner.value is None else not inner.value
        return Outcome(value, inner.because, inner.missing)

    def facts(self) -> set[str]:
        return self.child.facts()

    def tested_facts(self) -> set[str]:
        return self.child.tested_facts()

    def conclusions(self) -> set[str]:
        return self.child.conclusions()


@dataclass
class Junction(Expr):
    """`all` (every member) or `any` (some member), in Kleene logic."""

    kind: str  # "all" or "any"
    children: list[Expr]

    def evaluate(self, env: Env) -> Outcome:
        decisive = self.kind != "all"  # the member value that settles the whole: False for all, True for any
        outcomes = [child.evaluate(env) for child in self.children]
        settling = [o for o in outcomes if o.value is decisive]
        if env.closed and len(settling) > 1:  # what the entered facts settle is the reason; burden only where they do not
            settling = [o for o in settling if env.firm(o)] or settling
        if settling:
            return Outcome(decisive, _merge_refs(o.because for o in settling))
        unknown = [o for o in outcomes if o.value is None]
        if unknown:
            return Outcome(None, _merge_refs(o.because for o in outcomes if o.value is not None),
                           _merge_missing(o.missing for o in unknown))
        return Outcome(not decisive, _merge_refs(o.because for o in outcomes))

    def facts(self) -> set[str]:
        return set().union(*(c.facts() for c in self.children))

    def tested_facts(self) -> set[str]:
        return set().union(*(c.tested_facts() for c in self.children))

    def conclusions(self) -> set[str]:
        return set().union(*(c.conclusions() for c in self.children))


def _merge_refs(groups) -> list[Ref]:
    seen: dict[Ref, None] = {}
    for group in groups:
        for ref in group:
            seen.setdefault(ref, None)
    return list(seen)


def _merge_missing(groups) -> list[str]:
    seen: dict[str, None] = {}
    for group in groups:
        for path in group:
            seen.setdefault(path, None)
    return list(seen)


def _jsonable(value: Any) -> Any:
    if isinstance(value, (dt.date, Decimal)):
        return str(value)
    if isinstance(value, list):  # kept hashable inside a Ref
        return tuple(value)
    return value


# --- a rule's verdict ----------------------------------------------------------------------------


@dataclass
class Verdict:
    """What one rule concluded and why."""

    status: str
    because: list[Ref]
    missing: list[str]
    exception: list[Ref]  # the reasons an exception (the rule's `unless`) applied or was rejected
    exception_applies: bool | None
    applicable: bool | None = True  # False: the rule's `applies_when` fails, so it cannot be reached at all


def decide(when: Expr, unless: Expr | None, env: Env, applies: Expr | None = None) -> Verdict:
    """`applies` and `when` and not `unless`, in Kleene logic, keeping which part decided."""
    if applies is not None:
        scope = applies.evaluate(env)
        if scope.value is False:
            return Verdict(NOT_ESTABLISHED, scope.because, [], [], None, applicable=False)
        verdict = decide(when, unless, env)
        if scope.value is None and verdict.status != NOT_ESTABLISHED:
            return Verdict(UNDETERMINED, verdict.because + scope.because, _merge_missing([scope.missing, verdict.missing]),
                           verdict.exception, verdict.exception_applies, applicable=None)
        verdict.applicable = scope.value
        return verdict
    main = when.evaluate(env)
    if unless is None:
        return Verdict(STATUS_OF[main.value], main.because, main.missing, [], None)
    exc = unless.evaluate(env)
    if main.value is False:
        return Verdict(NOT_ESTABLISHED, main.because, [], [], exc.value)
    if exc.value is True:
        return Verdict(NOT_ESTABLISHED, [], [], exc.because, True)
    if main.value is True and exc.value is False:
        return Verdict(ESTABLISHED, main.because, [], exc.because, False)
    missing = _merge_missing([main.missing if main.value is None else [], exc.missing if exc.value is None else []])
    return Verdict(UNDETERMINED, main.because, missing, exc.because, exc.value)
