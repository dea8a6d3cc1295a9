"""The sources of an inbound rule: rows of a namespace and, optionally, a pod label.

The namespace completes from the repo's namespaces, the label name from the label names its
rules use, and the label value from the values used with the name typed beside it. As with
allow rows, a row whose fields are all empty is a row being written: it stays on screen but is
not part of the list, so `+ source` does not produce an error before anything is typed.
`Changed` carries the rows that count, in order, as typed (turning them into sources is the
form's job).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.suggester import Suggester
from textual.widgets import Button, Input, Label

from ztui.ui.widgets.field_input import FieldInput
from ztui.ui.widgets.message_label import MessageLabel, Problem, worst
from ztui.vocabulary import Vocabulary

#: A source as stored: namespace, label name, label value (None where missing).
StoredSource = tuple[Any, Any, Any]


class SourceText(NamedTuple):
    """A source row as typed (each value as stored while its field is untouched)."""

    namespace: Any
    name: Any
    value: Any
    #: Whether the person typed into the label fields: half a label is then a form error.
    typed: bool = False


class WordSuggester(Suggester):
    """Completes from words looked up at each keystroke, so a new vocabulary needs no rebuild."""

    def __init__(self, words: Callable[[], Sequence[str]]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self._words = words

    async def get_suggestion(self, value: str) -> str | None:
        return next((word for word in self._words() if word.startswith(value)), None)


def value_suggester(vocabulary: Callable[[], Vocabulary], name_input: Input) -> WordSuggester:
    """Completes a label value from the values the repo uses with the name in `name_input`."""
    return WordSuggester(lambda: vocabulary().values(name_input.value))


class SourceRow(Vertical):
    """One source on two lines, `from [namespace]` over `pods [label name]=[value] [x]`, and
    its message below: a namespace like `team-payments` and a label like `otomi.io/app` do not
    both fit one line of the form's width at 80 or 120 columns."""

    def __init__(self, values: StoredSource, vocabulary: Callable[[], Vocabulary],
                 *, disabled: bool) -> None:
        super().__init__(classes="rule-row source-row")
        namespace, name, value = values
        self.namespace_input = FieldInput(
            namespace, placeholder="namespace", column="namespace", disabled=disabled,
            suggester=WordSuggester(lambda: vocabulary().namespaces),
        )
        self.name_input = FieldInput(
            name, placeholder="any pod", column="name", disabled=disabled,
            suggester=WordSuggester(lambda: vocabulary().label_names),
        )
        self.value_input = FieldInput(
            value, placeholder="value", column="value", disabled=disabled,
            suggester=value_suggester(vocabulary, self.name_input),
        )
        self.remove_button = Button("✕", compact=True, classes="remove", disabled=disabled,
                                    tooltip="Remove this source")
        self.message = MessageLabel()

    @property
    def inputs(self) -> tuple[FieldInput, FieldInput, FieldInput]:
        return self.namespace_input, self.name_input, self.value_input

    def compose(self) -> ComposeResult:
        with Horizontal(classes="row-fields"):
            yield Label("from", classes="field-label")
            yield self.namespace_input
        with Horizontal(classes="row-fields -pods"):
            yield Label("pods", classes="field-label")
            yield self.name_input
            yield Label("=", classes="field-label")
            yield self.value_input
            yield self.remove_button
        yield self.message

    @property
    def blank(self) -> bool:
        return not any(field.value for field in self.inputs)

    def values(self) -> SourceText:
        namespace, name, value = (field.field_value for field in self.inputs)
        typed = any(field.value != field.shown for field in (self.name_input, self.value_input))
        return SourceText(namespace, name, value, typed)

    def load(self, values: StoredSource) -> None:
        with self.prevent(Input.Changed):
            for field, value in zip(self.inputs, values, strict=True):
                field.load(value)

    def show_problems(self, problems: dict[str, list[Problem]]) -> None:
        """Problems by column (`namespace`, `name`, `value`, or `` for the source as a whole)."""
        for field in self.inputs:
            field.mark(worst(problems.get(field.column, [])))
        self.message.show_problems([p for found in problems.values() for p in found])


class SourceRows(Vertical):
    """The sources: rows, then a button that adds one."""

    class Changed(Message):
        """The rows that count changed.

        `index` is the typed row's place among the rows that count (-1 when it is blank now)
        and `column` the field typed into; `column` is None when a row was removed.
        """

        def __init__(self, rows: SourceRows, sources: list[SourceText], index: int,
                     column: str | None) -> None:
            super().__init__()
            self.rows = rows
            self.sources = sources
            self.index = index
            self.column = column

        @property
        def control(self) -> SourceRows:
            return self.rows

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.vocabulary = Vocabulary()
        self.locked = False

    def compose(self) -> ComposeResult:
        yield Vertical(classes="rows")
        yield Button("+ source", compact=True, classes="add", tooltip="Add a source")

    @property
    def row_widgets(self) -> list[SourceRow]:
        return list(self.query_one(".rows", Vertical).query_children(SourceRow))

    async def load(self, sources: list[StoredSource], vocabulary: Vocabulary, *,
                   locked: bool) -> None:
        """Show `sources` (from the raw mapping), reusing the rows already on screen."""
        self.vocabulary = vocabulary
        self.locked = locked
        self.query_one(".add", Button).disabled = locked
        rows = self.row_widgets
        for row, values in zip(rows, sources, strict=False):
            row.load(values)
            for widget in (*row.inputs, row.remove_button):
                widget.disabled = locked
        if len(rows) > len(sources):
            await self.query_one(".rows", Vertical).remove_children(rows[len(sources):])
        elif len(sources) > len(rows):
            await self.query_one(".rows", Vertical).mount_all(
                self._row(values) for values in sources[len(rows):]
            )

    def _row(self, values: StoredSource) -> SourceRow:
        return SourceRow(values, lambda: self.vocabulary, disabled=self.locked)

    def counted(self) -> list[SourceRow]:
        """The rows that are part of the list (not blank), in order."""
        return [row for row in self.row_widgets if not row.blank]

    def show_problems(self, problems: dict[int, dict[str, list[Problem]]]) -> None:
        """Messages per list index (the index among counted rows)."""
        counted = self.counted()
        for row in self.row_widgets:
            index = counted.index(row) if row in counted else -1
            row.show_problems(problems.get(index, {}))

    def focus_source(self, index: int, column: str) -> None:
        """Put the cursor in one field of the `index`th source."""
        counted = self.counted()
        if 0 <= index < len(counted):
            row = counted[index]
            next((f for f in row.inputs if f.column == column), row.namespace_input).focus()

    def _changed(self, index: int, column: str | None) -> None:
        sources = [row.values() for row in self.counted()]
        self.post_message(self.Changed(self, sources, index, column))

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        if not event.input.has_focus or not isinstance(event.input, FieldInput):
            return  # a value set by `load` (maybe for the previous rule), not typing
        row = next((r for r in self.row_widgets if event.input in r.inputs), None)
        if row is not None:
            counted = self.counted()
            self._changed(counted.index(row) if row in counted else -1, event.input.column)

    @on(Button.Pressed, ".remove")
    async def _remove(self, event: Button.Pressed) -> None:
        event.stop()
        rows = self.row_widgets
        row = next((r for r in rows if r.remove_button is event.button), None)
        if row is None or self.locked:
            return
        position = rows.index(row)
        await row.remove()
        self._changed(-1, None)
        rest = self.row_widgets
        if rest:
            rest[min(position, len(rest) - 1)].namespace_input.focus()
        else:
            self.query_one(".add", Button).focus()

    @on(Button.Pressed, ".add")
    async def _add(self, event: Button.Pressed) -> None:
        event.stop()
        await self.add_row()

    async def add_row(self) -> None:
        """Add an empty row and put the cursor in its namespace field."""
        if self.locked:
            return
        row = self._row((None, None, None))
        await self.query_one(".rows", Vertical).mount(row)
        row.namespace_input.focus()
