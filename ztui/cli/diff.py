"""`ztui diff REPO [--base REV]`: what changed from REV to the working tree.

Three sections: the values files as they are written and the manifests as they will render
(one unified diff per manifest, named `manifests/<namespace>/<Kind>/<name>.yaml`), so a reviewer
sees both the edit and its effect on the cluster; then the reachability changes that effect
makes, one per line (`+ payments/api -> search/indexer`, `- legacy/monolith -> payments/ledger`,
`+ egress payments/api -> api.stripe.com:443/HTTPS`; see `ztui.analysis.changes`).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from ztui.cli.errors import UsageError, UserError, printable
from ztui.repo.giterrors import GitError
from ztui.repo.gitrepo import GitRepo, open_repo
from ztui.repo.history import snapshot
from ztui.repo.layout import UnusableRepo
from ztui.repo.loader import load_repo
from ztui.review import load_or_none, manifest_diff, reach_diff, values_diff


def _open_git(root: Path) -> GitRepo:
    try:
        repo = open_repo(root)
    except GitError as exc:
        raise UserError(str(exc)) from exc
    if repo is None:
        raise UsageError(f"{root} is not in a git repository: there is no base to diff against")
    return repo


def run_diff(args: argparse.Namespace) -> int:
    """Print the values, manifest and reachability changes from `--base` to the working tree."""
    root = Path(args.repo)
    try:
        new = load_repo(root)
    except UnusableRepo as exc:
        raise UsageError(str(exc)) from exc
    repo = _open_git(root)
    try:
        with tempfile.TemporaryDirectory(prefix="ztui-base-") as tmp:
            old_texts = snapshot(repo, args.base, Path(tmp))
            old = load_or_none(Path(tmp))
    except GitError as exc:
        raise UserError(str(exc)) from exc
    finally:
        repo.close()
    for name, model in (("base", old), ("working tree", new)):
        broken = [f for f in (model.findings if model else []) if f.severity.value == "error"]
        if broken:
            count = f"{len(broken)} reading error{'s' * (len(broken) != 1)}"
            print(f"ztui: note: the {name} has {count}; its manifests may be incomplete",
                  file=sys.stderr)
    values, manifests = values_diff(old_texts, root), manifest_diff(old, new)
    reach = reach_diff(old, new)
    for title, body in (("values", values), ("manifests", manifests), ("reachability", reach)):
        sys.stdout.write(f"# {title}: {args.base} -> working tree\n")
        # a raw control character in a values file is a YAML error, and must not reach the
        # terminal either; tab and the CR of CRLF files are kept
        sys.stdout.write(printable(body, keep="\r") or "(no change)\n")
    return 0
