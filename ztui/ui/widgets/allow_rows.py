"""The rows of an AllowOnly service's allow list: a team and, optionally, one of its services.

The team field completes from the repo's teams, the service field from the services of the
team typed beside it. A row whose fields are both empty is a row being written: it stays on
screen but is not part of the list, so adding a row does not produce an error before the
person has typed anything. `Changed` carries the rows that count, in order.
"""

from __future__ import annotations

from typing import Any, Protocol

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.suggester import Suggester, SuggestFromList
from textual.widgets import Button, Input, Label

from ztui.ui.widgets.field_input import FieldInput
from ztui.ui.widgets.message_label import MessageLabel, Problem, worst


class Catalog(Protocol):
    """What completion needs to know about the repo."""

    def team_ids(self) -> list[str]: ...

    def service_names(self, team_id: str) -> list[str]: ...


class ServiceSuggester(Suggester):
    """Completes a service name from the services of the team in the same row."""

    def __init__(self, catalog: Catalog, row: AllowRow) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self._catalog = catalog
        self._row = row

    async def get_suggestion(self, value: str) -> str | None:
        team = self._row.team_input.value
        return next((n for n in self._catalog.service_names(team) if n.startswith(value)), None)


class AllowRow(Vertical):
    """One allow entry: `from team [....] service [....] [x]` and its message below."""

    def __init__(self, team: Any, service: Any, catalog: Catalog, teams: Suggester,
                 *, disabled: bool) -> None:
        super().__init__(classes="rule-row")
        self.team_input = FieldInput(
            team, placeholder="team", column="team", suggester=teams, disabled=disabled
        )
        self.service_input = FieldInput(
            service, placeholder="any service", column="service",
            suggester=ServiceSuggester(catalog, self), disabled=disabled,
        )
        self.remove_button = Button("✕", compact=True, classes="remove", disabled=disabled,
                                    tooltip="Remove this allow entry")
        self.message = MessageLabel()

    def compose(self) -> ComposeResult:
        with Horizontal(classes="row-fields"):
            yield Label("team", classes="field-label")
            yield self.team_input
            yield Label("svc", classes="field-label")
            yield self.service_input
            yield self.remove_button
        yield self.message

    @property
    def blank(self) -> bool:
        return not self.team_input.value and not self.service_input.value

    def values(self) -> tuple[Any, Any]:
        return self.team_input.field_value, self.service_input.field_value or None

    def load(self, team: Any, service: Any) -> None:
        with self.prevent(Input.Changed):
            self.team_input.load(team)
            self.service_input.load(service)

    def show_problems(self, problems: dict[str, list[Problem]]) -> None:
        """Problems by column (`team`, `service`, or `` for the entry as a whole)."""
        self.team_input.mark(worst(problems.get("team", [])))
        self.service_input.mark(worst(problems.get("service", [])))
        self.message.show_problems([p for found in problems.values() for p in found])


class AllowRows(Vertical):
    """The allow list: rows, then a button that adds one."""

    class Changed(Message):
        """The rows that count changed; `field_key` names the field typed into (for undo)."""

        def __init__(self, rows: AllowRows, entries: list[tuple[Any, Any]], field_key: str) -> None:
            super().__init__()
            self.rows = rows
            self.entries = entries
            self.field_key = field_key

        @property
        def control(self) -> AllowRows:
            return self.rows

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self._catalog: Catalog | None = None
        self._teams: Suggester = SuggestFromList([])
        self.locked = False

    def compose(self) -> ComposeResult:
        yield Vertical(classes="rows")
        yield Button("+ allow", compact=True, classes="add", tooltip="Add an allow entry")

    @property
    def row_widgets(self) -> list[AllowRow]:
        return list(self.query_one(".rows", Vertical).query_children(AllowRow))

    async def load(self, entries: list[tuple[Any, Any]], catalog: Catalog, *, locked: bool) -> None:
        """Show `entries` (from the raw mapping), reusing the rows already on screen."""
        if catalog is not self._catalog:
            self._catalog = catalog
            self._teams = SuggestFromList(catalog.team_ids())
        self.locked = locked
        self.query_one(".add", Button).disabled = locked
        rows = self.row_widgets
        for row, (team, service) in zip(rows, entries, strict=False):
            row.load(team, service)
        if len(rows) > len(entries):
            await self.query_one(".rows", Vertical).remove_children(rows[len(entries):])
        elif len(entries) > len(rows):
            await self.query_one(".rows", Vertical).mount_all(
                self._row(team, service) for team, service in entries[len(rows):]
            )

    def _row(self, team: Any, service: Any) -> AllowRow:
        assert self._catalog is not None
        return AllowRow(team, service, self._catalog, self._teams, disabled=self.locked)

    def counted(self) -> list[AllowRow]:
        """The rows that are part of the list (not blank), in order."""
        return [row for row in self.row_widgets if not row.blank]

    def show_problems(self, problems: dict[int, dict[str, list[Problem]]]) -> None:
        """Messages per list index (the index among counted rows)."""
        counted = self.counted()
        for row in self.row_widgets:
            index = counted.index(row) if row in counted else -1
            row.show_problems(problems.get(index, {}))

    def focus_entry(self, index: int, column: str) -> None:
        counted = self.counted()
        if 0 <= index < len(counted):
            row = counted[index]
            (row.service_input if column == "service" else row.team_input).focus()

    def _changed(self, field_key: str) -> None:
        entries = [row.values() for row in self.counted()]
        self.post_message(self.Changed(self, entries, field_key))

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        if not event.input.has_focus:
            return  # a value set by `load` (maybe for the previous service), not typing
        row = next((r for r in self.row_widgets if event.input in (r.team_input, r.service_input)),
                   None)
        if row is not None and isinstance(event.input, FieldInput):
            self._changed(f"allow[{self.row_widgets.index(row)}].{event.input.column}")

    @on(Button.Pressed, ".remove")
    async def _remove(self, event: Button.Pressed) -> None:
        event.stop()
        rows = self.row_widgets
        row = next((r for r in rows if r.remove_button is event.button), None)
        if row is None:
            return
        position = rows.index(row)
        await row.remove()
        self._changed("allow-remove")
        rest = self.row_widgets
        if rest:
            rest[min(position, len(rest) - 1)].team_input.focus()
        else:
            self.query_one(".add", Button).focus()

    @on(Button.Pressed, ".add")
    async def _add(self, event: Button.Pressed) -> None:
        event.stop()
        await self.add_row()

    async def add_row(self) -> None:
        """Add an empty row and put the cursor in its team field."""
        if self.locked or self._catalog is None:
            return
        row = self._row(None, None)
        await self.query_one(".rows", Vertical).mount(row)
        row.team_input.focus()
