"""An Input that shows a file's value safely and gives it back unchanged when not edited.

A value from a file may hold control characters; the Input shows them escaped (`\\x1b`), and
as long as the person has not touched the field, `field_value` returns the value as stored,
so editing a neighbouring row does not rewrite this one with its escaped spelling.
"""

from __future__ import annotations

from typing import Any

from textual.suggester import Suggester
from textual.widgets import Input

from ztui.ui.text import printable


class FieldInput(Input):
    """A compact Input bound to one field of a rule row."""

    def __init__(
        self,
        value: Any,
        *,
        placeholder: str,
        column: str,
        suggester: Suggester | None = None,
        disabled: bool = False,
    ) -> None:
        self.original: Any = value
        self.shown = "" if value is None else printable(value)
        super().__init__(
            self.shown,
            placeholder=placeholder,
            suggester=suggester,
            compact=True,
            disabled=disabled,
            select_on_focus=False,
            classes=f"field -{column}",
        )
        self.column = column

    def load(self, value: Any) -> None:
        """Show `value` as the field's stored value (the caller prevents Changed)."""
        self.original = value
        self.shown = "" if value is None else printable(value)
        if self.value != self.shown:
            self.value = self.shown

    @property
    def field_value(self) -> Any:
        """The stored value while untouched, else the text as typed."""
        return self.original if self.value == self.shown else self.value

    def mark(self, level: str | None) -> None:
        """Mark the field for an `error` or a `warning` (the row shows the message)."""
        if self.has_class("-invalid") != (level == "error"):
            self.set_class(level == "error", "-invalid")
        if self.has_class("-warned") != (level == "warning"):
            self.set_class(level == "warning", "-warned")
