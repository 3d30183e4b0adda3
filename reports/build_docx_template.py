"""Builds reports/opinion.docx, the Word template of the memo (docxtpl: Jinja2 tags inside Word).

    python reports/build_docx_template.py          # rewrites reports/opinion.docx

The template is generated, not edited by hand, so that every style and tag in it can be read here and
reviewed in a diff; tests/test_documents.py checks that the committed file is what this script makes.
A firm that wants its own letterhead copies the generated file, edits it in Word, keeps the tags,
and passes it with `secretlaw assess FILE --format docx --template letterhead.docx` (README: Word template).
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

from engine.report.documents.package import fix_core_properties, fixed_zip

OUTPUT = Path(__file__).resolve().parent / "opinion.docx"

# Word has no fallback list in a run's fonts: the East Asian font is named once, and its entry in
# fontTable.xml carries the alternate name Word substitutes when the first is not installed
# (宋体/黑体 on a Chinese Windows; LibreOffice falls back through fontconfig to fonts-noto-cjk).
LATIN_SERIF, LATIN_SANS = "Times New Roman", "Arial"
CJK_SERIF, CJK_SERIF_ALT = "Noto Serif CJK SC", "宋体"
CJK_SANS, CJK_SANS_ALT = "Noto Sans CJK SC", "黑体"
BLACK = RGBColor(0, 0, 0)


def build_template() -> bytes:
    doc = Document()
    _drop_thumbnail(doc)
    _page(doc.sections[0])
    _styles(doc)
    _font_table(doc)
    _body(doc)
    _footer(doc.sections[0])
    fix_core_properties(doc.core_properties, "{{ title }}", "zh-CN")
    out = io.BytesIO()
    doc.save(out)
    return fixed_zip(out.getvalue())


def _drop_thumbnail(doc) -> None:
    """python-docx's sample thumbnail would show its own page in a file browser, not the memo."""
    rels = doc.part.package.rels
    for rid in [rid for rid, rel in rels.items() if rel.reltype == RT.THUMBNAIL]:
        del rels[rid]


def _page(section) -> None:
    """A4 portrait with the margins of Word's Chinese default (2.54 cm top and bottom, 3.17 cm sides)."""
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Cm(2.54)
    section.left_margin = section.right_margin = Cm(3.17)
    section.footer_distance = Cm(1.2)


def _fonts(element, latin: str, east_asian: str) -> None:
    """Explicit fonts on a style or the document defaults; the theme's (Japanese in python-docx's base) removed."""
    rpr = element.get_or_add_rPr() if hasattr(element, "get_or_add_rPr") else element
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), latin)
    fonts.set(qn("w:eastAsia"), east_asian)


def _styles(doc) -> None:
    styles = doc.styles
    defaults = styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _fonts(defaults, LATIN_SERIF, CJK_SERIF)
    lang = defaults.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        defaults.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")

    normal = styles["Normal"]
    _fonts(normal.element, LATIN_SERIF, CJK_SERIF)
    normal.font.size = Pt(12)  # 小四, the usual body size of a Chinese memo
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.5
    normal.paragraph_format.widow_control = True

    # Title and the numbered section headings: Heading 1-3 carry the outline levels that Word's
    # navigation pane lists; the numbers (一、, （一）, 1.) are the memo's own text.
    for name, size, centred in (("Title", 18, True), ("Heading 1", 15, False), ("Heading 2", 13.5, False),
                                ("Heading 3", 12, False)):
        style = styles[name]
        _fonts(style.element, LATIN_SANS, CJK_SANS)
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = BLACK
        style.paragraph_format.space_before = Pt(12 if name != "Title" else 0)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.keep_with_next = True
        style.paragraph_format.line_spacing = 1.25
        if centred:
            style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _no_title_border(styles["Title"])

    note = styles.add_style("Memo Note", WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = normal
    note.font.size = Pt(10.5)
    note.paragraph_format.left_indent = note.paragraph_format.right_indent = Cm(0.3)
    note.paragraph_format.keep_together = True
    _border(note.element.get_or_add_pPr())

    for level in (1, 2, 3):
        item = styles.add_style(f"Memo Item {level}", WD_STYLE_TYPE.PARAGRAPH)
        item.base_style = normal
        item.paragraph_format.left_indent = Cm(0.75 * level)
        item.paragraph_format.first_line_indent = Cm(-0.75)  # the marker hangs in the margin of the text
        item.paragraph_format.space_after = Pt(3)

    cell = styles.add_style("Memo Table Text", WD_STYLE_TYPE.PARAGRAPH)
    cell.base_style = normal
    cell.font.size = Pt(10.5)
    cell.paragraph_format.space_after = Pt(0)
    cell.paragraph_format.line_spacing = 1.15
    figure = styles.add_style("Memo Table Figure", WD_STYLE_TYPE.PARAGRAPH)
    figure.base_style = cell
    figure.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    footer = styles["Footer"]
    _fonts(footer.element, LATIN_SERIF, CJK_SERIF)
    footer.font.size = Pt(8)


def _no_title_border(style) -> None:
    ppr = style.element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):
        ppr.remove(border)


def _border(ppr) -> None:
    """A box around the disclaimer that survives black-and-white printing."""
    borders = OxmlElement("w:pBdr")
    for side in ("top", "left", "bottom", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "single")
        edge.set(qn("w:sz"), "12" if side == "left" else "4")
        edge.set(qn("w:space"), "4")
        edge.set(qn("w:color"), "000000")
        borders.append(edge)
    ppr.append(borders)


def _font_table(doc) -> None:
    """Entries for the CJK fonts, each with its alternate name (the fallback Word uses)."""
    part = next(p for p in doc.part.package.iter_parts() if p.partname == "/word/fontTable.xml")
    entries = "".join(
        f'<w:font w:name="{name}"><w:altName w:val="{alt}"/><w:charset w:val="86"/>'
        f'<w:family w:val="{family}"/><w:pitch w:val="variable"/></w:font>'
        for name, alt, family in ((CJK_SERIF, CJK_SERIF_ALT, "roman"), (CJK_SANS, CJK_SANS_ALT, "swiss")))
    part._blob = part.blob.replace(b"</w:fonts>", entries.encode("utf-8") + b"</w:fonts>")


def _tag(doc, text: str, style: str | None = None):
    return doc.add_paragraph(text, style=style)


def _body(doc) -> None:
    """One loop over the memo's blocks (engine/report/documents/blocks.py): each kind has its paragraph here."""
    _tag(doc, "{%p for b in blocks %}")
    _tag(doc, "{%p if b.kind == 'heading' and b.level == 0 %}")
    _tag(doc, "{{r b.text }}", "Title")
    for level in (1, 2, 3):
        _tag(doc, f"{{%p elif b.kind == 'heading' and b.level == {level} %}}")
        _tag(doc, "{{r b.text }}", f"Heading {level}")
    _tag(doc, "{%p elif b.kind == 'note' %}")
    _tag(doc, "{{r b.text }}", "Memo Note")
    for level in (1, 2):
        _tag(doc, f"{{%p elif b.kind == 'item' and b.level == {level} %}}")
        _tag(doc, "{{r b.text }}", f"Memo Item {level}")
    _tag(doc, "{%p elif b.kind == 'item' %}")
    _tag(doc, "{{r b.text }}", "Memo Item 3")
    _tag(doc, "{%p elif b.kind == 'rule' %}")
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)  # between the memos of several matters
    _tag(doc, "{%p elif b.kind == 'table' and b.columns == 3 %}")
    _damages_table(doc)
    _tag(doc, "{%p elif b.kind == 'table' %}")
    _any_table(doc)
    _tag(doc, "{%p else %}")
    _tag(doc, "{{r b.text }}")
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p endfor %}")


def _table(doc, widths_cm: tuple[float, ...]):
    table = doc.add_table(rows=4, cols=len(widths_cm))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm):
            cell.width = Cm(width)
            cell.paragraphs[0].style = doc.styles["Memo Table Text"]
    _row_property(table.rows[0], "w:tblHeader")  # the header repeats on every page the table runs over
    _row_property(table.rows[2], "w:cantSplit")  # a row is never cut across two pages
    return table


def _row_property(row, name: str) -> None:
    element = OxmlElement(name)
    row._tr.get_or_add_trPr().append(element)


def _damages_table(doc) -> None:
    """Step, how, amount: the amount column right-aligned, as figures are."""
    table = _table(doc, (4.6, 7.4, 2.7))
    header, loop, row, end = table.rows
    for index, cell in enumerate(header.cells):
        cell.paragraphs[0].text = f"{{{{r b.header[{index}] }}}}"
        cell.paragraphs[0].runs[0].bold = True
    loop.cells[0].paragraphs[0].text = "{%tr for row in b.rows %}"
    for index, cell in enumerate(row.cells):
        cell.paragraphs[0].text = f"{{{{r row[{index}] }}}}"
    header.cells[2].paragraphs[0].style = row.cells[2].paragraphs[0].style = doc.styles["Memo Table Figure"]
    end.cells[0].paragraphs[0].text = "{%tr endfor %}"


def _any_table(doc) -> None:
    """Any other table (the overview of several matters): one column repeated per cell."""
    table = _table(doc, (1.0, 12.7, 1.0))
    header, loop, row, end = table.rows
    for cells in (header.cells, row.cells):
        cells[0].paragraphs[0].text = "{%tc for cell in " + ("b.header" if cells is header.cells else "row") + " %}"
        cells[1].paragraphs[0].text = "{{r cell }}"
        cells[2].paragraphs[0].text = "{%tc endfor %}"
    loop.cells[0].paragraphs[0].text = "{%tr for row in b.rows %}"
    end.cells[0].paragraphs[0].text = "{%tr endfor %}"


def _footer(section) -> None:
    """The disclaimer on every page, and 'page N of M' as Word fields (PAGE, NUMPAGES)."""
    footer = section.footer
    disclaimer = footer.paragraphs[0]
    disclaimer.text = "{{ disclaimer }}"
    disclaimer.style = footer.part.document.styles["Footer"] if hasattr(footer.part, "document") else disclaimer.style
    numbers = footer.add_paragraph(style=disclaimer.style)
    numbers.alignment = WD_ALIGN_PARAGRAPH.CENTER
    numbers.add_run("{{ page_before }}")
    _field(numbers, "PAGE")
    numbers.add_run("{{ page_between }}")
    _field(numbers, "NUMPAGES")
    numbers.add_run("{{ page_after }}")


def _field(paragraph, instruction: str) -> None:
    for kind, text in (("begin", None), ("instr", f" {instruction} "), ("separate", None), ("text", "1"), ("end", None)):
        run = paragraph.add_run()
        if kind == "instr":
            code = OxmlElement("w:instrText")
            code.set(qn("xml:space"), "preserve")
            code.text = text
            run._r.append(code)
        elif kind == "text":
            run.text = text
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)


if __name__ == "__main__":
    OUTPUT.write_bytes(build_template())
    print(f"wrote {OUTPUT}", file=sys.stderr)
