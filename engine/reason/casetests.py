"""Rule tests written as data: a facts file (or inline facts), some changes, the expected conclusions.

A test case is a YAML file:

    title: Customers that can be found online            # optional; or {zh: ..., en: ...}
    facts: ../../facts/li-wine-sales.yaml                # a facts file, relative to this file ...
    # facts: {information: {kind: customer_information}} # ... or the facts inline
    changes:                                             # optional: dotted path -> new value
      information.obtainable_from_public_channels: true
      conduct.relied_on_general_skill: unknown           # unknown (or null) removes the fact
    expect:                                              # the status: what the facts establish
      not_publicly_known: not_established
      infringement: not_established
    expect_outcome:                                      # the outcome on the present record
      infringement: not_established

A real judgment (tests/judgments/) also gives its `source:` (court, case number,
citation) and states the court's findings as `expect_outcome`; its status must
then never be the opposite of the court's finding (undetermined is allowed).

`run_cases` evaluates every case with the real rules and engine; `coverage`
tells which rules no case made established ("never fired") and which no case
made not_established. Every error in a test file names file:line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..load import shape
from .evaluate import Evaluation, evaluate
from ..load.facts import Case, case_from_document, load_case, parse_scalar
from ..load.knowledge import Knowledge
from ..logic import ESTABLISHED, NOT_ESTABLISHED, UNDETERMINED
from ..load.yamlsrc import Document, load

STATUSES = (ESTABLISHED, NOT_ESTABLISHED, UNDETERMINED)
OUTCOMES = (ESTABLISHED, NOT_ESTABLISHED)
_KEYS = ("title", "note", "source", "facts", "changes", "expect", "expect_outcome")
_SOURCE_KEYS = ("court", "case_number", "citation")


@dataclass
class CaseTest:
    file: str
    titles: dict[str, str]  # {zh, en}: the scenario as the memo's comparison names it
    case: Case
    expect: dict[str, str]
    expect_lines: dict[str, int | None]
    expect_outcome: dict[str, str] = field(default_factory=dict)
    outcome_lines: dict[str, int | None] = field(default_factory=dict)
    source: dict[str, str] | None = None  # a real judgment: court, case number, citation

    @property
    def title(self) -> str:
        return self.titles["en"]


@dataclass
class Mismatch:
    conclusion: str
    expected: str
    actual: str
    line: int | None
    missing: list[str]
    reading: str = "status"  # or "outcome"

    def __str__(self) -> str:
        what = self.conclusion if self.reading == "status" else f"{self.conclusion} ({self.reading})"
        text = f"line {self.line}: {what}: expected {self.expected}, got {self.actual}"
        return text + (f" (turns on: {', '.join(self.missing)})" if self.missing else "")


@dataclass
class CaseResult:
    test: CaseTest
    evaluation: Evaluation
    mismatches: list[Mismatch] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.mismatches


def find_case_files(path: str | Path) -> list[Path]:
    """One file, or every *.yaml under a folder, in name order."""
    base = Path(path)
    if base.is_dir():
        return sorted(base.rglob("*.yaml"))
    return [base]


def load_case_test(path: str | Path, knowledge: Knowledge) -> CaseTest:
    doc = load(path)
    data = shape.mapping(doc, (), doc.data, "a mapping with 'facts:' and 'expect:'")
    shape.keys(doc, (), data, _KEYS, ("facts",))
    if "expect" not in data and "expect_outcome" not in data:
        raise doc.error((), "expects nothing", "add 'expect:' (statuses) or 'expect_outcome:' (outcomes), or both")
    case = _base_case(doc, Path(path), data["facts"], knowledge)
    if "changes" in data:
        _apply_changes(doc, data["changes"], case, knowledge)
    expect, lines = _expectations(doc, "expect", data["expect"], knowledge, STATUSES) if "expect" in data else ({}, {})
    outcome, outcome_lines = _expectations(doc, "expect_outcome", data["expect_outcome"], knowledge, OUTCOMES) \
        if "expect_outcome" in data else ({}, {})
    return CaseTest(doc.file, _titles(doc, data.get("title"), Path(path).stem), case, expect, lines, outcome, outcome_lines,
                    _source(doc, data.get("source")))


def _source(doc: Document, source: Any) -> dict[str, str] | None:
    if source is None:
        return None
    shape.mapping(doc, ("source",), source, "a mapping with court, case_number and citation")
    shape.keys(doc, ("source",), source, _SOURCE_KEYS, _SOURCE_KEYS)
    for key in _SOURCE_KEYS:
        if not isinstance(source[key], str) or not source[key].strip():
            raise doc.error(("source", key), "expected a text")
    return {key: source[key].strip() for key in _SOURCE_KEYS}


def _titles(doc: Document, title: Any, fallback: str) -> dict[str, str]:
    """A title may be one text (used for both languages) or a {zh, en} pair; none: the file name."""
    if title is None:
        return {"zh": fallback, "en": fallback}
    if isinstance(title, str) and title.strip():
        return {"zh": title.strip(), "en": title.strip()}
    if isinstance(title, dict):
        return shape.text_pair(doc, ("title",), title)
    raise doc.error(("title",), "expected a one-line text or a {zh: ..., en: ...} pair of texts")


def _base_case(doc: Document, path: Path, facts: Any, knowledge: Knowledge) -> Case:
    if isinstance(facts, str):
        target = (path.parent / facts).resolve()
        if not target.is_file():
            raise doc.error(("facts",), f"no facts file at {facts} (resolved to {target})",
                            "give a path relative to this test file, or the facts inline")
        return load_case(target, knowledge.vocabulary)
    if isinstance(facts, dict):
        inner = Document(doc.file, facts, {loc[1:]: line for loc, line in doc.lines.items() if loc[:1] == ("facts",)})
        return case_from_document(inner, knowledge.vocabulary)
    raise doc.error(("facts",), f"expected a path to a facts file or a mapping of facts, found {shape.type_name(facts)}")


def _apply_changes(doc: Document, changes: Any, case: Case, knowledge: Knowledge) -> None:
    shape.mapping(doc, ("changes",), changes, "a mapping of dotted fact paths to values, e.g. conduct.used_information: false")
    for path, value in changes.items():
        where = ("changes", path)
        spec = knowledge.vocabulary.get(str(path))
        if spec is None:
            raise doc.error(where, "is not a fact of the vocabulary", shape.suggest(str(path), knowledge.vocabulary.facts))
        if spec.derived:
            raise doc.error(where, "is computed by secretlaw and cannot be changed", "change the facts it is computed from")
        if spec.type == "list":
            raise doc.error(where, "lists cannot be changed here", "write the facts inline instead")
        parsed = parse_scalar(doc, where, value, spec)
        if parsed is None:
            case.values.pop(spec.path, None)
            case.lines.pop(spec.path, None)
        else:
            case.values[spec.path] = parsed
            case.lines[spec.path] = doc.line_of(where)


def _expectations(doc: Document, key: str, expect: Any, knowledge: Knowledge,
                  allowed: tuple[str, ...]) -> tuple[dict[str, str], dict[str, int | None]]:
    shape.mapping(doc, (key,), expect, f"a mapping of conclusion ids to {', '.join(allowed)}")
    if not expect:
        raise doc.error((key,), "expects nothing", "name at least one conclusion and its status")
    out, lines = {}, {}
    for conclusion, status in expect.items():
        where = (key, conclusion)
        if conclusion not in knowledge.rules:
            raise doc.error(where, "no rule concludes this", shape.suggest(str(conclusion), knowledge.rules))
        if status not in allowed:
            raise doc.error(where, f"'{status}' is not {'a status' if key == 'expect' else 'an outcome'}", shape.valid_list(allowed))
        out[conclusion], lines[conclusion] = status, doc.line_of(where)
    return out, lines


def run_case(test: CaseTest, knowledge: Knowledge) -> CaseResult:
    evaluation = evaluate(test.case, knowledge)
    result = CaseResult(test, evaluation)
    for conclusion, expected in test.expect.items():
        verdict = evaluation.conclusions[conclusion].verdict
        if verdict.status != expected:
            result.mismatches.append(Mismatch(conclusion, expected, verdict.status, test.expect_lines[conclusion],
                                              list(verdict.missing)))
    for conclusion, expected in test.expect_outcome.items():
        reached = evaluation.conclusions[conclusion]
        line = test.outcome_lines[conclusion]
        if reached.outcome != expected:
            missing = [r.path for r in evaluation.resolved_by_burden(conclusion)]
            result.mismatches.append(Mismatch(conclusion, expected, reached.outcome, line, missing, "outcome"))
        if reached.status not in (expected, UNDETERMINED):  # what the facts establish never contradicts the finding
            result.mismatches.append(Mismatch(conclusion, f"{expected} or undetermined", reached.status, line, [], "status"))
    return result


def run_cases(path: str | Path, knowledge: Knowledge) -> list[CaseResult]:
    return [run_case(load_case_test(file, knowledge), knowledge) for file in find_case_files(path)]


@dataclass
class Coverage:
    never_fired: list[str]  # rule ids no case made established
    never_failed: list[str]  # rule ids no case made not_established
    seen: dict[str, set[str]]  # rule id -> the statuses the cases produced


def coverage(results: list[CaseResult], knowledge: Knowledge, rulesets: list[str] | None = None) -> Coverage:
    """Which rules (of the given rule sets, all by default) the cases never fired, and never defeated."""
    rules = [r for r in knowledge.rules.values() if rulesets is None or r.ruleset in rulesets]
    seen: dict[str, set[str]] = {r.id: set() for r in rules}
    for result in results:
        for conclusion in result.evaluation.conclusions.values():
            if conclusion.rule.id in seen:
                seen[conclusion.rule.id].add(conclusion.status)
    return Coverage([rid for rid, s in seen.items() if ESTABLISHED not in s],
                    [rid for rid, s in seen.items() if NOT_ESTABLISHED not in s], seen)


def report(results: list[CaseResult], cover: Coverage | None = None) -> str:
    lines = []
    for result in results:
        mark = "PASS" if result.passed else "FAIL"
        lines.append(f"{mark}  {result.test.file}  {result.test.title}")
        lines.extend(f"      {m}" for m in result.mismatches)
    failed = sum(not r.passed for r in results)
    lines.append(f"{len(results) - failed} passed, {failed} failed, {len(results)} cases")
    if cover is not None:
        lines.append(f"rules never fired (never established): {len(cover.never_fired)}")
        lines.extend(f"  {rid}" for rid in cover.never_fired)
        lines.append(f"rules never defeated (never not_established): {len(cover.never_failed)}")
        lines.extend(f"  {rid}" for rid in cover.never_failed)
    return "\n".join(lines) + "\n"
