"""`ztui push`: a fast-forward goes through; a moved remote is reported and nothing is forced."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from ztui.cli import main
from ztui.repo.demo import write_demo


def _git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return done.stdout.strip()


@pytest.fixture
def clone(tmp_path: Path) -> tuple[Path, Path]:
    """A demo repo pushed to a bare remote, and a second clone of that remote."""
    work = write_demo(tmp_path / "values")
    remote = tmp_path / "remote.git"
    _git(tmp_path, "init", "--bare", "-b", "main", str(remote))
    _git(work, "remote", "add", "origin", str(remote))
    _git(work, "push", "-u", "origin", "main")
    other = tmp_path / "other"
    _git(tmp_path, "clone", str(remote), str(other))
    return work, other


def test_push_fast_forward(clone: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    work, _ = clone
    (work / "env" / "teams.yaml").write_text("teamConfig: {}\n")
    _git(work, "commit", "-am", "empty the teams")
    assert main(["push", str(work)]) == 0
    assert "pushed main to origin/main" in capsys.readouterr().out
    assert _git(work, "rev-parse", "HEAD") == _git(work, "rev-parse", "origin/main")


def test_push_refuses_when_the_remote_moved(
    clone: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    work, other = clone
    (other / "README").write_text("theirs\n")
    _git(other, "add", "README")
    _git(other, "commit", "-m", "their change")
    _git(other, "push")
    theirs = _git(other, "rev-parse", "HEAD")
    (work / "env" / "teams.yaml").write_text("teamConfig: {}\n")
    _git(work, "commit", "-am", "our change")
    assert main(["push", str(work)]) == 1
    err = capsys.readouterr().err
    assert "the remote branch has commits you don't have: pull first" in err
    assert err.count("\n") == 1
    assert _git(other, "ls-remote", "origin", "refs/heads/main").split()[0] == theirs


def test_push_outside_git_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["push", str(tmp_path)]) == 2
    assert "not in a git repository" in capsys.readouterr().err
