"""The memo as filed: a Word document (docxtpl, reports/opinion.docx) and a PDF (the HTML page printed
by headless Chromium). Both start from the one Markdown memo (engine.report.render) with the amounts written as
a filed document writes them (engine.report.documents.amounts); both are byte-for-byte deterministic.
"""

from __future__ import annotations

from typing import Any

FORMATS = ("docx", "pdf")


def render_document(opinion: dict[str, Any], fmt: str, lang: str, template: str | None = None) -> bytes:
    if fmt == "docx":
        from .docx import render_docx

        return render_docx(opinion, lang, template)
    if fmt == "pdf":
        from .pdf import render_pdf

        return render_pdf(opinion, lang)
    raise ValueError(f"unknown document format {fmt}")
