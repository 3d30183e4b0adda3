"""The legal sources: laws, their versions in force by date, and their provisions.

`rules/law/*.yaml` keep, Catala-style, the text of each provision (in our own
words) beside the article numbers it has in each version of the law. Rules cite
provisions by id ("aucl.trade_secret_definition"); the opinion cites the article
of the version in force on the date of the conduct. Entries that
legal-sources.md marks UNVERIFIED carry `unverified: true` all the way to the page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from . import shape
from .yamlsrc import Document, load

_ZH_DIGITS = "零一二三四五六七八九"


@dataclass
class Version:
    id: str
    label: dict[str, str]
    in_force: dt.date
    until: dt.date | None = None
    unverified: bool = False


@dataclass
class Article:
    article: str
    paragraph: int | None = None
    item: int | None = None
    unverified: bool = False


@dataclass
class Provision:
    id: str
    law: "Law"
    title: dict[str, str]
    text: dict[str, str] | None
    articles: dict[str, Article]  # version id -> article
    binding: bool
    unverified: bool = False


@dataclass
class Law:
    id: str
    title: dict[str, str]
    short: dict[str, str]
    versions: list[Version]
    binding: bool = True
    provisions: dict[str, Provision] = field(default_factory=dict)
    authority: dict[str, str] | None = None  # how a non-binding source is labelled ("guideline, not binding")

    def versions_between(self, earliest: dt.date | None, latest: dt.date | None) -> list[str]:
        """The versions that may govern conduct within [earliest, latest]; continuing conduct takes the later law."""
        if latest is not None:
            return [self.version_on(latest)] if self.version_on(latest) else []
        if earliest is None:
            return [v.id for v in self.versions]
        return [v.id for v in self.versions if v.until is None or v.until >= earliest]

    def version_on(self, day: dt.date) -> str | None:
        for version in self.versions:
            if version.in_force <= day and (version.until is None or day <= version.until):
                return version.id
        return None

    def version(self, version_id: str) -> Version:
        return next(v for v in self.versions if v.id == version_id)


@dataclass
class Sources:
    laws: dict[str, Law]
    provisions: dict[str, Provision]

    def provision(self, provision_id: str) -> Provision | None:
        return self.provisions.get(provision_id)


def load_sources(directory: Path) -> Sources:
    laws: dict[str, Law] = {}
    provisions: dict[str, Provision] = {}
    for file in sorted(directory.glob("*.yaml")):
        doc = load(file, "rules/law/" + file.name)
        law = _law(doc)
        if law.id in laws:
            raise doc.error(("law",), f"law '{law.id}' is declared twice")
        laws[law.id] = law
        for provision in law.provisions.values():
            provisions[provision.id] = provision
    return Sources(laws, provisions)


def _law(doc: Document) -> Law:
    data = shape.mapping(doc, (), doc.data)
    shape.keys(doc, (), data, ("law", "title", "short", "binding", "authority", "versions", "provisions"),
               ("law", "title", "short", "versions", "provisions"))
    versions = _versions(doc, data["versions"])
    law = Law(str(data["law"]), shape.text_pair(doc, ("title",), data["title"]),
              shape.text_pair(doc, ("short",), data["short"]), versions, data.get("binding", True) is True)
    if "authority" in data:
        law.authority = shape.text_pair(doc, ("authority",), data["authority"])
    for name, spec in shape.mapping(doc, ("provisions",), data["provisions"]).items():
        law.provisions[name] = _provision(doc, ("provisions", name), spec, law)
    return law


def _versions(doc: Document, value) -> list[Version]:
    if not isinstance(value, list) or not value:
        raise doc.error(("versions",), "expected a list of versions with their in-force dates")
    versions = []
    for index, spec in enumerate(value):
        where = ("versions", index)
        shape.mapping(doc, where, spec)
        shape.keys(doc, where, spec, ("id", "label", "in_force", "unverified"), ("id", "label", "in_force"))
        if not isinstance(spec["in_force"], dt.date):
            raise doc.error(where + ("in_force",), "expected an ISO date")
        versions.append(Version(str(spec["id"]), shape.text_pair(doc, where + ("label",), spec["label"]),
                                spec["in_force"], unverified=spec.get("unverified", False) is True))
    versions.sort(key=lambda v: v.in_force)
    for earlier, later in zip(versions, versions[1:]):
        earlier.until = later.in_force - dt.timedelta(days=1)
    return versions


def _provision(doc: Document, where: tuple, spec, law: Law) -> Provision:
    shape.mapping(doc, where, spec)
    shape.keys(doc, where, spec, ("title", "text", "articles", "unverified"), ("title", "articles"))
    known_versions = {v.id for v in law.versions}
    articles = {}
    for version_id, art in shape.mapping(doc, where + ("articles",), spec["articles"]).items():
        at = where + ("articles", version_id)
        if str(version_id) not in known_versions:
            raise doc.error(at, f"unknown version '{version_id}'", shape.valid_list(known_versions))
        shape.mapping(doc, at, art)
        shape.keys(doc, at, art, ("article", "paragraph", "item", "unverified"), ("article",))
        articles[str(version_id)] = Article(str(art["article"]), art.get("paragraph"), art.get("item"),
                                            art.get("unverified", False) is True)
    text = shape.text_pair(doc, where + ("text",), spec["text"]) if "text" in spec else None
    return Provision(f"{law.id}.{where[-1]}", law, shape.text_pair(doc, where + ("title",), spec["title"]), text,
                     articles, law.binding, spec.get("unverified", False) is True)


# --- citations ---------------------------------------------------------------------------------


@dataclass
class Citation:
    provision: str
    version: str
    text: dict[str, str]  # the formatted citation in each language
    unverified: bool
    binding: bool
    authority: dict[str, str] | None = None

    def as_json(self) -> dict:
        return {"provision": self.provision, "version": self.version, "zh": self.text["zh"], "en": self.text["en"],
                "unverified": self.unverified, "binding": self.binding, "authority": self.authority}


def cite(provision: Provision, candidate_versions: list[str] | None) -> list[Citation]:
    """The citations of a provision under each version that may apply (all versions that have it if unknown)."""
    versions = [v for v in (candidate_versions or []) if v in provision.articles] or list(provision.articles)
    out = []
    for version_id in versions:
        article = provision.articles[version_id]
        version = provision.law.version(version_id)
        unverified = provision.unverified or article.unverified or version.unverified
        out.append(Citation(provision.id, version_id, _format(provision.law, version, article, unverified, provision.title),
                            unverified, provision.binding, provision.law.authority))
    return out


def _format(law: Law, version: Version, article: Article, unverified: bool, title: dict[str, str]) -> dict[str, str]:
    if not article.article.isdigit():  # a decided case: cite it by its holding
        return {"zh": f"{law.short['zh']}：{title['zh']}", "en": f"{law.short['en']}: {title['en']}"}
    zh = f"《{law.short['zh']}》"
    en = law.short["en"]
    if len(law.versions) > 1:
        zh += f"（{version.label['zh']}）"
        en += f" ({version.label['en']})"
    zh += f"第{zh_number(article.article)}条"
    en += f" Art. {article.article}"
    if article.paragraph is not None:
        zh += f"第{zh_number(article.paragraph)}款"
        en += f"({article.paragraph})"
    if article.item is not None:
        zh += f"第（{zh_number(article.item)}）项"
        en += f"({article.item})"
    if unverified:
        zh += "〔未经核实〕"
        en += " [UNVERIFIED]"
    return {"zh": zh, "en": en}


def zh_number(value) -> str:
    """Article numbers in Chinese numerals: 9 -> 九, 17 -> 十七, 219 -> 二百一十九. Other forms pass through."""
    text = str(value)
    if not text.isdigit():
        return text
    n = int(text)
    if n < 10:
        return _ZH_DIGITS[n]
    if n < 20:
        return "十" + (_ZH_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _ZH_DIGITS[n // 10] + "十" + (_ZH_DIGITS[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        tail = "" if rest == 0 else ("零" + _ZH_DIGITS[rest] if rest < 10 else
                                      ("一" + zh_number(rest) if rest < 20 else zh_number(rest)))
        return _ZH_DIGITS[n // 100] + "百" + tail
    return text
