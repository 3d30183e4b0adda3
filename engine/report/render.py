"""Render an opinion with the Jinja2 templates in `reports/` (Markdown) or as JSON."""

from __future__ import annotations

import functools
import json
import re
from typing import Any

import jinja2
import markupsafe

from .. import __version__
from ..cache import template_folder
from ..load.law import zh_number
from .messages import LANGUAGES, Messages
from ..resources import resource_dir

FORMATS = ("md", "html", "json")
_TEMPLATES = {"md": "opinion.md.j2", "matters": "matters.md.j2"}


@functools.lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(resource_dir("reports"))),
        undefined=jinja2.StrictUndefined,  # a template naming a missing field fails loudly
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,  # Markdown; render_html escapes the one outside text of the page, its title
        bytecode_cache=_bytecode_cache(),
    )
    return env


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiling the memo's templates is a good part of a one-file run: keep them compiled (engine/cache.py)."""
    folder = template_folder()
    return jinja2.FileSystemBytecodeCache(folder) if folder else None


class Amounts:
    """How the memo writes a sum: `figure` in a table, `stated` where the conclusion states it.

    The screen formats show the figure as computed (6,631,900,554.34); the filed documents
    (engine.report.documents) pass their own, in the locale's convention and, in Chinese, capital numerals.
    """

    def figure(self, value: Any, display: str | None) -> str:
        return display or ""

    def stated(self, value: Any, display: str | None) -> str:
        return self.figure(value, display)


def render(opinion: dict[str, Any], fmt: str = "md", lang: str = "zh", amounts: Amounts | None = None) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang}")
    if fmt == "json":
        return render_json(opinion)
    if fmt == "html":
        return render_html(opinion, lang, amounts)
    t = Messages(lang)
    if "matters" in opinion:  # several defendants or items: the overview, then each matter's memo
        memos = [render(matter, "md", lang, amounts) for matter in opinion["matters"]]
        return _fill("matters", opinion, lang, t) + "\n---\n\n" + "\n---\n\n".join(memos)
    return _fill(fmt, opinion, lang, t, amounts or Amounts())


def _fill(name: str, opinion: dict[str, Any], lang: str, t: Messages, amounts: Amounts | None = None) -> str:
    template = _environment().get_template(_TEMPLATES[name])
    amounts = amounts or Amounts()
    return _tidy(template.render(
        o=opinion, lang=lang, t=t, esc=escape_markdown, figure=amounts.figure, stated=amounts.stated,
        tr=lambda pair: "" if pair is None else escape_markdown(pair[lang]),
        num=(lambda n: zh_number(n)) if lang == "zh" else str,
        status=lambda view: _status_text(t, view),
        outcome=lambda view: _status_text(t, view, "outcome"),
    ))


# Text from a facts file (and so every text pair, which may carry a fact's value) is shown as typed:
# the characters that would make Markdown links, images, emphasis, code, HTML or table cells are
# backslash-escaped, and line breaks are flattened so that no typed line can start a heading or list.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def escape_markdown(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(text).splitlines()))


def _tidy(markdown: str) -> str:
    """At most one blank line anywhere and one newline at the end, whichever optional parts were left out."""
    return re.sub(r"\n{3,}", "\n\n", markdown).strip("\n") + "\n"


def render_html_body(opinion: dict[str, Any], lang: str, amounts: Amounts | None = None) -> str:
    """The memo converted to HTML, without the page around it (the web application has its own)."""
    from markdown_it import MarkdownIt

    # The memo has no links or images of its own: with those rules off, nothing can reach outside the page.
    parser = MarkdownIt("commonmark", {"html": False}).enable("table").disable(["link", "image", "autolink"])
    return parser.render(render(opinion, "md", lang, amounts))


def render_html(opinion: dict[str, Any], lang: str, amounts: Amounts | None = None) -> str:
    """The Markdown memo as one self-contained HTML page.

    The memo is written once (opinion.md.j2) and converted with raw HTML disabled, so
    any markup typed into a facts file is shown as text, never interpreted.
    """
    body = render_html_body(opinion, lang, amounts)
    page = _environment().get_template("page.html.j2")
    case = opinion["matters"][0]["case"] if "matters" in opinion else opinion["case"]
    title = case["title"] or case["file"]
    # The page environment does not autoescape (the body is already HTML): escape the title here.
    return page.render(lang=lang, title=markupsafe.escape(title), body=body, version=__version__)


def render_json(opinion: dict[str, Any]) -> str:
    document = {"secretlaw": __version__, **opinion}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _status_text(t: Messages, view: dict[str, Any], reading: str = "status") -> str:
    """A status or an outcome in words; a point that does not arise is neither established nor not."""
    if view.get("applies") is False:
        return t("status_not_applicable")
    prefix = "defence_" if view.get("role") == "defence" else "status_"
    return t(prefix + view[reading])
