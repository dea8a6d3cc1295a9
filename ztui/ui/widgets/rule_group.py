"""What an Inbound or Outbound node of the tree shows: that group of its team's rules.

A group stands for no file or mapping of its own, so it has nothing to edit; showing the team
form there would suggest the switches belong to the group. Instead this view lists the group's
rules with the same lines as the team form's "Rules" summary (`group_summary`: target and mode,
or host and ports, with error, warning and unsaved marks), says where the rules are kept, and
how to add one of this kind.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Label, Static

from ztui.model import RuleType
from ztui.ui.session import Session
from ztui.ui.text import literal
from ztui.ui.widgets.team_form import group_summary

HINTS = {
    RuleType.INGRESS: "n: add an inbound rule",
    RuleType.EGRESS: "n: add an outbound rule",
}


class RuleGroupView(VerticalScroll):
    """The rules of one group of one team, at a glance; `n` adds one of that kind."""

    def compose(self) -> ComposeResult:
        yield Label("", id="group-title", classes="form-title")
        yield Label("", id="group-where", classes="form-where")
        yield Static("", id="group-rules")
        yield Label("", id="group-hint", classes="note")

    def load(self, session: Session, team_id: str, kind: RuleType, *, locked: bool) -> None:
        """Show the group as it stands in the session (drafted rules included)."""
        team = session.team(team_id)
        if team is None:
            return
        self.query_one("#group-title", Label).update(literal(team_id))
        where = team.rules_file or "no rules file yet"
        self.query_one("#group-where", Label).update(literal(where))
        self.query_one("#group-rules", Static).update(group_summary(session, team, kind))
        self.query_one("#group-hint", Label).update("" if locked else HINTS[kind])
