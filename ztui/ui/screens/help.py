"""The help screen: every key binding, read from the bindings themselves so it cannot go stale."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

#: A section of the help: a title and its (keys, what they do) rows.
Section = tuple[str, list[tuple[str, str]]]


def binding_rows(app: App[object], bindings: Iterable[BindingType]) -> list[tuple[str, str]]:
    """(keys, description) of every binding with a description; keys as the footer shows them."""
    rows: list[tuple[str, str]] = []
    for binding in Binding.make_bindings(bindings):
        if not binding.description:
            continue
        keys = binding.key_display or app.get_key_display(binding)
        for index, (old_keys, text) in enumerate(rows):
            if text == binding.description:
                rows[index] = (f"{old_keys} {keys}", text)
                break
        else:
            rows.append((keys, binding.description))
    return rows


class HelpScreen(ModalScreen[None]):
    """A modal listing the keys, section by section; escape, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "dismiss(None)", "Close help"),
    ]

    def __init__(self, sections: Sequence[Section]) -> None:
        super().__init__(classes="dialog")
        self.sections = sections

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box help-box"):
            yield Label("Keys", classes="dialog-question")
            with VerticalScroll(id="help-body"):
                for title, rows in self.sections:
                    table = Table.grid(padding=(0, 2))
                    table.add_column(no_wrap=True, style="bold")
                    table.add_column()
                    for keys, text in rows:
                        table.add_row(Text(keys), Text(text))
                    yield Label(title, classes="section-title")
                    yield Static(table)
            yield Label("escape: close", classes="note")
