"""Ask what a new rule needs before it can exist: its name, its kind, and its target or host.

A rule of the later layouts (spec 5) is named (a DNS label, unique in its team: it becomes a
file name and a Kubernetes object name) and is either inbound, protecting the pods that carry
one label, or outbound, trusting one public host. The dialog asks for all three, so the rule
is complete from its first frame; the form then edits the rest (mode, sources, ports). The
kind starts as the one under the tree's cursor.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, RadioSet

from ztui.model import Label as PodLabel
from ztui.model import RuleType
from ztui.ui.screens.new_service import ServiceName
from ztui.ui.text import literal
from ztui.ui.widgets.message_label import MessageLabel
from ztui.ui.widgets.service_form import ModeButton
from ztui.ui.widgets.tree_nodes import APP_LABEL, GROUP_WORDS

KINDS = (RuleType.INGRESS, RuleType.EGRESS)
WHAT = {
    RuleType.INGRESS: "target: the app name (otomi.io/app), or label=value",
    RuleType.EGRESS: "host: a domain, *.wildcard or IP",
}


@dataclass(frozen=True, slots=True)
class NewRule:
    """What the person asked for: the rule's name and kind, and its target label or host."""

    name: str
    kind: RuleType
    target: PodLabel | None = None
    domain: str = ""


def parse_target(text: str) -> PodLabel | None:
    """`api` -> otomi.io/app=api; `name=value` -> that label; None when a side is empty."""
    name, equals, value = text.strip().partition("=")
    if not equals:
        return PodLabel(APP_LABEL, name) if name else None
    name, value = name.strip(), value.strip()
    return PodLabel(name, value) if name and value else None


def what_problem(kind: RuleType, text: str) -> str | None:
    """Why the target or host text cannot start a rule (the form judges it fully later)."""
    if kind is RuleType.EGRESS:
        return None if text.strip() else "type the host the team's pods may reach"
    if parse_target(text) is None:
        return "type the app name of the pods to protect, or label=value"
    return None


class NewRuleScreen(ModalScreen[NewRule | None]):
    """Dismisses with the new rule's name, kind and target or host, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, team: str, kind: RuleType, problem: Callable[[str], str | None]) -> None:
        super().__init__(classes="dialog")
        self.team = team
        self.kind = kind
        self._problem = problem

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label(literal(f"New rule in team {self.team}"), classes="dialog-question")
            yield Input(
                placeholder="name (a lower-case DNS label)",
                validators=[ServiceName(self._problem)],
                validate_on=["changed", "submitted"],
                id="name",
            )
            with RadioSet(id="kind", compact=True):
                for kind in KINDS:
                    yield ModeButton(GROUP_WORDS[kind], value=kind is self.kind, compact=True)
            yield Input(placeholder=WHAT[self.kind], id="what")
            yield MessageLabel(id="name-message")
            yield Label("tab: next field   enter: add   escape: cancel", classes="note")

    @on(RadioSet.Changed, "#kind")
    def _kind_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        self.kind = KINDS[event.index]
        self.query_one("#what", Input).placeholder = WHAT[self.kind]
        self._show("")

    @on(Input.Changed, "#name")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        result = event.validation_result
        message = "" if result is None or result.is_valid or not event.value else "; ".join(
            result.failure_descriptions
        )
        self._show(message)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        name = self.query_one("#name", Input)
        what = self.query_one("#what", Input)
        name_problem = self._problem(name.value)
        if name_problem is not None:
            self._show(name_problem)
            name.focus()
            return
        problem = what_problem(self.kind, what.value)
        if problem is not None:
            self._show(problem)
            what.focus()
            return
        if self.kind is RuleType.EGRESS:
            self.dismiss(NewRule(name.value, self.kind, domain=what.value.strip()))
        else:
            self.dismiss(NewRule(name.value, self.kind, target=parse_target(what.value)))

    def _show(self, message: str) -> None:
        self.query_one("#name-message", MessageLabel).show(message)

    def action_cancel(self) -> None:
        self.dismiss(None)
