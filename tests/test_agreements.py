"""The agreement review (topic agreement): seed 002's template, the unpaid senior engineer, and each threshold."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from engine.reason.calculators.noncompete import add_months
from engine.report.render import render

from .conftest import REMOVE, evaluate_file, evaluate_variant, opinion_of, statuses

TEMPLATE, UNPAID, LI = "confidentiality-agreement-template.yaml", "noncompete-unpaid.yaml", "li-wine-sales.yaml"


def computation(evaluation, cid):
    return next(c for c in evaluation.computations if c.id == cid)


# --- seed 002: the template for a general sales employee -----------------------------------------


@pytest.fixture(scope="module")
def template(knowledge):
    return evaluate_file(knowledge, TEMPLATE)


def test_template_findings_with_their_bases(template):
    assert statuses(template, "ld_confidentiality_void", "nc_binds_whoever_signs", "nc_not_binding_on_employee",
                    "comp_floor_governs", "nc_no_region", "nc_scope_not_named", "nc_term_at_maximum",
                    "confidentiality_end_no_effect", "state_secrets_beside_point", "agreement_needs_revision") == dict.fromkeys(
        ["ld_confidentiality_void", "nc_binds_whoever_signs", "nc_not_binding_on_employee", "comp_floor_governs",
         "nc_no_region", "nc_scope_not_named", "nc_term_at_maximum", "confidentiality_end_no_effect",
         "state_secrets_beside_point", "agreement_needs_revision"], "established")
    assert template.status("nc_term_excess_void") == "not_established"
    opinion = opinion_of(template)
    cited = {cid: {b["provision"] for b in opinion["conclusions"][cid]["basis"]} for cid in opinion["conclusions"]}
    assert "lcl.art25_liquidated_damages" in cited["ld_confidentiality_void"]
    assert "spc_labour1.art36_compensation_floor" in cited["comp_floor_governs"]
    assert "state_secrets.state_secret_definition" in cited["state_secrets_beside_point"]


def test_template_is_an_agreement_review_not_a_trade_secret_analysis(template):
    opinion = opinion_of(template)
    assert opinion["scope"] == ["agreement"]
    assert [s["clause"] for s in opinion["sections"]][:2] == ["第三条第5款", "第三条第5款末句"]
    text = render(opinion, "md", "en")
    assert text.startswith("# Confidentiality and non-compete agreement review")
    assert "trade secret, and did" not in text and "dates of the conduct" not in text
    assert "(ministry guideline, not binding)" in text and "persuasive case" not in text
    zh = render(opinion, "md", "zh")
    assert "保密与竞业限制协议审查意见" in zh and "〔指引（不具有约束力）〕" in zh


def test_each_finding_says_whether_it_rests_on_binding_law(template):
    conclusions = opinion_of(template)["conclusions"]
    assert conclusions["ld_confidentiality_void"]["binding"] is True
    assert conclusions["nc_scope_not_named"]["binding"] is False
    assert all(not b["binding"] and b["authority"]["en"] == "ministry guideline, not binding"
               for b in conclusions["nc_scope_not_named"]["basis"])


def test_template_compensation_floor_and_ld_bound(template):
    comp = computation(template, "noncompete_compensation")
    assert comp.result == Decimal("57600.00")  # 24 x max(30% x 8000, 2200)
    assert computation(template, "noncompete_ld_bound").result == Decimal("288000.00")


def test_general_staff_who_knew_secrets_still_not_bound(knowledge):
    ev = evaluate_variant(knowledge, TEMPLATE, {"employment.knew_trade_secrets": True})
    assert ev.status("nc_not_binding_on_employee") == "established"


# --- the senior engineer, 18 months at 30%, unpaid for 4 months ------------------------------------


@pytest.fixture(scope="module")
def unpaid(knowledge):
    return evaluate_file(knowledge, UNPAID)


def test_unpaid_findings(unpaid):
    assert statuses(unpaid, "comp_below_guideline", "comp_below_statutory_floor", "employee_may_rescind",
                    "employee_released_guideline", "nc_not_binding_on_employee", "nc_during_employment_valid") == {
        "comp_below_guideline": "established", "comp_below_statutory_floor": "not_established",
        "employee_may_rescind": "established", "employee_released_guideline": "established",
        "nc_not_binding_on_employee": "not_established", "nc_during_employment_valid": "established"}
    conclusions = opinion_of(unpaid)["conclusions"]
    assert conclusions["comp_below_guideline"]["binding"] is False
    assert conclusions["employee_may_rescind"]["binding"] is True


def test_unpaid_arrears_and_totals(unpaid):
    assert unpaid.facts["derived.nc_months_unpaid"] == 4
    assert computation(unpaid, "noncompete_arrears").result == Decimal("48000.00")
    assert computation(unpaid, "noncompete_compensation").result == Decimal("216000.00")
    assert unpaid.facts["derived.nc_guideline_floor"] == Decimal("20000.00")


def test_exactly_30_percent_meets_the_floor_but_a_higher_minimum_wage_does_not(knowledge):
    ev = evaluate_variant(knowledge, UNPAID, {"employment.average_monthly_wage": "5000.00"})
    assert ev.facts["derived.nc_statutory_floor"] == Decimal("2690.00")  # minimum wage above 30% (1,500)
    assert ev.status("comp_below_statutory_floor") == "established"
    just = evaluate_variant(knowledge, UNPAID, {"employment.average_monthly_wage": "8966.67"})  # 30% = 2690.001
    assert just.status("comp_below_statutory_floor") == "not_established"


def test_one_year_term_is_held_to_30_percent_not_50(knowledge):
    ev = evaluate_variant(knowledge, UNPAID, {"agreement.noncompete.term_months": 12})
    assert ev.facts["derived.nc_term_over_one_year"] is False
    assert ev.status("comp_below_guideline") == "not_established"


@pytest.mark.parametrize("changes, expected", [
    ({"agreement.noncompete.term_months": 24}, "at_maximum"),
    ({"agreement.noncompete.term_months": 23}, "within"),
    ({"agreement.noncompete.term_months": REMOVE, "agreement.noncompete.ends_on": dt.date(2027, 10, 1)}, "at_maximum"),
    ({"agreement.noncompete.term_months": REMOVE, "agreement.noncompete.ends_on": dt.date(2027, 10, 2)}, "beyond"),
])
def test_two_year_maximum(knowledge, changes, expected):
    ev = evaluate_variant(knowledge, UNPAID, changes)
    assert ev.facts["derived.nc_term_vs_maximum"] == expected
    assert ev.status("nc_term_excess_void") == ("established" if expected == "beyond" else "not_established")
    assert ev.status("nc_term_at_maximum") == ("established" if expected == "at_maximum" else "not_established")


def test_term_unknown_leaves_the_maximum_undetermined(knowledge):
    ev = evaluate_variant(knowledge, UNPAID, {"agreement.noncompete.term_months": REMOVE})
    assert ev.status("nc_term_excess_void") == "undetermined"
    assert "derived.nc_term_vs_maximum" in ev.conclusions["nc_term_excess_void"].verdict.missing


@pytest.mark.parametrize("as_of, unpaid_months, rescind", [
    (dt.date(2026, 1, 1), 3, "established"),      # months 1-3 due and unpaid
    (dt.date(2025, 12, 31), 2, "not_established"),  # only two due
])
def test_three_months_unpaid_vs_two(knowledge, as_of, unpaid_months, rescind):
    ev = evaluate_variant(knowledge, UNPAID, {"agreement.performance.as_of": as_of})
    assert ev.facts["derived.nc_months_unpaid"] == unpaid_months
    assert ev.status("employee_may_rescind") == rescind


def test_guideline_release_after_one_month_needs_the_reminder(knowledge):
    two = {"agreement.performance.as_of": dt.date(2025, 12, 31)}
    assert evaluate_variant(knowledge, UNPAID, two).status("employee_released_guideline") == "established"
    silent = evaluate_variant(knowledge, UNPAID, dict(two, **{"agreement.performance.reminder_sent": False}))
    assert silent.status("employee_released_guideline") == "not_established"


def test_paid_months_do_not_count_as_unpaid(knowledge):
    paid = [{"month": 1, "amount": "12000.00"}, {"month": 2, "amount": "12000.00"}]
    ev = evaluate_variant(knowledge, UNPAID, {"agreement.performance.payments": paid})
    assert ev.facts["derived.nc_months_unpaid"] == 2
    assert ev.status("employee_may_rescind") == "not_established"
    assert computation(ev, "noncompete_arrears").result == Decimal("24000.00")


def test_nonpayment_cause_unknown_or_the_employees(knowledge):
    unknown = evaluate_variant(knowledge, UNPAID, {"agreement.performance.nonpayment_caused_by_employee": REMOVE})
    assert unknown.status("employee_may_rescind") == "undetermined"
    assert unknown.conclusions["employee_may_rescind"].verdict.missing == ["agreement.performance.nonpayment_caused_by_employee"]
    employee = evaluate_variant(knowledge, UNPAID, {"agreement.performance.nonpayment_caused_by_employee": True})
    assert employee.status("employee_may_rescind") == "not_established"


def test_employer_rescission_costs_three_more_months(knowledge):
    ev = evaluate_variant(knowledge, UNPAID, {"agreement.performance.employer_rescinded": True})
    assert ev.status("employer_rescission_extra") == "established"
    assert computation(ev, "noncompete_rescission_extra").result == Decimal("36000.00")


def test_breach_returns_compensation_and_paying_ld_does_not_end_the_duty(knowledge):
    ev = evaluate_variant(knowledge, UNPAID, {
        "agreement.performance.employee_breached": True, "agreement.performance.employee_paid_liquidated_damages": True,
        "agreement.performance.employer_requires_performance": True,
        "agreement.performance.payments": [{"month": 1, "amount": "12000.00"}, {"month": 2, "amount": "12000.00"}]})
    assert statuses(ev, "return_compensation", "ld_does_not_end_duty") == {
        "return_compensation": "established", "ld_does_not_end_duty": "established"}
    assert computation(ev, "noncompete_return").result == Decimal("24000.00")
    released = evaluate_variant(knowledge, UNPAID, {
        "agreement.performance.employee_breached": True, "agreement.performance.employee_paid_liquidated_damages": True,
        "agreement.performance.employer_requires_performance": False})
    assert released.status("ld_does_not_end_duty") == "not_established"


@pytest.mark.parametrize("amount, status", [("1080000.00", "not_established"), ("1080000.01", "established")])
def test_liquidated_damages_five_times_bound(knowledge, amount, status):
    ev = evaluate_variant(knowledge, UNPAID, {"agreement.liquidated_damages.noncompete_amount": amount})
    assert ev.status("ld_above_guideline") == status


@pytest.mark.parametrize("region, reasons, status", [
    ("nationwide", False, "established"), ("worldwide", True, "not_established"), ("business_area", False, "not_established")])
def test_region_nationwide_or_worldwide_needs_written_reasons(knowledge, region, reasons, status):
    ev = evaluate_variant(knowledge, UNPAID, {"agreement.noncompete.region": region,
                                              "agreement.noncompete.region_reasons_written": reasons})
    assert ev.status("nc_region_unreasoned") == status


def test_senior_staff_without_access_is_not_bound(knowledge):
    ev = evaluate_variant(knowledge, UNPAID, {"employment.knew_trade_secrets": False})
    assert ev.status("nc_not_binding_on_employee") == "established"
    assert ev.status("agreement_binding_law_problems") == "established"


def test_other_confidential_staff_must_be_told_the_reasons(knowledge):
    ev = evaluate_variant(knowledge, UNPAID, {"employment.category": "other_confidential",
                                              "agreement.noncompete.reasons_told": False})
    assert ev.status("nc_reasons_not_told") == "established"


def test_lump_sum_compensation_is_against_art_23(knowledge):
    ev = evaluate_variant(knowledge, UNPAID, {"agreement.compensation.monthly": False})
    assert ev.status("comp_not_monthly") == "established"


# --- the Li case stands on its NDA ---------------------------------------------------------------


def test_li_case_stands_on_the_nda_alone(knowledge):
    ev = evaluate_file(knowledge, LI)
    assert statuses(ev, "infringement", "noncompete_not_required") == {
        "infringement": "established", "noncompete_not_required": "established"}
    opinion = opinion_of(ev)
    assert "agreement" not in opinion["scope"]
    assert "stands on that agreement alone and needs no non-compete" in render(opinion, "md", "en").split("\n## 6. Conclusion")[1]


def test_add_months_clamps_to_month_end():
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2024, 3, 1), 24) == dt.date(2026, 3, 1)


# --- an agreement without a non-compete --------------------------------------------------------

NO_NONCOMPETE = "confidentiality-only.yaml"
# The parts whose point is the non-compete, and the two liquidated-damages rules about its own penalty.
NONCOMPETE_SETS = ("agreement_noncompete", "agreement_compensation", "agreement_remedies")
NONCOMPETE_LD = ("ld_noncompete_allowed", "ld_above_guideline")


def noncompete_conclusions(evaluation):
    return [cid for cid, c in evaluation.conclusions.items() if c.rule.ruleset in NONCOMPETE_SETS or cid in NONCOMPETE_LD]


@pytest.fixture(scope="module")
def no_noncompete(knowledge):
    return evaluate_file(knowledge, NO_NONCOMPETE)


def test_without_a_noncompete_its_parts_are_not_applicable(no_noncompete):
    opinion = opinion_of(no_noncompete)
    moot = noncompete_conclusions(no_noncompete)
    assert len(moot) == 27  # 14 + 4 + 7 rules of the three sets, and the two liquidated-damages rules
    for cid in moot:
        view = opinion["conclusions"][cid]
        assert (view["applies"], view["status"]) == (False, "not_established"), cid
        assert view["result"] == {"zh": "不适用：协议未约定竞业限制。", "en": "Not applicable: no non-compete was agreed."}
    # What is there is still reviewed: the confidentiality terms and the penalty for breaching them.
    assert statuses(no_noncompete, "ld_confidentiality_void", "confidentiality_end_no_effect", "agreement_needs_revision") == \
        dict.fromkeys(["ld_confidentiality_void", "confidentiality_end_no_effect", "agreement_needs_revision"], "established")
    assert opinion["conclusions"]["ld_confidentiality_void"]["applies"] is True
    assert not [c for c in no_noncompete.computations if c.topic == "agreement"]


def test_the_memo_describes_no_clause_that_does_not_exist(no_noncompete):
    opinion = opinion_of(no_noncompete)
    for lang in ("zh", "en"):
        text = render(opinion, "md", lang)
        for cid in noncompete_conclusions(no_noncompete):
            rule = no_noncompete.conclusions[cid].rule
            for sentence in (rule.holds, rule.fails, rule.statement):
                assert sentence[lang] not in text, (cid, sentence[lang])
        assert rule.not_applicable[lang] in text
    zh, en = render(opinion, "md", "zh"), render(opinion, "md", "en")
    assert "协议约定了具体的补偿标准" not in zh and "The agreement fixes a compensation figure" not in en
    assert "#### 3.2 Liquidated damages for the non-compete are allowed: **not applicable**" in en
    assert "1. 属于可以约定竞业限制的人员类别：不适用（`ag.covered_post`）" in zh
    # Nor does it ask for the terms of a clause that does not exist.
    assert "Non-compete clause (region)" not in en and "竞业限制条款（限制地域）" not in zh
    assert "No open fact affects the conclusions above." in en


def test_the_confidentiality_part_is_still_reviewed_in_full(no_noncompete):
    en = render(opinion_of(no_noncompete), "md", "en")
    part = en[en.index("Confidentiality, the agreement's end and its cited laws"):en.index("### 6. Overall review")]
    assert "That ends only the contractual duty and its contract remedies" in part and "not applicable" not in part


def test_a_noncompete_not_known_to_be_agreed_is_open_not_moot(knowledge):
    # Three-valued: whether there is a non-compete is not known, so its points are undetermined, never "not applicable".
    ev = evaluate_variant(knowledge, NO_NONCOMPETE, {"agreement.noncompete.agreed": REMOVE})
    opinion = opinion_of(ev)
    assert opinion["conclusions"]["nc_scope_not_named"]["applies"] is None
    assert ev.status("nc_scope_not_named") == "undetermined"
    assert "agreement.noncompete.agreed" in ev.conclusions["comp_floor_governs"].verdict.missing
    assert "不适用" not in render(opinion, "md", "zh")


def test_with_a_noncompete_every_point_applies(knowledge):
    ev = evaluate_file(knowledge, UNPAID)
    assert all(ev.applies(cid) is True for cid, c in ev.conclusions.items() if c.rule.ruleset.startswith("agreement"))
