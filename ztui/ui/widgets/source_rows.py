"""The sources of an inbound rule: rows of a namespace and, optionally, a pod label.

The namespace completes from the repo's namespaces, the label name from the label names its
rules use, and the label value from the values used with the name typed beside it. How the
rows behave as a list (blank rows, findings by index, ✕ and +) is
`ztui.ui.widgets.field_rows`. `Changed` carries the rows that count, in order, as typed
(turning them into sources is the form's job).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.suggester import Suggester
from textual.widgets import Input, Label

from ztui.ui.widgets.field_input import FieldInput
from ztui.ui.widgets.field_rows import FieldRow, FieldRows, RowsChanged
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


class SourceRow(FieldRow[SourceText]):
    """One source on two lines, `from [namespace]` over `pods [label name]=[value] [x]`, and
    its message below: a namespace like `team-payments` and a label like `otomi.io/app` do not
    both fit one line of the form's width at 80 or 120 columns."""

    def __init__(self, values: Sequence[Any], vocabulary: Callable[[], Vocabulary],
                 *, disabled: bool) -> None:
        namespace, name, value = values
        namespace_input = FieldInput(
            namespace, placeholder="namespace", column="namespace", disabled=disabled,
            suggester=WordSuggester(lambda: vocabulary().namespaces),
        )
        name_input = FieldInput(
            name, placeholder="any pod", column="name", disabled=disabled,
            suggester=WordSuggester(lambda: vocabulary().label_names),
        )
        value_input = FieldInput(
            value, placeholder="value", column="value", disabled=disabled,
            suggester=value_suggester(vocabulary, name_input),
        )
        super().__init__(namespace_input, name_input, value_input, disabled=disabled,
                         remove="Remove this source", classes="rule-row source-row")
        self.namespace_input, self.name_input = namespace_input, name_input
        self.value_input = value_input

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

    def values(self) -> SourceText:
        namespace, name, value = (field.field_value for field in self.inputs)
        typed = any(field.value != field.shown for field in (self.name_input, self.value_input))
        return SourceText(namespace, name, value, typed)


class SourceRows(FieldRows[SourceRow, SourceText]):
    """The sources: rows, then a button that adds one."""

    SECTION = "sources"
    ADD = ("+ source", "Add a source")
    NEW_ROW = (None, None, None)

    class Changed(RowsChanged[SourceText]):
        """The sources that count changed; the form keys undo by `index` and `column` (a
        rule's paths, not `field_key`)."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.vocabulary = Vocabulary()

    async def load(self, sources: list[StoredSource], vocabulary: Vocabulary, *,
                   locked: bool) -> None:
        """Show `sources` (from the raw mapping), completing from `vocabulary`."""
        self.vocabulary = vocabulary
        await self.show_rows(sources, locked=locked)

    def _row(self, values: Sequence[Any]) -> SourceRow:
        return SourceRow(values, lambda: self.vocabulary, disabled=self.locked)
