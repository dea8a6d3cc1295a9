"""Which form the main screen shows for the tree's selection, and what its preview renders.

The selection is a team, a service, an Inbound or Outbound group of a later-layout team, or
one of its rules. Kept apart from `main.py`, the switchboard that routes messages, so the one
place that maps a selection to its form, its marks and its manifests reads on its own; it sits
above `RuleActions`, whose rule forms and previews it switches to.
"""

from __future__ import annotations

import dataclasses

from textual.widgets import ContentSwitcher

from ztui.model import RuleType
from ztui.render.manifests import render_service, render_team
from ztui.ui.screens.rule_actions import RuleActions
from ztui.ui.session import Session
from ztui.ui.widgets.preview import Preview
from ztui.ui.widgets.rule_group import RuleGroupView
from ztui.ui.widgets.service_form import ServiceForm
from ztui.ui.widgets.team_form import TeamForm


class SelectionView(RuleActions):
    """The form pane and the preview of the selection (a base class of `MainScreen`)."""

    async def show_current(self) -> None:
        """Load the form and the preview of the tree's selection."""
        session, ref = self.session, self.current
        self.refresh_bindings()
        switcher = self.query_one("#editor", ContentSwitcher)
        if session is None or ref is None:
            switcher.current = "nothing"
            return
        if ref.rule is not None:
            if not await self.show_rule(session, ref):
                switcher.current = "nothing"
                return
        elif ref.group is not None:
            self.show_group(session, ref.team, ref.group)
            switcher.current = "rule-group"
        elif ref.service is None:
            self.query_one(TeamForm).load(session, ref.team, locked=self.read_only)
            switcher.current = "team-form"
        else:
            service = session.service(ref.team, ref.service)
            if service is None:
                switcher.current = "nothing"
                return
            form = self.query_one(ServiceForm)
            session.forget_form_text(ref.team, ref.service)
            await form.load(ref.team, ref.service, service.raw, session.model.dialect,
                            service.location, session, locked=self.read_only)
            switcher.current = "service-form"
        self.show_findings()
        self.render_preview()
        self.refresh_reach()

    def show_findings(self) -> None:
        """Bring the shown form's marks up to date (an edit, a validation, a switch)."""
        session, ref = self.session, self.current
        if session is None or ref is None:
            return
        if ref.rule is not None:
            self.show_rule_findings(session, ref)
        elif ref.group is not None:
            self.show_group(session, ref.team, ref.group)
        elif ref.service is None:
            self.query_one(TeamForm).load(session, ref.team, locked=self.read_only)
        else:
            self.query_one(ServiceForm).show_findings(
                session.findings(ref.team, ref.service),
                session.form_errors(ref.team, ref.service),
            )

    def render_preview(self) -> None:
        """Render the selection: one service or rule with its team's defaults, or a team (a
        rule group shows its team's)."""
        session, ref = self.session, self.current
        preview = self.query_one(Preview)
        if session is None or ref is None:
            preview.show_note("")
            return
        if ref.rule is not None:
            shown = self.rule_preview(session, ref)
            if shown is not None:
                preview.show_manifests(*shown)
            return
        if ref.service is None:
            team = session.team_view(ref.team)
            if team is not None:
                caption = f"team {ref.team}: everything the chart renders for it"
                preview.show_manifests(caption, [(f"team {ref.team}", render_team(team))])
            return
        team_settings = session.team(ref.team)
        service = session.service(ref.team, ref.service)
        if team_settings is None or service is None:
            return
        defaults = render_team(dataclasses.replace(team_settings, services=[]))
        own = [m for m in render_service(team_settings, service) if m not in defaults]
        preview.show_manifests(f"{ref.team}/{ref.service}: its manifests, then the team's", [
            (f"{ref.team}/{ref.service}", own),
            (f"defaults of team {ref.team}", defaults),
        ])

    def show_group(self, session: Session, team_id: str, kind: RuleType) -> None:
        """An Inbound or Outbound node: its rules at a glance (the preview stays the team's)."""
        view = self.query_one(RuleGroupView)
        view.load(session, team_id, kind, locked=self.read_only)
