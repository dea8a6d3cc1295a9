"""What the main screen's keys do: save, undo/redo, add, editor, copy, help, quit.

Commit, push and fetch are in `commit_actions.py` and `remote.py`; panes, the filter and going
to a finding are in `navigation.py`, this class's base.

Kept apart from `main.py`, which wires widgets, workers and the session together; this base
class holds the actions a person invokes (by key, by the command palette or by the mouse),
and `check_action`, which hides what cannot be done right now (saving in read-only mode).
"""

from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path

from textual.app import SuspendNotSupported
from textual.worker import Worker

from ztui.repo.store import Edit, Store
from ztui.ui.screens.confirm import ConfirmScreen
from ztui.ui.screens.help import HelpScreen, Section, binding_rows
from ztui.ui.screens.navigation import Navigation
from ztui.ui.screens.new_service import NewServiceScreen
from ztui.ui.widgets.preview import Preview
from ztui.ui.widgets.service_form import ServiceForm
from ztui.ui.widgets.team_tree import NodeRef, TeamTree

#: Actions that write, or prepare a write: none of them exists in read-only mode.
WRITING = frozenset({
    "save", "undo", "redo", "new_service", "editor", "add_allow", "add_egress", "new_rule",
    "delete_rule",
})
#: (action, title, help) for the command palette, in the order it lists them.
COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("save", "Save", "Write every unsaved edit to its file (ctrl+s)"),
    ("undo", "Undo", "Undo the last edit of the selected service or team (ctrl+z)"),
    ("redo", "Redo", "Redo what undo took back (ctrl+y)"),
    ("add_allow", "Add an allow entry", "A new row in the selected service's allow list"),
    ("add_egress", "Add an egress rule", "A new row in the selected service's egress list"),
    ("new_service", "New service", "Add a service to the selected team (n)"),
    ("new_rule", "New rule", "Add an inbound or outbound rule to the selected team (n)"),
    ("delete_rule", "Delete rule", "Delete the selected rule; saving removes it (d)"),
    ("filter", "Filter the tree", "Show only teams and services whose name contains text (/)"),
    ("focus_tree", "Go to the tree", "Put the cursor in the tree of teams (escape)"),
    ("pane('form')", "Show the form", "The form of the selection (F2)"),
    ("pane('preview')", "Show the preview", "The manifests the selection renders (F3)"),
    ("pane('problems')", "Show the problems", "Every finding of the repo (F4)"),
    ("pane('reach')", "Show the reach", "Who may reach the selection, what it may reach (F5)"),
    ("commit", "Commit", "Review and commit the files saved in this session (c)"),
    ("push", "Push", "Push the branch to its upstream, after asking; never forced"),
    ("fetch", "Fetch", "Fetch the upstream: the header's ahead/behind are then current"),
    ("copy", "Copy the preview", "Copy the previewed YAML to the clipboard (y)"),
    ("editor", "Open in $EDITOR", "Edit the service's file at its line (e)"),
    ("help", "Keys", "Every key binding (? or F1)"),
    ("quit", "Quit", "Leave ztui, asking first when edits are unsaved (q)"),
)


class MainActions(Navigation):
    """The main screen's actions; `MainScreen` supplies the state and the workers."""

    root: Path
    store: Store
    read_only: bool

    async def show_current(self) -> None:
        """Load the form and preview of the selection (MainScreen)."""
        raise NotImplementedError

    def render_preview(self) -> None:
        """Render the selection's manifests (MainScreen)."""
        raise NotImplementedError

    def after_change(self) -> None:
        """Bookkeeping after an edit (MainScreen)."""
        raise NotImplementedError

    def read_git(self) -> Worker[None]:
        """git status for the header, in a worker (RepoWorkers)."""
        raise NotImplementedError

    def mark_reach_stale(self, *team_ids: str) -> None:
        """These teams changed: re-render them before the next reach answer (ReachPane)."""
        raise NotImplementedError

    def start_save(self, edits: list[Edit]) -> None:
        """Write `edits` in a worker (RepoWorkers)."""
        raise NotImplementedError

    def start_reread(self, team_ids: list[str]) -> None:
        """Read teams again in a worker (RepoWorkers)."""
        raise NotImplementedError

    # -- availability ------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in WRITING and self.read_only:
            return False
        service_only = {"add_allow", "add_egress"}
        current = self.current
        if action in service_only and (current is None or current.service is None):
            return None
        if action == "editor" and (current is None or current.service is current.rule is None):
            return None
        if action in WRITING | {"copy"} and self.session is None:
            return None
        return True

    def palette_commands(self) -> list[tuple[str, str, str]]:
        """The palette's commands: those `check_action` allows right now."""
        return [
            command for command in COMMANDS
            if self.check_action(command[0].split("(")[0], ()) is True
        ]

    # -- saving and history --------------------------------------------------------------------

    def action_save(self) -> None:
        session = self.session
        if session is None or self.read_only:
            return
        blocking = session.blocking()
        if blocking:
            self.notify("\n".join(blocking), title="Not saved: fix the errors first",
                        severity="error", markup=False, timeout=10)
            return
        edits = session.pending()
        if not edits:
            self.notify("Nothing to save.", markup=False)
            return
        if any(worker.group == "save" and worker.is_running for worker in self.workers):
            self.notify("Still saving the last edits.", markup=False)
            return
        self.start_save(edits)

    async def action_undo(self) -> None:
        await self._step(forward=False)

    async def action_redo(self) -> None:
        await self._step(forward=True)

    async def _step(self, *, forward: bool) -> None:
        session, ref = self.session, self.current
        if session is None or ref is None:
            return
        if ref.rule is not None:
            deleted = session.is_rule_deleted(ref.team, ref.rule)
            moved = session.step_rule(ref.team, ref.rule, forward=forward)
            whole_team = deleted != session.is_rule_deleted(ref.team, ref.rule)
        else:
            moved = (session.redo if forward else session.undo)(ref.team, ref.service)
            whole_team = ref.service is None
        if not moved:
            self.notify("Nothing to redo." if forward else "Nothing to undo.", markup=False)
            return
        tree = self.query_one(TeamTree)
        self.mark_reach_stale(ref.team)
        if whole_team:
            tree.changed_team(ref.team)
        else:
            tree.changed(ref)
        await self.show_current()
        self.after_change()

    # -- adding ----------------------------------------------------------------------------------

    def action_new_service(self) -> None:
        session, ref = self.session, self.current
        if session is None or ref is None:
            self.notify("Pick a team first.", markup=False)
            return
        team = ref.team

        async def added(name: str | None) -> None:
            if name is None or self.session is None:
                return
            self.session.add_service(team, name)
            self.query_one(TeamTree).add_service(NodeRef(team, name))
            self.after_change()

        def problem(name: str) -> str | None:
            return session.name_problem(team, name)

        self.app.push_screen(NewServiceScreen(team, problem), added)

    async def action_add_allow(self) -> None:
        self.action_pane("form")
        await self.query_one(ServiceForm).add_allow_row()

    async def action_add_egress(self) -> None:
        self.action_pane("form")
        await self.query_one(ServiceForm).add_egress_row()

    # -- the outside world -------------------------------------------------------------------------

    def action_copy(self) -> None:
        text = self.query_one(Preview).text
        if not text:
            self.notify("Nothing to copy: the preview is empty.", markup=False)
            return
        self.app.copy_to_clipboard(text)
        lines = text.count("\n")
        self.notify(f"Copied {lines} lines of YAML to the clipboard.", markup=False)

    def action_editor(self) -> None:
        session, ref = self.session, self.current
        if session is None or ref is None:
            return
        if ref.rule is not None:
            rule = session.rule(ref.team, ref.rule)
            location = rule.location if rule else None
            new = session.is_rule_new(ref.team, ref.rule)
        elif ref.service is not None:
            service = session.service(ref.team, ref.service)
            location = service.location if service else None
            new = session.is_new(ref.team, ref.service)
        else:
            return
        if location is None or new:
            what = "rule" if ref.rule is not None else "service"
            self.notify(f"This {what} is not in a file yet: save it first.", markup=False)
            return
        if ref.team in session.unsaved_teams():
            self.notify(f"Team {ref.team} has unsaved edits: save or undo them first.",
                        severity="warning", markup=False)
            return
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        command = [*shlex.split(editor), f"+{location.line}", str(self.root / location.file)]
        try:
            with self.app.suspend():
                subprocess.run(command, check=False)
        except SuspendNotSupported:
            self.notify("Cannot open an editor from here (no terminal to hand over).",
                        severity="warning", markup=False)
            return
        except OSError as exc:
            self.notify(f"Could not run {command[0]}: {exc.strerror}", severity="error",
                        markup=False)
            return
        teams = [
            team.id for team in session.model.teams.values()
            if location.file in (team.services_file, team.settings_file, team.rules_file)
            or any(rule.file == location.file for rule in team.rules)
        ]
        self.start_reread(teams or [ref.team])

    def action_help(self) -> None:
        sections: list[Section] = [
            ("Everywhere", [
                *binding_rows(self.app, type(self).BINDINGS),
                *binding_rows(self.app, self.app.BINDINGS),
                (self.app.COMMAND_PALETTE_BINDING.replace("ctrl+", "^"), "Command palette"),
            ]),
            ("Tree", [
                ("↑ ↓", "Move; the form and preview follow"),
                ("→ ←", "Expand / collapse a team"),
                ("enter", "Edit the service (focus the form) / expand a team"),
                *binding_rows(self.app, TeamTree.BINDINGS),
            ]),
            ("Forms", [
                ("tab shift+tab", "Next / previous field"),
                ("← → enter", "Mode selector: move, choose"),
                ("→", "At the end of a field: accept the completion"),
                ("enter", "Press a button (+ allow, + egress, ✕ remove)"),
                ("space", "Flip a team switch"),
            ]),
            ("Problems", [("enter", "Go to the service and the field")]),
        ]
        if self.session is not None and self.session.rule_based:
            sections.insert(2, ("Rules (teams -> Inbound / Outbound -> rules)", [
                ("n", "New rule: its name, Inbound or Outbound, its target or host"),
                ("d delete", "Delete the selected rule (struck through until saved)"),
                ("ctrl+z", "Undo the selected rule's last edit, a deletion included"),
                ("/", "Filter by team, rule name, label or host"),
            ]))
        if self.read_only:
            sections.append(("Read-only", [("", "Saving and editing are switched off")]))
        self.app.push_screen(HelpScreen(sections))

    async def action_quit(self) -> None:
        await self.request_quit()

    async def request_quit(self) -> None:
        """Quit, asking first when edits would be lost."""
        unsaved = self.session.unsaved if self.session else 0
        if not unsaved:
            self.app.exit()
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.app.exit()

        noun = "edit" if unsaved == 1 else "edits"
        question = f"{unsaved} unsaved {noun} will be lost. Quit anyway?"
        self.app.push_screen(ConfirmScreen(question, yes="Quit without saving"), answered)

