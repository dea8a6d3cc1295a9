"""The blocking git work behind the commit review, push and fetch, as plain functions.

Workers call these in threads (each opens the repo, does one thing and closes it again), so
the screens stay about what is shown and the bodies stay testable without a terminal. Kept
apart from `tasks.py`, which holds the reading and saving the main screen does all the time.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from ztui.repo.giterrors import GitError
from ztui.repo.gitremote import fetch, push
from ztui.repo.gitrepo import CommitResult, GitRepo, commit_files, open_repo, status


@dataclass(frozen=True, slots=True)
class PushTarget:
    """Where a push would go: the branch and its upstream (None when it has none)."""

    branch: str | None
    upstream: str | None


def _open(root: Path) -> GitRepo:
    repo = open_repo(root)
    if repo is None:
        raise GitError(f"{root} is not in a git work tree")
    return repo


def commit(root: Path, files: Collection[str], message: str) -> CommitResult:
    """Commit exactly `files` with `message` (hooks run; on failure nothing is committed)."""
    repo = _open(root)
    try:
        return commit_files(repo, sorted(files), message)
    finally:
        repo.close()


def push_target(root: Path) -> PushTarget:
    """The current branch and its upstream, for the question asked before a push."""
    repo = _open(root)
    try:
        state = status(repo)
    finally:
        repo.close()
    return PushTarget(state.branch, state.upstream)


def push_branch(root: Path) -> str:
    """Push the current branch to its upstream, never forced; a one-line summary."""
    repo = _open(root)
    try:
        return push(repo)
    finally:
        repo.close()


def fetch_upstream(root: Path) -> None:
    """Fetch the branch's upstream remote (the only network access besides push)."""
    repo = _open(root)
    try:
        fetch(repo)
    finally:
        repo.close()
