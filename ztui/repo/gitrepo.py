"""Git for the values repo: status, the base of a diff, commits of exactly ztui's files, push.

Every command goes through the git CLI (via GitPython's `execute`), not through GitPython's
object model, so git itself applies the user's config, identity and hooks, and a partial commit
(`git commit --only -- PATHS`) leaves every other staged or unstaged change where it was.
Failures come back as `GitError` subclasses with one clear line for users; nothing here prints,
prompts or knows about a UI. Paths in and out are relative to the values repo root, which may be
a subfolder of the work tree (paths outside it come back with `../`). Push is never forced.
"""

from __future__ import annotations

import contextlib
import posixpath
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import git

from ztui.repo.giterrors import (
    GitError,
    HookFailed,
    IdentityMissing,
    IndexLocked,
    NothingToCommit,
    PushRejected,
    RemoteError,
    RevNotFound,
)

_ENV = {"GIT_TERMINAL_PROMPT": "0", "GIT_LITERAL_PATHSPECS": "1"}
_STRICT_IDENTITY = ("-c", "user.useConfigOnly=true")
_NETWORK = re.compile(
    "could not read from remote|unable to access|does not appear to be a git repo"
    "|authentication failed|could not read username|could not resolve host",
    re.IGNORECASE,
)
_NOTHING = re.compile(r"^(nothing (added )?to commit|no changes added)", re.M)
_STATUS = ("status", "--porcelain=v2", "--branch", "-z", "--untracked-files=all")
_GROUPS = ("staged", "modified", "untracked", "conflicted")
_BATCH = ("cat-file", "--batch", "--follow-symlinks")
_NO_IDENTITY = (
    "git has no user.name/user.email: run git config --global user.name 'Your Name' "
    "and git config --global user.email you@example.com"
)
_NO_GIT = "git is not installed (or not on PATH): ztui needs the git command for this"
_REJECTED = "the remote branch has commits you don't have: pull first; ztui never force-pushes"


@dataclass(frozen=True)
class GitRepo:
    """An open work tree; `root` is the values repo, `prefix` its path in the work tree."""

    repo: git.Repo
    work_tree: Path
    root: Path
    prefix: str

    def close(self) -> None:
        """Stop GitPython's helper processes."""
        self.repo.close()


@dataclass(frozen=True)
class RepoStatus:
    """The branch and the dirty files, as of now (ahead/behind as of the last fetch)."""

    branch: str | None
    head_sha: str | None
    short_sha: str | None
    unborn: bool
    upstream: str | None
    ahead: int
    behind: int
    staged: tuple[str, ...]
    modified: tuple[str, ...]
    untracked: tuple[str, ...]
    conflicted: tuple[str, ...]

    @property
    def detached(self) -> bool:
        return self.branch is None

    @property
    def dirty(self) -> tuple[str, ...]:
        """Every path with a staged, unstaged, untracked or conflicted change, sorted."""
        return tuple(sorted({*self.staged, *self.modified, *self.untracked, *self.conflicted}))


@dataclass(frozen=True)
class CommitResult:
    sha: str
    files: tuple[str, ...]
    others: tuple[str, ...]


def open_repo(root: Path) -> GitRepo | None:
    """The git work tree that contains `root`, or None when `root` is not inside one."""
    resolved = root.resolve()
    if not resolved.is_dir():
        raise GitError(f"{root} is not a folder")
    try:
        repo = git.Repo(resolved, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return None
    if repo.bare or repo.working_tree_dir is None:
        repo.close()
        return None
    work_tree = Path(repo.working_tree_dir).resolve()
    if not resolved.is_relative_to(work_tree) or resolved.is_relative_to(
        Path(repo.git_dir).resolve()
    ):
        repo.close()
        return None
    rel = resolved.relative_to(work_tree).as_posix()
    return GitRepo(repo, work_tree, resolved, "" if rel == "." else rel + "/")


def status(repo: GitRepo) -> RepoStatus:
    """Branch, upstream, ahead/behind and dirty files; takes no lock, touches no network."""
    head, groups = _raw_status(repo)
    return _make_status(repo, head, {k: _to_root(repo, v) for k, v in groups.items()})


def _raw_status(repo: GitRepo) -> tuple[dict[str, str], dict[str, set[str]]]:
    """`git status` headers and work-tree paths grouped as staged/modified/untracked/conflicted."""
    out = _run(repo, *_STATUS, env={"GIT_OPTIONAL_LOCKS": "0"})
    head: dict[str, str] = {}
    groups: dict[str, set[str]] = {name: set() for name in _GROUPS}
    fields = iter(out.split("\0"))
    for entry in fields:
        if entry.startswith("# "):
            key, _, value = entry[2:].partition(" ")
            head[key] = value
        elif entry:
            _classify(entry, fields, groups)
    return head, groups


def _classify(entry: str, fields: Iterator[str], groups: dict[str, set[str]]) -> None:
    kind = entry[0]
    if kind == "?":
        groups["untracked"].add(entry[2:])
        return
    parts = entry.split(" ", {"1": 8, "2": 9, "u": 10}.get(kind, 1))
    path = parts[-1]
    if kind == "u":
        groups["conflicted"].add(path)
        return
    if kind not in "12":
        return
    if parts[1][0] != ".":
        groups["staged"].add(path)
    if parts[1][1] != ".":
        groups["modified"].add(path)
    if kind == "2":
        groups["staged"].add(next(fields))


def _make_status(
    repo: GitRepo, head: dict[str, str], groups: dict[str, tuple[str, ...]]
) -> RepoStatus:
    oid = head.get("branch.oid", "(initial)")
    unborn = oid == "(initial)"
    branch = head.get("branch.head")
    ahead, behind = 0, 0
    if "branch.ab" in head:
        plus, minus = head["branch.ab"].split()
        ahead, behind = int(plus), -int(minus)
    return RepoStatus(
        branch=None if branch == "(detached)" else branch,
        head_sha=None if unborn else oid,
        short_sha=None if unborn else _run(repo, "rev-parse", "--short", oid),
        unborn=unborn,
        upstream=head.get("branch.upstream"),
        ahead=ahead,
        behind=behind,
        **groups,
    )


def commit_files(repo: GitRepo, paths: Sequence[str], message: str) -> CommitResult:
    """Commit exactly `paths` (edits, new files, deletions); everything else stays as it was.

    Unchanged paths are skipped; hooks run; on failure the working tree and index are unchanged.
    """
    if not message.strip():
        raise GitError("the commit message is empty")
    wanted = list(dict.fromkeys(_to_work_tree(repo, p) for p in paths))
    if (Path(repo.repo.git_dir) / "index.lock").exists():
        raise _locked(repo)
    _check_identity(repo)
    groups = _raw_status(repo)[1]
    changed: set[str] = set().union(*groups.values())
    new = [p for p in wanted if p in groups["untracked"]]
    _check_unchanged(repo, [p for p in wanted if p not in changed])
    files = [p for p in wanted if p in changed]
    if not files:
        raise NothingToCommit("nothing to commit: the files are unchanged since the last commit")
    _commit(repo, files, new, message)
    sha = _run(repo, "rev-parse", "HEAD")
    committed = set(_to_root(repo, files))
    others = tuple(p for p in status(repo).dirty if p not in committed)
    return CommitResult(sha, _to_root(repo, files), others)


def _commit(repo: GitRepo, files: list[str], new: list[str], message: str) -> None:
    if new:
        _run(repo, "add", "--intent-to-add", "--", *new)
    try:
        args = [*_STRICT_IDENTITY, "commit", "--only", "--quiet", "-m", message, "--", *files]
        _run(repo, *args, during="commit")
    except GitError:
        if new:
            with contextlib.suppress(GitError):
                _run(repo, "rm", "--cached", "--quiet", "--", *new)
        raise


def _check_unchanged(repo: GitRepo, paths: list[str]) -> None:
    """Unchanged tracked files are skipped; folders, ignored and unknown paths are refused."""
    tracked = set(_run(repo, "ls-files", "-z", "--", *paths).split("\0")) if paths else set()
    for path in paths:
        if path not in tracked or (repo.work_tree / path).is_dir():
            raise GitError(
                f"{_to_root(repo, [path])[0]} is not a file git can commit "
                "(a folder, ignored by .gitignore, or missing)"
            )


def _locked(repo: GitRepo) -> IndexLocked:
    lock = Path(repo.repo.git_dir) / "index.lock"
    return IndexLocked(
        "another git process is running (.git/index.lock exists): wait for it to finish, "
        f"or delete {lock} if no git process is running"
    )


def _check_identity(repo: GitRepo) -> None:
    for who in ("GIT_AUTHOR_IDENT", "GIT_COMMITTER_IDENT"):
        _run(repo, *_STRICT_IDENTITY, "var", who)


def diff_base(repo: GitRepo, rev: str, rel_paths: Iterable[str]) -> dict[str, str | None]:
    """Each path's text at `rev` (None where it does not exist there, or is not a file).

    An unborn branch has no HEAD: every file is new. Invalid UTF-8 is replaced, not raised.
    """
    paths = list(dict.fromkeys(rel_paths))
    sha = _resolve_commit(repo, rev)
    if sha is None:
        return dict.fromkeys(paths)
    if any("\n" in p for p in paths):
        raise GitError("file names with line breaks are not supported")
    query = "".join(f"{sha}:{_to_work_tree(repo, p)}\n" for p in paths).encode()
    return dict(zip(paths, _cat_file_batch(repo, query, len(paths)), strict=True))


def _resolve_commit(repo: GitRepo, rev: str) -> str | None:
    if rev.startswith("-") or not rev.strip():
        raise RevNotFound(f"unknown revision {rev!r}")
    try:
        return _run(repo, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    except GitError:
        current = status(repo)
        if current.unborn and rev in ("HEAD", "@", current.branch):
            return None
        raise RevNotFound(f"unknown revision {rev!r}: no such commit, branch or tag") from None


_FOUND = re.compile(rb"^[0-9a-f]{40,64} (\w+) (\d+)$")
_SKIPPED = re.compile(rb"^(dangling|loop|notdir|symlink) (\d+)$")


def _cat_file_batch(repo: GitRepo, query: bytes, count: int) -> list[str | None]:
    """Blob texts for `<sha>:<path>` lines, following symlinks that stay in the tree."""
    with tempfile.TemporaryFile() as stdin:
        stdin.write(query)
        stdin.seek(0)
        try:
            code, out, err = repo.repo.git.execute(
                [_git_exe(), *_BATCH], stdin, with_extended_output=True, with_exceptions=False,
                stdout_as_string=False, strip_newline_in_stdout=False, env=_ENV,
            )  # fmt: skip
        except git.GitCommandNotFound as exc:
            raise GitError(_NO_GIT) from exc
    if code != 0:
        raise GitError(f"git cat-file failed: {_summary(err)}", err)
    results: list[str | None] = []
    pos = 0
    for _ in range(count):
        end = out.index(b"\n", pos)
        header, pos = out[pos:end], end + 1
        found, skipped = _FOUND.match(header), _SKIPPED.match(header)
        size_match = found or skipped
        size = int(size_match.group(2)) if size_match else 0
        blob = out[pos : pos + size]
        pos += size + 1 if size_match else 0
        is_blob = found is not None and found.group(1) == b"blob"
        results.append(blob.decode("utf-8", "replace") if is_blob else None)
    return results


def _config(repo: GitRepo, key: str) -> str | None:
    try:
        return _run(repo, "config", "--get", key) or None
    except GitError:
        return None


def _git_exe() -> str:
    return str(git.Git.GIT_PYTHON_GIT_EXECUTABLE or "git")


def _run(repo: GitRepo, *args: str, env: dict[str, str] | None = None, during: str = "") -> str:
    """Run git in the work tree; a failure becomes the most specific GitError.

    `during` is "commit" (a hook may refuse), a remote name (push/fetch) or "".
    """
    try:
        code, out, err = repo.repo.git.execute(
            [_git_exe(), *args], with_extended_output=True, with_exceptions=False,
            env={**_ENV, **(env or {})},
        )  # fmt: skip
    except git.GitCommandNotFound as exc:
        raise GitError(_NO_GIT) from exc
    if code == 0:
        return out
    raise _failure(repo, args, (code, out, err), during)


def _failure(
    repo: GitRepo, args: tuple[str, ...], result: tuple[int, str, str], during: str
) -> GitError:
    code, out, err = result
    text = f"{out}\n{err}".strip()
    low = text.lower()
    if "index.lock" in low and "file exists" in low:
        return _locked(repo)
    if "please tell me who you are" in low or "auto-detection is disabled" in low:
        return IdentityMissing(_NO_IDENTITY, text)
    if during == "commit" and _NOTHING.search(out):
        return NothingToCommit("nothing to commit: the files match the last commit", text)
    if during == "commit" and code == 1 and not re.search(r"^fatal:", err, re.M):
        return HookFailed(err)
    if during and during != "commit":
        return _remote_failure(during, out, err)
    verb = next((a for a in args if not a.startswith("-") and "=" not in a), "")
    return GitError(f"git {verb} failed: {_summary(err or out)}", text)


def _remote_failure(remote: str, out: str, err: str) -> GitError:
    for line in out.splitlines():
        flag, _, rest = line.partition("\t")
        summary = rest.rpartition("\t")[2]
        if flag == "!" and summary.startswith("[rejected]"):
            return PushRejected(_REJECTED, err)
        if flag == "!":
            reason = summary.partition("]")[2].strip(" ()") or summary
            return PushRejected(f"{remote} refused the push: {reason}", err)
    if "failed to push some refs" in err and not re.search(r"^To ", out, re.M):
        return HookFailed(out, "push")
    if _NETWORK.search(err):
        return RemoteError(f"could not reach remote {remote}: {_summary(err)}", err)
    return GitError(f"git push/fetch to {remote} failed: {_summary(err or out)}", err)


def _summary(text: str) -> str:
    """git's own error lines (fatal:/error:) as one line, else its first non-hint line."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    errors = [
        re.sub(r"^(fatal|error): ", "", ln) for ln in lines if ln.startswith(("fatal:", "error:"))
    ]
    chosen = errors or [ln for ln in lines if not ln.startswith("hint:")][:1]
    return "; ".join(chosen) or "no output"


def _to_work_tree(repo: GitRepo, rel: str) -> str:
    """A values-root-relative path as a work-tree path; refuses paths outside the root."""
    norm = posixpath.normpath(rel)
    if posixpath.isabs(norm) or norm == "." or norm == ".." or norm.startswith("../"):
        raise GitError(f"{rel} is not a path inside the values repo")
    return repo.prefix + norm


def _to_root(repo: GitRepo, paths: Iterable[str]) -> tuple[str, ...]:
    """Work-tree paths as values-root-relative paths (`../` for paths outside the root), sorted."""
    if not repo.prefix:
        return tuple(sorted(paths))
    base = "/" + repo.prefix.rstrip("/")
    return tuple(sorted(posixpath.relpath("/" + p, base) for p in paths))
