"""The derivation tree of one conclusion, down to the facts: `secretlaw explain FILE ID`."""

from __future__ import annotations

from typing import Any

from .explain import citations, fact_sentence
from .evaluate import Evaluation
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
    status = "not_applicable" if evaluation.applies(cid) is False else verdict.status
    lines.append(f"{pad}{rule.title[lang]} [{cid}]: {Messages(lang)('status_' + status)}")
    lines.append(f"{pad}  rule {rule.id} ({rule.file}:{rule.line}); {basis}")
    if cid in seen:
        return
    seen.add(cid)
    for ref in verdict.because:
        _ref(evaluation, ref, lang, depth + 1, lines, seen, "")
    for ref in verdict.exception:
        _ref(evaluation, ref, lang, depth + 1, lines, seen, "unless " if lang == "en" else "例外 ")
    for path in verdict.missing:
        spec = evaluation.knowledge.vocabulary.get(path)
        question = spec.question[lang] if spec.question else spec.label[lang]
        lines.append(f"{'    ' * (depth + 1)}? {path}: {question}")


def _ref(evaluation: Evaluation, ref: Any, lang: str, depth: int, lines: list[str], seen: set[str], prefix: str) -> None:
    if ref.kind == "conclusion":
        before = len(lines)
        _conclusion(evaluation, ref.id, lang, depth, lines, seen)
        lines[before] = lines[before].replace("    " * depth, "    " * depth + prefix, 1)
        return
    spec = evaluation.knowledge.vocabulary.get(ref.id)
    value = evaluation.facts.get(ref.id)
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
