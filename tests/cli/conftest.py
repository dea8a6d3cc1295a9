"""Helpers for the CLI tests: small repos written from dicts of files, and ways to run ztui.

Every test runs with HOME and the global git config pointing at an empty folder (as in
tests/gitio), so the machine's own identity, hooks and aliases cannot change what git does, and
with an identity set so that `ztui demo` and the test's own commits work.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.gitenv import isolate_git
from ztui.cli import main
from ztui.repo.demo import write_demo

#: A small valid v2 repo: teams a, b, c in env/teams.yaml, services of a and c in their files.
#: Tests put a broken `env/teams/services.b.yaml` beside it and check that a and c still load.
BASE: dict[str, str] = {
    "env/teams.yaml": """\
        teamConfig:
          a: {}
          b: {}
          c: {}
        """,
    "env/teams/services.a.yaml": """\
        teamConfig:
          a:
            services:
              - name: s1
                networkPolicy:
                  ingressPrivate:
                    mode: AllowAll
        """,
    "env/teams/services.c.yaml": """\
        teamConfig:
          c:
            services:
              - name: t1
                networkPolicy:
                  ingressPrivate:
                    mode: AllowOnly
                    allow:
                      - team: a
                        service: s1
              - name: t2
        """,
}
#: Services in BASE besides team b's: a has one, c has two.
BASE_SERVICES = 3


def isolate(home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point HOME and the global git config at `home`, with a test identity; the config."""
    return isolate_git(home, monkeypatch)


@pytest.fixture(autouse=True)
def isolated_git(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """HOME and the global git config point at an empty folder with a test identity."""
    return isolate(tmp_path_factory.mktemp("home"), monkeypatch)


@pytest.fixture(scope="module")
def demo_module(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One demo copy for a module's read-only tests (made before `isolated_git` applies, so
    it isolates git itself)."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        isolate(tmp_path_factory.mktemp("home"), monkeypatch)
        return write_demo(tmp_path_factory.mktemp("demo") / "v")


def write_repo(root: Path, files: Mapping[str, str | bytes], *, base: bool = False) -> Path:
    """Write `files` (repo-relative path -> text, dedented, or raw bytes) under `root`.

    With `base`, the files of BASE are written first (and `files` may replace them).
    """
    merged: dict[str, str | bytes] = {**(BASE if base else {}), **files}
    for rel, content in merged.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
    return root


def git(cwd: Path, *args: str) -> str:
    """Run git in `cwd` and return its stdout (fails the test on a non-zero exit)."""
    done = subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True)
    return done.stdout


@dataclass(frozen=True, slots=True)
class Result:
    """What one run of ztui gave: exit code and the text on stdout and stderr."""

    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return self.out.splitlines()

    @property
    def findings(self) -> list[str]:
        """The finding lines of `ztui validate`'s text: all but the first and the summary."""
        return self.lines[1:-1]

    def json(self) -> Any:
        return json.loads(self.out)


Cli = Callable[..., Result]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Cli:
    """Run `ztui ARGS...` in this process (fast) and return its Result."""

    def run(*args: str | Path) -> Result:
        capsys.readouterr()
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # --help and --version exit through argparse
            code = exc.code if isinstance(exc.code, int) else 0
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


def run_process(*args: str | Path, cwd: Path | None = None, shell: str | None = None) -> Result:
    """Run `python -m ztui ARGS...` (or a shell command line) as a real process."""
    # as users run it: block-buffered stdout, so a closed pipe shows at the final flush
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    if shell is not None:
        done = subprocess.run(
            shell, shell=True, cwd=cwd, capture_output=True, text=True, env=env, timeout=60,
            executable="/bin/bash",
        )
    else:
        done = subprocess.run(
            [sys.executable, "-m", "ztui", *map(str, args)],
            cwd=cwd, capture_output=True, text=True, env=env, timeout=60,
        )
    return Result(done.returncode, done.stdout, done.stderr)


def ztui_script() -> Path:
    """The `ztui` console script of the environment the tests run in."""
    return Path(sys.executable).parent / "ztui"


def assert_one_line_error(result: Result, code: int, *fragments: str) -> None:
    """`result` failed with `code` and exactly one line on stderr containing `fragments`."""
    assert result.code == code, result
    assert "Traceback" not in result.err
    lines = result.err.splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("ztui: "), lines
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])
