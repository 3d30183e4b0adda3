"""The memo as a PDF: the HTML page (engine.report.render) printed by headless Chromium, then its metadata fixed.

Chromium lays the page out as a browser prints it: A4 and the page numbers come from the page's own
@page rules (reports/page.html.j2), a table row is never split (break-inside: avoid), the fonts the page
names (fonts-noto-cjk for Chinese) are embedded as subsets, and the text stays selectable. No
Playwright at run time: the browser's own --print-to-pdf. Its dates and document ID are then fixed
with pikepdf, so the same facts give the same bytes.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pikepdf

from ...errors import MissingProgram
from ..render import render_html
from .amounts import DocumentAmounts
from .package import FIXED_TIME

# The browsers tried, in order, unless SECRETLAW_CHROMIUM names one.
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
TIMEOUT_SECONDS = 120


def find_browser() -> str:
    named = os.environ.get("SECRETLAW_CHROMIUM")
    if named:
        if shutil.which(named):
            return shutil.which(named)
        raise MissingProgram(f"SECRETLAW_CHROMIUM names {named}, which is not an executable program",
                             "name the chromium binary, e.g. /usr/bin/chromium")
    for name in BROWSERS:
        if shutil.which(name):
            return shutil.which(name)
    raise MissingProgram("the PDF is printed by headless Chromium, and no chromium is installed",
                         "apt-get install chromium fonts-noto-cjk, or set SECRETLAW_CHROMIUM")


def render_pdf(opinion: dict[str, Any], lang: str) -> bytes:
    html = render_html(opinion, lang, DocumentAmounts(lang))
    return fixed_metadata(print_to_pdf(html))


def print_to_pdf(html: str) -> bytes:
    browser = find_browser()
    with tempfile.TemporaryDirectory(prefix="secretlaw-pdf-") as work:
        page, output = Path(work, "memo.html"), Path(work, "memo.pdf")
        page.write_text(html, encoding="utf-8")
        command = [
            browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
            "--disable-extensions", "--disable-background-networking", "--disable-sync", "--mute-audio",
            f"--user-data-dir={Path(work, 'profile')}",
            "--no-pdf-header-footer",  # the page's own @page rules number the pages, not the browser's header
            f"--print-to-pdf={output}", page.as_uri(),
        ]
        try:
            done = subprocess.run(command, capture_output=True, timeout=TIMEOUT_SECONDS, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise MissingProgram(f"{browser} did not print the PDF within {TIMEOUT_SECONDS} s") from None
        if not output.is_file() or output.stat().st_size == 0:
            said = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise MissingProgram(f"{browser} printed no PDF (exit {done.returncode})",
                                 said[-1][:200] if said else None)
        return output.read_bytes()


def fixed_metadata(pdf: bytes) -> bytes:
    """Creation and modification dates fixed, the document ID derived from the content (not random)."""
    stamp = "D:" + FIXED_TIME.strftime("%Y%m%d%H%M%S") + "Z"
    with pikepdf.open(io.BytesIO(pdf)) as document:
        document.docinfo["/CreationDate"] = stamp
        document.docinfo["/ModDate"] = stamp
        document.docinfo["/Creator"] = "secretlaw"
        out = io.BytesIO()
        document.save(out, deterministic_id=True)
    return out.getvalue()
