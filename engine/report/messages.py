"""The message catalogue shared by the explanation and the templates."""

from __future__ import annotations

import functools
from pathlib import Path

from ..load import shape
from ..resources import resource_dir
from ..load.yamlsrc import load

LANGUAGES = ("zh", "en")


@functools.lru_cache(maxsize=2)
def catalogue(reports_dir: str | None = None) -> dict[str, dict[str, str]]:
    path = Path(reports_dir or resource_dir("reports")) / "messages.yaml"
    doc = load(path, "reports/messages.yaml")
    data = shape.mapping(doc, (), doc.data)
    # Not stripped: a leading or trailing space in a message is part of the phrase.
    return {key: _pair(doc, key, value) for key, value in data.items()}


def _pair(doc, key: str, value) -> dict[str, str]:
    shape.text_pair(doc, (key,), value)  # validates the shape
    return {"zh": value["zh"], "en": value["en"]}


class Messages:
    """t('key', **fields) in one language."""

    def __init__(self, lang: str):
        self.lang = lang
        self._texts = catalogue()

    def __call__(self, key: str, **fields) -> str:
        text = self._texts[key][self.lang]
        return text.format(**fields) if fields else text
