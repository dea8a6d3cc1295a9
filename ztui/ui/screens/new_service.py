"""Ask for the name of a new service, checking it as it is typed (DNS label, not taken)."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.validation import Failure, ValidationResult, Validator
from textual.widgets import Input, Label

from ztui.ui.text import literal
from ztui.ui.widgets.message_label import MessageLabel


class ServiceName(Validator):
    """A Textual validator around the session's rule for new service names."""

    def __init__(self, problem: Callable[[str], str | None]) -> None:
        super().__init__()
        self._problem = problem

    def validate(self, value: str) -> ValidationResult:
        problem = self._problem(value)
        if problem is None:
            return self.success()
        return ValidationResult([Failure(self, value, problem)])


class NewServiceScreen(ModalScreen[str | None]):
    """Dismisses with the new name, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, team: str, problem: Callable[[str], str | None]) -> None:
        super().__init__(classes="dialog")
        self.team = team
        self._problem = problem

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label(literal(f"New service in team {self.team}"), classes="dialog-question")
            yield Input(
                placeholder="name (a lower-case DNS label)",
                validators=[ServiceName(self._problem)],
                validate_on=["changed", "submitted"],
                id="name",
            )
            yield MessageLabel(id="name-message")
            yield Label("enter: add   escape: cancel", classes="note")

    @on(Input.Changed, "#name")
    def _typed(self, event: Input.Changed) -> None:
        result = event.validation_result
        message = "" if result is None or result.is_valid or not event.value else "; ".join(
            result.failure_descriptions
        )
        self.query_one("#name-message", MessageLabel).show(message)

    @on(Input.Submitted, "#name")
    def _submitted(self, event: Input.Submitted) -> None:
        result = event.validation_result
        if result is not None and not result.is_valid:
            self.query_one("#name-message", MessageLabel).show(
                "; ".join(result.failure_descriptions)
            )
            return
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
