"""The HTML memo as a real browser engine builds it: headless Chromium loads the page and dumps its DOM.

Skipped when no Chromium or Chrome is installed (CI machines may not have one).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from engine.report.render import render
from tests.conftest import evaluate_file, evaluate_variant, opinion_of

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
EVIL = "<script>alert(1)</script><img src=x onerror=alert(2)>"


def _browser() -> str:
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    pytest.skip(f"no headless browser on PATH (looked for {', '.join(BROWSERS)})")


def _dump_dom(html: str, tmp_path: Path, name: str) -> str:
    """The DOM the browser built from the page, serialised after load."""
    page = tmp_path / f"{name}.html"
    page.write_text(html, encoding="utf-8")
    command = [_browser(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
               "--disable-extensions", f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", page.as_uri()]
    try:
        done = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail("the headless browser took more than 60 s to load the memo")
    assert done.returncode == 0, done.stderr[-2000:]
    assert "<html" in done.stdout, f"no DOM dumped; stderr: {done.stderr[-2000:]}"
    return done.stdout


class _Dom(HTMLParser):
    """Elements, attributes and text of the dumped DOM; the text of every heading."""

    def __init__(self):
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.headings: list[tuple[str, str]] = []
        self.text: list[str] = []
        self._heading: tuple[str, list[str]] | None = None
        self._skip = 0  # inside <style> or <title>: not memo text

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag in ("h1", "h2", "h3", "h4"):
            self._heading = (tag, [])
        elif tag in ("style", "title"):
            self._skip += 1

    def handle_endtag(self, tag):
        if self._heading and tag == self._heading[0]:
            self.headings.append((tag, " ".join("".join(self._heading[1]).split())))
            self._heading = None
        elif tag in ("style", "title"):
            self._skip -= 1

    def handle_data(self, data):
        if self._skip:
            return
        self.text.append(data)
        if self._heading:
            self._heading[1].append(data)

    def tags(self) -> list[str]:
        return [tag for tag, _ in self.elements]

    def texts(self, level: str) -> list[str]:
        return [text for tag, text in self.headings if tag == level]


def _parse(dom: str) -> _Dom:
    parsed = _Dom()
    parsed.feed(dom)
    parsed.close()
    return parsed


def test_browser_builds_the_li_memo_with_its_title_numbered_sections_and_citations(knowledge, tmp_path):
    html = render(opinion_of(evaluate_file(knowledge, "li-wine-sales.yaml")), "html", "en")
    dom = _parse(_dump_dom(html, tmp_path, "li"))

    assert ("html", {"lang": "en"}) in dom.elements
    titles = dom.texts("h1")
    assert len(titles) == 1 and titles[0].startswith("Trade-secret screening memo")
    assert "力某公司" in titles[0]

    # The main sections, numbered (whatever their numbers), in memo order.
    sections = dom.texts("h2")
    order = []
    for name in ("Question presented", "Analysis", "Conclusion"):
        matching = [i for i, text in enumerate(sections) if name in text]
        assert matching, f"no section heading for {name!r} among {sections}"
        assert re.match(r"\d+\.\s", sections[matching[0]]), f"section heading not numbered: {sections[matching[0]]!r}"
        order.append(matching[0])
    assert order == sorted(order), f"sections out of order: {sections}"

    text = "".join(dom.text)
    assert "SPC Trade Secret Provisions" in text
    assert "script" not in dom.tags()
    assert not {"link", "img", "iframe", "object", "embed"} & set(dom.tags())  # self-contained
    assert "table" in dom.tags()  # the damages computation


def test_browser_shows_markup_from_the_facts_file_only_as_text(knowledge, tmp_path):
    evaluation = evaluate_variant(knowledge, "li-wine-sales.yaml", {"case.title": EVIL, "parties.holder.name": EVIL,
                                                                    "information.description": EVIL})
    raw = _dump_dom(render(opinion_of(evaluation), "html", "en"), tmp_path, "evil")
    dom = _parse(raw)

    assert "script" not in dom.tags() and "img" not in dom.tags()
    assert not [tag for tag, attrs in dom.elements if any(name.startswith("on") for name in attrs)]
    text = "".join(dom.text)
    assert "<script>alert(1)</script>" in text  # shown to the reader, verbatim
    assert EVIL in dom.texts("h1")[0]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in raw
