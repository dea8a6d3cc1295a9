"""An Input that shows a file's value safely and gives it back unchanged when not edited.

A value from a file may hold control characters; the Input shows them escaped (`\\x1b`), and
as long as the person has not touched the field, `field_value` returns the value as stored,
so editing a neighbouring row does not rewrite this one with its escaped spelling.

A keystroke must not re-lay out the screen. Textual's Input sets its virtual size on every
change of value, and that reactive asks for a layout of the whole screen (measured: most of a
keystroke's time on a 10,000-service repo, as every widget is then drawn again). A field's size
comes from the stylesheet (`.field` widths in fr, one line high), never from its text, so the
field refreshes only itself; the cursor's horizontal scroll reads the virtual size directly.
And the echo of a typed value waits for the preview it changes, so both land in one frame
(`ztui.ui.keyframe`).
"""

from __future__ import annotations

from typing import Any, Self

from textual.geometry import Region
from textual.suggester import Suggester
from textual.validation import ValidationResult
from textual.widgets import Input

from ztui.ui import keyframe
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
        self._typing = False
        self._loading = False
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

    def _watch_value(self, value: str) -> None:
        """Input's own watcher, with its layout request turned into a repaint (see above)."""
        self._typing = not self.styles.auto_dimensions
        if self.has_focus and not self._loading:
            keyframe.hold(self.app)
        try:
            super()._watch_value(value)
        finally:
            self._typing = False

    def refresh(
        self,
        *regions: Region,
        repaint: bool = True,
        layout: bool = False,
        recompose: bool = False,
    ) -> Self:
        if self._typing:
            layout = False
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def validate(self, value: str) -> ValidationResult | None:
        """No validators here: the form validates the service, and `mark` owns `-invalid`
        (Input's own check would clear it on every keystroke, restyling the field twice)."""
        return None

    def load(self, value: Any) -> None:
        """Show `value` as the field's stored value (the caller prevents Changed)."""
        self.original = value
        self.shown = "" if value is None else printable(value)
        if self.value != self.shown:
            self._loading = True
            try:
                self.value = self.shown
            finally:
                self._loading = False

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
