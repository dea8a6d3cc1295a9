"""Strings from files, made safe to show: never markup, never terminal control.

A values repo is somebody else's text. A service called `[bold]x` must read `[bold]x`, and a
value holding an escape sequence must not clear the screen or move the cursor, so every label
built from file content goes through `literal` (a `rich.text.Text`, which is never parsed as
markup) after `printable` has replaced control characters with visible escapes.
"""

from __future__ import annotations

import re
from typing import Any

from rich.text import Text

#: C0 controls, DEL, C1 controls, and the Unicode bidi overrides and isolates that can make
#: text read in another order than it is stored (the "trojan source" characters).
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(value: Any) -> str:
    """`value` as one line of harmless text: controls become `\\xNN` (or `\\uNNNN`)."""
    text = value if isinstance(value, str) else str(value)
    return _UNSAFE.sub(_escape, text)


def literal(value: Any, style: str = "") -> Text:
    """A Text that shows `value` exactly as stored, with controls made visible."""
    return Text(printable(value), style=style, no_wrap=True, end="")
