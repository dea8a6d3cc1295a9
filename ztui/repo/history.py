"""The values repo as it was at a git revision, for `ztui diff` and the commit review.

Only the values files (`env/**`) are taken, written to a scratch directory so the normal reader
can load them: the old and the new state then go through exactly the same code.

Nothing is read through a symbolic link that leaves the repo: a link in a values repo may point
anywhere (`~/.ssh/id_rsa`), and a diff must never print what it points at.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

import git

from ztui.repo.giterrors import RevNotFound
from ztui.repo.gitrepo import GitRepo, diff_base

VALUES_DIR = "env"


def _unborn_names(repo: GitRepo) -> tuple[str, ...]:
    """The names that mean "the first commit to come" on an unborn branch, else ()."""
    if repo.repo.head.is_valid():
        return ()
    try:
        branch = repo.repo.head.reference.name
    except (TypeError, ValueError):  # a detached HEAD that points nowhere
        branch = "HEAD"
    return ("HEAD", "@", str(branch))


def values_files_at(repo: GitRepo, rev: str) -> list[str]:
    """Repo-relative paths of the files under `env/` at `rev` ([] on an unborn branch)."""
    if rev.startswith("-") or not rev.strip():
        raise RevNotFound(f"unknown revision {rev!r}")
    if rev in _unborn_names(repo):
        return []
    where = f"{repo.prefix}{VALUES_DIR}" if repo.prefix else VALUES_DIR
    try:
        out = repo.repo.git.ls_tree("-r", "-z", "--name-only", f"{rev}^{{commit}}", "--", where)
    except git.GitCommandError as exc:
        detail = str(exc.stderr).strip()
        raise RevNotFound(
            f"unknown revision {rev!r}: no such commit, branch or tag", detail
        ) from None
    cut = len(repo.prefix)
    return [name[cut:] for name in str(out).split("\0") if name]


def _link_on_the_way(root: Path, rel: str) -> bool:
    """Whether a folder between `root` and the file `rel` is a symbolic link."""
    path = root
    for part in PurePosixPath(rel).parts[:-1]:
        path = path / part
        if path.is_symlink():
            return True
    return False


def current_values_files(root: Path) -> list[str]:
    """Repo-relative paths of the files under `env/` in the working tree, links included;
    nothing below a linked folder (git stores such a folder as a link, not its files)."""
    base = root / VALUES_DIR
    if base.is_symlink() or not base.is_dir():
        return []
    found: list[str] = []
    for folder, _dirs, files in os.walk(base):  # does not descend into linked folders
        here = Path(folder)
        found.extend((here / name).relative_to(root).as_posix() for name in files)
    return sorted(found)


def working_text(root: Path, rel: str) -> str | None:
    """The text of values file `rel` in the working tree; None when it is absent.

    Seen as `git cat-file --follow-symlinks` sees the base, so both sides of a diff agree: a
    link to a file inside the repo reads that file, and a link out of the repo (or through a
    linked folder) reads as absent, never as the content of what it points at.
    """
    if _link_on_the_way(root, rel):
        return None
    try:
        real = (root / rel).resolve(strict=True)
        if not real.is_relative_to(root.resolve()) or not real.is_file():
            return None
        return real.read_text(encoding="utf-8", errors="replace")
    except (OSError, RuntimeError):  # unreadable, or a link loop
        return None


def snapshot(repo: GitRepo, rev: str, dest: Path) -> dict[str, str]:
    """Write the values files as they were at `rev` under `dest`; return their texts by path."""
    paths = values_files_at(repo, rev)
    texts = {p: t for p, t in diff_base(repo, rev, paths).items() if t is not None}
    for rel, text in texts.items():
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return texts
