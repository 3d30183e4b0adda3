"""The nearest decided seed case: shared legal factors, differences, and whom each difference helps.

Precedents and factors are data (rules/precedents/precedents.yaml). A precedent's
factor values come from evaluating its own facts file with the same rules, so the
comparison uses the very reasoning the opinion shows.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from . import shape
from .evaluate import Evaluation, evaluate
from .facts import load_case
from .knowledge import Knowledge
from .resources import resource_dir
from .yamlsrc import load

_HELPS = ("holder", "defendant")


@functools.lru_cache(maxsize=4)
def _catalogue(rules_root: str) -> dict[str, Any]:
    doc = load(Path(rules_root) / "precedents" / "precedents.yaml", "rules/precedents/precedents.yaml")
    data = shape.mapping(doc, (), doc.data)
    shape.keys(doc, (), data, ("factors", "precedents"), ("factors", "precedents"))
    for index, factor in enumerate(data["factors"]):
        shape.keys(doc, ("factors", index), shape.mapping(doc, ("factors", index), factor), ("conclusion", "helps"),
                   ("conclusion", "helps"))
        if factor["helps"] not in _HELPS:
            raise doc.error(("factors", index, "helps"), f"expected one of {', '.join(_HELPS)}")
    for index, item in enumerate(data["precedents"]):
        where = ("precedents", index)
        shape.keys(doc, where, shape.mapping(doc, where, item), ("id", "facts", "title", "outcome"),
                   ("id", "facts", "title", "outcome"))
        shape.text_pair(doc, where + ("title",), item["title"])
        shape.text_pair(doc, where + ("outcome",), item["outcome"])
    return data


_STATUSES: dict[tuple[str, str], dict[str, str]] = {}


def _precedent_statuses(knowledge: Knowledge, facts_file: str) -> dict[str, str]:
    """Each precedent is evaluated once per process and body of rules."""
    key = (knowledge.fingerprint, facts_file)
    if key not in _STATUSES:
        evaluation = evaluate(load_case(facts_file, knowledge.vocabulary), knowledge)
        _STATUSES[key] = {cid: c.status for cid, c in evaluation.conclusions.items()}
    return _STATUSES[key]


def nearest_precedent(evaluation: Evaluation) -> dict[str, Any] | None:
    """The seed case sharing most decided factors with the matter (ties: the first listed)."""
    knowledge: Knowledge = evaluation.knowledge
    catalogue = _catalogue(str(knowledge.root))
    factors = [f for f in catalogue["factors"] if f["conclusion"] in knowledge.rules]
    best = None
    for item in catalogue["precedents"]:
        facts_file = resource_dir("facts") / item["facts"]
        if not facts_file.exists():
            continue
        theirs = _precedent_statuses(knowledge, str(facts_file))
        comparison = _compare(evaluation, theirs, factors)
        if best is None or len(comparison["shared"]) > len(best["shared"]):
            best = dict(comparison, id=item["id"], title=item["title"], outcome=item["outcome"])
    return best if best and best["shared"] else None


def _compare(evaluation: Evaluation, theirs: dict[str, str], factors: list[dict]) -> dict[str, Any]:
    shared, different = [], []
    for factor in factors:
        cid = factor["conclusion"]
        ours, other = evaluation.status(cid), theirs.get(cid)
        entry = {"conclusion": cid, "title": evaluation.knowledge.rules[cid].title, "matter": ours, "precedent": other}
        if ours == other and ours != "undetermined":
            shared.append(entry)
        elif ours != other and "undetermined" not in (ours, other):
            entry["helps"] = _whom_it_helps(factor["helps"], ours)
            different.append(entry)
    return {"shared": shared, "different": different}


def _whom_it_helps(helps_when_established: str, ours: str) -> str:
    """A factor established here but not there helps the side it favours; the reverse helps the other side."""
    if ours == "established":
        return helps_when_established
    return "defendant" if helps_when_established == "holder" else "holder"
