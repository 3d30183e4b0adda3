"""An oracle for the interview tests: answers every question the interview asks from a known case.

It walks the interview exactly as `secretlaw interview` does (engine.interview.terminal: the
topics, the opening free texts, then engine.interview.questions.next_question) and answers each
question from the case's facts, "unknown" where the case does not state the fact. The answers, one
per line, are what a person would pipe into `secretlaw interview`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from engine.load.facts import Case, PartialDate
from engine.interview.questions import Plan, next_question, opening_questions
from engine.interview.record import Record
from engine.load.knowledge import Knowledge


@dataclass
class Walk:
    lines: list[str]  # the answers, one per line, as piped
    record: Record  # where the interview ends
    asked: list[tuple[str, str, Plan]] = field(default_factory=list)  # (fact, phase, the plan it was asked from)


def topics_of(case: Case, knowledge: Knowledge) -> list[str]:
    """The topics whose own sections the case fills in (all of them if none): the interview's default."""
    sections = {p.split(".", 1)[0] for p in case.values}
    owned = {s.topic for name, s in knowledge.vocabulary.sections.items() if s.topic and name in sections}
    return [t for t in knowledge.topics if t in owned] or list(knowledge.topics)


def answer_text(spec, value: Any) -> str:
    if value is None:
        return "" if spec.type in ("text", "text_list") else "?"
    if spec.type == "bool":
        return "y" if value else "n"
    if isinstance(value, PartialDate):
        return value.text
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (Decimal, int)):
        return str(value)
    if isinstance(value, list):
        return "；".join(value)
    return str(value)


def walk(case: Case, knowledge: Knowledge, analysis: bool = False, topics: list[str] | None = None) -> Walk:
    topics = topics or topics_of(case, knowledge)
    record = Record(topics=topics)
    lines = [",".join(str(list(knowledge.topics).index(t) + 1) for t in topics)]
    result = Walk(lines, record)
    for question in opening_questions(knowledge, topics):
        value = case.values.get(question.fact)
        lines.append(answer_text(knowledge.vocabulary.get(question.fact), value))
        record.answer(question.fact, value)
    while True:
        plan, question = next_question(record.case("oracle"), knowledge, topics, record.asked, analysis)
        if question is None:
            return result
        result.asked.append((question.fact, question.phase, plan))
        spec = knowledge.vocabulary.get(question.fact)
        lines.append(answer_text(spec, case.values.get(question.fact)))
        if question.fact in case.values:
            record.answer(question.fact, case.values[question.fact])
        else:
            record.answer_unknown(question.fact)
