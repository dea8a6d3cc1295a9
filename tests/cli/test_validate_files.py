"""`ztui validate` on files that cannot be read as they are (issue 2, bad input).

Each broken file sits in a repo whose other teams are fine: the broken file gives one finding at
the place computed by hand below (1-based line and column, counted in characters), exit 1,
nothing on stderr and never a traceback, while every other team still loads and renders.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.cli.conftest import BASE_SERVICES, Cli, write_repo

B = "env/teams/services.b.yaml"


@dataclass(frozen=True)
class Broken:
    """A broken services file of team b and the one finding line it must give."""

    id: str
    content: str | bytes
    #: `file:line:col: error CODE`, by hand.
    where: str
    #: Words the message must contain.
    says: tuple[str, ...] = ()
    #: Services of team b that still load (a duplicate key is reported, the file still read).
    b_services: int = 0


CASES = [
    # line 4 is `      - name: x: y`: 6 spaces and `- name: x` are 15 characters, the
    # second `:` is column 16
    Broken("syntax", "teamConfig:\n  b:\n    services:\n      - name: x: y\n",
           f"{B}:4:16: error ZT001", ("mapping values are not allowed",)),
    # the second `port` key: line 6, 8 spaces in; the first is on line 5, column 9
    Broken("duplicate-key",
           "teamConfig:\n  b:\n    services:\n      - name: x\n        port: 80\n"
           "        port: 81\n",
           f"{B}:6:9: error ZT002", ("duplicate key 'port'", "line 5, column 9"), 1),
    # a tab at the start of line 3
    Broken("tab-indent", "teamConfig:\n  b:\n\tservices: []\n", f"{B}:3:1: error ZT001",
           ("tab",)),
    # a tab before the second item of the list (line 5)
    Broken("tab-in-list", "teamConfig:\n  b:\n    services:\n      - name: x\n\t- name: y\n",
           f"{B}:5:1: error ZT001", ("tab",)),
    # latin-1 `é` after `      - name: caf` (17 characters): column 18
    Broken("latin-1", b"teamConfig:\n  b:\n    services:\n      - name: caf\xe9\n",
           f"{B}:4:18: error ZT004", ("0xe9", "UTF-8")),
    # columns count characters, not bytes: `      - name: "` is 15, `é` (two bytes) is
    # column 16 and the stray 0xff column 17
    Broken("bad-byte-after-utf8",
           b'teamConfig:\n  b:\n    services:\n      - name: "\xc3\xa9\xff"\n',
           f"{B}:4:17: error ZT004", ("0xff",)),
    # a BOM is not a column
    Broken("bad-byte-after-bom",
           b'\xef\xbb\xbfteamConfig:\n  b:\n    services:\n      - name: "\xff"\n',
           f"{B}:4:16: error ZT004", ("0xff",)),
    # a control character inside a quoted scalar, after `      - name: "a`
    Broken("control-char", 'teamConfig:\n  b:\n    services:\n      - name: "a\x01"\n',
           f"{B}:4:17: error ZT001", ("#x0001",)),
    Broken("list-document", "- teamConfig\n- b\n", f"{B}:1:1: error ZT005", ("a list",)),
    Broken("scalar-document", "just some text\n", f"{B}:1:1: error ZT005",
           ("single value",)),
    # a list where the mapping of teams belongs: reported at the key `teamConfig`
    Broken("teams-not-a-mapping", "teamConfig:\n  - b\n", f"{B}:1:1: error ZT003",
           ("teamConfig must be a mapping",)),
]


def _check_others_load(cli: Cli, root: Path) -> None:
    """Teams a and c of BASE render with their own service manifests."""
    a = cli("render", root, "--team", "a")
    assert a.code == 0, a.err
    assert "name: s1-ingress-from-all-teams" in a.out
    c = cli("render", root, "--team", "c")
    assert c.code == 0, c.err
    assert "name: t1-ingress-allow-only" in c.out


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_a_broken_file_is_one_finding_and_the_rest_loads(
    cli: Cli, tmp_path: Path, case: Broken
) -> None:
    root = write_repo(tmp_path / "r", {B: case.content}, base=True)
    result = cli("validate", root)
    assert result.code == 1, result
    assert result.err == ""
    assert result.lines[0].startswith(f"{root}: layout split, dialect v2,")
    assert len(result.findings) == 1, result.out
    line = result.findings[0]
    assert line.startswith(case.where + " "), line
    for words in case.says:
        assert words in line, (words, line)
    assert result.lines[-1] == "1 error, 0 warnings"
    doc = cli("validate", root, "--format", "json").json()
    # team b is still known from env/teams.yaml
    assert doc["teams"] == 3
    assert doc["services"] == BASE_SERVICES + case.b_services
    _check_others_load(cli, root)


def test_duplicate_key_keeps_the_team(cli: Cli, tmp_path: Path) -> None:
    """A duplicate key is an error at the second key, and the file's other teams still load."""
    files = {B: "teamConfig:\n  b:\n    services:\n      - name: x\n  b: {}\n"}
    root = write_repo(tmp_path / "r", files, base=True)
    result = cli("validate", root, "--format", "json")
    assert result.code == 1
    (found,) = result.json()["findings"]
    assert (found["code"], found["file"], found["line"], found["column"]) == ("ZT002", B, 5, 3)
    _check_others_load(cli, root)


def test_a_broken_teams_file_keeps_the_services_files(cli: Cli, tmp_path: Path) -> None:
    """env/teams.yaml unreadable: teams a and c still come from their services files."""
    # line 3 `  a: {` opens a flow mapping that never closes: the parser stops at the end
    root = write_repo(tmp_path / "r", {"env/teams.yaml": "teamConfig:\n  b: {}\n  a: {\n"},
                      base=True)
    result = cli("validate", root, "--format", "json")
    assert result.code == 1
    (found,) = result.json()["findings"]
    assert (found["code"], found["file"]) == ("ZT001", "env/teams.yaml")
    assert result.json()["services"] == BASE_SERVICES
    # but rendering a team needs env/teams.yaml (its switches live there): refused
    refused = cli("render", root, "--team", "a")
    assert refused.code == 1 and refused.out == ""
    assert "env/teams.yaml:" in refused.err


def test_alias_bomb_is_stopped_fast(cli: Cli, tmp_path: Path) -> None:
    """A billion-laughs file: 9^10 values if expanded; refused quickly with ZT006."""
    lines = ["teamConfig:", "  b:", f"    x0: &a0 [{', '.join(['lol'] * 9)}]"]
    lines += [f"    x{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    lines.append("    services: *a9")
    root = write_repo(tmp_path / "r", {B: "\n".join(lines) + "\n"}, base=True)
    start = time.monotonic()
    result = cli("validate", root, "--format", "json")
    assert time.monotonic() - start < 5
    assert result.code == 1
    (found,) = result.json()["findings"]
    assert (found["code"], found["file"], found["severity"]) == ("ZT006", B, "error")
    assert result.json()["services"] == BASE_SERVICES
    start = time.monotonic()
    _check_others_load(cli, root)
    assert time.monotonic() - start < 5


def test_self_referencing_alias_is_refused(cli: Cli, tmp_path: Path) -> None:
    root = write_repo(tmp_path / "r", {B: "teamConfig:\n  b: &x\n    services: [*x]\n"},
                      base=True)
    result = cli("validate", root, "--format", "json")
    assert result.code == 1 and result.err == ""
    (found,) = result.json()["findings"]
    # composed YAML has no node for the alias itself: the line of `[*x]` is as close as it gets
    assert (found["code"], found["file"], found["line"]) == ("ZT006", B, 3)
    assert "refers to a node that contains it" in found["message"]
    _check_others_load(cli, root)


def test_symlink_out_of_the_repo_is_not_read(cli: Cli, tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text("teamConfig:\n  b:\n    services:\n      - name: stolen\n")
    root = write_repo(tmp_path / "r", {}, base=True)
    (root / B).symlink_to(outside)
    result = cli("validate", root)
    assert result.code == 1 and result.err == ""
    assert result.findings == [
        f"{B}:1:1: error ZT007 is a link to {outside}, outside the repo: not read"
    ]
    assert cli("validate", root, "--format", "json").json()["services"] == BASE_SERVICES
    assert "stolen" not in cli("render", root, "--team", "a").out
    _check_others_load(cli, root)


def test_symlink_inside_the_repo_is_read(cli: Cli, tmp_path: Path) -> None:
    root = write_repo(tmp_path / "r", {
        "shared/b.yaml": "teamConfig:\n  b:\n    services:\n      - name: linked\n",
    }, base=True)
    (root / B).symlink_to(root / "shared/b.yaml")
    result = cli("validate", root, "--format", "json")
    assert result.code == 0, result.out
    assert result.json()["services"] == BASE_SERVICES + 1


def test_symlink_loop_is_a_finding(cli: Cli, tmp_path: Path) -> None:
    root = write_repo(tmp_path / "r", {}, base=True)
    (root / B).symlink_to(root / B)
    result = cli("validate", root, "--format", "json")
    assert result.code == 1 and result.err == ""
    (found,) = result.json()["findings"]
    assert (found["code"], found["file"], found["line"], found["column"]) == ("ZT009", B, 1, 1)
    _check_others_load(cli, root)


GARBAGE = "teamConfig: [[[ : {{\n\t- :\n  ] ] ] &&& *nothing\n"


def test_sops_files_are_never_parsed(cli: Cli, tmp_path: Path) -> None:
    """Garbage in `secrets.b.yaml` and in a file with a top-level `sops:` key: no finding."""
    root = write_repo(tmp_path / "r", {
        "env/teams/secrets.b.yaml": GARBAGE,
        "env/teams/secrets.a.yaml": b"\xff\xfe not even utf-8 \x00\n",
        B: GARBAGE + "sops:\n    mac: ENC[AES256_GCM,data:x]\n    version: 3.7.3\n",
    }, base=True)
    result = cli("validate", root)
    assert result.code == 0, result.out
    assert result.err == ""
    assert result.findings == []
    assert result.lines[-1] == "0 errors, 0 warnings"
    doc = cli("validate", root, "--format", "json").json()
    assert (doc["teams"], doc["services"], doc["findings"]) == (3, BASE_SERVICES, [])
    _check_others_load(cli, root)
    # team b (from env/teams.yaml) renders its defaults: nothing came from the SOPS file
    b = cli("render", root, "--team", "b")
    assert b.code == 0 and "name: default-ingress-deny" in b.out
