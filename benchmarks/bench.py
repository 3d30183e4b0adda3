"""Speed of secretlaw, each figure beside the baseline it is judged against, measured in the same run.

    python benchmarks/bench.py [--runs 2000] [--processes 20] [--matters 1000 10000] [--jobs N]

1. One Li evaluation, warm, by durable-rules (what every opinion uses) and by a direct walk of the same
   rules in plain Python (engine.reason.compiled), with the ratio; first the walk is checked to agree
   with durable-rules on every conclusion of every shipped and test case.
2. Whole `secretlaw assess` processes on Li, with and without --what-if, and the ratio.
3. `secretlaw screen` of generated matters end to end (files written first, not timed): matters per
   second, and the peak memory of the largest process, at each size.

Figures depend on the machine; the README records those measured on the project's 2-core machine.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine.load.facts import load_case  # noqa: E402
from engine.load.knowledge import load_knowledge  # noqa: E402
from engine.load.matters import matters  # noqa: E402
from engine.reason.casetests import find_case_files, load_case_test  # noqa: E402
from engine.reason.evaluate import evaluate  # noqa: E402

LI = ROOT / "facts" / "li-wine-sales.yaml"
ENV = dict(os.environ, PYTHONPATH=str(ROOT))


def median_ms(fn, runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def line(name: str, value: str, note: str = "") -> None:
    print(f"{name:<58} {value:>14}   {note}")


def every_case(knowledge):
    for path in sorted((ROOT / "facts").glob("*.yaml")) + sorted((ROOT / "tests" / "facts").glob("*.yaml")):
        for matter in matters(load_case(path, knowledge.vocabulary)):
            yield matter.case
    for folder in ("cases", "judgments", "remedies"):
        for path in find_case_files(ROOT / "tests" / folder):
            yield load_case_test(path, knowledge).case


def check_agreement(knowledge) -> int:
    count = 0
    for case in every_case(knowledge):
        durable, walked = evaluate(case, knowledge, "durable"), evaluate(case, knowledge, "compiled")
        for cid, conclusion in durable.conclusions.items():
            other = walked.conclusions[cid]
            if (conclusion.status, conclusion.outcome, conclusion.verdict.missing) != \
                    (other.status, other.outcome, other.verdict.missing):
                raise SystemExit(f"the direct walk disagrees with durable-rules on {case.file}: {cid}")
        count += 1
    return count


def evaluation(runs: int) -> None:
    knowledge = load_knowledge()
    checked = check_agreement(knowledge)
    case = load_case(LI, knowledge.vocabulary)
    for engine in ("durable", "compiled"):
        for _ in range(100):
            evaluate(case, knowledge, engine)
    durable = median_ms(lambda: evaluate(case, knowledge, "durable"), runs)
    walk = median_ms(lambda: evaluate(case, knowledge, "compiled"), runs)
    line("direct walk agrees with durable-rules", f"{checked} cases", "every conclusion: status, outcome, missing facts")
    line("Li evaluation, warm, durable-rules (median)", f"{durable:.3f} ms")
    line("Li evaluation, warm, direct walk = compiled form (median)", f"{walk:.3f} ms")
    line("  durable-rules / direct walk", f"{durable / walk:.2f}x")


def processes(count: int) -> None:
    command = [sys.executable, "-m", "engine.cli", "assess", str(LI)]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=ENV)  # fills the disk cache once

    def wall(extra: list[str]) -> float:
        return median_ms(lambda: subprocess.run(command + extra, check=True, stdout=subprocess.DEVNULL, env=ENV), count)

    plain, what_if = wall([]), wall(["--what-if"])
    line("whole `secretlaw assess` process on Li (median wall)", f"{plain / 1000:.3f} s")
    line("whole `secretlaw assess --what-if` process (median wall)", f"{what_if / 1000:.3f} s")
    line("  --what-if / plain", f"{what_if / plain:.2f}x")


def write_matters(folder: Path, count: int) -> None:
    """`count` facts files: Li with other amounts and titles, and every fifth with a decisive fact left open."""
    text = LI.read_text(encoding="utf-8")
    open_fact = "  relied_on_general_skill: false    # 该行为并非依赖于一般工作经验和知识体系\n"
    assert open_fact in text
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        variant = text.replace('claimed: "400000.00"', f'claimed: "{100000 + 37 * n}.00"', 1)
        variant = variant.replace("title: 力某公司诉李某侵害商业秘密纠纷", f"title: 第{n}号事项", 1)
        if n % 5 == 0:
            variant = variant.replace(open_fact, "", 1)
        (folder / f"{n // 1000:03d}" / f"m{n:06d}.yaml").parent.mkdir(exist_ok=True)
        (folder / f"{n // 1000:03d}" / f"m{n:06d}.yaml").write_text(variant, encoding="utf-8")


def screening(sizes: list[int], jobs: int) -> None:
    for size in sizes:
        with tempfile.TemporaryDirectory() as work:
            folder = Path(work) / "matters"
            write_matters(folder, size)
            out = Path(work) / "rows.jsonl"
            probe = ("import resource, subprocess, sys, time; start = time.perf_counter(); "
                     "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
                     "print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
            done = subprocess.run([sys.executable, "-c", probe, sys.executable, "-m", "engine.cli", "screen", str(folder),
                                   "-o", str(out), "--jobs", str(jobs)], check=True, capture_output=True, text=True, env=ENV)
            seconds, peak_kb = done.stdout.split()
            rows = sum(1 for _ in out.open(encoding="utf-8"))
            assert rows == size, (rows, size)
            seconds = float(seconds)
            line(f"`secretlaw screen` {size:,} matters, --jobs {jobs} (end to end)",
                 f"{size / seconds:,.0f} /s", f"{seconds:.1f} s; peak RSS of the largest process {int(peak_kb) / 1024:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2000)
    parser.add_argument("--processes", type=int, default=20)
    parser.add_argument("--matters", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB")
    os.environ.setdefault("SECRETLAW_CACHE_DIR", tempfile.mkdtemp(prefix="secretlaw-bench-cache-"))
    ENV["SECRETLAW_CACHE_DIR"] = os.environ["SECRETLAW_CACHE_DIR"]
    evaluation(args.runs)
    processes(args.processes)
    screening(args.matters, args.jobs)


if __name__ == "__main__":
    main()
