"""The rule engine runs only inside the call that asked for an evaluation.

durable-rules' own Host starts timer threads that run pending actions behind the
caller's back (the dispatcher trap in engine/reason/durable_host.py); these tests fail if
such a thread exists, if any engine entry point is reached from another thread,
or if a module other than engine/reason/durable_host.py imports durable.
"""

from __future__ import annotations

import ast
import threading
import time
from pathlib import Path


from engine.reason import durable_host
from tests.conftest import ROOT, evaluate_file

LI = "li-wine-sales.yaml"


def _durable_threads() -> list[threading.Thread]:
    """Threads whose code comes from durable-rules (its Timer chains, its Promise timers)."""
    found = []
    for thread in threading.enumerate():
        target = getattr(thread, "function", None) or getattr(thread, "_target", None)
        if target is not None and getattr(target, "__module__", "").startswith("durable"):
            found.append(thread)
    return found


def test_no_durable_thread_exists_after_an_evaluation(knowledge):
    evaluate_file(knowledge, LI)
    time.sleep(0.3)  # durable's chains would have fired by now (first at 0.1 s, then every 0.2 s)
    assert _durable_threads() == []


def test_the_adapter_never_creates_a_durable_host(knowledge, monkeypatch):
    """durable's Host is what starts the timer chains: the adapter drives the C core without one."""
    import durable.engine

    def refused(*args, **kwargs):
        raise AssertionError("a durable Host was created")

    monkeypatch.setattr(durable.engine.Host, "__init__", refused)
    monkeypatch.setattr(durable_host, "_RUNNER", durable_host._Runner())  # rules registered anew, under watch
    assert evaluate_file(knowledge, LI).status("infringement") == "established"


def test_the_plain_durable_host_would_be_caught():
    """The thread check above can fail: a plain durable Host does leave its timer threads behind."""
    from durable.engine import Host

    before = set(_durable_threads())
    host = Host()
    try:
        assert set(_durable_threads()) - before
    finally:
        for _ in range(3):  # a chain re-arms itself when it fires: cancel until it stays stopped
            host._d_timer.cancel()
            host._t_timer.cancel()
            time.sleep(0.05)


def test_every_engine_call_comes_from_the_thread_that_evaluates(knowledge, monkeypatch):
    """Each entry point of the C core is wrapped to record its thread; `start_action` is the
    dispatcher's own entry point (Ruleset.dispatch) and must never be reached."""
    import durable_rules_engine as core

    calls: list[tuple[str, int]] = []
    for name in ("assert_facts", "assert_fact", "start_action", "start_action_for_state",
                 "complete_and_start_action", "delete_state", "create_ruleset"):
        original = getattr(core, name)

        def recorded(*args, _name=name, _original=original):
            calls.append((_name, threading.get_ident()))
            return _original(*args)

        monkeypatch.setattr(core, name, recorded)
    monkeypatch.setattr(durable_host, "_RUNNER", durable_host._Runner())  # rules registered anew, under watch

    callers = {}

    def work(n: int) -> None:
        callers[n] = threading.get_ident()
        evaluate_file(knowledge, LI)

    workers = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    time.sleep(0.3)
    assert calls, "the wrapped engine was never called"
    assert "start_action" not in {name for name, _ in calls}
    assert {ident for _, ident in calls} <= set(callers.values())


def test_only_the_adapter_imports_durable():
    importers = []
    for path in sorted((ROOT / "engine").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) and node.level == 0 else []
            if any(n.split(".")[0] in ("durable", "durable_rules_engine") for n in names):
                importers.append(path.relative_to(ROOT).as_posix())
    assert importers == ["engine/reason/durable_host.py"]
