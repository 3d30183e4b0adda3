"""One exercise as a state machine: questions asked part by part, each answer graded against the rules.

No input or output happens here; the terminal (engine/train/terminal.py) and, later, the web page
drive the same object:

    session = Session(exercise, knowledge, lang="en")
    while (prompt := session.prompt()) is not None:
        graded = session.answer(prompt.choices[0].value)   # a Graded: right or wrong, and why
    summary = session.summary()                          # the score per element kind, what to revisit

Each question is one conclusion of the rules, in the order of the rule files, in parts:

- `status`: established, not established, or cannot tell yet: graded against what the facts
  establish (the rules' status; "cannot tell yet" is right exactly where it is undetermined);
- `article`: the provision it rests on, from the rule's own basis and a few provisions of other rules
  of the same question (chosen deterministically from the exercise id and the conclusion);
- `burden` (a defence, where one party must prove all its facts): who must prove it, from the
  vocabulary's burdens of the facts the defence reads, burden shifts applied;
- `outcome` (where the status is undetermined): who wins on it if nothing more is proved, graded
  against the outcome on the present record.

After the elements, for each side with a counter-example (engine/train/argument.py), a `distinguish`
question: which factor distinguishes that decided case from this matter.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from ..reason.evaluate import Evaluation, evaluate
from ..report.explain import citations
from ..load.knowledge import Knowledge
from ..logic import ESTABLISHED, NOT_ESTABLISHED, UNDETERMINED
from ..report.messages import Messages
from . import argument as _argument
from .exercises import Exercise, Kind, narrative, questions, training
from .reasons import Explanation, defence_burden, explanation

PARTS = ("status", "article", "burden", "outcome", "distinguish")
ARGUMENT = "argument"


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass
class Prompt:
    """The question to answer now: which element, which part of it, and the choices."""

    number: int  # 1-based question number
    total: int
    conclusion: str | None  # None for a distinguish question
    kind: str
    title: str
    part: str
    text: str
    choices: list[Choice]

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__, choices=[c.__dict__ for c in self.choices])


@dataclass
class Graded:
    """One answered part: right or wrong, the right answer, and (when wrong) why."""

    number: int
    conclusion: str | None
    kind: str
    title: str
    part: str
    given: str
    given_label: str
    expected: list[str]  # the right values (an article question may have several)
    expected_label: str
    correct: bool
    explanation: Explanation | None = None
    note: str | None = None  # a distinguish question: the case and how it differs

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__, explanation=self.explanation.as_json() if self.explanation else None)


@dataclass
class _Part:
    name: str
    text: str
    choices: list[Choice]
    expected: list[str]
    note: str | None = None


@dataclass
class _Question:
    conclusion: str | None
    kind: Kind
    title: str
    parts: list[_Part] = field(default_factory=list)


class Session:
    def __init__(self, exercise: Exercise, knowledge: Knowledge, lang: str = "zh", outcome: bool = True,
                 argument: bool = True, evaluation: Evaluation | None = None):
        self.exercise = exercise
        self.knowledge = knowledge
        self.lang = lang
        self.t = Messages(lang)
        self.evaluation = evaluation or evaluate(exercise.case, knowledge)
        self.config = training(knowledge)
        self._labels: dict[str, str] = {}  # provision id -> its citation here
        self.questions = [self._question(cid, outcome) for cid in questions(exercise, self.evaluation)]
        if argument:
            self.questions += self._distinguish_questions()
        self.answers: list[Graded] = []
        self._at = (0, 0)  # (question, part)

    # --- the state machine ---------------------------------------------------------------------

    def narrative(self) -> dict[str, Any]:
        return narrative(self.exercise, self.evaluation, self.lang)

    def prompt(self) -> Prompt | None:
        """The part to answer now, or None when the exercise is over."""
        qi, pi = self._at
        if qi >= len(self.questions):
            return None
        question = self.questions[qi]
        part = question.parts[pi]
        return Prompt(qi + 1, len(self.questions), question.conclusion, question.kind.id, question.title, part.name,
                      part.text, list(part.choices))

    @property
    def finished(self) -> bool:
        return self._at[0] >= len(self.questions)

    def answer(self, value: str) -> Graded:
        """Grade the answer to the current part (one of its choices' values) and move on."""
        qi, pi = self._at
        if qi >= len(self.questions):
            raise ValueError("the exercise is over")
        question = self.questions[qi]
        part = question.parts[pi]
        labels = {c.value: c.label for c in part.choices}
        if value not in labels:
            raise ValueError(f"'{value}' is not one of {', '.join(labels)}")
        correct = value in part.expected
        graded = Graded(qi + 1, question.conclusion, question.kind.id, question.title, part.name, value, labels[value],
                        list(part.expected), self._expected_label(part, labels), correct,
                        note=part.note)
        if not correct and question.conclusion is not None:
            graded.explanation = explanation(self.evaluation, question.conclusion, self.lang, outcome=part.name == "outcome")
        self.answers.append(graded)
        self._at = (qi, pi + 1) if pi + 1 < len(question.parts) else (qi + 1, 0)
        return graded

    def _expected_label(self, part: _Part, labels: dict[str, str]) -> str:
        shown = [labels[v] for v in part.expected if v in labels]
        return shown[0] if len(shown) == 1 else self.t("train_any_of", items="; ".join(shown))

    def summary(self) -> dict[str, Any]:
        """The score per element kind (parts answered right of parts answered), the elements to revisit,
        and for a real judgment what the court held beside what the rules give on the present record."""
        kinds = [k for k in self.config.kinds] + [self._argument_kind()]
        scores = []
        for kind in kinds:
            graded = [g for g in self.answers if g.kind == kind.id]
            if graded:
                scores.append({"kind": kind.id, "title": kind.title[self.lang], "right": sum(g.correct for g in graded),
                               "total": len(graded)})
        revisit: dict[tuple, dict[str, Any]] = {}
        for g in self.answers:
            if not g.correct:
                entry = revisit.setdefault((g.number,), {"conclusion": g.conclusion, "title": g.title, "kind": g.kind, "parts": []})
                entry["parts"].append(g.part)
        court = [{"conclusion": cid, "title": self.knowledge.rules[cid].title[self.lang], "court": found,
                  "rules": self.evaluation.outcome(cid)} for cid, found in self.exercise.expect_outcome.items()]
        return {"exercise": self.exercise.id, "title": self.exercise.title[self.lang], "scores": scores,
                "right": sum(g.correct for g in self.answers), "total": len(self.answers),
                "asked": sum(len(q.parts) for q in self.questions), "revisit": list(revisit.values()), "court": court,
                "source": self.exercise.source}

    def why_not(self, conclusion: str, **options) -> dict[str, Any]:
        """The smallest sets of changed facts that would flip a conclusion of this exercise (engine/train/whynot.py)."""
        from .whynot import why_not

        return why_not(self.evaluation, conclusion, **options)

    # --- building the questions ----------------------------------------------------------------

    def _question(self, cid: str, ask_outcome: bool) -> _Question:
        rule = self.knowledge.rules[cid]
        t, ev = self.t, self.evaluation
        defence = rule.role == "defence"
        words = self._status_words(defence)
        question = _Question(cid, self.config.kind_of(rule), rule.title[self.lang])
        question.parts.append(_Part("status", t("train_ask_defence" if defence else "train_ask_status"),
                                    [Choice(s, words[s]) for s in (ESTABLISHED, NOT_ESTABLISHED, UNDETERMINED)],
                                    [ev.status(cid)]))
        choices, right = self._articles(rule)
        question.parts.append(_Part("article", t("train_ask_article"), choices, right))
        if defence:
            party, _ = defence_burden(ev, rule)
            if party in _argument.SIDES:
                question.parts.append(_Part("burden", t("train_ask_burden"),
                                            [Choice(p, t("party_" + p)) for p in _argument.SIDES], [party]))
        if ask_outcome and ev.status(cid) == UNDETERMINED:
            question.parts.append(_Part("outcome", t("train_ask_outcome"),
                                        [Choice(s, words[s]) for s in (ESTABLISHED, NOT_ESTABLISHED)], [ev.outcome(cid)]))
        return question

    def _status_words(self, defence: bool) -> dict[str, str]:
        t = self.t
        if defence:
            return {ESTABLISHED: t("defence_established"), NOT_ESTABLISHED: t("defence_not_established"),
                    UNDETERMINED: t("train_cannot_tell")}
        return {ESTABLISHED: t("status_established"), NOT_ESTABLISHED: t("status_not_established"),
                UNDETERMINED: t("train_cannot_tell")}

    def _articles(self, rule) -> tuple[list[Choice], list[str]]:
        """The rule's own provisions (one choice per distinct citation) and, drawn from the provisions of the
        other rules of its topic whose citation differs from every right one, the distractors; shuffled by a
        generator seeded with the exercise id and the conclusion, so the list is the same on every run."""
        label = self._article_label
        right: dict[str, str] = {}
        for pid in rule.basis:
            right.setdefault(label(pid), pid)
        topic_sets = {rs.name for rs in self.knowledge.rulesets
                      if rs.topic == next(r.topic for r in self.knowledge.rulesets if r.name == rule.ruleset)}
        pool: dict[str, str] = {}
        for other in self.knowledge.rules.values():
            if other.ruleset in topic_sets:
                for pid in other.basis:
                    if pid not in rule.basis and label(pid) not in right:
                        pool.setdefault(label(pid), pid)
        rng = random.Random(f"{self.exercise.id}:{rule.concludes}")
        names = sorted(pool)
        distractors = rng.sample(names, min(self.config.distractors, len(names)))
        choices = [Choice(pid, text) for text, pid in right.items()] + [Choice(pool[text], text) for text in distractors]
        rng.shuffle(choices)
        return choices, list(rule.basis)

    def _article_label(self, pid: str) -> str:
        """A provision as the version in force cites it (each version, where the dates leave several)."""
        if pid not in self._labels:
            versions = self.evaluation.facts.get("derived.aucl_versions")
            self._labels[pid] = " / ".join(c[self.lang] for c in citations(self.evaluation, [pid], versions))
        return self._labels[pid]

    def _argument_kind(self) -> Kind:
        return Kind(ARGUMENT, {"zh": self.t("train_kind_argument"), "en": self.t("train_kind_argument")}, frozenset(), frozenset())

    def _distinguish_questions(self) -> list[_Question]:
        """Per side with a counter-example that some factor distinguishes: which factor distinguishes it.
        The other choices are factors the case shares with the matter (they cannot distinguish it)."""
        t, lang = self.t, self.lang
        argued = _argument.argue(self.evaluation)
        out = []
        for side in _argument.SIDES:
            counter = argued["sides"][side]["strongest_counter"]
            if not counter or not counter["distinguishing"]:
                continue
            rules = self.knowledge.rules
            factor = rules[counter["factor"]].title[lang]
            right = [d["conclusion"] for d in counter["distinguishing"]]
            rng = random.Random(f"{self.exercise.id}:distinguish:{side}")
            pool = [c for c in counter["shared"] + [d["conclusion"] for d in counter["other_differences"]] if c not in right]
            wrong = rng.sample(pool, min(3, len(pool)))
            if not wrong:  # nothing to tell it from: not a question
                continue
            choices = [Choice(c, rules[c].title[lang]) for c in right + wrong]
            rng.shuffle(choices)
            outcome = t("status_" + counter["outcome"])
            text = t("train_distinguish", side=t("party_" + side), factor=factor, case=counter["title"][lang],
                     outcome=outcome)
            differences = "; ".join(t("train_difference", title=d["title"][lang], here=t("status_" + d["here"]),
                                      there=t("status_" + d["there"])) for d in counter["distinguishing"])
            question = _Question(None, self._argument_kind(), t("train_distinguish_title", case=counter["title"][lang]))
            question.parts.append(_Part("distinguish", text, choices, right, note=differences))
            out.append(question)
        return out
