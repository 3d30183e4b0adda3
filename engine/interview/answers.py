"""What a person typed, as a typed fact value, or the reason it is refused (in both languages).

Every fact accepts "unknown" (`?`, `unknown`, `不详`, `未知`): recorded as asked and not known. A
value is checked by the same parser that reads facts files (engine.load.facts.parse_scalar), so what the
interview records is exactly what `secretlaw assess` would read from the file.
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import InputError
from ..load.facts import parse_scalar
from ..load.vocabulary import FactSpec
from ..load.yamlsrc import Document

UNKNOWN_ANSWERS = ("?", "？", "unknown", "u", "不详", "未知", "不知道")
_YES = ("y", "yes", "是", "true")
_NO = ("n", "no", "否", "false")
_LIST_SEPARATORS = re.compile(r"[;；、]")


class _Unknown:
    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN = _Unknown()  # the answer "not known"


class Refused(ValueError):
    """An answer that is not a value of the fact's type; `reason` says what is valid, {zh, en}."""

    def __init__(self, reason: dict[str, str]):
        super().__init__(reason["en"])
        self.reason = reason


_HINTS = {
    "bool": {"zh": "请回答 是、否 或 不详（y / n / ?）", "en": "answer y (yes), n (no) or ? (unknown)"},
    "date": {"zh": "请写 ISO 日期，如 2022-04-07，或答 ?（不详）",
             "en": "write an ISO date such as 2022-04-07, or ? (unknown)"},
    "partial_date": {"zh": "请写 ISO 日期，如 2022-04-07；只知道年或年月的写 2022 或 2022-04；或答 ?（不详）",
                     "en": "write an ISO date such as 2022-04-07, or the year or month only (2022, 2022-04), or ? (unknown)"},
    "money": {"zh": "请写人民币金额，如 400000.00（最多两位小数，不加单位），或答 ?（不详）",
              "en": "write an amount in CNY such as 400000.00 (at most two decimals, no currency sign), or ? (unknown)"},
    "decimal": {"zh": "请写一个数，如 0.30 或 12，或答 ?（不详）", "en": "write a number such as 0.30 or 12, or ? (unknown)"},
    "integer": {"zh": "请写一个整数，如 24，或答 ?（不详）", "en": "write a whole number such as 24, or ? (unknown)"},
    "text": {"zh": "请输入文字，直接回车跳过", "en": "type the text, or press Enter to skip"},
}


def hint(spec: FactSpec) -> dict[str, str]:
    """What a valid answer looks like."""
    if spec.type == "date" and spec.partial:
        return _HINTS["partial_date"]
    if spec.type == "enum":
        return {"zh": "请选择一个编号或取值，或答 ?（不详）", "en": "choose a number or a value, or ? (unknown)"}
    return _HINTS.get(spec.type, _HINTS["text"])


def is_unknown(text: str) -> bool:
    return text.strip().lower() in UNKNOWN_ANSWERS


def parse(spec: FactSpec, text: str) -> Any:
    """The typed value of an answer, UNKNOWN, or None for an empty free text (skipped). Raises Refused."""
    answer = text.strip()
    if spec.type in ("text", "text_list"):
        if not answer:
            return None
        if spec.type == "text":
            return answer
        return [part.strip() for part in _LIST_SEPARATORS.split(answer) if part.strip()]
    if not answer:
        raise Refused(hint(spec))
    if is_unknown(answer):
        return UNKNOWN
    if spec.type == "bool":
        word = answer.lower()
        if word in _YES:
            return True
        if word in _NO:
            return False
        raise Refused(hint(spec))
    if spec.type == "enum":
        return _enum(spec, answer)
    raw: Any = answer
    if spec.type == "integer":
        if not re.fullmatch(r"-?\d+", answer):
            raise Refused(hint(spec))
        raw = int(answer)
    try:
        return parse_scalar(Document("(answer)", None), (spec.path,), raw, spec)
    except InputError:
        raise Refused(hint(spec)) from None


def _enum(spec: FactSpec, answer: str) -> str:
    values = list(spec.values)
    if answer.isdigit() and 1 <= int(answer) <= len(values):
        return values[int(answer) - 1]
    for value, label in spec.values.items():
        if answer.lower() in (value.lower(), label["en"].lower()) or answer == label["zh"]:
            return value
    names = "、".join(f"{i}. {spec.values[v]['zh']}" for i, v in enumerate(values, 1))
    return _refuse(names, ", ".join(f"{i}. {spec.values[v]['en']}" for i, v in enumerate(values, 1)))


def _refuse(zh: str, en: str):
    raise Refused({"zh": f"请选择：{zh}；或答 ?（不详）", "en": f"choose one of: {en}; or ? (unknown)"})
