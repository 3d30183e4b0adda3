"""Speed of secretlaw on the Li case: evaluation, evaluation + rendering, whole process.

    python benchmarks/bench.py [--runs 2000] [--processes 10] [--facts facts/li-wine-sales.yaml]

Plain Python, no extra dependency. Figures depend on the machine; the README
records the ones measured on the project's 2-core machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine.reason.evaluate import evaluate  # noqa: E402
from engine.report.explain import explain  # noqa: E402
from engine.load.facts import load_case  # noqa: E402
from engine.load.knowledge import load_knowledge  # noqa: E402
from engine.report.render import render  # noqa: E402


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def timed(fn, runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def report(name: str, samples: list[float], unit: str = "ms") -> None:
    print(f"{name:<44} median {statistics.median(samples):8.3f} {unit}   p99 {percentile(samples, 0.99):8.3f} {unit}"
          f"   (n={len(samples)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2000)
    parser.add_argument("--processes", type=int, default=10)
    parser.add_argument("--facts", default=str(ROOT / "facts" / "li-wine-sales.yaml"))
    args = parser.parse_args()

    knowledge = load_knowledge()
    case = load_case(args.facts, knowledge.vocabulary)
    for _ in range(50):  # warm: host created, rule sets registered, templates compiled
        render(explain(evaluate(case, knowledge)), "md", "zh")

    report("evaluate (facts loaded, warm)", timed(lambda: evaluate(case, knowledge), args.runs))
    report("evaluate + explain + render md (zh)",
           timed(lambda: render(explain(evaluate(case, knowledge)), "md", "zh"), args.runs))

    command = [sys.executable, "-m", "engine.cli", "assess", args.facts]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    wall = []
    for _ in range(args.processes):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
        wall.append((time.perf_counter() - start) * 1000)
    report("whole `secretlaw assess` process (wall)", wall)


if __name__ == "__main__":
    main()
