"""Who must prove a fact, and what the court takes when nobody proved it.

The outcome on the present record decides as a court does at the end of a trial:
a fact nobody proved is taken against the party that bears its burden of proof.
All of it is data in the vocabulary (rules/vocabulary/), never decided here:

- `burden:` the party that must prove the fact;
- `favours:` the party a *true* value helps (yes/no facts), so the unproved value
  is the one that does not help the party with the burden;
- `burden_shift: {to, when}`: the burden moves to `to` once the conclusion
  `when` is established on the outcome reading (AUCL Art. 32, for instance);
- `unproved:` an explicit value for a fact with no burden (a question of law or of
  the tool), or `absent`: the fact stays without a value, and on the closed record
  every test on it is "not shown".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .vocabulary import ABSENT, FactSpec


@dataclass(frozen=True)
class Resolution:
    """How one unknown fact is taken on the outcome reading, and whose failure of proof that is."""

    path: str
    value: Any  # None: left without a value (`unproved: absent`)
    party: str | None  # the party whose burden went unmet (None for a question of law or of the tool)
    shifted: bool  # the burden sits where a burden-shift rule moved it

    def as_json(self) -> dict[str, Any]:
        return {"fact": self.path, "value": self.value, "against": self.party, "shifted": self.shifted}


def burden_party(spec: FactSpec, shift_established: bool) -> tuple[str | None, bool]:
    """The party that must prove the fact, and whether a burden-shift rule put it there."""
    shift = spec.burden_shift
    if shift and shift_established:
        return shift["to"], shift["to"] != spec.burden
    return spec.burden, False


def can_resolve(spec: FactSpec) -> bool:
    """Whether the vocabulary says how this fact is taken when unproved (`secretlaw check` requires it)."""
    if spec.unproved is not None:
        return True
    return spec.type == "bool" and spec.burden is not None and spec.favours is not None


def resolve(spec: FactSpec, shift_established: bool) -> Resolution:
    party, shifted = burden_party(spec, shift_established)
    if spec.unproved is not None and not (shifted and spec.type == "bool" and spec.favours):
        value = None if spec.unproved is ABSENT else spec.unproved
        return Resolution(spec.path, value, party, shifted)
    if not can_resolve(spec):  # refused by load_knowledge; kept as a guard for hand-built knowledge
        raise ValueError(f"{spec.path}: the vocabulary does not say how it is taken when unproved")
    return Resolution(spec.path, spec.favours != party, party, shifted)


@dataclass
class Reading:
    """Both readings of one conclusion: what the facts establish, and the outcome on the present record."""

    status: Any  # engine.logic.Verdict, three-valued
    outcome: Any  # engine.logic.Verdict on the closed record: established or not_established
    resolved: list[Resolution]  # the unknown facts the outcome took against the party with the burden, that it rests on
    resolved_any: bool = False  # its outcome rests on facts taken by burden, its own or an earlier conclusion's
