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

from ztui.analysis.changes import reach_changes
from ztui.analysis.index import ReachIndex
from ztui.cli.errors import UsageError, UserError, printable
from ztui.model import RepoModel
from ztui.render.manifests import render_teams
from ztui.render.text import to_yaml
from ztui.repo.giterrors import GitError
from ztui.repo.gitrepo import GitRepo, open_repo
from ztui.repo.history import current_values_files, snapshot, working_text
from ztui.repo.layout import UnusableRepo
from ztui.repo.loader import load_repo
from ztui.repo.unified import unified


def manifests_by_name(model: RepoModel | None) -> dict[str, str]:
    """Each rendered manifest as YAML text, keyed by `manifests/<ns>/<Kind>/<name>.yaml`."""
    if model is None:
        return {}
    out: dict[str, str] = {}
    for doc in render_teams(model.teams.values()):
        meta = doc["metadata"]
        out[f"manifests/{meta['namespace']}/{doc['kind']}/{meta['name']}.yaml"] = to_yaml([doc])
    return out


def values_diff(old: dict[str, str], root: Path) -> str:
    """The unified diff of every values file between `old` texts and the working tree."""
    parts = []
    for rel in sorted(set(old) | set(current_values_files(root))):
        parts.append(unified(old.get(rel, ""), working_text(root, rel) or "", rel))
    return "".join(parts)


def manifest_diff(old: RepoModel | None, new: RepoModel | None) -> str:
    """The unified diff of every manifest between two models (None: nothing rendered)."""
    before, after = manifests_by_name(old), manifests_by_name(new)
    return "".join(
        unified(before.get(k, ""), after.get(k, ""), k) for k in sorted(set(before) | set(after))
    )


def reach_diff(old: RepoModel | None, new: RepoModel | None) -> str:
    """The reachability changes between two models, one per line (None: nothing renders)."""
    lines = reach_changes(ReachIndex(old) if old else None, ReachIndex(new) if new else None)
    return "".join(f"{line}\n" for line in lines)


def _load(root: Path) -> RepoModel | None:
    try:
        return load_repo(root)
    except UnusableRepo:
        return None


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
            old = _load(Path(tmp))
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
