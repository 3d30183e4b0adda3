"""`secretlaw explain` (the derivation tree) and `assess --what-if` on the Li case."""

from __future__ import annotations

from engine import cli
from engine.reason.whatif import what_if
from tests.conftest import FACTS, evaluate_file

LI = str(FACTS / "li-wine-sales.yaml")


def test_explain_prints_the_tree_down_to_the_facts_with_lines(capsys):
    assert cli.main(["explain", LI, "trade_secret", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("The information is a trade secret [trade_secret]: established")
    assert "rule ts.trade_secret (rules/10-trade_secret.yaml:" in out
    assert "protection.confidentiality_agreements = true (" in out and "li-wine-sales.yaml:" in out
    assert "derived.measures_before_conduct = true (derived)" in out


def test_explain_an_unknown_conclusion_is_a_clear_error(capsys):
    assert cli.main(["explain", LI, "infringment"]) == 2
    assert "did you mean 'infringement'?" in capsys.readouterr().err


def test_what_if_finds_the_facts_that_flip_infringement(knowledge):
    evaluation = evaluate_file(knowledge, "li-wine-sales.yaml")
    found = {(w["fact"], w["to"]): w["status_after"] for w in what_if(evaluation, ["infringement"])}
    # A list without transaction details is no trade secret; a defence made out defeats misappropriation.
    assert found[("information.includes_transaction_details", False)] == "not_established"
    assert found[("conduct.relied_on_general_skill", True)] == "not_established"
    # Facts that cannot change the outcome on their own are not listed.
    assert ("conduct.defendant_profited", True) not in found


def test_what_if_section_in_the_opinion(capsys):
    assert cli.main(["assess", LI, "--what-if", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "If the records hold only names and contacts" in out
    # one line per changed fact, naming each headline it flips
    line = next(x for x in out.splitlines() if "If the records hold only names and contacts" in x)
    assert "infringement of a trade secret would be not established, and damages would be not established" in line
    assert out.count("If the records hold only names and contacts") == 1
