"""The rows of a service's egress list: a public host and the ports it may be reached on.

Ports are typed as text (`443/HTTPS, 80/HTTP`); turning that into ports is the form's job
(`ztui.ui.fields.parse_ports`), these rows only report what is typed. How the rows behave as
a list (blank rows, findings by index, ✕ and +) is `ztui.ui.widgets.field_rows`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ztui.ui.widgets.field_input import FieldInput
from ztui.ui.widgets.field_rows import FieldRow, FieldRows, RowsChanged

#: An egress rule as the form reads it: domain, ports as typed.
EgressText = tuple[Any, str]


class EgressRow(FieldRow[EgressText]):
    """One egress rule: `host [....] ports [....] [x]` and its message below."""

    LABELS = ("host", "ports")

    def __init__(self, values: Sequence[Any], *, disabled: bool) -> None:
        domain, ports = values
        domain_input = FieldInput(
            domain, placeholder="api.example.com", column="domain", disabled=disabled
        )
        ports_input = FieldInput(ports, placeholder="443/HTTPS", column="ports", disabled=disabled)
        super().__init__(domain_input, ports_input, disabled=disabled,
                         remove="Remove this egress rule")
        self.domain_input, self.ports_input = domain_input, ports_input

    def values(self) -> EgressText:
        return self.domain_input.field_value, self.ports_input.value


class EgressRows(FieldRows[EgressRow, EgressText]):
    """The egress list: rows, then a button that adds one."""

    SECTION = "egress"
    ADD = ("+ egress", "Add an egress rule")
    NEW_ROW = (None, "")

    class Changed(RowsChanged[EgressText]):
        """The egress rules that count changed: (domain, ports text) pairs in order."""

    async def load(self, rules: list[EgressText], *, locked: bool) -> None:
        """Show `rules` (from the raw mapping)."""
        await self.show_rows(rules, locked=locked)

    def _row(self, values: Sequence[Any]) -> EgressRow:
        return EgressRow(values, disabled=self.locked)
