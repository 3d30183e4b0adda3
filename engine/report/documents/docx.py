"""The memo as a Word document: reports/opinion.docx (or a firm's own template) filled by docxtpl.

The template gets the memo as blocks (engine.report.documents.blocks), the opinion itself and the message
catalogue; the README (Word template) lists every variable. docxtpl autoescapes: text from a facts
file (field codes, XML, markup) arrives in Word as the characters typed.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import jinja2
from docxtpl import DocxTemplate

from ... import __version__
from ...errors import InputError
from ..messages import Messages
from ..render import render
from ...resources import resource_dir
from .amounts import DocumentAmounts, capital_numerals, money
from .blocks import memo_blocks
from .package import fix_core_properties, fixed_zip

LANGUAGE_TAGS = {"zh": "zh-CN", "en": "en-GB"}


def default_template() -> Path:
    return Path(resource_dir("reports")) / "opinion.docx"


def render_docx(opinion: dict[str, Any], lang: str, template: str | Path | None = None) -> bytes:
    path = Path(template) if template else default_template()
    document = _open(path)
    context = template_context(opinion, lang)
    # A template of the firm's own: a tag it misspells, or a name we do not provide, is its author's to fix.
    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    try:
        document.render(context, jinja_env=environment, autoescape=True)
    except jinja2.TemplateError as exc:
        raise InputError(str(path), getattr(exc, "lineno", None), None, f"the Word template does not render: {exc}",
                         "see the README, Word template, for the variables a template gets") from None
    fix_core_properties(document.docx.core_properties, context["title"], LANGUAGE_TAGS[lang])
    out = io.BytesIO()
    document.save(out)
    return fixed_zip(out.getvalue())


def _open(path: Path) -> DocxTemplate:
    if not path.is_file():
        raise InputError(str(path), None, None, "no such Word template", "give a .docx file, e.g. a copy of reports/opinion.docx")
    if not zipfile.is_zipfile(path):
        raise InputError(str(path), None, None, "not a Word document (.docx)", "save the template as .docx, not .doc")
    try:
        document = DocxTemplate(str(path))
        document.init_docx()
    except Exception as exc:  # python-docx raises several kinds on a zip that is not a Word document
        raise InputError(str(path), None, None, f"not a Word document (.docx): {exc}") from None
    return document


def template_context(opinion: dict[str, Any], lang: str) -> dict[str, Any]:
    """Everything a Word template can use (README: Word template)."""
    t = Messages(lang)
    markdown = render(opinion, "md", lang, DocumentAmounts(lang))
    blocks = memo_blocks(markdown)
    case = opinion["matters"][0]["case"] if "matters" in opinion else opinion["case"]
    before, rest = t("page_number").split("{page}")
    between, after = rest.split("{pages}")
    return {
        "lang": lang,
        "title": next((b.plain for b in blocks if b.kind == "heading" and b.level == 0), case["file"]),
        "case": case,
        "disclaimer": t("disclaimer"),
        "blocks": blocks,
        "damages": _damages(opinion, lang),
        "page_before": before, "page_between": between, "page_after": after,
        "o": opinion,
        "t": t,
        "version": __version__,
    }


def _damages(opinion: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    """Each computed sum, for a template that states it elsewhere (a cover page, a letter)."""
    opinions = opinion.get("matters", [opinion])
    return [{"label": comp["result_label"][lang] if comp.get("result_label") else "",
             "figure": money(comp["result"], lang),
             "capital": capital_numerals(comp["result"]) if lang == "zh" else None}
            for o in opinions for comp in o.get("computations", ()) if comp.get("result_display")]
