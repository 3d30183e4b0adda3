"""`secretlaw check`: everything `load_knowledge` enforces, plus the engine-side checks."""

from __future__ import annotations

from .reason.derive import DERIVATIONS
from .errors import InputError
from .load.knowledge import load_knowledge


def check_all(root: str | None = None) -> str:
    """Raise InputError on the first problem; otherwise a one-paragraph summary."""
    knowledge = load_knowledge(root)
    vocabulary = knowledge.vocabulary
    derived = [p for p, s in vocabulary.facts.items() if s.derived]
    for path in derived:
        if path not in DERIVATIONS:
            spec = vocabulary.get(path)
            raise InputError(spec.file, spec.line, path, "is declared as derived but engine/reason/derive.py does not compute it")
    for path in DERIVATIONS:
        if path not in vocabulary.facts:
            raise InputError("engine/reason/derive.py", None, path, "is computed but not declared in rules/vocabulary/99-derived.yaml")
    from .reason.durable_host import warm_up
    from .reason.precedent import catalogue

    catalogue(knowledge)  # the comparison's factors: their applicability conditions name real facts
    from .train.exercises import check as check_training

    exercises = check_training(knowledge)  # rules/training/: the kinds, and every exercise loads
    from .interview.questions import conditions

    conditions(knowledge)  # the interview's `ask_when` conditions name real facts, `opening` real topics
    warm_up(knowledge)  # compiles and registers every rule set with durable-rules
    rules = len(knowledge.rules)
    facts_read = set().union(*(r.reads_facts() for r in knowledge.rules.values()))
    return (f"ok: {len(knowledge.rulesets)} rule sets, {rules} rules, {len(vocabulary.facts)} facts in the vocabulary "
            f"({len(facts_read)} read by rules), {len(knowledge.sources.provisions)} provisions in "
            f"{len(knowledge.sources.laws)} legal sources; {exercises} training exercises; rules fingerprint {knowledge.fingerprint}")
