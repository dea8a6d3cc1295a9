"""Rules validated end to end: read from files by the reader, reported as `ztui validate` does.

The fixture repos hold one configuration in both later layouts, with two warnings meant: shop's
`db` rule is AllowOnly with no sources (ZT207) and labs' `github` egress rule sits in a team
whose egressPublic is false (ZT204). Positions are counted by hand from the YAML below and in
tests/fixtures (columns point at the value).
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from ztui.model import Rule
from ztui.workspace import Workspace, open_workspace, rule_findings

FIXTURES = Path(__file__).parent.parent / "fixtures"


def texts(ws: Workspace) -> list[str]:
    return [f"{f.location} {f.code} {f.team}/{f.rule} {f.path}" for f in ws.findings]


def test_the_files_fixture_gives_its_two_warnings() -> None:
    assert texts(open_workspace(FIXTURES / "files")) == [
        "env/teams/labs/netpols/github.yaml:8:11 ZT204 labs/github spec.ruleType.type",
        "env/teams/shop/netpols/db.yaml:13:14 ZT207 shop/db spec.ruleType.ingress.allow",
    ]


def test_the_netpols_fixture_gives_its_two_warnings() -> None:
    assert texts(open_workspace(FIXTURES / "netpols")) == [
        "env/teams/netpols.labs.yaml:7:17 ZT204 labs/github ruleType.type",
        "env/teams/netpols.shop.yaml:34:20 ZT207 shop/db ruleType.ingress.allow",
    ]


@pytest.mark.parametrize(("layout", "web", "cdn"), [
    ("files", "env/teams/shop/netpols/web.yaml:10:13", "env/teams/shop/netpols/cdn.yaml:10:15"),
    ("netpols", "env/teams/netpols.shop.yaml:23:19", "env/teams/netpols.shop.yaml:49:21"),
])
def test_notices_on_request(layout: str, web: str, cdn: str) -> None:
    ws = open_workspace(FIXTURES / layout, notices=True)
    notices = [f"{f.location} {f.code} {f.team}/{f.rule}" for f in ws.findings
               if f.code in ("ZT301", "ZT302")]
    assert sorted(notices) == sorted([f"{web} ZT301 shop/web", f"{cdn} ZT302 shop/cdn"])


def _rule(ws: Workspace, key: str) -> Rule:
    found = ws.model.rule(key)
    assert found is not None
    return found


@pytest.mark.parametrize("layout", ["files", "netpols"])
def test_rule_findings_says_what_validate_says_about_a_rule(layout: str) -> None:
    ws = open_workspace(FIXTURES / layout)
    for team in ws.model.teams.values():
        for rule in team.rules:
            assert rule_findings(ws.model, rule) == ws.findings_of(team.id, rule=rule.name)
    assert [f.code for f in rule_findings(ws.model, _rule(ws, "shop/db"))] == ["ZT207"]


def test_rule_findings_refuses_a_new_rule_with_a_taken_name() -> None:
    ws = open_workspace(FIXTURES / "files")
    taken = _rule(ws, "shop/stripe")
    new = Rule(team="shop", name="stripe", raw={
        "kind": "AplTeamNetworkControl",
        "metadata": {"name": "stripe", "labels": {"apl.io/teamId": "shop"}},
        "spec": {"ruleType": {"type": "egress", "egress": {"domain": "stripe.com"}}}},
        base=("spec",))
    assert taken is not new
    (f,) = rule_findings(ws.model, new)
    assert (f.code, f.rule, f.path) == ("ZT109", "stripe", "metadata.name")
    assert "(at env/teams/shop/netpols/stripe.yaml:3:9)" in f.message


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


SETTINGS = """\
    kind: AplTeamSettingSet
    metadata:
      name: shop
      labels:
        apl.io/teamId: shop
    spec:
      networkPolicy:
        ingressPrivate: true
        egressPublic: "no"
    """
BROKEN_RULE = """\
    kind: AplTeamNetworkControl
    metadata:
      name: api
      labels:
        apl.io/teamId: shop
    spec:
      ruleType:
        type: ingress
        ingress:
          mode: DenyAll
          toLabelName: otomi.io/app
          toLabelValue: api
          allow:
            - fromNamespace: Team-Data
              fromLabelName: otomi.io/app
    """


def test_errors_in_a_rule_file_and_a_settings_file(tmp_path: Path) -> None:
    root = write(tmp_path, {"env/teams/shop/settings.yaml": SETTINGS,
                            "env/teams/shop/netpols/api.yaml": BROKEN_RULE})
    ws = open_workspace(root)
    api = "env/teams/shop/netpols/api.yaml"
    assert [(str(f.location), f.code) for f in ws.findings] == [
        (f"{api}:10:13", "ZT003"),  # mode DenyAll
        (f"{api}:14:26", "ZT110"),  # fromNamespace Team-Data
        (f"{api}:15:26", "ZT111"),  # fromLabelName without fromLabelValue
        ("env/teams/shop/settings.yaml:9:19", "ZT107"),  # egressPublic "no"
    ]
    assert ws.findings[1].message == (
        'spec.ruleType.ingress.allow[0].fromNamespace "Team-Data" is not a valid namespace '
        'name: write "team-data" (lower-case letters, digits and hyphens, starting and ending '
        "with a letter or digit)")
    assert ws.findings[3].message == (
        'networkPolicy.egressPublic must be true or false, got "no"')


def test_a_duplicate_name_in_a_netpols_list(tmp_path: Path) -> None:
    root = write(tmp_path, {
        "env/teams.yaml": "teamConfig:\n  shop: {}\n",
        "env/teams/netpols.shop.yaml": """\
            teamConfig:
              shop:
                netpols:
                  - id: a
                    name: gh
                    ruleType:
                      type: egress
                      egress:
                        domain: github.com
                  - id: b
                    name: gh
                    ruleType:
                      type: egress
                      egress:
                        domain: api.github.com
            """})
    (f,) = open_workspace(root).findings
    assert (str(f.location), f.code, f.rule, f.path) == (
        "env/teams/netpols.shop.yaml:11:15", "ZT109", "gh", "name")
    assert f.message == (
        'team "shop" already has a rule named "gh" (at env/teams/netpols.shop.yaml:5:15): their '
        "manifests would share names, so rename or remove one")
