"""The form of one service: its ingress mode, who may reach it, which hosts it may reach.

Every change goes through the edit functions of `ztui.edits`, applied to the raw mapping the
form was loaded with, and leaves as an `Edited` message with the new mapping; the screen
validates and renders it. Findings come back down through `show_findings` and are routed to the
field they name, so the message beside a field is the one `ztui validate` prints.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Label, RadioButton, RadioSet

from ztui.edits import set_allow, set_egress, set_mode
from ztui.model import AllowEntry, Dialect, EgressRule, Finding, Location, Mode, Severity
from ztui.ui.fields import allow_rows, egress_path, egress_rows, parse_ports, raw_mode, spot_of
from ztui.ui.text import literal, printable
from ztui.ui.widgets.allow_rows import AllowRows, Catalog
from ztui.ui.widgets.egress_rows import EgressRows
from ztui.ui.widgets.message_label import MessageLabel, Problem, worst

MODES = (Mode.DENY_ALL, Mode.ALLOW_ONLY, Mode.ALLOW_ALL)
Raw = dict[str, Any]


def _text(value: Any) -> str:
    return value if isinstance(value, str) else "" if value is None else str(value)


class ModeButton(RadioButton):
    """A radio button that draws its dot only when on: without colour, the choice still shows."""

    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = "●" if self.value else " "
        return super()._button


class ServiceForm(VerticalScroll):
    """Ingress mode, allow rows and egress rows of the selected service."""

    #: Not a tab stop of its own: focusing a field scrolls it into view.
    can_focus = False

    class Edited(Message):
        """The person changed the service: its new raw mapping and any text that did not parse."""

        def __init__(self, form: ServiceForm, team: str, name: str, raw: Raw, field_key: str,
                     form_errors: dict[str, str]) -> None:
            super().__init__()
            self.form = form
            self.team = team
            self.service = name
            self.raw = raw
            self.field_key = field_key
            self.form_errors = form_errors

        @property
        def control(self) -> ServiceForm:
            return self.form

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.team = ""
        self.service = ""
        self.raw: Raw = {}
        self.dialect = Dialect.V2
        self.locked = False
        self._form_errors: dict[str, str] = {}
        #: The mode the selector was last set to by `load`: its echo is not an edit.
        self._shown_mode = Mode.DENY_ALL

    def compose(self) -> ComposeResult:
        yield Label("", id="service-title", classes="form-title")
        yield Label("", id="service-where", classes="form-where")
        yield MessageLabel(id="service-message")
        yield Label("Ingress (inside the cluster)", classes="section-title")
        with RadioSet(id="mode", compact=True):
            for mode in MODES:
                yield ModeButton(mode.label, compact=True)
        yield MessageLabel(id="mode-message")
        yield Label("Allow from (used with Allow only)", classes="subsection")
        yield AllowRows(id="allow")
        yield Label("Egress (public endpoints)", classes="section-title")
        yield EgressRows(id="egress")

    async def load(self, team: str, name: str, raw: Raw, dialect: Dialect,
                   location: Location | None, catalog: Catalog, *, locked: bool) -> None:
        """Show a service as stored in `raw` (after a pick, an undo or a redo)."""
        self.team, self.service, self.raw, self.dialect = team, name, raw, dialect
        self.locked = locked
        self._form_errors = {}
        title = Text.assemble(literal(team), (" / ", "dim"), literal(name))
        self.query_one("#service-title", Label).update(title)
        where = str(location) if location else "new service, not saved yet"
        self.query_one("#service-where", Label).update(literal(where))
        radio = self.query_one("#mode", RadioSet)
        radio.disabled = locked
        mode = Mode.parse(_text(raw_mode(raw))) or Mode.DENY_ALL
        self._shown_mode = mode
        buttons = list(radio.query(RadioButton))
        if not buttons[MODES.index(mode)].value:
            # Not prevented: the set must see the change to move its own cursor; the echo
            # comes back as RadioSet.Changed and `_mode_changed` knows it by `_shown_mode`.
            buttons[MODES.index(mode)].value = True
        await self.query_one(AllowRows).load(allow_rows(raw), catalog, locked=locked)
        await self.query_one(EgressRows).load(egress_rows(raw), locked=locked)

    def show_findings(self, findings: list[Finding], form_errors: dict[str, str]) -> None:
        """Put each finding's message next to its field; the rest go under the title."""
        general: list[Problem] = []
        mode: list[Problem] = []
        allow: dict[int, dict[str, list[Problem]]] = defaultdict(lambda: defaultdict(list))
        egress: dict[int, dict[str, list[Problem]]] = defaultdict(lambda: defaultdict(list))
        items = [(f.path, f"{f.code} {f.message}", f.severity is Severity.ERROR) for f in findings]
        items += [(path, message, True) for path, message in form_errors.items()]
        for path, message, error in items:
            spot = spot_of(path)
            if spot.section == "allow" and spot.index is not None:
                allow[spot.index][spot.column or ""].append((message, error))
            elif spot.section == "egress" and spot.index is not None:
                egress[spot.index][spot.column or ""].append((message, error))
            elif spot.section in ("mode", "allow"):
                mode.append((message, error))
            elif path is None or spot.section == "egress":
                general.append((message, error))
            else:
                general.append((f"{printable(path)}: {message}", error))
        self.query_one("#service-message", MessageLabel).show_problems(general)
        self.query_one("#mode-message", MessageLabel).show_problems(mode)
        radio = self.query_one("#mode", RadioSet)
        level = worst(mode)
        if radio.has_class("-invalid") != (level == "error"):
            radio.set_class(level == "error", "-invalid")
        self.query_one(AllowRows).show_problems(dict(allow))
        self.query_one(EgressRows).show_problems(dict(egress))

    def focus_path(self, path: str | None) -> None:
        """Focus the field a finding is about (the mode selector when no field matches)."""
        spot = spot_of(path)
        if spot.section == "allow" and spot.index is not None:
            self.query_one(AllowRows).focus_field(spot.index, spot.column or "team")
        elif spot.section == "egress" and spot.index is not None:
            self.query_one(EgressRows).focus_field(spot.index, spot.column or "domain")
        else:
            self.query_one("#mode", RadioSet).focus()

    async def add_allow_row(self) -> None:
        await self.query_one(AllowRows).add_row()

    async def add_egress_row(self) -> None:
        await self.query_one(EgressRows).add_row()

    def _emit(self, raw: Raw, field_key: str) -> None:
        self.raw = raw
        self.post_message(
            self.Edited(self, self.team, self.service, raw, field_key, dict(self._form_errors))
        )

    @on(RadioSet.Changed, "#mode")
    def _mode_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        mode = MODES[event.index]
        # Only a person changes the mode, and only with the selector focused (a click
        # focuses it); anything else is the echo of `load` setting it, maybe for an
        # earlier service when the cursor moves fast through the tree.
        if mode is self._shown_mode or not event.radio_set.has_focus:
            return
        self._shown_mode = mode
        self._emit(set_mode(self.raw, mode, self.dialect), "mode")

    @on(AllowRows.Changed)
    def _allow_changed(self, event: AllowRows.Changed) -> None:
        event.stop()
        entries = [
            AllowEntry(_text(team), _text(service) or None) for team, service in event.values
        ]
        self._emit(set_allow(self.raw, entries), event.field_key)

    @on(EgressRows.Changed)
    def _egress_changed(self, event: EgressRows.Changed) -> None:
        event.stop()
        rules: list[EgressRule] = []
        self._form_errors = {}
        for index, (domain, ports_text) in enumerate(event.values):
            ports, problem = parse_ports(ports_text)
            if problem is not None:
                self._form_errors[egress_path(index, "ports")] = problem
            rules.append(EgressRule(_text(domain), tuple(ports)))
        self._emit(set_egress(self.raw, rules), event.field_key)

