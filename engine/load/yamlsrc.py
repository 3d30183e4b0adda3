"""Safe YAML loading that remembers the line of every key and value.

Errors in fact files and rule files must name the line, so we compose the node
tree with the safe loader and build plain Python values ourselves, recording
where each one stood. Duplicate keys, which PyYAML silently collapses, are errors.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError

try:  # libyaml is several times faster; same safe semantics.
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

Path_ = tuple  # a location inside a document: ("parties", "defendant", "name") or ("agreements", 0)


@dataclass
class Document:
    """A loaded YAML document: its data and the line (1-based) of each location."""

    file: str
    data: Any
    lines: dict[tuple, int] = field(default_factory=dict)

    def line_of(self, location: tuple) -> int | None:
        """The line of a location, or of its nearest enclosing one."""
        while location:
            if location in self.lines:
                return self.lines[location]
            location = location[:-1]
        return self.lines.get(())

    def error(self, location: tuple, problem: str, hint: str | None = None) -> InputError:
        return InputError(self.file, self.line_of(location), dotted(location), problem, hint)


def dotted(location: tuple) -> str:
    """("agreements", 0, "signed_on") -> "agreements[0].signed_on"."""
    text = ""
    for part in location:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + str(part)
    return text


# Limits that keep a hostile file from hanging the process or filling the memory (README: bad input).
MAX_BYTES = 5 * 1024 * 1024  # the largest shipped facts file is about 20 kB
MAX_DEPTH = 64  # nesting: the deepest real facts file has 5 levels
MAX_ALIASES = 100  # a `*name` alias re-used more often is an alias bomb ("billion laughs"), not a facts file
MAX_VALUES = 200_000  # keys, values and list items after aliases are expanded
# The tags a plain YAML file resolves to: anything else (!!python/name:..., !custom) is refused, not dropped.
_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")}


def load(path: str | Path, display_name: str | None = None) -> Document:
    """Load one YAML document safely; every problem becomes an InputError."""
    name = display_name or str(path)
    return load_bytes(read_regular_file(path, name), name)


def load_bytes(data: bytes, name: str) -> Document:
    """A document from the bytes of a file (read by `read_regular_file`, or a member of a zip)."""
    if len(data) > MAX_BYTES:
        raise _too_large(name, len(data))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(name, None, None, f"is not UTF-8 text ({exc.reason})", "save the file as UTF-8") from None
    return loads(text, name)


def read_regular_file(path: str | Path, name: str) -> bytes:
    """The bytes of a regular file of at most MAX_BYTES. A FIFO, a device (a link to /dev/zero) or a socket is
    refused before a byte is read: opened without blocking, checked on the open descriptor, never read."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        raise InputError(name, None, None, "no such file", "give the path of a YAML file") from None
    except IsADirectoryError:
        raise InputError(name, None, None, "is a directory, not a file") from None
    except OSError as exc:
        raise InputError(name, None, None, f"cannot be read: {exc.strerror}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(name, None, None, "is a directory, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise InputError(name, None, None, "is not a regular file (a device, FIFO or socket)", "give the path of a YAML file")
        if info.st_size > MAX_BYTES:
            raise _too_large(name, info.st_size)
        with os.fdopen(os.dup(fd), "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise InputError(name, None, None, f"cannot be read: {exc.strerror}") from None
    finally:
        os.close(fd)
    if len(data) > MAX_BYTES:  # it grew while we looked
        raise _too_large(name, len(data))
    return data


def _too_large(name: str, size: int) -> InputError:
    return InputError(name, None, None, f"is {size:,} bytes, over the limit of {MAX_BYTES // (1024 * 1024)} MB",
                      "a facts file is a few kilobytes; split the matter or remove what is not facts")


def loads(text: str, name: str) -> Document:
    if len(text) > MAX_BYTES:
        raise _too_large(name, len(text.encode("utf-8")))
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = " ".join(p for p in (exc.context, exc.problem) if p)
        raise InputError(name, line, None, f"malformed YAML: {problem}", "check the indentation and quoting on that line") from None
    except yaml.reader.ReaderError as exc:  # a NUL or another control character the YAML reader refuses
        line = text.count("\n", 0, exc.position) + 1 if isinstance(exc.position, int) else None
        character = exc.character if isinstance(exc.character, str) else chr(exc.character)
        raise InputError(name, line, None, f"character #x{ord(character):04x} is not allowed in YAML",
                         "remove it; control characters cannot stand in a facts file") from None
    except yaml.YAMLError as exc:
        raise InputError(name, None, None, f"malformed YAML: {exc}") from None
    except RecursionError:
        raise InputError(name, None, None, f"nested more than {MAX_DEPTH} levels deep", "a facts file has a few levels") from None
    doc = Document(name, None)
    if node is None:
        raise InputError(name, None, None, "the file is empty", "it must hold a YAML mapping")
    doc.data = _build(node, (), doc, _scalar_builder(), _Budget())
    return doc


class _Budget:
    """What one document may cost to build: aliases re-used, values built (an alias bomb exhausts both)."""

    def __init__(self):
        self.seen: set[int] = set()
        self.aliases = 0
        self.values = 0

    def spend(self, node, doc: Document, location: tuple, depth: int) -> None:
        line = node.start_mark.line + 1
        if depth > MAX_DEPTH:
            raise InputError(doc.file, line, dotted(location), f"nested more than {MAX_DEPTH} levels deep",
                             "a facts file has a few levels")
        self.values += 1
        if id(node) in self.seen:
            self.aliases += 1
        self.seen.add(id(node))
        if self.aliases > MAX_ALIASES or self.values > MAX_VALUES:
            raise InputError(doc.file, line, dotted(location), "the YAML aliases (*name) expand beyond the limit "
                             f"of {MAX_ALIASES} re-uses or {MAX_VALUES:,} values", "write the values out; a facts file needs no aliases")
        if node.tag not in _TAGS:
            raise InputError(doc.file, line, dotted(location), f"unknown YAML tag {node.tag.replace('tag:yaml.org,2002:', '!!')}",
                             "remove the tag; a facts file holds plain texts, numbers, dates, lists and mappings")


def _scalar_builder():
    loader = yaml.SafeLoader("")

    def build(node):
        try:
            return loader.construct_object(node, deep=True)
        except (ValueError, yaml.constructor.ConstructorError):
            # e.g. 2022-13-45 looks like a date but is none: keep the text, the field's type check explains
            return node.value

    return build


def _build(node, location: tuple, doc: Document, scalar, budget: _Budget, depth: int = 0) -> Any:
    budget.spend(node, doc, location, depth)
    doc.lines.setdefault(location, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise InputError(doc.file, key_node.start_mark.line + 1, dotted(location), "a key must be a plain word")
            key = scalar(key_node)
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise InputError(doc.file, key_node.start_mark.line + 1, dotted(location), "merge keys (<<) are not supported")
            key = str(key) if not isinstance(key, str) else key
            if key in result:
                raise InputError(doc.file, key_node.start_mark.line + 1, dotted(location + (key,)), "the key appears twice", "keep one")
            doc.lines[location + (key,)] = key_node.start_mark.line + 1
            result[key] = _build(value_node, location + (key,), doc, scalar, budget, depth + 1)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, location + (i,), doc, scalar, budget, depth + 1) for i, item in enumerate(node.value)]
    return scalar(node)
