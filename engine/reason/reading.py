"""How one rule is decided once its inputs are in hand: twice, on the facts as entered (the status) and on
the record closed by the burdens of proof (the outcome).

Both ways of running the rules call this: durable-rules' actions (engine.reason.durable_host), which
decide a rule when the engine has matched its inputs, and the compiled walk (engine.reason.compiled),
which visits the rules in the order the engine would fire them. The two differ only in who matches and
in what order; what a rule concludes is decided here alone.
"""

from __future__ import annotations

from typing import Any

from ..load.burden import Reading, resolve
from ..load.rulebook import Rule
from ..load.vocabulary import Vocabulary
from ..logic import ESTABLISHED, Env, Ref, decide

Readings = dict[str, tuple[str, list[str]]]  # conclusion -> (status, missing facts)


def read_rule(rule: Rule, tested: list[str], facts: dict[str, Any], statuses: Readings, outcomes: Readings,
              by_burden: set[str], vocabulary: Vocabulary) -> Reading:
    """`facts`: the known facts the rule reads; `statuses`/`outcomes`: both readings of the conclusions it
    reads; `by_burden`: those of them whose outcome rests on facts taken by burden."""
    status = decide(rule.when, rule.unless, Env(facts, statuses), rule.applies)
    closed, resolutions = dict(facts), {}
    for path in (p for p in tested if p not in facts):
        spec = vocabulary.get(path)
        shift = spec.burden_shift
        resolutions[path] = resolve(spec, bool(shift) and outcomes[shift["when"]][0] == ESTABLISHED)
        if resolutions[path].value is not None:
            closed[path] = resolutions[path].value
    outcome = decide(rule.when, rule.unless, Env(closed, outcomes, True, frozenset(resolutions), frozenset(by_burden)),
                     rule.applies)
    reasons = outcome.because + outcome.exception
    used = [r for p, r in resolutions.items() if p in _fact_refs(reasons)]
    rests = bool(used) or any(r.kind == "conclusion" and r.id in by_burden for r in reasons)
    return Reading(status, outcome, used, rests)


def _fact_refs(refs: list[Ref]) -> set[str]:
    return {r.id for r in refs if r.kind == "fact"}
