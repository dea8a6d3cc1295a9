"""Store.plan/write of the later layouts' rules and switches, expected text written by hand.

Each test states each changed file as a person would expect it: the changed lines only,
comments kept, new lines in the style of their neighbours, and every other file byte-identical
(`unchanged_except`). This file: the 2024 layout (`netpols` lists).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ztui import edits, rule_edits
from ztui.model import Label, Layout, Mode, Port, Source
from ztui.repo.loader import load_repo
from ztui.repo.store import RuleEdit, Store, StoreError, TeamEdit

from .conftest import read, snapshot
from .rulesupport import (
    HTTPS,
    LABS_NETPOLS,
    SHOP_NETPOLS,
    copy_of,
    edited,
    fixture,
    rule,
    save,
    unchanged_except,
)


@pytest.fixture
def netpols(tmp_path: Path) -> Path:
    return copy_of("netpols", tmp_path)


@pytest.fixture
def files(tmp_path: Path) -> Path:
    return copy_of("files", tmp_path)


def test_netpols_mode_change_touches_one_line(netpols: Path) -> None:
    before = snapshot(netpols)
    assert save(netpols, edited(netpols, "shop/web", "mode", Mode.ALLOW_ONLY)) == [SHOP_NETPOLS]
    assert read(netpols, SHOP_NETPOLS) == fixture("netpols", SHOP_NETPOLS).replace(
        "            mode: AllowAll\n", "            mode: AllowOnly\n"
    )
    unchanged_except(before, netpols, SHOP_NETPOLS)


def test_netpols_target_label(netpols: Path) -> None:
    save(netpols, edited(netpols, "shop/api", "target", Label("app", "checkout")))
    assert read(netpols, SHOP_NETPOLS) == fixture("netpols", SHOP_NETPOLS).replace(
        "            toLabelName: otomi.io/app\n            toLabelValue: api\n",
        "            toLabelName: app\n            toLabelValue: checkout\n",
    )


def test_netpols_removing_a_source_keeps_the_comment_of_the_other(netpols: Path) -> None:
    save(netpols, edited(netpols, "shop/api", "remove", Source("team-data")))
    assert read(netpols, SHOP_NETPOLS) == fixture("netpols", SHOP_NETPOLS).replace(
        "                fromLabelValue: web\n              - fromNamespace: team-data\n",
        "                fromLabelValue: web\n",
    )


def test_netpols_added_source_is_written_like_its_sibling(netpols: Path) -> None:
    source = Source("team-labs", Label("otomi.io/app", "etl"))
    save(netpols, edited(netpols, "data/warehouse", "add", source))
    rel = "env/teams/netpols.data.yaml"
    assert read(netpols, rel) == fixture("netpols", rel).replace(
        "                fromLabelValue: api\n",
        "                fromLabelValue: api\n"
        "              - fromNamespace: team-labs\n"
        "                fromLabelName: otomi.io/app\n"
        "                fromLabelValue: etl\n",
    )


def test_netpols_domain_and_ports_of_a_small_file(netpols: Path) -> None:
    save(netpols, edited(netpols, "labs/github", "domain", "codeload.github.com"))
    assert read(netpols, LABS_NETPOLS) == (
        "teamConfig:\n"
        "  labs:\n"
        "    netpols:\n"
        "      - id: 9e8d7c6b-2222-4a2b-8c3d-000000000001\n"
        "        name: github\n"
        "        ruleType:\n"
        "          type: egress\n"
        "          egress:\n"
        "            domain: codeload.github.com\n"
        "            ports:\n"
        "              - number: 443\n"
        "                protocol: HTTPS\n"
    )
    save(netpols, edited(netpols, "labs/github", "ports", ()))
    assert read(netpols, LABS_NETPOLS) == (
        "teamConfig:\n"
        "  labs:\n"
        "    netpols:\n"
        "      - id: 9e8d7c6b-2222-4a2b-8c3d-000000000001\n"
        "        name: github\n"
        "        ruleType:\n"
        "          type: egress\n"
        "          egress:\n"
        "            domain: codeload.github.com\n"
    )


def test_netpols_ports_added_where_there_were_none(netpols: Path) -> None:
    save(netpols, edited(netpols, "shop/resolver", "ports", (Port(53, "TCP"),)))
    assert read(netpols, SHOP_NETPOLS) == fixture("netpols", SHOP_NETPOLS) + (
        "            ports:\n"
        "              - number: 53\n"
        "                protocol: TCP\n"
    )


def test_netpols_switches_stay_in_teams_yaml(netpols: Path) -> None:
    before = snapshot(netpols)
    model = load_repo(netpols)
    labs = edits.set_team_switch(model.teams["labs"].raw, "egressPublic", True)
    admin = edits.set_team_switch(model.teams["admin"].raw, "ingressPrivate", False)
    store = Store(netpols)
    store.write(store.plan(model, [TeamEdit("labs", labs), TeamEdit("admin", admin)]))
    assert read(netpols, "env/teams.yaml") == (
        "# Team settings, as App Platform kept them in 2024.\n"
        "teamConfig:\n"
        "  admin:\n"
        "    networkPolicy:\n"
        "      ingressPrivate: false\n"
        "  shop:\n"
        "    networkPolicy:\n"
        "      ingressPrivate: true\n"
        "      egressPublic: true\n"
        "  data:\n"
        "    networkPolicy:\n"
        "      ingressPrivate: true\n"
        "      egressPublic: true\n"
        "  labs:\n"
        "    networkPolicy:\n"
        "      ingressPrivate: true\n"
        "      egressPublic: true    # the lab has no way out\n"
    )
    unchanged_except(before, netpols, "env/teams.yaml")


def test_netpols_create_appends_an_item(netpols: Path) -> None:
    raw = rule_edits.new_egress(Layout.NETPOLS, "shop", "pypi", "pypi.org", [HTTPS])
    raw["id"] = "00000000-0000-4000-8000-000000000001"
    save(netpols, RuleEdit("shop", "pypi", raw, create=True))
    assert read(netpols, SHOP_NETPOLS) == fixture("netpols", SHOP_NETPOLS) + (
        "      - id: 00000000-0000-4000-8000-000000000001\n"
        "        name: pypi\n"
        "        ruleType:\n"
        "          type: egress\n"
        "          egress:\n"
        "            domain: pypi.org\n"
        "            ports:\n"
        "              - number: 443\n"
        "                protocol: HTTPS\n"
    )
    assert rule(load_repo(netpols), "shop/pypi").egress is not None


def test_netpols_create_makes_the_file_of_a_team_without_rules(netpols: Path) -> None:
    before = snapshot(netpols)
    raw = rule_edits.new_ingress(
        Layout.NETPOLS, "admin", "grafana", Label("otomi.io/app", "grafana"), Mode.ALLOW_ALL
    )
    raw["id"] = "00000000-0000-4000-8000-000000000002"
    written = save(netpols, RuleEdit("admin", "grafana", raw, create=True))
    assert written == ["env/teams/netpols.admin.yaml"]
    assert read(netpols, "env/teams/netpols.admin.yaml") == (
        "teamConfig:\n"
        "  admin:\n"
        "    netpols:\n"
        "      - id: 00000000-0000-4000-8000-000000000002\n"
        "        name: grafana\n"
        "        ruleType:\n"
        "          type: ingress\n"
        "          ingress:\n"
        "            mode: AllowAll\n"
        "            toLabelName: otomi.io/app\n"
        "            toLabelValue: grafana\n"
    )
    unchanged_except(before, netpols, "env/teams/netpols.admin.yaml")
    assert [r.name for r in load_repo(netpols).teams["admin"].rules] == ["grafana"]


def test_netpols_delete_takes_the_item_and_its_comment(netpols: Path) -> None:
    save(netpols, RuleEdit("shop", "api", {}, delete=True))
    expected = fixture("netpols", SHOP_NETPOLS).replace(
        "      # The checkout API: only the web front end and the data team may call it.\n"
        "      - id: 0b6f3c1e-7d2a-4c8e-9f10-1a2b3c4d5e01\n"
        "        name: api\n"
        "        ruleType:\n"
        "          type: ingress\n"
        "          ingress:\n"
        "            mode: AllowOnly\n"
        "            toLabelName: otomi.io/app\n"
        "            toLabelValue: api\n"
        "            allow:\n"
        "              - fromNamespace: team-shop   # our own front end\n"
        "                fromLabelName: otomi.io/app\n"
        "                fromLabelValue: web\n"
        "              - fromNamespace: team-data\n",
        "",
    )
    assert read(netpols, SHOP_NETPOLS) == expected
    assert expected.startswith("teamConfig:\n  shop:\n    netpols:\n      - id: ")


def test_netpols_deleting_the_last_rule_leaves_an_empty_list(netpols: Path) -> None:
    save(netpols, RuleEdit("labs", "github", {}, delete=True))
    assert read(netpols, LABS_NETPOLS) == "teamConfig:\n  labs:\n    netpols: []\n"
    assert load_repo(netpols).teams["labs"].rules == []


def test_netpols_duplicate_names_are_refused(netpols: Path) -> None:
    path = netpols / LABS_NETPOLS
    text = path.read_text()
    path.write_text(text + text.split("    netpols:\n", 1)[1])
    model = load_repo(netpols)
    github = model.teams["labs"].rules[0]
    raw = rule_edits.set_domain(github.raw, (), "example.com")
    with pytest.raises(StoreError, match=r"2 rules named 'github'.*by hand"):
        Store(netpols).plan(model, [RuleEdit("labs", "github", raw)])


def test_an_unknown_rule_is_refused(netpols: Path, files: Path) -> None:
    for root in (netpols, files):
        with pytest.raises(StoreError, match="has no rule 'nope'"):
            Store(root).plan(load_repo(root), [RuleEdit("shop", "nope", {}, delete=True)])
