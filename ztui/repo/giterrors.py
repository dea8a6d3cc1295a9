"""The failures of the git layer, each with one clear line for users (`GitError.detail` keeps
git's full output for whoever wants it)."""

from __future__ import annotations


class GitError(Exception):
    """Base of every git failure; `str(err)` is for users, `detail` holds git's full output."""

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail


class IdentityMissing(GitError):
    """git has no user.name / user.email to author a commit with."""


class IndexLocked(GitError):
    """Another git process holds the index lock."""


class HookFailed(GitError):
    """A hook refused the commit (pre-commit, commit-msg) or push; `output` is what it printed."""

    def __init__(self, output: str, action: str = "commit") -> None:
        kept = " (your edits are still in the working tree)" if action == "commit" else ""
        printed = output.strip() or "(the hook printed nothing)"
        super().__init__(f"a git hook refused the {action}{kept}: {printed}", output)
        self.output = output


class NothingToCommit(GitError):
    """None of the given files differ from HEAD."""


class RevNotFound(GitError):
    """The revision to diff against does not exist."""


class NoUpstream(GitError):
    """The branch has nothing to push to (detached HEAD, unborn branch, no upstream)."""


class PushRejected(GitError):
    """The remote refused the push (it moved, or a server-side rule said no)."""


class RemoteError(GitError):
    """The remote could not be reached or refused the credentials."""
