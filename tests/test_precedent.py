"""The nearest decided seed case and the closest test scenarios: shared factors, differences, whom each helps."""

from __future__ import annotations

from engine.report.opinion import build_opinion
from engine.reason.precedent import nearest_precedent, similar_scenarios
from engine.report.render import render
from tests.conftest import REMOVE, evaluate_file, evaluate_variant


def test_a_customer_list_matter_is_closest_to_the_li_case(knowledge):
    precedent = nearest_precedent(evaluate_file(knowledge, "li-wine-sales.yaml"))
    assert precedent["id"] == "li_wine"
    assert {"conclusion": "infringement", "matter": "established", "precedent": "established"}.items() <= \
        next(f for f in precedent["shared"] if f["conclusion"] == "infringement").items()
    assert precedent["different"] == []


def test_a_difference_says_whom_it_helps(knowledge):
    evaluation = evaluate_variant(knowledge, "li-wine-sales.yaml", {"conduct.relied_on_general_skill": True})
    precedent = nearest_precedent(evaluation)
    assert precedent["id"] == "li_wine"
    differences = {f["conclusion"]: f["helps"] for f in precedent["different"]}
    assert differences["general_skill_defence"] == "defendant"
    assert differences["infringement"] == "defendant"


def test_the_memo_names_the_precedent_in_both_languages(knowledge):
    evaluation = evaluate_variant(knowledge, "li-wine-sales.yaml", {"conduct.relied_on_general_skill": True})
    opinion = build_opinion(evaluation)
    assert "力某公司诉李某" in render(opinion, "md", "zh") and "此差异有利于被告" in render(opinion, "md", "zh")
    assert "the difference helps the defendant" in render(opinion, "md", "en")


def test_the_li_matter_is_compared_with_the_test_scenarios(knowledge):
    scenarios = similar_scenarios(evaluate_file(knowledge, "li-wine-sales.yaml"))
    assert "01-li-seed" in [s["id"] for s in scenarios["same"]]
    online = next(s for s in scenarios["nearest"] if s["id"] == "02-customers-findable-online")
    assert online["infringement"] == "not_established"
    assert {f["conclusion"]: f["helps"] for f in online["different"]} == \
        {"deemed_public": "holder", "infringement": "holder"}


def test_a_scenario_that_leaves_a_factor_open_is_not_the_same(knowledge):
    # Scenario 10 leaves the measures open; the Li matter decides them, so 10 is not "the same".
    scenarios = similar_scenarios(evaluate_file(knowledge, "li-wine-sales.yaml"))
    assert "10-measures-date-unknown" not in [s["id"] for s in scenarios["same"]]


def test_a_general_skill_variant_is_closest_to_the_general_skill_scenario(knowledge):
    evaluation = evaluate_variant(knowledge, "li-wine-sales.yaml", {"conduct.relied_on_general_skill": True})
    scenarios = similar_scenarios(evaluation)
    assert "08-general-skill" in [s["id"] for s in scenarios["same"]]
    assert "01-li-seed" not in [s["id"] for s in scenarios["same"]]


def test_an_agreement_review_has_no_case_comparison(knowledge):
    evaluation = evaluate_file(knowledge, "confidentiality-agreement-template.yaml")
    assert nearest_precedent(evaluation) is None and similar_scenarios(evaluation) is None
    assert "测试情形" not in render(build_opinion(evaluation), "md", "zh")


def test_the_memo_lists_the_scenarios_in_both_languages(knowledge):
    opinion = build_opinion(evaluate_file(knowledge, "li-wine-sales.yaml"))
    zh, en = render(opinion, "md", "zh"), render(opinion, "md", "en")
    assert "### （二）相近的测试情形" in zh and "任何人都能从网上名录汇编的客户名单" in zh
    assert "### 2. Similar test scenarios" in en and "Customer list anyone can assemble from online directories" in en
    assert "not decided cases" in en


def test_scenarios_a_rules_folder_cannot_read_are_named_not_dropped(tmp_path):
    import shutil

    from engine.load.knowledge import load_knowledge
    from tests.conftest import ROOT

    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    conduct = rules / "vocabulary" / "07-conduct.yaml"
    text = conduct.read_text(encoding="utf-8")
    start = text.index("  improper_means_kind:")
    conduct.write_text(text[:start] + text[text.index("  induced_or_helped_breach:"):], encoding="utf-8")
    scenarios = similar_scenarios(evaluate_file(load_knowledge(str(rules)), "li-wine-sales.yaml"))
    assert scenarios["not_compared"] == ["18-hacked-and-used", "19-stolen-then-reverse-engineering"]
    assert "01-li-seed" in [s["id"] for s in scenarios["same"]]


# --- only factors that apply to both cases are compared ---------------------------------------

# Factors whose rule can be decided only because its point does not arise (rules/precedents/precedents.yaml).
CUSTOMER_ONLY = {"customer_information_qualifies", "personal_trust_defence"}
NOT_FOR_CUSTOMERS = {"reverse_engineering_defence"}


def scenario(knowledge, name):
    from engine.reason.casetests import load_case_test
    from engine.reason.evaluate import evaluate
    from tests.conftest import ROOT

    return evaluate(load_case_test(ROOT / "tests" / "cases" / f"{name}.yaml", knowledge).case, knowledge)


def compared(comparison):
    return {f["conclusion"] for part in ("shared", "different", "open_there") for f in comparison[part]}


def test_a_technical_matter_shares_no_customer_information_factor_with_li(knowledge):
    technical = scenario(knowledge, "18-hacked-and-used")  # technical information taken by intrusion and used
    # Decided here only because it is not customer information: established, and vacuous.
    assert technical.facts["information.kind"] == "technical_information"
    assert technical.status("customer_information_qualifies") == "established"
    precedent = nearest_precedent(technical)
    assert precedent["id"] == "li_wine"
    assert not compared(precedent) & (CUSTOMER_ONLY | NOT_FOR_CUSTOMERS)
    assert {"deemed_public", "commercial_value", "confidentiality_measures", "infringement"} <= \
        {f["conclusion"] for f in precedent["shared"]}


def test_the_memo_lists_as_shared_only_factors_that_apply_to_both(knowledge):
    from engine.reason.precedent import _applies, _factors

    technical = scenario(knowledge, "12-product-readable-by-dismantling")
    opinion = build_opinion(technical)
    factors = {f["conclusion"]: f for f in _factors(knowledge)}
    li = evaluate_file(knowledge, "li-wine-sales.yaml")
    for f in opinion["precedent"]["shared"]:
        assert _applies(technical, factors[f["conclusion"]]) is True and _applies(li, factors[f["conclusion"]]) is True
    for x in opinion["scenarios"]["nearest"]:
        assert not {f["conclusion"] for f in x["different"] + x["open_there"]} & CUSTOMER_ONLY
    en, zh = render(opinion, "md", "en"), render(opinion, "md", "zh")
    shared_en = next(line for line in en.splitlines() if line.startswith("- Factors in common: "))
    shared_zh = next(line for line in zh.splitlines() if line.startswith("- 共同要素："))
    assert "Commercial value" in shared_en and "具有商业价值" in shared_zh
    for title in ("What customer information must contain", "Defence: personal trust", "Defence: reverse engineering"):
        assert title not in shared_en
    for title in ("客户信息的范围", "个人信赖抗辩", "反向工程抗辩"):
        assert title not in shared_zh


def test_li_is_still_nearest_to_itself_and_shares_its_customer_factors(knowledge):
    precedent = nearest_precedent(evaluate_file(knowledge, "li-wine-sales.yaml"))
    assert precedent["id"] == "li_wine"
    shared = {f["conclusion"] for f in precedent["shared"]}
    assert CUSTOMER_ONLY <= shared  # customer information on both sides: these apply, and are shared
    assert not shared & NOT_FOR_CUSTOMERS  # reverse engineering does not arise for a customer list
    assert precedent["different"] == [] and precedent["open_there"] == []


def test_a_factor_whose_applicability_is_unknown_is_never_shared(knowledge):
    from engine.reason.precedent import _compare, _factors, _reading

    li = evaluate_file(knowledge, "li-wine-sales.yaml")
    unsaid = evaluate_variant(knowledge, "li-wine-sales.yaml", {"information.kind": REMOVE})
    # Its content alone establishes the requirement, but whether it is customer information is not known.
    assert unsaid.status("customer_information_qualifies") == "established"
    here = nearest_precedent(unsaid)  # unknown on the matter's side: compared with nothing
    assert here["id"] == "li_wine" and not compared(here) & (CUSTOMER_ONLY | NOT_FOR_CUSTOMERS)
    there = _compare(li, _reading(unsaid), _factors(knowledge))  # unknown on the other side: open there
    assert "customer_information_qualifies" in {f["conclusion"] for f in there["open_there"]}
    assert not {f["conclusion"] for f in there["shared"]} & (CUSTOMER_ONLY | NOT_FOR_CUSTOMERS)


def test_check_refuses_a_factor_condition_on_an_unknown_fact(tmp_path, capsys):
    import shutil

    from engine import cli
    from tests.conftest import ROOT

    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    catalogue = rules / "precedents" / "precedents.yaml"
    text = catalogue.read_text(encoding="utf-8")
    catalogue.write_text(text.replace("{fact: information.kind, is: customer_information}",
                                      "{fact: information.knd, is: customer_information}", 1), encoding="utf-8")
    assert cli.main(["check", "--rules", str(rules)]) == 2
    err = capsys.readouterr().err
    assert "rules/precedents/precedents.yaml:" in err and "'information.knd' is not a fact of the vocabulary" in err


def test_a_factor_decided_here_that_does_not_arise_there_is_said_so(knowledge):
    # Reverse engineering is decided for the dismantled product; for Li's customer list it never arises.
    technical = scenario(knowledge, "12-product-readable-by-dismantling")
    precedent = nearest_precedent(technical)
    assert [f["conclusion"] for f in precedent["not_there"]] == ["reverse_engineering_defence"]
    opinion = build_opinion(technical)
    assert "- Decided here but not in issue there: Defence: reverse engineering (defence succeeds)" in render(opinion, "md", "en")
    assert "- 本案已确定而该案不涉及的要素：反向工程抗辩（抗辩成立）" in render(opinion, "md", "zh")


def test_a_scenario_where_a_factor_does_not_arise_is_not_the_same(knowledge):
    # Scenarios 22 and 26 concern technical information: the customer-information requirement decided
    # for Li does not arise there, so they are not "decided the same way on every factor".
    scenarios = similar_scenarios(evaluate_file(knowledge, "li-wine-sales.yaml"))
    same = [s["id"] for s in scenarios["same"]]
    assert "01-li-seed" in same
    assert "22-conduct-2020-burden-shift" not in same and "26-partner-implied-duty" not in same
