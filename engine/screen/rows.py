"""One facts file -> its rows: one per matter (engine.load.matters), each a plain, JSON-ready mapping.

A row holds codes, not words (statuses, the triage class), so the same rows serve every output and
language; the questions are in the language asked for, and so belong to the row's key.

Triage, on the headline of infringement (README "Screening"):
  strong       the entered facts establish infringement;
  promising    they leave it open, but on the present record (each unknown taken against the party
               with the burden) the holder wins;
  weak         the entered facts defeat it;
  needs_facts  it is open and, on the present record, the holder loses: or the file says nothing on it;
  error        the file cannot be read or is not a valid facts file.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from typing import Any

from ..errors import SecretlawError
from ..load.facts import case_from_bytes
from ..load.knowledge import Knowledge
from ..load.matters import matters
from ..logic import ESTABLISHED, NOT_ESTABLISHED, UNDETERMINED
from ..reason.evaluate import Evaluation, evaluate
from ..reason.precedent import nearest_precedent
from ..report.explain import open_facts, opinion_scope, question_text

TRIAGE = ("strong", "promising", "weak", "needs_facts", "error")  # the order rows are sorted in
QUESTIONS_SHOWN = 3


def content_key(data: bytes | None, error: str | None) -> str:
    return hashlib.sha256(data if data is not None else (error or "").encode("utf-8")).hexdigest()


def screen_bytes(name: str, data: bytes | None, error: str | None, knowledge: Knowledge, lang: str,
                 engine: str = "compiled") -> list[dict[str, Any]]:
    """The rows of one source; a file that cannot be read or loaded is one error row with its one-line message."""
    key = {"hash": content_key(data, error), "fingerprint": knowledge.fingerprint, "lang": lang}
    if error is not None:
        return [_error_row(name, error, key)]
    try:
        case = case_from_bytes(data, name, knowledge.vocabulary)
        found = matters(case)
        rows = [_row(name, index, len(found), m.label[lang], evaluate(m.case, knowledge, engine), lang)
                for index, m in enumerate(found)]
    except SecretlawError as error:
        return [_error_row(name, str(error), key)]
    return [dict(row, **key, rows=len(rows)) for row in rows]


def _error_row(name: str, message: str, key: dict[str, str]) -> dict[str, Any]:
    return {"file": name, "matter": 0, "label": "", "triage": "error", "error": message, "stake": "0", **key, "rows": 1}


def _row(name: str, index: int, count: int, label: str, evaluation: Evaluation, lang: str) -> dict[str, Any]:
    values, knowledge = evaluation.case.values, evaluation.knowledge
    scope = opinion_scope(evaluation)
    headlines = {topic: {"status": evaluation.status(main), "outcome": evaluation.outcome(main)}
                 for topic, main in knowledge.topics.items() if topic in scope}
    damages = next((c for c in evaluation.computations if c.id == "damages"), None)
    claimed = values.get("damages.claimed")
    award = damages.result if damages else None
    ceiling = damages.ceiling if damages else None
    decisive = [path for path, _, is_decisive in open_facts(evaluation, scope) if is_decisive]
    precedent = nearest_precedent(evaluation)
    return {
        "file": name, "matter": index, "label": label if count > 1 else "",
        "title": values.get("case.title"), "holder": values.get("parties.holder.name"),
        "defendant": values.get("parties.defendant.name"),
        "headlines": headlines,
        "claimed": _money(claimed), "ceiling": _money(ceiling), "award": _money(award),
        "stake": _money(next((v for v in (award, ceiling, claimed) if v is not None), Decimal(0))),
        "missing": len(decisive),
        "questions": [question_text(evaluation, path)[lang] for path in decisive[:QUESTIONS_SHOWN]],
        "precedent": precedent["title"][lang] if precedent else None,
        "triage": triage(headlines.get("infringement")),
        "error": None,
    }


def triage(infringement: dict[str, str] | None) -> str:
    if infringement is None:
        return "needs_facts"
    status, outcome = infringement["status"], infringement["outcome"]
    if status == ESTABLISHED:
        return "strong"
    if status == NOT_ESTABLISHED:
        return "weak"
    return "promising" if status == UNDETERMINED and outcome == ESTABLISHED else "needs_facts"


def _money(value: Decimal | None) -> str | None:
    """Exact, as a decimal string: rounded only where a row is displayed."""
    return None if value is None else str(value)


def sort_key(row: dict[str, Any]) -> tuple:
    """Triage class, then the largest amount at stake first, then file and matter: a total order."""
    return (TRIAGE.index(row["triage"]), -Decimal(row["stake"]), row["file"], row["matter"])
