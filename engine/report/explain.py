"""Build the reasoned opinion from an evaluation: plain, bilingual, JSON-ready data.

Everything a reader sees is assembled here from the rules' own texts (statement,
holds/fails sentences), the vocabulary (each fact's sentence when true or false,
its question and who must prove it) and the legal sources (citations of the
version in force). The renderer only lays it out. Output order is fixed by the
rule files and the vocabulary, so the same facts always give the same opinion.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ..load.burden import burden_party
from ..reason.evaluate import Conclusion, Evaluation
from ..load.law import cite
from ..money import display
from ..logic import ESTABLISHED, UNDETERMINED, Ref
from ..load.rulebook import Rule
from ..load.vocabulary import FactSpec

_PAIR = dict[str, str]
_PARTY = {
    "holder": {"zh": "权利人", "en": "the holder"},
    "defendant": {"zh": "被告", "en": "the defendant"},
    "employer": {"zh": "用人单位", "en": "the employer"},
    "employee": {"zh": "劳动者", "en": "the employee"},
}


def party_label(party: str) -> _PAIR | None:
    """How the memo names a party (the holder, the defendant...), as a {zh, en} pair."""
    return _PARTY.get(party)


def explain(evaluation: Evaluation) -> dict[str, Any]:
    """The whole opinion as plain data (texts as {zh, en} pairs)."""
    versions = evaluation.facts.get("derived.aucl_versions")
    conclusions = {cid: _conclusion(evaluation, c, versions) for cid, c in evaluation.conclusions.items()}
    scope = opinion_scope(evaluation)
    return {
        "case": _case(evaluation),
        "scope": scope,
        "law": {"aucl_versions": versions, "versions_label": _versions_label(evaluation, versions),
                "burden_basis": _burden_basis(evaluation, versions),
                "has_unverified": any(b["unverified"] for c in conclusions.values() for b in c["basis"])},
        "facts": {"relied_on": _facts_relied_on(evaluation), "unknown": _facts_unknown(evaluation),
                  "unknown_labels": _unknown_in_scope(evaluation, scope)},
        "sections": [{"ruleset": rs.name, "topic": rs.topic, "title": rs.title,
                      "clause": evaluation.case.values.get(rs.clause) if rs.clause else None,
                      "conclusions": [r.concludes for r in rs.rules]}
                     for rs in evaluation.knowledge.rulesets if rs.topic in scope],
        "conclusions": conclusions,
        "computations": [_computation(evaluation, c, versions) for c in evaluation.computations if c.topic in scope],
        "overall": [_overall(conclusions, topic, main) for topic, main in evaluation.knowledge.topics.items()
                    if topic in scope],
        "next_steps": _next_steps(evaluation, conclusions, scope),
        "taken_by_burden": _taken_by_burden(evaluation, conclusions),
        "damages": _damages_award(evaluation),
    }


def _damages_award(evaluation: Evaluation) -> str | None:
    """The tort award as a decimal string (engine/reason/calculators/damages.py), or None when no amount can be given."""
    award = next((c.result for c in evaluation.computations if c.id == "damages"), None)
    return None if award is None else str(award)


def opinion_scope(evaluation: Evaluation) -> list[str]:
    """The questions this opinion answers: the topics whose own sections the facts file fills in (all if none)."""
    entered = {path.split(".", 1)[0] for path in evaluation.case.values}
    owned = {name: s.topic for name, s in evaluation.knowledge.vocabulary.sections.items() if s.topic}
    topics = list(evaluation.knowledge.topics)
    chosen = [t for t in topics if any(owned.get(section) == t for section in entered)]
    return chosen or topics


# --- the case and the facts ----------------------------------------------------------------------


def _case(evaluation: Evaluation) -> dict[str, Any]:
    v = evaluation.case.values
    return {
        "file": evaluation.case.file,
        "title": v.get("case.title"), "court": v.get("case.court"), "source": v.get("case.source"),
        "summary": v.get("case.summary"),
        "holder": v.get("parties.holder.name"), "defendant": v.get("parties.defendant.name"),
        "employer": v.get("employment.employer"), "employee": v.get("employment.employee"),
        "co_defendants": v.get("parties.co_defendants", []),
    }


def _facts_relied_on(evaluation: Evaluation) -> list[dict[str, Any]]:
    """Every fact entered (not the case's own description), in vocabulary order, with its sentence."""
    vocabulary, case = evaluation.knowledge.vocabulary, evaluation.case
    out = []
    for path, spec in vocabulary.facts.items():
        if path in case.values and not path.startswith("case.") and spec.type != "list":
            out.append({"fact": path, "label": spec.label, "value": _jsonable(case.values[path]),
                        "text": fact_sentence(spec, case.values[path]), "line": case.lines.get(path)})
    return out


def _facts_unknown(evaluation: Evaluation) -> list[str]:
    read = evaluation.knowledge.facts_read()
    return [p for p in evaluation.knowledge.vocabulary.facts if p in read and p not in evaluation.facts]


def _unknown_in_scope(evaluation: Evaluation, scope: list[str]) -> list[_PAIR]:
    """Labels of the facts the rules in scope read that the file does not state (treated as unknown);
    not the facts of a point that does not arise (the region of a non-compete never agreed)."""
    read = evaluation.knowledge.facts_read(scope, skip=[cid for cid in evaluation.conclusions
                                                        if evaluation.applies(cid) is False])
    vocabulary = evaluation.knowledge.vocabulary
    return [vocabulary.get(p).label for p in vocabulary.facts
            if p in read and p not in evaluation.facts and not vocabulary.get(p).derived]


def fact_sentence(spec: FactSpec, value: Any) -> _PAIR:
    """How the opinion states a known fact."""
    if spec.type == "bool" and spec.when_true and spec.when_false:
        return spec.when_true if value else spec.when_false
    shown = value_text(spec, value)
    return {"zh": f"{spec.label['zh']}：{shown['zh']}", "en": f"{spec.label['en']}: {shown['en']}"}


def value_text(spec: FactSpec, value: Any) -> _PAIR:
    if spec.type == "enum":
        items = value if isinstance(value, (list, tuple)) else [value]
        labels = [spec.values.get(str(v), {"zh": str(v), "en": str(v)}) for v in items]
        return {"zh": "或".join(x["zh"] for x in labels), "en": " or ".join(x["en"] for x in labels)}
    if spec.type == "bool":
        return {"zh": "是" if value else "否", "en": "yes" if value else "no"}
    if spec.type == "money":
        return {"zh": f"{display(value)}元", "en": f"CNY {display(value)}"}
    if spec.type == "text_list":
        return {"zh": "、".join(value), "en": ", ".join(value)}
    return {"zh": str(value), "en": str(value)}


def _jsonable(value: Any) -> Any:
    if isinstance(value, (dt.date, Decimal)):
        return str(value)
    if isinstance(value, tuple):
        return list(value)
    return value


# --- conclusions ---------------------------------------------------------------------------------


def _conclusion(evaluation: Evaluation, conclusion: Conclusion, versions) -> dict[str, Any]:
    rule, verdict, outcome = conclusion.rule, conclusion.verdict, conclusion.reading.outcome
    basis = citations(evaluation, rule.basis, versions)
    return {
        "status": verdict.status,
        "outcome": outcome.status,
        "outcome_result": _result(rule, outcome.status, verdict.applicable),
        "resolved_by_burden": [r.as_json() for r in evaluation.resolved_by_burden(conclusion.id)],
        "rule": rule.id,
        "ruleset": rule.ruleset,
        "role": rule.role,
        "title": rule.title,
        "statement": rule.statement,
        "result": _result(rule, verdict.status, evaluation.applies(conclusion.id)),
        "basis": basis,
        "binding": any(b["binding"] for b in basis),  # rests on binding law, not only on guidance or cases
        "because": [r.as_json() for r in verdict.because],
        "reasons": [_reason(evaluation, r) for r in verdict.because],
        "exception": [r.as_json() for r in verdict.exception],
        "exception_reasons": [_reason(evaluation, r) for r in verdict.exception],
        "exception_applies": verdict.exception_applies,
        "missing": list(verdict.missing),
        "open_questions": [_question(evaluation, p) for p in verdict.missing],
        "note": rule.note,
        "applies": evaluation.applies(conclusion.id),
    }


def _result(rule: Rule, status: str, applies: bool | None) -> _PAIR | None:
    """The rule's holds/fails sentence; where its point does not arise, only that (the fails sentence
    would describe a clause that does not exist)."""
    if applies is False:
        return rule.not_applicable
    return rule.holds if status == ESTABLISHED else rule.fails if status != UNDETERMINED else None


def citations(evaluation: Evaluation, provisions: list[str], versions) -> list[dict[str, Any]]:
    """Citations of the version(s) in force, each once (several provisions share an article in old texts)."""
    out: dict[str, dict[str, Any]] = {}
    for pid in provisions:
        for c in cite(evaluation.knowledge.sources.provision(pid), versions):
            out.setdefault(c.text["en"], c.as_json())
    return list(out.values())


def _computation(evaluation: Evaluation, computation, versions) -> dict[str, Any]:
    return {
        "id": computation.id, "topic": computation.topic, "title": computation.title,
        "steps": [{"label": s.label, "value": _jsonable(s.value), "display": _display(s.value), "formula": s.formula,
                   "basis": citations(evaluation, s.basis, s.versions or versions), "facts": s.facts}
                  for s in computation.steps],
        "result": _jsonable(computation.result), "result_display": _display(computation.result),
        "result_label": computation.result_label,
        "missing": computation.missing, "open_questions": [_question(evaluation, p) for p in computation.missing],
        "notes": computation.notes, "basis": citations(evaluation, computation.basis, versions),
    }


def _display(value: Any) -> str | None:
    if isinstance(value, Decimal):
        return display(value)
    return None if value is None else str(value)


def _reason(evaluation: Evaluation, ref: Ref) -> dict[str, Any]:
    if ref.kind == "fact":
        spec = evaluation.knowledge.vocabulary.get(ref.id)
        value = evaluation.facts.get(ref.id)
        text = fact_sentence(spec, value) if value is not None else {
            "zh": f"{spec.label['zh']}：不详", "en": f"{spec.label['en']}: not known"}
        return {"kind": "fact", "id": ref.id, "text": text, "line": evaluation.case.lines.get(ref.id)}
    rule = evaluation.knowledge.rules[ref.id]
    return {"kind": "conclusion", "id": ref.id, "status": ref.value, "role": rule.role, "title": rule.title,
            "applies": evaluation.applies(ref.id)}


def _question(evaluation: Evaluation, path: str) -> dict[str, Any]:
    spec = evaluation.knowledge.vocabulary.get(path)
    burden, shifted = burden_of(evaluation, spec)
    # A fact without a written question is asked for by its label, never dressed up as a question.
    return {"fact": path, "label": spec.label, "question": spec.question or {
        "zh": f"尚未填写：{spec.label['zh']}。", "en": f"Not yet entered: {spec.label['en']}."},
        "burden": burden, "burden_party": _PARTY.get(burden) if burden else None, "burden_shifted": shifted}


def burden_of(evaluation: Evaluation, spec: FactSpec) -> tuple[str | None, bool]:
    """Who must prove a fact: its declared burden, unless a burden-shift conclusion is established
    on the outcome reading (the present record, where the shift is a presumption the court applies)."""
    shift = spec.burden_shift
    return burden_party(spec, bool(shift) and evaluation.outcome(shift["when"]) == ESTABLISHED)


def _burden_basis(evaluation: Evaluation, versions) -> list[dict[str, Any]]:
    """The law the outcome on the present record applies: who proves what, and what an unproved fact costs."""
    provisions = dict.fromkeys(p for s in evaluation.knowledge.vocabulary.facts.values() for p in s.burden_basis)
    return citations(evaluation, list(provisions), versions)


def _taken_by_burden(evaluation: Evaluation, conclusions: dict[str, Any]) -> dict[str, Any]:
    """Each unknown fact some outcome took against the party bearing its burden, as the memo states it
    (once per fact: the conclusions list only which facts they rest on)."""
    paths = {r["fact"] for view in conclusions.values() for r in view["resolved_by_burden"]}
    order = [p for p in evaluation.knowledge.vocabulary.facts if p in paths]
    return {p: _resolved(evaluation, next(r for r in _resolutions(evaluation, conclusions, p))) for p in order}


def _resolutions(evaluation: Evaluation, conclusions: dict[str, Any], path: str):
    for view in conclusions.values():
        for r in view["resolved_by_burden"]:
            if r["fact"] == path:
                yield r


def _resolved(evaluation: Evaluation, resolution: dict[str, Any]) -> dict[str, Any]:
    """An unknown fact the outcome took against the party that bears its burden, as the memo states it."""
    spec = evaluation.knowledge.vocabulary.get(resolution["fact"])
    value = resolution["value"]
    # Stated as how the record takes it, never as a finding that the fact is so.
    shown = value_text(spec, value) if value is not None else None
    taken = {"zh": f"{spec.label['zh']}：按“{shown['zh']}”认定", "en": f"{spec.label['en']}: taken as {shown['en']}"} \
        if shown else {"zh": f"{spec.label['zh']}：未证明", "en": f"{spec.label['en']}: not proved"}
    party = resolution["against"]
    # The law that allots the burden, and, where a rule moved it, that rule's own basis.
    shift = evaluation.knowledge.rules[spec.burden_shift["when"]].basis if resolution["shifted"] else []
    basis = citations(evaluation, spec.burden_basis + shift, evaluation.facts.get("derived.aucl_versions"))
    return dict(_question(evaluation, resolution["fact"]), value=value, against=party, shifted=resolution["shifted"],
                taken=taken, against_party=_PARTY.get(party) if party else None, burden_basis=basis)


def _overall(conclusions: dict[str, Any], topic: str, main: str) -> dict[str, Any]:
    view = conclusions[main]
    return {"topic": topic, "conclusion": main, "status": view["status"], "result": view["result"],
            "outcome": view["outcome"], "outcome_result": view["outcome_result"],
            "resolved_by_burden": view["resolved_by_burden"], "title": view["title"], "role": view["role"]}


def _next_steps(evaluation: Evaluation, conclusions: dict[str, Any], scope: list[str]) -> list[dict[str, Any]]:
    """Every open fact in scope, most consequential first (see `open_facts`)."""
    return [dict(_question(evaluation, p), affects=affects, decisive=decisive)
            for p, affects, decisive in open_facts(evaluation, scope)]


def open_facts(evaluation: Evaluation, scope: list[str]) -> list[tuple[str, list[str], bool]]:
    """(fact, the conclusions it leaves open, decisive) for every open fact in scope, most consequential first.

    `decisive` marks the facts a headline conclusion or a computation waits on. In Kleene
    logic a decided conclusion stays decided whatever its unknown inputs turn out to be,
    so the other open facts cannot change the headline conclusions: they come last.
    """
    knowledge = evaluation.knowledge
    in_scope = {rs.name for rs in knowledge.rulesets if rs.topic in scope}
    affects: dict[str, list[str]] = {}
    for cid, conclusion in evaluation.conclusions.items():
        if knowledge.rules[cid].ruleset in in_scope:
            for path in conclusion.verdict.missing:
                affects.setdefault(path, []).append(cid)
    decisive = {p for t, main in knowledge.topics.items() if t in scope for p in evaluation.conclusions[main].verdict.missing}
    decisive |= {p for c in evaluation.computations if c.topic in scope for p in c.missing}
    for path in decisive:
        affects.setdefault(path, [])
    order = {path: index for index, path in enumerate(knowledge.vocabulary.facts)}
    ranked = sorted(affects, key=lambda p: (p not in decisive, -len(affects[p]), order[p]))
    return [(p, affects[p], p in decisive) for p in ranked]


def question_text(evaluation: Evaluation, path: str) -> dict[str, str]:
    """The question that asks for a fact (its label, where the vocabulary writes no question)."""
    return _question(evaluation, path)["question"]


def what_if_section(evaluation: Evaluation, found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The what-if findings, one per changed fact: 'If <fact>, <conclusion> would be <status> (and ...)',
    with the fact's basis. One change usually flips several headlines at once (infringement and damages)."""
    versions = evaluation.facts.get("derived.aucl_versions")
    rules = evaluation.knowledge.rules
    grouped: dict[tuple[str, Any], dict[str, Any]] = {}
    for item in found:
        key = (item["fact"], item["to"])
        if key not in grouped:
            grouped[key] = {"fact": item["fact"], "from": item["from"], "to": item["to"], "sentence": item["sentence"],
                            "basis": citations(evaluation, item["basis"], versions), "outcomes": []}
        grouped[key]["outcomes"].append({"conclusion": item["conclusion"], "title": rules[item["conclusion"]].title,
                                         "status_before": item["status_before"], "status_after": item["status_after"],
                                         "outcome_before": item["outcome_before"], "outcome_after": item["outcome_after"]})
    return list(grouped.values())


def _versions_label(evaluation: Evaluation, versions) -> _PAIR | None:
    if not versions:
        return None
    return value_text(evaluation.knowledge.vocabulary.get("derived.aucl_versions"), versions)
