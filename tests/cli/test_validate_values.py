"""`ztui validate` on well-formed YAML with wrong values (spec sections 1.0, 1.2 and 2).

The positions are counted by hand from the texts below (1-based; a key's value starts after
`key: `, a flow item after its `{`). Every broken service is in team b, so teams a and c of
BASE must still render.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import BASE_SERVICES, Cli, write_repo

B = "env/teams/services.b.yaml"

#: The head of team b's services file: the first service starts on line 4.
HEAD = "teamConfig:\n  b:\n    services:\n"


def _findings(cli: Cli, root: Path) -> list[tuple[str, str, str | None, int | None, int | None]]:
    """(code, severity, file, line, column) of each finding, from the JSON output."""
    doc = cli("validate", root, "--format", "json").json()
    return [(f["code"], f["severity"], f["file"], f["line"], f["column"])
            for f in doc["findings"]]


def _others_render(cli: Cli, root: Path) -> None:
    for team, name in (("a", "s1-ingress-from-all-teams"), ("c", "t1-ingress-allow-only")):
        result = cli("render", root, "--team", team)
        assert result.code == 0, result.err
        assert f"name: {name}" in result.out


# --- team ids (spec 1.0) --------------------------------------------------------------------


@pytest.mark.parametrize("team_id", ["Bad_Team", "../x", "a b", "x" * 59, "-a", "a-"])
def test_invalid_team_id_in_teams_file(cli: Cli, tmp_path: Path, team_id: str) -> None:
    teams = f"teamConfig:\n  a: {{}}\n  b: {{}}\n  c: {{}}\n  '{team_id}':\n    services: []\n"
    root = write_repo(tmp_path / "r", {"env/teams.yaml": teams}, base=True)
    result = cli("validate", root)
    assert result.code == 1
    # the key is line 5, column 3 (inside its quotes: the quote is where the key starts)
    (line,) = result.findings
    assert line.startswith("env/teams.yaml:5:3: error ZT101 ")
    assert repr(team_id) in line
    doc = cli("validate", root, "--format", "json").json()
    assert (doc["teams"], doc["services"]) == (3, BASE_SERVICES)
    _others_render(cli, root)


def test_a_58_character_team_id_is_fine(cli: Cli, tmp_path: Path) -> None:
    teams = f"teamConfig:\n  {'x' * 58}: {{}}\n"
    root = write_repo(tmp_path / "r", {"env/teams.yaml": teams}, base=True)
    assert cli("validate", root).code == 0


def test_invalid_team_id_in_a_file_name(cli: Cli, tmp_path: Path) -> None:
    """`services.Bad_Team.yaml`: the name is refused (1:1), and so is the key inside (2:3)."""
    files = {"env/teams/services.Bad_Team.yaml": "teamConfig:\n  Bad_Team:\n    services: []\n"}
    root = write_repo(tmp_path / "r", files, base=True)
    found = _findings(cli, root)
    rel = "env/teams/services.Bad_Team.yaml"
    assert found == [("ZT101", "error", rel, 1, 1), ("ZT101", "error", rel, 2, 3)]
    assert "Bad_Team" not in cli("validate", root).lines[0]
    _others_render(cli, root)
    # another team's badly named file does not stop rendering one team
    assert cli("render", root, "--team", "a").code == 0


def test_invalid_team_id_in_an_allow_entry(cli: Cli, tmp_path: Path) -> None:
    text = HEAD + (
        "      - name: x\n"
        "        networkPolicy:\n"
        "          ingressPrivate:\n"
        "            mode: AllowOnly\n"
        "            allow:\n"
        "              - team: Bad_Team\n"  # line 9: 14 spaces + `- team: ` -> column 23
    )
    root = write_repo(tmp_path / "r", {B: text}, base=True)
    doc = cli("validate", root, "--format", "json").json()
    (found,) = doc["findings"]
    assert found == {
        "code": "ZT101", "severity": "error", "message": found["message"], "file": B,
        "line": 9, "column": 23, "team": "b", "service": "x", "rule": None,
        "path": "networkPolicy.ingressPrivate.allow[0].team",
    }
    assert "Bad_Team" in found["message"]
    _others_render(cli, root)


# --- modes in the other dialect's spelling --------------------------------------------------


def test_v1_mode_in_a_v2_repo_names_the_v2_spelling(cli: Cli, tmp_path: Path) -> None:
    text = HEAD + (
        "      - name: x\n"
        "        networkPolicy:\n"
        "          ingressPrivate:\n"
        "            mode: allowOnly\n"  # line 7, column 19
        "            allow: [{team: a}]\n"
    )
    root = write_repo(tmp_path / "r", {B: text}, base=True)
    result = cli("validate", root)
    assert result.code == 1
    (line,) = result.findings
    assert line.startswith(f"{B}:7:19: error ZT103 ")
    assert '"AllowOnly"' in line and "v2" in line
    _others_render(cli, root)


def test_v2_mode_in_a_v1_repo_names_the_v1_spelling(cli: Cli, tmp_path: Path) -> None:
    text = (
        "teamConfig:\n"
        "  teams:\n"
        "    a1:\n"
        "      services:\n"
        "        - name: c1\n"
        "          networkPolicy:\n"
        "            ingressPrivate:\n"
        "              mode: AllowAll\n"  # line 8, column 21
        "        - name: c2\n"
        "          networkPolicy:\n"
        "            ingressPrivate:\n"
        "              mode: denyAll\n"
    )
    root = write_repo(tmp_path / "r", {"env/teams.yaml": text})
    result = cli("validate", root)
    assert result.lines[0] == f"{root}: layout single, dialect v1, 1 teams, 2 services, 1 files"
    (line,) = result.findings
    assert line.startswith("env/teams.yaml:8:21: error ZT103 ")
    assert '"allowAll"' in line and "v1" in line
    assert result.code == 1


@pytest.mark.parametrize(("written", "meant"), [("ALLOWALL", "AllowAll"), ("denyall", "DenyAll")])
def test_mode_in_any_other_casing_names_the_spelling(
    cli: Cli, tmp_path: Path, written: str, meant: str
) -> None:
    text = HEAD + f"      - name: x\n        networkPolicy:\n          ingressPrivate:\n" \
                  f"            mode: {written}\n"
    root = write_repo(tmp_path / "r", {B: text}, base=True)
    result = cli("validate", root)
    assert result.code == 1
    (line,) = result.findings
    assert line.startswith(f"{B}:7:19: error ZT103 ") and f'"{meant}"' in line


# --- egress values --------------------------------------------------------------------------

DOMAINS = [
    "https://example.com", "example.com:443", "localhost", "2001:DB8::1", "::ffff:1.2.3.4",
    "fe80::1%eth0", "10.0.0.0/8", "exa mple.com", "example.com.", "*.*.example.com",
    "Example.COM", "999.1.1.1", "-bad.example.com", "", "api.example.com/v1",
]


@pytest.mark.parametrize("domain", DOMAINS)
def test_invalid_domain(cli: Cli, tmp_path: Path, domain: str) -> None:
    text = HEAD + (
        "      - name: x\n"
        "        networkPolicy:\n"
        "          egressPublic:\n"
        f"            - domain: '{domain}'\n"  # line 7: 12 spaces + `- domain: ` -> col 23
        "              ports: [{protocol: HTTPS, number: 443}]\n"
    )
    root = write_repo(tmp_path / "r", {B: text}, base=True)
    result = cli("validate", root)
    assert result.code == 1, result.out
    assert len(result.findings) == 1, result.out
    assert result.findings[0].startswith(f"{B}:7:23: error ZT104 ")
    _others_render(cli, root)


@pytest.mark.parametrize("domain", ["api.example.com", "*.example.com", "116.203.255.68",
                                    "2001:db8::10", "xn--bcher-kva.example"])
def test_valid_domain(cli: Cli, tmp_path: Path, domain: str) -> None:
    text = HEAD + (
        "      - name: x\n        networkPolicy:\n          egressPublic:\n"
        f"            - domain: '{domain}'\n"
        "              ports: [{protocol: HTTPS, number: 443}]\n"
    )
    root = write_repo(tmp_path / "r", {B: text}, base=True)
    result = cli("validate", root)
    assert (result.code, result.findings) == (0, []), result.out


def test_duplicate_port(cli: Cli, tmp_path: Path) -> None:
    text = HEAD + (
        "      - name: x\n"
        "        networkPolicy:\n"
        "          egressPublic:\n"
        "            - domain: api.example.com\n"
        "              ports:\n"
        "                - {protocol: HTTPS, number: 443}\n"
        "                - {protocol: TCP, number: 443}\n"  # line 10: `443` at column 43
    )
    root = write_repo(tmp_path / "r", {B: text}, base=True)
    doc = cli("validate", root, "--format", "json").json()
    (found,) = doc["findings"]
    assert (found["code"], found["line"], found["column"]) == ("ZT105", 10, 43)
    assert found["path"] == "networkPolicy.egressPublic[0].ports[1].number"
    assert "443" in found["message"]
    _others_render(cli, root)


def test_bad_ports_and_protocols(cli: Cli, tmp_path: Path) -> None:
    text = HEAD + (
        "      - name: x\n"
        "        networkPolicy:\n"
        "          egressPublic:\n"
        "            - domain: a.example.com\n"
        "              ports:\n"
        "                - protocol: UDP\n"   # line 9, column 29
        "                  number: 0\n"       # line 10, column 27
        "                - protocol: HTTPS\n"
        "                  number: 65536\n"   # line 12, column 27
        "            - domain: b.example.com\n"
        "              ports: []\n"           # line 14, column 22
    )
    root = write_repo(tmp_path / "r", {B: text}, base=True)
    found = _findings(cli, root)
    assert found == [
        ("ZT003", "error", B, 9, 29),
        ("ZT003", "error", B, 10, 27),
        ("ZT003", "error", B, 12, 27),
        ("ZT003", "error", B, 14, 22),
    ]


def test_duplicate_service_names(cli: Cli, tmp_path: Path) -> None:
    text = HEAD + (
        "      - name: x\n"      # line 4, column 15
        "      - name: y\n"
        "      - name: x\n"      # line 6, column 15
    )
    root = write_repo(tmp_path / "r", {B: text}, base=True)
    result = cli("validate", root)
    assert result.code == 1
    (line,) = result.findings
    assert line.startswith(f"{B}:6:15: error ZT106 ")
    assert f"{B}:4:15" in line  # names the first one
    _others_render(cli, root)


@pytest.mark.parametrize("name", ["Api", "api_v2", "a" * 64, "-x"])
def test_invalid_service_name(cli: Cli, tmp_path: Path, name: str) -> None:
    root = write_repo(tmp_path / "r", {B: HEAD + f"      - name: '{name}'\n"}, base=True)
    result = cli("validate", root)
    assert result.code == 1
    (line,) = result.findings
    assert line.startswith(f"{B}:4:15: error ZT102 ")


def test_errors_and_warnings_are_sorted_and_counted(cli: Cli, tmp_path: Path) -> None:
    text = HEAD + (
        "      - name: x\n"
        "        networkPolicy:\n"
        "          ingressPrivate:\n"
        "            mode: AllowOnly\n"
        "            allow: [{team: ghost}]\n"         # line 8: ZT201 at column 28
        "          egressPublic:\n"
        "            - domain: 'http://a.example.com'\n"  # line 10: ZT104 at column 23
        "              ports: [{protocol: TCP, number: 80}]\n"
    )
    root = write_repo(tmp_path / "r", {B: text}, base=True)
    result = cli("validate", root)
    assert result.code == 1
    assert [line.split(" ", 3)[:3] for line in result.findings] == [
        [f"{B}:8:28:", "warning", "ZT201"],
        [f"{B}:10:23:", "error", "ZT104"],
    ]
    assert result.lines[-1] == "1 error, 1 warning"
