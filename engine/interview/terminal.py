"""`secretlaw interview`: the guided interview in a terminal, or with answers piped one per line.

The loop asks, in turn: which questions the opinion is to answer (once), the free texts of the
matter (once, each skippable), then the next question of engine.interview.questions until no
unknown fact can change a headline conclusion. After every answer the facts file is rewritten
atomically (engine.interview.record) and the conclusions the answer changed are shown. At the end
it prints the opinion's short answer and offers the full memo.

On a terminal the choices are picked with the arrow keys and typed answers are checked as they are
typed (questionary, on prompt_toolkit). When standard input is not a terminal, one answer is read
per line (`y`/`n`/`?`, `yes`/`no`/`unknown`, `是`/`否`/`不详`; an enumerated value by name or number;
ISO dates; decimal amounts; `:back`, `:help`, `:quit`), and every prompt and answer is echoed in a
fixed form, so a script's transcript is the same on every run.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path
from typing import Any, TextIO

from ..reason.evaluate import evaluate
from ..load.facts import load_case
from ..load.knowledge import Knowledge, load_knowledge
from ..report.messages import Messages
from ..printable import terminal_text
from . import answers
from .questions import ANALYSIS, Question, changes, next_question, opening_questions
from .record import Record, read, render, write
from .texts import Texts, topic_label

DEFAULT_FILE = "interview.yaml"
BACK, HELP, QUIT = ":back", ":help", ":quit"




# --- the two consoles ---------------------------------------------------------------------------------


class _Ended(Exception):
    """Standard input ended, or the person asked to stop."""


class Piped:
    """Answers one per line from a stream; every prompt and answer echoed in a fixed form."""

    def __init__(self, stdin: TextIO, stdout: TextIO, lang: str):
        self.stdin, self.stdout, self.lang = stdin, stdout, lang

    def say(self, text: str = "") -> None:  # answers and the facts file's text, controls escaped
        self.stdout.write(terminal_text(text) + "\n")
        self.stdout.flush()

    def line(self) -> str:
        text = self.stdin.readline()
        if not text:
            raise _Ended
        text = text.rstrip("\r\n")
        self.say(f"> {text}")
        return text

    def choose_topics(self, prompt: str, options: list[tuple[str, str]], default: list[str]) -> str:
        self.say(prompt)
        for number, (_, label) in enumerate(options, 1):
            self.say(f"    {number}. {label}")
        return self.line()

    def ask(self, number: int, question: Question, spec, header: list[str], choices: list[tuple[str, str]],
            hint: str) -> str:
        self.say(f"[{number}] {question.text[self.lang]}")
        for line in header:
            self.say(f"    {line}")
        if choices:
            self.say("    " + "  ".join(f"{key} = {label}" for key, label in choices))
        else:
            self.say(f"    ({hint})")
        return self.line()

    def confirm(self, prompt: str) -> bool:
        self.say(prompt)
        try:
            return self.line().strip().lower() in ("y", "yes", "是")
        except _Ended:
            return False


class Interactive:
    """Arrow-key choices and checked typing on a terminal (questionary). Ctrl-C stops, keeping every answer."""

    def __init__(self, stdout: TextIO, lang: str, texts: Texts):
        import questionary

        self.q, self.stdout, self.lang, self.t = questionary, stdout, lang, texts

    def say(self, text: str = "") -> None:
        print(terminal_text(text), file=self.stdout, flush=True)

    def _answer(self, prompt) -> Any:
        value = prompt.ask(kbi_msg="")
        if value is None:  # Ctrl-C
            raise _Ended
        return value

    def choose_topics(self, prompt: str, options: list[tuple[str, str]], default: list[str]) -> str:
        choices = [self.q.Choice(label, value=str(n), checked=topic in default)
                   for n, (topic, label) in enumerate(options, 1)]
        picked = self._answer(self.q.checkbox(prompt.split("（")[0].split(" (")[0], choices=choices,
                                              validate=lambda chosen: bool(chosen) or self.t("topics_refused",
                                                                                              n=len(options))))
        return ",".join(picked)

    def ask(self, number: int, question: Question, spec, header: list[str], choices: list[tuple[str, str]],
            hint: str) -> str:
        for line in header:
            self.say(f"  {line}")
        title = f"[{number}] {question.text[self.lang]}"
        if choices:
            options = [self.q.Choice(label, value=key) for key, label in choices]
            options += [self.q.Separator(), self.q.Choice(self.t("help_choice"), value=HELP),
                        self.q.Choice(self.t("back_choice"), value=BACK), self.q.Choice(self.t("quit_choice"), value=QUIT)]
            return self._answer(self.q.select(title, choices=options, use_shortcuts=False))
        return self._answer(self.q.text(title, instruction=f"({hint})", validate=self._validator(spec)))

    def _validator(self, spec):
        def check(text: str):
            if text.strip() in (BACK, HELP, QUIT):
                return True
            try:
                answers.parse(spec, text)
            except answers.Refused as refused:
                return refused.reason[self.lang]
            return True

        return check

    def confirm(self, prompt: str) -> bool:
        try:
            return bool(self._answer(self.q.confirm(re.sub(r"\s*\[y/N\]$", "", prompt), default=False)))
        except _Ended:
            return False


# --- the interview ---------------------------------------------------------------------------------


def run(file: str | None, lang: str = "zh", output: str | None = None, analysis: bool = False,
        stdin: TextIO | None = None, stdout: TextIO | None = None, interactive: bool | None = None) -> int:
    stdin, stdout = stdin or sys.stdin, stdout or sys.stdout
    knowledge = load_knowledge()
    source = Path(file or DEFAULT_FILE)
    target = Path(output) if output else source
    record = read(source, knowledge)
    t = Texts(lang)
    if interactive is None:
        interactive = stdin.isatty() and stdout.isatty()
    console = Interactive(stdout, lang, t) if interactive else Piped(stdin, stdout, lang)
    session = _Session(knowledge, record, target, lang, t, console, analysis)
    console.say(t("welcome", file=target))
    console.say(t("keys"))
    if source.exists() and not record.written_by_interview and target == source:
        backup = source.with_name(source.name + ".orig")
        if not backup.exists():
            shutil.copy2(source, backup)
        console.say(t("kept_original", file=backup))
    if record.asked:
        console.say(t("resuming", n=len(record.asked)))
    try:
        session.loop()
    except _Ended:
        console.say()
        console.say(t("stopped", file=target))
        return 0
    session.finish()
    return 0


class _Session:
    def __init__(self, knowledge: Knowledge, record: Record, target: Path, lang: str, t: Texts, console, analysis: bool):
        self.knowledge, self.record, self.target, self.lang = knowledge, record, target, lang
        self.t, self.console, self.analysis = t, console, analysis
        self.status_words = Messages(lang)
        self.plan = None
        self.evaluation = None  # of the record as it stands, once computed
        self.said_analysis = False
        self.said_opening = False

    def save(self) -> None:
        write(self.target, render(self.record, self.knowledge, self.lang))

    # the loop: topics once, free texts once, then the decisive questions
    def loop(self) -> None:
        while True:
            if self.record.topics is None:
                self._topics()
                continue
            opening = opening_questions(self.knowledge, self.record.topics, self.record.asked)
            if opening:
                self._opening(opening[0])
                continue
            case = self.record.case(str(self.target))
            evaluation = self.evaluation if self.evaluation is not None and self.evaluation.case.values == case.values \
                else None
            self.plan, question = next_question(case, self.knowledge, self.record.topics, self.record.asked,
                                                self.analysis, evaluation)
            if question is None:
                return
            if question.phase == ANALYSIS and not self.said_analysis:
                self.console.say(self.t("analysis_start"))
                self.said_analysis = True
            self._question(question)

    def _topics(self) -> None:
        topics = list(self.knowledge.topics)
        entered = {p.split(".", 1)[0] for p in self.record.values}
        owned = {s.topic for name, s in self.knowledge.vocabulary.sections.items() if s.topic and name in entered}
        default = [x for x in topics if x in owned] or topics
        labels = [(x, self._topic_label(x)) for x in topics]
        shown = ",".join(str(topics.index(x) + 1) for x in default)
        while True:
            text = self.console.choose_topics(self.t("topics_question", default=shown), labels, default).strip()
            if text == QUIT:
                raise _Ended
            if not text:
                chosen = default
            else:
                parts = [p for p in re.split(r"[,，、\s]+", text) if p]
                chosen = [topics[int(p) - 1] if p.isdigit() and 1 <= int(p) <= len(topics) else p for p in parts]
            if chosen and all(c in topics for c in chosen):
                self.record.topics = [x for x in topics if x in chosen]
                self.save()
                return
            self.console.say("    " + self.t("refused", reason=self.t("topics_refused", n=len(topics))))

    def _topic_label(self, topic: str) -> str:
        return topic_label(self.knowledge, topic, self.lang)

    def _opening(self, question: Question) -> None:
        if not self.said_opening:
            self.console.say(self.t("opening"))
            self.said_opening = True
        spec = self.knowledge.vocabulary.get(question.fact)
        header = [question.help[self.lang]] if question.help else []
        text = self.console.ask(len(self.record.asked) + 1, question, spec, header, [], self.t("skip_hint"))
        if self._command(text, question):
            return
        self.record.answer(question.fact, answers.parse(spec, text))
        self.save()

    def _question(self, question: Question) -> None:
        spec = self.knowledge.vocabulary.get(question.fact)
        header = [self._why(question)]
        choices = _choices(question, spec, self.lang, self.t)
        hint = answers.hint(spec)[self.lang]
        while True:
            text = self.console.ask(len(self.record.asked) + 1, question, spec, header, choices, hint)
            if self._command(text, question):
                return
            try:
                value = answers.parse(spec, text)
            except answers.Refused as refused:
                self.console.say("    " + self.t("refused", reason=refused.reason[self.lang]))
                continue
            break
        if value is answers.UNKNOWN:
            self.record.answer_unknown(question.fact)
        else:
            self.record.answer(question.fact, value)
        self.save()
        self._show_changes()

    def _command(self, text: str, question: Question) -> bool:
        """`:back`, `:help`, `:quit`: True when the text was one (and has been acted on)."""
        word = text.strip().lower()
        if word == QUIT:
            raise _Ended
        if word == HELP:
            help_text = question.help[self.lang] if question.help else self.t("no_help")
            self.console.say("    " + help_text)
            for citation in question.basis:
                self.console.say("    " + citation[self.lang])
            return True
        if word == BACK:
            if not self.record.asked:
                self.console.say("    " + self.t("nothing_back"))
                return True
            last = self.record.asked[-1]
            self.record.forget(last)
            self.save()
            self.console.say("    " + self.t("went_back", label=self.knowledge.vocabulary.get(last).label[self.lang]))
            return True
        return False

    def _why(self, question: Question) -> str:
        parts = [question.why[self.lang]]
        if question.basis:
            parts.append("；".join(c[self.lang] for c in question.basis[:2]) if self.lang == "zh"
                         else "; ".join(c[self.lang] for c in question.basis[:2]))
        if question.burden_party:
            party = question.burden_party[self.lang]
            parts.append(self.t("burden", party=party) + (self.t("burden_shifted") if question.burden_shifted else ""))
        return " · ".join(parts)

    def _show_changes(self) -> None:
        before = self.plan.evaluation
        after = self.evaluation = evaluate(self.record.case(str(self.target)), self.knowledge)
        found = changes(before, after, self.record.topics)
        if not found:
            self.console.say("    " + self.t("no_change"))
        for item in found:
            line = f"    {item['title'][self.lang]}: {self._word(item, 'before')} → {self._word(item, 'after')}"
            if item["headline"] and item["before"]["outcome"] != item["after"]["outcome"]:
                line += (f"（{self.t('on_record')}：" if self.lang == "zh" else f" ({self.t('on_record')}: ") + \
                    f"{self.status_words('status_' + item['before']['outcome'])} → " \
                    f"{self.status_words('status_' + item['after']['outcome'])}" + ("）" if self.lang == "zh" else ")")
            self.console.say(line)

    def _word(self, item: dict[str, Any], when: str) -> str:
        status = item[when]["status"]
        if status == "not_applicable":
            return self.status_words("status_not_applicable")
        prefix = "defence_" if item["role"] == "defence" else "status_"
        return self.status_words(prefix + status)

    # the end
    def finish(self) -> None:
        t, say, plan = self.t, self.console.say, self.plan
        say()
        say(t("done"))
        vocabulary = self.knowledge.vocabulary
        if plan is not None:
            if plan.unknown_open:
                say(t("unknown_open", facts=self._labels(plan.unknown_open)))
            if plan.tables:
                say(t("tables", facts=self._labels(plan.tables)))
            if plan.analysis_open and not self.analysis:
                say(t("analysis_left", n=plan.analysis_open, file=self.target))
        say(t("saved", file=self.target))
        from ..report.opinion import assess
        from ..report.render import render as render_memo

        memo = render_memo(assess(load_case(self.target, vocabulary), self.knowledge), "md", self.lang)
        say()
        say(_short_answer(memo))
        if self.console.confirm(t("show_memo")):
            say()
            say(memo.rstrip("\n"))
        else:
            say(t("memo_hint", file=self.target))

    def _labels(self, paths: list[str]) -> str:
        labels = [self.knowledge.vocabulary.get(p).label[self.lang] for p in paths]
        return "、".join(labels) if self.lang == "zh" else "; ".join(labels)


def _short_answer(memo: str) -> str:
    """The memo's second section, the short answer, as printed in the memo."""
    sections = re.split(r"(?m)^(?=## )", memo)
    found = next((s for s in sections if re.match(r"## (2\.|二、|2 )", s)), None)
    return (found or (sections[2] if len(sections) > 2 else memo)).rstrip("\n")


def _choices(question: Question, spec, lang: str, t: Texts) -> list[tuple[str, str]]:
    """The keys a person may type (or pick) and their labels: y/n/? for yes-no, numbers for values."""
    if spec.type == "bool":
        return [("y", question.choices[0][1][lang]), ("n", question.choices[1][1][lang]), ("?", t("unknown_choice"))]
    if spec.type == "enum":
        return [(str(n), label[lang]) for n, (_, label) in enumerate(question.choices, 1)] + [("?", t("unknown_choice"))]
    return []
