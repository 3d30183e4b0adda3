"""End-to-end journeys in a real browser (Debian's Chromium via Playwright) against a real server."""

from __future__ import annotations

from tests.conftest import FACTS
from tests.web.conftest import screenshot

LI = (FACTS / "li-wine-sales.yaml").read_text(encoding="utf-8")


def _memo(page, server, lang: str):
    page.goto(f"{server}/?lang={lang}")
    page.fill("#facts", LI)
    with page.expect_navigation(wait_until="domcontentloaded"):
        page.click("#assess")
    page.locator('.headline[data-conclusion="infringement"]').wait_for()
    try:  # a screenshot taken mid-load may not complete; load itself has been seen to stall in a full run
        page.wait_for_load_state("load", timeout=30_000)
    except Exception:  # noqa: BLE001 - playwright's TimeoutError; the assertions below decide
        pass


def test_the_li_memo_shows_infringement_established(page, server):
    _memo(page, server, "zh")
    headline = page.locator('.headline[data-conclusion="infringement"]')
    assert "侵害商业秘密" in headline.inner_text() and headline.locator(".outcome").inner_text() == "成立"
    assert page.locator("#memo h2", has_text="简要回答").count() == 1
    screenshot(page, "memo-zh")
    _memo(page, server, "en")
    assert page.locator('.headline[data-conclusion="infringement"] .outcome').inner_text() == "established"
    screenshot(page, "memo-en")


def test_a_what_if_toggle_changes_the_headline_in_place(page, server):
    _memo(page, server, "zh")
    page.check('input[name="wi:conduct.relied_on_general_skill"][value="true"]')
    headline = page.locator('.headline[data-conclusion="infringement"]')
    page.locator('.headline.flipped[data-conclusion="infringement"]').wait_for()  # the page's CSP allows no eval
    assert headline.locator(".outcome").inner_text() == "不成立"
    # Without the script the same toggle goes through the form, and the page says what flipped.
    with page.expect_navigation(wait_until="load"):
        page.click("#reevaluate")
    assert "侵害商业秘密" in page.locator("#flips").inner_text()


def test_hostile_text_stays_text_in_the_browser(page, server):
    evil = LI.replace("title: 力某公司诉李某侵害商业秘密纠纷", "title: \"<img src=x onerror=window.__pwned=1>\"", 1)
    page.goto(f"{server}/?lang=en")
    page.fill("#facts", evil)
    with page.expect_navigation(wait_until="load"):
        page.click("#assess")
    assert page.evaluate("window.__pwned === undefined")
    assert "<img src=x onerror=window.__pwned=1>" in page.locator("h1").first.inner_text()


def _answer_by_clicking(page, case, knowledge) -> None:
    """One question of the web interview answered from the case's facts, as a person would: a click on
    yes, no or the value, or the answer typed and submitted; `unknown` where the case does not say."""
    from tests.interview_oracle import answer_text

    question = page.locator("#question")
    fact = question.get_attribute("data-fact")
    spec = knowledge.vocabulary.get(fact)
    value = case.values.get(fact)
    with page.expect_navigation(wait_until="domcontentloaded"):
        if value is None and spec.type not in ("text", "text_list"):
            page.click("#unknown")
        elif spec.type in ("bool", "enum"):
            page.click(f'button.choice[data-value="{answer_text(spec, value) if spec.type == "bool" else value}"]')
        else:
            page.fill("#answer-text", answer_text(spec, value))
            page.click("#submit-answer")


def test_the_li_interview_completed_by_clicking_reaches_the_memo(page, server, knowledge):
    from engine.load.facts import load_case
    from tests.interview_oracle import topics_of

    case = load_case(FACTS / "li-wine-sales.yaml", knowledge.vocabulary)
    page.goto(f"{server}/interview?lang=zh")
    wanted = topics_of(case, knowledge)
    for topic in knowledge.topics:
        page.set_checked(f'input[name="topic"][value="{topic}"]', topic in wanted)
    with page.expect_navigation(wait_until="domcontentloaded"):
        page.click("#start")
    shot = False
    for _ in range(120):
        if page.locator("#step").get_attribute("data-phase") == "done":
            break
        if not shot and page.locator("#burden").count():  # the first question with a burden of proof
            page.click("#why summary")
            screenshot(page, "interview-zh")
            shot = True
        _answer_by_clicking(page, case, knowledge)
    else:
        raise AssertionError("the interview did not end within 120 answers")
    assert shot
    assert page.locator('#running .headline[data-conclusion="infringement"]').get_attribute("data-status") == "established"
    with page.expect_navigation(wait_until="domcontentloaded"):
        page.click("#to-memo")
    headline = page.locator('.headline[data-conclusion="infringement"]')
    headline.wait_for()
    assert "侵害商业秘密" in headline.inner_text() and headline.locator(".outcome").inner_text() == "成立"


def test_the_interview_in_english_explains_its_question(page, server):
    page.goto(f"{server}/interview?lang=en")
    with page.expect_navigation(wait_until="domcontentloaded"):
        page.click("#start")
    while page.locator("#burden").count() == 0:  # the opening free texts, skipped; then a question with a burden
        with page.expect_navigation(wait_until="domcontentloaded"):
            page.click("#submit-answer" if page.locator("#answer-text").count() else "#unknown")
    page.click("#why summary")
    assert page.locator("#why").inner_text().strip() and page.locator("#running .headline").count() == 3
    screenshot(page, "interview-en")


def test_screening_three_files_one_broken_gives_two_rows_and_an_error_row(page, server, tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("caes:\n  title: misspelt\n", encoding="utf-8")
    files = [str(FACTS / "li-wine-sales.yaml"), str(FACTS / "melamine.yaml"), str(broken)]
    for lang, strong in (("zh", "有力"), ("en", "strong")):
        page.goto(f"{server}/screen?lang={lang}")
        page.set_input_files("#files", files)
        with page.expect_navigation(wait_until="domcontentloaded"):
            page.click("#screen")
        rows = page.locator("#results tbody tr")
        assert rows.count() == 3
        assert [rows.nth(i).get_attribute("data-triage") for i in range(3)] == ["strong", "strong", "error"]
        assert rows.nth(0).locator("td").first.inner_text() == strong
        assert "caes: unknown section" in rows.nth(2).inner_text()
        screenshot(page, f"screening-{lang}")
    page.locator("#results th").nth(1).click()  # sorted by file name on a click (the page's own script)
    page.wait_for_function("document.querySelector('#results th[aria-sort]') !== null")
    assert page.locator("#results tbody tr").first.get_attribute("data-triage") == "error"  # broken.yaml sorts first
    with page.expect_navigation(wait_until="domcontentloaded"):
        page.locator("#results tbody tr").nth(2).locator("button.link").click()
    page.locator('.headline[data-conclusion="infringement"]').wait_for()
