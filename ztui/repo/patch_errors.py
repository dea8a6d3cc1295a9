"""The two ways an edit of YAML text can fail, so callers can tell a refusal from a bug.

`RefusedEdit` is a file ztui will not patch by design (anchors, tabs, templates, SOPS...): the
user learns why and edits by hand. `PatchError` is an edit that could not be made or did not
verify: nothing is returned, so bad text never reaches the disk. Both carry one line of text,
`file:line: reason`, fit for a status bar or stderr.
"""

from __future__ import annotations


class PatchError(Exception):
    """An edit that could not be made exactly as asked; the document is unchanged."""


class RefusedEdit(PatchError):
    """An edit ztui refuses because the file uses YAML it does not patch (see the reason)."""


def line_of(text: str, pos: int) -> int:
    """The 1-based line of character offset `pos` in `text`."""
    return text.count("\n", 0, max(0, pos)) + 1


def refuse(file: str, text: str, pos: int, reason: str) -> RefusedEdit:
    """A `RefusedEdit` pointing at the line of `pos`."""
    return RefusedEdit(f"{file}:{line_of(text, pos)}: {reason}")


def fail(file: str, text: str, pos: int, reason: str) -> PatchError:
    """A `PatchError` pointing at the line of `pos`."""
    return PatchError(f"{file}:{line_of(text, pos)}: {reason}")
