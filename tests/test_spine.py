"""The spine end to end: the Li case, variants of it, the JSON result, input errors, engine failures."""

from __future__ import annotations

import json
import shutil

import pytest

from engine import cli
from engine.errors import EngineError
from engine.report.render import render
from tests.conftest import FACTS, REMOVE, ROOT, evaluate_file, evaluate_variant, opinion_of, statuses

LI = "li-wine-sales.yaml"
HEADLINE = ("not_publicly_known", "commercial_value", "confidentiality_measures", "trade_secret", "misappropriation",
            "infringement")


def test_li_case_every_element_established(knowledge):
    result = statuses(evaluate_file(knowledge, LI), *HEADLINE)
    assert result == {cid: "established" for cid in HEADLINE}


def test_li_case_defences_fail_and_profit_is_irrelevant(knowledge):
    evaluation = evaluate_file(knowledge, LI)
    assert evaluation.status("general_skill_defence") == "not_established"
    assert evaluation.status("personal_trust_defence") == "not_established"
    assert evaluation.status("profit_irrelevant") == "established"
    opinion = opinion_of(evaluation)
    profit = opinion["conclusions"]["profit_irrelevant"]
    assert any(b["provision"] == "cases.li_wine_profit_irrelevant" for b in profit["basis"])
    skill = opinion["conclusions"]["general_skill_defence"]
    assert {"fact": "conduct.relied_on_general_skill", "value": False} in skill["because"]
    trust = opinion["conclusions"]["personal_trust_defence"]
    assert any(b["provision"] == "spc2020.art2_2_personal_trust" for b in trust["basis"])


def test_li_opinion_states_the_courts_two_answers_in_both_languages(knowledge):
    opinion = opinion_of(evaluate_file(knowledge, LI))
    zh, en = render(opinion, "md", "zh"), render(opinion, "md", "en")
    assert "是否实际获利不影响其行为构成侵权" in zh
    assert "并非依赖一般工作经验和知识体系" in zh
    assert "特殊人身信任关系" in zh
    assert "whether he profited does not change that the act infringes" in en
    assert "did not rest on general work experience" in en


def test_a_fact_flipped_to_false_defeats_its_element(knowledge):
    # A list of names and contacts only is not protectable customer information (SPC Provisions Arts. 1, 2(1)).
    evaluation = evaluate_variant(knowledge, LI, {"information.includes_transaction_details": False})
    assert evaluation.status("not_publicly_known") == "not_established"
    assert evaluation.status("trade_secret") == "not_established"
    assert evaluation.status("infringement") == "not_established"
    assert evaluation.conclusions["infringement"].verdict.missing == []


def test_public_information_is_undetermined_until_the_art_4_2_exception_is_answered(knowledge):
    evaluation = evaluate_variant(knowledge, LI, {"information.obtainable_from_public_channels": True})
    assert evaluation.status("deemed_public") == "undetermined"
    assert evaluation.conclusions["deemed_public"].verdict.missing == ["information.compiled_from_public_information"]
    settled = evaluate_variant(knowledge, LI, {"information.obtainable_from_public_channels": True,
                                               "information.compiled_from_public_information": False})
    assert settled.status("deemed_public") == "established"
    assert settled.status("infringement") == "not_established"


def test_a_fact_made_unknown_leaves_its_element_undetermined_and_says_what_decides_it(knowledge):
    evaluation = evaluate_variant(knowledge, LI, {"information.confers_competitive_advantage": REMOVE})
    assert evaluation.status("commercial_value") == "undetermined"
    assert evaluation.status("trade_secret") == "undetermined"
    assert evaluation.status("infringement") == "undetermined"
    assert "information.confers_competitive_advantage" in evaluation.conclusions["commercial_value"].verdict.missing
    assert "information.confers_competitive_advantage" in evaluation.conclusions["infringement"].verdict.missing
    opinion = opinion_of(evaluation)
    assert opinion["next_steps"][0]["fact"] in evaluation.conclusions["infringement"].verdict.missing
    question = next(q for q in opinion["next_steps"] if q["fact"] == "information.confers_competitive_advantage")
    assert question["burden"] == "holder" and question["decisive"]


def test_open_facts_that_cannot_change_a_decided_headline_are_not_decisive(knowledge):
    opinion = opinion_of(evaluate_file(knowledge, LI))
    assert opinion["conclusions"]["infringement"]["status"] == "established"
    assert not [q for q in opinion["next_steps"] if q["decisive"] and q["fact"].startswith("conduct.")]


def test_an_unknown_fact_that_another_fact_outweighs_is_not_missing(knowledge):
    # With no NDA known but an implied duty established, the obligation stands without the NDA fact.
    evaluation = evaluate_variant(knowledge, LI, {"obligations.nda_signed": REMOVE, "obligations.implied_duty": True})
    assert evaluation.status("confidentiality_obligation") == "established"
    assert evaluation.conclusions["confidentiality_obligation"].verdict.missing == []


def test_measures_taken_after_the_conduct_do_not_count(knowledge):
    evaluation = evaluate_variant(knowledge, LI, {"protection.in_place_by": "2023-01-01",
                                                  "conduct.started_on": "2022-10-01"})
    assert evaluation.status("confidentiality_measures") == "not_established"


def test_json_result_has_the_stable_ids_and_fields(capsys):
    assert cli.main(["assess", str(FACTS / LI), "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    for cid in HEADLINE:
        view = result["conclusions"][cid]
        assert {"status", "rule", "basis", "because", "missing"} <= set(view)
        assert view["status"] == "established"
    assert result["conclusions"]["infringement"]["rule"] == "inf.infringement"


def test_same_input_gives_byte_identical_output(knowledge):
    first = [render(opinion_of(evaluate_file(knowledge, LI)), fmt, lang) for fmt in ("md", "json") for lang in ("zh", "en")]
    second = [render(opinion_of(evaluate_file(knowledge, LI)), fmt, lang) for fmt in ("md", "json") for lang in ("zh", "en")]
    assert first == second


def test_assess_writes_the_output_file(tmp_path):
    out = tmp_path / "opinion.md"
    assert cli.main(["assess", str(FACTS / LI), "--lang", "en", "-o", str(out)]) == 0
    assert "Trade-secret screening memo" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("text, expected", [
    ("parties:\n  holder:\n    nmae: X\n", ":3: parties.holder.nmae: unknown key (did you mean 'name'?)"),
    ("informaton:\n  kind: customer_information\n", ":1: informaton: unknown section (did you mean 'information'?)"),
    ("obligations:\n  nda_signed_on: 2022-13-45\n", ":2: obligations.nda_signed_on: expected an ISO date"),
    ("obligations:\n  nda_signed_on: next week\n", ":2: obligations.nda_signed_on: expected an ISO date"),
    ("damages:\n  claimed: lots\n", ":2: damages.claimed: expected an amount of money in CNY"),
    ("damages:\n  claimed: 400000.5\n", ":2: damages.claimed: money must not be a floating-point number"),
    ("conduct:\n  used_information: yes please\n", ":2: conduct.used_information: expected true, false or unknown"),
    ("information:\n  kind: customers\n", ":2: information.kind: 'customers' is not one of the allowed values"),
    ("case:\n  title: [unclosed\n", ":3: malformed YAML"),
    ("conduct:\n  used_information: true\n  used_information: false\n", ":3: conduct.used_information: the key appears twice"),
    ("- just\n- a list\n", ":1: expected a mapping of sections"),
    ("derived:\n  aucl_versions: '2019'\n", ":1: derived: is computed by secretlaw"),
])
def test_bad_input_gives_one_clear_line_and_exit_2(tmp_path, capsys, text, expected):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    assert cli.main(["assess", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"secretlaw: error: {path}")
    assert expected in err


def test_missing_and_empty_files_are_clear_errors(tmp_path, capsys):
    assert cli.main(["assess", str(tmp_path / "nope.yaml")]) == 2
    assert "nope.yaml: no such file" in capsys.readouterr().err
    empty = tmp_path / "empty.yaml"
    empty.write_text("", encoding="utf-8")
    assert cli.main(["assess", str(empty)]) == 2
    assert "the file is empty" in capsys.readouterr().err


def test_check_passes_on_the_shipped_rules(capsys):
    assert cli.main(["check"]) == 0
    assert capsys.readouterr().out.startswith("ok: ")


def _copy_rules(tmp_path):
    target = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", target)
    return target


@pytest.mark.parametrize("old, new, expected", [
    ("{conclusion: commercial_value}", "{conclusion: commercial_valeu}", "reads conclusion 'commercial_valeu', which no rule concludes"),
    ("basis: [aucl.trade_secret_definition]\n", "basis: [aucl.no_such_article]\n", "cites 'aucl.no_such_article'"),
    ("{fact: information.confers_competitive_advantage}", "{fact: information.confers_advantage}", "is not a fact of the vocabulary"),
])
def test_check_rejects_broken_rules_with_file_and_line(tmp_path, capsys, old, new, expected):
    rules = _copy_rules(tmp_path)
    target = rules / "10-trade_secret.yaml"
    text = target.read_text(encoding="utf-8")
    assert old in text
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    assert cli.main(["check", "--rules", str(rules)]) == 2
    err = capsys.readouterr().err
    assert "rules/10-trade_secret.yaml:" in err and expected in err


def test_check_rejects_an_applicability_without_its_text(tmp_path, capsys):
    # A part that may not arise must say what the memo prints when it does not.
    rules = _copy_rules(tmp_path)
    target = rules / "40-agreement-remedies.yaml"
    text = target.read_text(encoding="utf-8")
    line = next(x for x in text.splitlines(keepends=True) if x.startswith("not_applicable:"))
    target.write_text(text.replace(line, ""), encoding="utf-8")
    assert cli.main(["check", "--rules", str(rules)]) == 2
    err = capsys.readouterr().err
    assert "rules/40-agreement-remedies.yaml:" in err and "'applies_when' needs 'not_applicable' beside it" in err


def test_an_error_inside_a_rule_action_surfaces(knowledge, monkeypatch):
    import engine.reason.durable_host as host

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(host, "read_rule", broken)
    with pytest.raises(EngineError, match="boom"):
        evaluate_file(knowledge, LI)


def test_schema_validates_the_shipped_facts_files(capsys):
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    assert cli.main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    jsonschema.Draft202012Validator.check_schema(schema)
    for path in sorted(FACTS.glob("*.yaml")):
        data = json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))
        jsonschema.validate(data, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"parties": {"holder": {"nmae": "x"}}}, schema)


def test_every_shipped_yaml_file_reads_the_same_with_and_without_libyaml():
    # The engine uses libyaml when PyYAML has it; a build without it must read every file identically.
    import yaml

    files = [p for folder in ("rules", "reports", "facts", "tests/cases", "tests/judgments") for p in sorted((ROOT / folder).rglob("*.yaml"))]
    assert len(files) > 40
    for path in files:
        text = path.read_text(encoding="utf-8")
        pure = yaml.load(text, Loader=yaml.SafeLoader)
        if hasattr(yaml, "CSafeLoader"):
            assert yaml.load(text, Loader=yaml.CSafeLoader) == pure, path
