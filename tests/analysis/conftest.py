"""Fixtures for the CLI tests of this package: run ztui in process, with git isolated.

HOME and the global git config point at an empty folder with a test identity, so that the
machine's own git settings cannot change what `ztui demo`, `ztui edit` and `ztui diff` do.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.gitenv import isolate_git
from ztui.cli import main


@pytest.fixture(autouse=True)
def isolated_git(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    isolate_git(tmp_path_factory.mktemp("home"), monkeypatch)


@dataclass(frozen=True, slots=True)
class Result:
    """One run of ztui: exit code, stdout, stderr."""

    code: int
    out: str
    err: str


Cli = Callable[..., Result]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Cli:
    """Run `ztui ARGS...` in this process and return what it did."""

    def run(*args: str | Path) -> Result:
        capsys.readouterr()
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 0
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run
