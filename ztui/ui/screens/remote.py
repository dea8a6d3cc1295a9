"""Push and fetch, the only two things ztui does on the network, and only when asked.

Both the main screen (command palette) and the commit review (after committing) can push, so
the flow lives in this base class: find the branch's upstream in a worker, ask the person
("Push main to origin/main? It is never forced."), push in a worker, report. A rejected push
is an error notification that says what to do; neither verb exists in read-only mode.
"""

from __future__ import annotations

from pathlib import Path
from typing import Generic, TypeVar

from textual import on, work
from textual.screen import Screen

from ztui.repo.giterrors import GitError, PushRejected
from ztui.ui import git_tasks
from ztui.ui.messages import GitFailed, PushAsked, RemoteDone
from ztui.ui.screens.confirm import ConfirmScreen
from ztui.ui.text import printable

ResultT = TypeVar("ResultT")


def _one_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


class RemoteActions(Screen[ResultT], Generic[ResultT]):
    """`push` and `fetch` actions with their workers; screens react in `remote_finished`."""

    root: Path
    read_only: bool

    def remote_finished(self, verb: str, summary: str, failed: bool) -> None:
        """A push or fetch ended (the main screen refreshes the header, the review its status)."""

    def action_push(self) -> None:
        if self.read_only or self._busy("push"):
            return
        self._find_upstream()

    def action_fetch(self) -> None:
        if self.read_only or self._busy("fetch"):
            return
        self.notify("Fetching…", markup=False, timeout=2)
        self._fetch()

    def _busy(self, group: str) -> bool:
        if any(worker.group == group and worker.is_running for worker in self.workers):
            self.notify(f"Still running the last {group}.", markup=False)
            return True
        return False

    @work(thread=True, exclusive=True, exit_on_error=False, group="push",
          description="find the upstream to push to")
    def _find_upstream(self) -> None:
        try:
            self.post_message(PushAsked(git_tasks.push_target(self.root)))
        except (GitError, OSError) as exc:
            self.post_message(GitFailed("push", _one_line(exc)))

    @on(PushAsked)
    def _ask(self, message: PushAsked) -> None:
        target = message.target
        if target.branch is None:
            self.post_message(GitFailed("push", "HEAD is detached: check out a branch first"))
            return
        if target.upstream is None:
            self.post_message(GitFailed(
                "push", f"branch {target.branch} has no upstream: run "
                f"`git push -u <remote> {target.branch}` once"))
            return
        question = f"Push {target.branch} to {target.upstream}? It is never forced."

        def answered(yes: bool | None) -> None:
            if yes:
                self._push()

        self.app.push_screen(ConfirmScreen(printable(question), yes="Push"), answered)

    @work(thread=True, exclusive=True, exit_on_error=False, group="push",
          description="git push")
    def _push(self) -> None:
        try:
            self.post_message(RemoteDone("push", git_tasks.push_branch(self.root)))
        except PushRejected as exc:
            self.post_message(GitFailed("push", f"push rejected: {exc}", exc.detail))
        except (GitError, OSError) as exc:
            self.post_message(GitFailed("push", _one_line(exc)))

    @work(thread=True, exclusive=True, exit_on_error=False, group="fetch",
          description="git fetch")
    def _fetch(self) -> None:
        try:
            git_tasks.fetch_upstream(self.root)
        except (GitError, OSError) as exc:
            self.post_message(GitFailed("fetch", _one_line(exc)))
            return
        self.post_message(RemoteDone("fetch", "fetched: ahead/behind are up to date"))

    @on(RemoteDone)
    def _remote_done(self, message: RemoteDone) -> None:
        self.notify(message.summary, title=message.verb.capitalize(), markup=False)
        self.remote_finished(message.verb, message.summary, failed=False)

    @on(GitFailed)
    def _remote_failed(self, message: GitFailed) -> None:
        if message.verb not in ("push", "fetch"):
            return
        title = "Push rejected" if message.reason.startswith("push rejected") else (
            f"{message.verb.capitalize()} failed")
        self.notify(message.reason, title=title, severity="error", markup=False, timeout=20)
        self.remote_finished(message.verb, message.reason, failed=True)
