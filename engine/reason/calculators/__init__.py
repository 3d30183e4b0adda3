"""Computations over `Decimal` that the rules call for, each step kept for the opinion.

Two kinds, both registered here so the pipeline stays one-directional:

- DERIVATIONS run before the rules: they compute facts of the `derived`
  vocabulary section (a ratio, a comparison of amounts) that rules then read.
- COMPUTATIONS run after the rules: given the facts and the conclusions (say,
  which damages method the rules selected), they compute amounts with every
  intermediate figure kept as a Step. They never feed rules.

A topic module (damages, non-compete, ...) defines `DERIVATIONS` (path -> fn)
and `COMPUTATIONS` (list of fn) and is listed in _MODULES.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Callable

_MODULES: tuple[str, ...] = ("noncompete", "damages", "limitation", "thresholds")


def pair(zh: str, en: str) -> dict[str, str]:
    """A text in both languages, as every label, formula and note of a computation is."""
    return {"zh": zh, "en": en}


@dataclass
class Step:
    """One figure of a computation: what it is, how it was obtained, its value."""

    label: dict[str, str]
    value: Decimal | str | None
    formula: dict[str, str] | None = None
    basis: list[str] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)  # the facts it was computed from
    versions: list[str] | None = None  # a step about one text of the law cites that text only


@dataclass
class Computation:
    id: str
    topic: str
    title: dict[str, str]
    steps: list[Step]
    result: Decimal | None
    result_label: dict[str, str] | None = None
    missing: list[str] = field(default_factory=list)
    notes: list[dict[str, str]] = field(default_factory=list)
    basis: list[str] = field(default_factory=list)
    # The most it can come to on these facts when `result` is not yet known (a statutory award within the
    # cap and the claim); the result itself once it is. Screening sorts and reports by it.
    ceiling: Decimal | None = None


# fn(facts so far, knowledge) -> value or None (None: not known)
Derivation = Callable[[dict[str, Any], Any], Any]
# fn(facts, statuses: dict[conclusion id, status], knowledge) -> Computation | None
ComputationFn = Callable[..., "Computation | None"]


def _load():
    derivations: dict[str, Derivation] = {}
    computations: list[ComputationFn] = []
    for name in _MODULES:
        module = importlib.import_module(f"{__name__}.{name}")
        derivations.update(getattr(module, "DERIVATIONS", {}))
        computations.extend(getattr(module, "COMPUTATIONS", []))
    return derivations, computations


DERIVATIONS, COMPUTATIONS = _load()
