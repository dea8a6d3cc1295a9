"""Unified diffs as git prints them: `ztui diff`, `ztui edit --dry-run`, the commit review."""

from __future__ import annotations

import difflib


def unified(old: str, new: str, name: str) -> str:
    """The diff of one file (empty when equal); `/dev/null` stands for a side that is absent."""
    if old == new:
        return ""
    lines = difflib.unified_diff(
        old.splitlines(keepends=True),
        new.splitlines(keepends=True),
        fromfile=f"a/{name}" if old else "/dev/null",
        tofile=f"b/{name}" if new else "/dev/null",
    )
    return "".join(
        line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
        for line in lines
    )
