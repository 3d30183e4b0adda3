"""Training exercises as data: a matter, a narrative written from its facts, and the questions to ask.

An exercise file (rules/training/exercises/*.yaml) names its matter and may add a hand-written
narrative and the conclusions to ask:

    matter: {seed: li_wine}                 # a seed case of rules/precedents/precedents.yaml,
    # matter: {scenario: 05-measures-after-departure}   # a test scenario of tests/cases/,
    # matter: {judgment: 07-tianci-carbomer-former-employee}   # a real judgment of tests/judgments/,
    # matter: {facts: li-wine-sales.yaml}   # or a facts file (the shipped facts/, or relative to this file)
    title: {zh: ..., en: ...}               # optional: the matter's own title by default
    narrative: {zh: ..., en: ...}           # optional: generated from the facts by default
    ask: [trade_secret, ...]                # optional: the default set of rules/training/training.yaml
    also_ask: [damages_liability, ...]      # optional: added to the default set

Every test scenario and every real judgment that no exercise file names is an exercise too, with the
generated narrative and the default questions, so a judgment added to tests/judgments/ becomes an
exercise without anything written here. The truth an answer is graded against is never written in
an exercise: it is the rules' evaluation of the matter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..load import shape
from ..reason.casetests import find_case_files, load_case_test
from ..errors import InputError
from ..reason.evaluate import Evaluation
from ..report.explain import fact_sentence, opinion_scope
from ..load.facts import Case, load_case
from ..load.knowledge import Knowledge
from ..load.matters import matters
from ..report.messages import Messages
from ..reason.precedent import catalogue as precedent_catalogue
from ..resources import resource_dir
from ..load.rulebook import Rule
from ..load.yamlsrc import load

ORIGINS = ("seed", "scenario", "judgment", "facts")
_EXERCISE_KEYS = ("matter", "title", "narrative", "ask", "also_ask")
# Facts the narrative's opening sentence already states, so the record does not repeat them.
_IN_INTRO = ("parties.holder.name", "parties.defendant.name", "parties.defendant.relation", "information.kind",
             "information.description")


@dataclass
class Kind:
    """A kind of element the score is grouped by (secrecy, measures, obligation, acts, defences, damages)."""

    id: str
    title: dict[str, str]
    conclusions: frozenset[str]
    rulesets: frozenset[str]


@dataclass
class Training:
    """rules/training/training.yaml: the default questions, the article distractors, the element kinds."""

    rulesets: list[str]
    skip_roles: list[str]
    distractors: int
    kinds: list[Kind]

    def kind_of(self, rule: Rule) -> Kind | None:
        for kind in self.kinds:
            if rule.concludes in kind.conclusions:
                return kind
        return next((k for k in self.kinds if rule.ruleset in k.rulesets), None)


@dataclass
class Exercise:
    id: str
    title: dict[str, str]
    origin: str  # seed, scenario, judgment or facts
    matter: str  # the file the matter's facts come from, as shown to the student
    case: Case
    file: str  # where the exercise is defined (its own file, or the scenario or judgment it is made from)
    narrative: dict[str, str] | None = None  # hand-written; otherwise generated from the facts
    ask: list[str] | None = None
    also_ask: list[str] = field(default_factory=list)
    source: dict[str, str] | None = None  # a real judgment: court, case number, citation
    expect_outcome: dict[str, str] = field(default_factory=dict)  # a real judgment: what the court held


# --- the training configuration ----------------------------------------------------------------


_TRAINING: dict[str, Training] = {}
_CATALOGUE: dict[str, list[Exercise]] = {}


def training(knowledge: Knowledge) -> Training:
    """Read once per body of rules."""
    if knowledge.fingerprint not in _TRAINING:
        _TRAINING[knowledge.fingerprint] = _training(knowledge)
    return _TRAINING[knowledge.fingerprint]


def _training(knowledge: Knowledge) -> Training:
    path = Path(knowledge.root) / "training" / "training.yaml"
    doc = load(path, "rules/training/training.yaml")
    data = shape.mapping(doc, (), doc.data)
    shape.keys(doc, (), data, ("ask", "distractors", "kinds"), ("ask", "kinds"))
    ask = shape.mapping(doc, ("ask",), data["ask"])
    shape.keys(doc, ("ask",), ask, ("rulesets", "skip_roles"), ("rulesets",))
    names = {rs.name for rs in knowledge.rulesets}
    rulesets = _names(doc, ("ask", "rulesets"), ask["rulesets"], names, "rule set")
    skip = [str(r) for r in ask.get("skip_roles", [])]
    distractors = data.get("distractors", 3)
    if not isinstance(distractors, int) or isinstance(distractors, bool) or not 0 <= distractors <= 6:
        raise doc.error(("distractors",), "expected a whole number from 0 to 6")
    if not isinstance(data["kinds"], list) or not data["kinds"]:
        raise doc.error(("kinds",), "expected a non-empty list of kinds")
    kinds, seen = [], {}
    for index, spec in enumerate(data["kinds"]):
        where = ("kinds", index)
        shape.mapping(doc, where, spec)
        shape.keys(doc, where, spec, ("id", "title", "conclusions", "rulesets"), ("id", "title"))
        conclusions = _names(doc, where + ("conclusions",), spec.get("conclusions", []), knowledge.rules, "conclusion")
        for cid in conclusions:
            if cid in seen:
                raise doc.error(where + ("conclusions",), f"'{cid}' is already of kind '{seen[cid]}'", "one kind per conclusion")
            seen[cid] = spec["id"]
        kinds.append(Kind(str(spec["id"]), shape.text_pair(doc, where + ("title",), spec["title"]), frozenset(conclusions),
                          frozenset(_names(doc, where + ("rulesets",), spec.get("rulesets", []), names, "rule set"))))
    config = Training(rulesets, skip, distractors, kinds)
    for rule in knowledge.rules.values():  # everything an exercise asks by default has a kind
        if rule.ruleset in rulesets and rule.role not in skip and config.kind_of(rule) is None:
            raise doc.error(("kinds",), f"conclusion '{rule.concludes}' ({rule.file}:{rule.line}) has no kind")
    return config


def _names(doc, where: tuple, value: Any, known, what: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise doc.error(where, f"expected a list of {what} names")
    for item in value:
        if item not in known:
            raise doc.error(where, f"no {what} '{item}'", shape.suggest(item, known))
    return list(value)


# --- the catalogue of exercises ------------------------------------------------------------------


def exercise_dir(knowledge: Knowledge) -> Path:
    return Path(knowledge.root) / "training" / "exercises"


def scenario_dir() -> Path:
    return resource_dir("tests") / "cases"


def judgment_dir() -> Path:
    return resource_dir("tests") / "judgments"


def catalogue(knowledge: Knowledge) -> list[Exercise]:
    """The exercise files first, then every scenario and judgment no exercise file names (by file name);
    read once per process and body of rules."""
    if knowledge.fingerprint not in _CATALOGUE:
        _CATALOGUE[knowledge.fingerprint] = _catalogue(knowledge)
    return _CATALOGUE[knowledge.fingerprint]


def _catalogue(knowledge: Knowledge) -> list[Exercise]:
    config = training(knowledge)
    written = [_exercise_file(path, knowledge, config) for path in sorted(exercise_dir(knowledge).glob("*.yaml"))]
    named = {(e.origin, Path(e.matter).stem) for e in written}
    found = list(written)
    for origin, folder in (("scenario", scenario_dir()), ("judgment", judgment_dir())):
        if not folder.is_dir():
            continue
        for path in find_case_files(folder):
            if (origin, path.stem) not in named:
                try:
                    found.append(_from_case_test(f"{origin}-{path.stem}", origin, path, knowledge))
                except InputError:  # written for other rules (as the comparison, it leaves it out); `secretlaw test` names it
                    continue
    ids: dict[str, str] = {}
    for exercise in found:
        if exercise.id in ids:
            raise InputError(exercise.file, None, None, f"exercise id '{exercise.id}' is also that of {ids[exercise.id]}")
        ids[exercise.id] = exercise.file
    return found


def find(knowledge: Knowledge, name: str) -> Exercise:
    """An exercise by id, by a part of its id that only it has, or a facts file or test-case file by path."""
    if name.endswith((".yaml", ".yml")) and Path(name).exists():
        return from_file(name, knowledge)
    found = catalogue(knowledge)
    exact = [e for e in found if e.id == name]
    if exact:
        return exact[0]
    partial = [e for e in found if name.lower() in e.id.lower()]
    if len(partial) == 1:
        return partial[0]
    hint = ("it matches " + ", ".join(e.id for e in partial[:6])) if partial else \
        (shape.suggest(name, [e.id for e in found]) or "run 'secretlaw train' without an exercise for the list")
    raise InputError("(command line)", None, "EXERCISE", f"no single exercise '{name}'", hint)


def from_file(path: str | Path, knowledge: Knowledge) -> Exercise:
    """An exercise made on the spot from a facts file, or from a test-case or judgment file (with `expect`)."""
    doc = load(path)
    data = doc.data if isinstance(doc.data, dict) else {}
    if "facts" in data and ("expect" in data or "expect_outcome" in data):
        return _from_case_test(Path(path).stem, "judgment" if "source" in data else "scenario", Path(path), knowledge)
    case = _first_matter(load_case(path, knowledge.vocabulary))
    title = case.values.get("case.title") or Path(path).stem
    return Exercise(Path(path).stem, {"zh": title, "en": title}, "facts", str(path), case, str(path))


def _from_case_test(exercise_id: str, origin: str, path: Path, knowledge: Knowledge, **extra) -> Exercise:
    test = load_case_test(path, knowledge)
    title = extra.pop("title", None) or test.titles
    file = extra.pop("file", test.file)
    court = origin == "judgment"  # a scenario's expected outcome is a test of the rules, not a court's finding
    return Exercise(exercise_id, title, origin, str(path), _first_matter(test.case), file,
                    source=test.source if court else None, expect_outcome=dict(test.expect_outcome) if court else {}, **extra)


def _first_matter(case: Case) -> Case:
    """A file naming several defendants or items is trained on its first pair (engine.load.matters)."""
    return matters(case)[0].case if case.overlays else case


def _exercise_file(path: Path, knowledge: Knowledge, config: Training) -> Exercise:
    doc = load(path, f"rules/training/exercises/{path.name}")
    data = shape.mapping(doc, (), doc.data, "a mapping with 'matter:'")
    shape.keys(doc, (), data, _EXERCISE_KEYS, ("matter",))
    matter = shape.mapping(doc, ("matter",), data["matter"], "a mapping such as {seed: li_wine} or {scenario: 02-...}")
    shape.keys(doc, ("matter",), matter, ORIGINS)
    if len(matter) != 1:
        raise doc.error(("matter",), "name exactly one of " + ", ".join(ORIGINS))
    origin, name = next(iter(matter.items()))
    extra: dict[str, Any] = {"file": doc.file}
    if "title" in data:
        extra["title"] = shape.text_pair(doc, ("title",), data["title"])
    if "narrative" in data:
        extra["narrative"] = shape.text_pair(doc, ("narrative",), data["narrative"])
    for key in ("ask", "also_ask"):
        if key in data:
            asked = _names(doc, (key,), data[key], knowledge.rules, "conclusion")
            for cid in asked:
                if config.kind_of(knowledge.rules[cid]) is None:
                    raise doc.error((key,), f"'{cid}' has no kind in rules/training/training.yaml")
            extra[key] = asked
    if origin in ("scenario", "judgment"):
        file = (scenario_dir() if origin == "scenario" else judgment_dir()) / f"{name}.yaml"
        if not file.exists():
            raise doc.error(("matter", origin), f"no {origin} '{name}' in {file.parent}")
        return _from_case_test(path.stem, origin, file, knowledge, **extra)
    if origin == "seed":
        seeds = {p["id"]: p for p in precedent_catalogue(knowledge)["precedents"]}
        if name not in seeds:
            raise doc.error(("matter", "seed"), f"no seed case '{name}'", shape.suggest(str(name), seeds) or shape.valid_list(seeds))
        file = resource_dir("facts") / seeds[name]["facts"]
        extra.setdefault("title", seeds[name]["title"])
    else:
        file = path.parent / str(name)
        if not file.exists():
            file = resource_dir("facts") / str(name)
        if not file.exists():
            raise doc.error(("matter", "facts"), f"no facts file '{name}'", "a file of facts/ or a path relative to this file")
    case = _first_matter(load_case(file, knowledge.vocabulary))
    title = extra.pop("title", None) or {"zh": case.values.get("case.title", path.stem), "en": case.values.get("case.title", path.stem)}
    return Exercise(path.stem, title, origin, str(file), case, extra.pop("file"), **extra)


def check(knowledge: Knowledge) -> int:
    """`secretlaw check`: the training configuration and every exercise load; the number of exercises
    (none for a rules folder of one's own without training/)."""
    if not (Path(knowledge.root) / "training").is_dir():
        return 0
    training(knowledge)
    return len(catalogue(knowledge))


# --- what an exercise asks, and what the student reads ------------------------------------------


def questions(exercise: Exercise, evaluation: Evaluation) -> list[str]:
    """The conclusions to ask, in the order of the rule files; never one whose point does not arise here."""
    knowledge = evaluation.knowledge
    if exercise.ask is not None:
        asked = list(exercise.ask)
    else:
        config = training(knowledge)
        scope = opinion_scope(evaluation)
        asked = [r.concludes for rs in knowledge.rulesets if rs.name in config.rulesets and rs.topic in scope
                 for r in rs.rules if r.role not in config.skip_roles]
        asked += [main for topic, main in knowledge.topics.items() if topic in scope and main not in asked]
        asked += [c for c in exercise.also_ask if c not in asked]
    return [cid for cid in asked if evaluation.applies(cid) is not False]


def narrative(exercise: Exercise, evaluation: Evaluation, lang: str) -> dict[str, Any]:
    """What the student reads: the story (hand-written, or an opening sentence made from the parties and the
    information), then the record, section by section, each fact as the opinion states it. Nothing in it
    states a conclusion; the case summary is left out, since a judgment's summary states the holding."""
    t = Messages(lang)
    story = [p.strip() for p in exercise.narrative[lang].split("\n\n") if p.strip()] if exercise.narrative else \
        [_intro(evaluation, t, lang)]
    vocabulary, values = evaluation.knowledge.vocabulary, exercise.case.values
    record = []
    for name, section in vocabulary.sections.items():
        if section.derived or name == "case":
            continue
        facts = [fact_sentence(spec, values[path])[lang] for path, spec in vocabulary.facts.items()
                 if path.split(".", 1)[0] == name and path in values and path not in _IN_INTRO and spec.type != "list"]
        if facts:
            record.append({"section": section.title[lang], "facts": facts})
    return {"title": exercise.title[lang], "story": story, "record": record, "closing": t("train_not_stated")}


def _intro(evaluation: Evaluation, t: Messages, lang: str) -> str:
    values, vocabulary = evaluation.case.values, evaluation.knowledge.vocabulary
    if not any(p.startswith(("information.", "conduct.", "parties.")) for p in values):
        return t("train_intro_other")
    holder = values.get("parties.holder.name") or t("party_holder")
    defendant = values.get("parties.defendant.name") or t("party_defendant")
    relation = values.get("parties.defendant.relation")
    if relation:
        defendant = t("train_who", name=defendant, relation=vocabulary.get("parties.defendant.relation").values[relation][lang])
    kind = values.get("information.kind")
    what = vocabulary.get("information.kind").values[kind][lang] if kind else t("train_secret")
    if values.get("information.description"):
        what = t("train_what", kind=what, description=values["information.description"])
    return t("train_intro", holder=holder, defendant=defendant, what=what)
