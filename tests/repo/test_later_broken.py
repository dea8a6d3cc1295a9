"""Broken repos of the later layouts: each problem is a finding at file:line:col, and the rest
loads. Repos are written in tmp_path; lines and columns were counted by hand (1-based)."""

from __future__ import annotations

import os
from pathlib import Path

from ztui.model import Layout, Location, RepoModel, RuleType
from ztui.repo.build_rules import build_rule
from ztui.repo.loader import load_repo

SETTINGS = (
    "kind: AplTeamSettingSet\nmetadata:\n  name: {team}\n  labels:\n"
    "    apl.io/teamId: {team}\nspec:\n  networkPolicy:\n    egressPublic: false\n"
)


def rule_doc(name: str, team: str, *, kind: str = "AplTeamNetworkControl") -> str:
    return (
        f"kind: {kind}\nmetadata:\n  name: {name}\n  labels:\n    apl.io/teamId: {team}\n"
        "spec:\n  ruleType:\n    type: egress\n    egress:\n      domain: example.com\n"
    )


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def found(model: RepoModel) -> list[tuple[str, Location | None]]:
    return [(f.code, f.location) for f in model.findings]


SHOP = "env/teams/shop"


def test_a_rule_of_the_wrong_kind(tmp_path: Path) -> None:
    rel = f"{SHOP}/netpols/out.yaml"
    model = load_repo(write(tmp_path, {rel: rule_doc("out", "shop", kind="AplTeamWorkload")}))
    # line 1: `kind: AplTeamWorkload` (value at 7)
    assert found(model) == [("ZT112", Location(rel, 1, 7))]
    finding = model.findings[0]
    assert (finding.team, finding.rule) == ("shop", "out")
    assert "AplTeamNetworkControl" in finding.message
    assert [r.name for r in model.teams["shop"].rules] == ["out"]  # still read


def test_a_rule_named_unlike_its_file(tmp_path: Path) -> None:
    rel = f"{SHOP}/netpols/out.yaml"
    model = load_repo(write(tmp_path, {rel: rule_doc("other", "shop")}))
    # line 3: `  name: other` (value at 9)
    assert found(model) == [("ZT112", Location(rel, 3, 9))]
    assert "other" in model.findings[0].message and "out.yaml" in model.findings[0].message
    assert [r.name for r in model.teams["shop"].rules] == ["other"]  # named by metadata.name


def test_a_rule_without_a_name_is_named_by_its_file(tmp_path: Path) -> None:
    rel = f"{SHOP}/netpols/out.yaml"
    text = "kind: AplTeamNetworkControl\nmetadata:\n  labels:\n    apl.io/teamId: shop\n"
    model = load_repo(write(tmp_path, {rel: text}))
    # no metadata.name: at the metadata mapping, line 3 `  labels:` (at 3)
    assert found(model) == [("ZT112", Location(rel, 3, 3))]
    rule = model.teams["shop"].rules[0]
    assert (rule.name, rule.type, rule.egress) == ("out", None, None)


def test_a_rule_labelled_with_another_team_or_none(tmp_path: Path) -> None:
    other = f"{SHOP}/netpols/a.yaml"
    bare = f"{SHOP}/netpols/b.yaml"
    model = load_repo(write(tmp_path, {
        other: rule_doc("a", "data"),
        bare: "kind: AplTeamNetworkControl\nmetadata:\n  name: b\nspec: {}\n",
    }))
    # a.yaml line 5: `    apl.io/teamId: data` (value at 20); b.yaml: no labels, so the
    # metadata mapping, line 3 `  name: b` (at 3)
    assert found(model) == [("ZT112", Location(other, 5, 20)), ("ZT112", Location(bare, 3, 3))]
    assert "data" in model.findings[0].message and "shop" in model.findings[0].message


def test_settings_of_the_wrong_kind_and_team(tmp_path: Path) -> None:
    rel = f"{SHOP}/settings.yaml"
    text = SETTINGS.format(team="data").replace("AplTeamSettingSet", "AplTeamNetworkControl")
    model = load_repo(write(tmp_path, {rel: text}))
    # line 1 `kind: ...` (value at 7); line 5 `    apl.io/teamId: data` (value at 20)
    assert found(model) == [("ZT112", Location(rel, 1, 7)), ("ZT112", Location(rel, 5, 20))]
    assert model.teams["shop"].egress_public is False  # still read


def test_settings_whose_spec_is_not_a_mapping(tmp_path: Path) -> None:
    rel = f"{SHOP}/settings.yaml"
    text = "kind: AplTeamSettingSet\nmetadata:\n  labels: {apl.io/teamId: shop}\nspec: [1]\n"
    model = load_repo(write(tmp_path, {rel: text}))
    # line 4: `spec: [1]` (value at 7)
    assert found(model) == [("ZT003", Location(rel, 4, 7))]
    assert model.teams["shop"].raw == {}


def test_a_file_that_is_not_a_mapping(tmp_path: Path) -> None:
    rel = f"{SHOP}/netpols/out.yaml"
    model = load_repo(write(tmp_path, {
        rel: "- a\n- b\n", f"{SHOP}/settings.yaml": SETTINGS.format(team="shop"),
    }))
    assert found(model) == [("ZT005", Location(rel, 1, 1))]
    assert model.findings[0].message == "the document is a list, not a mapping such as `kind:`"
    assert model.teams["shop"].rules == [] and model.teams["shop"].egress_public is False


def test_a_netpols_list_that_is_not_a_list_or_holds_no_mapping(tmp_path: Path) -> None:
    text = "teamConfig:\n  shop:\n    netpols:\n      - web\n      - name: b\n"
    model = load_repo(write(tmp_path, {
        "env/teams/netpols.shop.yaml": text,
        "env/teams/netpols.data.yaml": "teamConfig:\n  data:\n    netpols: {a: 1}\n",
        "env/teams/netpols.labs.yaml": "teamConfig:\n  labs:\n    netpols:\n",
    }))
    assert model.layout is Layout.NETPOLS
    # data line 3 `    netpols: {a: 1}` (value at 14); shop line 4 `      - web` (item at 9)
    assert found(model) == [
        ("ZT003", Location("env/teams/netpols.data.yaml", 3, 14)),
        ("ZT003", Location("env/teams/netpols.shop.yaml", 4, 9)),
    ]
    assert model.findings[1].path == "netpols[0]"
    assert [r.name for r in model.teams["shop"].rules] == ["b"]
    assert model.teams["labs"].rules == []  # an empty `netpols:` is no rules


def test_invalid_team_ids_are_never_paths(tmp_path: Path) -> None:
    root = write(tmp_path, {
        "env/teams/Bad_Team/settings.yaml": SETTINGS.format(team="Bad_Team"),
        f"{SHOP}/settings.yaml": SETTINGS.format(team="shop"),
    })
    model = load_repo(root)
    assert found(model) == [("ZT101", Location("env/teams/Bad_Team", 1, 1))]
    assert list(model.teams) == ["shop"]
    assert model.files == [f"{SHOP}/settings.yaml"]
    netpols = load_repo(write(tmp_path / "n", {
        "env/teams/netpols.UPPER.yaml": "teamConfig:\n  UPPER:\n    netpols: []\n",
    }))
    assert netpols.layout is Layout.NETPOLS
    assert found(netpols) == [
        ("ZT101", Location("env/teams/netpols.UPPER.yaml", 1, 1)),
        ("ZT101", Location("env/teams/netpols.UPPER.yaml", 2, 3)),
    ]
    assert netpols.teams == {}


def test_a_rule_file_linked_out_of_the_repo(tmp_path: Path) -> None:
    outside = tmp_path / "secret.yaml"
    outside.write_text(rule_doc("out", "shop"))
    root = write(tmp_path / "repo", {f"{SHOP}/settings.yaml": SETTINGS.format(team="shop")})
    (root / SHOP / "netpols").mkdir()
    os.symlink(outside, root / SHOP / "netpols" / "out.yaml")
    os.symlink(tmp_path, root / "env/teams/data")  # a team folder linked out
    model = load_repo(root)
    assert found(model) == [
        ("ZT007", Location("env/teams/data", 1, 1)),
        ("ZT007", Location(f"{SHOP}/netpols/out.yaml", 1, 1)),
    ]
    assert model.files == [f"{SHOP}/settings.yaml"]
    assert list(model.teams) == ["shop"] and model.teams["shop"].rules == []


def test_a_rules_folder_linked_out_of_the_repo(tmp_path: Path) -> None:
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside/out.yaml").write_text(rule_doc("out", "shop"))
    root = write(tmp_path / "repo", {f"{SHOP}/settings.yaml": SETTINGS.format(team="shop")})
    os.symlink(tmp_path / "outside", root / SHOP / "netpols")
    model = load_repo(root)
    assert found(model) == [("ZT007", Location(f"{SHOP}/netpols", 1, 1))]
    assert model.findings[0].message == (
        f"is a link to {tmp_path / 'outside'}, outside the repo: not read"
    )
    assert model.files == [f"{SHOP}/settings.yaml"]
    assert model.teams["shop"].rules == []


def test_both_later_layouts_read_as_files(tmp_path: Path) -> None:
    root = write(tmp_path, {
        f"{SHOP}/netpols/out.yaml": rule_doc("out", "shop"),
        "env/teams/netpols.shop.yaml": "teamConfig:\n  shop:\n    netpols: [{name: x}]\n",
    })
    model = load_repo(root)
    assert model.layout is Layout.FILES
    assert found(model) == [("ZT112", Location("env/teams/netpols.shop.yaml", 1, 1))]
    assert "one file per rule" in model.findings[0].message
    assert model.files == [f"{SHOP}/netpols/out.yaml"]
    assert [r.name for r in model.teams["shop"].rules] == ["out"]


def test_services_files_are_other_features_files_in_a_later_layout(tmp_path: Path) -> None:
    root = write(tmp_path, {
        "env/teams.yaml": "teamConfig:\n  shop: {}\n",
        "env/teams/netpols.shop.yaml": "teamConfig:\n  shop:\n    netpols: []\n",
        "env/teams/services.data.yaml": "teamConfig: [broken\n",  # never parsed
    })
    model = load_repo(root)
    assert model.layout is Layout.NETPOLS and model.findings == []
    assert model.files == ["env/teams.yaml", "env/teams/netpols.shop.yaml"]
    assert sorted(model.teams) == ["data", "shop"]  # data is named by its services file
    assert model.teams["data"].services == [] and model.teams["data"].rule_based


def test_service_network_policy_in_teams_yaml_is_ignored_by_netpols(tmp_path: Path) -> None:
    teams = (
        "teamConfig:\n"
        "  shop:\n"
        "    services:\n"
        "      - name: api\n"
        "        networkPolicy:\n"
        "          ingressPrivate: {mode: AllowAll}\n"
        "      - name: web\n"
    )
    root = write(tmp_path, {
        "env/teams.yaml": teams,
        "env/teams/netpols.shop.yaml": "teamConfig:\n  shop:\n    netpols: []\n",
    })
    model = load_repo(root)
    # line 5: `        networkPolicy:` (key at 9)
    assert found(model) == [("ZT212", Location("env/teams.yaml", 5, 9))]
    warning = model.findings[0]
    assert (warning.team, warning.service, warning.path) == (
        "shop", "api", "services[0].networkPolicy",
    )
    assert model.teams["shop"].services == []


def test_rule_fields_are_read_leniently() -> None:
    raw = {
        "id": 7,
        "name": "x",
        "ruleType": {
            "type": "sideways",
            "ingress": {
                "mode": "allowAll",
                "toLabelName": "app",
                "toLabelValue": 5,
                "allow": [
                    {"fromNamespace": "team-a", "fromLabelName": "app"},
                    {"fromLabelName": "app", "fromLabelValue": "b"},
                    "team-c",
                    {"fromNamespace": "team-d", "fromLabelName": "app", "fromLabelValue": "d"},
                ],
            },
            "egress": {"domain": "a.example.com", "ports": [{"number": "443"}, 5]},
        },
    }
    rule = build_rule("shop", raw)
    assert (rule.type, rule.mode.value, rule.target, rule.id) == (None, "AllowOnly", None, None)
    assert [str(s) for s in rule.sources] == ["team-a", "team-d/app=d"]
    assert rule.egress is not None and rule.egress.ports == ()
    egress = build_rule("shop", {"spec": {"ruleType": {"type": "egress"}}}, base=("spec",))
    assert (egress.type, egress.egress, egress.name) == (RuleType.EGRESS, None, "")
