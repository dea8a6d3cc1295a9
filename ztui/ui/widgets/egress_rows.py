"""The rows of a service's egress list: a public host and the ports it may be reached on.

Ports are typed as text (`443/HTTPS, 80/HTTP`); turning that into ports is the form's job
(`ztui.ui.fields.parse_ports`), these rows only report what is typed. As with allow rows, a
row with both fields empty is being written and is not part of the list yet.
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Input, Label

from ztui.ui.widgets.field_input import FieldInput
from ztui.ui.widgets.message_label import MessageLabel, Problem, worst


class EgressRow(Vertical):
    """One egress rule: `host [....] ports [....] [x]` and its message below."""

    def __init__(self, domain: Any, ports: str, *, disabled: bool) -> None:
        super().__init__(classes="rule-row")
        self.domain_input = FieldInput(
            domain, placeholder="api.example.com", column="domain", disabled=disabled
        )
        self.ports_input = FieldInput(
            ports, placeholder="443/HTTPS", column="ports", disabled=disabled
        )
        self.remove_button = Button("✕", compact=True, classes="remove", disabled=disabled,
                                    tooltip="Remove this egress rule")
        self.message = MessageLabel()

    def compose(self) -> ComposeResult:
        with Horizontal(classes="row-fields"):
            yield Label("host", classes="field-label")
            yield self.domain_input
            yield Label("ports", classes="field-label")
            yield self.ports_input
            yield self.remove_button
        yield self.message

    @property
    def blank(self) -> bool:
        return not self.domain_input.value and not self.ports_input.value

    def values(self) -> tuple[Any, str]:
        return self.domain_input.field_value, self.ports_input.value

    def load(self, domain: Any, ports: str) -> None:
        with self.prevent(Input.Changed):
            self.domain_input.load(domain)
            self.ports_input.load(ports)

    def show_problems(self, problems: dict[str, list[Problem]]) -> None:
        """Problems by column (`domain`, `ports`, or `` for the entry as a whole)."""
        self.domain_input.mark(worst(problems.get("domain", [])))
        self.ports_input.mark(worst(problems.get("ports", [])))
        self.message.show_problems([p for found in problems.values() for p in found])


class EgressRows(Vertical):
    """The egress list: rows, then a button that adds one."""

    class Changed(Message):
        """The rows that count changed: (domain, ports text) pairs in order."""

        def __init__(self, rows: EgressRows, rules: list[tuple[Any, str]], field_key: str) -> None:
            super().__init__()
            self.rows = rows
            self.rules = rules
            self.field_key = field_key

        @property
        def control(self) -> EgressRows:
            return self.rows

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.locked = False

    def compose(self) -> ComposeResult:
        yield Vertical(classes="rows")
        yield Button("+ egress", compact=True, classes="add", tooltip="Add an egress rule")

    @property
    def row_widgets(self) -> list[EgressRow]:
        return list(self.query_one(".rows", Vertical).query_children(EgressRow))

    async def load(self, rules: list[tuple[Any, str]], *, locked: bool) -> None:
        """Show `rules` (from the raw mapping), reusing the rows already on screen."""
        self.locked = locked
        self.query_one(".add", Button).disabled = locked
        rows = self.row_widgets
        for row, (domain, ports) in zip(rows, rules, strict=False):
            row.load(domain, ports)
        if len(rows) > len(rules):
            await self.query_one(".rows", Vertical).remove_children(rows[len(rules):])
        elif len(rules) > len(rows):
            await self.query_one(".rows", Vertical).mount_all(
                EgressRow(domain, ports, disabled=locked) for domain, ports in rules[len(rows):]
            )

    def counted(self) -> list[EgressRow]:
        """The rows that are part of the list (not blank), in order."""
        return [row for row in self.row_widgets if not row.blank]

    def show_problems(self, problems: dict[int, dict[str, list[Problem]]]) -> None:
        """Messages per list index (the index among counted rows)."""
        counted = self.counted()
        for row in self.row_widgets:
            index = counted.index(row) if row in counted else -1
            row.show_problems(problems.get(index, {}))

    def focus_rule(self, index: int, column: str) -> None:
        counted = self.counted()
        if 0 <= index < len(counted):
            row = counted[index]
            (row.ports_input if column == "ports" else row.domain_input).focus()

    def _changed(self, field_key: str) -> None:
        rules = [row.values() for row in self.counted()]
        self.post_message(self.Changed(self, rules, field_key))

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        if not event.input.has_focus:
            return  # a value set by `load` (maybe for the previous service), not typing
        rows = self.row_widgets
        row = next((r for r in rows if event.input in (r.domain_input, r.ports_input)), None)
        if row is not None and isinstance(event.input, FieldInput):
            self._changed(f"egress[{rows.index(row)}].{event.input.column}")

    @on(Button.Pressed, ".remove")
    async def _remove(self, event: Button.Pressed) -> None:
        event.stop()
        rows = self.row_widgets
        row = next((r for r in rows if r.remove_button is event.button), None)
        if row is None:
            return
        position = rows.index(row)
        await row.remove()
        self._changed("egress-remove")
        rest = self.row_widgets
        if rest:
            rest[min(position, len(rest) - 1)].domain_input.focus()
        else:
            self.query_one(".add", Button).focus()

    @on(Button.Pressed, ".add")
    async def _add(self, event: Button.Pressed) -> None:
        event.stop()
        await self.add_row()

    async def add_row(self) -> None:
        """Add an empty row and put the cursor in its host field."""
        if self.locked:
            return
        row = EgressRow(None, "", disabled=False)
        await self.query_one(".rows", Vertical).mount(row)
        row.domain_input.focus()
