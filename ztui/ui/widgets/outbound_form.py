"""The form of one outbound rule: a public host the team's pods may reach, and its ports.

An outbound rule (spec 5) is one host (an FQDN, a `*.` wildcard or an IP) and optional ports,
typed as in the services era (`443/HTTPS, 80/HTTP`); empty means no ports (the chart then
renders none). Every change goes through `ztui.rule_edits` (`set_domain`, `set_ports`) applied
to the raw mapping the form was loaded with, and leaves as an `Edited` message; ports text that
is not ports yet is a form error beside the field.
"""

from __future__ import annotations

from collections import defaultdict

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label

from ztui.model import Finding, Rule
from ztui.rule_edits import set_domain, set_ports
from ztui.ui.fields import parse_ports
from ztui.ui.rule_fields import egress_fields, rule_path, rule_spot
from ztui.ui.widgets.field_input import FieldInput
from ztui.ui.widgets.message_label import MessageLabel, Problem, worst
from ztui.ui.widgets.rule_form import Raw, RuleForm
from ztui.vocabulary import Vocabulary

PORTS_NOTE = "NUMBER/PROTOCOL, comma separated (HTTPS, HTTP or TCP); empty: no ports"


class OutboundForm(RuleForm):
    """Host and ports of the selected outbound rule."""

    KIND = "outbound"

    class Edited(RuleForm.Edited):
        """The person changed the outbound rule (see `RuleForm.Edited`)."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.domain_input = FieldInput(None, placeholder="api.example.com", column="domain")
        self.ports_input = FieldInput("", placeholder="no ports", column="ports")

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Label("Pods of the team may reach", classes="section-title")
        for field, label, message in (
            (self.domain_input, "host", "domain-message"),
            (self.ports_input, "ports", "ports-message"),
        ):
            with Vertical(classes="rule-row outbound-row"):
                with Horizontal(classes="row-fields"):
                    yield Label(label, classes="field-label")
                    yield field
                yield MessageLabel(id=message)
        yield Label(PORTS_NOTE, classes="note ports-note")

    async def load(self, team: str, rule: Rule, raw: Raw, *, locked: bool,
                   vocabulary: Vocabulary) -> None:
        """Show an outbound rule as stored in `raw` (after a pick, an undo or a redo)."""
        self.load_header(team, rule, raw, locked=locked, vocabulary=vocabulary)
        domain, ports = egress_fields(raw, self.base)
        with self.prevent(Input.Changed):
            self.domain_input.load(domain)
            self.ports_input.load(ports)
        self.domain_input.disabled = self.ports_input.disabled = locked

    def show_findings(self, findings: list[Finding],
                      form_errors: dict[str, str] | None = None) -> None:
        """Put each finding's message next to its field; the rest go under the title.

        `form_errors` are those the screen keeps for this rule (by default the form's own).
        """
        routed = self.routed(findings, form_errors)
        self.show_general(routed)
        fields: dict[str, list[Problem]] = defaultdict(list)
        for spot, problem in routed:
            if spot.section in ("domain", "ports"):
                fields[spot.section].append(problem)
        for field in (self.domain_input, self.ports_input):
            problems = fields.get(field.column, [])
            field.mark(worst(problems))
            self.query_one(f"#{field.column}-message", MessageLabel).show_problems(problems)

    def focus_path(self, path: str | None) -> None:
        """Focus the field a finding is about (the host when no field matches)."""
        spot = rule_spot(path, self.base)
        (self.ports_input if spot.section == "ports" else self.domain_input).focus()

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        if not event.input.has_focus:
            return  # a value set by `load`, not typing
        if event.input is self.domain_input:
            raw = set_domain(self.raw, self.base, event.value)
            self.emit(raw, rule_path(self.base, "egress", "domain"))
        elif event.input is self.ports_input:
            path = rule_path(self.base, "egress", "ports")
            ports, problem = parse_ports(event.value)
            self._form_errors = {path: problem} if problem is not None else {}
            self.emit(set_ports(self.raw, self.base, ports), path)
