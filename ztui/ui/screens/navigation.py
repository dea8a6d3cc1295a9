"""Going places on the main screen: the pane in front, the tree, the filter, a finding's field.

Kept apart from `actions.py` (the verbs: save, undo, add, copy, editor, help, quit) because
moving around has its own state: which of form, preview, problems and reach is in front
(`pane`, which restyles the screen through its `-pane-*` classes), the filter's debounce timer,
and the field that `go_to` will focus once the tree's pick has loaded the form. This is the
base of `MainActions`, so every action can bring a pane to the front.
"""

from __future__ import annotations

import threading

from textual import on
from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import ContentSwitcher, Input, TabbedContent, Tabs

from ztui.ui.screens.remote import RemoteActions
from ztui.ui.session import Session
from ztui.ui.widgets.preview import Preview
from ztui.ui.widgets.problems import ProblemList
from ztui.ui.widgets.reach_view import ReachView
from ztui.ui.widgets.service_form import ServiceForm
from ztui.ui.widgets.team_tree import NodeRef, TeamTree

PANES = ("form", "preview", "problems", "reach")


class Navigation(RemoteActions[None]):
    """Panes, tree focus, the filter and `go_to` of the main screen (the base of
    `MainActions`)."""

    pane: reactive[str] = reactive("form")
    """Which of form, preview, problems and reach is in front (at 120+ columns the form and
    one of the others)."""

    session: Session | None
    current: NodeRef | None
    #: Set once the form, preview, problems and reach panes are mounted (after the first frame).
    work_mounted: threading.Event
    _pending_focus: tuple[NodeRef, str | None] | None = None
    _filter_timer: Timer | None = None

    def refresh_problems(self) -> None:
        """Rebuild the problems list when it is shown (MainScreen)."""
        raise NotImplementedError

    def refresh_reach(self) -> None:
        """Show the selection's reach when the Reach tab is in front (ReachPane)."""
        raise NotImplementedError

    def focus_rule_field(self, ref: NodeRef, path: str | None) -> None:
        """Focus the field of the rule form that `path` names (RuleActions)."""
        raise NotImplementedError

    def action_pane(self, pane: str) -> None:
        """Bring a pane to the front and put the cursor in it."""
        if pane not in PANES:
            return
        self.pane = pane
        if not self.work_mounted.is_set():
            return
        if pane == "form":
            editor = self.query_one("#editor", ContentSwitcher)
            shown = editor.visible_content
            if shown is not None:
                target = next((w for w in shown.query("*") if w.focusable), None)
                (target or shown).focus()
        elif pane == "preview":
            self.query_one(Preview).focus_text()
        elif pane == "reach":
            self.query_one(ReachView).focus_text()
        else:
            self.refresh_problems()
            self.query_one(ProblemList).focus()

    def action_focus_tree(self) -> None:
        self.query_one(TeamTree).focus()

    def go_to(self, ref: NodeRef, path: str | None) -> None:
        """Select `ref` in the tree (clearing a filter that hides it) and focus `path`.

        The field is focused once the form shows `ref` (`focus_pending`, called after the
        tree's pick has loaded the form).
        """
        tree = self.query_one(TeamTree)
        if not tree.has_ref(ref) and tree.filter_text:
            self._clear_filter()
        self._pending_focus = (ref, path)
        if not tree.select_ref(ref):
            self._pending_focus = None
            self.notify(f"{ref.subject} is not in the tree", markup=False)

    def focus_pending(self) -> None:
        """Focus the field that `go_to` asked for, if the form now shows its service."""
        pending, self._pending_focus = self._pending_focus, None
        if pending is None or pending[0] != self.current:
            return
        ref, path = pending
        self.action_pane("form")
        if ref.service is not None:
            self.query_one(ServiceForm).focus_path(path)
        elif ref.rule is not None:
            self.focus_rule_field(ref, path)

    def watch_pane(self, pane: str) -> None:
        for name in PANES:
            self.set_class(name == pane, f"-pane-{name}")
        if not self.work_mounted.is_set():
            return  # `MainScreen.open_work` calls this again
        tabs = self.query_one("#pane-tabs", Tabs)
        if tabs.active != f"pane-{pane}":
            with self.prevent(Tabs.TabActivated):
                tabs.active = f"pane-{pane}"
        if pane != "form":
            self.query_one("#side", TabbedContent).active = f"{pane}-tab"
        self.refresh_problems()
        self.refresh_reach()

    def action_filter(self) -> None:
        field = self.query_one("#filter", Input)
        field.display = True
        field.focus()

    def _clear_filter(self) -> None:
        field = self.query_one("#filter", Input)
        tree = self.query_one(TeamTree)
        with self.prevent(Input.Changed):
            field.value = ""
        field.display = False
        if tree.filter_text:
            tree.filter_text = ""
            tree.rebuild()

    def action_back(self) -> None:
        """Escape: close the filter, or go back from a pane to the tree."""
        field = self.query_one("#filter", Input)
        if field.display and (field.has_focus or field.value):
            self._clear_filter()
            self.query_one(TeamTree).focus()
        elif not self.query_one(TeamTree).has_focus:
            self.query_one(TeamTree).focus()
            if self.has_class("-narrow"):
                self.pane = "form"

    # -- tabs and the filter field ------------------------------------------------------------

    @on(Tabs.TabActivated, "#pane-tabs")
    def _pane_tab(self, event: Tabs.TabActivated) -> None:
        event.stop()
        if event.tab.id:
            self.pane = event.tab.id.removeprefix("pane-")

    @on(TabbedContent.TabActivated, "#side")
    def _side_tab(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id and self.pane != "form":
            self.pane = event.pane.id.removesuffix("-tab")
        self.refresh_problems()
        self.refresh_reach()

    @on(Input.Changed, "#filter")
    def _filter_typed(self, event: Input.Changed) -> None:
        event.stop()
        self.query_one(TeamTree).filter_text = event.value
        if self._filter_timer is not None:
            self._filter_timer.stop()
        self._filter_timer = self.set_timer(0.12, self._apply_filter)

    def _apply_filter(self) -> None:
        self._filter_timer = None
        self.query_one(TeamTree).rebuild()

    @on(Input.Submitted, "#filter")
    def _filter_done(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one(TeamTree).focus()
