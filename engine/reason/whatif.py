"""What-if: the single facts whose change would flip a headline conclusion, found by re-evaluating.

For every yes/no fact the rules read, the case is evaluated again with that fact
set the other way (a known fact flipped, an unknown fact tried as true and as
false). A change is reported when a headline conclusion (one per topic in scope)
ends with another status or another outcome on the present record. Nothing is
inferred: each line is a real evaluation.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from .evaluate import Evaluation, evaluate


def what_if(evaluation: Evaluation, headlines: list[str], engine: str = "compiled") -> list[dict[str, Any]]:
    """Each change is evaluated by the compiled walk of the rules unless `engine` says durable: dozens of
    evaluations for one question, and tests/test_compiled.py proves the two give the same conclusions."""
    knowledge, case = evaluation.knowledge, evaluation.case
    read = knowledge.facts_read()
    candidates = [p for p, s in knowledge.vocabulary.facts.items() if p in read and s.type == "bool" and not s.derived]
    found = []
    for path in candidates:
        current = case.values.get(path)
        for value in ((not current,) if current is not None else (True, False)):
            changed = dataclasses.replace(case, values={**case.values, path: value})
            outcome = evaluate(changed, knowledge, engine)
            for headline in headlines:
                before, after = evaluation.status(headline), outcome.status(headline)
                record_before, record_after = evaluation.outcome(headline), outcome.outcome(headline)
                if before != after or record_before != record_after:
                    spec = knowledge.vocabulary.get(path)
                    found.append({"fact": path, "from": current, "to": value, "conclusion": headline,
                                  "status_before": before, "status_after": after,
                                  "outcome_before": record_before, "outcome_after": record_after,
                                  "sentence": spec.when_true if value else spec.when_false, "basis": list(spec.basis)})
    return found
