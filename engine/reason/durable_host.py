"""The one module that talks to durable-rules.

Each YAML rule set is compiled once per process into a durable-rules rule set
(plain data: a join on the ids of the facts and conclusions the rule reads). When
every input of a rule is present in the session, durable-rules fires its action;
the action decides the rule twice (engine.logic): in three-valued logic on the
facts as entered (the status), and on the record closed by the burdens of proof
(engine.load.burden: the outcome), records both, and asserts the conclusion back into
the session when a later rule of the same set reads it. Rule sets run in
dependency order, one session each.

Traps handled (see shared/durable-rules-notes.md): one Host per process, reused;
each program registered once under a name that includes the rules' fingerprint;
a unique sid per evaluation, always deleted; an exception inside an action is
captured and re-raised as EngineError, and a rule that did not fire is an error,
never a silently missing conclusion; facts no rule reads are never asserted.

The dispatcher trap: `durable.engine.Host()` starts two `threading.Timer` chains
(`Host._run`) that never stop; every 0.2 s one calls `ruleset.dispatch()`, which
takes pending actions from the C core and runs them on the timer thread, outside
the lock below. When the caller is starved of CPU (many processes at once, busy
cores), that thread takes some of our actions over: the caller returns before
every rule has fired ("rules that should have fired did not"), durable reports
error 307, or the C core, entered from two threads at once, crashes the process.
We use no durable timers and no queued dispatch: `assert_facts` itself runs every
action it triggers, on the caller's thread. So the adapter creates its own host
through `_CallerDrivenHost`, which never starts those chains: no durable-rules
thread exists in a secretlaw process, and every call into the engine is made here,
under the lock, by the thread that asked for the evaluation.
"""

from __future__ import annotations

import datetime as dt
import itertools
import threading
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from durable.engine import Host

from ..errors import EngineError
from ..load.burden import Reading
from ..load.knowledge import Knowledge
from ..load.rulebook import Rule
from .reading import read_rule

_FACT, _CONCLUSION = "f:", "c:"


@dataclass
class _Stage:
    durable_name: str
    rules: list[Rule]
    facts: list[str]  # fact paths the stage reads
    imported: list[str]  # conclusions of earlier stages it reads
    internal: set[str]  # conclusions of this stage read by rules of this stage


@dataclass
class _Session:
    results: dict[str, tuple[Rule, Reading]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


class _Program:
    """The compiled, registered form of one body of rules."""

    def __init__(self, host: Host, knowledge: Knowledge):
        self.decoders = {path: _decoder(spec.type) for path, spec in knowledge.vocabulary.facts.items()}
        self.vocabulary = knowledge.vocabulary
        self.sessions: dict[str, _Session] = {}
        self.stages: list[_Stage] = []
        definitions = {}
        for ruleset in knowledge.rulesets:
            rules = [r for r in knowledge.rules.values() if r.ruleset == ruleset.name]
            produced = {r.concludes for r in rules}
            read = set().union(*(r.reads_conclusions() for r in rules))
            stage = _Stage(
                durable_name=f"secretlaw_{ruleset.name}_{knowledge.fingerprint}",
                rules=rules,
                facts=sorted(set().union(*(r.reads_facts() for r in rules))),
                imported=sorted(read - produced),
                internal=read & produced,
            )
            definitions[stage.durable_name] = {rule.id: self._compile(rule, stage) for rule in rules}
            self.stages.append(stage)
        host.register_rulesets(definitions)

    def _compile(self, rule: Rule, stage: _Stage) -> dict:
        inputs = [_FACT + p for p in sorted(rule.reads_facts())] + [_CONCLUSION + c for c in sorted(rule.reads_conclusions())]
        names = [f"m{i}" for i in range(len(inputs))]
        tested = sorted(rule.tests_facts())
        program = self

        def action(c) -> None:
            session = program.sessions[c.s.sid]
            try:
                reading = program._read(rule, tested, [c._m[n] for n in names])
                session.results[rule.concludes] = (rule, reading)
                if rule.concludes in stage.internal:
                    c.assert_fact(_conclusion_fact(rule.concludes, reading))
            except BaseException as exc:  # durable-rules would swallow it into the session state
                session.errors.append(f"rule {rule.id}: {type(exc).__name__}: {exc}")
                raise

        return {"all": [{name: {"id": ident}} for name, ident in zip(names, inputs)], "run": action}

    def _read(self, rule: Rule, tested: list[str], matched: list[dict]) -> Reading:
        """The matched messages back into facts and readings, then the rule decided (engine.reason.reading)."""
        facts: dict[str, Any] = {}
        statuses: dict[str, tuple[str, list[str]]] = {}
        outcomes: dict[str, tuple[str, list[str]]] = {}
        by_burden: set[str] = set()
        for message in matched:
            ident = message["id"]
            if ident.startswith(_CONCLUSION):
                statuses[ident[2:]] = (message["s"], list(message.get("missing", [])))
                outcomes[ident[2:]] = (message["o"], [])
                if message["b"]:
                    by_burden.add(ident[2:])
            elif message["s"] == "known":
                path = ident[2:]
                facts[path] = self.decoders[path](message["v"])
        return read_rule(rule, tested, facts, statuses, outcomes, by_burden, self.vocabulary)


class _CallerDrivenHost(Host):
    """A durable-rules host whose actions run only inside the call that asserted the facts.

    `Host.__init__` ends by calling `_run`, which starts the background dispatcher and
    timer chains (the dispatcher trap in the module docstring); this host starts neither.
    """

    def _run(self) -> None:
        pass


def _new_host() -> Host:
    host = _CallerDrivenHost()
    # durable-rules is pinned; should a new version start its chains elsewhere, fail loudly, not race.
    if hasattr(host, "_d_timer") or hasattr(host, "_t_timer"):
        raise EngineError("durable-rules started its background dispatcher: the host must be created another way")
    return host


class _Runner:
    def __init__(self):
        self._lock = threading.Lock()
        self._host: Host | None = None
        self._programs: dict[str, _Program] = {}
        self._sids = itertools.count(1)

    def program(self, knowledge: Knowledge) -> _Program:
        with self._lock:
            if self._host is None:
                self._host = _new_host()
            if knowledge.fingerprint not in self._programs:
                self._programs[knowledge.fingerprint] = _Program(self._host, knowledge)
            return self._programs[knowledge.fingerprint]

    def run(self, knowledge: Knowledge, facts: dict[str, Any]) -> dict[str, tuple[Rule, Reading]]:
        program = self.program(knowledge)
        with self._lock:  # the C core runs one call at a time anyway; this keeps sessions apart
            sid = str(next(self._sids))
            session = program.sessions[sid] = _Session()
            try:
                for stage in program.stages:
                    self._run_stage(stage, sid, session, facts)
                return session.results
            finally:
                del program.sessions[sid]

    def _run_stage(self, stage: _Stage, sid: str, session: _Session, facts: dict[str, Any]) -> None:
        messages = [_fact_message(path, facts) for path in stage.facts]
        for conclusion in stage.imported:
            messages.append(_conclusion_fact(conclusion, session.results[conclusion][1]))
        for message in messages:
            message["sid"] = sid
        try:
            self._host.assert_facts(stage.durable_name, messages)
        except Exception as exc:
            raise EngineError(f"the rule engine refused the facts of rule set {stage.durable_name}: {exc}") from None
        finally:
            self._host.delete_state(stage.durable_name, sid)
        if session.errors:
            raise EngineError("a rule failed while it ran: " + "; ".join(session.errors))
        silent = [r.id for r in stage.rules if r.concludes not in session.results]
        if silent:
            raise EngineError(f"rules that should have fired did not: {', '.join(silent)}")


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
