"""The warnings of spec section 2 through `ztui validate`: exit 0, each at its field.

Line numbers are written beside the texts; columns are counted by hand (a value starts after
`key: `; a block list starts at its first `-`; a flow list at its `[`).
"""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import Cli, write_repo

A = "env/teams/services.a.yaml"
NOEG = "env/teams/services.noeg.yaml"
NOIN = "env/teams/services.noin.yaml"

FILES = {
    "env/teams.yaml": """\
        teamConfig:
          a: {}
          noeg:
            networkPolicy:
              egressPublic: false
          noin:
            networkPolicy:
              ingressPrivate: false
        """,
    "env/teams/apps.named.yaml": "teamConfig:\n  named:\n    apps: {}\n",
    A: """\
        teamConfig:
          a:
            services:
              - name: s1
                networkPolicy:
                  ingressPrivate:
                    mode: AllowOnly
                    allow:
                      - team: ghost
                      - team: noeg
                        service: phantom
                      - team: a
                        service: s2
                      - team: named
                      - team: admin
              - name: s2
                networkPolicy:
                  ingressPrivate:
                    mode: AllowAll
                    allow:
                      - team: a
              - name: s3
                networkPolicy:
                  ingressPrivate:
                    mode: AllowOnly
                    allow: []
                  egressPublic:
                    - domain: api.example.com
                      ports: [{protocol: HTTPS, number: 443}]
                    - domain: api.example.com
                      ports: [{protocol: HTTP, number: 80}]
              - name: s4
                networkPolicy:
                  ingressPrivate:
                    mode: DenyAll
                    allow: [{team: a}]
              - name: s5
                networkPolicy:
                  ingressPrivate:
                    mode: AllowOnly
        """,
    NOEG: """\
        teamConfig:
          noeg:
            services:
              - name: e1
                networkPolicy:
                  egressPublic:
                    - domain: example.com
                      ports: [{protocol: HTTPS, number: 443}]
              - name: e2
        """,
    NOIN: """\
        teamConfig:
          noin:
            services:
              - name: i1
                networkPolicy:
                  ingressPrivate:
                    mode: AllowOnly
                    allow: [{team: a}]
              - name: i2
        """,
}

#: (code, file, line, column, team, service, path), sorted by file, line, column.
EXPECTED = [
    # `ghost` on line 9: 14 spaces + `- team: `
    ("ZT201", A, 9, 23, "a", "s1", "networkPolicy.ingressPrivate.allow[0].team"),
    # `phantom` on line 11: 16 spaces + `service: `
    ("ZT202", A, 11, 26, "a", "s1", "networkPolicy.ingressPrivate.allow[1].service"),
    # s2's allow list under AllowAll starts at the `-` of line 21
    ("ZT203", A, 21, 15, "a", "s2", "networkPolicy.ingressPrivate.allow"),
    # s3: AllowOnly with `allow: []`, at the mode (line 25: 12 spaces + `mode: `)
    ("ZT207", A, 25, 19, "a", "s3", "networkPolicy.ingressPrivate.mode"),
    # the second api.example.com, line 30: 12 spaces + `- domain: `
    ("ZT206", A, 30, 23, "a", "s3", "networkPolicy.egressPublic[1].domain"),
    # s4: an allow entry under DenyAll, the `[` of line 36 (12 spaces + `allow: `)
    ("ZT203", A, 36, 20, "a", "s4", "networkPolicy.ingressPrivate.allow"),
    # s5: AllowOnly and no allow key at all (line 40)
    ("ZT207", A, 40, 19, "a", "s5", "networkPolicy.ingressPrivate.mode"),
    # egress rules in a team with egressPublic false: the list starts at the `-` of line 7
    ("ZT204", NOEG, 7, 13, "noeg", "e1", "networkPolicy.egressPublic"),
    # an AllowOnly rule in a team with ingressPrivate false: at the mode of line 7
    ("ZT205", NOIN, 7, 19, "noin", "i1", "networkPolicy.ingressPrivate.mode"),
]


def test_every_warning_of_section_2(cli: Cli, tmp_path: Path) -> None:
    root = write_repo(tmp_path / "r", FILES)
    doc = cli("validate", root, "--format", "json").json()
    found = [
        (f["code"], f["file"], f["line"], f["column"], f["team"], f["service"], f["path"])
        for f in doc["findings"]
    ]
    assert found == EXPECTED
    assert {f["severity"] for f in doc["findings"]} == {"warning"}
    assert all(f["message"] and "\n" not in f["message"] for f in doc["findings"])


def test_warnings_alone_exit_0(cli: Cli, tmp_path: Path) -> None:
    root = write_repo(tmp_path / "r", FILES)
    text = cli("validate", root)
    assert text.code == 0 and text.err == ""
    assert text.lines[0] == f"{root}: layout split, dialect v2, 4 teams, 9 services, 4 files"
    assert [line.split(" ", 3)[:3] for line in text.findings] == [
        [f"{file}:{line}:{column}:", "warning", code]
        for code, file, line, column, *_ in EXPECTED
    ]
    assert text.lines[-1] == "0 errors, 9 warnings"
    assert cli("validate", root, "--format", "json").code == 0
    # warnings do not stop rendering
    assert cli("render", root).code == 0


def test_warning_messages_say_what_is_wrong(cli: Cli, tmp_path: Path) -> None:
    root = write_repo(tmp_path / "r", FILES)
    messages = {
        (f["code"], f["service"]): f["message"]
        for f in cli("validate", root, "--format", "json").json()["findings"]
    }
    assert "ghost" in messages[("ZT201", "s1")]
    assert "phantom" in messages[("ZT202", "s1")] and "noeg" in messages[("ZT202", "s1")]
    assert "AllowAll" in messages[("ZT203", "s2")]
    assert "DenyAll" in messages[("ZT203", "s4")]
    assert "api.example.com" in messages[("ZT206", "s3")]
    assert "egressPublic: false" in messages[("ZT204", "e1")]
    assert "ingressPrivate: false" in messages[("ZT205", "i1")]
    assert "denies all" in messages[("ZT207", "s5")]


def test_json_output_shape(cli: Cli, tmp_path: Path) -> None:
    root = write_repo(tmp_path / "r", FILES)
    doc = cli("validate", root, "--format", "json").json()
    assert doc["layout"] == "split" and doc["dialect"] == "v2"
    assert {"layout", "dialect", "findings"} <= set(doc)
    keys = {"code", "severity", "message", "file", "line", "column", "team", "service", "rule",
            "path"}
    assert all(set(f) == keys for f in doc["findings"])


def test_the_demo_is_clean(cli: Cli, tmp_path: Path) -> None:
    assert cli("demo", tmp_path / "v").code == 0
    result = cli("validate", tmp_path / "v")
    assert result.code == 0
    assert result.lines == [
        f"{tmp_path / 'v'}: layout split, dialect v2, 5 teams, 14 services, 6 files",
        "0 errors, 0 warnings",
    ]
    doc = cli("validate", tmp_path / "v", "--format", "json").json()
    assert (doc["layout"], doc["dialect"], doc["findings"]) == ("split", "v2", [])
