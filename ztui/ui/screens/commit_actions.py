"""Commit, push and fetch from the main screen: what is offered when, and the commit review.

ztui commits exactly the files it wrote in this session (`saved_files`, filled by every save
and emptied by a commit), never someone else's dirty file. `c` opens the review when there is
something to commit; when there is not, or the repo is read-only, the key is not offered and
pressing it says why. Push and fetch are palette actions (push also in the review), never
offered in read-only mode.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input, TextArea

from ztui.repo.gitrepo import CommitResult
from ztui.ui.screens.actions import MainActions
from ztui.ui.screens.commit_review import CommitReviewScreen

#: Actions that talk to git and change it (or the remote): none exists in read-only mode.
GIT_WRITING = frozenset({"commit", "push", "fetch"})


class CommitActions(MainActions):
    """The git actions of the main screen (a base class of `MainScreen`)."""

    saved_files: set[str]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in GIT_WRITING:
            if self.read_only:
                return False
            if action == "commit" and not self.saved_files:
                return None  # shown dimmed: nothing saved yet
            return True
        return super().check_action(action, parameters)

    def why_no_commit(self) -> str | None:
        """Why `c` does nothing right now, or None when it opens the review."""
        if self.read_only:
            return "Read-only: ztui does not commit here."
        if not self.saved_files:
            unsaved = self.session.unsaved if self.session else 0
            if unsaved:
                return f"Nothing saved to commit yet: save the {unsaved} unsaved edit" \
                       f"{'s' * (unsaved != 1)} first (ctrl+s)."
            return "Nothing to commit: ztui commits only the files it saved in this session."
        return None

    def on_key(self, event: events.Key) -> None:
        """`c` when the commit is not offered: say why instead of doing nothing."""
        if event.key != "c" or isinstance(self.focused, Input | TextArea):
            return
        reason = self.why_no_commit()
        if reason is not None:
            event.stop()
            self.notify(reason, title="No commit", severity="warning", markup=False)

    def action_commit(self) -> None:
        if self.why_no_commit() is not None:
            return
        if self.session is not None and self.session.unsaved:
            self.notify("Unsaved edits are not part of this commit (save them first to include "
                        "them).", severity="warning", markup=False)

        def closed(result: CommitResult | None) -> None:
            if result is not None:  # files equal to HEAD were skipped: nothing left in them
                self.saved_files.difference_update(screen.files)
            self.refresh_bindings()
            self.read_git()

        screen = CommitReviewScreen(self.root, frozenset(self.saved_files),
                                    read_only=self.read_only)
        self.app.push_screen(screen, closed)

    def remote_finished(self, verb: str, summary: str, failed: bool) -> None:
        if not failed:
            self.read_git()
