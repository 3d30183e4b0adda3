"""The one module that talks to durable-rules.

Each YAML rule set is compiled once per process into a durable-rules rule set (plain data: each rule a
join on the ids of the facts and conclusions it reads), registered with the engine's C core. Rule sets
run in dependency order, each in a session of its own: every fact the set reads, and the conclusions of
earlier sets it reads, are asserted in one call; the core matches, and for each rule whose inputs are
all present hands back its action with the matched facts. The action decides the rule twice
(engine.reason.reading: the status on the facts entered, the outcome on the record closed by the
burdens of proof). The conclusions that later rules of the same set read are asserted back in one call
once the core has no action left, and so on until no rule of the set waits.

Traps handled (see shared/durable-rules-notes.md): the rules are registered once, under a name that
includes the rules' fingerprint; a unique sid per evaluation, always deleted; an exception inside an
action is captured and raised as EngineError; a rule that did not fire is an error, never a silently
missing conclusion; facts no rule reads are never asserted.

The dispatcher trap: `durable.engine.Host()` starts two `threading.Timer` chains (`Host._run`) that
never stop; every 0.2 s one calls `ruleset.dispatch()`, which takes pending actions from the C core and
runs them on the timer thread. When the caller is starved of CPU (many processes at once, busy cores),
that thread took some of our actions over: the caller returned before every rule had fired ("rules that
should have fired did not"), durable reported error 307, or the C core, entered from two threads at once,
crashed the process. So this adapter never creates a durable Host at all: it calls the C core
(`durable_rules_engine`) itself, runs each action on the calling thread, under one lock, and no
durable-rules thread ever exists in a secretlaw process (tests/test_engine_host.py, tests/test_stress.py).

Why not durable's Python layer: per action it builds a Closure, dumps the session state to JSON and
parses it back, and an action that asserts a fact re-enters the whole dispatch. The C core's own entry
points (assert_facts, start_action_for_state, complete_and_start_action, delete_state) do the matching
without any of that, which is most of durable-rules' cost here (benchmarks/bench.py).
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import threading
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import durable_rules_engine as core

from ..errors import EngineError
from ..load.burden import Reading
from ..load.knowledge import Knowledge
from ..load.rulebook import Rule
from .reading import read_rule

_FACT, _CONCLUSION = "f:", "c:"
_NOT_HANDLED, _OBSERVED = 1, 2  # result codes of the core's assert calls


@dataclass
class _Action:
    rule: Rule
    names: list[str]  # the matched facts' names in the core's message: m0, m1, ...
    tested: list[str]
    passed_on: bool  # a later rule of the same rule set reads this conclusion: assert it back


@dataclass
class _Stage:
    """One YAML rule set, one durable-rules rule set: small sets keep the core's matching cheap (one set of
    all 93 rules made each assert about five times slower)."""

    handle: int
    facts: list[str]  # fact paths the stage reads
    imported: list[str]  # conclusions of earlier stages it reads
    rules: list[Rule]


class _Program:
    """The compiled, registered form of one body of rules."""

    def __init__(self, knowledge: Knowledge):
        self.decoders = {path: _decoder(spec.type) for path, spec in knowledge.vocabulary.facts.items()}
        self.vocabulary = knowledge.vocabulary
        self.actions: dict[str, _Action] = {}
        self.stages: list[_Stage] = []
        for ruleset in knowledge.rulesets:
            rules = [r for r in knowledge.rules.values() if r.ruleset == ruleset.name]
            produced = {r.concludes for r in rules}
            read = set().union(*(r.reads_conclusions() for r in rules))
            definition = {}
            for rule in rules:
                inputs = [_FACT + p for p in sorted(rule.reads_facts())] + [_CONCLUSION + c for c in sorted(rule.reads_conclusions())]
                names = [f"m{i}" for i in range(len(inputs))]
                definition[rule.id] = {"all": [{name: {"id": ident}} for name, ident in zip(names, inputs)]}
                self.actions[rule.id] = _Action(rule, names, sorted(rule.tests_facts()), rule.concludes in read)
            name = f"secretlaw_{ruleset.name}_{knowledge.fingerprint}"
            self.stages.append(_Stage(core.create_ruleset(name, json.dumps(definition, ensure_ascii=False)),
                                      sorted(set().union(*(r.reads_facts() for r in rules))), sorted(read - produced), rules))

    def run(self, facts: dict[str, Any], sid: str) -> dict[str, tuple[Rule, Reading]]:
        results: dict[str, tuple[Rule, Reading]] = {}
        for stage in self.stages:
            wave = [_fact_message(path, facts) for path in stage.facts]
            wave += [_conclusion_fact(c, results[c][1]) for c in stage.imported]
            try:
                while wave:  # the facts, then the conclusions later rules of the set read, until none waits
                    for message in wave:
                        message["sid"] = sid
                    wave = self._assert(stage.handle, wave, results)
            finally:
                core.delete_state(stage.handle, sid)
            silent = [r.id for r in stage.rules if r.concludes not in results]
            if silent:
                raise EngineError(f"rules that should have fired did not: {', '.join(silent)}")
        return results

    def _assert(self, handle: int, messages: list[dict], results: dict[str, tuple[Rule, Reading]]) -> list[dict]:
        """Assert a batch; run every action it triggers, here; return the conclusions to pass on."""
        try:
            code, state = core.assert_facts(handle, json.dumps(messages, ensure_ascii=False))
        except Exception as exc:
            raise EngineError(f"the rule engine refused the facts: {exc}") from None
        if code in (_NOT_HANDLED, _OBSERVED):
            raise EngineError(f"the rule engine did not take the facts (code {code})")
        passed_on = []
        started = core.start_action_for_state(handle, state)
        pending = json.loads(started[1]) if started else None
        while pending:
            (rule_id, matched), = pending.items()
            action = self.actions[rule_id]
            try:
                reading = self._read(action, matched)
            except Exception as exc:
                core.abandon_action(handle, state)
                raise EngineError(f"a rule failed while it ran: rule {rule_id}: {type(exc).__name__}: {exc}") from None
            results[action.rule.concludes] = (action.rule, reading)
            if action.passed_on:
                passed_on.append(_conclusion_fact(action.rule.concludes, reading))
            following = core.complete_and_start_action(handle, state)
            pending = json.loads(following) if following else None
        return passed_on

    def _read(self, action: _Action, matched: dict[str, dict]) -> Reading:
        """The matched messages back into facts and readings, then the rule decided (engine.reason.reading)."""
        facts: dict[str, Any] = {}
        statuses: dict[str, tuple[str, list[str]]] = {}
        outcomes: dict[str, tuple[str, list[str]]] = {}
        by_burden: set[str] = set()
        for name in action.names:
            message = matched[name]
            ident = message["id"]
            if ident.startswith(_CONCLUSION):
                statuses[ident[2:]] = (message["s"], list(message.get("missing", [])))
                outcomes[ident[2:]] = (message["o"], [])
                if message["b"]:
                    by_burden.add(ident[2:])
            elif message["s"] == "known":
                path = ident[2:]
                facts[path] = self.decoders[path](message["v"])
        return read_rule(action.rule, action.tested, facts, statuses, outcomes, by_burden, self.vocabulary)


class _Runner:
    def __init__(self):
        self._lock = threading.Lock()
        self._programs: dict[str, _Program] = {}
        self._sids = itertools.count(1)

    def program(self, knowledge: Knowledge) -> _Program:
        with self._lock:
            if knowledge.fingerprint not in self._programs:
                self._programs[knowledge.fingerprint] = _Program(knowledge)
            return self._programs[knowledge.fingerprint]

    def run(self, knowledge: Knowledge, facts: dict[str, Any]) -> dict[str, tuple[Rule, Reading]]:
        program = self.program(knowledge)
        with self._lock:  # the C core is not to be entered from two threads at once; sessions stay apart
            return program.run(facts, str(next(self._sids)))


def _fact_message(path: str, facts: dict[str, Any]) -> dict:
    if path not in facts:
        return {"id": _FACT + path, "s": "unknown"}
    return {"id": _FACT + path, "s": "known", "v": _encode(facts[path])}


def _conclusion_fact(conclusion: str, reading: Reading) -> dict:
    return {"id": _CONCLUSION + conclusion, "s": reading.status.status, "missing": list(reading.status.missing),
            "o": reading.outcome.status, "b": reading.resolved_any}


def _encode(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()  # a date given to the month or year stands for one day (engine.load.facts)
    if isinstance(value, Decimal):
        return str(value)
    return value


def _decoder(kind: str):
    if kind == "date":
        return dt.date.fromisoformat
    if kind in ("money", "decimal"):
        return Decimal
    return lambda v: v


_RUNNER = _Runner()


def run_rules(knowledge: Knowledge, facts: dict[str, Any]) -> dict[str, tuple[Rule, Reading]]:
    """Evaluate every rule on one case's facts; returns both readings of each conclusion."""
    return _RUNNER.run(knowledge, facts)


def warm_up(knowledge: Knowledge) -> None:
    """Create the host and register the rules on this thread (see the threads trap in the notes)."""
    _RUNNER.program(knowledge)
