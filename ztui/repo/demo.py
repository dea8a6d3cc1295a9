"""Copies of the bundled demo values repo, as fresh git repos people can play with.

The packaged copy under `ztui/demo/` is never opened for writing: every use starts from a copy.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import git

DEMO_MESSAGE = "Demo values repo from ztui"


class DemoError(Exception):
    """The demo could not be written where asked."""


def demo_source() -> Path:
    """The packaged demo repo (a directory inside the installed package)."""
    return Path(str(resources.files("ztui") / "demo"))


def _actor(repo: git.Repo) -> git.Actor:
    reader = repo.config_reader()
    name = reader.get_value("user", "name", "") if reader.has_section("user") else ""
    email = reader.get_value("user", "email", "") if reader.has_section("user") else ""
    return git.Actor(str(name) or "ztui demo", str(email) or "demo@ztui.invalid")


#: Turns the freshly copied demo into another layout before it is committed (the CLI passes
#: `ztui.migrate`'s, which sits above this layer).
Convert = Callable[[Path], None]


def write_demo(target: Path, convert: Convert | None = None) -> Path:
    """Copy the demo to `target` (absent or empty), `git init` it and commit everything.

    With `convert`, the copy is converted in place first, so the one commit holds the demo as
    that layout keeps it.
    """
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise DemoError(f"{target} already exists and is not an empty directory")
    source = demo_source()
    if not (source / "env").is_dir():
        raise DemoError(f"the demo repo is missing from this installation ({source})")
    shutil.copytree(
        source, target, dirs_exist_ok=True,
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "__init__.py"),
    )
    if convert is not None:
        convert(target)
    repo = git.Repo.init(target, initial_branch="main")
    repo.git.add(A=True)
    actor = _actor(repo)
    repo.index.commit(DEMO_MESSAGE, author=actor, committer=actor)
    return target


def temporary_demo(convert: Convert | None = None) -> Path:
    """A fresh demo copy in a new temporary directory (for `ztui --demo`)."""
    return write_demo(Path(tempfile.mkdtemp(prefix="ztui-demo-")) / "values", convert)
