"""Load on a real server (loopback only, bounded): 200 requests from 20 concurrent clients over 20 different
cases; every answer must equal the engine's own opinion on that case (no cross-talk), and none may fail."""

from __future__ import annotations

import json
import statistics
import threading
import time
from pathlib import Path

import pytest
import yaml

from engine.load.facts import case_from_text
from engine.load.knowledge import load_knowledge
from engine.report.opinion import assess
from engine.report.render import render
from tests.conftest import FACTS, ROOT

httpx = pytest.importorskip("httpx")

CLIENTS, REQUESTS = 20, 200
REPORT = ROOT / "build" / "load.json"


def _cases() -> list[str]:
    """Twenty different facts texts: the shipped files, then scenarios' inline facts."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(FACTS.glob("*.yaml"))]
    for path in sorted((ROOT / "tests" / "cases").glob("*.yaml")):
        facts = yaml.safe_load(path.read_text(encoding="utf-8"))["facts"]
        if isinstance(facts, dict):
            texts.append(yaml.safe_dump(facts, allow_unicode=True, sort_keys=True))
    return texts[:20]


def _expected(text: str) -> dict:
    knowledge = load_knowledge()
    return json.loads(render(assess(case_from_text(text, "(request)", knowledge.vocabulary), knowledge), "json", "zh"))


@pytest.mark.slow
def test_two_hundred_concurrent_requests_all_answer_right(server):
    cases = _cases()
    assert len(cases) == 20 and len(set(cases)) == 20
    expected = [_expected(text) for text in cases]
    latencies, failures, lock = [], [], threading.Lock()

    def client(number: int) -> None:
        with httpx.Client(base_url=server, timeout=120) as http:
            for i in range(REQUESTS // CLIENTS):
                index = (number * 7 + i) % len(cases)  # every client walks the cases in its own order
                start = time.perf_counter()
                response = http.post("/api/assess", content=cases[index].encode())
                took = time.perf_counter() - start
                with lock:
                    latencies.append(took)
                    if response.status_code != 200 or response.json() != expected[index]:
                        failures.append((index, response.status_code))

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    begun = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
    wall = time.perf_counter() - begun
    assert len(latencies) == REQUESTS and failures == []
    p95 = statistics.quantiles(latencies, n=20)[-1]
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(json.dumps({"requests": REQUESTS, "clients": CLIENTS, "wall_s": round(wall, 2),
                                  "median_ms": round(statistics.median(latencies) * 1000, 1), "p95_ms": round(p95 * 1000, 1)}),
                      encoding="utf-8")
