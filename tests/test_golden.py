"""Every shipped facts file, rendered in both languages and every format, equals its committed expected file.

After an intended change of rules or templates, regenerate with
    python -m tests.test_golden
and review the diff of tests/expected/ like any other change.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from engine.report.opinion import assess
from engine.load.facts import load_case
from engine.load.knowledge import load_knowledge
from engine.report.render import render

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = ROOT / "tests" / "expected"
FACT_FILES = sorted(p.name for p in (ROOT / "facts").glob("*.yaml"))
# JSON carries both languages, so it is rendered once; its checks run with lang=zh.
VARIANTS = [(name, fmt, lang) for name in FACT_FILES for fmt in ("md", "html") for lang in ("zh", "en")] + \
           [(name, "json", "zh") for name in FACT_FILES]


def _render(name: str, fmt: str, lang: str) -> str:
    knowledge = load_knowledge()
    # The path as a user in the repository root would type it, so the output does not depend on the checkout.
    case = load_case(ROOT / "facts" / name, knowledge.vocabulary)
    case.file = f"facts/{name}"
    return render(assess(case, knowledge), fmt, lang)


def _expected_path(name: str, fmt: str, lang: str) -> Path:
    return EXPECTED / (f"{Path(name).stem}.json" if fmt == "json" else f"{Path(name).stem}.{lang}.{fmt}")


@pytest.mark.parametrize("name, fmt, lang", VARIANTS)
def test_rendering_matches_the_committed_file(name, fmt, lang):
    expected = _expected_path(name, fmt, lang)
    assert expected.exists(), f"no expected file {expected.name}: run python -m tests.test_golden"
    assert _render(name, fmt, lang) == expected.read_text(encoding="utf-8")


def regenerate() -> None:
    EXPECTED.mkdir(exist_ok=True)
    for name, fmt, lang in VARIANTS:
        _expected_path(name, fmt, lang).write_text(_render(name, fmt, lang), encoding="utf-8")
    print(f"wrote {len(VARIANTS)} files to {EXPECTED}", file=sys.stderr)


if __name__ == "__main__":
    regenerate()
