"""Argument with factors: the factors of each side, the decided cases sharing them (seed cases and every
judgment in tests/judgments/), and the strongest counter-example for each side with what distinguishes it."""

from __future__ import annotations

import pytest

from engine import cli
from engine.reason.evaluate import evaluate
from engine.load.facts import load_case
from engine.train import argument
from engine.train.argument import argue, decided_cases
from tests.conftest import FACTS, ROOT, evaluate_file

LI = str(FACTS / "li-wine-sales.yaml")
HOLDER_LOST = """\
title: {zh: 仅有名称和电话的客户名单, en: A list of names and phone numbers only}
source: {court: 某法院, case_number: (2099)测试1号, citation: test}
facts: %s
changes:
  information.includes_transaction_details: false
expect_outcome:
  trade_secret: not_established
"""


@pytest.fixture()
def judgments(tmp_path, monkeypatch):
    """A folder of judgments of our own in place of tests/judgments/ (whose files arrive on main)."""
    folder = tmp_path / "judgments"
    folder.mkdir()
    monkeypatch.setattr(argument, "judgment_dir", lambda: folder)
    monkeypatch.setattr(argument, "_DECIDED", {})
    return folder


def test_a_judgment_that_holds_no_secret_lost_the_infringement_claim_and_is_the_holders_counter_example(knowledge, judgments):
    (judgments / "99-names-only.yaml").write_text(HOLDER_LOST % LI, encoding="utf-8")
    decided = {c.id: c for c in decided_cases(knowledge)}
    assert set(decided) == {"li_wine", "melamine", "99-names-only"}
    # the court decided only the secret; the headline rule gives the infringement outcome from it
    assert decided["99-names-only"].outcome == "not_established"
    assert decided["li_wine"].outcome == "established"
    result = argue(evaluate_file(knowledge, "li-wine-sales.yaml"))
    counter = result["sides"]["holder"]["strongest_counter"]
    assert counter["id"] == "99-names-only" and counter["against"] == "holder"
    assert counter["distinguishing"] == [{"conclusion": "customer_information_qualifies",
                                          "title": knowledge.rules["customer_information_qualifies"].title,
                                          "here": "established", "there": "not_established"}]
    assert "commercial_value" in counter["shared"]
    factor = next(f for f in result["factors"] if f["conclusion"] == counter["factor"])
    assert factor["favours"] == "holder" and factor["counter"]["id"] == "99-names-only"


def test_the_matter_is_never_its_own_decided_case(knowledge, judgments):
    (judgments / "99-names-only.yaml").write_text(HOLDER_LOST % LI, encoding="utf-8")
    from engine.reason.casetests import load_case_test

    itself = evaluate(load_case_test(judgments / "99-names-only.yaml", knowledge).case, knowledge)
    result = argue(itself)
    ids = {c["id"] for f in result["factors"] for c in f["cases"]}
    assert "99-names-only" not in ids and result["cases"] == 2


def test_the_headline_is_no_factor_and_factors_are_split_by_the_side_they_favour(knowledge, judgments):
    result = argue(evaluate_file(knowledge, "li-wine-sales.yaml"))
    factors = {f["conclusion"]: f for f in result["factors"]}
    assert "infringement" not in factors
    assert factors["confidentiality_measures"]["favours"] == "holder"
    assert factors["duty_by_office"]["favours"] == "defendant"  # not established: no duty by office alone
    assert result["sides"]["defendant"]["factors"] == ["duty_by_office"]
    assert factors["duty_by_office"]["cases"] == []  # open in the melamine case, and Li is the matter itself


@pytest.mark.skipif(not list((ROOT / "tests" / "judgments").glob("*.yaml")), reason="no judgments in tests/judgments/")
def test_with_the_real_judgments_every_counter_example_went_the_other_way(knowledge):
    result = argue(evaluate_file(knowledge, "li-wine-sales.yaml"))
    assert result["cases"] > 2
    for factor in result["factors"]:
        counter = factor["counter"]
        if counter:
            assert counter["outcome"] == ("not_established" if factor["favours"] == "holder" else "established")
            assert factor["conclusion"] in counter["shared"]


def test_cli_argue(capsys, judgments):
    (judgments / "99-names-only.yaml").write_text(HOLDER_LOST % LI, encoding="utf-8")
    assert cli.main(["argue", LI, "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Factors favouring the holder:" in out and "Factors favouring the defendant:" in out
    assert "The strongest counter-example against the holder:" in out
    assert "A list of names and phone numbers only (infringement not established) shares" in out
    assert "It is distinguished by: What customer information must contain: established here, not established there" in out


def test_a_several_defendant_file_is_argued_per_matter(capsys, judgments):
    assert cli.main(["argue", str(FACTS / "two-defendants-two-items.yaml"), "--lang", "en"]) == 0
    assert capsys.readouterr().out.count("== Arguing with factors") == 4


def test_seed_cases_come_from_their_facts_files(knowledge, judgments):
    li = next(c for c in decided_cases(knowledge) if c.id == "li_wine")
    assert li.values == load_case(LI, knowledge.vocabulary).values and li.origin == "seed"
