"""The form of one team: its two filtering switches and a summary of its services or rules.

The switches are the team-wide `networkPolicy.ingressPrivate` and `egressPublic` (spec 1.1).
Turning one off is a big change (every pod of the team becomes reachable, or may reach any
host), so the summary says what each service's rules mean under the current switches. In the
later layouts (spec 5) the switches live in `settings.yaml` (or `env/teams.yaml`) and the
summary lists the team's inbound and outbound rules.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Label, Static, Switch

from ztui.model import Rule, RuleType, Severity, Team
from ztui.ui.session import Session
from ztui.ui.text import literal, printable
from ztui.ui.widgets.message_label import MessageLabel
from ztui.ui.widgets.tree_nodes import GROUP_WORDS, MODE_WORDS, rule_essentials, rule_marks

SWITCH_TEXT = {
    "ingressPrivate": "Ingress filtering: pods accept only what their service allows",
    "egressPublic": "Egress filtering: pods reach only the listed public hosts",
}
#: The same switches in the later layouts (spec 5), where rules stand apart from services.
RULE_SWITCH_TEXT = {
    "ingressPrivate": "Ingress filtering: pods accept only what the inbound rules allow",
    "egressPublic": "Egress filtering: pods reach only the hosts of the outbound rules",
}


class TeamForm(VerticalScroll):
    """A team's switches and its services at a glance; `n` adds a service."""

    #: Not a tab stop of its own: focusing a switch scrolls it into view.
    can_focus = False

    class SwitchFlipped(Message):
        """A team switch was turned on or off by the person."""

        def __init__(self, form: TeamForm, team: str, switch: str, on: bool) -> None:
            super().__init__()
            self.form = form
            self.team = team
            self.switch = switch
            self.on = on

        @property
        def control(self) -> TeamForm:
            return self.form

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.team = ""

    def compose(self) -> ComposeResult:
        yield Label("", id="team-title", classes="form-title")
        yield Label("", id="team-where", classes="form-where")
        yield Label("", id="team-note", classes="note")
        yield MessageLabel(id="team-message")
        for switch, text in SWITCH_TEXT.items():
            with Horizontal(classes="switch-row"):
                yield Switch(id=switch)
                yield Label(text, id=f"{switch}-text", classes="switch-label")
        yield Label("Services", id="team-section", classes="section-title")
        yield Static("", id="team-services")
        yield Label("", id="team-hint", classes="note")

    def load(self, session: Session, team_id: str, *, locked: bool) -> None:
        """Show the team as it stands in the session (drafted switches included)."""
        team = session.team(team_id)
        if team is None:
            return
        self.team = team_id
        self.query_one("#team-title", Label).update(literal(team_id))
        where = team.settings_file or "no settings file (switches at their defaults)"
        self.query_one("#team-where", Label).update(literal(where))
        note = (
            "Exempt: Otomi renders no team network policies for admin."
            if team.is_admin else ""
        )
        self.query_one("#team-note", Label).update(note)
        for switch in SWITCH_TEXT:
            widget = self.query_one(f"#{switch}", Switch)
            value = team.ingress_private if switch == "ingressPrivate" else team.egress_public
            if widget.value != value:
                with self.prevent(Switch.Changed):
                    widget.value = value
            widget.disabled = locked
            texts = RULE_SWITCH_TEXT if team.rule_based else SWITCH_TEXT
            self.query_one(f"#{switch}-text", Label).update(texts[switch])
        self.query_one("#team-section", Label).update("Rules" if team.rule_based else "Services")
        summary = rules_summary(session, team) if team.rule_based else self._summary(session, team)
        self.query_one("#team-services", Static).update(summary)
        noun = "rule" if team.rule_based else "service"
        hint = "" if locked else f"n: add a {noun} to this team"
        self.query_one("#team-hint", Label).update(hint)
        problems = [
            (f"{f.code} {f.message}", f.severity is Severity.ERROR)
            for f in session.findings(team_id, None)
        ]
        self.query_one("#team-message", MessageLabel).show_problems(problems)

    def _summary(self, session: Session, team: Team) -> Text:
        names = session.service_names(team.id)
        if not names:
            return Text("no services", style="dim")
        lines = Text()
        width = max(len(printable(name)) for name in names)
        for name in names:
            service = session.service(team.id, name)
            if service is None:
                continue
            if team.is_admin:
                ingress = egress = "exempt"
            else:
                ingress = MODE_WORDS[service.mode] if team.ingress_private else "not filtered"
                egress = f"↗{len(service.egress)}" if team.egress_public else "not filtered"
            lines.append_text(literal(printable(name).ljust(width), style="bold"))
            lines.append(f"  ingress {ingress} · egress {egress}\n")
        lines.rstrip()
        return lines

    @on(Switch.Changed)
    def _flipped(self, event: Switch.Changed) -> None:
        event.stop()
        switch = event.switch.id or ""
        if self.team and switch in SWITCH_TEXT:
            self.post_message(self.SwitchFlipped(self, self.team, switch, event.value))


def rules_summary(session: Session, team: Team) -> Text:
    """The team's rules under the current switches: its Inbound, then its Outbound group."""
    lines = Text()
    for kind in GROUP_WORDS:
        lines.append_text(group_summary(session, team, kind))
        lines.append("\n")
    lines.rstrip()
    return lines


def group_summary(session: Session, team: Team, kind: RuleType) -> Text:
    """One group of rules: how many there are (or why they are not rendered), then a line per
    rule: inbound ones by target and mode, outbound ones by host and ports, each with its
    error, warning and unsaved marks (deleted, unsaved ones left out). The team form shows both
    groups, the view of an Inbound or Outbound tree node shows its own."""
    lines = Text()
    names = [
        n for n in session.rule_names(team.id, kind) if not session.is_rule_deleted(team.id, n)
    ]
    lines.append(f"{GROUP_WORDS[kind]} ", style="bold")
    if team.is_admin:
        lines.append("exempt: not rendered", style="dim")
        return lines
    filtered = team.ingress_private if kind is RuleType.INGRESS else team.egress_public
    lines.append(f"{len(names)}" + ("" if filtered else " (not filtered: not rendered)"))
    for name in names:
        rule = session.rule(team.id, name)
        if rule is not None:
            lines.append("\n")
            lines.append_text(_rule_line(session, team.id, rule))
    return lines


def _rule_line(session: Session, team_id: str, rule: Rule) -> Text:
    words = [text for text, _ in rule_essentials(rule)]
    if rule.type is RuleType.EGRESS and rule.egress is not None and rule.egress.ports:
        words.append(", ".join(f"{port.number}/{port.protocol}" for port in rule.egress.ports))
    words += [text for text, _ in rule_marks(session, team_id, rule.name)]
    line = literal(f"  {printable(rule.name)}", style="bold")
    line.append_text(literal(f"  {printable(' '.join(words))}"))
    return line
