"""The main screen's Reach tab: one `ReachIndex` per loaded model, kept in step with drafts.

The index is built in a worker once the repo is read (0.6 s for 10,000 services). In the later
layouts an inbound rule shows the reach of the workload it protects (`team/<app>`), an outbound
rule who may reach its host. Edits do not
rebuild it: a keystroke, a switch or a re-read marks its team stale, and the next time the tab
is drawn each stale team is re-rendered into the index as drafted (`update_team`, a few
milliseconds for a team of 50 services), so the tab is live as you type and costs nothing
while it is hidden.
"""

from __future__ import annotations

import time

from textual import on, work
from textual.widgets import TabbedContent

from ztui.analysis.cluster import workload_key
from ztui.analysis.index import ReachIndex
from ztui.model import RepoModel, RuleType
from ztui.ui.messages import ReachIndexed
from ztui.ui.screens.actions import MainActions
from ztui.ui.session import Session
from ztui.ui.widgets.reach_view import (
    ReachView,
    outbound_rule_lines,
    service_lines,
    team_lines,
)


class ReachPane(MainActions):
    """State and worker of the Reach tab (a base class of `MainScreen`)."""

    _reach: ReachIndex | None = None
    _reach_stale: set[str]
    #: Milliseconds the last refresh took (update_team + query + lines), for the benchmark.
    reach_ms: float = 0.0

    def start_reach_index(self, model: RepoModel) -> None:
        """Index the freshly read model (the tab says so meanwhile)."""
        self._reach = None
        self._reach_stale = set()
        self._build_reach(model)

    @work(thread=True, exclusive=True, exit_on_error=False, group="reach",
          description="index reachability")
    def _build_reach(self, model: RepoModel) -> None:
        started = time.perf_counter()
        try:
            index = ReachIndex(model)
        except Exception as exc:  # a worker must report, not die silently
            self.app.call_from_thread(self.notify, f"reachability: {exc}", severity="error",
                                      markup=False)
            return
        self.post_message(ReachIndexed(model, index, time.perf_counter() - started))

    @on(ReachIndexed)
    def _reach_ready(self, message: ReachIndexed) -> None:
        if self.session is None or self.session.model is not message.model:
            return  # a newer model is being indexed
        self._reach = message.index
        self._reach_stale |= self.session.unsaved_teams()
        self.refresh_reach()

    def mark_reach_stale(self, *team_ids: str) -> None:
        """These teams changed (an edit, a re-read): re-render them before the next answer."""
        self._reach_stale.update(team_ids)

    def reach_shown(self) -> bool:
        side = self.query_one("#side", TabbedContent)
        return side.active == "reach-tab" and (not self.has_class("-narrow") or self.pane != "form")

    def refresh_reach(self) -> None:
        """Show the selection's reach, if the tab is in front (else nothing is computed)."""
        if not self.reach_shown():
            return
        view = self.query_one(ReachView)
        session, ref, index = self.session, self.current, self._reach
        if session is None or ref is None:
            view.show_note("Pick a team or a service in the tree.")
            return
        if index is None:
            view.show_note("computing reachability…")
            return
        started = time.perf_counter()
        for team_id in sorted(self._reach_stale):
            team = session.team_view(team_id)
            if team is not None:
                index.update_team(team)
            else:
                index.remove_team(team_id)
        self._reach_stale.clear()
        if ref.rule is not None:
            self._show_rule_reach(view, index, session, ref.team, ref.rule)
        elif ref.service is None:
            what = "workloads" if index.rule_based else "services"
            view.show(f"team {ref.team}: who reaches its {what}", team_lines(index, ref.team))
        elif index.pod(f"{ref.team}/{ref.service}") is None:
            view.show_note(f"{ref.team}/{ref.service} renders no pods (is the service valid?)")
        else:
            key = f"{ref.team}/{ref.service}"
            view.show(f"{key}: reach as edited (from the rendered manifests)",
                      service_lines(index, key))
        self.reach_ms = (time.perf_counter() - started) * 1000

    def _show_rule_reach(self, view: ReachView, index: ReachIndex, session: Session,
                         team_id: str, name: str) -> None:
        """An inbound rule: the reach of the workload it protects; an outbound one: who may
        reach its host."""
        rule = session.rule(team_id, name)
        key = f"{team_id}/{name}"
        if rule is None or session.is_rule_deleted(team_id, name):
            view.show_note(f"{key} is deleted: it lets nobody in or out")
        elif rule.type is RuleType.EGRESS:
            domain = rule.egress.domain if rule.egress else "?"
            view.show(f"{key}: who may reach {domain}", outbound_rule_lines(index, key, domain))
        elif rule.target is None or not rule.target.name or not rule.target.value:
            view.show_note(f"{key} names no pods yet (type its target label)")
        else:
            pods = workload_key(team_id, rule.target)
            if index.pod(pods) is None:
                view.show_note(f"{pods}: no such workload in the index")
                return
            view.show(f"rule {key} protects workload {pods}",
                      service_lines(index, pods, "workload"))
