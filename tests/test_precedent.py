"""The nearest decided seed case and the closest test scenarios: shared factors, differences, whom each helps."""

from __future__ import annotations

from engine.opinion import build_opinion
from engine.precedent import nearest_precedent, similar_scenarios
from engine.render import render
from tests.conftest import evaluate_file, evaluate_variant


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

    from engine.knowledge import load_knowledge
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
