"""Property-based: random facts files drawn from the vocabulary (the source of the JSON Schema of facts
files, `secretlaw schema`), each field left out or given a value of its type within the schema's bounds.

For every one: no exception but a clear SecretlawError escapes; every status is one of three and every
outcome one of two; a rerun gives byte-identical JSON; and a conclusion the facts already decide never
changes when an unknown yes/no fact becomes known (three-valued logic is monotone).

The default run draws a few dozen; `pytest -m slow` (run by .ci/run) draws 2,000. For a longer run:
    SECRETLAW_EXAMPLES=10000 pytest -m slow tests/test_properties.py
"""

from __future__ import annotations

import datetime as dt
import os

import pytest

hypothesis = pytest.importorskip("hypothesis", reason="hypothesis is not installed (pip install '.[test]')")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from engine.errors import SecretlawError  # noqa: E402
from engine.load.facts import FIRST_YEAR, INTEGER_RANGE, LAST_YEAR, case_from_text  # noqa: E402
from engine.load.knowledge import load_knowledge  # noqa: E402
from engine.reason.evaluate import evaluate  # noqa: E402
from engine.report.opinion import build_opinion  # noqa: E402
from engine.report.render import render  # noqa: E402

KNOWLEDGE = load_knowledge()
STATUSES = {"established", "not_established", "undetermined"}
# A court's earlier finding of infringement (Evidence Provisions Art. 10) decides liability whatever the
# elements entered beside it say: it overrides, by law, so the monotonicity property does not hold for it.
# Found by the 10,000-example run; the README states the override.
OVERRIDES = {("conduct", "infringement_found_by_court")}


def _scalar(spec):
    kind = spec.type
    if kind == "bool":
        return st.booleans()
    if kind == "enum":
        return st.sampled_from(sorted(spec.values))
    if kind == "date":
        return st.dates(dt.date(2005, 1, 1), dt.date(2026, 12, 31)).map(str) | st.dates(
            dt.date(FIRST_YEAR, 1, 1), dt.date(LAST_YEAR, 12, 31)).map(str)
    if kind == "money":
        return st.one_of(st.integers(0, 10**9).map(str), st.decimals(0, 10**14, places=2).map(str),
                         st.sampled_from(["0", "300000", "299999.99", "5000000", "999999999999999.99"]))
    if kind == "decimal":
        return st.decimals(0, 1, places=2).map(str)
    if kind == "integer":
        least, greatest = spec.range or INTEGER_RANGE
        return st.integers(least, min(greatest, least + 400))
    if kind == "text_list":
        return st.lists(st.text(max_size=12), max_size=3)
    return st.text(max_size=30)


def _fields(fields):
    """A mapping of some of the fields, each left out (not known) or given a value."""
    parts = {}
    for name, spec in fields.items():
        if spec.type == "group":
            parts[name] = _fields(spec.fields)
        elif spec.type == "list":
            parts[name] = st.lists(_fields(spec.fields), max_size=2)
        else:
            parts[name] = _scalar(spec)
    return st.fixed_dictionaries({}, optional=parts)


FACTS = st.fixed_dictionaries({}, optional={name: _fields(section.fields)
                                            for name, section in KNOWLEDGE.vocabulary.sections.items() if not section.derived})


def _text(data) -> str:
    import yaml

    return yaml.safe_dump(data, allow_unicode=True, sort_keys=True)


def _evaluate(text: str):
    return evaluate(case_from_text(text, "generated.yaml", KNOWLEDGE.vocabulary), KNOWLEDGE)


def _unknown_bools(data) -> list[tuple[str, str]]:
    found = []
    for name, section in KNOWLEDGE.vocabulary.sections.items():
        if section.derived:
            continue
        for field, spec in section.fields.items():
            if spec.type == "bool" and field not in (data.get(name) or {}) and (name, field) not in OVERRIDES:
                found.append((name, field))
    return found


def _check(data, pick: int) -> None:
    text = _text(data)
    try:
        evaluation = _evaluate(text)
    except SecretlawError as refused:  # a clear refusal (an impossible date order, say) is an answer too
        assert "\n" not in str(refused)
        return
    for conclusion in evaluation.conclusions.values():
        assert conclusion.status in STATUSES and conclusion.outcome in STATUSES - {"undetermined"}
    first = render(build_opinion(evaluation), "json", "zh")
    assert render(build_opinion(_evaluate(text)), "json", "zh") == first
    unknown = _unknown_bools(data)
    if not unknown:
        return
    section, field = unknown[pick % len(unknown)]
    for value in (True, False):
        known = {**data, section: {**(data.get(section) or {}), field: value}}
        try:
            after = _evaluate(_text(known))
        except SecretlawError:
            continue
        for cid, conclusion in evaluation.conclusions.items():
            if conclusion.status != "undetermined":
                assert after.status(cid) == conclusion.status, (cid, section, field, value)


_HEALTH = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]


@settings(max_examples=25, deadline=None, suppress_health_check=_HEALTH, derandomize=True)
@given(FACTS, st.integers(0, 10**6))
def test_random_facts_files_never_crash_and_stay_monotone(data, pick):
    _check(data, pick)


@pytest.mark.slow
@settings(max_examples=int(os.environ.get("SECRETLAW_EXAMPLES", "2000")), deadline=None,
          suppress_health_check=_HEALTH, derandomize=True)
@given(FACTS, st.integers(0, 10**6))
def test_two_thousand_random_facts_files_never_crash_and_stay_monotone(data, pick):
    _check(data, pick)

