"""The next-question engine: which facts are worth asking next, and why. Pure: no I/O.

A fact is worth asking when its answer can still change a headline conclusion (one per topic the
interview covers): its status (the fact is among the unknown facts the headline's verdict turns on,
`Conclusion.verdict.missing`), its outcome on the present record (`Evaluation.resolved_by_burden`),
or the computation the topic shows (the damages table's open figures). These are the decisive facts
the opinion itself computes. In Kleene logic a decided conclusion stays decided whatever its unknown
inputs turn out to be, so every other open fact can change nothing that the headlines say.

Derived facts (`derived.*`) are never asked: the facts they are computed from are, as found by
running each derivation on the present facts and recording what it reads, so only the inputs that
can still matter are asked (a measures date, then the conduct dates it is compared with).

Dependencies between questions are data: a fact's `ask_when:` in the vocabulary is a condition of
the rule language, evaluated three-valued on the case; the fact is asked only when it is not false,
and after the facts the condition reads (a follow-up after its parent). Order: the facts that can
change more headlines first, then those a headline's own rule reads (a court's earlier finding of
infringement settles it alone), then legal order (the order of the rules: secrecy, measures,
obligation, conduct, defences, damages), then the vocabulary's order.

With `analysis=True` the engine also offers, once the headlines are settled, the open facts of the
other conclusions of the topics covered (the points the memo's analysis leaves open).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Collection

from ..reason.derive import DERIVATIONS
from ..errors import InputError
from ..reason.evaluate import Evaluation, evaluate
from ..report.explain import burden_of, citations, party_label
from ..load.facts import Case
from ..load.knowledge import Knowledge
from ..logic import UNDETERMINED, Expr
from ..load.rulebook import parse_condition
from ..load.vocabulary import FactSpec

_PAIR = dict[str, str]
HEADLINE, ANALYSIS = "headline", "analysis"
_CONDITIONS: dict[str, dict[str, Expr]] = {}


@dataclass
class Question:
    """One fact to ask, with everything a person needs to answer it."""

    fact: str
    type: str
    text: _PAIR  # the question
    help: _PAIR | None
    choices: list[tuple[Any, _PAIR]]  # yes/no, or the enumerated values with their labels
    partial: str | None  # a date that may be given to the year or month
    burden: str | None  # the party that must prove it (after any burden shift on the present record)
    burden_party: _PAIR | None
    burden_shifted: bool
    element: str | None  # the conclusion it serves first, in legal order
    element_title: _PAIR | None
    basis: list[dict[str, Any]]  # citations of the article(s) it serves, of the law version(s) in force
    why: _PAIR  # why it is asked now: "decides: confidentiality measures"
    decides: list[str] = field(default_factory=list)  # the headline conclusions (or computations) it can change
    via: str | None = None  # the derived fact it is asked for
    phase: str = HEADLINE
    opening: bool = False  # a free text asked once at the start

    def as_json(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["choices"] = [{"value": v, "label": label} for v, label in self.choices]
        return data


@dataclass
class Plan:
    """The questions worth asking next, in order, and what is left once they run out."""

    evaluation: Evaluation
    topics: list[str]
    questions: list[Question]
    unknown_open: list[str]  # asked and answered "unknown", and still able to change a headline
    tables: list[str]  # decisive facts that are tables (lists): entered by editing the file
    analysis_open: int = 0  # open facts of the other conclusions (asked with analysis=True)

    @property
    def done(self) -> bool:
        return not self.questions


# --- dependencies as data ------------------------------------------------------------------------


def conditions(knowledge: Knowledge) -> dict[str, Expr]:
    """Each fact's `ask_when`, parsed once per body of rules. `secretlaw check` calls this: a condition
    that names no fact of the vocabulary or no conclusion, or an `opening` naming no topic, is refused."""
    if knowledge.fingerprint not in _CONDITIONS:
        found: dict[str, Expr] = {}
        for path, spec in knowledge.vocabulary.facts.items():
            if spec.ask_when is not None:
                doc, where, raw = spec.ask_when
                found[path] = parse_condition(doc, where, raw, knowledge.vocabulary)
                for conclusion in sorted(found[path].conclusions() - set(knowledge.rules)):
                    raise doc.error(where, f"reads conclusion '{conclusion}', which no rule concludes")
                if path in found[path].facts():
                    raise doc.error(where, "a fact cannot be asked on a condition about itself")
            if isinstance(spec.opening, list):
                for topic in spec.opening:
                    if topic not in knowledge.topics:
                        raise InputError(spec.file, spec.line, f"{path}.opening", f"'{topic}' is not a topic of the rules",
                                         f"one of {', '.join(knowledge.topics)}")
        _CONDITIONS[knowledge.fingerprint] = found
    return _CONDITIONS[knowledge.fingerprint]


class _Reads(dict):
    """The values a derivation sees, remembering every path it looked at."""

    def __init__(self, values: dict[str, Any]):
        super().__init__(values)
        self.paths: set[str] = set()

    def get(self, key, default=None):
        self.paths.add(key)
        return super().get(key, default)

    def __getitem__(self, key):
        self.paths.add(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        self.paths.add(key)
        return super().__contains__(key)


def derivation_inputs(values: dict[str, Any], knowledge: Knowledge) -> dict[str, list[str]]:
    """For each derived fact, the entered facts its derivation reads on these values (through the derived
    facts it reads), in vocabulary order: the facts to ask when the derived fact is not known."""
    vocabulary = knowledge.vocabulary
    computed, inputs = dict(values), {}
    for path, compute in DERIVATIONS.items():  # in the order engine.reason.derive runs them
        seen = _Reads(computed)
        result = compute(seen, knowledge)
        entered: set[str] = set()
        for read in seen.paths:
            if read in inputs:
                entered.update(inputs[read])
            elif read in vocabulary.facts and not vocabulary.get(read).derived:
                entered.add(read)
        inputs[path] = [p for p in vocabulary.facts if p in entered]
        if result is not None:
            computed[path] = result
    return inputs


# --- what can still change a headline ------------------------------------------------------------


def headlines(knowledge: Knowledge, topics: Collection[str]) -> list[str]:
    return [main for topic, main in knowledge.topics.items() if topic in topics]


def decisive(evaluation: Evaluation, topics: Collection[str]) -> dict[str, list[str]]:
    """The open facts (derived ones included) each headline in scope, or its topic's computation, waits
    on: fact -> the headlines and computations it can change. The opinion's own decisive facts."""
    found: dict[str, list[str]] = {}
    for main in headlines(evaluation.knowledge, topics):
        conclusion = evaluation.conclusions[main]
        for path in conclusion.verdict.missing + [r.path for r in evaluation.resolved_by_burden(main)]:
            if main not in found.setdefault(path, []):
                found[path].append(main)
    for computation in evaluation.computations:
        if computation.topic in topics:
            for path in computation.missing:
                if computation.id not in found.setdefault(path, []):
                    found[path].append(computation.id)
    return found


def _analysis_open(evaluation: Evaluation, topics: Collection[str]) -> dict[str, list[str]]:
    """The open facts of every other conclusion of the topics in scope that is still undetermined."""
    knowledge = evaluation.knowledge
    sets = {rs.name for rs in knowledge.rulesets if rs.topic in topics}
    found: dict[str, list[str]] = {}
    for cid, conclusion in evaluation.conclusions.items():
        if knowledge.rules[cid].ruleset in sets and conclusion.status == UNDETERMINED:
            for path in conclusion.verdict.missing:
                found.setdefault(path, []).append(cid)
    return found


def entered_facts(targets: dict[str, list[str]], evaluation: Evaluation,
                  inputs: dict[str, list[str]]) -> dict[str, dict[str, list[str]]]:
    """The targets as entered facts: a derived fact is replaced by the unknown facts its derivation reads.
    fact -> {the derived fact it is asked for, or itself: what that can change}."""
    vocabulary, values = evaluation.knowledge.vocabulary, evaluation.case.values
    out: dict[str, dict[str, list[str]]] = {}
    for path, changes in targets.items():
        if vocabulary.get(path).derived:
            for entered in inputs.get(path, []):
                if entered not in values:
                    out.setdefault(entered, {})[path] = changes
        elif path not in values:
            out.setdefault(path, {})[path] = changes
    return out


# --- the plan --------------------------------------------------------------------------------------


def next_questions(case: Case, knowledge: Knowledge, topics: Collection[str], asked: Collection[str] = (),
                   analysis: bool = False, evaluation: Evaluation | None = None) -> Plan:
    """The questions worth asking next on this case, in order. `asked`: facts already asked and answered
    "unknown" (or skipped), never asked again. With `analysis`, once no fact can change a headline, the
    open facts of the other conclusions of the topics covered."""
    evaluation = evaluation or evaluate(case, knowledge)
    topics = [t for t in knowledge.topics if t in topics]
    inputs = derivation_inputs(case.values, knowledge)
    conditions_ = conditions(knowledge)
    asked = set(asked)
    wanted = entered_facts(decisive(evaluation, topics), evaluation, inputs)
    unknown_open = [p for p in knowledge.vocabulary.facts if p in wanted and p in asked]
    tables = [p for p in knowledge.vocabulary.facts if p in wanted and knowledge.vocabulary.get(p).type == "list"]
    questions = _questions(evaluation, wanted, asked, conditions_, inputs, topics, HEADLINE)
    others = entered_facts(_analysis_open(evaluation, topics), evaluation, inputs)
    others = {p: v for p, v in others.items() if p not in wanted and _askable(evaluation, p, asked, conditions_)}
    if analysis and not questions:
        questions = _questions(evaluation, others, asked, conditions_, inputs, topics, ANALYSIS)
    return Plan(evaluation, topics, questions, unknown_open, tables, len(others))


def _questions(evaluation: Evaluation, wanted: dict[str, dict[str, list[str]]], asked: set[str],
               conditions_: dict[str, Expr], inputs: dict[str, list[str]], topics: list[str], phase: str) -> list[Question]:
    vocabulary = evaluation.knowledge.vocabulary
    chosen = [_question(evaluation, vocabulary.get(path), via, topics, phase) for path, via in wanted.items()
              if _askable(evaluation, path, asked, conditions_)]
    order = {p: i for i, p in enumerate(vocabulary.facts)}
    rules = {cid: i for i, cid in enumerate(legal_order(evaluation.knowledge))}
    direct = set().union(*(evaluation.knowledge.rules[m].reads_facts() for m in headlines(evaluation.knowledge, topics)))
    chosen.sort(key=lambda q: (-_weight(evaluation, q), not ({q.fact, q.via} & direct), rules.get(q.element, len(rules)),
                               order[q.fact]))
    return _parents_first(chosen, conditions_, inputs)


def _askable(evaluation: Evaluation, path: str, asked: set[str], conditions_: dict[str, Expr]) -> bool:
    """Not asked yet, a fact a person can answer in one line, and its `ask_when` not false."""
    spec = evaluation.knowledge.vocabulary.get(path)
    if path in asked or spec.type == "list" or spec.derived:
        return False
    condition = conditions_.get(path)
    return condition is None or evaluation.truth(condition) is not False


def _weight(evaluation: Evaluation, question: Question) -> int:
    """How many topics' headlines (or computations) the answer can change."""
    knowledge = evaluation.knowledge
    topic_of = {main: topic for topic, main in knowledge.topics.items()}
    topic_of.update({c.id: c.topic for c in evaluation.computations})
    return len({topic_of.get(d, d) for d in question.decides})


def _parents_first(questions: list[Question], conditions_: dict[str, Expr], inputs: dict[str, list[str]]) -> list[Question]:
    """A follow-up comes after the questions its `ask_when` reads (a derived fact: the facts it is computed from)."""
    pending, out = list(questions), []
    while pending:
        names = {q.fact for q in pending}
        for index, question in enumerate(pending):
            if not (_reads(conditions_.get(question.fact), inputs) & names) - {question.fact}:
                out.append(pending.pop(index))
                break
        else:  # facts waiting on each other: keep the order
            out.append(pending.pop(0))
    return out


def _reads(condition: Expr | None, inputs: dict[str, list[str]]) -> set[str]:
    if condition is None:
        return set()
    found = set()
    for path in condition.facts():
        found.update(inputs.get(path, [path]))
    return found


def _question(evaluation: Evaluation, spec: FactSpec, via: dict[str, list[str]], topics: list[str], phase: str) -> Question:
    knowledge = evaluation.knowledge
    vocabulary = knowledge.vocabulary
    decides: list[str] = []
    for changes in via.values():
        decides += [c for c in changes if c not in decides]
    element = _element(evaluation, list(via), topics)
    derived = [vocabulary.get(p) for p in via if p != spec.path]
    owner = spec if spec.burden or not derived else derived[0]  # a date has no burden of its own: the fact it decides has
    burden, shifted = burden_of(evaluation, owner)
    provisions = spec.basis or [b for d in derived for b in d.basis] or (knowledge.rules[element].basis if element else [])
    element_title = knowledge.rules[element].title if element else _computation_title(evaluation, decides)
    return Question(
        fact=spec.path, type=spec.type, text=spec.question or _label_question(spec), help=_help(spec),
        choices=_choices(spec), partial=spec.partial, burden=burden,
        burden_party=party_label(burden) if burden else None, burden_shifted=shifted,
        element=element, element_title=element_title,
        basis=citations(evaluation, provisions, evaluation.facts.get("derived.aucl_versions")),
        why=_why(element_title, [d.label for d in derived], phase), decides=decides,
        via=derived[0].path if derived else None, phase=phase)


def legal_order(knowledge: Knowledge) -> list[str]:
    """The conclusions as the rule files state them (rule sets by their `order`, rules as written): secrecy,
    measures, obligation, conduct, defences, damages. Evaluation order differs where a rule reads a later one."""
    return _index(knowledge)[0]


_INDEXES: dict[str, tuple[list[str], dict[str, list[str]]]] = {}


def _index(knowledge: Knowledge) -> tuple[list[str], dict[str, list[str]]]:
    """Once per body of rules: the legal order, and for each fact the conclusions whose rules read it, in that order."""
    if knowledge.fingerprint not in _INDEXES:
        order = [rule.concludes for rs in sorted(knowledge.rulesets, key=lambda r: (r.order, r.name)) for rule in rs.rules]
        readers: dict[str, list[str]] = {}
        for cid in order:
            for path in knowledge.rules[cid].reads_facts():
                readers.setdefault(path, []).append(cid)
        _INDEXES[knowledge.fingerprint] = (order, readers)
    return _INDEXES[knowledge.fingerprint]


_SIDE_ROLES = ("burden", "note")  # conclusions that move a burden or remark on a point: never the element served


def _element(evaluation: Evaluation, paths: list[str], topics: list[str]) -> str | None:
    """The first conclusion, in legal order, that reads the fact (or the derived fact it decides) and is
    still open, an element or a defence before a burden shift or a note; failing that, the first that reads it."""
    knowledge = evaluation.knowledge
    sets = {rs.name for rs in knowledge.rulesets if rs.topic in topics}
    order, index = _index(knowledge)
    reading = {cid for p in paths for cid in index.get(p, [])}
    readers = [cid for cid in order if cid in reading and knowledge.rules[cid].ruleset in sets]
    open_ = [cid for cid in readers if evaluation.status(cid) == UNDETERMINED and evaluation.applies(cid) is not False]
    ranked = sorted(open_, key=lambda cid: knowledge.rules[cid].role in _SIDE_ROLES) + \
        sorted(readers, key=lambda cid: knowledge.rules[cid].role in _SIDE_ROLES)
    return (ranked or [None])[0]


def _computation_title(evaluation: Evaluation, decides: list[str]) -> _PAIR | None:
    return next((c.title for c in evaluation.computations if c.id in decides), None)


def _why(title: _PAIR | None, derived: list[_PAIR], phase: str) -> _PAIR:
    if title is None:
        return {"zh": "决定：结论", "en": "decides: the conclusion"}
    zh, en = title["zh"], title["en"][:1].lower() + title["en"][1:]
    if derived:
        zh += f"（{derived[0]['zh']}）"
        en += f" ({derived[0]['en'][:1].lower() + derived[0]['en'][1:]})"
    if phase == ANALYSIS:
        return {"zh": f"涉及：{zh}（不影响结论要点）", "en": f"bears on: {en} (not on the headline conclusions)"}
    return {"zh": f"决定：{zh}", "en": f"decides: {en}"}


def _label_question(spec: FactSpec) -> _PAIR:
    return {"zh": f"{spec.label['zh']}？", "en": f"{spec.label['en']}?"}


def _choices(spec: FactSpec) -> list[tuple[Any, _PAIR]]:
    if spec.type == "bool":
        return [(True, {"zh": "是", "en": "yes"}), (False, {"zh": "否", "en": "no"})]
    if spec.type == "enum":
        return list(spec.values.items())
    return []


def _help(spec: FactSpec) -> _PAIR | None:
    """The vocabulary's help text; for a yes/no fact without one, what each answer would mean."""
    if spec.help:
        return spec.help
    if spec.type == "bool" and spec.when_true and spec.when_false:
        return {"zh": f"答“是”：{spec.when_true['zh']}答“否”：{spec.when_false['zh']}",
                "en": f"Yes: {spec.when_true['en']} No: {spec.when_false['en']}"}
    return spec.note


# --- opening, exactness, and what an answer changed ----------------------------------------------


def opening_questions(knowledge: Knowledge, topics: Collection[str], asked: Collection[str] = ()) -> list[Question]:
    """The free texts asked once at the start (`opening:` in the vocabulary), for the topics covered."""
    out = []
    for path, spec in knowledge.vocabulary.facts.items():
        wanted = spec.opening is True or (isinstance(spec.opening, list) and any(t in topics for t in spec.opening))
        if wanted and path not in asked:
            out.append(Question(fact=path, type=spec.type, text=spec.question or spec.label, help=spec.help, choices=[],
                                partial=None, burden=None, burden_party=None, burden_shifted=False, element=None,
                                element_title=None, basis=[], why={"zh": "案件信息", "en": "about the matter"},
                                opening=True))
    return out


def next_question(case: Case, knowledge: Knowledge, topics: Collection[str], asked: Collection[str] = (),
                  analysis: bool = False, evaluation: Evaluation | None = None) -> tuple[Plan, Question | None]:
    """The plan, and the question to ask now (None: the interview is over)."""
    plan = next_questions(case, knowledge, topics, asked, analysis, evaluation)
    return plan, (plan.questions[0] if plan.questions else None)


def changes(before: Evaluation, after: Evaluation, topics: Collection[str]) -> list[dict[str, Any]]:
    """The conclusions of the topics covered whose status changed, and the headlines whose outcome did,
    in legal order."""
    knowledge = after.knowledge
    sets = {rs.name for rs in knowledge.rulesets if rs.topic in topics}
    mains = set(headlines(knowledge, topics))
    out = []
    for cid, rule in knowledge.rules.items():
        if rule.ruleset not in sets:
            continue
        was, now = _view(before, cid), _view(after, cid)
        if was["status"] != now["status"] or (cid in mains and was["outcome"] != now["outcome"]):
            out.append({"conclusion": cid, "title": rule.title, "role": rule.role, "headline": cid in mains,
                        "before": was, "after": now})
    return out


def _view(evaluation: Evaluation, cid: str) -> dict[str, Any]:
    applies = evaluation.applies(cid)
    return {"status": "not_applicable" if applies is False else evaluation.status(cid),
            "outcome": evaluation.outcome(cid), "applies": applies}
