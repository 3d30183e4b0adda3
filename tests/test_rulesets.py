"""The trade-secret and misappropriation rule sets: the law in force, the burden of proof, the opinion's wording."""

from __future__ import annotations

from engine.reason.casetests import load_case_test
from engine.reason.evaluate import evaluate
from engine.report.render import render
from tests.conftest import REMOVE, ROOT, evaluate_variant, opinion_of

CASES = ROOT / "tests" / "cases"
LI = "li-wine-sales.yaml"


def _case(knowledge, name):
    return evaluate(load_case_test(CASES / name, knowledge).case, knowledge)


def _cited(opinion, conclusion, lang="en"):
    return [b[lang] for b in opinion["conclusions"][conclusion]["basis"]]


def test_the_version_in_force_is_chosen_by_the_date_of_the_conduct(knowledge):
    assert _case(knowledge, "27-conduct-2016-old-law.yaml").facts["derived.aucl_versions"] == ["1993"]
    assert _case(knowledge, "21-conduct-2018-no-burden-shift.yaml").facts["derived.aucl_versions"] == ["2017"]
    assert _case(knowledge, "22-conduct-2020-burden-shift.yaml").facts["derived.aucl_versions"] == ["2019"]


def test_citations_name_the_article_of_the_version_in_force(knowledge):
    old = opinion_of(_case(knowledge, "27-conduct-2016-old-law.yaml"))
    assert _cited(old, "trade_secret") == ["AUCL (1993 text) Art. 10"]
    assert "《反不正当竞争法》（1993年）第十条" in _cited(old, "trade_secret", "zh")
    of_2018 = opinion_of(_case(knowledge, "21-conduct-2018-no-burden-shift.yaml"))
    assert _cited(of_2018, "trade_secret") == ["AUCL (2017 revision) Art. 9"]
    of_2020 = opinion_of(_case(knowledge, "22-conduct-2020-burden-shift.yaml"))
    assert _cited(of_2020, "trade_secret") == ["AUCL (2019 amendment) Art. 9(4)"]
    assert "AUCL (2019 amendment) Art. 32(2)" in _cited(of_2020, "burden_shift_infringement")
    assert "AUCL (2019 amendment) Art. 9(3)" in _cited(opinion_of(_case(knowledge, "16-competitor-hired-knowing.yaml")),
                                                        "knowing_third_party")


def test_citations_the_sources_do_not_verify_are_flagged(knowledge):
    of_2018 = opinion_of(_case(knowledge, "21-conduct-2018-no-burden-shift.yaml"))
    assert _cited(of_2018, "inducing_breach") == ["AUCL (2017 revision) Art. 9 [UNVERIFIED]"]
    assert of_2018["law"]["has_unverified"]
    of_2020 = opinion_of(_case(knowledge, "17-competitor-induced-breach.yaml"))
    # No end date: the conduct may run into the 2025 revision, whose numbering is unverified.
    assert _cited(of_2020, "inducing_breach") == ["AUCL (2019 amendment) Art. 9(1)(4)", "AUCL (2025 revision) Art. 10(1)(4) [UNVERIFIED]"]


def test_the_burden_shifts_only_under_the_2019_amendment(knowledge):
    before, after = _case(knowledge, "21-conduct-2018-no-burden-shift.yaml"), _case(knowledge, "22-conduct-2020-burden-shift.yaml")
    assert (before.status("burden_shift_secrecy"), after.status("burden_shift_secrecy")) == ("not_established", "established")
    assert before.status("used_or_disclosed") == "undetermined"
    assert before.conclusions["used_or_disclosed"].verdict.missing == [
        "conduct.used_information", "conduct.disclosed_information", "conduct.allowed_others_to_use",
        "conduct.customers_came_for_own_reasons"]
    # Without the shift, the courts' inference (access plus similarity, no lawful source shown) decides the outcome.
    assert before.outcome("used_or_disclosed") == "established"
    assert [r.path for r in before.resolved_by_burden("used_or_disclosed")] == ["conduct.customers_came_for_own_reasons"]
    assert after.status("used_or_disclosed") == "established"


def test_every_defence_fact_is_for_the_defendant_to_prove(knowledge):
    defences = [r for r in knowledge.rules.values() if r.role == "defence"]
    assert {r.concludes for r in defences} >= {"general_skill_defence", "personal_trust_defence",
                                               "independent_development_defence", "reverse_engineering_defence"}
    for rule in defences:
        for path in rule.when.facts():
            spec = knowledge.vocabulary.get(path)
            if spec.type == "bool":
                assert spec.burden == "defendant", f"{path} (read by {rule.id}) must be for the defendant to prove"


def test_an_unproved_defence_reads_for_the_defendant_to_prove_in_both_languages(knowledge):
    opinion = opinion_of(_case(knowledge, "11-defence-facts-unknown.yaml"))
    assert opinion["conclusions"]["misappropriation"]["status"] == "undetermined"
    en, zh = render(opinion, "md", "en"), render(opinion, "md", "zh")
    assert "general work experience, knowledge and skill rather than on the holder's specific information? (for the defendant to prove)" in en
    assert "on the present record a defence the defendant has not proved fails" in en
    assert "而非权利人的具体信息？（由被告证明）" in zh
    assert "按现有证据，被告未能证明的抗辩不成立" in zh
    # The two readings: the facts leave misappropriation open; on the present record the unproved defence fails.
    assert opinion["conclusions"]["misappropriation"]["outcome"] == "established"
    short = en.split("## 2. Short answer")[1].split("## 3.")[0]
    assert "**Infringement of a trade secret: established**" in short
    assert "(for the defendant to prove)" in short and "The facts entered do not yet decide this by themselves (undetermined)" in short


def test_an_open_public_channels_question_names_who_must_answer_it_by_version(knowledge):
    # 2019 law (the Li dates): once measures are shown, the defendant must prove the list was public (Art. 32(1)).
    shifted = opinion_of(evaluate_variant(knowledge, LI, {"information.obtainable_from_public_channels": REMOVE}))
    en, zh = render(shifted, "md", "en"), render(shifted, "md", "zh")
    assert "such as public directories, the internet or trade listings? (for the defendant to prove, shifted by the burden-of-proof rule)" in en
    assert "（由被告证明（依举证责任转移规则））" in zh
    # The same question for conduct in 2018: no shift, the holder must answer it.
    old = opinion_of(evaluate_variant(knowledge, LI, {"information.obtainable_from_public_channels": REMOVE,
                                                       "conduct.no_earlier_than": REMOVE,
                                                       "conduct.started_on": "2018-05-01", "conduct.ended_on": "2018-09-30"}))
    question = next(q for q in old["next_steps"] if q["fact"] == "information.obtainable_from_public_channels")
    assert (question["burden"], question["burden_shifted"]) == ("holder", False)
    assert "trade listings? (Burden of proof: the holder)" in render(old, "md", "en")


def test_reverse_engineering_is_no_defence_after_improper_acquisition(knowledge):
    evaluation = _case(knowledge, "19-stolen-then-reverse-engineering.yaml")
    verdict = evaluation.conclusions["reverse_engineering_defence"].verdict
    assert verdict.status == "not_established" and verdict.exception_applies is True
