"""Text from a facts file made safe for a terminal and for one-line messages.

A facts file can hold ESC sequences (clear the screen, move the cursor), BEL, backspace and the
Unicode bidirectional overrides (U+202E turns "established" around on screen). None of them may reach
a terminal intact: each is shown escaped, as \\x1b or \\u202e, so the reader sees that it was there.
"""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, the line and paragraph separators, and the bidirectional controls.
_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069"
_IN_TEXT = re.compile(f"[{_CONTROLS}]")
_IN_LINE = re.compile(f"[{_CONTROLS}\t\n]")


def _escaped(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_text(text: str) -> str:
    """Controls escaped; newlines and tabs kept (a memo has lines)."""
    return _IN_TEXT.sub(_escaped, text)


def one_line(text: str) -> str:
    """Controls, newlines and tabs escaped: an error message stays one line."""
    return _IN_LINE.sub(_escaped, text)
