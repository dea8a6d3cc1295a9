"""Scalars written so that every YAML reader of a values repo takes them as the value meant.

Helm reads values with a YAML 1.1 parser, where `yes`, `on`, `y`, `0755`, `12:30` and `1_000`
are not strings; ztui reads with PyYAML's 1.1 rules, and other tools use YAML 1.2, where `1e3`
and `0o17` are numbers. A new string is written plain only when all of them agree that it is
that string, and otherwise quoted: in the quote style the node or its neighbours use when that
style can hold it, else single quotes, else double quotes with escapes. Numbers, booleans and
null are written the one way all readers agree on.
"""

from __future__ import annotations

import math
import re
from typing import Final, TypeAlias

from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

Scalar: TypeAlias = str | int | float | bool | None

_RESOLVER: Final = Resolver()
_STR_TAG: Final = "tag:yaml.org,2002:str"
#: Characters that start YAML syntax when they start a plain scalar.
_INDICATORS: Final = frozenset("-?:,[]{}#&*!|>'\"%@`")
_FLOW_INDICATORS: Final = frozenset(",?[]{}")
#: Strings PyYAML reads as strings but another reader does not: YAML 1.1 `y`/`n` booleans
#: (Go's yaml.v2, which Helm uses), YAML 1.2 numbers, the merge and value keys.
_OTHER_READERS: Final = re.compile(
    r"[yYnN]|<<|=|[-+]?(?:0o[0-7_]+|0x[0-9a-fA-F_]+|0b[01_]+"
    r"|[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+]?[0-9]+)?"
    r"|\.(?:inf|Inf|INF))|\.(?:nan|NaN|NAN)"
)
#: One line of characters YAML may hold unescaped (no tab, no line breaks of any kind, no BOM).
_PRINTABLE_LINE: Final = re.compile(
    "[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]*"
)
_ESCAPES: Final = {
    "\0": "\\0",
    "\a": "\\a",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\v": "\\v",
    "\f": "\\f",
    "\r": "\\r",
    "\x1b": "\\e",
    '"': '\\"',
    "\\": "\\\\",
    "\x85": "\\N",
    "\u2028": "\\L",
    "\u2029": "\\P",
}


def plain_safe(text: str, *, flow: bool = False) -> bool:
    """Whether `text` written plain reads back as this string in YAML 1.1 and 1.2 readers."""
    if not text or text != text.strip(" ") or not _PRINTABLE_LINE.fullmatch(text):
        return False
    if text[0] in _INDICATORS or text.startswith("..."):
        return False
    if ": " in text or " #" in text or text.endswith(":"):
        return False
    if flow and (":" in text or any(ch in _FLOW_INDICATORS for ch in text)):
        return False
    if _OTHER_READERS.fullmatch(text):
        return False
    tag = _RESOLVER.resolve(ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    return bool(tag == _STR_TAG)


def single_quoted(text: str) -> str | None:
    """`text` in single quotes, or None when single quotes cannot hold it on one line."""
    if not _PRINTABLE_LINE.fullmatch(text):
        return None
    return "'" + text.replace("'", "''") + "'"


def double_quoted(text: str) -> str:
    """`text` in double quotes, with escapes for quotes, backslashes and unprintable characters."""
    out: list[str] = []
    for ch in text:
        escape = _ESCAPES.get(ch)
        if escape is not None:
            out.append(escape)
        elif _PRINTABLE_LINE.fullmatch(ch):
            out.append(ch)
        elif ord(ch) <= 0xFF:
            out.append(f"\\x{ord(ch):02x}")
        elif ord(ch) <= 0xFFFF:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(f"\\U{ord(ch):08x}")
    return '"' + "".join(out) + '"'


def quoted(text: str, quote: str) -> str:
    """`text` in `quote` (`'` or `"`), falling back to double quotes when single cannot hold it."""
    if quote == "'":
        single = single_quoted(text)
        if single is not None:
            return single
    return double_quoted(text)


def format_string(text: str, *, style: str | None, prefer: str, flow: bool = False) -> str:
    """A string as YAML: in `style` (the quote char of the node it replaces, or None for plain)
    when that style can hold it, else plain when safe, else quoted in `prefer`."""
    if style in ("'", '"'):
        return quoted(text, style)
    if plain_safe(text, flow=flow):
        return text
    return quoted(text, prefer)


def format_number(value: int | float) -> str:
    """An int or float the way YAML 1.1 and 1.2 both read it back as that number."""
    if isinstance(value, int):
        return str(value)
    if math.isnan(value):
        return ".nan"
    if math.isinf(value):
        return ".inf" if value > 0 else "-.inf"
    text = repr(value)
    if "e" in text and "." not in text:  # YAML 1.1 floats need a dot: 1e+20 -> 1.0e+20
        mantissa, exponent = text.split("e")
        text = f"{mantissa}.0e{exponent}"
    return text


def format_scalar(
    value: Scalar, *, style: str | None = None, prefer: str = "'", flow: bool = False
) -> str:
    """Any scalar value as YAML text; strings follow `format_string`."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return format_number(value)
    return format_string(value, style=style, prefer=prefer, flow=flow)


def literal_block(text: str) -> tuple[str, list[str]] | None:
    """The header (`|` or `|-`) and content lines of `text` as a literal block scalar, or None
    when a literal block cannot hold it without indentation or keep indicators."""
    if "\n" not in text.rstrip("\n") or text.startswith(("\n", " ")) or text.endswith("\n\n"):
        return None
    lines = text.removesuffix("\n").split("\n")
    if not all(_PRINTABLE_LINE.fullmatch(line) for line in lines):
        return None
    return ("|" if text.endswith("\n") else "|-"), lines


def folded_line(text: str) -> tuple[str, list[str]] | None:
    """The header (`>` or `>-`) and single content line of a one-line `text`, or None."""
    line = text.removesuffix("\n")
    if not line or "\n" in line or line.startswith(" ") or not _PRINTABLE_LINE.fullmatch(line):
        return None
    return (">" if text.endswith("\n") else ">-"), [line]
