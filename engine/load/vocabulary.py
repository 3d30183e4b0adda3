"""The fact vocabulary: every fact a case file may state, and how to ask for it.

`rules/vocabulary/*.yaml` declare, section by section, each fact's type, its
label, the plain question a paralegal asks to find it out, who bears the burden
of proving it, and the sentence the opinion uses when it is true or false. The
facts loader, the JSON Schema and `secretlaw check` are all driven by it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from . import shape
from .yamlsrc import Document, load

SCALAR_TYPES = ("bool", "enum", "date", "money", "decimal", "integer", "text", "text_list")
TYPES = SCALAR_TYPES + ("group", "list")
PARTIES = ("holder", "defendant", "employer", "employee")
_FIELD_KEYS = ("type", "label", "values", "question", "burden", "burden_shift", "favours", "unproved", "when_true",
               "when_false", "basis", "fields", "item", "note", "unverified", "partial", "ask_when", "help", "opening", "range", "not_before")


class _Absent:
    """`unproved: absent`: the fact stays without a value on the outcome reading."""

    def __repr__(self) -> str:
        return "absent"


ABSENT = _Absent()


@dataclass
class FactSpec:
    path: str
    type: str
    label: dict[str, str]
    file: str
    line: int | None
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # enum value -> label
    question: dict[str, str] | None = None
    burden: str | None = None
    burden_shift: dict | None = None  # {"to": party, "when": conclusion id}
    favours: str | None = None  # the party a true value helps (engine.load.burden)
    unproved: Any = None  # how the fact is taken when nobody proved it: a value, ABSENT, or None (from burden)
    partial: str | None = None  # dates: which day a year or month given alone stands for ("first" or "last")
    burden_basis: list[str] = field(default_factory=list)  # the law that allots its burden (its section's)
    when_true: dict[str, str] | None = None
    when_false: dict[str, str] | None = None
    basis: list[str] = field(default_factory=list)
    fields: dict[str, "FactSpec"] = field(default_factory=dict)  # group members, or list item members
    derived: bool = False
    note: dict[str, str] | None = None
    # The guided interview (engine/interview/): `help` is shown beside the question; `ask_when` is a condition of
    # the rule language, kept as written with where it was written, parsed once the whole vocabulary is known
    # (engine.interview.questions.dependencies); `opening` asks a free text at the start: True, or the topics.
    help: dict[str, str] | None = None
    not_before: list[str] = field(default_factory=list)  # dates: the date facts this one can never precede
    range: tuple[int, int] | None = None  # integers: the least and the greatest value that makes sense
    ask_when: tuple | None = field(default=None, repr=False, compare=False)  # (document, location, condition)
    opening: bool | list[str] = False


@dataclass
class Section:
    name: str
    title: dict[str, str]
    order: int
    derived: bool
    fields: dict[str, FactSpec]
    topic: str | None = None  # a section owned by one topic puts that topic in scope when filled in


@dataclass
class Vocabulary:
    sections: dict[str, Section]
    facts: dict[str, FactSpec]  # every scalar fact and list by dotted path

    def get(self, path: str) -> FactSpec | None:
        return self.facts.get(path)


def load_vocabulary(directory: Path) -> Vocabulary:
    sections: dict[str, Section] = {}
    facts: dict[str, FactSpec] = {}
    for file in sorted(directory.glob("*.yaml")):
        doc = load(file, _display(file))
        section = _section(doc)
        if section.name in sections:
            raise doc.error(("section",), f"section '{section.name}' is declared twice")
        sections[section.name] = section
        _flatten(section.fields, facts)
    _check_date_order(facts)
    return Vocabulary(dict(sorted(sections.items(), key=lambda kv: (kv[1].order, kv[0]))), facts)


def _check_date_order(facts: dict[str, FactSpec]) -> None:
    for spec in facts.values():
        for earlier in spec.not_before:
            if earlier not in facts or facts[earlier].type != "date":
                raise InputError(spec.file, spec.line, spec.path + ".not_before", f"'{earlier}' is not a date fact",
                                 shape.suggest(earlier, [p for p, s in facts.items() if s.type == "date"]))


def _display(file: Path) -> str:
    parts = file.parts
    return "/".join(parts[-3:]) if len(parts) >= 3 else str(file)


def _section(doc: Document) -> Section:
    data = shape.mapping(doc, (), doc.data)
    shape.keys(doc, (), data, ("section", "title", "order", "derived", "topic", "burden_basis", "fields"),
               ("section", "title", "order", "fields"))
    name = data["section"]
    if not isinstance(name, str) or not name.isidentifier():
        raise doc.error(("section",), "expected a lower-case identifier")
    derived = data.get("derived", False) is True
    fields = _fields(doc, ("fields",), data["fields"], name, derived)
    basis = data.get("burden_basis", [])
    if not isinstance(basis, list) or not all(isinstance(b, str) for b in basis):
        raise doc.error(("burden_basis",), "expected a list of provision ids", "the law that says who proves the facts of this section")
    for spec in _scalars(fields):
        spec.burden_basis = list(basis)
    return Section(name, shape.text_pair(doc, ("title",), data["title"]), int(data["order"]), derived, fields,
                   data.get("topic"))


def _scalars(fields: dict[str, FactSpec]):
    for spec in fields.values():
        yield spec
        yield from _scalars(spec.fields)


def _fields(doc: Document, location: tuple, value, prefix: str, derived: bool) -> dict[str, FactSpec]:
    shape.mapping(doc, location, value)
    return {name: _field(doc, location + (name,), spec, f"{prefix}.{name}", derived) for name, spec in value.items()}


def _field(doc: Document, location: tuple, spec, path: str, derived: bool) -> FactSpec:
    shape.mapping(doc, location, spec)
    shape.keys(doc, location, spec, _FIELD_KEYS, ("type", "label"))
    kind = spec["type"]
    if kind not in TYPES:
        raise doc.error(location + ("type",), f"unknown type '{kind}'", shape.suggest(kind, TYPES) or shape.valid_list(TYPES))
    fact = FactSpec(path, kind, shape.text_pair(doc, location + ("label",), spec["label"]), doc.file, doc.line_of(location), derived=derived)
    for key in ("question", "when_true", "when_false", "note", "help"):
        if key in spec:
            setattr(fact, key, shape.text_pair(doc, location + (key,), spec[key]))
    if "burden" in spec:
        fact.burden = _party(doc, location + ("burden",), spec["burden"])
    if "favours" in spec:
        if kind != "bool":
            raise doc.error(location + ("favours",), "only a yes/no fact favours a party", "use 'unproved:' for other facts")
        fact.favours = _party(doc, location + ("favours",), spec["favours"])
    if "partial" in spec:
        if kind != "date" or spec["partial"] not in ("first", "last"):
            raise doc.error(location + ("partial",), "expected first or last, on a date", "the day a year or month alone stands for")
        fact.partial = spec["partial"]
    if "burden_shift" in spec:
        shift = shape.mapping(doc, location + ("burden_shift",), spec["burden_shift"])
        shape.keys(doc, location + ("burden_shift",), shift, ("to", "when"), ("to", "when"))
        fact.burden_shift = {"to": _party(doc, location + ("burden_shift", "to"), shift["to"]), "when": str(shift["when"])}
    if "basis" in spec:
        basis = spec["basis"]
        if not isinstance(basis, list) or not all(isinstance(b, str) for b in basis):
            raise doc.error(location + ("basis",), "expected a list of provision ids such as spc2020.art4")
        fact.basis = list(basis)
    if kind == "enum":
        values = shape.mapping(doc, location + ("values",), spec.get("values"), "a mapping of value: {zh, en}")
        fact.values = {str(v): shape.text_pair(doc, location + ("values", v), label) for v, label in values.items()}
    if "not_before" in spec:
        earlier = spec["not_before"]
        if kind != "date" or not isinstance(earlier, list) or not all(isinstance(e, str) for e in earlier):
            raise doc.error(location + ("not_before",), "expected a list of date facts, on a date fact",
                            "the dates this one can never precede, e.g. [employment.hired_on]")
        fact.not_before = list(earlier)
    if "range" in spec:
        bounds = spec["range"]
        if kind != "integer" or not (isinstance(bounds, list) and len(bounds) == 2 and all(
                isinstance(b, int) and not isinstance(b, bool) for b in bounds) and bounds[0] <= bounds[1]):
            raise doc.error(location + ("range",), "expected [least, greatest], two whole numbers, on an integer fact")
        fact.range = (bounds[0], bounds[1])
    if "ask_when" in spec:
        fact.ask_when = (doc, location + ("ask_when",), spec["ask_when"])
    if "opening" in spec:
        opening = spec["opening"]
        if kind not in ("text", "text_list") or not (opening is True or (
                isinstance(opening, list) and opening and all(isinstance(t, str) for t in opening))):
            raise doc.error(location + ("opening",), "expected true or a list of topics, on a text fact",
                            "a free text the interview asks at its start: for every matter, or for the topics listed")
        fact.opening = opening
    if "unproved" in spec:
        fact.unproved = _unproved(doc, location + ("unproved",), spec["unproved"], fact)
    if kind == "group":
        fact.fields = _fields(doc, location + ("fields",), spec.get("fields"), path, derived)
    if kind == "list":
        item = shape.mapping(doc, location + ("item",), spec.get("item"), "an 'item' mapping of fields")
        fact.fields = _fields(doc, location + ("item",), item, path + "[]", derived)
    return fact


def _unproved(doc: Document, location: tuple, value, fact: FactSpec):
    """The value a fact takes on the outcome reading when nobody proved it."""
    if value == "absent":
        return ABSENT
    if fact.type == "bool" and isinstance(value, bool):
        return value
    if fact.type == "enum" and str(value) in fact.values:
        return str(value)
    valid = "true or false, or absent" if fact.type == "bool" else (
        shape.valid_list(list(fact.values) + ["absent"]) if fact.type == "enum" else "absent")
    raise doc.error(location, f"'{value}' is not how a {fact.type} fact can be taken when unproved", valid)


def _party(doc: Document, location: tuple, value) -> str:
    if value not in PARTIES:
        raise doc.error(location, f"unknown party '{value}'", shape.valid_list(PARTIES))
    return value


def _flatten(fields: dict[str, FactSpec], out: dict[str, FactSpec], group: dict[str, str] | None = None) -> None:
    for spec in fields.values():
        if group is not None:  # "Name" alone is ambiguous: say whose, set apart so the two labels never run together
            spec.label = {"zh": f"{group['zh']}（{spec.label['zh']}）", "en": f"{group['en']} ({spec.label['en'].lower()})"}
        if spec.type == "group":
            _flatten(spec.fields, out, spec.label)
        else:
            out[spec.path] = spec

