"""The guided interview in the browser: one question a page, over the same question engine as
`secretlaw interview` (engine.interview.questions) and the same facts file (engine.interview.record).

The server keeps nothing: the facts file as it stands travels with the page (a hidden field), and each
request reads it, applies the one action (topics chosen, an answer, unknown, back), and renders the
next step. Every function here takes and returns plain data, so it runs in a worker process.
"""

from __future__ import annotations

from typing import Any

from ..errors import InputError
from ..interview import answers
from ..interview.questions import ANALYSIS, Question, next_question, opening_questions
from ..interview.record import Record, record_from_text, render
from ..interview.texts import Texts, topic_label
from ..load.knowledge import load_knowledge
from ..reason.evaluate import evaluate

ACTIONS = ("start", "topics", "answer", "unknown", "back")
NAME = "(interview)"


def step(record_text: str, lang: str, action: str = "start", fact: str = "", answer: str = "",
         topics: list[str] | None = None) -> dict[str, Any]:
    """Apply one action to the facts file and say what to show next."""
    knowledge = load_knowledge()
    if action not in ACTIONS:
        raise InputError(NAME, None, "action", f"'{action}' is not an interview action", ", ".join(ACTIONS))
    record = record_from_text(record_text, NAME, knowledge)
    refused = _apply(record, action, fact, answer, topics or [], knowledge, lang)
    view: dict[str, Any] = {"record": render(record, knowledge, lang), "error": refused, "asked": len(record.asked),
                            "can_go_back": bool(record.asked)}
    if record.topics is None:  # checked: the topics whose sections the file already fills in, as in the terminal
        entered = {p.split(".", 1)[0] for p in record.values}
        owned = {s.topic for name, s in knowledge.vocabulary.sections.items() if s.topic and name in entered}
        default = [t for t in knowledge.topics if t in owned] or list(knowledge.topics)
        return dict(view, phase="topics", topics=[{"id": t, "label": topic_label(knowledge, t, lang), "checked": t in default}
                                                  for t in knowledge.topics])
    evaluation = evaluate(record.case(NAME), knowledge)
    view["headlines"] = [{"conclusion": main, "title": knowledge.rules[main].title[lang],
                          "status": evaluation.status(main), "outcome": evaluation.outcome(main)}
                         for topic, main in knowledge.topics.items() if topic in record.topics]
    opening = opening_questions(knowledge, record.topics, record.asked)
    if opening:
        return dict(view, phase="question", question=_question(opening[0], knowledge, lang, opening=True))
    plan, question = next_question(record.case(NAME), knowledge, record.topics, record.asked, False, evaluation)
    if question is None:
        t = Texts(lang)
        left = [knowledge.vocabulary.get(p).label[lang] for p in plan.unknown_open]
        return dict(view, phase="done", done=t("done"), unknown_open=left)
    return dict(view, phase="question", question=_question(question, knowledge, lang))


def _apply(record: Record, action: str, fact: str, answer: str, topics: list[str], knowledge, lang: str) -> str | None:
    """The action done to the record; the reason an answer was refused, if it was."""
    if action == "topics":
        chosen = [t for t in knowledge.topics if t in topics]
        if not chosen:
            return Texts(lang)("topics_refused", n=len(knowledge.topics))
        record.topics = chosen
    elif action == "back" and record.asked:
        record.forget(record.asked[-1])
    elif action in ("answer", "unknown"):
        spec = knowledge.vocabulary.get(fact)
        if spec is None or spec.derived:
            raise InputError(NAME, None, "fact", f"'{fact}' is not a fact the interview asks", "answer the question shown")
        if action == "unknown":
            record.answer_unknown(fact)
            return None
        try:
            value = answers.parse(spec, answer)
        except answers.Refused as refusal:
            return refusal.reason[lang]
        if value is answers.UNKNOWN:
            record.answer_unknown(fact)
        else:
            record.answer(fact, value)
    return None


def _question(question: Question, knowledge, lang: str, opening: bool = False) -> dict[str, Any]:
    spec = knowledge.vocabulary.get(question.fact)
    t = Texts(lang)
    if spec.type == "bool":
        choices = [{"value": "y", "label": question.choices[0][1][lang]}, {"value": "n", "label": question.choices[1][1][lang]}]
    elif spec.type == "enum":
        choices = [{"value": value, "label": label[lang]} for value, label in question.choices]
    else:
        choices = []
    burden = None
    if question.burden_party:
        burden = t("burden", party=question.burden_party[lang]) + (t("burden_shifted") if question.burden_shifted else "")
    return {"fact": question.fact, "type": spec.type, "text": question.text[lang],
            "help": question.help[lang] if question.help else None, "why": question.why[lang],
            "basis": [c[lang] for c in question.basis], "burden": burden, "choices": choices,
            "hint": answers.hint(spec)[lang], "opening": opening, "analysis": question.phase == ANALYSIS,
            "element": question.element_title[lang] if question.element_title else None}


def next_questions_json(text: str, topics: list[str] | None, lang: str, limit: int = 10) -> dict[str, Any]:
    """POST /api/next-questions: the questions worth asking next on a facts file, in order."""
    from ..interview.questions import next_questions
    from ..load.facts import case_from_text

    knowledge = load_knowledge()
    case = case_from_text(text, "(request)", knowledge.vocabulary)
    chosen = [t for t in knowledge.topics if t in (topics or knowledge.topics)]
    if topics and len(chosen) != len(set(topics)):
        raise InputError("(request)", None, "topics", f"unknown topic in {', '.join(topics)}", ", ".join(knowledge.topics))
    plan = next_questions(case, knowledge, chosen)
    return {"topics": chosen, "done": plan.done,
            "questions": [_question(q, knowledge, lang) for q in plan.questions[:limit]],
            "remaining": len(plan.questions), "unknown_open": plan.unknown_open}
