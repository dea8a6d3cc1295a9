"""The header line: which repo, which branch, which dialect, what is unsaved, read-only or not.

A person editing network policy over SSH must always see where they are and whether anything
is unsaved; read-only is shown in the error colour so nobody mistakes it for a working session.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.widgets import Label

from ztui.ui.tasks import GitSummary
from ztui.ui.text import literal


def short_path(path: Path) -> str:
    """`~/values` for a path under the home folder, else the path as given."""
    try:
        return "~/" + path.relative_to(Path.home()).as_posix()
    except ValueError:
        return str(path)


class RepoHeader(Horizontal):
    """One line: `ztui  ~/values (main ↑1) · v2 · 2 unsaved · validating 40%   READ-ONLY`."""

    unsaved: reactive[int] = reactive(0)
    """How many services and teams have edits that are not saved."""
    status: reactive[str] = reactive("")
    """What a background job is doing (reading, validating, saving), or empty."""
    dialect: reactive[str] = reactive("")
    """The repo's dialect (`v1`/`v2`), or its later layout (`netpols`/`files`), once read."""
    git: reactive[GitSummary | str | None] = reactive(None)
    """The git summary, or a word for why there is none."""

    def __init__(self, root: Path, *, read_only: bool, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.root = root
        self.read_only = read_only

    def compose(self) -> ComposeResult:
        yield Label("ztui ", id="app-name")
        yield Label(literal(short_path(self.root)), id="repo-path")
        yield Label("", id="git")
        yield Label("", id="dialect")
        yield Label("", id="unsaved")
        yield Label("", id="status")
        mode = Label("READ-ONLY", id="read-only")
        mode.display = self.read_only
        yield mode

    def watch_unsaved(self, unsaved: int) -> None:
        label = self.query_one("#unsaved", Label)
        label.update(f" · {unsaved} unsaved" if unsaved else "")
        label.set_class(bool(unsaved), "-dirty")

    def watch_status(self, status: str) -> None:
        self.query_one("#status", Label).update(literal(f" · {status}") if status else "")

    def watch_dialect(self, dialect: str) -> None:
        self.query_one("#dialect", Label).update(f" · {dialect}" if dialect else "")

    def watch_git(self, git: GitSummary | str | None) -> None:
        label = self.query_one("#git", Label)
        if git is None:
            label.update("")
        elif isinstance(git, str):
            label.update(literal(f" ({git})"))
        else:
            where = git.branch or f"detached {git.commit or '?'}"
            parts = [where]
            if git.ahead:
                parts.append(f"↑{git.ahead}")
            if git.behind:
                parts.append(f"↓{git.behind}")
            if git.dirty:
                parts.append(f"✎{git.dirty}")
            label.update(literal(" (" + " ".join(parts) + ")"))
