"""The two git verbs that touch the network: push (never forced) and fetch.

They run only when a person asks (`ztui push`, a palette action); nothing in ztui reaches the
network on its own.
"""

from __future__ import annotations

from ztui.repo.giterrors import NoUpstream, RemoteError
from ztui.repo.gitrepo import GitRepo, _config, _run, status


def push(repo: GitRepo, remote: str | None = None) -> str:
    """Push the current branch to its upstream (or to `remote`); never forced.

    Returns a one-line summary. Raises NoUpstream, PushRejected, RemoteError or GitError.
    """
    current = status(repo)
    if current.detached:
        raise NoUpstream("HEAD is detached: check out a branch before pushing")
    if current.unborn:
        raise NoUpstream(f"branch {current.branch} has no commits yet: nothing to push")
    branch = str(current.branch)
    upstream_remote = _config(repo, f"branch.{branch}.remote")
    merge = _config(repo, f"branch.{branch}.merge")
    target = remote or upstream_remote
    if target is None or (remote is None and merge is None):
        raise NoUpstream(
            f"branch {branch} has no upstream: run `git push -u <remote> {branch}` once"
        )
    dest = merge if merge and target == upstream_remote else f"refs/heads/{branch}"
    out = _run(repo, "push", "--porcelain", target, f"refs/heads/{branch}:{dest}", during=target)
    return _push_summary(out, branch, f"{target}/{dest.removeprefix('refs/heads/')}")


def _push_summary(out: str, branch: str, where: str) -> str:
    for line in out.splitlines():
        flag, _, rest = line.partition("\t")
        if flag == "=":
            return f"{where} is already up to date"
        if flag in (" ", "*"):
            return f"pushed {branch} to {where} ({rest.rpartition(chr(9))[2].strip('[]')})"
    return f"pushed {branch} to {where}"


def fetch(repo: GitRepo, remote: str | None = None) -> None:
    """Fetch `remote` (default: the branch's upstream remote, else `origin`, else the only one)."""
    remotes = _run(repo, "remote").split()
    if remote is None:
        branch = status(repo).branch
        configured = _config(repo, f"branch.{branch}.remote") if branch else None
        remote = configured or ("origin" if "origin" in remotes else None)
        remote = remote or (remotes[0] if len(remotes) == 1 else None)
    if remote is None:
        raise RemoteError("this repo has no remote to fetch from")
    _run(repo, "fetch", "--quiet", remote, during=remote)
