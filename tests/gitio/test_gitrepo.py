"""The git wrapper against real throwaway repos: status, exact commits, hooks, locks, push."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ztui.repo.giterrors import (
    GitError,
    HookFailed,
    IdentityMissing,
    IndexLocked,
    NothingToCommit,
    NoUpstream,
    PushRejected,
    RemoteError,
    RevNotFound,
)
from ztui.repo.gitremote import fetch, push
from ztui.repo.gitrepo import (
    GitRepo,
    commit_files,
    diff_base,
    open_repo,
    status,
)

from .conftest import git


@pytest.fixture
def repo(work: Path) -> Iterator[GitRepo]:
    opened = open_repo(work)
    assert opened is not None
    yield opened
    opened.close()


def index_state(root: Path) -> tuple[str, str, str]:
    """Everything the index says: entries, staged changes, unstaged changes."""
    return (
        git(root, "ls-files", "-s", "--debug"),
        git(root, "diff", "--cached", "--name-status"),
        git(root, "diff", "--name-status"),
    )


def add_hook(root: Path, name: str, body: str) -> None:
    hook = root / ".git" / "hooks" / name
    hook.write_text("#!/bin/sh\n" + body)
    hook.chmod(0o755)


def test_open_repo_outside_any_repo_is_none(tmp_path: Path) -> None:
    (tmp_path / "plain").mkdir()
    assert open_repo(tmp_path / "plain") is None
    with pytest.raises(GitError):
        open_repo(tmp_path / "missing")


def test_open_repo_in_a_subfolder_of_the_work_tree(work: Path) -> None:
    (work / "values").mkdir()
    opened = open_repo(work / "values")
    assert opened is not None
    assert (opened.work_tree, opened.prefix) == (work.resolve(), "values/")
    assert open_repo(work / ".git") is None
    opened.close()


def test_status_clean_branch(repo: GitRepo) -> None:
    st = status(repo)
    assert (st.branch, st.unborn, st.detached, st.dirty) == ("main", False, False, ())
    assert st.head_sha == git(repo.root, "rev-parse", "HEAD").strip()
    assert st.short_sha and st.head_sha.startswith(st.short_sha)
    assert (st.upstream, st.ahead, st.behind) == (None, 0, 0)


def test_status_groups_dirty_files(repo: GitRepo, work: Path) -> None:
    (work / "a.yaml").write_text("a: 2\n")
    (work / "b.yaml").write_text("b: 2\n")
    git(work, "add", "b.yaml")
    (work / "env" / "teams").mkdir(parents=True)
    (work / "env" / "teams" / "new.yaml").write_text("x: 1\n")
    git(work, "mv", "a.yaml", "moved.yaml")
    st = status(repo)
    assert st.modified == ("moved.yaml",)
    assert st.staged == ("a.yaml", "b.yaml", "moved.yaml")
    assert st.untracked == ("env/teams/new.yaml",)
    assert st.dirty == ("a.yaml", "b.yaml", "env/teams/new.yaml", "moved.yaml")


def test_status_detached_and_unborn(repo: GitRepo, work: Path, tmp_path: Path) -> None:
    git(work, "checkout", "-q", "--detach")
    st = status(repo)
    assert st.branch is None and st.detached and st.short_sha
    fresh = tmp_path / "fresh"
    git(tmp_path, "init", "-q", "-b", "trunk", str(fresh))
    opened = open_repo(fresh)
    assert opened is not None
    st = status(opened)
    assert (st.branch, st.unborn, st.head_sha, st.short_sha) == ("trunk", True, None, None)
    opened.close()


def test_commit_exact_files_leaves_others_staged_or_unstaged(repo: GitRepo, work: Path) -> None:
    (work / "a.yaml").write_text("a: 2\n")
    (work / "b.yaml").write_text("b: staged\n")
    git(work, "add", "b.yaml")
    (work / "b.yaml").write_text("b: staged then edited\n")
    (work / "other.txt").write_text("untracked\n")
    (work / "new.yaml").write_text("new: 1\n")
    result = commit_files(repo, ["a.yaml", "new.yaml"], "ztui: edit a")
    assert result.sha == git(work, "rev-parse", "HEAD").strip()
    assert result.files == ("a.yaml", "new.yaml")
    assert result.others == ("b.yaml", "other.txt")
    shown = git(work, "show", "--name-only", "--format=%s", "HEAD").split()
    assert shown == ["ztui:", "edit", "a", "a.yaml", "new.yaml"]
    assert git(work, "diff", "--cached", "--name-only") == "b.yaml\n"
    assert git(work, "show", ":b.yaml") == "b: staged\n"
    assert (work / "b.yaml").read_text() == "b: staged then edited\n"
    assert git(work, "status", "--porcelain", "other.txt") == "?? other.txt\n"


def test_commit_deleted_files(repo: GitRepo, work: Path) -> None:
    (work / "a.yaml").unlink()
    git(work, "rm", "-q", "b.yaml")
    result = commit_files(repo, ["a.yaml", "b.yaml"], "remove rules")
    assert result.files == ("a.yaml", "b.yaml")
    assert git(work, "ls-tree", "--name-only", "HEAD") == ""
    assert status(repo).dirty == ()


def test_unchanged_and_invalid_paths(repo: GitRepo, work: Path) -> None:
    with pytest.raises(NothingToCommit):
        commit_files(repo, ["a.yaml"], "nothing")
    (work / "a.yaml").write_text("a: 2\n")
    assert commit_files(repo, ["a.yaml", "b.yaml"], "only a").files == ("a.yaml",)
    for bad in ("../outside.yaml", "/etc/passwd", "missing.yaml"):
        with pytest.raises(GitError):
            commit_files(repo, [bad], "bad")
    with pytest.raises(GitError, match="empty"):
        commit_files(repo, ["a.yaml"], "  ")


def test_failing_pre_commit_hook_keeps_edit_and_index(repo: GitRepo, work: Path) -> None:
    add_hook(work, "pre-commit", 'echo "lint: ports must be numbers" >&2\necho on-stdout\nexit 3\n')
    (work / "a.yaml").write_text("a: edited\n")
    (work / "b.yaml").write_text("b: staged\n")
    git(work, "add", "b.yaml")
    (work / "new.yaml").write_text("new: 1\n")
    before, head = index_state(work), git(work, "rev-parse", "HEAD")
    with pytest.raises(HookFailed) as caught:
        commit_files(repo, ["a.yaml", "new.yaml"], "edit")
    assert "lint: ports must be numbers" in str(caught.value)
    assert "on-stdout" in caught.value.output
    assert index_state(work) == before
    assert git(work, "rev-parse", "HEAD") == head
    assert (work / "a.yaml").read_text() == "a: edited\n"
    assert git(work, "status", "--porcelain", "new.yaml") == "?? new.yaml\n"


def test_failing_commit_msg_hook(repo: GitRepo, work: Path) -> None:
    add_hook(work, "commit-msg", 'echo "message must reference a ticket"\nexit 1\n')
    (work / "a.yaml").write_text("a: edited\n")
    with pytest.raises(HookFailed, match="must reference a ticket"):
        commit_files(repo, ["a.yaml"], "edit")
    add_hook(work, "commit-msg", "exit 0\n")
    assert commit_files(repo, ["a.yaml"], "edit").files == ("a.yaml",)


def test_held_index_lock(repo: GitRepo, work: Path) -> None:
    (work / "a.yaml").write_text("a: edited\n")
    lock = work / ".git" / "index.lock"
    lock.write_text("")
    before = git(work, "rev-parse", "HEAD")
    with pytest.raises(IndexLocked) as caught:
        commit_files(repo, ["a.yaml"], "edit")
    assert str(caught.value).startswith("another git process is running (.git/index.lock exists)")
    assert lock.exists() and git(work, "rev-parse", "HEAD") == before


def test_first_commit_on_unborn_branch(tmp_path: Path, identity: Path) -> None:
    root = tmp_path / "fresh"
    git(tmp_path, "init", "-q", "-b", "main", str(root))
    (root / "env").mkdir()
    (root / "env" / "teams.yaml").write_text("teams: []\n")
    (root / "notes.txt").write_text("not mine\n")
    opened = open_repo(root)
    assert opened is not None
    result = commit_files(opened, ["env/teams.yaml"], "first")
    assert result.files == ("env/teams.yaml",)
    assert result.others == ("notes.txt",)
    assert status(opened).branch == "main" and not status(opened).unborn
    opened.close()


def test_commit_on_detached_head(repo: GitRepo, work: Path) -> None:
    git(work, "checkout", "-q", "--detach")
    (work / "a.yaml").write_text("a: detached\n")
    result = commit_files(repo, ["a.yaml"], "on a detached head")
    assert status(repo).detached
    assert git(work, "rev-parse", "HEAD").strip() == result.sha
    assert git(work, "rev-parse", "main").strip() != result.sha


def test_no_identity(repo: GitRepo, work: Path, isolated_git: Path) -> None:
    isolated_git.write_text("")
    (work / "a.yaml").write_text("a: edited\n")
    before = index_state(work)
    with pytest.raises(IdentityMissing) as caught:
        commit_files(repo, ["a.yaml"], "edit")
    assert str(caught.value).startswith("git has no user.name/user.email: run git config --global")
    assert index_state(work) == before


def test_values_repo_in_a_subfolder(work: Path) -> None:
    (work / "values" / "env").mkdir(parents=True)
    (work / "values" / "env" / "x.yaml").write_text("x: 1\n")
    (work / "a.yaml").write_text("a: outside the values repo\n")
    opened = open_repo(work / "values")
    assert opened is not None
    assert status(opened).dirty == ("../a.yaml", "env/x.yaml")
    result = commit_files(opened, ["env/x.yaml"], "add x")
    assert (result.files, result.others) == (("env/x.yaml",), ("../a.yaml",))
    assert diff_base(opened, "HEAD", ["env/x.yaml"]) == {"env/x.yaml": "x: 1\n"}
    opened.close()


def test_diff_base(repo: GitRepo, work: Path) -> None:
    (work / "a.yaml").write_text("a: 2\n")
    commit_files(repo, ["a.yaml"], "second")
    (work / "link.yaml").symlink_to("b.yaml")
    (work / "dir").mkdir()
    (work / "dir" / "f.yaml").write_text("f\n")
    git(work, "add", "link.yaml", "dir")
    git(work, "commit", "-q", "-m", "third")
    paths = ["a.yaml", "missing.yaml", "link.yaml", "dir", "dir/f.yaml", "odd name.yaml"]
    assert diff_base(repo, "HEAD", paths) == {
        "a.yaml": "a: 2\n",
        "missing.yaml": None,
        "link.yaml": "b: 1\n",
        "dir": None,
        "dir/f.yaml": "f\n",
        "odd name.yaml": None,
    }
    assert diff_base(repo, "HEAD~2", ["a.yaml", "dir/f.yaml"]) == {
        "a.yaml": "a: 1\n",
        "dir/f.yaml": None,
    }
    for bad in ("no-such-branch", "-rf", "HEAD~9"):
        with pytest.raises(RevNotFound):
            diff_base(repo, bad, ["a.yaml"])


def test_diff_base_on_unborn_branch(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q", "-b", "main", str(tmp_path / "fresh"))
    opened = open_repo(tmp_path / "fresh")
    assert opened is not None
    assert diff_base(opened, "HEAD", ["a.yaml"]) == {"a.yaml": None}
    with pytest.raises(RevNotFound):
        diff_base(opened, "v1.0", ["a.yaml"])
    opened.close()


@pytest.fixture
def remote(work: Path, tmp_path: Path) -> Path:
    """A bare remote that `work` tracks (origin/main), plus a second clone at tmp/other."""
    bare = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(bare))
    git(work, "remote", "add", "origin", str(bare))
    git(work, "push", "-q", "-u", "origin", "main")
    git(tmp_path, "clone", "-q", str(bare), str(tmp_path / "other"))
    return bare


def test_push_fast_forward(repo: GitRepo, work: Path, remote: Path) -> None:
    assert push(repo) == "origin/main is already up to date"
    (work / "a.yaml").write_text("a: pushed\n")
    sha = commit_files(repo, ["a.yaml"], "edit").sha
    assert status(repo).ahead == 1
    assert push(repo).startswith("pushed main to origin/main (")
    assert git(remote, "rev-parse", "main").strip() == sha
    assert status(repo).ahead == 0


def test_push_rejected_when_remote_moved(
    repo: GitRepo, work: Path, remote: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other"
    (other / "b.yaml").write_text("b: theirs\n")
    git(other, "commit", "-q", "-am", "theirs")
    git(other, "push", "-q")
    (work / "a.yaml").write_text("a: mine\n")
    commit_files(repo, ["a.yaml"], "mine")
    theirs = git(remote, "rev-parse", "main")
    with pytest.raises(PushRejected) as caught:
        push(repo)
    assert str(caught.value) == (
        "the remote branch has commits you don't have: pull first; ztui never force-pushes"
    )
    assert git(remote, "rev-parse", "main") == theirs
    fetch(repo)
    assert (status(repo).ahead, status(repo).behind) == (1, 1)
    with pytest.raises(PushRejected):
        push(repo)


def test_push_refused_by_remote_hook(repo: GitRepo, work: Path, remote: Path) -> None:
    hook = remote / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'main is protected'\nexit 1\n")
    hook.chmod(0o755)
    (work / "a.yaml").write_text("a: mine\n")
    commit_files(repo, ["a.yaml"], "mine")
    with pytest.raises(PushRejected, match="origin refused the push: pre-receive hook declined"):
        push(repo)


def test_push_needs_a_branch_with_upstream(repo: GitRepo, work: Path, remote: Path) -> None:
    git(work, "checkout", "-q", "-b", "feature")
    with pytest.raises(NoUpstream, match="feature has no upstream"):
        push(repo)
    assert push(repo, "origin") == "pushed feature to origin/feature (new branch)"
    git(work, "checkout", "-q", "--detach")
    with pytest.raises(NoUpstream, match="detached"):
        push(repo)


def test_unreachable_remote(repo: GitRepo, work: Path, tmp_path: Path) -> None:
    git(work, "remote", "add", "origin", str(tmp_path / "gone.git"))
    git(work, "config", "branch.main.remote", "origin")
    git(work, "config", "branch.main.merge", "refs/heads/main")
    with pytest.raises(RemoteError, match="could not reach remote origin"):
        push(repo)
    with pytest.raises(RemoteError):
        fetch(repo)
    git(work, "remote", "remove", "origin")
    with pytest.raises(RemoteError, match="no remote"):
        fetch(repo)


def test_push_stopped_by_pre_push_hook(repo: GitRepo, work: Path, remote: Path) -> None:
    add_hook(work, "pre-push", "echo 'tests are red'\nexit 1\n")
    (work / "a.yaml").write_text("a: mine\n")
    commit_files(repo, ["a.yaml"], "mine")
    with pytest.raises(HookFailed, match="refused the push: tests are red"):
        push(repo)
    assert status(repo).ahead == 1


def test_staged_change_reverted_in_working_tree_is_nothing_to_commit(
    repo: GitRepo, work: Path
) -> None:
    (work / "a.yaml").write_text("a: staged\n")
    git(work, "add", "a.yaml")
    (work / "a.yaml").write_text("a: 1\n")
    before = index_state(work)
    with pytest.raises(NothingToCommit):
        commit_files(repo, ["a.yaml"], "nothing really")
    assert index_state(work) == before
