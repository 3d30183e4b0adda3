"""Shared fixtures: the real rules, the real engine, the shipped fact files and variants of them."""

from __future__ import annotations

import copy
import datetime as dt
import atexit
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml

from engine.reason.evaluate import Evaluation, evaluate
from engine.report.explain import explain
from engine.load.facts import case_from_text, load_case
from engine.load.knowledge import Knowledge, load_knowledge

# The tests (and the processes they start) use a cache of their own, empty at the start of each run.
if "SECRETLAW_CACHE_DIR" not in os.environ:
    os.environ["SECRETLAW_CACHE_DIR"] = tempfile.mkdtemp(prefix="secretlaw-cache-")
    atexit.register(shutil.rmtree, os.environ["SECRETLAW_CACHE_DIR"], True)

ROOT = Path(__file__).resolve().parent.parent
FACTS = ROOT / "facts"
REMOVE = object()  # in a variant: leave the fact out (= not known)


@pytest.fixture(scope="session")
def knowledge() -> Knowledge:
    return load_knowledge()


def facts_data(name: str) -> dict[str, Any]:
    with open(FACTS / name, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def variant_text(name: str, changes: dict[str, Any]) -> str:
    """A shipped facts file with some facts changed; REMOVE leaves a fact out (unknown)."""
    data = copy.deepcopy(facts_data(name))
    for path, value in changes.items():
        *parents, leaf = path.split(".")
        node = data
        for part in parents:
            node = node.setdefault(part, {})
        if value is REMOVE:
            node.pop(leaf, None)
        else:
            node[leaf] = value
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def evaluate_file(knowledge: Knowledge, name: str) -> Evaluation:
    return evaluate(load_case(FACTS / name, knowledge.vocabulary), knowledge)


def evaluate_variant(knowledge: Knowledge, name: str, changes: dict[str, Any]) -> Evaluation:
    case = case_from_text(variant_text(name, changes), f"{name} (variant)", knowledge.vocabulary)
    return evaluate(case, knowledge)


def opinion_of(evaluation: Evaluation) -> dict[str, Any]:
    return explain(evaluation)


def statuses(evaluation: Evaluation, *ids: str) -> dict[str, str]:
    return {cid: evaluation.status(cid) for cid in ids}


__all__ = ["REMOVE", "FACTS", "ROOT", "evaluate_file", "evaluate_variant", "opinion_of", "statuses", "variant_text",
           "facts_data", "dt"]
