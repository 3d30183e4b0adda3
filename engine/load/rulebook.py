"""Rule sets as data: load `rules/*.yaml` into Rule objects with parsed conditions.

A rule reads like the statute: a stable id, the provisions it rests on, a one-line
statement in Chinese and English, a condition (`when`), an optional exception
(`unless`), and the conclusion it reaches. Conditions are small expressions over
facts of the vocabulary and conclusions of other rules:

    {fact: information.includes_transaction_details}          a yes/no fact
    {fact: information.kind, is: customer_information}        an enumerated fact
    {fact: derived.aucl_versions, in: ["2019", "2025"]}
    {fact: conduct.started_on, on_or_after: 2019-04-23}       dates and amounts
    {fact: damages.claimed, at_least: {fact: damages.computed}}
    {known: damages.claimed}                                  was it stated at all
    {conclusion: confidentiality_measures}
    {all: [...]}, {any: [...]}, {not: ...}

A rule set, or one rule, may say when its review arises at all (`applies_when`, a
condition in the same language) and what the opinion says when it does not
(`not_applicable`, a text pair): a non-compete that was never agreed has no term,
region or compensation to review. A rule takes its set's applicability unless it
has its own. A rule that does not apply is never established (engine.logic.decide
reads `applies_when` before `when`), and the opinion states it as not applicable
instead of giving its holds/fails sentence, which would describe a clause that does
not exist.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from . import shape
from ..logic import COMPARISONS, Compare, ConclusionIs, Expr, FactIs, Junction, Known, Not
from .vocabulary import Vocabulary
from .yamlsrc import Document, load

ROLES = ("element", "requirement", "defence", "exception", "burden", "note", "overall", "finding")
_RULE_KEYS = ("id", "concludes", "title", "statement", "basis", "applies_when", "not_applicable", "when", "unless",
              "holds", "fails", "role", "note")
_ID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")


@dataclass
class Rule:
    id: str
    ruleset: str
    concludes: str
    title: dict[str, str]
    statement: dict[str, str]
    basis: list[str]
    when: Expr
    unless: Expr | None
    holds: dict[str, str]
    fails: dict[str, str]
    role: str
    file: str
    line: int | None
    note: dict[str, str] | None = None
    applies: Expr | None = None  # when false the rule cannot be reached at all ("not applicable")
    not_applicable: dict[str, str] | None = None  # why, when `applies` is false
    shifts: frozenset[str] = frozenset()  # burden-shift conclusions that decide who proves the facts it reads

    def _parts(self) -> list[Expr]:
        return [e for e in (self.applies, self.when, self.unless) if e is not None]

    def reads_facts(self) -> set[str]:
        return set().union(*(e.facts() for e in self._parts()))

    def tests_facts(self) -> set[str]:
        """The facts whose value it tests: on the outcome reading each unknown one is resolved by its burden."""
        return set().union(*(e.tested_facts() for e in self._parts()))

    def reads_conclusions(self) -> set[str]:
        """The conclusions it needs: those its conditions test, and those that move the burden of its facts."""
        return set().union(*(e.conclusions() for e in self._parts())) | self.shifts


@dataclass
class RuleSet:
    name: str
    title: dict[str, str]
    order: int
    file: str
    topic: str = "infringement"  # the question of the opinion this set answers
    main: str | None = None  # the headline conclusion of its topic, if this set holds it
    clause: str | None = None  # a text fact naming the part of a reviewed document this set is about
    rules: list[Rule] = field(default_factory=list)


@dataclass
class Applicability:
    """When a set's (or a rule's) review arises, and what the opinion says when it does not."""

    when: Expr
    text: dict[str, str]


def load_rulesets(directory: Path, vocabulary: Vocabulary) -> list[RuleSet]:
    rulesets = [_ruleset(load(file, "rules/" + file.name), vocabulary) for file in sorted(directory.glob("*.yaml"))]
    return sorted(rulesets, key=lambda r: (r.order, r.name))


def _ruleset(doc: Document, vocabulary: Vocabulary) -> RuleSet:
    data = shape.mapping(doc, (), doc.data)
    shape.keys(doc, (), data, ("ruleset", "title", "order", "topic", "main", "clause", "applies_when", "not_applicable", "rules"),
               ("ruleset", "title", "order", "rules"))
    name = data["ruleset"]
    if not isinstance(name, str) or not _ID.match(name):
        raise doc.error(("ruleset",), "expected a lower-case identifier such as trade_secret")
    ruleset = RuleSet(name, shape.text_pair(doc, ("title",), data["title"]), int(data["order"]), doc.file,
                      str(data.get("topic", "infringement")), data.get("main"), data.get("clause"))
    if ruleset.clause is not None:
        _Parser(doc, vocabulary).fact_spec(("clause",), ruleset.clause)
    if not isinstance(data["rules"], list) or not data["rules"]:
        raise doc.error(("rules",), "expected a non-empty list of rules")
    applies = _applicability(doc, (), data, vocabulary)
    for index, spec in enumerate(data["rules"]):
        ruleset.rules.append(_rule(doc, ("rules", index), spec, name, vocabulary, applies))
    if ruleset.main is not None and ruleset.main not in {r.concludes for r in ruleset.rules}:
        raise doc.error(("main",), f"'{ruleset.main}' is not concluded by a rule of this set")
    return ruleset


def _applicability(doc: Document, where: tuple, spec: dict, vocabulary: Vocabulary) -> Applicability | None:
    """`applies_when` and `not_applicable` go together: a review that may not arise must say so when it does not."""
    given = [k for k in ("applies_when", "not_applicable") if k in spec]
    if not given:
        return None
    if len(given) == 1:
        other = "not_applicable" if given[0] == "applies_when" else "applies_when"
        raise doc.error(where + (given[0],), f"'{given[0]}' needs '{other}' beside it")
    return Applicability(parse_condition(doc, where + ("applies_when",), spec["applies_when"], vocabulary),
                         shape.text_pair(doc, where + ("not_applicable",), spec["not_applicable"]))


def parse_condition(doc: Document, where: tuple, value, vocabulary: Vocabulary) -> Expr:
    """A condition of the rule language, its facts checked against the vocabulary (for other data that uses it)."""
    return _Parser(doc, vocabulary).expr(where, value)


def _rule(doc: Document, where: tuple, spec, ruleset: str, vocabulary: Vocabulary,
          inherited: Applicability | None = None) -> Rule:
    shape.mapping(doc, where, spec)
    shape.keys(doc, where, spec, _RULE_KEYS, ("id", "concludes", "title", "statement", "basis", "when", "holds", "fails"))
    for key in ("id", "concludes"):
        if not isinstance(spec[key], str) or not _ID.match(spec[key]):
            raise doc.error(where + (key,), "expected a lower-case dotted identifier such as ts.not_publicly_known")
    basis = spec["basis"]
    if not isinstance(basis, list) or not basis or not all(isinstance(b, str) for b in basis):
        raise doc.error(where + ("basis",), "expected a non-empty list of provision ids such as aucl.trade_secret_definition")
    role = spec.get("role", "element")
    if role not in ROLES:
        raise doc.error(where + ("role",), f"unknown role '{role}'", shape.valid_list(ROLES))
    parse = _Parser(doc, vocabulary)
    applies = _applicability(doc, where, spec, vocabulary) or inherited
    rule = Rule(
        id=spec["id"], ruleset=ruleset, concludes=spec["concludes"],
        title=shape.text_pair(doc, where + ("title",), spec["title"]),
        statement=shape.text_pair(doc, where + ("statement",), spec["statement"]),
        basis=list(basis),
        when=parse.expr(where + ("when",), spec["when"]),
        unless=parse.expr(where + ("unless",), spec["unless"]) if "unless" in spec else None,
        holds=shape.text_pair(doc, where + ("holds",), spec["holds"]),
        fails=shape.text_pair(doc, where + ("fails",), spec["fails"]),
        role=role, file=doc.file, line=doc.line_of(where),
        note=shape.text_pair(doc, where + ("note",), spec["note"]) if "note" in spec else None,
        applies=applies.when if applies else None,
        not_applicable=applies.text if applies else None,
    )
    rule.shifts = frozenset(vocabulary.get(p).burden_shift["when"] for p in rule.tests_facts() if vocabulary.get(p).burden_shift)
    return rule


class _Parser:
    """Parses condition expressions, checking every fact against the vocabulary."""

    def __init__(self, doc: Document, vocabulary: Vocabulary):
        self.doc = doc
        self.vocabulary = vocabulary

    def expr(self, where: tuple, value) -> Expr:
        doc = self.doc
        shape.mapping(doc, where, value, "a condition such as {fact: ...}, {all: [...]}, {any: [...]} or {not: ...}")
        if "all" in value or "any" in value:
            kind = "all" if "all" in value else "any"
            shape.keys(doc, where, value, (kind,))
            members = value[kind]
            if not isinstance(members, list) or not members:
                raise doc.error(where + (kind,), "expected a non-empty list of conditions")
            return Junction(kind, [self.expr(where + (kind, i), m) for i, m in enumerate(members)])
        if "not" in value:
            shape.keys(doc, where, value, ("not",))
            return Not(self.expr(where + ("not",), value["not"]))
        if "conclusion" in value:
            shape.keys(doc, where, value, ("conclusion",))
            return ConclusionIs(str(value["conclusion"]))
        if "known" in value:
            shape.keys(doc, where, value, ("known",))
            self.fact_spec(where + ("known",), value["known"])
            return Known(value["known"])
        if "fact" in value:
            return self.fact(where, value)
        raise doc.error(where, "expected one of fact, known, conclusion, all, any, not",
                        shape.suggest(next(iter(value), ""), ("fact", "known", "conclusion", "all", "any", "not")))

    def fact(self, where: tuple, value) -> Expr:
        doc = self.doc
        shape.keys(doc, where, value, ("fact", "is", "in") + tuple(COMPARISONS))
        path = value["fact"]
        spec = self.fact_spec(where + ("fact",), path)
        tests = [k for k in value if k != "fact"]
        if len(tests) > 1:
            raise doc.error(where, f"one test per condition, found {', '.join(tests)}")
        if not tests:
            if spec.type != "bool":
                raise doc.error(where + ("fact",), f"'{path}' is a {spec.type}, not a yes/no fact", "add a test such as 'is:' or 'on_or_after:'")
            return FactIs(path)
        test = tests[0]
        if test in ("is", "in"):
            allowed = value[test] if test == "in" else [value[test]]
            if not isinstance(allowed, list) or not allowed:
                raise doc.error(where + (test,), "expected a non-empty list of values")
            choices = spec.values or None
            for item in allowed:
                if choices is not None and str(item) not in choices:
                    raise doc.error(where + (test,), f"'{item}' is not a value of {path}",
                                    shape.suggest(str(item), choices) or shape.valid_list(choices))
            return FactIs(path, tuple(str(v) if spec.type != "bool" else v for v in allowed))
        operand = value[test]
        if isinstance(operand, dict):
            shape.keys(doc, where + (test,), operand, ("fact",), ("fact",))
            other = self.fact_spec(where + (test, "fact"), operand["fact"])
            if other.type != spec.type:
                raise doc.error(where + (test,), f"cannot compare a {spec.type} with a {other.type}")
            return Compare(path, test, other=operand["fact"])
        return Compare(path, test, literal=self.literal(where + (test,), operand, spec.type))

    def fact_spec(self, where: tuple, path):
        spec = self.vocabulary.get(str(path))
        if spec is None:
            raise self.doc.error(where, f"'{path}' is not a fact of the vocabulary (rules/vocabulary/)",
                                 shape.suggest(str(path), self.vocabulary.facts))
        return spec

    def literal(self, where: tuple, value, kind: str):
        if kind == "date" and isinstance(value, dt.date):
            return value
        if kind in ("money", "decimal", "integer") and isinstance(value, (int, str)) and not isinstance(value, bool):
            try:
                return Decimal(str(value))
            except ArithmeticError:
                pass
        raise self.doc.error(where, f"expected a {kind} to compare with, found {shape.type_name(value)}")
