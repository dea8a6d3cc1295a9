"""App-wide messages: what the workers report back to the main screen.

Workers run in threads and never touch widgets; they post one of these and the screen, on its
own thread, updates what is shown. Widgets' own events are nested `Message` classes in their
modules instead; these are the ones that no single widget owns.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content
from textual.message import Message

from ztui.analysis.index import ReachIndex
from ztui.model import Finding, RepoModel
from ztui.repo.gitrepo import CommitResult
from ztui.repo.store import Edit
from ztui.review import CommitReview
from ztui.ui.git_tasks import PushTarget
from ztui.ui.tasks import GitSummary


@dataclass(eq=False)
class Progress(Message):
    """A long job moved on: `phase` in words, `done` of `total` (total 0 when unknown)."""

    phase: str
    done: int = 0
    total: int = 0

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, Progress)


@dataclass(eq=False)
class RepoPlanned(Message):
    """The repo's files are listed: the teams their names reveal (nothing is parsed yet)."""

    team_ids: list[str]


@dataclass(eq=False)
class RepoIndexed(Message):
    """Every file is read: the tree and the forms can show the repo (findings follow)."""

    model: RepoModel
    seconds: float


@dataclass(eq=False)
class RepoUnusable(Message):
    """The folder holds no values repo that ztui can open; `reason` says why in one line."""

    reason: str


@dataclass(eq=False)
class RepoValidated(Message):
    """The whole-repo validation finished (`findings` exclude the read findings)."""

    findings: list[Finding]
    seconds: float


@dataclass(eq=False)
class GitRead(Message):
    """git status finished: a summary, or None when the repo is not in a git work tree."""

    summary: GitSummary | None
    error: str | None = None


@dataclass(eq=False)
class Saved(Message):
    """The store wrote `edits`: the files written, each with its new sha256 (None: deleted)."""

    edits: list[Edit]
    hashes: dict[str, str | None]


@dataclass(eq=False)
class SaveFailed(Message):
    """The store refused or failed; nothing or only whole files were written (see reason)."""

    reason: str


@dataclass(eq=False)
class TeamsReread(Message):
    """Some teams read again from disk: a model holding just them and their files."""

    model: RepoModel
    team_ids: list[str]


@dataclass(eq=False)
class ReviewReady(Message):
    """The commit review is computed: the diffs, highlighted (in the worker, as it costs)."""

    review: CommitReview
    lines: list[Content]


@dataclass(eq=False)
class Committed(Message):
    """git made the commit: its sha, the files in it, the dirty files left out."""

    result: CommitResult


@dataclass(eq=False)
class PushAsked(Message):
    """The branch and upstream are known: ask the person before pushing."""

    target: PushTarget


@dataclass(eq=False)
class RemoteDone(Message):
    """A push or fetch (`verb`) finished; `summary` says what happened, in one line."""

    verb: str
    summary: str


@dataclass(eq=False)
class GitFailed(Message):
    """A review, commit, push or fetch (`verb`) failed: `reason` in one line, `output` in full
    (what a refusing hook printed)."""

    verb: str
    reason: str
    output: str = ""


@dataclass(eq=False)
class ReachIndexed(Message):
    """The reachability index of `model` is built (the Reach tab can answer from now on)."""

    model: RepoModel
    index: ReachIndex
    seconds: float
