"""The message under a field: errors and warnings, hidden when there are none.

Every keystroke re-routes every finding of the service to its field; updating a label with the
same text would still make Textual lay the screen out again, so this label compares first.
Each line starts with ✖ (error, blocks saving) or ⚠ (warning), so the difference reads without
colour too.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Label

from ztui.ui.text import printable

#: A message for a field and whether it is an error (else a warning).
Problem = tuple[str, bool]


def worst(problems: list[Problem]) -> str | None:
    """`error`, `warning`, or None: how a field with `problems` is marked."""
    if not problems:
        return None
    return "error" if any(error for _, error in problems) else "warning"


class MessageLabel(Label):
    """Shows problems (from a file or a validator, so always as literal text) or nothing."""

    def __init__(self, *, id: str | None = None, classes: str = "message") -> None:  # noqa: A002
        super().__init__("", id=id, classes=classes)
        self._problems: list[Problem] = []

    @property
    def message(self) -> str:
        """The text shown, without the ✖/⚠ marks."""
        return "\n".join(text for text, _ in self._problems)

    def show(self, message: str, *, error: bool = True) -> None:
        """Show one message (empty hides the label)."""
        self.show_problems([(message, error)] if message else [])

    def show_problems(self, problems: list[Problem]) -> None:
        """Show each problem on its own line(s), errors first."""
        problems = sorted(problems, key=lambda p: not p[1])
        if problems == self._problems:
            return
        self._problems = problems
        lines = [f"{'✖' if error else '⚠'} {printable(text)}" for text, error in problems]
        self.update(Text("\n".join(lines)))
        level = worst(problems)
        self.set_class(level is not None, "-shown")
        self.set_class(level == "warning", "-warning")
