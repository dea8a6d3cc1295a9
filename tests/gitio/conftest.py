"""Fixtures for the git and file-writing tests: an isolated git config and throwaway repos.

The machine's own ~/.gitconfig (identity, hooks path, signing, aliases) must not change what the
tests see, so every test runs with HOME and GIT_CONFIG_GLOBAL pointing at an empty folder.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.gitenv import isolate_git


@pytest.fixture(autouse=True)
def isolated_git(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """HOME and the global git config point at an empty folder; returns the global config."""
    return isolate_git(tmp_path_factory.mktemp("home"), monkeypatch, identity=False)


def git(cwd: Path, *args: str) -> str:
    """Run git in `cwd` and return its stdout (fails the test on a non-zero exit)."""
    done = subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True)
    return done.stdout


def set_identity(isolated_git: Path) -> None:
    isolated_git.write_text("[user]\n\tname = Test User\n\temail = test@example.com\n")


@pytest.fixture
def identity(isolated_git: Path) -> Path:
    """A global git identity in the isolated config."""
    set_identity(isolated_git)
    return isolated_git


@pytest.fixture
def work(tmp_path: Path, identity: Path) -> Iterator[Path]:
    """A work tree on branch main with one commit of `a.yaml` and `b.yaml`."""
    root = tmp_path / "values"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    (root / "a.yaml").write_text("a: 1\n")
    (root / "b.yaml").write_text("b: 1\n")
    git(root, "add", "a.yaml", "b.yaml")
    git(root, "commit", "-q", "-m", "init")
    yield root
