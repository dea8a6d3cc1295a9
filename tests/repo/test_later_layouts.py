"""Reading the later layouts (spec 5): `netpols` lists and one file per rule.

The fixtures `tests/fixtures/netpols` and `tests/fixtures/files` hold the same configuration in
the two layouts; every expected value below was written from their text (lines and columns
counted by hand, 1-based).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ztui.model import (
    Dialect,
    EgressRule,
    Label,
    Layout,
    Location,
    Mode,
    Port,
    RepoModel,
    RuleType,
    Source,
)
from ztui.repo.layout import plan_repo
from ztui.repo.loader import load_repo
from ztui.repo.nodes import KEY

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SHOP_NETPOLS = "env/teams/netpols.shop.yaml"
HTTPS = Port(443, "HTTPS")
APP = "otomi.io/app"

#: The typed rules of both fixtures, by team, sorted by name:
#: (name, type, mode, target, sources, egress).
EXPECTED = {
    "admin": [],
    "data": [
        ("s3", RuleType.EGRESS, Mode.ALLOW_ONLY, None, (),
         EgressRule("s3.eu-west-1.amazonaws.com", (HTTPS,))),
        ("warehouse", RuleType.INGRESS, Mode.ALLOW_ONLY,
         Label("serving.knative.dev/service", "warehouse"),
         (Source("team-shop", Label(APP, "api")),), None),
    ],
    "labs": [
        ("github", RuleType.EGRESS, Mode.ALLOW_ONLY, None, (),
         EgressRule("github.com", (HTTPS,))),
    ],
    "shop": [
        ("api", RuleType.INGRESS, Mode.ALLOW_ONLY, Label(APP, "api"),
         (Source("team-shop", Label(APP, "web")), Source("team-data")), None),
        ("cdn", RuleType.EGRESS, Mode.ALLOW_ONLY, None, (),
         EgressRule("*.cdn.example.com", (HTTPS, Port(80, "HTTP")))),
        ("db", RuleType.INGRESS, Mode.ALLOW_ONLY, Label(APP, "db"), (), None),
        ("resolver", RuleType.EGRESS, Mode.ALLOW_ONLY, None, (), EgressRule("1.1.1.1", ())),
        ("stripe", RuleType.EGRESS, Mode.ALLOW_ONLY, None, (),
         EgressRule("api.stripe.com", (HTTPS,))),
        ("web", RuleType.INGRESS, Mode.ALLOW_ALL, Label(APP, "web"), (), None),
    ],
}


def typed(model: RepoModel) -> dict[str, list[tuple[object, ...]]]:
    return {
        team_id: sorted(
            (r.name, r.type, r.mode, r.target, r.sources, r.egress) for r in team.rules
        )
        for team_id, team in sorted(model.teams.items())
    }


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def rule_doc(name: str, team: str, *, kind: str = "AplTeamNetworkControl") -> str:
    return (
        f"kind: {kind}\nmetadata:\n  name: {name}\n  labels:\n    apl.io/teamId: {team}\n"
        "spec:\n  ruleType:\n    type: egress\n    egress:\n      domain: example.com\n"
    )


# --- detection -----------------------------------------------------------------------------


def test_files_layout_is_planned_from_names() -> None:
    plan = plan_repo(FIXTURES / "files")
    assert plan.layout is Layout.FILES
    assert plan.files == (
        "env/teams/admin/settings.yaml",
        "env/teams/data/settings.yaml",
        "env/teams/data/netpols/s3.yaml",
        "env/teams/data/netpols/warehouse.yaml",
        "env/teams/labs/settings.yaml",
        "env/teams/labs/netpols/github.yaml",
        "env/teams/shop/settings.yaml",
        "env/teams/shop/netpols/api.yaml",
        "env/teams/shop/netpols/cdn.yaml",
        "env/teams/shop/netpols/db.yaml",
        "env/teams/shop/netpols/resolver.yaml",
        "env/teams/shop/netpols/stripe.yaml",
        "env/teams/shop/netpols/web.yaml",
    )  # never env/teams/shop/workloads/api.yaml
    assert sorted(plan.named_teams) == ["admin", "data", "labs", "shop"]
    assert plan.findings == ()


def test_netpols_layout_is_planned_from_names() -> None:
    plan = plan_repo(FIXTURES / "netpols")
    assert plan.layout is Layout.NETPOLS
    assert plan.files == (
        "env/teams.yaml",
        "env/teams/netpols.data.yaml",
        "env/teams/netpols.labs.yaml",
        SHOP_NETPOLS,
    )  # apps.shop.yaml only names team shop
    assert plan.named_teams["shop"] == ("env/teams/apps.shop.yaml", SHOP_NETPOLS)


def test_services_era_repos_keep_no_later_layout() -> None:
    assert plan_repo(FIXTURES / "v2-split").layout is None
    assert load_repo(FIXTURES / "v2-split").layout is Layout.SPLIT


# --- reading -------------------------------------------------------------------------------


def test_files_fixture_teams_and_rules() -> None:
    model = load_repo(FIXTURES / "files")
    assert (model.layout, model.dialect, model.findings) == (Layout.FILES, Dialect.V2, [])
    assert list(model.teams) == ["admin", "data", "labs", "shop"]
    assert typed(model) == EXPECTED
    labs = model.teams["labs"]
    assert (labs.ingress_private, labs.egress_public) == (True, False)
    assert labs.raw == {"networkPolicy": {"ingressPrivate": True, "egressPublic": False}}
    assert (labs.rule_based, labs.services, labs.services_file) == (True, [], None)
    assert labs.settings_file == "env/teams/labs/settings.yaml"
    assert labs.rules_file == "env/teams/labs/netpols"
    api = model.rule("shop/api")
    assert api is not None
    assert (api.base, api.id, api.file) == (("spec",), None, "env/teams/shop/netpols/api.yaml")
    assert api.raw["kind"] == "AplTeamNetworkControl"
    assert api.rule_type_path == ("spec", "ruleType")


def test_netpols_fixture_teams_and_rules() -> None:
    model = load_repo(FIXTURES / "netpols")
    assert (model.layout, model.dialect, model.findings) == (Layout.NETPOLS, Dialect.V2, [])
    assert list(model.teams) == ["admin", "shop", "data", "labs"]  # env/teams.yaml's order
    assert typed(model) == EXPECTED
    shop = model.teams["shop"]
    assert [r.name for r in shop.rules] == ["api", "web", "db", "stripe", "cdn", "resolver"]
    assert (shop.rule_based, shop.services, shop.services_file) == (True, [], None)
    assert (shop.settings_file, shop.rules_file) == ("env/teams.yaml", SHOP_NETPOLS)
    assert "netpols" not in shop.raw and shop.raw["networkPolicy"]["egressPublic"] is True
    assert model.teams["labs"].egress_public is False
    assert model.teams["admin"].rules_file == "env/teams/netpols.admin.yaml"  # absent yet
    api = shop.rules[0]
    assert api.id == "0b6f3c1e-7d2a-4c8e-9f10-1a2b3c4d5e01"
    assert (api.base, api.file) == ((), SHOP_NETPOLS)
    assert set(api.raw) == {"id", "name", "ruleType"}


def test_marks_of_a_netpols_item_are_relative_to_the_item() -> None:
    shop = load_repo(FIXTURES / "netpols").teams["shop"]
    api, cdn = shop.rule("api"), shop.rule("cdn")
    assert api is not None and cdn is not None
    # line 5: `      - id: 0b6f...` (the dash at 7, `id` at 9)
    assert api.location == Location(SHOP_NETPOLS, 5, 9)
    # line 14: `              - fromNamespace: team-shop` (key at 17, value at 32)
    source = ("ruleType", "ingress", "allow", 0, "fromNamespace")
    assert api.mark(source) == Location(SHOP_NETPOLS, 14, 32)
    assert api.mark((*source, KEY)) == Location(SHOP_NETPOLS, 14, 17)
    # line 17: `              - fromNamespace: team-data`
    assert api.mark(("ruleType", "ingress", "allow", 1)) == Location(SHOP_NETPOLS, 17, 17)
    # line 53: `              - number: 80` (value at 25); a missing field falls back
    port = ("ruleType", "egress", "ports", 1, "number")
    assert cdn.mark(port) == Location(SHOP_NETPOLS, 53, 25)
    assert cdn.mark((*port[:-1], "name")) == Location(SHOP_NETPOLS, 53, 17)
    # line 15 of env/teams.yaml: `      egressPublic: false   # ...`
    labs = load_repo(FIXTURES / "netpols").teams["labs"]
    assert labs.marks[("networkPolicy", "egressPublic")] == Location("env/teams.yaml", 15, 21)
    assert labs.location == Location("env/teams.yaml", 12, 3)


def test_marks_of_a_rule_file_are_relative_to_the_document() -> None:
    model = load_repo(FIXTURES / "files")
    api, web = model.rule("shop/api"), model.rule("shop/web")
    assert api is not None and web is not None
    rel = "env/teams/shop/netpols/api.yaml"
    # line 15: `        - fromNamespace: team-shop` (key at 11, value at 26)
    source = ("spec", "ruleType", "ingress", "allow", 0, "fromNamespace")
    assert api.mark(source) == Location(rel, 15, 26)
    assert api.mark((*source, KEY)) == Location(rel, 15, 11)
    assert api.location == Location(rel, 2, 1)  # after the comment on line 1
    # web.yaml line 10: `      mode: AllowAll` (value at 13)
    mode = ("spec", "ruleType", "ingress", "mode")
    assert web.mark(mode) == Location("env/teams/shop/netpols/web.yaml", 10, 13)
    labs = model.teams["labs"]
    # labs/settings.yaml line 10: `    egressPublic: false` (value at 19); line 7: `spec:`
    settings = "env/teams/labs/settings.yaml"
    assert labs.marks[("networkPolicy", "egressPublic")] == Location(settings, 10, 19)
    assert labs.location == Location(settings, 7, 1)


def test_hashes_and_files_of_every_file_read() -> None:
    for name in ("files", "netpols"):
        model = load_repo(FIXTURES / name)
        assert model.files == list(plan_repo(FIXTURES / name).files)
        assert model.hashes == {
            rel: hashlib.sha256((FIXTURES / name / rel).read_bytes()).hexdigest()
            for rel in model.files
        }


def test_a_team_folder_without_settings_is_a_team_with_defaults(tmp_path: Path) -> None:
    root = write(tmp_path, {
        "env/teams/shop/settings.yaml": "kind: AplTeamSettingSet\nmetadata:\n  name: shop\n"
        "  labels:\n    apl.io/teamId: shop\nspec: {}\n",
        "env/teams/web/netpols/out.yaml": rule_doc("out", "web"),
        "env/teams/ops/workloads/x.yaml": "kind: [broken\n",  # never parsed
    })
    model = load_repo(root)
    assert model.layout is Layout.FILES and model.findings == []
    assert list(model.teams) == ["ops", "shop", "web"]
    web = model.teams["web"]
    assert (web.ingress_private, web.egress_public) == (True, True)
    assert web.settings_file == "env/teams/web/settings.yaml"  # where it would be written
    assert [r.name for r in web.rules] == ["out"]
    assert model.teams["ops"].rules == []


def test_restricting_to_a_team_reads_only_its_files() -> None:
    model = load_repo(FIXTURES / "files", teams=["labs"])
    assert model.files == ["env/teams/labs/settings.yaml", "env/teams/labs/netpols/github.yaml"]
    assert list(model.teams) == ["labs"]
    model = load_repo(FIXTURES / "netpols", teams=["labs"])
    assert model.files == ["env/teams.yaml", "env/teams/netpols.labs.yaml"]
    assert list(model.teams) == ["labs"]
