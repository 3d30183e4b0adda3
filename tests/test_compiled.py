"""The compiled walk of the rules (engine.reason.compiled) and durable-rules agree: on every shipped and test
case and on generated ones, the whole JSON opinion built on either is the same byte for byte (every status,
outcome, missing fact, burden resolution and figure), and so is every conclusion's reading.

Screening and what-if may run on the compiled form only because of this test. The default run draws 50
generated cases; `pytest -m slow` (run by .ci/run) draws 2,000.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from engine.errors import SecretlawError
from engine.load.facts import case_from_text, load_case
from engine.load.matters import matters
from engine.reason.casetests import find_case_files, load_case_test
from engine.reason.evaluate import evaluate
from engine.report.opinion import build_opinion
from engine.report.render import render
from tests.conftest import FACTS, ROOT
from tests.test_properties import FACTS as GENERATED, KNOWLEDGE, _text


def _cases():
    for path in sorted(FACTS.glob("*.yaml")) + sorted((ROOT / "tests" / "facts").glob("*.yaml")):
        for number, matter in enumerate(matters(load_case(path, KNOWLEDGE.vocabulary))):
            yield f"{path.parent.name}/{path.name}#{number}", matter.case
    for folder in ("cases", "judgments", "remedies"):
        for path in find_case_files(ROOT / "tests" / folder):
            yield f"{folder}/{path.name}", load_case_test(path, KNOWLEDGE).case


CASES = list(_cases())


def readings(evaluation) -> dict[str, tuple]:
    return {cid: (c.status, c.outcome, tuple(c.verdict.missing), tuple(r.path for r in c.reading.resolved),
                  c.reading.resolved_any) for cid, c in evaluation.conclusions.items()}


def assert_agree(case) -> None:
    durable, walked = evaluate(case, KNOWLEDGE, "durable"), evaluate(case, KNOWLEDGE, "compiled")
    assert readings(walked) == readings(durable)
    assert render(build_opinion(walked), "json", "en") == render(build_opinion(durable), "json", "en")


def test_the_corpus_is_every_shipped_and_test_case():
    assert len(CASES) > 100, len(CASES)


@pytest.mark.parametrize("name, case", CASES, ids=[name for name, _ in CASES])
def test_compiled_and_durable_agree_on_every_shipped_and_test_case(name, case):
    assert_agree(case)


def _generated(data) -> None:
    try:
        case = case_from_text(_text(data), "generated.yaml", KNOWLEDGE.vocabulary)
    except SecretlawError:
        return
    assert_agree(case)


_HEALTH = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]


@settings(max_examples=50, deadline=None, suppress_health_check=_HEALTH, derandomize=True)
@given(GENERATED)
def test_compiled_and_durable_agree_on_generated_cases(data):
    _generated(data)


@pytest.mark.slow
@settings(max_examples=int(os.environ.get("SECRETLAW_EXAMPLES", "2000")), deadline=None,
          suppress_health_check=_HEALTH, derandomize=True)
@given(GENERATED)
def test_compiled_and_durable_agree_on_two_thousand_generated_cases(data):
    _generated(data)


@pytest.mark.parametrize("path", sorted(FACTS.glob("*.yaml")), ids=lambda p: p.name)
def test_what_if_finds_the_same_flips_on_either_engine(path):
    from engine.reason.whatif import what_if

    for matter in matters(load_case(path, KNOWLEDGE.vocabulary)):
        evaluation = evaluate(matter.case, KNOWLEDGE)
        headlines = list(KNOWLEDGE.topics.values())
        assert what_if(evaluation, headlines, "compiled") == what_if(evaluation, headlines, "durable")
