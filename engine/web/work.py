"""What the web application's worker processes do: load facts from text, evaluate, explain, render.

Each function takes and returns plain data (picklable), so it runs in a worker process with its
own rule engine; nothing here keeps any request's facts after it returns.
"""

from __future__ import annotations

import json
from typing import Any

from ..errors import InputError, SecretlawError
from ..reason.evaluate import evaluate
from ..load.facts import Case, case_from_text, parse_scalar
from ..load.knowledge import load_knowledge
from ..load.matters import matters
from ..report.opinion import assess
from ..report.render import render, render_html_body
from ..report.tree import derivation_tree
from ..load.yamlsrc import Document

TOGGLE_VALUES = ("true", "false", "unknown")


def warm() -> None:
    """Load the rules and register them with the engine before the first request (worker initializer)."""
    from ..reason.durable_host import warm_up

    warm_up(load_knowledge())


def load(text: str, name: str, changes: dict[str, str] | None = None) -> Case:
    knowledge = load_knowledge()
    case = case_from_text(text, name, knowledge.vocabulary)
    for path, value in (changes or {}).items():
        _change(case, path, value, knowledge)
    return case


def _change(case: Case, path: str, value: str, knowledge) -> None:
    """A what-if toggle: a yes/no fact set to true, false or unknown (removed)."""
    spec = knowledge.vocabulary.get(path)
    if spec is None or spec.derived or spec.type != "bool" or value not in TOGGLE_VALUES:
        raise InputError("(what-if)", None, path, "is not a yes/no fact that can be toggled", "toggle a fact of the vocabulary")
    if value == "unknown":
        case.values.pop(path, None)
    else:
        case.values[path] = parse_scalar(Document("(what-if)", None), (path,), value == "true", spec)


def opinion_json(text: str, name: str, changes: dict[str, str] | None = None, what_if: bool = False) -> str:
    """The JSON opinion, exactly as `secretlaw assess --format json` prints it."""
    knowledge = load_knowledge()
    return render(assess(load(text, name, changes), knowledge, with_what_if=what_if), "json", "zh")


def memo_page(text: str, name: str, lang: str, changes: dict[str, str] | None = None) -> dict[str, Any]:
    """What the memo page shows: the headline conclusions (both readings), the memo as HTML, a derivation
    tree for each conclusion of the headline topics, and the facts a what-if can toggle."""
    knowledge = load_knowledge()
    case = load(text, name, changes)
    entered = load(text, name)
    changed = _changed(entered, case, changes or {}, knowledge)
    opinion = assess(case, knowledge, with_what_if=True)
    single = opinion if "matters" not in opinion else opinion["matters"][0]
    evaluation = evaluate(matters(case)[0].case, knowledge)
    trees = [{"id": cid, "title": single["conclusions"][cid]["title"], "status": single["conclusions"][cid]["status"],
              "outcome": single["conclusions"][cid]["outcome"], "role": single["conclusions"][cid]["role"],
              "tree": derivation_tree(evaluation, cid, lang)}
             for section in single["sections"] for cid in section["conclusions"]
             if single["conclusions"][cid]["role"] not in ("note", "burden")]
    toggles = _toggles(single, case, knowledge)
    flips = []
    if changed:  # what the toggles did to the headline conclusions, against the facts as entered
        before = assess(entered, knowledge)
        before = before if "matters" not in before else before["matters"][0]
        flips = [{"title": now["title"], "role": now["role"], "before": then, "after": now}
                 for then, now in zip(before["overall"], single["overall"])
                 if (then["status"], then["outcome"]) != (now["status"], now["outcome"])]
    return {"headlines": single["overall"], "body": render_html_body(opinion, lang), "trees": trees, "toggles": toggles,
            "title": single["case"]["title"] or name, "what_if": single.get("what_if", []), "changed": changed, "flips": flips}


def _changed(entered: Case, case: Case, changes: dict[str, str], knowledge) -> list[dict[str, Any]]:
    def shown(c: Case, path: str) -> str:
        return "unknown" if path not in c.values else ("true" if c.values[path] else "false")

    return [{"fact": p, "label": knowledge.vocabulary.get(p).label, "from": shown(entered, p), "to": shown(case, p)}
            for p in changes if shown(entered, p) != shown(case, p)]


def _toggles(opinion: dict[str, Any], case: Case, knowledge) -> list[dict[str, Any]]:
    """The yes/no facts worth toggling: those a what-if found to flip a headline, and the open decisive ones."""
    paths = [w["fact"] for w in opinion.get("what_if", [])] + [q["fact"] for q in opinion["next_steps"] if q["decisive"]]
    seen: dict[str, None] = {}
    for path in paths:
        spec = knowledge.vocabulary.get(path)
        if spec is not None and spec.type == "bool" and not spec.derived:
            seen.setdefault(path, None)
    return [{"fact": p, "label": knowledge.vocabulary.get(p).label, "question": knowledge.vocabulary.get(p).question,
             "value": "unknown" if p not in case.values else ("true" if case.values[p] else "false")} for p in seen]


def headline_json(text: str, name: str, changes: dict[str, str]) -> str:
    """The headline conclusions after a what-if, for the page to update in place."""
    knowledge = load_knowledge()
    opinion = assess(load(text, name, changes), knowledge)
    single = opinion if "matters" not in opinion else opinion["matters"][0]
    return json.dumps([{k: h[k] for k in ("conclusion", "status", "outcome", "title", "role")} for h in single["overall"]],
                      ensure_ascii=False)


def explain_text(text: str, name: str, conclusion: str, lang: str) -> str:
    knowledge = load_knowledge()
    if conclusion not in knowledge.rules:
        raise InputError("(request)", None, "conclusion", f"no rule concludes '{conclusion}'", "try infringement or trade_secret")
    return "".join(derivation_tree(evaluate(m.case, knowledge), conclusion, lang) for m in matters(load(text, name)))


def error_view(exc: SecretlawError) -> dict[str, Any]:
    """A refusal as the CLI states it (one line), with its parts for a program."""
    return {"error": str(exc), "file": getattr(exc, "file", None), "line": getattr(exc, "line", None),
            "field": getattr(exc, "field", None)}


def exercises(lang: str) -> list[dict[str, str]]:
    """Every training exercise (engine/train): its id, title and where its matter comes from."""
    from ..train.exercises import catalogue

    return [{"id": e.id, "title": e.title[lang], "origin": e.origin} for e in catalogue(load_knowledge())]


def train_step(exercise_id: str, lang: str, answers: list[str]) -> dict[str, Any]:
    """One step of a training session, replayed from the answers so far (the page keeps them, the server
    keeps nothing): the narrative, the last answer graded, then the next question or the summary."""
    from ..train.exercises import find
    from ..train.session import Session

    knowledge = load_knowledge()
    session = Session(find(knowledge, exercise_id), knowledge, lang=lang)
    graded = None
    for value in answers:
        if session.finished:
            raise InputError("(training)", None, "answers", "more answers than the exercise has questions")
        try:
            graded = session.answer(value)
        except ValueError as exc:
            raise InputError("(training)", None, "answer", str(exc)) from None
    prompt = session.prompt()
    return {"narrative": session.narrative(), "graded": graded.as_json() if graded else None,
            "prompt": prompt.as_json() if prompt else None, "summary": session.summary() if session.finished else None,
            "answers": answers}


def screen_rows(files: list[tuple[str, bytes]], lang: str) -> dict[str, Any]:
    """The screening of uploaded files (several facts files, or zips of them): the rows, sorted, each
    with its header cells in the language asked for, and the text of each file for its memo."""
    from ..screen.output import columns, cells
    from ..screen.rows import screen_bytes, sort_key
    from ..screen.sources import uploaded

    knowledge = load_knowledge()
    rows, texts = [], {}
    for name, data in files:
        for label, content, error in uploaded(name, data):
            rows += screen_bytes(label, content, error, knowledge, lang)
            if content is not None:
                texts[label] = content.decode("utf-8", "replace")
    rows.sort(key=sort_key)
    cols = columns(lang)
    return {"headers": [h for h, _ in cols], "rows": [(row, cells(row, cols)) for row in rows], "texts": texts}
