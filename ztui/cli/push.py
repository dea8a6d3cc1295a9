"""`ztui push REPO`: push the current branch to its upstream, explicitly and never forced."""

from __future__ import annotations

import argparse
from pathlib import Path

from ztui.cli.errors import UsageError, UserError
from ztui.repo.giterrors import GitError
from ztui.repo.gitremote import push
from ztui.repo.gitrepo import open_repo


def run_push(args: argparse.Namespace) -> int:
    """Push; when the remote has moved, say so and stop (exit 1)."""
    root = Path(args.repo)
    try:
        repo = open_repo(root)
    except GitError as exc:
        raise UsageError(str(exc)) from exc
    if repo is None:
        raise UsageError(f"{root} is not in a git repository")
    try:
        print(push(repo, args.remote))
    except GitError as exc:
        raise UserError(str(exc)) from exc
    finally:
        repo.close()
    return 0
