"""The main screen on a repo of the later layouts: rule forms, previews, new and deleted rules.

A rule of spec 5 is edited as a service is: its form sends `Edited` with the new raw data, the
session rebuilds and re-validates that one rule, and the tree line and the preview follow. `n`
asks for a new rule (name, kind, target or host) and `d` deletes the selected one after asking;
a deletion is a draft like any edit: the tree strikes the rule through, undo brings it back,
and the next save removes its file (or its `netpols` item).
"""

from __future__ import annotations

import dataclasses

from textual import events, on
from textual.widgets import ContentSwitcher, Input, TextArea

from ztui.model import Mode, Rule, RuleType
from ztui.render.manifests import render_rule, render_team
from ztui.rule_edits import new_egress, new_ingress
from ztui.ui.rule_session import rule_kind
from ztui.ui.screens.actions import MainActions
from ztui.ui.screens.confirm import ConfirmScreen
from ztui.ui.screens.new_rule import NewRule, NewRuleScreen
from ztui.ui.session import Session
from ztui.ui.widgets.inbound_form import InboundForm
from ztui.ui.widgets.outbound_form import OutboundForm
from ztui.ui.widgets.preview import Part
from ztui.ui.widgets.rule_form import RuleForm
from ztui.ui.widgets.team_tree import NodeRef, TeamTree
from ztui.vocabulary import Vocabulary, vocabulary

#: Keys that write and what they would do, for the read-only refusal.
REFUSED = {"n": "add rules or services", "d": "delete rules", "delete": "delete rules"}
#: The rule actions (both write; neither exists in a services-era repo or read-only mode).
RULE_WRITING = frozenset({"new_rule", "delete_rule"})


class RuleActions(MainActions):
    """Rule forms, previews, `n` and `d` of the main screen (a base class of `MainScreen`)."""

    _vocabulary: Vocabulary | None = None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        rule_based = self.session is not None and self.session.rule_based
        if action in RULE_WRITING:
            if self.read_only or (self.session is not None and not rule_based):
                return False
            if self.session is None:
                return None
            if action == "delete_rule":
                return True if self.current is not None and self.current.rule else None
            return True
        if action in ("new_service", "add_allow", "add_egress") and rule_based:
            return False
        return super().check_action(action, parameters)

    def on_key(self, event: events.Key) -> None:
        """`n` or `d` in read-only mode: say why nothing happens instead of doing nothing."""
        if not self.read_only or isinstance(self.focused, Input | TextArea):
            return
        what = REFUSED.get(event.key)
        if what is not None:
            event.stop()
            self.notify(f"Read-only: ztui does not {what} here.", title="Read-only",
                        severity="warning", markup=False)

    # -- showing a rule ------------------------------------------------------------------

    def rule_vocabulary(self, session: Session) -> Vocabulary:
        """The words the rule forms complete from (gathered once per model)."""
        if self._vocabulary is None:
            self._vocabulary = vocabulary(session.model)
        return self._vocabulary

    def forget_vocabulary(self) -> None:
        """Teams were read again: their labels may have changed."""
        self._vocabulary = None

    def rule_form(self, rule: Rule) -> RuleForm:
        if rule_kind(rule) is RuleType.EGRESS:
            return self.query_one(OutboundForm)
        return self.query_one(InboundForm)

    async def show_rule(self, session: Session, ref: NodeRef) -> bool:
        """Load the selected rule's form; False when the rule is gone."""
        name = ref.rule or ""
        rule = session.rule(ref.team, name)
        if rule is None:
            return False
        form = self.rule_form(rule)
        session.forget_rule_form_text(ref.team, name)
        locked = self.read_only or session.is_rule_deleted(ref.team, name)
        if isinstance(form, InboundForm | OutboundForm):
            await form.load(ref.team, rule, rule.raw, locked=locked,
                            vocabulary=self.rule_vocabulary(session))
        self.query_one("#editor", ContentSwitcher).current = form.id
        return True

    def show_rule_findings(self, session: Session, ref: NodeRef) -> None:
        name = ref.rule or ""
        rule = session.rule(ref.team, name)
        if rule is None:
            return
        form = self.rule_form(rule)
        if isinstance(form, InboundForm | OutboundForm):
            form.show_findings(session.rule_findings_of(ref.team, name),
                               session.rule_form_errors(ref.team, name))

    def rule_preview(self, session: Session, ref: NodeRef) -> tuple[str, list[Part]] | None:
        """The preview of a rule: its own manifest, then what the team renders anyway."""
        name = ref.rule or ""
        team = session.team_view(ref.team)
        rule = session.rule(ref.team, name)
        if team is None or rule is None:
            return None
        if session.is_rule_deleted(ref.team, name):
            return (f"{ref.team}/{name} is deleted: saving removes it (ctrl+z brings it back)",
                    [])
        defaults = render_team(dataclasses.replace(team, rules=[]))
        own = [m for m in render_rule(team, rule) if m not in defaults]
        return (f"{ref.team}/{name}: its manifests, then the team's", [
            (f"{ref.team}/{name}", own),
            (f"defaults of team {ref.team}", defaults),
        ])

    def focus_rule_field(self, ref: NodeRef, path: str | None) -> None:
        session = self.session
        rule = session.rule(ref.team, ref.rule or "") if session else None
        if rule is not None:
            form = self.rule_form(rule)
            if isinstance(form, InboundForm | OutboundForm):
                form.focus_path(path)

    @on(RuleForm.Edited)
    def _rule_edited(self, event: RuleForm.Edited) -> None:
        session = self.session
        if session is None or self.read_only:
            return
        session.edit_rule(event.team, event.rule, event.raw, event.field_key, event.form_errors)
        ref = NodeRef(event.team, rule=event.rule)
        self.mark_reach_stale(event.team)
        if self.current == ref:
            self.show_rule_findings(session, ref)
            self.render_preview()
        self.query_one(TeamTree).changed(ref)
        self.after_change()

    # -- new and deleted rules -------------------------------------------------------------

    def action_new_rule(self) -> None:
        session, ref = self.session, self.current
        if session is None or ref is None:
            self.notify("Pick a team first.", markup=False)
            return
        team = ref.team
        kind = ref.group or RuleType.INGRESS
        if ref.rule is not None and (rule := session.rule(team, ref.rule)) is not None:
            kind = rule_kind(rule)

        def added(new: NewRule | None) -> None:
            if new is None or self.session is None:
                return
            layout = self.session.model.layout
            if new.kind is RuleType.EGRESS:
                raw = new_egress(layout, team, new.name, new.domain)
            elif new.target is not None:
                raw = new_ingress(layout, team, new.name, new.target, Mode.ALLOW_ONLY)
            else:
                return
            self.session.add_rule(team, new.name, raw)
            self.mark_reach_stale(team)
            self.query_one(TeamTree).show_rule(NodeRef(team, rule=new.name))
            self.after_change()

        def problem(name: str) -> str | None:
            return session.rule_name_problem(team, name)

        self.app.push_screen(NewRuleScreen(team, kind, problem), added)

    def action_delete_rule(self) -> None:
        session, ref = self.session, self.current
        if session is None or ref is None or ref.rule is None:
            self.notify("Pick a rule to delete.", markup=False)
            return
        team, name = ref.team, ref.rule
        if session.is_rule_deleted(team, name):
            self.notify(f"{team}/{name} is deleted already: ctrl+z brings it back.",
                        markup=False)
            return
        where = "its list item" if session.model.layout.value == "netpols" else "its file"

        async def answered(yes: bool | None) -> None:
            if not yes or self.session is None:
                return
            self.session.delete_rule(team, name)
            self.mark_reach_stale(team)
            self.query_one(TeamTree).changed_team(team)
            await self.show_current()
            self.after_change()

        question = (f"Delete rule {team}/{name}? Saving (ctrl+s) removes {where}; "
                    "until then ctrl+z brings it back.")
        self.app.push_screen(ConfirmScreen(question, yes="Delete"), answered)
