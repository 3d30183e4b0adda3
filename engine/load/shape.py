"""Structural checks shared by every loader: mappings, known keys, did-you-mean."""

from __future__ import annotations

import difflib
from typing import Any, Iterable

from .yamlsrc import Document


def suggest(word: str, choices: Iterable[str]) -> str | None:
    """A did-you-mean hint, or None when nothing is close."""
    matches = difflib.get_close_matches(str(word), sorted(choices), n=1, cutoff=0.6)
    return f"did you mean '{matches[0]}'?" if matches else None


def valid_list(choices: Iterable[str], limit: int = 12) -> str:
    items = sorted(choices)
    shown = ", ".join(items[:limit])
    return f"valid: {shown}" + (", ..." if len(items) > limit else "")


def mapping(doc: Document, location: tuple, value: Any, what: str = "a mapping") -> dict:
    if not isinstance(value, dict):
        raise doc.error(location, f"expected {what}, found {type_name(value)}")
    return value


def keys(doc: Document, location: tuple, value: dict, allowed: Iterable[str], required: Iterable[str] = ()) -> None:
    """Unknown keys are errors with a suggestion; required keys must be present."""
    allowed = set(allowed)
    for key in value:
        if key not in allowed:
            hint = suggest(key, allowed) or valid_list(allowed)
            raise doc.error(location + (key,), "unknown key", hint)
    for key in required:
        if key not in value:
            raise doc.error(location, f"missing required key '{key}'")


def text_pair(doc: Document, location: tuple, value: Any) -> dict[str, str]:
    """A {zh: ..., en: ...} pair of non-empty strings."""
    mapping(doc, location, value, "a mapping with 'zh' and 'en' texts")
    keys(doc, location, value, ("zh", "en"), ("zh", "en"))
    for lang in ("zh", "en"):
        if not isinstance(value[lang], str) or not value[lang].strip():
            raise doc.error(location + (lang,), "expected a non-empty text")
    return {"zh": value["zh"].strip(), "en": value["en"].strip()}


def type_name(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"{type(value).__name__} {value!r}"
