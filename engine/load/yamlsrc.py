"""Safe YAML loading that remembers the line of every key and value.

Errors in fact files and rule files must name the line, so we compose the node
tree with the safe loader and build plain Python values ourselves, recording
where each one stood. Duplicate keys, which PyYAML silently collapses, are errors.
"""

from __future__ import annotations

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


def load(path: str | Path, display_name: str | None = None) -> Document:
    """Load one YAML document safely; every problem becomes an InputError."""
    name = display_name or str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(name, None, None, "no such file", "give the path of a YAML file") from None
    except IsADirectoryError:
        raise InputError(name, None, None, "is a directory, not a file") from None
    except UnicodeDecodeError as exc:
        raise InputError(name, None, None, f"is not UTF-8 text ({exc.reason})", "save the file as UTF-8") from None
    except OSError as exc:
        raise InputError(name, None, None, f"cannot be read: {exc.strerror}") from None
    return loads(text, name)


def loads(text: str, name: str) -> Document:
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = " ".join(p for p in (exc.context, exc.problem) if p)
        raise InputError(name, line, None, f"malformed YAML: {problem}", "check the indentation and quoting on that line") from None
    except yaml.YAMLError as exc:
        raise InputError(name, None, None, f"malformed YAML: {exc}") from None
    doc = Document(name, None)
    if node is None:
        raise InputError(name, None, None, "the file is empty", "it must hold a YAML mapping")
    doc.data = _build(node, (), doc, _scalar_builder())
    return doc


def _scalar_builder():
    loader = yaml.SafeLoader("")

    def build(node):
        try:
            return loader.construct_object(node, deep=True)
        except (ValueError, yaml.constructor.ConstructorError):
            # e.g. 2022-13-45 looks like a date but is none: keep the text, the field's type check explains
            return node.value

    return build


def _build(node, location: tuple, doc: Document, scalar) -> Any:
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
            result[key] = _build(value_node, location + (key,), doc, scalar)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, location + (i,), doc, scalar) for i, item in enumerate(node.value)]
    return scalar(node)
