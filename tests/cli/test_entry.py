"""The command itself: `ztui demo`, help and version, usage errors, bad paths, closed pipes.

Usage errors must be one line on stderr with exit 2 (never argparse's usage dump), and no
failure ever prints a traceback.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.conftest import (
    Cli,
    Result,
    assert_one_line_error,
    git,
    run_process,
    write_repo,
    ztui_script,
)
from ztui import __version__
from ztui.repo.demo import DEMO_MESSAGE


def test_demo_writes_a_git_repo_with_one_commit(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "v"
    result = cli("demo", target)
    assert (result.code, result.err) == (0, "")
    assert str(target) in result.out
    assert git(target, "log", "--format=%s").splitlines() == [DEMO_MESSAGE]
    assert git(target, "status", "--porcelain") == ""
    tracked = git(target, "ls-files").split()
    assert "env/teams.yaml" in tracked and "env/teams/secrets.payments.yaml" in tracked
    assert not any(name.endswith((".pyc", "__init__.py")) for name in tracked)


def test_demo_without_a_git_identity(cli: Cli, tmp_path: Path, isolated_git: Path) -> None:
    isolated_git.write_text("")
    result = cli("demo", tmp_path / "v")
    assert (result.code, result.err) == (0, "")
    assert git(tmp_path / "v", "log", "--format=%s").splitlines() == [DEMO_MESSAGE]


def test_demo_into_an_empty_folder(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "v").mkdir()
    assert cli("demo", tmp_path / "v").code == 0


def test_demo_refuses_a_non_empty_path(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "v"
    target.mkdir()
    (target / "keep.txt").write_text("mine\n")
    assert_one_line_error(cli("demo", target), 1, str(target), "not an empty")
    assert [p.name for p in target.iterdir()] == ["keep.txt"]
    a_file = tmp_path / "file"
    a_file.write_text("x")
    assert_one_line_error(cli("demo", a_file), 1, str(a_file))
    assert a_file.read_text() == "x"


def test_demo_where_it_cannot_write(cli: Cli, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert_one_line_error(cli("demo", blocker / "sub"), 1, "cannot write the demo")


def test_version_and_help() -> None:
    version = run_process("--version")
    assert (version.code, version.out, version.err) == (0, f"ztui {__version__}\n", "")
    for args in (("--help",), ("validate", "--help"), ("render", "--help"),
                 ("diff", "--help"), ("demo", "--help")):
        result = run_process(*args)
        assert result.code == 0, args
        assert result.out.startswith("usage: ztui"), args
        assert result.err == ""
    assert "--format" in run_process("validate", "--help").out
    top = run_process("--help").out
    assert all(verb in top for verb in ("validate", "render", "diff", "demo"))


def test_console_script_runs(tmp_path: Path) -> None:
    script = ztui_script()
    assert script.exists()
    result = run_process(shell=f"{shlex.quote(str(script))} --version")
    assert (result.code, result.out) == (0, f"ztui {__version__}\n")


@pytest.mark.parametrize("args", [
    ("frobnicate",),
    ("frobnicate", "x"),
    ("valdate", "repo"),
    ("validate",),
    ("validate", "REPO", "--bogus"),
    ("validate", "REPO", "extra"),
    ("validate", "REPO", "--format", "xml"),
    ("render", "REPO", "--team"),
    ("diff", "REPO", "--base"),
    ("demo",),
    ("--bogus",),
    (".", "--bogus"),
])
def test_usage_errors_are_one_line(cli: Cli, tmp_path: Path, args: tuple[str, ...]) -> None:
    argv = [str(tmp_path) if a == "REPO" else a for a in args]
    result = cli(*argv)
    assert_one_line_error(result, 2, "--help")
    assert "usage:" not in result.err
    assert result.out == ""


def test_unknown_verb_names_the_verbs(cli: Cli) -> None:
    result = cli("valdate", "repo")
    assert_one_line_error(result, 2, "'valdate'", "validate", "render", "diff", "demo")


def test_unknown_option_points_at_the_verbs_help(cli: Cli, tmp_path: Path) -> None:
    assert_one_line_error(cli("validate", tmp_path, "--bogus"), 2, "--bogus",
                          "`ztui validate --help`")


def test_usage_error_in_a_real_process() -> None:
    result = run_process("validate", "--format", "xml", "x")
    assert_one_line_error(result, 2, "--format")


def test_path_that_does_not_exist(cli: Cli, tmp_path: Path) -> None:
    missing = tmp_path / "missing"
    for verb in ("validate", "render"):
        result = cli(verb, missing)
        assert_one_line_error(result, 2, str(missing))
        assert result.out == ""


def test_path_that_is_a_file(cli: Cli, tmp_path: Path) -> None:
    root = write_repo(tmp_path / "r", {}, base=True)
    assert_one_line_error(cli("validate", root / "env/teams.yaml"), 2, "not a directory")


@pytest.mark.parametrize("files", [
    {},
    {"env/.keep": ""},
    {"env/teams.yaml": "cluster:\n  name: x\n"},
    {"values.yaml": "teamConfig: {}\n"},
])
def test_folder_without_values(cli: Cli, tmp_path: Path, files: dict[str, str]) -> None:
    root = tmp_path / "r"
    root.mkdir()
    write_repo(root, files)
    for args in (("validate",), ("validate", "--format", "json"), ("render",)):
        result = cli(args[0], root, *args[1:])
        assert_one_line_error(result, 2, "looked for", "env/teams.yaml")
        assert result.out == ""


def test_control_characters_from_files_do_not_reach_the_terminal(
    cli: Cli, tmp_path: Path
) -> None:
    """A file name with an escape sequence is shown escaped, in text and in errors."""
    root = write_repo(tmp_path / "r", {
        "env/teams/services.\x1b[2Jx.yaml": "teamConfig: {}\n",
        # YAML's own escapes: ESC ] 0 ; t BEL sets the terminal's title
        "env/teams/services.b.yaml":
            'teamConfig:\n  b:\n    services:\n      - name: "\\e]0;t\\a"\n',
    }, base=True)
    result = cli("validate", root)
    assert result.code == 1
    assert "\x1b" not in result.out and "\x07" not in result.out
    assert "services.\\u001b[2Jx.yaml:1:1: error ZT101" in result.out
    refused = cli("render", root, "--team", "b")
    assert refused.code == 1
    assert "\x1b" not in refused.err and "\x07" not in refused.err
    json_out = cli("validate", root, "--format", "json")
    assert "\x1b" not in json_out.out  # JSON escapes them itself


def _pipe(args: str, root: Path) -> Result:
    return run_process(shell=f"set -o pipefail; {args} {shlex.quote(str(root))} | head -1")


def test_closed_pipe_exits_quietly(tmp_path: Path) -> None:
    """`ztui render | head -1`: a stream larger than a pipe's buffer, cut short."""
    services = "".join(
        f"      - name: s{i}\n        networkPolicy:\n          ingressPrivate:\n"
        f"            mode: AllowAll\n          egressPublic:\n"
        f"            - domain: h{i}.example.com\n"
        f"              ports: [{{protocol: HTTPS, number: 443}}]\n"
        for i in range(300)
    )
    root = write_repo(tmp_path / "r", {
        "env/teams.yaml": "teamConfig:\n  a: {}\n",
        "env/teams/services.a.yaml": "teamConfig:\n  a:\n    services:\n" + services,
    })
    full = run_process("render", root)
    assert full.code == 0 and len(full.out) > 3 * 65536  # more than a pipe holds
    script, python = shlex.quote(str(ztui_script())), shlex.quote(sys.executable)
    for command in (f"{script} render", f"{script} validate", f"{python} -m ztui render"):
        result = _pipe(command, root)
        assert result.code == 0, (command, result.err)
        assert result.err == "", command
        assert len(result.out.splitlines()) == 1


@pytest.mark.parametrize("verb", ["validate", "render"])
def test_reader_gone_before_the_first_write(tmp_path: Path, verb: str) -> None:
    """stdout is a pipe nobody reads (`ztui validate . | true`): a small output stays in the
    buffer until the end, and even then no `Exception ignored ... BrokenPipeError`."""
    root = write_repo(tmp_path / "r", {}, base=True)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "ztui", verb, str(root)], stdout=write_end,
            stderr=subprocess.PIPE, text=True, env=env, timeout=60, check=False,
        )
    finally:
        os.close(write_end)
    assert (done.returncode, done.stderr) == (0, "")
