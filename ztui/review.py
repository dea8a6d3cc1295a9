"""What a commit will change: the values diff, the manifest diff and the reachability changes.

`ztui diff` and the TUI's commit review both show these three, so they live here, above
`repo`, `render` and `analysis` (which must not know about each other), like `workspace`.
The review of a commit compares HEAD with HEAD plus exactly the files to be committed: other
dirty files in the work tree are not part of the commit, so they are not part of its diff
either (they are listed apart).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path

from ztui.analysis.changes import reach_changes
from ztui.analysis.index import ReachIndex
from ztui.model import RepoModel
from ztui.render.manifests import render_teams
from ztui.render.text import to_yaml
from ztui.repo.gitrepo import open_repo, status
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


def values_diff(old: dict[str, str], root: Path, paths: Iterable[str] | None = None) -> str:
    """The unified diff of values files between `old` texts and the working tree.

    Every values file when `paths` is None, else only `paths` (the files of a commit).
    """
    names = set(old) | set(current_values_files(root)) if paths is None else set(paths)
    return "".join(
        unified(old.get(rel, ""), working_text(root, rel) or "", rel) for rel in sorted(names)
    )


def manifest_diff(old: RepoModel | None, new: RepoModel | None) -> str:
    """The unified diff of every manifest between two models (None: nothing rendered)."""
    before, after = manifests_by_name(old), manifests_by_name(new)
    return "".join(
        unified(before.get(k, ""), after.get(k, ""), k) for k in sorted(set(before) | set(after))
    )


def reach_lines(old: RepoModel | None, new: RepoModel | None) -> list[str]:
    """The reachability changes between two models (`+ a -> b`; None: nothing renders)."""
    return reach_changes(ReachIndex(old) if old else None, ReachIndex(new) if new else None)


def reach_diff(old: RepoModel | None, new: RepoModel | None) -> str:
    """`reach_lines` as text, one change per line."""
    return "".join(f"{line}\n" for line in reach_lines(old, new))


def load_or_none(root: Path) -> RepoModel | None:
    """The model of `root`, or None when it holds no values (an empty base, for one)."""
    try:
        return load_repo(root)
    except UnusableRepo:
        return None


@dataclass(frozen=True, slots=True)
class CommitReview:
    """Everything a person should see before committing `files`."""

    files: tuple[str, ...]
    #: Dirty files of the work tree (relative to the values root) that will not be committed.
    others: tuple[str, ...]
    branch: str | None
    values: str
    manifests: str
    reach: list[str]


def review_commit(root: Path, files: Collection[str]) -> CommitReview:
    """The diffs of committing exactly `files` (repo-relative) on top of HEAD.

    The "after" side is HEAD's values with `files` as they are in the working tree, so an
    unrelated dirty file changes neither the manifest diff nor the reachability lines.
    A side without values (an unborn branch) renders nothing. Raises GitError.
    """
    repo = open_repo(root)
    if repo is None:
        raise ValueError(f"{root} is not in a git work tree: there is nothing to commit to")
    try:
        state = status(repo)
        with tempfile.TemporaryDirectory(prefix="ztui-review-") as tmp:
            base, after = Path(tmp) / "base", Path(tmp) / "after"
            old_texts = snapshot(repo, "HEAD", base)
            if base.exists():
                shutil.copytree(base, after)
            for rel in files:
                target = after / rel
                text = working_text(root, rel)
                if text is None:
                    target.unlink(missing_ok=True)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
            old, new = load_or_none(base), load_or_none(after)
    finally:
        repo.close()
    chosen = set(files)
    others = tuple(path for path in state.dirty if path not in chosen)
    return CommitReview(
        files=tuple(sorted(chosen)),
        others=others,
        branch=state.branch,
        values=values_diff(old_texts, root, chosen),
        manifests=manifest_diff(old, new),
        reach=reach_lines(old, new),
    )
