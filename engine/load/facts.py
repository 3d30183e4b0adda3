"""Load and validate a case facts file against the vocabulary.

Every legal fact is true, false or not known; an omitted fact (or one written as
`unknown` / null) is not known and is simply absent from `Case.values`. Nothing
is ever defaulted: a value that does not fit its declared type is an error that
names the file, the line and the field.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from . import shape
from ..errors import InputError
from .vocabulary import FactSpec, Vocabulary
from .yamlsrc import Document, dotted, load, load_bytes, loads

UNKNOWN_WORDS = ("unknown", "不详", "未知")
_YEAR_MONTH = re.compile(r"^([0-9]{4})(?:-([0-9]{2}))?$")


class PartialDate(dt.date):
    """A date known only to the year or month: it compares as the day the vocabulary says it stands
    for (`partial: first` or `last`), and prints as written, so the opinion never shows a day nobody gave."""

    text: str

    def __new__(cls, day: dt.date, text: str):
        self = super().__new__(cls, day.year, day.month, day.day)
        self.text = text
        return self

    def __reduce__(self):  # picklable for worker processes
        return (PartialDate, (dt.date(self.year, self.month, self.day), self.text))

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"PartialDate({self.text!r})"

# Several defendants, or several items of information, in one matter: each entry of these lists
# holds only the sections named here, laid over the facts shared by all (engine.load.matters).
OVERLAYS = {"defendants": ("parties", "employment", "obligations", "conduct"), "items": ("information", "protection")}
_OVERLAY_PARTIES = ("defendant",)  # in a defendants entry, `parties` holds that defendant only
# Bounds the schema states too (engine.load.schema): no matter reaches a thousand trillion yuan, and a
# 40-digit figure is a typing error, not an amount. ASCII digits only: \d would also take ４０００.
MONEY_DIGITS, DECIMAL_DIGITS = 15, 12
_MONEY = re.compile(r"^[0-9]{1,%d}(\.[0-9]{1,2})?$" % MONEY_DIGITS)
_DECIMAL = re.compile(r"^-?[0-9]{1,%d}(\.[0-9]{1,%d})?$" % (DECIMAL_DIGITS, DECIMAL_DIGITS))
INTEGER_RANGE = (0, 10**9)  # an integer fact without a `range:` of its own
FIRST_YEAR, LAST_YEAR = 1900, 2199  # a date outside is a typing error (and year 9999 overflows date arithmetic)


@dataclass
class Case:
    """A validated case: known facts by dotted path, and where each was written."""

    file: str
    values: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    overlays: dict[str, list["Case"]] = field(default_factory=dict)  # "defendants" / "items" -> one Case each

    def known(self, path: str) -> bool:
        return path in self.values

    def get(self, path: str, default: Any = None) -> Any:
        return self.values.get(path, default)


def load_case(path: str | Path, vocabulary: Vocabulary) -> Case:
    return case_from_document(load(path), vocabulary)


def case_from_bytes(data: bytes, name: str, vocabulary: Vocabulary) -> Case:
    return case_from_document(load_bytes(data, name), vocabulary)


def case_from_text(text: str, name: str, vocabulary: Vocabulary) -> Case:
    return case_from_document(loads(text, name), vocabulary)


def case_from_document(doc: Document, vocabulary: Vocabulary) -> Case:
    data = shape.mapping(doc, (), doc.data, "a mapping of sections such as 'parties:' and 'information:'")
    case = Case(doc.file)
    entered = {name: s for name, s in vocabulary.sections.items() if not s.derived}
    for name, value in data.items():
        if name in OVERLAYS:
            case.overlays[name] = _read_overlays(doc, name, value, entered)
            continue
        if name not in entered:
            if name in vocabulary.sections:
                raise doc.error((name,), "is computed by secretlaw and cannot be written in a facts file")
            raise doc.error((name,), "unknown section", shape.suggest(name, list(entered) + list(OVERLAYS))
                            or shape.valid_list(list(entered) + list(OVERLAYS)))
        _read_fields(doc, (name,), value, entered[name].fields, case)
    for checked in [case] + [entry for entries in case.overlays.values() for entry in entries] + _combinations(case):
        _check_date_order(doc, checked, vocabulary)
    return case


def laid_over(case: Case, *overlays: Case | None) -> Case:
    """The shared facts with a defendant's or an item's entries laid over them (later ones win)."""
    values, lines = dict(case.values), dict(case.lines)
    for overlay in overlays:
        if overlay is not None:
            values.update(overlay.values)
            lines.update(overlay.lines)
    return Case(case.file, values, lines)


def _combinations(case: Case) -> list[Case]:
    """Every (defendant, item) pair as the rules will see it: a date order can be broken only across
    a defendant's entry and the shared facts (hired in the entry, left in the shared employment)."""
    if not case.overlays:
        return []
    return [laid_over(case, d, i) for d in case.overlays.get("defendants") or [None]
            for i in case.overlays.get("items") or [None]]


def _check_date_order(doc: Document, case: Case, vocabulary: Vocabulary) -> None:
    """Dates the facts give in an impossible order (left before hired, ended before it began, the latest
    possible day before the earliest) are an error naming both fields: no opinion rests on them."""
    for path, later in case.values.items():
        spec = vocabulary.get(path)
        for earlier_path in spec.not_before if spec else ():
            earlier = case.values.get(earlier_path)
            if earlier is not None and later < earlier:
                raise InputError(doc.file, case.lines.get(path), path,
                                 f"{later} is before {earlier_path} ({earlier}, line {case.lines.get(earlier_path)})",
                                 "one of the two dates is wrong: these cannot come in this order")


def _read_overlays(doc: Document, name: str, value: Any, entered: dict) -> list[Case]:
    """`defendants:` or `items:`: a list of entries, each a mapping of the sections that entry may hold."""
    if not isinstance(value, list) or not value:
        raise doc.error((name,), f"expected a list of entries, found {shape.type_name(value)}",
                        f"each entry holds {', '.join(OVERLAYS[name])}")
    entries = []
    for index, entry in enumerate(value):
        where = (name, index)
        shape.mapping(doc, where, entry, f"a mapping of {', '.join(OVERLAYS[name])}")
        overlay = Case(doc.file)
        for section, fields in entry.items():
            if section not in OVERLAYS[name]:
                raise doc.error(where + (section,), f"an entry of {name} cannot hold this section",
                                shape.valid_list(OVERLAYS[name]))
            if section == "parties":
                shape.mapping(doc, where + (section,), fields)
                shape.keys(doc, where + (section,), fields, _OVERLAY_PARTIES, _OVERLAY_PARTIES)
            _read_fields(doc, where + (section,), fields, entered[section].fields, overlay)
        entries.append(overlay)
    return entries


def _read_fields(doc: Document, location: tuple, value: Any, fields: dict[str, FactSpec], case: Case) -> None:
    if value is None:
        return
    shape.mapping(doc, location, value)
    for key, item in value.items():
        spec = fields.get(key)
        if spec is None:
            raise doc.error(location + (key,), "unknown key", shape.suggest(key, fields) or shape.valid_list(fields))
        _read_field(doc, location + (key,), item, spec, case)


def _read_field(doc: Document, location: tuple, value: Any, spec: FactSpec, case: Case) -> None:
    if spec.type == "group":
        _read_fields(doc, location, value, spec.fields, case)
        return
    if spec.type == "list":
        items = _read_list(doc, location, value, spec)
        if items is not None:
            case.values[spec.path] = items
            case.lines[spec.path] = doc.line_of(location)
        return
    parsed = parse_scalar(doc, location, value, spec)
    if parsed is not None:
        case.values[spec.path] = parsed
        case.lines[spec.path] = doc.line_of(location)


def _read_list(doc: Document, location: tuple, value: Any, spec: FactSpec) -> list[dict[str, Any]] | None:
    if value is None:
        return None
    if not isinstance(value, list):
        raise doc.error(location, f"expected a list of entries, found {shape.type_name(value)}")
    items = []
    for index, entry in enumerate(value):
        where = location + (index,)
        shape.mapping(doc, where, entry)
        item: dict[str, Any] = {}
        for key, raw in entry.items():
            member = spec.fields.get(key)
            if member is None:
                raise doc.error(where + (key,), "unknown key", shape.suggest(key, spec.fields) or shape.valid_list(spec.fields))
            parsed = parse_scalar(doc, where + (key,), raw, member)
            if parsed is not None:
                item[key] = parsed
        items.append(item)
    return items


def parse_scalar(doc: Document, location: tuple, value: Any, spec: FactSpec) -> Any:
    """The typed value, or None when the fact is not known."""
    if value is None or (isinstance(value, str) and value.strip().lower() in UNKNOWN_WORDS):
        return None
    parser = _PARSERS[spec.type]
    return parser(doc, location, value, spec)


def _bool(doc, location, value, spec):
    if isinstance(value, bool):
        return value
    raise doc.error(location, f"expected true, false or unknown, found {shape.type_name(value)}")


def _enum(doc, location, value, spec):
    if isinstance(value, str) and value in spec.values:
        return value
    hint = shape.suggest(str(value), spec.values) or shape.valid_list(spec.values)
    raise doc.error(location, f"'{value}' is not one of the allowed values", hint)


def _date(doc, location, value, spec):
    day = _any_date(doc, location, value, spec)
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise doc.error(location, f"the year {day.year} is outside {FIRST_YEAR}-{LAST_YEAR}", "check the date")
    return day


def _any_date(doc, location, value, spec):
    if isinstance(value, dt.datetime):
        raise doc.error(location, "expected a date without a time", "write it as YYYY-MM-DD, e.g. 2022-04-07")
    if isinstance(value, dt.date):
        return value
    if spec.partial and (isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool))):
        partial = _partial_date(str(value).strip(), spec.partial)
        if partial is not None:
            return partial
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    hint = "write it as YYYY-MM-DD, e.g. 2022-04-07" + (", or to the month or year only: '2022-04' or '2022'" if spec.partial else "")
    raise doc.error(location, f"expected an ISO date, found {shape.type_name(value)}", hint)


def _partial_date(text: str, stands_for: str) -> PartialDate | None:
    """'2019' or '2019-05' as the first or the last day of that year or month."""
    match = _YEAR_MONTH.match(text)
    if not match or not 1 <= int(match.group(1)) <= 9998 or (match.group(2) and not 1 <= int(match.group(2)) <= 12):
        return None
    year, month = int(match.group(1)), match.group(2)
    if month is None:
        day = dt.date(year, 1, 1) if stands_for == "first" else dt.date(year, 12, 31)
    else:
        first = dt.date(year, int(month), 1)
        day = first if stands_for == "first" else (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    return PartialDate(day, text)


def _refuse_other_digits(doc, location, value) -> None:
    """Full-width (４０００) or other non-ASCII digits are refused, not silently read as 4000: say so."""
    if isinstance(value, str) and any(ch.isdigit() and not ch.isascii() for ch in value):
        raise doc.error(location, "full-width or other non-ASCII digits are not accepted", "type the number with 0-9, e.g. '4000'")


def _money(doc, location, value, spec):
    _refuse_other_digits(doc, location, value)
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 10**MONEY_DIGITS:
        return Decimal(value)
    if isinstance(value, str) and _MONEY.match(value.strip().replace(",", "")):
        return Decimal(value.strip().replace(",", ""))
    if isinstance(value, float):
        raise doc.error(location, f"money must not be a floating-point number ({value!r})",
                        f"quote it as a decimal string in CNY, e.g. '{value:.2f}'")
    raise doc.error(location, f"expected an amount of money in CNY, found {shape.type_name(value)}",
                    f"write a quoted decimal string of at most {MONEY_DIGITS} digits and two decimals, e.g. '400000.00'")


def _decimal(doc, location, value, spec):
    _refuse_other_digits(doc, location, value)
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) < 10**DECIMAL_DIGITS:
        return Decimal(value)
    if isinstance(value, str) and _DECIMAL.match(value.strip()):
        return Decimal(value.strip())
    if isinstance(value, float):
        raise doc.error(location, f"write numbers with decimals as quoted strings ({value!r})", f"e.g. '{value}'")
    raise doc.error(location, f"expected a decimal number, found {shape.type_name(value)}",
                    f"at most {DECIMAL_DIGITS} digits before and after the point, e.g. '0.30'")


def _integer(doc, location, value, spec):
    if isinstance(value, int) and not isinstance(value, bool):
        least, greatest = spec.range or INTEGER_RANGE
        if not least <= value <= greatest:
            raise doc.error(location, f"{value} is outside {least}-{greatest}", "check the number")
        return value
    _refuse_other_digits(doc, location, value)
    raise doc.error(location, f"expected a whole number, found {shape.type_name(value)}")


def _text(doc, location, value, spec):
    if isinstance(value, str):
        return value.strip()
    raise doc.error(location, f"expected a text, found {shape.type_name(value)}", "quote it if it looks like a number or a date")


def _text_list(doc, location, value, spec):
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [v.strip() for v in value]
    raise doc.error(location, f"expected a list of texts, found {shape.type_name(value)}")


_PARSERS = {
    "bool": _bool, "enum": _enum, "date": _date, "money": _money,
    "decimal": _decimal, "integer": _integer, "text": _text, "text_list": _text_list,
}

