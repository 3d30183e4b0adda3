"""Grading a student's written analysis against the rules' evaluation of the same facts.

An analysis is a small YAML file (`secretlaw grade ANALYSIS.yaml --facts FILE`):

    student: 张三                               # optional
    conclusions:
      trade_secret:                             # a conclusion id (`secretlaw explain` shows them)
        status: established                     # established, not_established or undetermined
        basis: [aucl.trade_secret_definition]   # optional: provision ids, or citations as the memo prints them
        facts:                                  # optional: the facts relied on, as a list of fact paths ...
          - information.includes_transaction_details
      confidentiality_measures:
        status: established
        facts: {protection.access_restricted: true}   # ... or with the values relied on

Each conclusion analysed gets one grade:

- `right`: the status is the one the facts establish, and every provision and fact given is a reason
  the rules rely on;
- `wrong`: the status is not the one the facts establish;
- `wrong_reason` (right for the wrong reason): the status is right, but a provision cited is not
  the rule's basis, or a fact relied on is not a reason for it (below), or has another value.

A fact may be relied on for a conclusion when the derivation of its status reaches it (the reasons
down to the facts, and the open facts an undetermined status turns on), or when the conclusion's rule
reads it (directly or through the conclusions it rests on) and the record states it; an entered fact
from which such a derived fact is computed counts too (the measures' date for "measures before the
conduct"). A fact the rule never reads (profit, for infringement), a fact the record does not state
(for a decided conclusion), or a value the record does not have is a wrong reason.
Every grade comes with the explanation a wrong answer gets in an exercise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..load import shape
from ..reason.casetests import STATUSES
from ..reason.evaluate import Evaluation
from ..load.facts import parse_scalar
from ..load.knowledge import Knowledge
from ..load.law import cite
from ..load.yamlsrc import Document, load
from .reasons import Explanation, deciding_facts, derivation_sources, explanation, facts_read

GRADES = ("right", "wrong", "wrong_reason")
_ITEM_KEYS = ("status", "basis", "facts")
_UNSET = object()


@dataclass
class Claim:
    """One conclusion as the student analysed it."""

    conclusion: str
    status: str
    basis: list[tuple[str, set[str]]] | None  # each as written, with the provisions it names
    facts: list[tuple[str, Any]] | None  # (path, value relied on, or _UNSET when only the fact is named)
    line: int | None


@dataclass
class Analysis:
    file: str
    student: str | None
    claims: list[Claim]


@dataclass
class Graded:
    conclusion: str
    grade: str
    status_given: str
    status_expected: str
    basis_wrong: list[str] = field(default_factory=list)  # provisions cited that are not the rule's basis
    facts_wrong: list[dict[str, Any]] = field(default_factory=list)  # facts relied on that do not decide it
    explanation: Explanation | None = None
    line: int | None = None

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__, explanation=self.explanation.as_json() if self.explanation else None)


def load_analysis(path: str | Path, knowledge: Knowledge) -> Analysis:
    doc = load(path)
    data = shape.mapping(doc, (), doc.data, "a mapping with 'conclusions:'")
    shape.keys(doc, (), data, ("student", "conclusions"), ("conclusions",))
    items = shape.mapping(doc, ("conclusions",), data["conclusions"], "a mapping of conclusion ids")
    if not items:
        raise doc.error(("conclusions",), "analyses nothing", "give at least one conclusion and its status")
    claims = []
    for cid, item in items.items():
        where = ("conclusions", cid)
        if cid not in knowledge.rules:
            raise doc.error(where, "no rule concludes this", shape.suggest(str(cid), knowledge.rules))
        if not isinstance(item, dict):  # `trade_secret: established` alone
            item = {"status": item}
        shape.keys(doc, where, item, _ITEM_KEYS, ("status",))
        if item["status"] not in STATUSES:
            raise doc.error(where + ("status",), f"'{item['status']}' is not a status", shape.valid_list(STATUSES))
        basis = _basis(doc, where + ("basis",), item["basis"], knowledge) if "basis" in item else None
        facts = _facts(doc, where + ("facts",), item["facts"], knowledge) if "facts" in item else None
        claims.append(Claim(cid, item["status"], basis, facts, doc.line_of(where)))
    student = data.get("student")
    return Analysis(doc.file, str(student) if student is not None else None, claims)


def _basis(doc: Document, where: tuple, value: Any, knowledge: Knowledge) -> list[tuple[str, set[str]]]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise doc.error(where, "expected a list of provision ids or citations")
    provisions = knowledge.sources.provisions
    by_text = _citation_index(knowledge)
    out = []
    for index, text in enumerate(value):
        if text in provisions:
            out.append((text, {text}))
        elif _normal(text) in by_text:
            out.append((text, by_text[_normal(text)]))
        else:
            raise doc.error(where + (index,), f"'{text}' names no provision",
                            shape.suggest(text, provisions) or "a provision id such as spc2020.art3_not_publicly_known, "
                            "or a citation as the memo prints it")
    return out


def _citation_index(knowledge: Knowledge) -> dict[str, set[str]]:
    """Every citation of every provision, in every version and both languages, to the provisions it names."""
    index: dict[str, set[str]] = {}
    for pid, provision in knowledge.sources.provisions.items():
        for citation in cite(provision, None):
            for lang in ("zh", "en"):
                index.setdefault(_normal(citation.text[lang]), set()).add(pid)
    return index


def _normal(text: str) -> str:
    return "".join(text.split()).lower()


def _facts(doc: Document, where: tuple, value: Any, knowledge: Knowledge) -> list[tuple[str, Any]]:
    vocabulary = knowledge.vocabulary
    if isinstance(value, list):
        entries = [(i, path, _UNSET) for i, path in enumerate(value)]
    elif isinstance(value, dict):
        entries = [(path, path, v) for path, v in value.items()]
    else:
        raise doc.error(where, "expected a list of fact paths, or a mapping of fact paths to the values relied on")
    out = []
    for key, path, raw in entries:
        spec = vocabulary.get(str(path))
        if spec is None:
            raise doc.error(where + (key,), f"'{path}' is not a fact of the vocabulary", shape.suggest(str(path), vocabulary.facts))
        parsed = raw if raw is _UNSET else parse_scalar(doc, where + (key,), raw, spec)
        out.append((str(path), parsed))
    return out


def grade(analysis: Analysis, evaluation: Evaluation, lang: str = "zh") -> dict[str, Any]:
    """Each conclusion analysed, graded right, wrong or right for the wrong reason, with the explanation."""
    items = [_grade(claim, evaluation, lang) for claim in analysis.claims]
    counts = {g: sum(i.grade == g for i in items) for g in GRADES}
    return {"file": analysis.file, "student": analysis.student, "items": items, "counts": counts}


def _grade(claim: Claim, evaluation: Evaluation, lang: str) -> Graded:
    cid = claim.conclusion
    expected = evaluation.status(cid)
    rule = evaluation.knowledge.rules[cid]
    graded = Graded(cid, "right", claim.status, expected, line=claim.line,
                    explanation=explanation(evaluation, cid, lang))
    if claim.basis is not None:
        graded.basis_wrong = [text for text, named in claim.basis if not named & set(rule.basis)]
    if claim.facts is not None:
        relevant = relevant_facts(evaluation, cid)
        read = facts_read(evaluation, cid)
        for path, value in claim.facts:
            actual = evaluation.facts.get(path)
            if path not in relevant:
                graded.facts_wrong.append({"fact": path, "why": "not_on_record" if path in read else "not_deciding"})
            elif value is not _UNSET and value != actual:
                graded.facts_wrong.append({"fact": path, "why": "wrong_value", "given": _show(value), "actual": _show(actual)})
    if claim.status != expected:
        graded.grade = "wrong"
    elif graded.basis_wrong or graded.facts_wrong:
        graded.grade = "wrong_reason"
    return graded


def relevant_facts(evaluation: Evaluation, conclusion: str) -> set[str]:
    """The facts an analysis may rely on for a conclusion: those its derivation reaches (with the open facts an
    undetermined status turns on), and every other fact its rule reads, directly or through the conclusions it
    rests on, that the record states; an entered fact from which such a derived fact is computed counts too."""
    relevant = set(deciding_facts(evaluation, conclusion))
    relevant |= {p for p in facts_read(evaluation, conclusion) if p in evaluation.facts}
    for path in list(relevant):
        if evaluation.knowledge.vocabulary.get(path).derived:
            relevant.update(derivation_sources(evaluation, path))
    return relevant


def _show(value: Any) -> Any:
    return value if value is None or isinstance(value, (bool, int, str)) else str(value)

