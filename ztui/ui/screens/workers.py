"""The main screen's thread workers: reading, validating, git status, saving, reading again.

Each one runs blocking work from `ztui.ui.tasks` in a thread and reports with a message from
`ztui.ui.messages`; none of them touches a widget. `MainScreen` handles the messages.
"""

from __future__ import annotations

import threading
import time

from textual import work
from textual.worker import get_current_worker

from ztui.model import RepoModel
from ztui.repo.layout import RepoPlan, UnusableRepo
from ztui.repo.store import Edit, StoreError
from ztui.ui import tasks
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
from ztui.ui.screens.actions import MainActions
from ztui.ui.widgets.header import RepoHeader


class RepoWorkers(MainActions):
    """Workers of the main screen (a base class of `MainScreen`)."""

    # Every worker has a `description`: by default Textual builds one from the repr of the
    # arguments, and the repr of a 10,000-service model takes seconds of the UI thread.
    @work(thread=True, exclusive=True, exit_on_error=False, group="read",
          description="read the repo")
    def read_repo(self, repo_plan: RepoPlan | None) -> None:
        """Read every file of `repo_plan` (or of a new plan), once the work area is mounted
        (the tree shows the team names or a note meanwhile, the header the phase)."""
        worker = get_current_worker()
        while not self.work_mounted.wait(0.05):
            if worker.is_cancelled:
                return
        started = time.perf_counter()
        self.post_message(Progress("reading files"))

        # Names that only this worker learnt are painted before reading starts: reading holds
        # the GIL most of the time, and a screen that lays out and paints meanwhile gets it in
        # slices.
        def wait_for_paint() -> None:
            painted = threading.Event()
            try:
                self.app.call_from_thread(self.call_after_refresh, painted.set)
            except RuntimeError:  # the app is closing
                return
            painted.wait(tasks.PAINT_WAIT_SECONDS)

        def planned(team_ids: list[str]) -> None:
            self.post_message(RepoPlanned(team_ids))
            wait_for_paint()

        def progress(phase: str, done: int, total: int) -> None:
            self.post_message(Progress(phase, done, total))

        try:
            model = tasks.read_repo(self.root, planned, progress, repo_plan)
        except UnusableRepo as exc:
            self.post_message(RepoUnusable(str(exc)))
            return
        except Exception as exc:  # a worker must report, not die silently
            self.post_message(RepoUnusable(f"could not read {self.root}: {exc}"))
            return
        self.post_message(RepoIndexed(model, time.perf_counter() - started))

    @work(thread=True, exclusive=True, exit_on_error=False, group="validate",
          description="validate the whole repo")
    def validate_repo(self, model: RepoModel) -> None:
        """Validate every team and service; a newer run cancels this one."""
        worker = get_current_worker()
        started = time.perf_counter()

        def progress(done: int, total: int) -> None:
            self.post_message(Progress("validating", done, total))

        try:
            found = tasks.validate_repo(model, progress, lambda: worker.is_cancelled)
        except Exception as exc:  # a worker must report, not die silently
            self.post_message(Progress(f"validation failed: {exc}"))
            return
        if found is not None and not worker.is_cancelled:
            self.post_message(RepoValidated(found, time.perf_counter() - started))

    @work(thread=True, exclusive=True, exit_on_error=False, group="git",
          description="git status")
    def read_git(self) -> None:
        """git status for the header (never blocks the screen, never touches the network)."""
        try:
            self.post_message(GitRead(tasks.git_summary(self.root)))
        except Exception as exc:  # git missing, a broken repo: the header says so
            self.post_message(GitRead(None, str(exc).splitlines()[0] if str(exc) else "git failed"))

    @work(thread=True, exclusive=True, exit_on_error=False, group="save",
          description="save the edits")
    def save_edits(self, model: RepoModel, edits: list[Edit]) -> None:
        """Patch and write the edited files (atomically, checking nobody changed them)."""
        try:
            hashes = tasks.save(self.store, model, edits)
        except StoreError as exc:
            self.post_message(SaveFailed(str(exc)))
            return
        except OSError as exc:
            self.post_message(SaveFailed(f"could not write: {exc}"))
            return
        self.post_message(Saved(edits, hashes))

    @work(thread=True, exclusive=False, exit_on_error=False, group="reread",
          description="read teams again")
    def reread_teams(self, team_ids: list[str]) -> None:
        """Read the given teams again (after a save or an external edit)."""
        try:
            model = tasks.reread_teams(self.root, team_ids)
        except Exception as exc:  # the old model stays; say why it could not be refreshed
            self.post_message(SaveFailed(f"could not read the files again: {exc}"))
            return
        self.post_message(TeamsReread(model, team_ids))

    def start_save(self, edits: list[Edit]) -> None:
        if self.session is not None:
            self.query_one(RepoHeader).status = "saving…"
            self.save_edits(self.session.model, edits)

    def start_reread(self, team_ids: list[str]) -> None:
        self.reread_teams(team_ids)
