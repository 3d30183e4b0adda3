"""The screening's rows written out: JSONL (the journal, sorted), CSV, XLSX, one self-contained HTML page,
or a table on the terminal. Each takes the rows as a stream, in order, so none holds them all.

Every format is deterministic: the same rows give the same bytes (the XLSX's zip entries and document
properties carry a fixed date, not the time of writing).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from ..load.knowledge import load_knowledge
from ..money import display
from ..printable import one_line
from ..report.messages import Messages
from . import journal

FORMATS = (".jsonl", ".csv", ".xlsx", ".html")
_FIXED = dt.datetime(2000, 1, 1)  # the date stamped into the XLSX, so that reruns give the same bytes


def columns(lang: str) -> list[tuple[str, Callable[[dict[str, Any]], Any]]]:
    """(header, value of a row) for each column, in the language asked for."""
    t = Messages(lang)
    knowledge = load_knowledge()
    cols: list[tuple[str, Callable]] = [
        (t("screen_col_triage"), lambda r: t(f"screen_triage_{r['triage']}")),
        (t("screen_col_file"), lambda r: r["file"]),
        (t("screen_col_matter"), lambda r: r.get("label") or ""),
        (t("screen_col_title"), lambda r: r.get("title") or ""),
        (t("screen_col_holder"), lambda r: r.get("holder") or ""),
        (t("screen_col_defendant"), lambda r: r.get("defendant") or ""),
    ]
    for topic, main in knowledge.topics.items():
        title = knowledge.rules[main].title[lang]
        for reading, key in (("status", "screen_col_status"), ("outcome", "screen_col_outcome")):
            cols.append((t(key, title=title), _reading(t, topic, reading)))
    cols += [
        (t("screen_col_claimed"), lambda r: _amount(r.get("claimed"))),
        (t("screen_col_ceiling"), lambda r: _amount(r.get("ceiling"))),
        (t("screen_col_award"), lambda r: _amount(r.get("award"))),
        (t("screen_col_missing"), lambda r: r.get("missing", "")),
        (t("screen_col_questions"), lambda r: " | ".join(r.get("questions") or [])),
        (t("screen_col_precedent"), lambda r: r.get("precedent") or ""),
        (t("screen_col_error"), lambda r: r.get("error") or ""),
    ]
    return cols


def _reading(t: Messages, topic: str, reading: str) -> Callable:
    def value(row: dict[str, Any]) -> str:
        if row["triage"] == "error":
            return ""
        found = (row.get("headlines") or {}).get(topic)
        return t(f"status_{found[reading]}") if found else t("screen_not_in_scope")
    return value


def _amount(value: str | None) -> str:
    return "" if value is None else display(Decimal(value))


def cells(row: dict[str, Any], cols) -> list[Any]:
    return [get(row) for _, get in cols]


def write(rows: Iterable[dict[str, Any]], target: Path, lang: str) -> int:
    """The rows in the format the file name says; returns how many were written."""
    suffix = target.suffix.lower()
    counted = _Counting(rows)
    if suffix == ".jsonl":
        journal.replace_with(target, counted)
    elif suffix == ".csv":
        _atomic(target, lambda handle: _csv(counted, handle, lang))
    elif suffix == ".html":
        _atomic(target, lambda handle: _html(counted, handle, lang))
    elif suffix == ".xlsx":
        _xlsx(counted, target, lang)
    else:
        raise ValueError(f"unknown output format {suffix}")
    return counted.count


class _Counting:
    def __init__(self, rows: Iterable[dict[str, Any]]):
        self.rows, self.count = rows, 0

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for row in self.rows:
            self.count += 1
            yield row


def _atomic(target: Path, fill: Callable[[io.TextIOBase], None]) -> None:
    temporary = target.with_name(target.name + ".tmp")
    with temporary.open("w", encoding="utf-8", newline="") as handle:
        fill(handle)
    os.replace(temporary, target)


def _csv(rows: Iterable[dict[str, Any]], handle, lang: str) -> None:
    handle.write("\ufeff")  # so that Excel reads the Chinese as UTF-8
    cols = columns(lang)
    out = csv.writer(handle, lineterminator="\r\n")
    out.writerow([name for name, _ in cols])
    for row in rows:
        out.writerow([_no_formula(v) for v in cells(row, cols)])


def _no_formula(value: Any) -> Any:
    """A cell that starts with = + - @ is run as a formula by spreadsheets (CSV injection): quote it as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def html_environment():
    """Autoescaped, unlike the Markdown memo's: every cell is text from a facts file."""
    import jinja2

    from ..resources import resource_dir

    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(resource_dir("reports"))), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def _html(rows: Iterable[dict[str, Any]], handle, lang: str) -> None:
    template = html_environment().get_template("screen.html.j2")
    cols = columns(lang)
    t = Messages(lang)
    for chunk in template.generate(lang=lang, t=t, headers=[name for name, _ in cols],
                                   rows=((row, cells(row, cols)) for row in rows), inline_script=True,
                                   memo_form=None):
        handle.write(chunk)


def _xlsx(rows: Iterable[dict[str, Any]], target: Path, lang: str) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    cols = columns(lang)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(Messages(lang)("screen_title")[:31])
    widths = [18, 40, 16, 30, 16, 16] + [14] * (len(cols) - 13) + [16, 16, 16, 10, 60, 30, 60]
    for number, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(number)].width = width
    sheet.freeze_panes = "A2"
    from openpyxl.cell import WriteOnlyCell

    bold = Font(bold=True)
    header = []
    for name, _ in cols:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    count = 0
    for row in rows:
        sheet.append([_no_formula(v) for v in cells(row, cols)])
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(cols))}{count + 1}"
    book.properties.creator = "secretlaw"
    book.properties.created = book.properties.modified = _FIXED
    temporary = target.with_name(target.name + ".tmp")
    book.save(temporary)
    _fix_zip_dates(temporary)
    os.replace(temporary, target)


def _fix_zip_dates(path: Path) -> None:
    """openpyxl stamps the time of writing into the zip entries and docProps/core.xml: fix both."""
    with zipfile.ZipFile(path) as source:
        entries = [(info.filename, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in entries:
            if name == "docProps/core.xml":
                data = _fixed_core(data)
            info = zipfile.ZipInfo(name, date_time=_FIXED.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, data)


def _fixed_core(data: bytes) -> bytes:
    import re

    stamp = _FIXED.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    return re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)", rb"\g<1>" + stamp + rb"\g<2>", data)


def table(rows: Iterable[dict[str, Any]], lang: str) -> str:
    """Tab-separated main columns for the terminal; each cell one line, controls from the facts files escaped."""
    cols = columns(lang)
    keep = [0, 1, 2, 6, 7, len(cols) - 6, len(cols) - 5, len(cols) - 4, len(cols) - 1]
    lines = ["\t".join(cols[i][0] for i in keep)]
    for row in rows:
        values = cells(row, cols)
        lines.append("\t".join(one_line(str(values[i])) for i in keep))
    return "\n".join(lines) + "\n"
