"""The interview's own phrases (reports/interview.yaml), shared by the terminal and the web interview."""

from __future__ import annotations

import functools

from ..load import shape
from ..load.yamlsrc import load
from ..resources import resource_dir


@functools.lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    doc = load(resource_dir("reports") / "interview.yaml", "reports/interview.yaml")
    data = shape.mapping(doc, (), doc.data)
    return {key: shape.text_pair(doc, (key,), value) for key, value in data.items()}


class Texts:
    def __init__(self, lang: str):
        self.lang = lang

    def __call__(self, key: str, **fields) -> str:
        text = catalogue()[key][self.lang]
        return text.format(**fields) if fields else text


def topic_label(knowledge, topic: str, lang: str) -> str:
    key = f"topic_{topic}"
    if key in catalogue():
        return catalogue()[key][lang]
    return knowledge.rules[knowledge.topics[topic]].title[lang]
