"""The main screen: the tree of teams, the form of the selection, its preview and problems.

This screen is the switchboard between the widgets, the session (edit state) and the workers
(reading, validating, git, saving). A keystroke in a form travels: form -> `ServiceForm.Edited`
-> `Session.edit_service` (one service rebuilt and re-validated) -> the form's messages, one
tree node, the preview. Nothing on that path reads a file or looks at another service.

At 120 columns and more the form and the preview/problems tabs sit side by side; below that
they share one pane, switched with F2/F3/F4/F5 (the `-narrow`/`-wide`/`-wider` classes come from
`HORIZONTAL_BREAKPOINTS`, the layout itself is in the stylesheet).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import Footer, Input, Static, TabbedContent

from ztui.repo.layout import RepoPlan, UnusableRepo
from ztui.repo.loader import plan
from ztui.repo.store import RuleEdit, Store
from ztui.ui.messages import (
    GitRead,
    Progress,
    RepoIndexed,
    RepoPlanned,
    RepoUnusable,
    RepoValidated,
    Saved,
    SaveFailed,
    TeamsReread,
)
from ztui.ui.screens.commit_actions import CommitActions
from ztui.ui.screens.reach_pane import ReachPane
from ztui.ui.screens.selection import SelectionView
from ztui.ui.screens.work_area import READING, WorkArea
from ztui.ui.screens.workers import RepoWorkers
from ztui.ui.session import Session
from ztui.ui.widgets.header import RepoHeader
from ztui.ui.widgets.preview import Preview
from ztui.ui.widgets.problems import ProblemList
from ztui.ui.widgets.service_form import ServiceForm
from ztui.ui.widgets.team_form import TeamForm
from ztui.ui.widgets.team_tree import NodeRef, TeamTree


class MainScreen(CommitActions, SelectionView, ReachPane, RepoWorkers):
    """Tree | form | preview, problems and reach; keys are in `MainActions` (panes and the
    filter in its base `Navigation`, git ones in `CommitActions`, the later layouts' rules in
    `RuleActions`), the selection's form and preview in `SelectionView`, threads in
    `RepoWorkers`, the Reach tab's index in `ReachPane`."""

    HORIZONTAL_BREAKPOINTS = [  # noqa: RUF012 - Textual declares it without ClassVar
        (0, "-narrow"),
        (120, "-wide"),
        (160, "-wider"),
    ]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save"),
        Binding("c", "commit", "Commit", tooltip="Review and commit the files saved by ztui"),
        Binding("ctrl+z", "undo", "Undo", show=False),
        Binding("ctrl+y", "redo", "Redo", show=False),
        Binding("slash", "filter", "Filter"),
        Binding("escape", "back", "Back to the tree / close the filter", show=False),
        Binding("n", "new_service", "New service", show=False),
        Binding("n", "new_rule", "New rule"),
        Binding("d,delete", "delete_rule", "Delete rule"),
        Binding("e", "editor", "Editor", tooltip="Open the service's file in $EDITOR"),
        Binding("y", "copy", "Copy YAML"),
        Binding("f2", "pane('form')", "Show the form", show=False),
        Binding("f3", "pane('preview')", "Show the preview", show=False),
        Binding("f4", "pane('problems')", "Show the problems", show=False),
        Binding("f5", "pane('reach')", "Show the reach", show=False),
        Binding("question_mark,f1", "help", "Help"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self, root: Path, store: Store, *, read_only: bool) -> None:
        super().__init__(classes="-pane-form")  # as `pane` says; set later, it restyles all
        self.root = root
        self.store = store
        self.read_only = read_only
        self.session: Session | None = None
        self.current: NodeRef | None = None
        self._problems_stale = True
        self._problems_timer: Timer | None = None
        self._filter_timer: Timer | None = None
        self.saved_files: set[str] = set()
        self._reach_stale: set[str] = set()
        self.work_mounted = threading.Event()

    def compose(self) -> ComposeResult:
        # The first frame: header, tree and footer; the work area follows it (`open_work`).
        yield RepoHeader(self.root, read_only=self.read_only, id="header")
        with Horizontal(id="body"):
            with Vertical(id="tree-pane"):
                field = Input(placeholder="filter: team or service", id="filter", compact=True)
                field.display = False
                yield field
                yield TeamTree(id="tree")
            yield Static(READING, id="work-note")
        yield Footer()

    def on_mount(self) -> None:
        tree = self.query_one(TeamTree)
        try:  # listing a few hundred file names: a millisecond, so the names are in frame one
            repo_plan: RepoPlan | None = plan(self.root)
        except (UnusableRepo, OSError):  # the worker plans again and says why
            repo_plan = None
        if repo_plan is None or not repo_plan.named_teams:
            tree.show_message(f"reading {self.root} …")
        else:
            tree.show_names(sorted(repo_plan.named_teams))
        tree.focus()
        self.read_repo(repo_plan)  # it waits for the work area
        self.call_after_refresh(self.open_work)

    async def open_work(self) -> None:
        """Mount the work area (after the first frame), then let the workers report."""
        note = self.query_one("#work-note", Static)
        with self.app.batch_update():
            await self.query_one("#body", Horizontal).mount(WorkArea(id="work"), after=note)
            await note.remove()
        self.query_one(Preview).show_note("")
        self.work_mounted.set()
        self.watch_pane(self.pane)
        self.read_git()

    # -- worker results ----------------------------------------------------------------------

    @on(Progress)
    def _progress(self, message: Progress) -> None:
        header = self.query_one(RepoHeader)
        if message.total:
            header.status = f"{message.phase} {100 * message.done // message.total}%"
        else:
            header.status = f"{message.phase}…"

    @on(RepoPlanned)
    def _planned(self, message: RepoPlanned) -> None:
        if self.session is None and message.team_ids:
            self.query_one(TeamTree).show_names(message.team_ids)

    @on(RepoIndexed)
    def _indexed(self, message: RepoIndexed) -> None:
        self.session = Session(message.model)
        self.forget_vocabulary()
        if self.session.rule_based:
            self.query_one("#filter", Input).placeholder = "filter: team, rule, label or host"
        header = self.query_one(RepoHeader)
        model = message.model
        header.dialect = model.layout.value if model.layout.rule_based else model.dialect.value
        header.status = "validating…"
        tree = self.query_one(TeamTree)
        tree.show_session(self.session)
        thing = "rule" if self.session.rule_based else "service"
        self.query_one("#nothing", Static).update(f"Pick a team or a {thing} in the tree.")
        self._problems_stale = True
        self.refresh_problems()
        self.validate_repo(message.model)
        self.start_reach_index(message.model)
        if tree.root.children:
            first = tree.root.children[0]
            if first.data is not None:
                tree.select_ref(first.data)

    @on(RepoUnusable)
    def _unusable(self, message: RepoUnusable) -> None:
        self.query_one(RepoHeader).status = ""
        self.query_one(TeamTree).show_message(message.reason)
        self.query_one("#nothing", Static).update(message.reason)
        self.notify(message.reason, title="Cannot open the repo", severity="error",
                    markup=False, timeout=30)

    @on(RepoValidated)
    async def _validated(self, message: RepoValidated) -> None:
        if self.session is None:
            return
        self.session.set_repo_findings(message.findings)
        self.query_one(RepoHeader).status = ""
        self.query_one(TeamTree).changed_all()
        self._problems_stale = True
        self.refresh_problems()
        self.show_findings()

    @on(GitRead)
    def _git(self, message: GitRead) -> None:
        header = self.query_one(RepoHeader)
        header.git = message.summary or ("git: " + message.error if message.error else "no git")

    @on(Saved)
    def _saved(self, message: Saved) -> None:
        if self.session is None:
            return
        self.session.saved(message.edits, message.hashes)
        self.saved_files.update(message.hashes)
        self.refresh_bindings()
        count = len(message.hashes)
        self.notify("\n".join(message.hashes), title=f"Saved {count} file{'s' * (count != 1)}",
                    markup=False)
        self.query_one(RepoHeader).status = "reading saved files"
        self.after_change()
        if any(isinstance(edit, RuleEdit) and edit.delete for edit in message.edits):
            self.query_one(TeamTree).rebuild()  # a deleted rule's node goes with its file
        self.query_one(TeamTree).changed_all()
        self.reread_teams(sorted({edit.team for edit in message.edits}))

    @on(SaveFailed)
    def _save_failed(self, message: SaveFailed) -> None:
        self.query_one(RepoHeader).status = ""
        self.notify(message.reason, title="Not saved", severity="error", markup=False, timeout=15)

    @on(TeamsReread)
    async def _reread(self, message: TeamsReread) -> None:
        if self.session is None:
            return
        self.session.replace_teams(message.model, message.team_ids)
        self.forget_vocabulary()
        self.mark_reach_stale(*message.team_ids)
        self.query_one(TeamTree).changed_all()
        await self.show_current()
        self.validate_repo(self.session.model)
        self.read_git()

    # -- what is shown -----------------------------------------------------------------------

    @on(TeamTree.Picked)
    async def _picked(self, event: TeamTree.Picked) -> None:
        if event.ref != self.current:
            self.current = event.ref
            await self.show_current()
        self.focus_pending()

    @on(TeamTree.Opened)
    def _opened(self, event: TeamTree.Opened) -> None:
        self.action_pane("form")

    def after_change(self) -> None:
        """Bookkeeping after any edit: the unsaved count, the reach, problems to refresh soon."""
        if self.session is not None:
            self.query_one(RepoHeader).unsaved = self.session.unsaved
        if self.current is not None:
            self.mark_reach_stale(self.current.team)
        self.refresh_reach()
        self._problems_stale = True
        if self._problems_timer is None:
            self._problems_timer = self.set_timer(0.3, self.refresh_problems)

    def refresh_problems(self) -> None:
        self._problems_timer = None
        if self.session is None or not self._problems_stale:
            return
        side = self.query_one("#side", TabbedContent)
        shown = side.active == "problems-tab" and (
            not self.has_class("-narrow") or self.pane != "form"
        )
        if shown or not self.session.validated:
            self.query_one(ProblemList).show_findings(self.session.all_findings())
            self._problems_stale = False

    # -- edits -------------------------------------------------------------------------------

    @on(ServiceForm.Edited)
    def _edited(self, event: ServiceForm.Edited) -> None:
        session = self.session
        if session is None or self.read_only:
            return
        session.edit_service(
            event.team, event.service, event.raw, event.field_key, event.form_errors
        )
        self.mark_reach_stale(event.team)
        if self.current == NodeRef(event.team, event.service):
            self.show_findings()
            self.render_preview()
        self.query_one(TeamTree).changed(NodeRef(event.team, event.service))
        self.after_change()

    @on(TeamForm.SwitchFlipped)
    def _flipped(self, event: TeamForm.SwitchFlipped) -> None:
        session = self.session
        if session is None or self.read_only:
            return
        session.set_switch(event.team, event.switch, event.on)
        self.mark_reach_stale(event.team)
        self.query_one(TeamTree).changed_team(event.team)
        self.show_findings()
        self.render_preview()
        self.after_change()

    @on(ProblemList.Chosen)
    def _chosen(self, event: ProblemList.Chosen) -> None:
        finding = event.finding
        if finding.team is None:
            where = str(finding.location) if finding.location else "the repo"
            self.notify(f"{finding.code} is about {where}, not a team or service",
                        markup=False)
            return
        self.go_to(NodeRef(finding.team, finding.service, finding.rule), finding.path)
