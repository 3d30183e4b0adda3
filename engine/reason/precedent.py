"""The nearest decided seed case and the closest test scenarios: shared legal factors,
differences, and whom each difference helps.

Precedents and factors are data (rules/precedents/precedents.yaml). A precedent's
factor values come from evaluating its own facts file with the same rules, and a
test scenario's (tests/cases/*.yaml, packaged with the engine) from evaluating the
scenario, so every comparison uses the very reasoning the opinion shows. A factor
with an `applies_when` condition is compared only where it applies to both cases:
a rule decided only because its point does not arise says nothing the cases share.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..cache import cached_json, digest
from ..load import shape
from .casetests import find_case_files, load_case_test
from ..errors import InputError
from .evaluate import Evaluation, evaluate
from ..load.facts import load_case
from ..load.knowledge import Knowledge
from ..logic import ESTABLISHED, UNDETERMINED
from ..resources import resource_dir
from ..load.rulebook import parse_condition
from ..load.yamlsrc import load

_HELPS = ("holder", "defendant")
_CATALOGUES: dict[str, dict[str, Any]] = {}


def catalogue(knowledge: Knowledge) -> dict[str, Any]:
    """The precedents and factors, read once per body of rules (a factor's `applies_when` names its facts)."""
    if knowledge.fingerprint not in _CATALOGUES:
        _CATALOGUES[knowledge.fingerprint] = _read_catalogue(knowledge)
    return _CATALOGUES[knowledge.fingerprint]


def _read_catalogue(knowledge: Knowledge) -> dict[str, Any]:
    doc = load(Path(knowledge.root) / "precedents" / "precedents.yaml", "rules/precedents/precedents.yaml")
    data = shape.mapping(doc, (), doc.data)
    shape.keys(doc, (), data, ("factors", "precedents"), ("factors", "precedents"))
    for index, factor in enumerate(data["factors"]):
        where = ("factors", index)
        shape.keys(doc, where, shape.mapping(doc, where, factor), ("conclusion", "helps", "applies_when"),
                   ("conclusion", "helps"))
        if factor["helps"] not in _HELPS:
            raise doc.error(where + ("helps",), f"expected one of {', '.join(_HELPS)}")
        if "applies_when" in factor:
            factor["applies_when"] = parse_condition(doc, where + ("applies_when",), factor["applies_when"], knowledge.vocabulary)
    for index, item in enumerate(data["precedents"]):
        where = ("precedents", index)
        shape.keys(doc, where, shape.mapping(doc, where, item), ("id", "facts", "title", "outcome"),
                   ("id", "facts", "title", "outcome"))
        shape.text_pair(doc, where + ("title",), item["title"])
        shape.text_pair(doc, where + ("outcome",), item["outcome"])
    return data


_READINGS: dict[tuple[str, str], dict[str, Any]] = {}


def _precedent_reading(knowledge: Knowledge, facts_file: str) -> dict[str, Any]:
    """Each precedent is evaluated once per process and body of rules."""
    key = (knowledge.fingerprint, facts_file)
    if key not in _READINGS:
        source = Path(facts_file).read_bytes()
        _READINGS[key] = cached_json("precedent", digest([knowledge.fingerprint, facts_file, source]),
                                     lambda: _reading(evaluate(load_case(facts_file, knowledge.vocabulary), knowledge)))
    return _READINGS[key]


def _reading(evaluation: Evaluation) -> dict[str, Any]:
    """What a comparison needs of a case: the status of every conclusion, and whether each factor applies there."""
    return {"statuses": {cid: c.status for cid, c in evaluation.conclusions.items()},
            "applies": {f["conclusion"]: _applies(evaluation, f) for f in _factors(evaluation.knowledge)}}


def _applies(evaluation: Evaluation, factor: dict[str, Any]) -> bool | None:
    """Whether a factor's point arises in a case: true, false, or None when its facts are not known."""
    return evaluation.truth(factor["applies_when"]) if "applies_when" in factor else True


def _factors(knowledge: Knowledge) -> list[dict[str, Any]]:
    return [f for f in catalogue(knowledge)["factors"] if f["conclusion"] in knowledge.rules]


def nearest_precedent(evaluation: Evaluation) -> dict[str, Any] | None:
    """The seed case sharing most decided factors with the matter (ties: fewer differences, then the first listed)."""
    knowledge: Knowledge = evaluation.knowledge
    factors = _factors(knowledge)
    if not _decides_any(evaluation, factors):
        return None
    best = None
    for item in catalogue(knowledge)["precedents"]:
        facts_file = resource_dir("facts") / item["facts"]
        if not facts_file.exists():
            continue
        theirs = _precedent_reading(knowledge, str(facts_file))
        comparison = _compare(evaluation, theirs, factors)
        if best is None or _seed_closeness(comparison) > _seed_closeness(best):
            best = dict(comparison, id=item["id"], title=item["title"], outcome=item["outcome"])
    return best if best and best["shared"] else None


_SCENARIOS: dict[str, tuple[list[dict[str, Any]], list[str]]] = {}


def _scenario_readings(knowledge: Knowledge) -> tuple[list[dict[str, Any]], list[str]]:
    """Every packaged test scenario, evaluated once per process and body of rules; and the ids of
    those that cannot be read with these rules (a scenario written for the default rules may name
    facts that a rules folder of one's own does not know). The memo names the ones left out."""
    if knowledge.fingerprint not in _SCENARIOS:
        files = find_case_files(resource_dir("tests") / "cases")
        # a scenario's facts may sit in a file beside it or among the shipped facts: all are part of the key
        parts = [knowledge.fingerprint]
        for folder in (resource_dir("tests") / "cases", resource_dir("facts")):
            parts += [x for f in sorted(folder.rglob("*.yaml")) for x in (str(f), f.read_bytes())]
        scenarios, unreadable = cached_json("scenarios", digest(parts), lambda: _read_scenarios(knowledge, files))
        _SCENARIOS[knowledge.fingerprint] = (scenarios, unreadable)
    return _SCENARIOS[knowledge.fingerprint]


def _read_scenarios(knowledge: Knowledge, files: list[Path]) -> list:
    scenarios, unreadable = [], []
    for file in files:
        try:
            test = load_case_test(file, knowledge)
        except InputError:
            unreadable.append(file.stem)
            continue
        scenarios.append(dict(_reading(evaluate(test.case, knowledge)), id=file.stem, title=test.titles))
    return [scenarios, unreadable]


def similar_scenarios(evaluation: Evaluation, limit: int = 3) -> dict[str, list[dict[str, Any]]] | None:
    """The test scenarios compared with the matter on the same legal factors.

    `same`: the scenarios decided the same way on every factor the matter decides (each arising there too);
    `nearest`: the `limit` closest that differ on at least one, with whom each difference helps;
    `not_compared`: the scenarios the rules in use cannot read.
    Scenarios are hypotheticals built to test the rules, not decided cases; the memo
    offers them for study beside the nearest decided case."""
    knowledge: Knowledge = evaluation.knowledge
    factors = _factors(knowledge)
    if not _decides_any(evaluation, factors):
        return None
    same, differing = [], []
    scenarios, unreadable = _scenario_readings(knowledge)
    for scenario in scenarios:
        comparison = _compare(evaluation, scenario, factors)
        if not comparison["shared"]:
            continue
        entry = dict(comparison, id=scenario["id"], title=scenario["title"],
                     infringement=scenario["statuses"].get("infringement"))
        apart = comparison["different"] or comparison["open_there"] or comparison["not_there"]
        (differing if apart else same).append(entry)
    differing.sort(key=_scenario_order)
    return {"same": [{"id": s["id"], "title": s["title"]} for s in same], "nearest": differing[:limit],
            "not_compared": unreadable}


def _decides_any(evaluation: Evaluation, factors: list[dict[str, Any]]) -> bool:
    """A matter that decides no factor that applies to it has nothing to compare (an agreement review, say)."""
    return any(evaluation.status(f["conclusion"]) != UNDETERMINED and _applies(evaluation, f) for f in factors)


def _seed_closeness(comparison: dict[str, Any]) -> tuple[int, int]:
    """Larger is closer: most factors in common, then fewest differences."""
    return len(comparison["shared"]), -len(comparison["different"])


def _scenario_order(comparison: dict[str, Any]) -> tuple[int, int, str]:
    """Closest first: factors in common net of those that differ, are open or do not arise there, then
    most in common, then by file name. Netting matters: many scenarios are one-fact variants of the
    same seed, and the one that differs least is the most instructive comparison."""
    shared = len(comparison["shared"])
    apart = len(comparison["different"]) + len(comparison["open_there"]) + len(comparison["not_there"])
    return -(shared - apart), -shared, comparison["id"]


def _compare(evaluation: Evaluation, theirs: dict[str, Any], factors: list[dict]) -> dict[str, Any]:
    """Factors decided alike (`shared`), decided otherwise (`different`, with whom the matter's side
    of it helps), decided here but left open there (`open_there`), and decided here but not arising
    there (`not_there`: the customer-information requirement beside a technical secret). Factors open
    here, or that do not or may not arise here, compare nothing. One that may or may not arise there
    is open there whatever its status, since it may be decided there only vacuously."""
    shared, different, open_there, not_there = [], [], [], []
    for factor in factors:
        cid = factor["conclusion"]
        ours = evaluation.status(cid)
        if ours == UNDETERMINED or _applies(evaluation, factor) is not True:
            continue
        other, applies_there = theirs["statuses"].get(cid, UNDETERMINED), theirs["applies"].get(cid)
        rule = evaluation.knowledge.rules[cid]
        entry = {"conclusion": cid, "title": rule.title, "role": rule.role, "matter": ours, "precedent": other}
        if applies_there is False:
            not_there.append(entry)
        elif applies_there is None or other == UNDETERMINED:
            open_there.append(entry)
        elif ours == other:
            shared.append(entry)
        else:
            entry["helps"] = _whom_it_helps(factor["helps"], ours)
            different.append(entry)
    return {"shared": shared, "different": different, "open_there": open_there, "not_there": not_there}


def _whom_it_helps(helps_when_established: str, ours: str) -> str:
    """A factor established here but not there helps the side it favours; the reverse helps the other side."""
    if ours == ESTABLISHED:
        return helps_when_established
    return "defendant" if helps_when_established == "holder" else "holder"
