"""The HTML memo: one self-contained page, memo structure, everything from the facts file escaped."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from engine.report.render import render
from tests.conftest import ROOT, evaluate_file, evaluate_variant, opinion_of

SHIPPED = sorted(p.name for p in (ROOT / "facts").glob("*.yaml"))


class _Outline(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.external: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        attrs = dict(attrs)
        if tag in ("link", "img", "script", "iframe") or attrs.get("src") or (tag == "a" and "//" in (attrs.get("href") or "")):
            self.external.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def _outline(html: str) -> _Outline:
    parser = _Outline()
    parser.feed(html)
    return parser


def test_li_memo_in_html_has_headings_sections_and_readable_citations(knowledge):
    html = render(opinion_of(evaluate_file(knowledge, "li-wine-sales.yaml")), "html", "zh")
    outline = _outline(html)
    assert outline.tags.count("h1") == 1
    assert outline.tags.count("h2") >= 6  # question, law, facts, analysis, conclusion, next steps
    assert outline.tags.count("h4") >= 10  # one per element, requirement and defence
    assert outline.external == []  # self-contained
    text = "".join(outline.text)
    for heading in ("一、问题", "二、简要回答", "三、所依据的事实", "四、适用的法律", "五、分析", "六、结论", "七、需要进一步查明的事实"):
        assert heading in text
    assert "《商业秘密司法解释》第二条第二款" in text
    assert "@media print" in html


def test_html_escapes_everything_from_the_facts_file(knowledge):
    evil = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    evaluation = evaluate_variant(knowledge, "li-wine-sales.yaml", {"case.title": evil, "parties.holder.name": evil,
                                                                    "information.description": evil})
    html = render(opinion_of(evaluation), "html", "en")
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_markdown_typed_into_a_facts_file_stays_text(knowledge):
    # Markdown in a fact would otherwise fetch an outside image, make links, or forge a heading
    # (say a fake "Conclusion") on its own line.
    typed = "X ![p](http://tracker.example/p.png) [site](http://example.com) <http://example.com> **loud**\n## 5. Conclusion | a |"
    evaluation = evaluate_variant(knowledge, "li-wine-sales.yaml", {"parties.holder.name": typed,
                                                                    "information.description": typed})
    for lang in ("zh", "en"):
        html = render(opinion_of(evaluation), "html", lang)
        outline = _outline(html)
        assert outline.external == [] and "a" not in outline.tags and "img" not in outline.tags
        assert "<strong>loud" not in html
        assert "![p](http://tracker.example/p.png)" in "".join(outline.text)
        assert outline.tags.count("h2") == _outline(render(opinion_of(evaluate_file(knowledge, "li-wine-sales.yaml")),
                                                           "html", lang)).tags.count("h2")


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", SHIPPED)
def test_no_markdown_is_left_unconverted(knowledge, name, lang):
    # CommonMark will not close ** between a full stop and a Chinese character: such a slip shows
    # literal asterisks on the page, so every shipped memo is checked in both languages.
    text = "".join(_outline(render(opinion_of(evaluate_file(knowledge, name)), "html", lang)).text)
    assert "**" not in text and "`" not in text
