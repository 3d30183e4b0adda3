"""The Markdown memo as a list of blocks (headings, paragraphs, list items, notes, tables) for a Word template.

The memo is written once (reports/opinion.md.j2); the Word document is built from the same parse that
makes the HTML page, so no second copy of the memo's wording or order exists. Each block's text is a
docxtpl RichText (bold and code runs kept), escaped for XML by docxtpl; `plain` is the same text unstyled.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from docxtpl import RichText
from markdown_it import MarkdownIt

# The characters XML 1.0 forbids (and that docxtpl would turn into breaks or tabs): never in a document.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff]")
# docxtpl turns "{_{", "}_}", "{_%" and "%_}" back into Jinja tags after rendering: keep such typed
# text literal by putting a run boundary inside it, which that replacement cannot see across.
_DOCXTPL_UNESCAPE = re.compile(r"(?<=[{%])(?=_)|(?<=_)(?=[}%])")
CODE_FONT = "Consolas"


@dataclass
class Block:
    kind: str  # heading, paragraph, item, note, table, rule
    level: int = 0  # heading: 0 title, 1-3 Heading 1-3; item: nesting depth from 1
    text: Any = None  # RichText
    plain: str = ""
    header: list[Any] = field(default_factory=list)  # table: RichText per column
    rows: list[list[Any]] = field(default_factory=list)  # table: RichText per cell
    columns: int = 0
    plain_rows: list[list[str]] = field(default_factory=list)  # table: the header row, then each row


class _Text:
    """Runs collected from one inline token, then handed over as RichText and as plain text."""

    def __init__(self, prefix: str = ""):
        self.rich, self.plain = RichText(), ""
        if prefix:
            self.add(prefix)

    def add(self, text: str, bold: bool = False, code: bool = False) -> None:
        text = _CONTROL.sub("", text)
        self.plain += text
        for piece in _DOCXTPL_UNESCAPE.split(text):
            if piece:
                self.rich.add(piece, bold=bold, font=CODE_FONT if code else None)


def _inline(token, prefix: str = "") -> _Text:
    out, bold = _Text(prefix), 0
    for child in token.children or ():
        if child.type == "strong_open":
            bold += 1
        elif child.type == "strong_close":
            bold -= 1
        elif child.type == "text":
            out.add(child.content, bold=bold > 0)
        elif child.type == "code_inline":
            out.add(child.content, bold=bold > 0, code=True)
        elif child.type in ("softbreak", "hardbreak"):
            out.add(" ")
    return out


def memo_blocks(markdown: str) -> list[Block]:
    """The memo's blocks in reading order (the parser is the HTML page's: no raw HTML, no links)."""
    parser = MarkdownIt("commonmark", {"html": False}).enable("table").disable(["link", "image", "autolink"])
    tokens = parser.parse(markdown)
    blocks: list[Block] = []
    lists: list[dict[str, Any]] = []  # open lists, innermost last: ordered?, the next number
    marker, quote, heading, table = "", 0, 0, None
    for token in tokens:
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            start = int(token.attrGet("start") or 1)
            lists.append({"ordered": kind == "ordered_list_open", "next": start})
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            current = lists[-1]
            marker = f"{current['next']}. " if current["ordered"] else "• "
            current["next"] += 1
        elif kind == "blockquote_open":
            quote += 1
        elif kind == "blockquote_close":
            quote -= 1
        elif kind == "hr":
            blocks.append(Block("rule"))
        elif kind == "table_open":
            table = Block("table")
        elif kind == "tr_open":
            row: list[_Text] = []
        elif kind == "inline" and table is not None:
            row.append(_inline(token))
        elif kind == "tr_close":
            table.plain_rows.append([cell.plain for cell in row])
            if not table.header:
                table.header = [cell.rich for cell in row]
            else:
                table.rows.append([cell.rich for cell in row])
        elif kind == "table_close":
            table.columns = len(table.header)
            blocks.append(table)
            table = None
        elif kind == "heading_open":
            heading = int(token.tag[1])
        elif kind == "heading_close":
            heading = 0
        elif kind == "inline":
            blocks.append(_block(token, len(lists), marker, quote, heading))
            marker = ""
    return blocks


def _block(token, depth: int, marker: str, quote: int, heading: int) -> Block:
    if heading:
        text = _inline(token)
        return Block("heading", level=heading - 1, text=text.rich, plain=text.plain)
    if depth:
        # A list item's continuation paragraph carries no marker of its own.
        text = _inline(token, marker)
        return Block("item", level=depth, text=text.rich, plain=text.plain)
    text = _inline(token)
    return Block("note" if quote else "paragraph", text=text.rich, plain=text.plain)
