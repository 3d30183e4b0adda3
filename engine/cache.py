"""A cache on disk of what every run would otherwise recompute the same way: the readings of the seed
cases and test scenarios the opinion compares a matter with, and the compiled report templates.

An entry's name is a hash of everything it depends on (the rules' fingerprint and the bytes of the
files it was computed from), so a stale entry is never read, only left behind. Entries are plain JSON
(never pickle: nothing read back from the cache can run code), written to a temporary file and renamed,
so concurrent processes never see half an entry; an unreadable or corrupt entry is recomputed. A cache
that cannot be written is no cache: the run goes on without it.

Where: $SECRETLAW_CACHE_DIR, else $XDG_CACHE_HOME/secretlaw, else ~/.cache/secretlaw.
SECRETLAW_CACHE_DIR=off turns it off.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from pathlib import Path
from typing import Any, Callable, Iterable


def cache_dir() -> Path | None:
    chosen = os.environ.get("SECRETLAW_CACHE_DIR")
    if chosen is not None:
        return None if chosen.strip().lower() in ("", "off", "0", "none") else Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "secretlaw"


def digest(parts: Iterable[bytes | str]) -> str:
    hashed = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hashed.update(len(data).to_bytes(8, "big") + data)  # lengths too: ("ab", "c") is not ("a", "bc")
    return hashed.hexdigest()[:40]


def cached_json(kind: str, key: str, compute: Callable[[], Any]) -> Any:
    """The JSON value stored under (kind, key), or `compute()` stored there first."""
    folder = cache_dir()
    if folder is None:
        return compute()
    path = folder / f"{kind}-{key}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    value = compute()
    if not _plain(value):  # only what JSON gives back unchanged (types and key order) is cached: a hit must equal a miss
        return value
    text = json.dumps(value, ensure_ascii=False)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        temporary = folder / f".{kind}-{key}.{os.getpid()}.{threading.get_ident()}.tmp"
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        pass
    return value


def _plain(value: Any) -> bool:
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    return value is None or isinstance(value, (str, bool, int)) and not isinstance(value, float)


def template_folder() -> str | None:
    """Where Jinja2 keeps the compiled templates (its own checksums guard them), or None."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        (folder / "templates").mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return str(folder / "templates")
