"""The disk cache (engine/cache.py) changes how fast an answer comes, never the answer: a run that fills
the cache, a run that reads it, a run without it and a run over a corrupt entry print the same bytes."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import FACTS, ROOT

SECRETLAW = [sys.executable, "-c", "import sys; from engine.cli import main; sys.exit(main(sys.argv[1:]))"]


def _assess(cache: str, *extra: str) -> bytes:
    env = dict(os.environ, PYTHONPATH=str(ROOT), SECRETLAW_CACHE_DIR=cache)
    done = subprocess.run(SECRETLAW + ["assess", str(FACTS / "li-wine-sales.yaml"), *extra], capture_output=True,
                          env=env, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_cache_miss_a_hit_no_cache_and_a_corrupt_entry_give_the_same_opinion(tmp_path):
    cache = tmp_path / "cache"
    for fmt in ("json", "md"):
        filled = _assess(str(cache), "--format", fmt)
        entries = sorted(p for p in cache.glob("*.json"))
        assert {p.name.split("-")[0] for p in entries} == {"precedent", "scenarios"}
        assert _assess(str(cache), "--format", fmt) == filled
        assert _assess("off", "--format", fmt) == filled
        for entry in entries:
            entry.write_text('{"torn', encoding="utf-8")
        assert _assess(str(cache), "--format", fmt) == filled
        assert _assess(str(cache), "--format", fmt) == filled  # and the entries were written again, whole
    assert not list(cache.glob(".*.tmp"))


def test_an_unwritable_cache_is_no_cache(tmp_path):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    assert _assess(str(blocked / "cache"), "--format", "json") == _assess("off", "--format", "json")
