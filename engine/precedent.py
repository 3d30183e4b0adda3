"""The nearest decided seed case and the closest test scenarios: shared legal factors,
differences, and whom each difference helps.

Precedents and factors are data (rules/precedents/precedents.yaml). A precedent's
factor values come from evaluating its own facts file with the same rules, and a
test scenario's (tests/cases/*.yaml, packaged with the engine) from evaluating the
scenario, so every comparison uses the very reasoning the opinion shows.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from . import shape
from .casetests import find_case_files, load_case_test
from .errors import InputError
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
        _STATUSES[key] = _statuses_of(load_case(facts_file, knowledge.vocabulary), knowledge)
    return _STATUSES[key]


def _statuses_of(case, knowledge: Knowledge) -> dict[str, str]:
    return {cid: c.status for cid, c in evaluate(case, knowledge).conclusions.items()}


def _factors(knowledge: Knowledge) -> list[dict[str, str]]:
    catalogue = _catalogue(str(knowledge.root))
    return [f for f in catalogue["factors"] if f["conclusion"] in knowledge.rules]


def nearest_precedent(evaluation: Evaluation) -> dict[str, Any] | None:
    """The seed case sharing most decided factors with the matter (ties: fewer differences, then the first listed)."""
    knowledge: Knowledge = evaluation.knowledge
    factors = _factors(knowledge)
    if not _decides_any(evaluation, factors):
        return None
    best = None
    for item in _catalogue(str(knowledge.root))["precedents"]:
        facts_file = resource_dir("facts") / item["facts"]
        if not facts_file.exists():
            continue
        theirs = _precedent_statuses(knowledge, str(facts_file))
        comparison = _compare(evaluation, theirs, factors)
        if best is None or _seed_closeness(comparison) > _seed_closeness(best):
            best = dict(comparison, id=item["id"], title=item["title"], outcome=item["outcome"])
    return best if best and best["shared"] else None


_SCENARIOS: dict[str, tuple[list[dict[str, Any]], list[str]]] = {}


def _scenario_statuses(knowledge: Knowledge) -> tuple[list[dict[str, Any]], list[str]]:
    """Every packaged test scenario, evaluated once per process and body of rules; and the ids of
    those that cannot be read with these rules (a scenario written for the default rules may name
    facts that a rules folder of one's own does not know). The memo names the ones left out."""
    if knowledge.fingerprint not in _SCENARIOS:
        scenarios, unreadable = [], []
        for file in find_case_files(resource_dir("tests") / "cases"):
            try:
                test = load_case_test(file, knowledge)
            except InputError:
                unreadable.append(file.stem)
                continue
            scenarios.append({"id": file.stem, "title": test.titles, "statuses": _statuses_of(test.case, knowledge)})
        _SCENARIOS[knowledge.fingerprint] = (scenarios, unreadable)
    return _SCENARIOS[knowledge.fingerprint]


def similar_scenarios(evaluation: Evaluation, limit: int = 3) -> dict[str, list[dict[str, Any]]] | None:
    """The test scenarios compared with the matter on the same legal factors.

    `same`: the scenarios decided the same way on every factor the matter decides;
    `nearest`: the `limit` closest that differ on at least one, with whom each difference helps;
    `not_compared`: the scenarios the rules in use cannot read.
    Scenarios are hypotheticals built to test the rules, not decided cases; the memo
    offers them for study beside the nearest decided case."""
    knowledge: Knowledge = evaluation.knowledge
    factors = _factors(knowledge)
    if not _decides_any(evaluation, factors):
        return None
    same, differing = [], []
    scenarios, unreadable = _scenario_statuses(knowledge)
    for scenario in scenarios:
        comparison = _compare(evaluation, scenario["statuses"], factors)
        if not comparison["shared"]:
            continue
        entry = dict(comparison, id=scenario["id"], title=scenario["title"],
                     infringement=scenario["statuses"].get("infringement"))
        (differing if comparison["different"] or comparison["open_there"] else same).append(entry)
    differing.sort(key=_scenario_order)
    return {"same": [{"id": s["id"], "title": s["title"]} for s in same], "nearest": differing[:limit],
            "not_compared": unreadable}


def _decides_any(evaluation: Evaluation, factors: list[dict[str, str]]) -> bool:
    """A matter that decides no factor has nothing to compare (an agreement review, say)."""
    return any(evaluation.status(f["conclusion"]) != "undetermined" for f in factors)


def _seed_closeness(comparison: dict[str, Any]) -> tuple[int, int]:
    """Larger is closer: most factors in common, then fewest differences."""
    return len(comparison["shared"]), -len(comparison["different"])


def _scenario_order(comparison: dict[str, Any]) -> tuple[int, int, str]:
    """Closest first: factors in common net of those that differ or are open there, then most
    in common, then by file name. Netting matters: many scenarios are one-fact variants of the
    same seed, and the one that differs least is the most instructive comparison."""
    shared = len(comparison["shared"])
    apart = len(comparison["different"]) + len(comparison["open_there"])
    return -(shared - apart), -shared, comparison["id"]


def _compare(evaluation: Evaluation, theirs: dict[str, str], factors: list[dict]) -> dict[str, Any]:
    """Factors decided alike (`shared`), decided otherwise (`different`, with whom the matter's side
    of it helps), and decided here but left open there (`open_there`). Factors open here compare nothing."""
    shared, different, open_there = [], [], []
    for factor in factors:
        cid = factor["conclusion"]
        ours, other = evaluation.status(cid), theirs.get(cid, "undetermined")
        if ours == "undetermined":
            continue
        rule = evaluation.knowledge.rules[cid]
        entry = {"conclusion": cid, "title": rule.title, "role": rule.role, "matter": ours, "precedent": other}
        if ours == other:
            shared.append(entry)
        elif other == "undetermined":
            open_there.append(entry)
        else:
            entry["helps"] = _whom_it_helps(factor["helps"], ours)
            different.append(entry)
    return {"shared": shared, "different": different, "open_there": open_there}


def _whom_it_helps(helps_when_established: str, ours: str) -> str:
    """A factor established here but not there helps the side it favours; the reverse helps the other side."""
    if ours == "established":
        return helps_when_established
    return "defendant" if helps_when_established == "holder" else "holder"
