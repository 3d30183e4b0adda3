"""Facts computed from the facts entered, before the rules run.

Each function below computes one fact of the `derived` vocabulary section. They
never guess: a derived fact whose inputs are unknown is itself unknown.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Callable

from .calculators import DERIVATIONS as TOPIC_DERIVATIONS
from ..load.facts import Case

# fn(values so far, knowledge) -> the derived value, or None when it cannot be known
Derivation = Callable[[dict[str, Any], Any], Any]


def _conduct_earliest(values: dict[str, Any], knowledge) -> dt.date | None:
    return values.get("conduct.started_on") or values.get("conduct.no_earlier_than")


def _conduct_latest(values: dict[str, Any], knowledge) -> dt.date | None:
    return values.get("conduct.ended_on") or values.get("conduct.no_later_than")


def _aucl_versions(values: dict[str, Any], knowledge) -> list[str] | None:
    """SPC Provisions Art. 28: the law in force at the time of the conduct; continuing conduct, the later law.

    Conduct still going on after a date is judged at the earliest by the law in force on that date."""
    earliest, latest = values.get("derived.conduct_earliest"), values.get("derived.conduct_latest")
    continuing = values.get("conduct.continuing_after")
    if continuing is not None and latest is None:
        earliest = continuing if earliest is None else max(earliest, continuing)
    if earliest is None and latest is None:
        return None
    return knowledge.sources.laws["aucl"].versions_between(earliest, latest) or None


def _measures_before_conduct(values: dict[str, Any], knowledge) -> bool | None:
    """SPC Provisions Art. 5: measures count only if taken before the conduct.

    The dates decide where both are known; otherwise the finding entered without dates."""
    measures = values.get("protection.in_place_by")
    earliest, latest = values.get("derived.conduct_earliest"), values.get("derived.conduct_latest")
    if measures is None:
        return values.get("protection.in_place_before_conduct")
    if earliest is not None and measures <= earliest:
        return True
    if latest is not None and measures > latest:
        return False
    if values.get("conduct.started_on") is not None and measures > values["conduct.started_on"]:
        return False
    return values.get("protection.in_place_before_conduct")


# In order: later derivations may read earlier ones.
DERIVATIONS: dict[str, Derivation] = {
    "derived.conduct_earliest": _conduct_earliest,
    "derived.conduct_latest": _conduct_latest,
    "derived.aucl_versions": _aucl_versions,
    "derived.measures_before_conduct": _measures_before_conduct,
}
DERIVATIONS.update(TOPIC_DERIVATIONS)


def derive(case: Case, knowledge) -> dict[str, Any]:
    """The case's known facts plus every derived fact that can be computed."""
    values = dict(case.values)
    for path, compute in DERIVATIONS.items():
        result = compute(values, knowledge)
        if result is not None:
            values[path] = result
    return values
