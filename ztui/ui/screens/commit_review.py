"""The commit review: what the commit changes, what it leaves out, and its message.

A network-policy commit is reviewed by its effect, so the screen shows three diffs of exactly
the files ztui saved in this session: the values files as written, the manifests they render,
and who can newly (or no longer) reach whom. Dirty files that ztui did not write are named and
left alone. The diffs are computed and highlighted in a worker (a big edit renders thousands of
lines), the commit runs in a worker, and a refusal (a pre-commit hook, index.lock, no identity)
is shown here with git's output while the edit stays in the working tree. After a commit the
branch can be pushed from here (`p`, with a confirmation); escape goes back.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Footer, Input, Label, Static, TextArea

from ztui.repo.giterrors import GitError, HookFailed
from ztui.repo.gitrepo import CommitResult
from ztui.review import CommitReview, review_commit
from ztui.ui import git_tasks
from ztui.ui.messages import Committed, GitFailed, ReviewReady
from ztui.ui.screens.remote import RemoteActions
from ztui.ui.text import literal, printable
from ztui.ui.widgets.line_view import LineView, diff_lines


def _section(title: str, body: list[Content], empty: str) -> list[Content]:
    heading = Content.styled(f"# {title}", "bold $text-secondary")
    return [heading, *(body or [Content.styled(f"  {empty}", "italic $text-muted")]), Content("")]


def review_lines(review: CommitReview) -> list[Content]:
    """The review as one scrollable text: values, manifests, reachability (diff-coloured)."""
    reach = "".join(f"{line}\n" for line in review.reach)
    return [
        *_section("values files (HEAD -> this commit)", diff_lines(review.values),
                  "no change: the saved files match HEAD"),
        *_section("manifests they render", diff_lines(review.manifests), "no manifest changes"),
        *_section("reachability changes", diff_lines(reach), "nobody gains or loses a path"),
    ]


def _names(paths: Iterable[str]) -> str:
    return ", ".join(printable(path) for path in paths)


def file_states(values: str) -> dict[str, str]:
    """Each file of a values diff and what the commit does to it: created, changed, deleted
    (read off the `---`/`+++` headers, where `/dev/null` stands for the absent side)."""
    states: dict[str, str] = {}
    lines = values.splitlines()
    for old, new in pairwise(lines):
        if not (old.startswith("--- ") and new.startswith("+++ ")):
            continue
        before, after = old[4:], new[4:]
        if after == "/dev/null":
            states[before.removeprefix("a/")] = "deleted"
        elif before == "/dev/null":
            states[after.removeprefix("b/")] = "created"
        else:
            states[after.removeprefix("b/")] = "changed"
    return states


def files_line(files: Iterable[str], states: dict[str, str]) -> str:
    """`commits: a (created), b (deleted), c (changed)`; without a file created or deleted
    (every service edit), just the names, as they speak for themselves."""
    files = list(files)
    if not any(states.get(rel) in ("created", "deleted") for rel in files):
        return "commits: " + _names(files)
    return "commits: " + ", ".join(
        f"{printable(rel)} ({states.get(rel, 'unchanged')})" for rel in files
    )


class CommitReviewScreen(RemoteActions[CommitResult | None]):
    """Review and commit the saved files; dismisses with the commit made, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "commit", "Commit"),
        Binding("p", "push", "Push", tooltip="Push the branch (asks first; never forced)"),
        Binding("f6", "focus_message", "Message", show=False),
        Binding("escape", "close", "Back"),
    ]

    def __init__(self, root: Path, files: frozenset[str], *, read_only: bool = False) -> None:
        super().__init__(classes="review")
        self.root = root
        self.files = files
        self.read_only = read_only
        self.review: CommitReview | None = None
        self.result: CommitResult | None = None

    def compose(self) -> ComposeResult:
        yield Label(literal(f"Commit review · {len(self.files)} file"
                            f"{'s' * (len(self.files) != 1)} saved by ztui"), id="review-title")
        yield Label(literal("commits: " + _names(sorted(self.files))), id="review-files")
        yield Label("not committed: …", id="review-others")
        yield LineView(id="review-diff")
        with Horizontal(id="review-message"):
            yield Input(placeholder="summary: what the change does and why", id="summary",
                        compact=True)
            yield Button("Commit ^s", id="commit", variant="primary", compact=True)
            yield Button("Push p", id="push", compact=True, disabled=True)
        yield TextArea(id="body", placeholder="body (optional): the ticket, the reviewer, …",
                       soft_wrap=True, show_line_numbers=False, compact=True)
        with VerticalScroll(id="review-status"):
            yield Static("computing the diffs…", id="review-note")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#review-diff", LineView).show_lines(
            [Content.styled("computing the diffs…", "italic $text-muted")])
        self.query_one("#summary", Input).focus()
        self._compute()

    # -- the diffs -----------------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="review",
          description="compute the commit review")
    def _compute(self) -> None:
        try:
            review = review_commit(self.root, self.files)
        except (GitError, OSError, ValueError) as exc:
            self.post_message(GitFailed("review", str(exc)))
            return
        self.post_message(ReviewReady(review, review_lines(review)))

    @on(ReviewReady)
    def _ready(self, message: ReviewReady) -> None:
        self.review = message.review
        self.query_one("#review-files", Label).update(literal(
            files_line(sorted(self.files), file_states(message.review.values))))
        others = message.review.others
        self.query_one("#review-others", Label).update(literal(
            f"not committed (left as they are): {_names(others)}" if others
            else "not committed: no other dirty files"))
        self.query_one("#review-diff", LineView).show_lines(message.lines)
        self._note(f"{len(message.review.reach)} reachability change"
                   f"{'s' * (len(message.review.reach) != 1)}; type a summary, then ^s")

    # -- committing ------------------------------------------------------------------------

    def _message(self) -> str:
        summary = self.query_one("#summary", Input).value.strip()
        body = self.query_one("#body", TextArea).text.strip()
        return f"{summary}\n\n{body}" if body else summary

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("commit", "push") and self.read_only:
            return False
        if action == "commit":
            return self.result is None
        if action == "push":
            return self.result is not None
        return True

    def action_commit(self) -> None:
        if self.result is not None or self.read_only:
            return
        if not self.query_one("#summary", Input).value.strip():
            self._note("Write a summary first: it is the first line of the commit message.",
                       error=True)
            self.query_one("#summary", Input).focus()
            return
        if any(w.group == "commit" and w.is_running for w in self.workers):
            return
        self._note("committing… (hooks run)")
        self._commit(self._message())

    @on(Input.Submitted, "#summary")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#body", TextArea).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "commit":
            self.action_commit()
        elif event.button.id == "push":
            self.action_push()

    @work(thread=True, exclusive=True, exit_on_error=False, group="commit",
          description="git commit")
    def _commit(self, message: str) -> None:
        try:
            result = git_tasks.commit(self.root, self.files, message)
        except HookFailed as exc:
            self.post_message(GitFailed("commit", "a git hook refused the commit; your edits "
                                        "are still in the working tree", exc.output))
            return
        except (GitError, OSError) as exc:
            self.post_message(GitFailed("commit", str(exc), getattr(exc, "detail", "")))
            return
        self.post_message(Committed(result))

    @on(Committed)
    def _committed(self, message: Committed) -> None:
        self.result = message.result
        for widget in self.query("#summary, #body, #commit").results():
            widget.disabled = True
        push = self.query_one("#push", Button)
        push.disabled = self.read_only
        push.focus()
        self.refresh_bindings()
        result = message.result
        self._note(f"committed {result.sha[:10]}: {_names(result.files)}. "
                   "p pushes (asks first), escape goes back.")
        self.notify(f"{result.sha[:10]} {_names(result.files)}", title="Committed", markup=False)

    @on(GitFailed)
    def _failed(self, message: GitFailed) -> None:
        if message.verb not in ("review", "commit"):
            return
        text = message.reason
        if message.output.strip():
            text += "\n" + printable_block(message.output)
        self._note(text, error=True)
        if message.verb == "review":
            self.query_one("#review-diff", LineView).show_lines(
                [Content.styled(f"could not compute the review: {printable(message.reason)}",
                                "$text-error")])

    def remote_finished(self, verb: str, summary: str, failed: bool) -> None:
        self._note(summary, error=failed)

    # -- the rest ---------------------------------------------------------------------------

    def _note(self, text: str, *, error: bool = False) -> None:
        note = self.query_one("#review-note", Static)
        note.update(Content(text))
        note.set_class(error, "-error")
        self.query_one("#review-status", VerticalScroll).scroll_home(animate=False)

    def action_focus_message(self) -> None:
        self.query_one("#summary", Input).focus()

    def action_close(self) -> None:
        self.dismiss(self.result)


def printable_block(text: str) -> str:
    """Many lines of somebody else's output (a hook's), each made harmless, tabs kept as spaces."""
    return "\n".join(printable(line.expandtabs(8)) for line in text.strip().splitlines())
