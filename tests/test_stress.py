"""Never wrong under load: every shipped and test case gives, in many processes and threads at once beside
CPU-bound load, exactly the JSON opinion it gives when run alone.

This is the test of the dispatcher trap (engine/reason/durable_host.py): durable-rules' own Host runs pending
actions on a timer thread, which under CPU starvation took rules over, so that about half of 40 processes
started at once failed. Each repetition (a) starts `secretlaw assess` 40 processes at a time over the cases
until each has run at least once, and (b) has 16 threads of this process assess every case through the
Python API, both beside two busy-loop processes; every output must equal the sequential reference byte for
byte, and every process must exit 0. SECRETLAW_STRESS_REPETITIONS sets the number of repetitions (default
1; the issue's figure is 10, see the README's "Speed").
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import yaml

from engine.reason.casetests import find_case_files, load_case_test
from engine.reason.durable_host import warm_up
from engine.load.facts import UNKNOWN_WORDS, load_case
from engine.load.knowledge import Knowledge
from engine.report.opinion import assess
from engine.report.render import render
from tests.conftest import FACTS, ROOT

REPETITIONS = int(os.environ.get("SECRETLAW_STRESS_REPETITIONS", "1"))
PROCESSES, THREADS, BUSY_LOOPS = 40, 16, 2
TIMEOUT_S = 300  # one batch or one thread's walk; a hang fails instead of blocking the run
REPORT = ROOT / "build" / "stress.json"


def _sources() -> list[Path]:
    """Every shipped facts file, every rule test case and every judgment, in name order."""
    return sorted(FACTS.glob("*.yaml")) + find_case_files(ROOT / "tests" / "cases") + \
        find_case_files(ROOT / "tests" / "judgments")


def _facts_of_test(path: Path) -> dict[str, Any]:
    """The facts a rule test case stands for, as a facts file would hold them: its facts file (or inline
    facts) with its `changes:` applied; `unknown` or null leaves the fact out, as engine.reason.casetests does."""
    test = yaml.safe_load(path.read_text(encoding="utf-8"))
    facts = test["facts"]
    if isinstance(facts, str):
        facts = yaml.safe_load((path.parent / facts).read_text(encoding="utf-8"))
    facts = copy.deepcopy(facts)
    for dotted, value in (test.get("changes") or {}).items():
        *parents, leaf = dotted.split(".")
        node = facts
        for part in parents:
            node = node.setdefault(part, {})
        if value is None or value in UNKNOWN_WORDS:
            node.pop(leaf, None)
        else:
            node[leaf] = value
    return facts


def _materialise(source: Path, folder: Path, knowledge: Knowledge) -> Path:
    """A facts file `secretlaw assess` can read for each source; a test case's facts must load exactly as
    `secretlaw test` loads them, or the stress test would be checking other cases than the suite does."""
    if source.parent == FACTS:
        return source
    target = folder / f"{source.parent.name}-{source.name}"
    target.write_text(yaml.safe_dump(_facts_of_test(source), allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert load_case(target, knowledge.vocabulary).values == load_case_test(source, knowledge).case.values, source
    return target


def _opinion(path: Path, knowledge: Knowledge) -> str:
    return render(assess(load_case(str(path), knowledge.vocabulary), knowledge), "json", "zh")


@pytest.fixture(scope="module")
def corpus(knowledge, tmp_path_factory) -> list[tuple[Path, str]]:
    """(facts file, its JSON opinion computed once, sequentially, on the main thread)."""
    warm_up(knowledge)
    folder = tmp_path_factory.mktemp("stress")
    files = [_materialise(source, folder, knowledge) for source in _sources()]
    return [(path, _opinion(path, knowledge)) for path in files]


class _BusyLoops:
    """CPU-bound processes beside the test, so that the engine's callers are starved of CPU."""

    def __enter__(self):
        self.processes = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(BUSY_LOOPS)]
        return self

    def __exit__(self, *exc):
        for process in self.processes:
            process.kill()
        for process in self.processes:
            process.wait()


def _secretlaw() -> str:
    found = shutil.which("secretlaw", path=str(Path(sys.executable).parent)) or shutil.which("secretlaw")
    assert found, "the secretlaw command is not installed in this environment"
    return found


def _batches(count: int) -> list[list[int]]:
    """Case indexes in batches of PROCESSES started at once, cycling until every case has run once."""
    runs = -(-count // PROCESSES) * PROCESSES
    order = [i % count for i in range(runs)]
    return [order[i:i + PROCESSES] for i in range(0, runs, PROCESSES)]


def _run_batch(command: str, corpus: list[tuple[Path, str]], batch: list[int]) -> tuple[int, list[str]]:
    processes = [(index, subprocess.Popen([command, "assess", str(corpus[index][0]), "--format", "json"],
                                          stdout=subprocess.PIPE, stderr=subprocess.PIPE)) for index in batch]
    failures = []
    for index, process in processes:  # communicate() drains both pipes, so no process blocks on a full one
        try:
            out, err = process.communicate(timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            out, err = process.communicate()
            failures.append(f"{corpus[index][0].name}: hung for {TIMEOUT_S} s")
            continue
        if process.returncode != 0 or out.decode("utf-8") != corpus[index][1]:
            last = err.decode("utf-8", "replace").strip().splitlines()[-1:] or ["(no message)"]
            failures.append(f"{corpus[index][0].name}: exit {process.returncode}, "
                            f"{'same' if out.decode('utf-8', 'replace') == corpus[index][1] else 'different'} output, {last[0]}")
    return len(processes), failures


def _walk(knowledge: Knowledge, corpus: list[tuple[Path, str]], number: int) -> list[str]:
    """One thread: every case once, starting at its own offset so that the threads assess different cases."""
    failures = []
    for step in range(len(corpus)):
        path, expected = corpus[(number * 7 + step) % len(corpus)]
        try:
            if _opinion(path, knowledge) != expected:
                failures.append(f"{path.name}: a different opinion")
        except Exception as exc:  # the failure itself is the finding: keep it and go on
            failures.append(f"{path.name}: {type(exc).__name__}: {exc}")
    return failures


def _record(part: str, runs: int, failures: list[str], seconds: float) -> None:
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    figures = json.loads(REPORT.read_text(encoding="utf-8")) if REPORT.exists() else {}
    figures[part] = {"repetitions": REPETITIONS, "runs": runs, "failures": len(failures), "wall_s": round(seconds, 1)}
    REPORT.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    print(f"stress {part}: {runs} runs in {REPETITIONS} repetitions, {len(failures)} failures, {seconds:.1f} s")


def test_the_corpus_is_every_shipped_and_test_case(corpus):
    assert len(corpus) == len(_sources()) >= 50
    assert len({expected for _, expected in corpus}) >= 45  # real, different cases, not one file many times
    li = next(json.loads(expected) for path, expected in corpus if path.name == "li-wine-sales.yaml")
    assert li["conclusions"]["infringement"]["status"] == "established"


@pytest.mark.slow
def test_forty_processes_at_once_beside_cpu_load_give_the_sequential_opinions(corpus):
    command, runs, failures = _secretlaw(), 0, []
    begun = time.perf_counter()
    with _BusyLoops():
        for _ in range(REPETITIONS):
            for batch in _batches(len(corpus)):
                ran, failed = _run_batch(command, corpus, batch)
                runs, failures = runs + ran, failures + failed
    _record("processes", runs, failures, time.perf_counter() - begun)
    assert runs >= REPETITIONS * len(corpus)
    assert failures == []


@pytest.mark.slow
def test_sixteen_threads_beside_cpu_load_give_the_sequential_opinions(knowledge, corpus):
    runs, failures = 0, []
    begun = time.perf_counter()
    with _BusyLoops(), ThreadPoolExecutor(THREADS) as pool:
        for _ in range(REPETITIONS):
            walks = [pool.submit(_walk, knowledge, corpus, n) for n in range(THREADS)]
            for walk in walks:
                failures += walk.result(timeout=TIMEOUT_S)
            runs += THREADS * len(corpus)
    _record("threads", runs, failures, time.perf_counter() - begun)
    assert failures == []
