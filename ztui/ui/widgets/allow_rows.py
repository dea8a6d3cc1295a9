"""The rows of an AllowOnly service's allow list: a team and, optionally, one of its services.

The team field completes from the repo's teams, the service field from the services of the
team typed beside it. How the rows behave as a list (blank rows, findings by index, ✕ and +)
is `ztui.ui.widgets.field_rows`. `Changed` carries the rows that count, in order, as
(team, service or None).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from textual.suggester import Suggester, SuggestFromList
from textual.widgets import Input

from ztui.ui.widgets.field_input import FieldInput
from ztui.ui.widgets.field_rows import FieldRow, FieldRows, RowsChanged

#: An allow entry as the form reads it: team, service (None for any service).
AllowText = tuple[Any, Any]


class Catalog(Protocol):
    """What completion needs to know about the repo."""

    def team_ids(self) -> list[str]: ...

    def service_names(self, team_id: str) -> list[str]: ...


class ServiceSuggester(Suggester):
    """Completes a service name from the services of the team typed in `team_input`."""

    def __init__(self, catalog: Catalog, team_input: Input) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self._catalog = catalog
        self._team_input = team_input

    async def get_suggestion(self, value: str) -> str | None:
        team = self._team_input.value
        return next((n for n in self._catalog.service_names(team) if n.startswith(value)), None)


class AllowRow(FieldRow[AllowText]):
    """One allow entry: `from team [....] service [....] [x]` and its message below."""

    LABELS = ("team", "svc")

    def __init__(self, values: Sequence[Any], catalog: Catalog, teams: Suggester,
                 *, disabled: bool) -> None:
        team, service = values
        team_input = FieldInput(
            team, placeholder="team", column="team", suggester=teams, disabled=disabled
        )
        service_input = FieldInput(
            service, placeholder="any service", column="service",
            suggester=ServiceSuggester(catalog, team_input), disabled=disabled,
        )
        super().__init__(team_input, service_input, disabled=disabled,
                         remove="Remove this allow entry")
        self.team_input, self.service_input = team_input, service_input

    def values(self) -> AllowText:
        return self.team_input.field_value, self.service_input.field_value or None


class AllowRows(FieldRows[AllowRow, AllowText]):
    """The allow list: rows, then a button that adds one."""

    SECTION = "allow"
    ADD = ("+ allow", "Add an allow entry")
    NEW_ROW = (None, None)

    class Changed(RowsChanged[AllowText]):
        """The allow entries that count changed (`field_key` names the field, for undo)."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self._catalog: Catalog | None = None
        self._teams: Suggester = SuggestFromList([])

    async def load(self, entries: list[AllowText], catalog: Catalog, *, locked: bool) -> None:
        """Show `entries` (from the raw mapping), completing from `catalog`."""
        if catalog is not self._catalog:
            self._catalog = catalog
            self._teams = SuggestFromList(catalog.team_ids())
        await self.show_rows(entries, locked=locked)

    def _row(self, values: Sequence[Any]) -> AllowRow:
        assert self._catalog is not None
        return AllowRow(values, self._catalog, self._teams, disabled=self.locked)

    async def add_row(self) -> None:
        """Add an empty row (once a service is loaded: its rows complete from the repo)."""
        if self._catalog is not None:
            await super().add_row()
