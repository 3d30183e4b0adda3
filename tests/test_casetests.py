"""The YAML rule test cases (tests/cases): each one a pytest item, full coverage of the two rule sets, clear errors."""

from __future__ import annotations

import pytest

from engine import cli
from engine.reason.casetests import coverage, find_case_files, load_case_test, run_case, run_cases
from engine.errors import InputError
from tests.conftest import ROOT

CASES = ROOT / "tests" / "cases"
CASE_FILES = find_case_files(CASES)
OWN_RULESETS = ["trade_secret", "misappropriation"]


def test_there_are_at_least_twenty_scenarios():
    assert len(CASE_FILES) >= 20


@pytest.mark.parametrize("path", CASE_FILES, ids=[p.stem for p in CASE_FILES])
def test_case(knowledge, path):
    result = run_case(load_case_test(path, knowledge), knowledge)
    assert result.passed, "\n".join(str(m) for m in result.mismatches)


def test_every_rule_of_the_two_rule_sets_fires_and_fails_in_some_case(knowledge):
    cover = coverage(run_cases(CASES, knowledge), knowledge, OWN_RULESETS)
    assert cover.never_fired == []
    assert cover.never_failed == []
    assert len(cover.seen) == sum(len(rs.rules) for rs in knowledge.rulesets if rs.name in OWN_RULESETS)


def test_cli_reports_pass_and_coverage(capsys):
    assert cli.main(["test", str(CASES), "--coverage", "--ruleset", "trade_secret", "--ruleset", "misappropriation"]) == 0
    out = capsys.readouterr().out
    assert f"{len(CASE_FILES)} passed, 0 failed" in out
    assert "rules never fired (never established): 0" in out


def _write(tmp_path, text, name="case.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


LI = (ROOT / "facts" / "li-wine-sales.yaml").as_posix()


def test_a_wrong_expectation_fails_with_its_line_and_exit_1(tmp_path, capsys):
    path = _write(tmp_path, f"facts: {LI}\nexpect:\n  trade_secret: established\n  infringement: not_established\n")
    assert cli.main(["test", str(path)]) == 1
    out = capsys.readouterr().out
    assert "FAIL" in out and "line 4: infringement: expected not_established, got established" in out


def test_an_undetermined_result_names_the_facts_it_turns_on(knowledge, tmp_path):
    path = _write(tmp_path, f"facts: {LI}\nchanges:\n  protection.in_place_by: unknown\nexpect:\n  trade_secret: established\n")
    result = run_case(load_case_test(path, knowledge), knowledge)
    assert "turns on: derived.measures_before_conduct" in str(result.mismatches[0])


@pytest.mark.parametrize("text, expected", [
    (f"facts: {LI}\nexpect:\n  trade_secrte: established\n", ":3: expect.trade_secrte: no rule concludes this (did you mean 'trade_secret'?)"),
    (f"facts: {LI}\nexpect:\n  trade_secret: yes\n", ":3: expect.trade_secret: 'True' is not a status"),
    (f"facts: {LI}\nchanges:\n  conduct.used_informaton: true\nexpect:\n  trade_secret: established\n",
     ":3: changes.conduct.used_informaton: is not a fact of the vocabulary (did you mean 'conduct.used_information'?)"),
    (f"facts: {LI}\nchanges:\n  conduct.used_information: maybe\nexpect:\n  trade_secret: established\n",
     ":3: changes.conduct.used_information: expected true, false or unknown"),
    (f"facts: {LI}\nchanges:\n  derived.aucl_versions: '2019'\nexpect:\n  trade_secret: established\n",
     ":3: changes.derived.aucl_versions: is computed by secretlaw"),
    ("facts: nowhere.yaml\nexpect:\n  trade_secret: established\n", ":1: facts: no facts file at nowhere.yaml"),
    ("facts:\n  information:\n    kind: customer_information\n    publishd: true\nexpect:\n  trade_secret: established\n",
     ":4: information.publishd: unknown key (did you mean 'published'?)"),
    (f"facts: {LI}\n", ":1: expects nothing (add 'expect:'"),
    (f"facts: {LI}\nexpect: {{}}\n", ":2: expect: expects nothing"),
    (f"facts: {LI}\nexpectt:\n  trade_secret: established\n", ":2: expectt: unknown key"),
    (f"title:\n  zh: 标题\nfacts: {LI}\nexpect:\n  trade_secret: established\n", ":1: title: missing required key 'en'"),
    (f"title: [a, b]\nfacts: {LI}\nexpect:\n  trade_secret: established\n", ":1: title: expected a one-line text or a {zh: ..., en: ...} pair"),
])
def test_errors_in_a_test_file_name_file_and_line(knowledge, tmp_path, text, expected):
    path = _write(tmp_path, text)
    with pytest.raises(InputError) as caught:
        load_case_test(path, knowledge)
    assert str(caught.value).startswith(str(path))
    assert expected in str(caught.value)


def test_a_title_is_one_text_or_a_zh_en_pair(knowledge, tmp_path):
    one = load_case_test(_write(tmp_path, f"title: Li\nfacts: {LI}\nexpect:\n  trade_secret: established\n"), knowledge)
    assert one.titles == {"zh": "Li", "en": "Li"}
    pair = load_case_test(CASES / "01-li-seed.yaml", knowledge)
    assert pair.titles["zh"].startswith("力某公司案") and pair.title == pair.titles["en"]


def test_cli_error_in_a_test_file_is_one_line_and_exit_2(tmp_path, capsys):
    path = _write(tmp_path, f"facts: {LI}\nexpect:\n  trade_secret: maybe\n")
    assert cli.main(["test", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"{path}:3: expect.trade_secret" in err


def test_default_path_is_the_current_directorys_cases(monkeypatch, capsys):
    from engine import cli
    from tests.conftest import ROOT

    monkeypatch.chdir(ROOT)
    assert cli.main(["test"]) == 0
    assert " 0 failed" in capsys.readouterr().out
