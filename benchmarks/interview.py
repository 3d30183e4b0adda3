"""The guided interview on the Li case and on every test scenario: questions asked, and time per question.

    python benchmarks/interview.py

Each scenario of tests/cases/ is answered by the tests' oracle (every question answered from the
scenario's facts, "unknown" where it does not state the fact), once as `secretlaw interview` does
by default (until no unknown fact can change a headline conclusion) and once with `--all` (then the
open facts of the rest of the analysis). For each it reports the questions asked and whether the
interview reached the scenario's headline readings (default) and every conclusion's readings
(`--all`). Then the time of one next-question call on the Li case, median and slowest.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine.reason.casetests import find_case_files, load_case_test  # noqa: E402
from engine.reason.evaluate import evaluate  # noqa: E402
from engine.load.facts import load_case  # noqa: E402
from engine.interview.questions import next_question  # noqa: E402
from engine.interview.record import Record  # noqa: E402
from engine.load.knowledge import load_knowledge  # noqa: E402
from tests.interview_oracle import topics_of, walk  # noqa: E402


def readings(evaluation, conclusions) -> dict[str, tuple[str, str]]:
    return {c: (evaluation.status(c), evaluation.outcome(c)) for c in conclusions}


def main() -> int:
    knowledge = load_knowledge()
    entered = sum(1 for s in knowledge.vocabulary.facts.values() if not s.derived)
    print(f"facts a facts file may state: {entered}")
    print(f"{'scenario':45} {'default':>8} {'--all':>6}  headlines  every conclusion")
    counts, all_counts, ok = [], [], True
    for path in find_case_files(ROOT / "tests" / "cases"):
        scenario = load_case_test(path, knowledge)
        direct = evaluate(scenario.case, knowledge)
        mains = [knowledge.topics[t] for t in topics_of(scenario.case, knowledge)]
        short, full = walk(scenario.case, knowledge), walk(scenario.case, knowledge, analysis=True)
        same_mains = readings(evaluate(short.record.case("x"), knowledge), mains) == readings(direct, mains)
        same_all = readings(evaluate(full.record.case("x"), knowledge), knowledge.rules) == readings(direct, knowledge.rules)
        ok &= same_mains and same_all
        counts.append(len(short.asked))
        all_counts.append(len(full.asked))
        print(f"{path.stem:45} {len(short.asked):8} {len(full.asked):6}  {'same' if same_mains else 'DIFFER':9}  "
              f"{'same' if same_all else 'DIFFER'}")
    print(f"mean questions per scenario: {statistics.mean(counts):.1f} (default), {statistics.mean(all_counts):.1f} (--all); "
          f"most {max(counts)} / {max(all_counts)}")
    li = load_case(ROOT / "facts" / "li-wine-sales.yaml", knowledge.vocabulary)
    li_walk = walk(li, knowledge)
    print(f"Li case: {len(li_walk.asked)} questions (default), {len(walk(li, knowledge, analysis=True).asked)} (--all)")
    samples = []
    for _ in range(3):
        record = Record(topics=topics_of(li, knowledge))
        for path, _phase, _plan in li_walk.asked:
            started = time.perf_counter()
            next_question(record.case("timing"), knowledge, record.topics, record.asked)
            samples.append((time.perf_counter() - started) * 1000)
            if path in li.values:
                record.answer(path, li.values[path])
            else:
                record.answer_unknown(path)
    print(f"one next-question call on the Li case (n={len(samples)}): median {statistics.median(samples):.1f} ms, "
          f"slowest {max(samples):.1f} ms")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
