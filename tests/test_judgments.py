"""Real published judgments (tests/judgments/): the outcome on the present record matches the court on every
headline point the court decided, and what the facts establish is never the opposite of the court."""

from __future__ import annotations

import pytest

from engine import cli
from engine.reason.casetests import find_case_files, load_case_test, run_case
from tests.conftest import ROOT

JUDGMENTS = ROOT / "tests" / "judgments"
FILES = find_case_files(JUDGMENTS)
HEADLINES = ("trade_secret", "misappropriation", "infringement")


def test_there_are_at_least_twelve_judgments_and_five_the_holder_lost(knowledge):
    tests = [load_case_test(path, knowledge) for path in FILES]
    assert len(tests) >= 12
    lost = [t for t in tests if any(t.expect_outcome.get(h) == "not_established" for h in HEADLINES)]
    assert len(lost) >= 5, [t.file for t in lost]
    for test in tests:
        assert test.source and test.source["case_number"] and test.source["court"], test.file
        assert test.expect_outcome, test.file  # the court's finding on at least one point it decided


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_the_outcome_matches_the_court_and_the_status_never_contradicts_it(knowledge, path):
    result = run_case(load_case_test(path, knowledge), knowledge)
    assert result.passed, "\n".join(str(m) for m in result.mismatches)
    for conclusion, expected in result.test.expect_outcome.items():
        assert result.evaluation.outcome(conclusion) == expected
        assert result.evaluation.status(conclusion) in (expected, "undetermined")


def test_secretlaw_test_runs_the_judgments_by_default(monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    assert cli.main(["test"]) == 0
    out = capsys.readouterr().out
    assert "tests/judgments/" in out and "tests/cases/" in out and " 0 failed" in out
