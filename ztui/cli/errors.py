"""Errors a user can cause, with the exit code each one means."""

from __future__ import annotations


class UserError(Exception):
    """A failure explained in one line; `exit_code` 1 (request not met) unless said otherwise."""

    exit_code = 1


class UsageError(UserError):
    """The input cannot be used at all: a repo without Otomi values, a bad argument."""

    exit_code = 2


#: Control characters (C0 but tab and line feed, DEL, C1): a file name or value that carries
#: them must not drive the user's terminal (`\x1b[2J` clears it, OSC sequences set its title).
_CONTROL = dict.fromkeys([*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)])


def printable(text: str, *, keep: str = "") -> str:
    """`text` with every control character written as an escape (`\\x1b` as `\\u001b`).

    Tab and line feed stay as they are; `keep` names further characters to keep (a diff keeps
    the `\\r` of a CRLF file).
    """
    if text.isprintable():
        return text
    return "".join(
        f"\\u{ord(ch):04x}" if ord(ch) in _CONTROL and ch not in keep else ch for ch in text
    )
