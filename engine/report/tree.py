"""The derivation tree of one conclusion, down to the facts: `secretlaw explain FILE ID`.

Each conclusion shows its status and, where it differs, its outcome on the present record;
each open fact shows how the outcome took it (against the party with the burden)."""

from __future__ import annotations

from typing import Any

from .explain import citations, fact_sentence
from ..reason.evaluate import Evaluation
from ..logic import UNDETERMINED
from .messages import Messages


def derivation_tree(evaluation: Evaluation, conclusion: str, lang: str = "zh") -> str:
    """An indented tree: each conclusion with its status, rule and basis; each fact with its value and line."""
    lines: list[str] = []
    _conclusion(evaluation, conclusion, lang, 0, lines, set())
    return "\n".join(lines) + "\n"


def _conclusion(evaluation: Evaluation, cid: str, lang: str, depth: int, lines: list[str], seen: set[str]) -> None:
    node = evaluation.conclusions[cid]
    rule, verdict = node.rule, node.verdict
    versions = evaluation.facts.get("derived.aucl_versions")
    basis = "; ".join(c[lang] for c in citations(evaluation, rule.basis, versions))
    pad = "    " * depth
    t = Messages(lang)
    status = t("status_not_applicable") if verdict.applicable is False else t("status_" + verdict.status)
    record = f" -> {t('on_record')}: {t('status_' + node.outcome)}" if node.outcome != verdict.status else ""
    lines.append(f"{pad}{rule.title[lang]} [{cid}]: {status}{record}")
    lines.append(f"{pad}  rule {rule.id} ({rule.file}:{rule.line}); {basis}")
    if cid in seen:
        return
    seen.add(cid)
    # An open status is walked along the outcome's reasons, so the tree reaches every fact the outcome
    # took by burden; a decided status along its own reasons.
    reading = node.reading.outcome if verdict.status == UNDETERMINED else verdict
    taken = {r.path: r for r in node.reading.resolved}
    for ref in reading.because:
        _ref(evaluation, ref, lang, depth + 1, lines, seen, "", taken)
    for ref in reading.exception:
        _ref(evaluation, ref, lang, depth + 1, lines, seen, "unless " if lang == "en" else "例外 ", taken)


def _taken(resolution, t: Messages) -> str:
    """How the outcome reading took an open fact: its value, and whose unmet burden that is."""
    if resolution is None:
        return ""
    value = "absent" if resolution.value is None else _show(resolution.value)
    party = t("party_" + resolution.party) if resolution.party else "-"
    return f"  [{t('on_record')}: {value}; {t('taken_against_shifted' if resolution.shifted else 'taken_against', party=party)}]"


def _ref(evaluation: Evaluation, ref: Any, lang: str, depth: int, lines: list[str], seen: set[str], prefix: str,
         taken: dict) -> None:
    if ref.kind == "conclusion":
        before = len(lines)
        _conclusion(evaluation, ref.id, lang, depth, lines, seen)
        lines[before] = lines[before].replace("    " * depth, "    " * depth + prefix, 1)
        return
    spec = evaluation.knowledge.vocabulary.get(ref.id)
    value = evaluation.facts.get(ref.id)
    if value is None and ref.id in taken:  # open: the question, and how the outcome took it
        question = spec.question[lang] if spec.question else spec.label[lang]
        lines.append(f"{'    ' * depth}{prefix}? {ref.id}: {question}{_taken(taken[ref.id], Messages(lang))}")
        return
    where = evaluation.case.lines.get(ref.id)
    origin = f" ({evaluation.case.file}:{where})" if where else (" (derived)" if spec.derived else "")
    text = fact_sentence(spec, value)[lang] if value is not None else f"{spec.label[lang]}: ?"
    lines.append(f"{'    ' * depth}{prefix}- {ref.id} = {_show(ref.value)}{origin}: {text}")


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(map(str, value)) + "]"
    return "unknown" if value is None else str(value)
