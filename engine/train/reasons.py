"""What a student is shown when an answer is wrong, taken from the evaluation itself: the rule's
statement and result, the facts that decide the conclusion, the open facts it turns on with who must
prove each, the derivation tree, the provisions it rests on, and how the outcome took unproved facts.
Shared by the exercise session and the grading of written analyses."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..reason.derive import derive
from ..reason.evaluate import Evaluation
from ..report.explain import _result, burden_of, citations, fact_sentence, value_text
from ..report.messages import Messages
from ..load.rulebook import Rule
from ..report.tree import derivation_tree


@dataclass
class Explanation:
    conclusion: str
    title: str
    statement: str  # the rule, as the statute reads
    result: str | None  # its holds / fails sentence for the status the facts give (None: undetermined)
    facts: list[str]  # the facts entered (or derived) that decide it, each as a sentence
    open: list[str]  # the unknown facts it turns on, each as a question with who must prove it
    tree: str  # the derivation tree, down to the facts
    basis: list[str]  # the provisions it rests on, cited for the version in force, with their titles
    burdens: list[str] = field(default_factory=list)  # a defence: its facts and who must prove each
    taken: list[str] = field(default_factory=list)  # the outcome: unproved facts taken against the party with the burden

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def deciding_facts(evaluation: Evaluation, conclusion: str) -> list[str]:
    """The facts the status of a conclusion rests on, down its reasons (and, where it is undetermined,
    the unknown facts it turns on), in vocabulary order."""
    found: set[str] = set()
    seen: set[str] = set()

    def walk(cid: str) -> None:
        if cid in seen:
            return
        seen.add(cid)
        verdict = evaluation.conclusions[cid].verdict
        for ref in verdict.because + verdict.exception:
            if ref.kind == "fact":
                found.add(ref.id)
            else:
                walk(ref.id)
        found.update(verdict.missing)

    walk(conclusion)
    return [p for p in evaluation.knowledge.vocabulary.facts if p in found]


def facts_read(evaluation: Evaluation, conclusion: str) -> set[str]:
    """Every fact the conclusion's rule reads, directly or through the conclusions its conditions read."""
    rules = evaluation.knowledge.rules
    found: set[str] = set()
    pending, seen = [conclusion], set()
    while pending:
        cid = pending.pop()
        if cid in seen:
            continue
        seen.add(cid)
        rule = rules[cid]
        parts = [e for e in (rule.applies, rule.when, rule.unless) if e is not None]
        for expr in parts:
            found |= expr.facts()
            pending += sorted(expr.conclusions())
    return found


def derivation_sources(evaluation: Evaluation, derived: str) -> list[str]:
    """The entered facts a derived fact is computed from here: those whose absence would change it
    (protection.in_place_by and conduct.started_on for measures_before_conduct, say)."""
    case, knowledge = evaluation.case, evaluation.knowledge
    value = evaluation.facts.get(derived)
    out = []
    for path in case.values:
        values = {p: v for p, v in case.values.items() if p != path}
        if derive(type(case)(case.file, values), knowledge).get(derived) != value:
            out.append(path)
    return out


def defence_burden(evaluation: Evaluation, rule: Rule) -> tuple[str | None, list[str]]:
    """Who must prove a defence: the party that bears the burden of every fact its condition tests (and
    those of the defences it reads), or None where they differ; and those facts."""
    rules = evaluation.knowledge.rules
    facts: list[str] = []

    def walk(r: Rule) -> None:
        for path in sorted(r.when.tested_facts()):
            if path not in facts:
                facts.append(path)
        for cid in sorted(r.when.conclusions()):
            if rules[cid].role == "defence":
                walk(rules[cid])

    walk(rule)
    vocabulary = evaluation.knowledge.vocabulary
    parties = {burden_of(evaluation, vocabulary.get(p))[0] for p in facts}
    return (parties.pop() if len(parties) == 1 else None), facts


def explanation(evaluation: Evaluation, conclusion: str, lang: str, outcome: bool = False) -> Explanation:
    node = evaluation.conclusions[conclusion]
    rule = node.rule
    t = Messages(lang)
    vocabulary = evaluation.knowledge.vocabulary
    status = node.outcome if outcome else node.status
    result = _result(rule, status, node.verdict.applicable)
    decided, open_ = [], []
    turns_on = set(node.verdict.missing)
    for path in deciding_facts(evaluation, conclusion):
        spec = vocabulary.get(path)
        if path in evaluation.facts:
            decided.append(fact_sentence(spec, evaluation.facts[path])[lang])
        elif path in turns_on:
            open_.append(question_line(evaluation, path, t))
        else:  # a test on whether a fact was stated at all (a court's earlier finding): its absence decides
            decided.append(f"{spec.label[lang]}: {t('value_unknown')}")
    versions = evaluation.facts.get("derived.aucl_versions")
    sources = evaluation.knowledge.sources
    basis = [c[lang] + t("train_paren", text=sources.provision(c["provision"]).title[lang])
             for c in citations(evaluation, rule.basis, versions)]
    burdens = []
    if rule.role == "defence":
        _, facts = defence_burden(evaluation, rule)
        burdens = [question_line(evaluation, p, t) for p in facts]
    taken = []
    if outcome:
        for r in evaluation.resolved_by_burden(conclusion):
            spec = vocabulary.get(r.path)
            shown = value_text(spec, r.value)[lang] if r.value is not None else t("taken_not_shown")
            who = t("taken_against_shifted" if r.shifted else "taken_against", party=t("party_" + r.party)) if r.party else ""
            taken.append(t("train_taken", label=spec.label[lang], value=shown, who=who))
    return Explanation(conclusion, rule.title[lang], rule.statement[lang], result[lang] if result else None,
                       decided, open_, derivation_tree(evaluation, conclusion, lang), basis, burdens, taken)


def question_line(evaluation: Evaluation, path: str, t: Messages) -> str:
    """An open fact as the question that would settle it, with who must prove it."""
    spec = evaluation.knowledge.vocabulary.get(path)
    text = spec.question[t.lang] if spec.question else spec.label[t.lang]
    party, shifted = burden_of(evaluation, spec)
    if not party:
        return text
    return text + t("train_paren", text=f"{t('burden_on')}{t('party_' + party)}{t('burden_shifted') if shifted else ''}")
