"""The nearest decided seed case: shared factors, differences and whom each difference helps."""

from __future__ import annotations

from engine.opinion import build_opinion
from engine.precedent import nearest_precedent
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
