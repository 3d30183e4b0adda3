"""Several defendants and several items of information in one facts file: each pair is assessed on its own facts."""

from __future__ import annotations

import json

import pytest

from engine import cli
from engine.errors import InputError
from engine.reason.evaluate import evaluate
from engine.load.facts import case_from_text, load_case
from engine.load.matters import matters
from engine.report.opinion import assess
from engine.report.render import render
from tests.conftest import FACTS

EXAMPLE = FACTS / "two-defendants-two-items.yaml"


def _assessed(knowledge):
    return [(m, evaluate(m.case, knowledge)) for m in matters(load_case(EXAMPLE, knowledge.vocabulary))]


def test_each_defendant_is_assessed_on_each_item_on_its_own_facts(knowledge):
    found = _assessed(knowledge)
    assert [(m.label["en"], e.outcome("infringement"), e.status("trade_secret")) for m, e in found] == [
        ("张某 / 钛合金零件的热处理工艺参数", "established", "established"),
        ("张某 / 客户名单（名称和电话）", "not_established", "not_established"),
        ("乙科技公司 / 钛合金零件的热处理工艺参数", "established", "established"),
        ("乙科技公司 / 客户名单（名称和电话）", "not_established", "not_established"),
    ]
    employee, company = found[0][1], found[2][1]
    # Each defendant's own facts decide its act: the employee disclosed in breach of his NDA, the company
    # took from him knowingly and reached the secret through the staff it hired (SPC Provisions Art. 12).
    assert employee.status("breach_of_obligation") == "established" and employee.status("knowing_third_party") != "established"
    assert company.status("knowing_third_party") == "established" and company.status("channel_or_opportunity") == "established"
    assert company.case.values["parties.co_defendants"] == ["张某"] and employee.case.values["parties.co_defendants"] == ["乙科技公司"]
    # Joint liability only where that defendant is liable on that item.
    assert [e.outcome("joint_liability") for _, e in found] == ["established", "not_established", "established", "not_established"]


def test_the_memo_opens_with_an_overview_then_each_memo(knowledge):
    opinion = assess(load_case(EXAMPLE, knowledge.vocabulary), knowledge)
    en = render(opinion, "md", "en")
    assert en.startswith("# Trade-secret screening memo (several defendants or items)")
    assert "| 3. 乙科技公司 / 钛合金零件的热处理工艺参数 | established | undetermined (on the present record: established) |" in en
    assert en.count("\n# Trade-secret screening memo: ") == 4
    document = json.loads(render(opinion, "json", "zh"))
    assert [m["matter"]["label"]["zh"] for m in document["matters"]][1] == "张某／客户名单（名称和电话）"


def test_explain_prints_one_tree_per_matter(capsys):
    assert cli.main(["explain", str(EXAMPLE), "infringement", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert out.count("\n== ") + out.startswith("== ") == 4


def test_a_plain_file_is_one_matter(knowledge):
    [only] = matters(load_case(FACTS / "li-wine-sales.yaml", knowledge.vocabulary))
    assert (only.defendant, only.item) == (None, None)


@pytest.mark.parametrize("text, expected", [
    ("defendants: []\n", ":1: defendants: expected a list of entries"),
    ("defendants:\n  - information: {kind: customer_information}\n", ":2: defendants[0].information: an entry of defendants cannot hold this section"),
    ("defendants:\n  - parties: {holder: {name: x}}\n", ":2: defendants[0].parties.holder: unknown key"),
    ("items:\n  - information: {kind: customer_informaton}\n", ":2: items[0].information.kind: 'customer_informaton' is not one of the allowed values"),
    ("item:\n  - information: {}\n", ":1: item: unknown section (did you mean 'items'?)"),
])
def test_bad_entries_are_one_line_errors_with_the_line(knowledge, text, expected):
    with pytest.raises(InputError) as caught:
        case_from_text(text, "m.yaml", knowledge.vocabulary)
    assert str(caught.value).startswith("m.yaml") and expected in str(caught.value)
