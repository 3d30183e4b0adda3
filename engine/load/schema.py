"""A JSON Schema (draft 2020-12) for facts files, generated from the vocabulary."""

from __future__ import annotations

from typing import Any

from .facts import _DECIMAL, _MONEY, DECIMAL_DIGITS, INTEGER_RANGE, MONEY_DIGITS, OVERLAYS, UNKNOWN_WORDS
from .vocabulary import FactSpec, Vocabulary

_UNKNOWN = [{"type": "null"}, {"enum": list(UNKNOWN_WORDS)}]


def facts_schema(vocabulary: Vocabulary) -> dict[str, Any]:
    sections = {name: _object(s.fields, f"{s.title['en']} / {s.title['zh']}")
                for name, s in vocabulary.sections.items() if not s.derived}
    for name, held in OVERLAYS.items():  # several defendants or items: each entry holds some sections only
        entry = {"type": "object", "additionalProperties": False, "properties": {s: sections[s] for s in held}}
        sections[name] = {"type": "array", "minItems": 1, "items": entry,
                          "description": f"several {name}: each entry holds {', '.join(held)}, assessed on its own"}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://secretlaw.invalid/schema/facts.json",
        "title": "secretlaw case facts",
        "description": "The facts of one trade-secret matter. A yes/no fact is true, false or unknown; leave out what is not known.",
        "type": "object",
        "additionalProperties": False,
        "properties": sections,
    }


def _object(fields: dict[str, FactSpec], description: str) -> dict[str, Any]:
    return {"type": "object", "description": description, "additionalProperties": False,
            "properties": {name: _field(spec) for name, spec in fields.items()}}


def _field(spec: FactSpec) -> dict[str, Any]:
    description = f"{spec.label['en']} / {spec.label['zh']}"
    if spec.question:
        description += f". {spec.question['en']}"
    if spec.type == "group":
        return _object(spec.fields, description)
    if spec.type == "list":
        return {"type": "array", "description": description, "items": _object(spec.fields, description)}
    return {"description": description, "anyOf": [_scalar(spec)] + _UNKNOWN}


def _scalar(spec: FactSpec) -> dict[str, Any]:
    kind = spec.type
    if kind == "bool":
        return {"type": "boolean"}
    if kind == "enum":
        return {"enum": list(spec.values)}
    if kind == "date":  # the years the loader accepts, FIRST_YEAR-LAST_YEAR
        return {"type": "string", "format": "date", "pattern": r"^(19|20|21)[0-9]{2}-[0-9]{2}-[0-9]{2}$"}
    if kind == "money":
        return {"anyOf": [{"type": "string", "pattern": _MONEY.pattern},
                          {"type": "integer", "minimum": 0, "maximum": 10**MONEY_DIGITS - 1}]}
    if kind == "decimal":
        return {"anyOf": [{"type": "string", "pattern": _DECIMAL.pattern},
                          {"type": "integer", "minimum": -(10**DECIMAL_DIGITS - 1), "maximum": 10**DECIMAL_DIGITS - 1}]}
    if kind == "integer":
        least, greatest = spec.range or INTEGER_RANGE
        return {"type": "integer", "minimum": least, "maximum": greatest}
    if kind == "text_list":
        return {"type": "array", "items": {"type": "string"}}
    return {"type": "string"}
