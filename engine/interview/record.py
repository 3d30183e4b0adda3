"""The facts file the interview writes after every answer, and reads back to resume.

It is an ordinary facts file: sections in vocabulary order, each fact under its question as a
comment, values typed as `secretlaw assess` reads them (money as quoted decimal strings, dates ISO,
a date known only to the year or month as written), free text quoted by yaml.safe_dump wherever it
needs to be. A question answered "unknown" is written as `unknown` (which the loader reads as not
known), so a resumed interview does not ask it again; a free text skipped is simply absent.

Two comment lines at the top keep what the facts cannot: the questions the opinion is to answer
(`# interview-topics:`) and the order in which the questions were asked (`# interview-asked:`, so
that going back and resuming work across runs). Deleting them loses nothing a memo needs.

The file is replaced atomically: written to a temporary file in the same folder, flushed to disk,
then renamed over the old one, so a kill at any moment leaves either the old file or the new one.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError
from ..load.facts import UNKNOWN_WORDS, Case, PartialDate, case_from_text
from ..load.knowledge import Knowledge
from ..load.vocabulary import FactSpec

MARK = "# secretlaw interview"
_TOPICS = re.compile(r"^# interview-topics:(.*)$", re.M)
_ASKED = re.compile(r"^# interview-asked:(.*)$", re.M)
_PER_LINE = 4  # asked paths per comment line


@dataclass
class Record:
    """Where an interview stands: the facts known, the questions answered "unknown", the order asked."""

    values: dict[str, Any] = field(default_factory=dict)
    unknown: set[str] = field(default_factory=set)
    asked: list[str] = field(default_factory=list)  # every question asked: answered, unknown or skipped
    topics: list[str] | None = None
    written_by_interview: bool = True
    lines: dict[str, int] = field(default_factory=dict)

    def case(self, file: str) -> Case:
        return Case(file, dict(self.values), dict(self.lines))

    def answer(self, path: str, value: Any) -> None:
        """Record an answer: a value, or None for a free text skipped."""
        self.forget(path)
        self.asked.append(path)
        if value is not None:
            self.values[path] = value

    def answer_unknown(self, path: str) -> None:
        self.forget(path)
        self.asked.append(path)
        self.unknown.add(path)

    def forget(self, path: str) -> None:
        self.values.pop(path, None)
        self.unknown.discard(path)
        if path in self.asked:
            self.asked.remove(path)


def read(path: Path, knowledge: Knowledge) -> Record:
    """The record of a facts file (an interview's, or one written by hand); an empty one if there is no file."""
    if not path.exists():
        return Record()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), None, None, f"cannot be read: {exc}") from None
    return record_from_text(text, str(path), knowledge)


def record_from_text(text: str, name: str, knowledge: Knowledge) -> Record:
    """The record of a facts file's text (the web interview carries it from page to page)."""
    if not text.strip():
        return Record()
    topics_line = _TOPICS.search(text)
    topics = [t for t in topics_line.group(1).split() if t in knowledge.topics] if topics_line else None
    order = [p for line in _ASKED.findall(text) for p in line.split() if p in knowledge.vocabulary.facts]
    if _only_comments(text):  # topics chosen, nothing answered yet (or free texts all skipped)
        return Record(asked=list(dict.fromkeys(order)), topics=topics or None, written_by_interview=text.startswith(MARK))
    case = case_from_text(text, name, knowledge.vocabulary)
    if case.overlays:
        raise InputError(name, None, ", ".join(case.overlays),
                         "the interview asks about one defendant and one item of information",
                         "assess a file with several with `secretlaw assess`")
    unknown = _unknown_paths(yaml.safe_load(text) or {}, knowledge)
    asked = list(dict.fromkeys(order))
    earlier = [p for p in knowledge.vocabulary.facts if (p in case.values or p in unknown) and p not in asked]
    return Record(dict(case.values), unknown, earlier + asked, topics or None, text.startswith(MARK), dict(case.lines))


def _only_comments(text: str) -> bool:
    return all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())


def _unknown_paths(data: Any, knowledge: Knowledge) -> set[str]:
    """The facts a file states as `unknown` (or 不详, 未知): asked, and not known."""
    found: set[str] = set()

    def walk(node: Any, fields: dict[str, FactSpec]) -> None:
        if not isinstance(node, dict):
            return
        for key, value in node.items():
            spec = fields.get(key)
            if spec is None:
                continue
            if spec.type == "group":
                walk(value, spec.fields)
            elif isinstance(value, str) and value.strip().lower() in UNKNOWN_WORDS:
                found.add(spec.path)

    for name, section in knowledge.vocabulary.sections.items():
        if not section.derived and isinstance(data, dict):
            walk(data.get(name), section.fields)
    return found


# --- writing ----------------------------------------------------------------------------------------


def render(record: Record, knowledge: Knowledge, lang: str = "zh") -> str:
    """The facts file: a header, then every section with something in it, each fact under its question."""
    out = [MARK + (" —— 每回答一个问题即保存；`secretlaw assess` 可直接读取，也可手工编辑。`unknown`：已问，不详。"
                   if lang == "zh" else
                   ": saved after every answer; `secretlaw assess` reads it, and it may be edited by hand. "
                   "`unknown`: asked, not known.")]
    if record.topics:
        out.append("# interview-topics: " + " ".join(record.topics))
    for start in range(0, len(record.asked), _PER_LINE):
        out.append("# interview-asked: " + " ".join(record.asked[start:start + _PER_LINE]))
    for name, section in knowledge.vocabulary.sections.items():
        if section.derived:
            continue
        body = _fields(section.fields, record, lang, 1)
        if body:
            out += ["", f"{name}:"] + body
    return "\n".join(out) + "\n"


def _fields(fields: dict[str, FactSpec], record: Record, lang: str, depth: int) -> list[str]:
    pad = "  " * depth
    lines: list[str] = []
    for key, spec in fields.items():
        if spec.type == "group":
            inner = _fields(spec.fields, record, lang, depth + 1)
            if inner:
                lines += [f"{pad}{key}:"] + inner
            continue
        if spec.path in record.values:
            value = _plain(spec, record.values[spec.path])
        elif spec.path in record.unknown:
            value = "unknown"
        else:
            continue
        comment = (spec.question or spec.label)[lang]
        lines.append(f"{pad}# {' '.join(comment.split())}")
        lines += _entry(key, value, pad)
    return lines


def _plain(spec: FactSpec, value: Any) -> Any:
    """The value as plain YAML data that the facts loader reads back as the same value."""
    if isinstance(value, PartialDate):
        return value.text
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list):
        return [_plain_item(v) for v in value]
    return value


def _plain_item(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain_item(v) for k, v in value.items()}
    if isinstance(value, PartialDate):
        return value.text
    if isinstance(value, Decimal):
        return str(value)
    return value


def _entry(key: str, value: Any, pad: str) -> list[str]:
    """`key: value`, the value dumped by yaml.safe_dump on one line (lists of entries: a block list)."""
    if isinstance(value, list) and any(isinstance(v, dict) for v in value):
        block = yaml.safe_dump(value, allow_unicode=True, sort_keys=False, default_flow_style=False, width=1 << 30)
        return [f"{pad}{key}:"] + [f"{pad}  {line}" for line in block.splitlines()]
    return [f"{pad}{key}: {_scalar(value)}"]


def _scalar(value: Any) -> str:
    for style in (None, '"'):  # plain or single-quoted if that is one line, else double-quoted with escapes
        text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, default_style=style, width=1 << 30)
        text = text[:-len("\n...\n")] if text.endswith("\n...\n") else text.rstrip("\n")
        if "\n" not in text:
            return text
    raise ValueError(f"cannot write {value!r} on one line")  # pragma: no cover - double quotes escape every break


# --- the atomic write -------------------------------------------------------------------------------


def write(path: Path, text: str) -> None:
    """Replace the file in one step: a temporary file in the same folder, flushed to disk, renamed over it."""
    folder = path.parent if str(path.parent) else Path(".")
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask()
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
    try:  # the rename itself reaches the disk
        directory = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - a folder that cannot be opened (some platforms)
        return
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
