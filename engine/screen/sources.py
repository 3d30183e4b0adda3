"""The facts files a screening names: files, folders (searched recursively) and zip archives.

Sources are listed first (names only) and read one at a time as the screening reaches them, so memory
does not grow with their number. Each is read with the same safety as a single facts file
(engine.load.yamlsrc: regular files only, at most 5 MB); a zip member is bounded by the same size,
read without trusting the size its header claims. A source that cannot be read gives its one-line
error instead of bytes, and becomes an error row.
"""

from __future__ import annotations

import io
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..load.yamlsrc import MAX_BYTES, read_regular_file

SUFFIXES = (".yaml", ".yml")
MAX_MEMBERS = 1_000_000  # a zip of more entries is not a folder of matters


@dataclass(frozen=True)
class Source:
    name: str  # as the row shows it: the path given, or archive.zip!member
    path: str
    member: str | None = None  # inside the zip at `path`
    error: str | None = None  # found unreadable while listing


def gather(paths: list[str]) -> list[Source]:
    """Every facts file under the paths, each once, in name order within each path."""
    found: list[Source] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found += [Source(str(p), str(p)) for p in sorted(path.rglob("*")) if p.suffix in SUFFIXES and p.is_file()]
        elif path.suffix == ".zip" and path.is_file():
            found += _zip_members(path)
        else:
            found.append(Source(given, given))
    unique: dict[str, Source] = {}
    for source in found:
        unique.setdefault(source.name, source)
    return list(unique.values())


def uploaded(name: str, data: bytes) -> list[tuple[str, bytes | None, str | None]]:
    """A file sent to the web application: a facts file, or a zip of them; (name, bytes, error) each."""
    if not name.lower().endswith(".zip"):
        if len(data) > MAX_BYTES:
            return [(name, None, str(InputError(name, None, None, f"is over the limit of {MAX_BYTES // 2**20} MB")))]
        return [(name, data, None)]
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        return [(name, None, str(InputError(name, None, None, f"is not a readable zip archive ({exc})")))]
    found = []
    with archive:
        members = sorted(m.filename for m in archive.infolist()
                         if not m.is_dir() and os.path.splitext(m.filename)[1] in SUFFIXES)
        for member in members[:MAX_MEMBERS]:
            label = f"{name}!{member}"
            try:
                found.append((label, _member(archive, member, label), None))
            except InputError as error:
                found.append((label, None, str(error)))
    return found


def read(source: Source) -> tuple[bytes | None, str | None]:
    """(the bytes, None) or (None, the one-line error)."""
    if source.error is not None:
        return None, source.error
    try:
        if source.member is None:
            return read_regular_file(source.path, source.name), None
        with zipfile.ZipFile(source.path) as archive:
            return _member(archive, source.member, source.name), None
    except InputError as error:
        return None, str(error)


def _zip_members(path: Path) -> list[Source]:
    try:
        with zipfile.ZipFile(path) as archive:
            names = sorted(m.filename for m in archive.infolist()
                           if not m.is_dir() and os.path.splitext(m.filename)[1] in SUFFIXES)
    except (OSError, zipfile.BadZipFile) as exc:
        return [Source(str(path), str(path), error=str(InputError(str(path), None, None, f"is not a readable zip archive ({exc})")))]
    if len(names) > MAX_MEMBERS:
        return [Source(str(path), str(path), error=str(InputError(str(path), None, None,
                                                                   f"holds {len(names):,} facts files, over {MAX_MEMBERS:,}")))]
    return [Source(f"{path}!{name}", str(path), name) for name in names]


def _member(archive: zipfile.ZipFile, member: str, name: str) -> bytes:
    """At most MAX_BYTES + 1 bytes are inflated: a zip bomb stops there, whatever its header says."""
    try:
        with archive.open(member) as handle:
            data = handle.read(MAX_BYTES + 1)
    except (OSError, zipfile.BadZipFile, RuntimeError, NotImplementedError, KeyError) as exc:
        raise InputError(name, None, None, f"cannot be read from the archive ({exc})") from None
    if len(data) > MAX_BYTES:
        raise InputError(name, None, None, f"is over the limit of {MAX_BYTES // 2**20} MB")
    return data
