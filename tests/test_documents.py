"""The memo as a Word document and as a PDF: what a reader finds in them, literal text, determinism, fonts.

The DOCX is read back with python-docx, the PDF with pypdfium2 (text) and pikepdf (fonts). Their text is
compared with committed expected files (tests/expected/*.docx.txt, *.pdf.txt); after an intended change
regenerate them with
    python -m tests.test_documents
"""

from __future__ import annotations

import hashlib
import io
import re
import shutil
import sys
from pathlib import Path

import pytest

from engine.load.facts import load_case
from engine.load.knowledge import load_knowledge
from engine.report.documents import render_document
from engine.report.opinion import assess
from tests.conftest import FACTS, variant_text

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = ROOT / "tests" / "expected"
PICTURES = ROOT / "build" / "documents"
HEADINGS = {
    "zh": ["一、问题", "二、简要回答", "三、所依据的事实", "四、适用的法律"],
    "en": ["1. Question presented", "2. Short answer", "3. Facts relied on", "4. Applicable law"],
}
DAMAGES_HEADER = {"zh": "数额（金额单位：元）", "en": "Figure (amounts in CNY)"}
CONCLUSION = {"zh": "侵害商业秘密", "en": "Infringement"}
# Text a facts file may carry that Word, XML, Jinja2 or Markdown would otherwise act on.
HOSTILE = '{ MERGEFIELD Name } <w:t>x</w:t> & "q" {{ 7*7 }} {% if 1 %}if{% endif %} **bold** <script>alert(1)</script>'


def _chromium() -> bool:
    return any(shutil.which(name) for name in ("chromium", "chromium-browser"))


needs_chromium = pytest.mark.skipif(not _chromium(), reason="Debian's chromium is not installed (.ci/run installs it)")


def _opinion(path: Path, display: str, text: str | None = None, tmp: Path | None = None):
    knowledge = load_knowledge()
    if text is not None:
        path = tmp / "facts.yaml"
        path.write_text(text, encoding="utf-8")
    case = load_case(path, knowledge.vocabulary)
    case.file = display  # as a user in the repository root would type it: the output is checkout-independent
    return assess(case, knowledge)


def _li(fmt: str, lang: str) -> bytes:
    return render_document(_opinion(FACTS / "li-wine-sales.yaml", "facts/li-wine-sales.yaml"), fmt, lang)


def docx_text(data: bytes) -> str:
    """Every paragraph of the body, tables in order, and the footer: the text parts of the document's XML."""
    import docx

    document = docx.Document(io.BytesIO(data))
    lines = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(docx.text.paragraph.Paragraph(child, document).text)
        elif tag == "tbl":
            table = docx.table.Table(child, document)
            lines.extend(" | ".join(cell.text for cell in row.cells) for row in table.rows)
    for section in document.sections:
        lines.extend(p.text for p in section.footer.paragraphs)
    return "\n".join(lines) + "\n"


def pdf_text(data: bytes) -> str:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    pages = [pdf[i].get_textpage().get_text_range().replace("\r\n", "\n") for i in range(len(pdf))]
    return "\n\f\n".join(pages) + "\n"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_word_memo_has_its_headings_damages_table_and_conclusion(lang):
    import docx

    document = docx.Document(io.BytesIO(_li("docx", lang)))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    for heading in HEADINGS[lang]:
        # A heading style, so Word's navigation pane lists it.
        assert any(h.endswith(heading) or heading in h for h in headings), (heading, headings[:8])
    damages = next(t for t in document.tables if DAMAGES_HEADER[lang] in t.rows[0].cells[-1].text)
    figures = [row.cells[-1] for row in damages.rows[1:] if row.cells[-1].text.strip()]
    assert figures and any("400,000.00" in cell.text for cell in figures)
    for cell in figures:
        alignment = cell.paragraphs[0].alignment or cell.paragraphs[0].style.paragraph_format.alignment
        assert alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.RIGHT, cell.text
    body = "\n".join(p.text for p in document.paragraphs)
    assert CONCLUSION[lang] in body
    assert ("成立" if lang == "zh" else "established") in body
    footer = " ".join(p.text for s in document.sections for p in s.footer.paragraphs)
    assert ("不构成法律意见" if lang == "zh" else "not legal advice") in footer
    assert "PAGE" in "".join(document.sections[0].footer._element.itertext()) or \
        "PAGE" in document.sections[0].footer._element.xml  # the page number field


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_word_memo_matches_its_expected_text_and_is_byte_identical_when_rerun(lang):
    first, second = _li("docx", lang), _li("docx", lang)
    assert first == second
    expected = EXPECTED / f"li-wine-sales.{lang}.docx.txt"
    assert expected.exists(), f"no {expected.name}: run python -m tests.test_documents"
    assert docx_text(first) == expected.read_text(encoding="utf-8")


def test_text_from_a_facts_file_stays_literal_in_the_word_memo(tmp_path):
    text = variant_text("li-wine-sales.yaml", {"case.title": HOSTILE})
    data = render_document(_opinion(None, "facts.yaml", text, tmp_path), "docx", "zh")
    assert HOSTILE in docx_text(data)
    xml = io.BytesIO(data)
    import zipfile

    document_xml = zipfile.ZipFile(xml).read("word/document.xml").decode("utf-8")
    assert "&lt;w:t&gt;x&lt;/w:t&gt; &amp; &quot;q&quot;" in document_xml or "&lt;w:t&gt;x&lt;/w:t&gt; &amp; \"q\"" in document_xml
    assert "<script>" not in document_xml
    # Field codes are live only inside w:instrText or w:fldSimple: the facts text never lands there.
    assert "MERGEFIELD" not in "".join(re.findall(r"<w:instrText[^>]*>([^<]*)</w:instrText>", document_xml))
    assert "w:fldSimple" not in document_xml or "MERGEFIELD" not in "".join(re.findall(r'w:instr="([^"]*)"', document_xml))


@needs_chromium
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_pdf_memo_has_the_same_headings_and_conclusion_and_its_expected_text(lang):
    data = _li("pdf", lang)
    text = pdf_text(data)
    for heading in HEADINGS[lang]:
        assert heading in text, heading
    assert CONCLUSION[lang] in text and "400,000.00" in text
    expected = EXPECTED / f"li-wine-sales.{lang}.pdf.txt"
    assert expected.exists(), f"no {expected.name}: run python -m tests.test_documents"
    assert text == expected.read_text(encoding="utf-8")


@needs_chromium
def test_the_pdf_is_a4_deterministic_and_keeps_facts_text_literal(tmp_path):
    import pikepdf

    first, second = _li("pdf", "zh"), _li("pdf", "zh")
    assert first == second
    with pikepdf.open(io.BytesIO(first)) as pdf:
        width, height = (float(v) for v in pdf.pages[0].MediaBox[2:])
        assert abs(width - 595.3) < 1 and abs(height - 841.9) < 1  # A4 in points
    text = variant_text("li-wine-sales.yaml", {"case.title": HOSTILE})
    printed = pdf_text(render_document(_opinion(None, "facts.yaml", text, tmp_path), "pdf", "zh"))
    flat = " ".join(printed.split())
    for piece in ("{ MERGEFIELD Name }", "<w:t>x</w:t>", "{{ 7*7 }}", "**bold**", "<script>alert(1)</script>"):
        assert piece in flat, piece


@needs_chromium
def test_the_first_page_of_the_li_pdf_shows_chinese_glyphs_from_an_embedded_font():
    import pikepdf
    import pypdfium2 as pdfium

    data = _li("pdf", "zh")
    with pikepdf.open(io.BytesIO(data)) as pdf:
        shapes, programs = set(), 0
        for font in pdf.pages[0].Resources.Font.values():
            if font.Subtype == "/Type3":  # Chromium draws CFF CJK glyphs (Noto Sans CJK) as embedded outlines
                for glyph in font.CharProcs.values():
                    shapes.add(hashlib.sha256(glyph.read_bytes()).hexdigest())
            else:
                descriptor = font.get("/FontDescriptor") or font.DescendantFonts[0].FontDescriptor
                assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font.get("/BaseFont")
                programs += 1
    # A missing font shows every character as the same box: one shape. The first page has a hundred and more.
    assert len(shapes) > 100, len(shapes)
    page = pdfium.PdfDocument(data)[0]
    assert "商业秘密纠纷初步分析意见" in page.get_textpage().get_text_range()
    picture = page.render(scale=1.5).to_pil()
    PICTURES.mkdir(parents=True, exist_ok=True)
    picture.save(PICTURES / "li-wine-sales.zh.page1.png")
    inked = sum(picture.convert("L").histogram()[:128])  # pixels darker than mid-grey
    assert inked > 5000  # the page is drawn, not blank


def regenerate() -> None:
    EXPECTED.mkdir(exist_ok=True)
    for lang in ("zh", "en"):
        (EXPECTED / f"li-wine-sales.{lang}.docx.txt").write_text(docx_text(_li("docx", lang)), encoding="utf-8")
        (EXPECTED / f"li-wine-sales.{lang}.pdf.txt").write_text(pdf_text(_li("pdf", lang)), encoding="utf-8")
    print(f"wrote 4 files to {EXPECTED}", file=sys.stderr)


if __name__ == "__main__":
    regenerate()


def test_a_chinese_document_states_the_award_also_in_capital_numerals():
    from engine.report.documents.amounts import capital_numerals

    assert capital_numerals("98000000") == "人民币玖仟捌佰万元整"
    assert capital_numerals("3050000.07") == "人民币叁佰零伍万元零柒分"
    data = render_document(_opinion(FACTS / "melamine.yaml", "facts/melamine.yaml"), "docx", "zh")
    assert "¥98,000,000.00（人民币玖仟捌佰万元整）" in docx_text(data)
    english = render_document(_opinion(FACTS / "melamine.yaml", "facts/melamine.yaml"), "docx", "en")
    assert "CN¥98,000,000.00" in docx_text(english) and "人民币" not in docx_text(english)
