"""One facts file, several matters: each defendant and each item of information assessed on its own.

A facts file may list `defendants:` (each with its own relation, access, obligations and conduct)
and `items:` (each with its own secrecy facts and measures). Every (defendant, item) pair is a
matter: the shared facts with that defendant's and that item's sections laid over them. Each
matter goes through the same rules; joint liability is then read per defendant from the matters
whose infringement is established.
"""

from __future__ import annotations

from dataclasses import dataclass

from .facts import Case, laid_over


@dataclass
class Matter:
    case: Case
    defendant: int | None  # index into the file's defendants, None when the file names one defendant
    item: int | None  # index into the file's items, None when the file claims one item

    @property
    def label(self) -> dict[str, str]:
        """How the memo names the matter: the defendant and the item, as entered."""
        who = self.case.values.get("parties.defendant.name") or (f"#{self.defendant + 1}" if self.defendant is not None else "")
        what = self.case.values.get("information.description") or (f"#{self.item + 1}" if self.item is not None else "")
        parts = [p for p in (who, what) if p]
        return {"zh": "／".join(parts), "en": " / ".join(parts)}


def matters(case: Case) -> list[Matter]:
    """Every (defendant, item) pair of the file, in the order entered; one matter for a plain file."""
    defendants = case.overlays.get("defendants") or [None]
    items = case.overlays.get("items") or [None]
    names = [d.values.get("parties.defendant.name") for d in defendants if d is not None]
    found = []
    for d_index, defendant in enumerate(defendants):
        for i_index, item in enumerate(items):
            found.append(Matter(_matter_case(case, defendant, item, names),
                                d_index if defendant is not None else None, i_index if item is not None else None))
    return found


def _matter_case(case: Case, defendant: Case | None, item: Case | None, names: list[str | None]) -> Case:
    combined = laid_over(case, defendant, item)
    values = combined.values
    if defendant is not None and "parties.co_defendants" not in case.values:
        others = [n for n in names if n and n != defendant.values.get("parties.defendant.name")]
        if others:  # the other defendants of the file act beside this one
            values["parties.co_defendants"] = others
    return combined
