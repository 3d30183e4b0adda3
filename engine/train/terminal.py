"""The terminal front of training: `secretlaw train`, `grade`, `argue` and `whynot`.

Only reading and writing text happens here; every question, grade and explanation comes from the
session and modules beside it, which a web page can drive the same way.
"""

from __future__ import annotations

import sys
from typing import Any, TextIO

from ..reason.evaluate import evaluate
from ..report.explain import value_text
from ..report.messages import Messages
from .session import Graded, Session

_INDENT = "    "


# --- train ---------------------------------------------------------------------------------------


def _train(args) -> int:
    from ..load.knowledge import load_knowledge
    from .exercises import catalogue, find

    knowledge = load_knowledge()
    if not args.exercise:
        sys.stdout.write(render_list(catalogue(knowledge), args.lang))
        return 0
    session = Session(find(knowledge, args.exercise), knowledge, args.lang, outcome=not args.no_outcome,
                      argument=not args.no_argument)
    return run(session, sys.stdin, sys.stdout, echo=not sys.stdin.isatty())


def render_list(exercises, lang: str) -> str:
    t = Messages(lang)
    width = max((len(e.id) for e in exercises), default=0)
    lines = [t("train_list")] + [f"  {e.id:<{width}}  {e.title[lang]}" for e in exercises]
    return "\n".join(lines) + "\n"


def run(session: Session, stdin: TextIO, stdout: TextIO, echo: bool = False) -> int:
    """Ask every part of every question on stdout, read the answers from stdin, print each grade and the
    summary. An answer is the number of a choice; end of input (or 'q') stops early with the summary."""
    t = session.t
    out = stdout.write
    out(render_narrative(session.narrative(), t))
    last = None
    while (prompt := session.prompt()) is not None:
        if prompt.number != last:
            out(f"\n{t('train_question', n=prompt.number, total=prompt.total, title=prompt.title)}\n")
            last = prompt.number
        out(f"{prompt.text}\n")
        for i, choice in enumerate(prompt.choices, 1):
            out(f"  {i}) {choice.label}\n")
        value = _read_choice(prompt, stdin, out, t, echo)
        if value is None:
            out(f"\n{t('train_stopped')}\n")
            break
        out(render_graded(session.answer(value), t))
    out(render_summary(session.summary(), t))
    return 0


def _read_choice(prompt, stdin: TextIO, out, t: Messages, echo: bool) -> str | None:
    while True:
        out(t("train_choose"))
        line = stdin.readline()
        if not line or line.strip().lower() in ("q", "quit"):
            if echo:
                out("\n")
            return None
        answer = line.strip()
        if echo:
            out(answer + "\n")
        if answer.isdigit() and 1 <= int(answer) <= len(prompt.choices):
            return prompt.choices[int(answer) - 1].value
        out(t("train_invalid", n=len(prompt.choices)) + "\n")


def render_narrative(story: dict[str, Any], t: Messages) -> str:
    lines = [f"== {t('train_exercise')}{t('train_colon')}{story['title']}", "", t('train_story') + t('train_colon').rstrip()]
    lines += [f"  {p}" for p in story["story"]]
    lines += ["", t('train_record') + t('train_colon').rstrip()]
    for section in story["record"]:
        lines.append(f"  {section['section']}")
        lines += [f"    - {fact}" for fact in section["facts"]]
    lines += [f"  {story['closing']}"]
    return "\n".join(lines) + "\n"


def render_graded(graded: Graded, t: Messages) -> str:
    if graded.correct:
        return f"{t('train_right')}\n"
    lines = [t("train_wrong", answer=graded.expected_label)]
    why = graded.explanation
    if graded.part == "distinguish" and graded.note:
        lines.append(f"  {graded.note}")
    elif why is not None and graded.part == "status":
        lines.append(f"  {t('train_rule')}{t('train_colon')}{why.statement}")
        if why.result:
            lines.append(f"  {t('train_result')}{t('train_colon')}{why.result}")
        lines += _block(t, "train_facts", why.facts) + _block(t, "train_open", why.open)
        lines += _block(t, "train_tree", why.tree.rstrip("\n").split("\n"), bullet="")
    elif why is not None and graded.part == "article":
        lines += _block(t, "train_basis", why.basis)
    elif why is not None and graded.part == "burden":
        lines += _block(t, "train_burdens", why.burdens)
    elif why is not None and graded.part == "outcome":
        if why.result:
            lines.append(f"  {t('on_record')}{t('train_colon')}{why.result}")
        lines += _block(t, "train_taken_title", why.taken)
        lines += _block(t, "train_tree", why.tree.rstrip("\n").split("\n"), bullet="")
    return "\n".join(lines) + "\n"


def _block(t: Messages, key: str, items: list[str], bullet: str = "- ") -> list[str]:
    if not items:
        return []
    return [f"  {t(key)}{t('train_colon').rstrip()}"] + [f"{_INDENT}{bullet}{item}" for item in items]


def render_summary(summary: dict[str, Any], t: Messages) -> str:
    lines = ["", f"== {t('train_score')}{t('train_colon')}{summary['right']}/{summary['total']}"]
    lines += [f"  {s['title']}{t('train_colon')}{s['right']}/{s['total']}" for s in summary["scores"]]
    lines += ["", t('train_revisit') + t('train_colon').rstrip()]
    if summary["revisit"]:
        for item in summary["revisit"]:
            parts = ", ".join(t("train_part_" + p) for p in item["parts"])
            lines.append(f"  - {item['title']} ({parts})")
    else:
        lines.append(f"  {t('train_all_right')}")
    if summary["court"]:
        source = summary["source"] or {}
        lines += ["", t("train_court", court=source.get("court", "?"), number=source.get("case_number", "?")) + t("train_colon").rstrip()]
        for row in summary["court"]:
            lines.append("  - " + t("train_court_line", title=row["title"], court=t("status_" + row["court"]),
                                    rules=t("status_" + row["rules"])))
    return "\n".join(lines) + "\n"


# --- grade ---------------------------------------------------------------------------------------


def _grade(args) -> int:
    import json

    from ..load.facts import load_case
    from ..load.knowledge import load_knowledge
    from .grade import grade, load_analysis

    knowledge = load_knowledge()
    analysis = load_analysis(args.analysis, knowledge)
    evaluation = evaluate(load_case(args.facts, knowledge.vocabulary), knowledge)
    result = grade(analysis, evaluation, args.lang)
    if args.format == "json":
        sys.stdout.write(json.dumps(dict(result, items=[i.as_json() for i in result["items"]]), ensure_ascii=False,
                                    indent=2, default=str) + "\n")
    else:
        sys.stdout.write(render_grade(result, evaluation, args.lang))
    return 0


def render_grade(result: dict[str, Any], evaluation, lang: str) -> str:
    t = Messages(lang)
    lines = [f"== {t('grade_title')}{t('train_colon')}{result['file']}"]
    if result["student"]:
        lines.append(f"{t('grade_student')}{t('train_colon')}{result['student']}")
    rules = evaluation.knowledge.rules
    for item in result["items"]:
        why = item.explanation
        lines += ["", f"{rules[item.conclusion].title[lang]} [{item.conclusion}]{t('train_colon')}{t('grade_' + item.grade)}"]
        lines.append("  " + t("grade_status", given=_status(t, item.status_given), expected=_status(t, item.status_expected)))
        if item.basis_wrong:
            lines.append("  " + t("grade_basis_wrong", items="; ".join(item.basis_wrong)))
        for wrong in item.facts_wrong:
            key = "grade_" + wrong["why"]
            lines.append("  " + t(key, fact=wrong["fact"], given=_value(t, wrong.get("given")), actual=_value(t, wrong.get("actual"))))
        if item.grade != "right":
            lines.append(f"  {t('train_rule')}{t('train_colon')}{why.statement}")
            if why.result:
                lines.append(f"  {t('train_result')}{t('train_colon')}{why.result}")
            lines += _block(t, "train_basis", why.basis) + _block(t, "train_facts", why.facts) + _block(t, "train_open", why.open)
            lines += _block(t, "train_tree", why.tree.rstrip("\n").split("\n"), bullet="")
    lines += ["", t("grade_counts", **result["counts"])]
    return "\n".join(lines) + "\n"


def _status(t: Messages, status: str) -> str:
    return t("train_cannot_tell") if status == "undetermined" else t("status_" + status)


def _value(t: Messages, value: Any) -> str:
    if value is None:
        return t("value_unknown")
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# --- argue ---------------------------------------------------------------------------------------


def _each_matter(path: str, knowledge):
    """The evaluation of each matter of a facts file, with its label where there are several."""
    from ..load.facts import load_case
    from ..load.matters import matters

    found = matters(load_case(path, knowledge.vocabulary))
    for matter in found:
        yield (matter.label if len(found) > 1 else None), evaluate(matter.case, knowledge)


def _argue(args) -> int:
    import json

    from ..load.knowledge import load_knowledge
    from .argument import argue

    knowledge = load_knowledge()
    for label, evaluation in _each_matter(args.facts, knowledge):
        result = argue(evaluation)
        if args.format == "json":
            sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2, default=str) + "\n")
            continue
        if label:
            sys.stdout.write(f"== {label[args.lang]}\n")
        sys.stdout.write(render_argument(result, args.lang))
    return 0


def render_argument(result: dict[str, Any], lang: str) -> str:
    t = Messages(lang)
    lines = [f"== {t('argue_title')}", t("argue_cases", n=result["cases"])]
    for side in ("holder", "defendant"):
        party = t("party_" + side)
        factors = [f for f in result["factors"] if f["favours"] == side]
        lines += ["", t('argue_for', side=party) + t('train_colon').rstrip()]
        if not factors:
            lines.append(f"  {t('argue_none')}")
        for factor in factors:
            lines.append(f"  - {factor['title'][lang]} ({t('status_' + factor['status'])})")
            if factor["cases"]:
                lines.append(f"{_INDENT}{t('argue_shared_by')}" + "; ".join(_case(t, c, lang) for c in factor["cases"]))
            else:
                lines.append(f"{_INDENT}{t('argue_no_cases')}")
        counter = result["sides"][side]["strongest_counter"]
        lines += ["", t('argue_counter', side=party) + t('train_colon').rstrip()]
        if counter is None:
            lines.append(f"  {t('argue_no_counter')}")
            continue
        factor = next(f for f in result["factors"] if f["conclusion"] == counter["factor"])
        lines.append("  " + t("argue_counter_line", case=counter["title"][lang], outcome=t("status_" + counter["outcome"]),
                                factor=factor["title"][lang]))
        if counter["distinguishing"]:
            lines.append(f"  {t('argue_distinguish')}" + "; ".join(
                t("train_difference", title=d["title"][lang], here=t("status_" + d["here"]), there=t("status_" + d["there"]))
                for d in counter["distinguishing"]))
        else:
            lines.append(f"  {t('argue_no_distinction')}")
        if counter["open_there"]:
            lines.append(f"  {t('argue_open_there')}" + ", ".join(counter["open_there"]))
    return "\n".join(lines) + "\n"


def _case(t: Messages, case: dict[str, Any], lang: str) -> str:
    outcome = t("argue_outcome", outcome=t("status_" + case["outcome"])) if case["outcome"] else t("argue_outcome_unknown")
    return f"{case['title'][lang]} ({outcome})"


# --- whynot --------------------------------------------------------------------------------------


def _whynot(args) -> int:
    import json

    from ..errors import InputError
    from ..load.knowledge import load_knowledge
    from ..load.shape import suggest
    from .whynot import why_not

    knowledge = load_knowledge()
    if args.conclusion not in knowledge.rules:
        raise InputError("(command line)", None, "CONCLUSION", f"no rule concludes '{args.conclusion}'",
                         suggest(args.conclusion, knowledge.rules) or "try infringement or trade_secret")
    if not 1 <= args.max_size <= 6:
        raise InputError("(command line)", None, "--max-size", "expected a whole number from 1 to 6")
    for label, evaluation in _each_matter(args.facts, knowledge):
        result = why_not(evaluation, args.conclusion, max_size=args.max_size)
        if args.format == "json":
            sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2, default=str) + "\n")
            continue
        if label:
            sys.stdout.write(f"== {label[args.lang]}\n")
        sys.stdout.write(render_why_not(result, evaluation, args.lang))
    return 0


def render_why_not(result: dict[str, Any], evaluation, lang: str) -> str:
    t = Messages(lang)
    rule = evaluation.knowledge.rules[result["conclusion"]]
    lines = [t("whynot_title", title=rule.title[lang], status=_status(t, result["status"]))]
    vocabulary = evaluation.knowledge.vocabulary
    for search in result["searches"]:
        target = t("status_" + search["target"])
        lines.append("")
        if not search["sets"]:
            lines.append(t("whynot_none", n=search["max_size"], target=target))
        else:
            lines.append(t("whynot_target", target=target, n=search["size"]))
            for i, changes in enumerate(search["sets"], 1):
                lines.append(f"  {t('whynot_option', i=i)}")
                for change in changes:
                    was = change["from"]
                    shown = t("value_unknown") if was is None else value_text(vocabulary.get(change["fact"]), was)[lang]
                    lines.append(f"{_INDENT}- {change['sentence'][lang]} ({t('whynot_was', value=shown)}) [{change['fact']}]")
        if search["capped"]:
            lines.append(t("whynot_capped", n=search["evaluations"]))
        lines.append(t("whynot_stats", candidates=search["candidates"], evaluations=search["evaluations"], seconds=search["seconds"]))
    return "\n".join(lines) + "\n"
