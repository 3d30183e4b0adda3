"""The JSONL journal of a screening: the rows of each source appended as soon as they are known.

Each line is one row, with its file's name and content hash, the rules' fingerprint and the language:
the key of the work it records. All rows of one source are written in one append, and each says how
many rows its source has, so a source counts as done only when all of them are read back whole. A
kill -9 leaves at most a torn last line, which is ignored: the rerun does that source again.

Only an index (key, sort key, offset) is held in memory; the rows are read back from the file when the
final output is written, so a screening's memory does not grow with the number of matters.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator

from .rows import sort_key

Key = tuple[str, str, str, str]  # (file, content hash, rules fingerprint, language)


def key_of(row: dict[str, Any]) -> Key:
    return row["file"], row["hash"], row["fingerprint"], row["lang"]


def line(row: dict[str, Any]) -> str:
    """One row as one line: sorted keys and no ASCII escaping, so equal rows are equal bytes."""
    return json.dumps(row, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


@dataclass(frozen=True)
class Entry:
    order: tuple  # rows.sort_key
    offset: int
    length: int


def index(path: Path) -> dict[Key, list[Entry]]:
    """The complete sources in the journal, by key; a source written twice (a rerun) counts once, the last time."""
    if not path.exists():
        return {}
    found: dict[Key, dict[int, Entry]] = {}
    counts: dict[Key, int] = {}
    offset = 0
    with path.open("rb") as handle:
        for raw in handle:
            start, offset = offset, offset + len(raw)
            if not raw.endswith(b"\n"):
                break  # torn by a kill: that source is done again
            try:
                row = json.loads(raw)
                key = key_of(row)
                found.setdefault(key, {})[row["matter"]] = Entry(sort_key(row), start, len(raw))
                counts[key] = row["rows"]
            except (ValueError, KeyError, TypeError, AttributeError):
                continue  # not a row of ours: ignored, and dropped when the output is written
    return {key: [rows[i] for i in sorted(rows)] for key, rows in found.items() if len(rows) == counts[key]}


def read_rows(path: Path, entries: Iterable[Entry]) -> Iterator[dict[str, Any]]:
    with path.open("rb") as handle:
        for entry in entries:
            handle.seek(entry.offset)
            yield json.loads(handle.read(entry.length))


class Journal:
    """Appends rows; one write (and flush) a source, so a source is in the file whole or torn at its end."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        _cut_torn_line(path)
        self._handle = path.open("a", encoding="utf-8")

    def add(self, rows: list[dict[str, Any]]) -> None:
        self._handle.write("".join(line(row) for row in rows))
        self._handle.flush()

    def close(self) -> None:
        self._handle.close()


def _cut_torn_line(path: Path) -> None:
    """A line a kill left without its end is cut off, so that the next row starts a line of its own."""
    if not path.exists():
        return
    with path.open("r+b") as handle:
        size = handle.seek(0, os.SEEK_END)
        if size == 0:
            return
        handle.seek(size - 1)
        if handle.read(1) == b"\n":
            return
        keep, position = 0, size
        while position > 0:  # back to the last newline, a block at a time
            start = max(0, position - 65536)
            handle.seek(start)
            block = handle.read(position - start)
            found = block.rfind(b"\n")
            if found != -1:
                keep = start + found + 1
                break
            position = start
        handle.truncate(keep)


def replace_with(path: Path, rows: Iterable[dict[str, Any]]) -> None:
    """The journal as the final, sorted JSONL output; replaced atomically, never left half written."""
    temporary = path.with_name(path.name + ".tmp")
    with temporary.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(line(row))
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
