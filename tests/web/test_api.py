"""The web application through the framework's test client: pages, the JSON API, errors and safety headers."""

from __future__ import annotations

import json

import pytest

fastapi = pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from engine.web.app import MAX_BODY, create_app  # noqa: E402
from tests.conftest import FACTS, variant_text  # noqa: E402

LI = (FACTS / "li-wine-sales.yaml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(workers=1)) as c:
        yield c


def test_api_assess_gives_the_cli_json_opinion(client, capsys):
    from engine import cli

    response = client.post("/api/assess", content=LI.encode(), headers={"content-type": "application/yaml"})
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    assert cli.main(["assess", str(FACTS / "li-wine-sales.yaml"), "--format", "json"]) == 0
    expected = json.loads(capsys.readouterr().out)
    got = response.json()
    expected["case"]["file"] = got["case"]["file"] = None  # the CLI names the file, the API the request
    assert got == expected
    assert got["overall"][0]["outcome"] == "established"


def test_api_accepts_json_facts(client):
    facts = {"information": {"kind": "customer_information", "includes_transaction_details": False}}
    response = client.post("/api/assess", json=facts)
    assert response.status_code == 200
    assert response.json()["conclusions"]["customer_information_qualifies"]["status"] == "not_established"


def test_bad_facts_are_422_with_the_cli_message(client):
    response = client.post("/api/assess", content=b"information:\n  publishd: true\n")
    assert response.status_code == 422
    body = response.json()
    assert body["line"] == 2 and body["field"] == "information.publishd" and "did you mean 'published'" in body["error"]


def test_too_large_is_413(client):
    response = client.post("/api/assess", content=b"#" * (MAX_BODY + 1))
    assert response.status_code == 413 and "larger than" in response.json()["error"]


def test_explain_schema_vocabulary_and_openapi(client):
    tree = client.post("/api/explain?conclusion=trade_secret&lang=en", content=LI.encode()).json()["tree"]
    assert tree.startswith("The information is a trade secret [trade_secret]: established")
    assert client.post("/api/explain?conclusion=nope", content=LI.encode()).status_code == 422
    assert client.get("/api/schema").json()["properties"]["information"]["type"] == "object"
    vocabulary = client.get("/api/vocabulary").json()
    assert vocabulary["facts"]["conduct.independently_developed"]["burden"] == "defendant"
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/assess", "/api/explain", "/api/schema", "/api/vocabulary", "/api/headline"} <= set(paths)
    assert client.get("/docs").status_code == 404  # its page would load scripts from a CDN


def test_headline_after_a_what_if(client):
    response = client.post("/api/headline", json={"facts": LI, "changes": {"conduct.relied_on_general_skill": "true"}})
    infringement = next(h for h in response.json() if h["conclusion"] == "infringement")
    assert (infringement["status"], infringement["outcome"]) == ("not_established", "not_established")
    bad = client.post("/api/headline", json={"facts": LI, "changes": {"derived.aucl_versions": "true"}})
    assert bad.status_code == 422


def test_memo_page_has_the_short_answer_trees_and_what_if(client):
    page = client.post("/memo", data={"facts": LI, "lang": "zh"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert 'data-conclusion="infringement"' in html and "侵害商业秘密" in html
    assert html.index('id="headlines"') < html.index('id="what-if"') < html.index('id="why"') < html.index('id="memo"')
    assert "二、简要回答" in html and '<details class="tree" data-conclusion="trade_secret">' in html
    assert 'name="wi:conduct.relied_on_general_skill"' in html


def test_a_what_if_submitted_without_javascript_states_what_it_flips(client):
    page = client.post("/memo", data={"facts": LI, "lang": "en", "wi:conduct.relied_on_general_skill": "true"}).text
    assert "Facts changed" in page and "What the changes flip" in page
    assert '<li class="flip">Infringement of a trade secret: established → not established' in page


def test_text_from_the_facts_is_escaped_and_headers_are_restrictive(client):
    hostile = variant_text("li-wine-sales.yaml", {"case.title": "<script>alert(1)</script>", "parties.defendant.name": "<img src=x onerror=alert(1)>"})
    page = client.post("/memo", data={"facts": hostile, "lang": "en"})
    assert "<script>alert" not in page.text and "<img src=x" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    csp = page.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "unsafe" not in csp
    assert page.headers["x-content-type-options"] == "nosniff"
    error = client.post("/memo", data={"facts": "information:\n  <b>x</b>: 1\n"})
    assert error.status_code == 422 and "<b>x</b>" not in error.text and "&lt;b&gt;x&lt;/b&gt;" in error.text


def test_home_and_static(client):
    assert 'action="/memo"' in client.get("/").text
    assert client.get("/static/memo.css").headers["content-type"].startswith("text/css")
    assert client.get("/static/../pyproject.toml").status_code == 404
    assert client.get("/static/nothing.js").status_code == 404


def test_training_pages_grade_each_answer_and_keep_nothing_on_the_server(client):
    listing = client.get("/train?lang=en").text
    assert 'href="/train/' in listing
    first = client.get("/train/01-li-wine?lang=en")
    assert first.status_code == 200 and 'id="question"' in first.text
    import re

    value = re.search(r'name="answer" value="([^"]+)"', first.text).group(1)
    second = client.post("/train/01-li-wine", data={"lang": "en", "answers": "[]", "answer": value})
    assert second.status_code == 200 and 'id="graded"' in second.text
    assert ("Right." in second.text) or ("Wrong." in second.text and "The right answer" in second.text)
    assert client.post("/train/01-li-wine", data={"lang": "en", "answers": "[]", "answer": "nonsense"}).status_code == 422
    assert client.post("/train/01-li-wine", data={"lang": "en", "answers": "{", "answer": value}).status_code == 422


def _hidden(page: str, name: str) -> str:
    import html
    import re

    return html.unescape(re.search(rf'name="{name}" value="([^"]*)"', page).group(1))


def test_the_interview_pages_walk_the_question_engine_and_keep_the_facts_in_the_page(client, knowledge):
    from engine.interview.questions import opening_questions

    start = client.get("/interview?lang=en")
    assert start.status_code == 200 and 'data-phase="topics"' in start.text
    refused = client.post("/interview", data={"lang": "en", "record": "", "action": "topics"})
    assert "Choose at least one." in refused.text and 'data-phase="topics"' in refused.text
    first = client.post("/interview", data={"lang": "en", "record": "", "action": "topics", "topic": ["infringement"]})
    opening = opening_questions(knowledge, ["infringement"])[0]
    assert f'data-fact="{opening.fact}"' in first.text and "# interview-topics: infringement" in _hidden(first.text, "record")
    page, record = first.text, _hidden(first.text, "record")
    for _ in range(len(opening_questions(knowledge, ["infringement"]))):  # skip the free texts
        fact = _hidden(page, "fact")
        page = client.post("/interview", data={"lang": "en", "record": record, "action": "answer", "fact": fact, "answer": ""}).text
        record = _hidden(page, "record")
    fact = _hidden(page, "fact")
    assert knowledge.vocabulary.get(fact).type == "bool" and 'id="running"' in page and "Why this question" in page
    bad = client.post("/interview", data={"lang": "en", "record": record, "action": "answer", "fact": fact, "answer": "perhaps"})
    assert 'id="refused"' in bad.text and _hidden(bad.text, "fact") == fact  # asked again, with the reason
    answered = client.post("/interview", data={"lang": "en", "record": record, "action": "answer", "fact": fact, "answer": "y"})
    assert f"{fact.split('.')[-1]}: true" in _hidden(answered.text, "record")
    back = client.post("/interview", data={"lang": "en", "record": _hidden(answered.text, "record"), "action": "back"})
    assert _hidden(back.text, "fact") == fact and f"{fact.split('.')[-1]}: true" not in _hidden(back.text, "record")
    download = client.post("/interview/download", data={"record": _hidden(answered.text, "record")})
    assert download.headers["content-disposition"] == 'attachment; filename="interview.yaml"'
    assert download.text == _hidden(answered.text, "record")
    resumed = client.post("/interview", data={"lang": "en", "action": "start"},
                          files={"file": ("li.yaml", LI.encode(), "application/x-yaml")})
    # a file of one's own: its facts kept, the topics it fills in offered first
    assert 'data-phase="topics"' in resumed.text and "力某公司诉李某" in _hidden(resumed.text, "record")
    assert 'value="infringement" checked' in resumed.text and 'value="agreement">' in resumed.text


def test_api_next_questions_gives_the_interview_questions_with_burden_and_basis(client):
    open_facts = LI.replace("  relied_on_general_skill: false", "  relied_on_general_skill: unknown", 1)
    response = client.post("/api/next-questions?topics=infringement&lang=en", content=open_facts.encode())
    assert response.status_code == 200
    body = response.json()
    assert body["topics"] == ["infringement"] and not body["done"]
    question = next(q for q in body["questions"] if q["fact"] == "conduct.relied_on_general_skill")
    assert question["burden"].startswith("for the defendant to prove") and question["basis"]
    done = client.post("/api/next-questions?topics=infringement", content=LI.encode()).json()
    assert done["done"] and done["questions"] == []
    bad = client.post("/api/next-questions?topics=nope", content=LI.encode())
    assert bad.status_code == 422 and bad.json()["field"] == "topics"


def test_api_screen_gives_the_rows_of_secretlaw_screen_with_error_rows(client, tmp_path):
    import io
    import zipfile

    from engine.screen.run import final_rows, screen

    li, melamine = (FACTS / "li-wine-sales.yaml").read_bytes(), (FACTS / "melamine.yaml").read_bytes()
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("inner/melamine.yaml", melamine)
    files = [("files", ("li.yaml", li)), ("files", ("broken.yaml", b"caes: 1\n")), ("files", ("more.zip", archive.getvalue()))]
    rows = client.post("/api/screen?lang=en", files=files).json()
    assert [(r["file"], r["triage"]) for r in rows] == [("more.zip!inner/melamine.yaml", "strong"), ("li.yaml", "strong"),
                                                       ("broken.yaml", "error")]
    assert "broken.yaml:1: caes: unknown section" in rows[2]["error"]
    (tmp_path / "li.yaml").write_bytes(li)
    cli_row = next(final_rows(screen([str(tmp_path / "li.yaml")], lang="en", jobs=1)))
    assert {k: v for k, v in rows[1].items() if k != "file"} == {k: v for k, v in cli_row.items() if k != "file"}
    assert client.post("/api/screen", files=[]).status_code == 422


def test_the_screening_page_links_each_row_to_its_memo(client):
    li = (FACTS / "li-wine-sales.yaml").read_bytes()
    page = client.post("/screen", data={"lang": "zh"}, files=[("files", ("li.yaml", li)), ("files", ("x.yaml", b"caes: 1\n"))])
    assert page.status_code == 200 and page.text.count('<tr class="triage-') == 2
    assert 'action="/memo"' in page.text and '<script src="/static/sort.js" defer></script>' in page.text
    assert client.get("/static/sort.js").headers["content-type"].startswith("text/javascript")


def test_a_chunked_body_over_the_limit_is_refused(client):
    def chunks():
        for _ in range(6):
            yield b"#" * (1024 * 1024)

    response = client.post("/api/assess", content=chunks())
    assert response.status_code == 413
