"""A list of a form written as rows of fields: allow entries, egress rules, rule sources.

The lists behave alike so that a person learns them once, and this module holds that
behaviour once; each list keeps its own fields, layout and what its values mean.

- A row whose fields are all empty is a row being written: it stays on screen but is not part
  of the list, so `+` does not produce an error before anything is typed. Findings therefore
  arrive by the index among the rows that count, and `Changed` carries those rows, in order.
- `load` reuses the rows already on screen (loading a list on every cursor move must not
  rebuild it), and a value set by `load` is not typing: only a focused field reports.
- ✕ removes a row and puts the cursor in its neighbour (or on `+` when none is left).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, Generic, TypeVar, cast

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Input, Label

from ztui.ui.widgets.field_input import FieldInput
from ztui.ui.widgets.message_label import MessageLabel, Problem, worst

ValueT = TypeVar("ValueT")
RowT = TypeVar("RowT", bound="FieldRow[Any]")


class FieldRow(Vertical, Generic[ValueT]):
    """One row: its fields (the first gets the cursor), a remove button, its message below.

    `LABELS` lay the row out on one line, a label before each field; a row that needs more
    lines composes itself.
    """

    LABELS: ClassVar[tuple[str, ...]] = ()

    def __init__(self, *inputs: FieldInput, remove: str, disabled: bool,
                 classes: str = "rule-row") -> None:
        super().__init__(classes=classes)
        self.inputs = inputs
        self.remove_button = Button("✕", compact=True, classes="remove", disabled=disabled,
                                    tooltip=remove)
        self.message = MessageLabel()

    def compose(self) -> ComposeResult:
        with Horizontal(classes="row-fields"):
            for label, field in zip(self.LABELS, self.inputs, strict=True):
                yield Label(label, classes="field-label")
                yield field
            yield self.remove_button
        yield self.message

    @property
    def blank(self) -> bool:
        return not any(field.value for field in self.inputs)

    def values(self) -> ValueT:
        """The row as the form reads it (each list decides what its fields mean)."""
        raise NotImplementedError

    def load(self, values: Sequence[Any]) -> None:
        """Show stored values, one a field, without reporting them as typing."""
        with self.prevent(Input.Changed):
            for field, value in zip(self.inputs, values, strict=True):
                field.load(value)

    def set_locked(self, locked: bool) -> None:
        for widget in (*self.inputs, self.remove_button):
            widget.disabled = locked

    def show_problems(self, problems: dict[str, list[Problem]]) -> None:
        """Problems by column (a field's column, or `` for the row as a whole)."""
        for field in self.inputs:
            field.mark(worst(problems.get(field.column, [])))
        self.message.show_problems([p for found in problems.values() for p in found])


class RowsChanged(Message, Generic[ValueT]):
    """The rows that count changed.

    `values` are those rows' values, in order. For typing, `position` is the typed row's place
    among all rows on screen, `index` its place among the rows that count (-1 when it is blank
    now) and `column` the field typed into; a removal has -1, -1 and None.
    """

    def __init__(self, rows: FieldRows[Any, ValueT], values: list[ValueT], position: int,
                 index: int, column: str | None) -> None:
        super().__init__()
        self.rows = rows
        self.values = values
        self.position = position
        self.index = index
        self.column = column

    @property
    def control(self) -> FieldRows[Any, ValueT]:
        return self.rows

    @property
    def field_key(self) -> str:
        """The undo key of a service form's list: `allow[1].team` (by position on screen, so
        typing into a blank row is its own step) or `allow-remove`."""
        if self.column is None:
            return f"{self.rows.SECTION}-remove"
        return f"{self.rows.SECTION}[{self.position}].{self.column}"


class FieldRows(Vertical, Generic[RowT, ValueT]):
    """The list: rows, then a button that adds one.

    A list names its `SECTION` (for `RowsChanged.field_key`), its `+` button (`ADD`, with a
    tooltip) and the values of a new row (`NEW_ROW`), makes its rows in `_row`, and declares its
    own `Changed` (a `RowsChanged`) so a form tells its lists' messages apart.
    """

    SECTION: ClassVar[str]
    ADD: ClassVar[tuple[str, str]]
    NEW_ROW: ClassVar[tuple[Any, ...]]
    Changed: ClassVar[type[RowsChanged[Any]]]

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.locked = False

    def compose(self) -> ComposeResult:
        label, tooltip = self.ADD
        yield Vertical(classes="rows")
        yield Button(label, compact=True, classes="add", tooltip=tooltip)

    def _row(self, values: Sequence[Any]) -> RowT:
        """A new row showing `values`, locked as the list is."""
        raise NotImplementedError

    @property
    def row_widgets(self) -> list[RowT]:
        return [cast(RowT, row) for row in
                self.query_one(".rows", Vertical).query_children(FieldRow)]

    async def show_rows(self, rows: Sequence[Sequence[Any]], *, locked: bool) -> None:
        """Show `rows` (stored values, from the raw mapping), reusing the rows on screen."""
        self.locked = locked
        self.query_one(".add", Button).disabled = locked
        shown = self.row_widgets
        for row, values in zip(shown, rows, strict=False):
            row.load(values)
            row.set_locked(locked)
        if len(shown) > len(rows):
            await self.query_one(".rows", Vertical).remove_children(shown[len(rows):])
        elif len(rows) > len(shown):
            await self.query_one(".rows", Vertical).mount_all(
                self._row(values) for values in rows[len(shown):]
            )

    def counted(self) -> list[RowT]:
        """The rows that are part of the list (not blank), in order."""
        return [row for row in self.row_widgets if not row.blank]

    def show_problems(self, problems: dict[int, dict[str, list[Problem]]]) -> None:
        """Messages per list index (the index among counted rows)."""
        counted = self.counted()
        for row in self.row_widgets:
            index = counted.index(row) if row in counted else -1
            row.show_problems(problems.get(index, {}))

    def focus_field(self, index: int, column: str) -> None:
        """Put the cursor in one field of the `index`th counted row (its first field when no
        field has that column)."""
        counted = self.counted()
        if 0 <= index < len(counted):
            row = counted[index]
            next((f for f in row.inputs if f.column == column), row.inputs[0]).focus()

    def _changed(self, position: int, index: int, column: str | None) -> None:
        values = [row.values() for row in self.counted()]
        self.post_message(self.Changed(self, values, position, index, column))

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        if not event.input.has_focus or not isinstance(event.input, FieldInput):
            return  # a value set by `load` (maybe for the previous item), not typing
        rows = self.row_widgets
        row = next((r for r in rows if event.input in r.inputs), None)
        if row is not None:
            counted = self.counted()
            index = counted.index(row) if row in counted else -1
            self._changed(rows.index(row), index, event.input.column)

    @on(Button.Pressed, ".remove")
    async def _remove(self, event: Button.Pressed) -> None:
        event.stop()
        rows = self.row_widgets
        row = next((r for r in rows if r.remove_button is event.button), None)
        if row is None or self.locked:
            return
        position = rows.index(row)
        await row.remove()
        self._changed(-1, -1, None)
        rest = self.row_widgets
        if rest:
            rest[min(position, len(rest) - 1)].inputs[0].focus()
        else:
            self.query_one(".add", Button).focus()

    @on(Button.Pressed, ".add")
    async def _add(self, event: Button.Pressed) -> None:
        event.stop()
        await self.add_row()

    async def add_row(self) -> None:
        """Add an empty row and put the cursor in its first field (nothing when locked)."""
        if self.locked:
            return
        row = self._row(self.NEW_ROW)
        await self.query_one(".rows", Vertical).mount(row)
        row.inputs[0].focus()
