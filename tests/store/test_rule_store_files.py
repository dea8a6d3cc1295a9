"""Store.plan/write of the later layouts' rules and switches, expected text written by hand.

Each test states each changed file as a person would expect it: the changed lines only,
comments kept, new lines in the style of their neighbours, and every other file byte-identical
(`unchanged_except`). This file: the file-per-rule layout (2025 on), and the write guards.
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
    SHOP_NETPOLS,
    copy_of,
    edited,
    fixture,
    rule,
    save,
    unchanged_except,
)

WEB = "env/teams/shop/netpols/web.yaml"
API = "env/teams/shop/netpols/api.yaml"


@pytest.fixture
def netpols(tmp_path: Path) -> Path:
    return copy_of("netpols", tmp_path)


@pytest.fixture
def files(tmp_path: Path) -> Path:
    return copy_of("files", tmp_path)


def test_files_mode_change(files: Path) -> None:
    before = snapshot(files)
    assert save(files, edited(files, "shop/web", "mode", Mode.ALLOW_ONLY)) == [WEB]
    assert read(files, WEB) == (
        "kind: AplTeamNetworkControl\n"
        "metadata:\n"
        "  name: web\n"
        "  labels:\n"
        "    apl.io/teamId: shop\n"
        "spec:\n"
        "  ruleType:\n"
        "    type: ingress\n"
        "    ingress:\n"
        "      mode: AllowOnly\n"
        "      toLabelName: otomi.io/app\n"
        "      toLabelValue: web\n"
    )
    unchanged_except(before, files, WEB)


def test_files_target_and_sources_keep_the_comments(files: Path) -> None:
    save(files, edited(files, "shop/api", "target", Label("otomi.io/app", "checkout")))
    save(files, edited(files, "shop/api", "remove", Source("team-data")))
    save(files, edited(files, "shop/api", "add", Source("team-labs")))
    assert read(files, API) == (
        "# The checkout API: only the web front end and the data team may call it.\n"
        "kind: AplTeamNetworkControl\n"
        "metadata:\n"
        "  name: api\n"
        "  labels:\n"
        "    apl.io/teamId: shop\n"
        "spec:\n"
        "  ruleType:\n"
        "    type: ingress\n"
        "    ingress:\n"
        "      mode: AllowOnly\n"
        "      toLabelName: otomi.io/app\n"
        "      toLabelValue: checkout\n"
        "      allow:\n"
        "        - fromNamespace: team-shop   # our own front end\n"
        "          fromLabelName: otomi.io/app\n"
        "          fromLabelValue: web\n"
        "        - fromNamespace: team-labs\n"
    )


def test_files_domain_and_ports(files: Path) -> None:
    stripe = "env/teams/shop/netpols/stripe.yaml"
    save(files, edited(files, "shop/stripe", "domain", "files.stripe.com"))
    save(files, edited(files, "shop/stripe", "ports", (HTTPS, Port(80, "HTTP"))))
    assert read(files, stripe) == (
        "kind: AplTeamNetworkControl\n"
        "metadata:\n"
        "  name: stripe\n"
        "  labels:\n"
        "    apl.io/teamId: shop\n"
        "spec:\n"
        "  ruleType:\n"
        "    type: egress\n"
        "    egress:\n"
        "      domain: files.stripe.com\n"
        "      ports:\n"
        "        - number: 443\n"
        "          protocol: HTTPS\n"
        "        - number: 80\n"
        "          protocol: HTTP\n"
    )
    s3 = "env/teams/data/netpols/s3.yaml"
    save(files, edited(files, "data/s3", "ports", ()))
    assert read(files, s3) == fixture("files", s3).replace(
        "      ports: [{number: 443, protocol: HTTPS}]\n", ""
    )


def test_files_switch_in_settings_yaml(files: Path) -> None:
    before = snapshot(files)
    model = load_repo(files)
    raw = edits.set_team_switch(model.teams["labs"].raw, "egressPublic", True)
    store = Store(files)
    assert store.write(store.plan(model, [TeamEdit("labs", raw)])) == [
        "env/teams/labs/settings.yaml"
    ]
    assert read(files, "env/teams/labs/settings.yaml") == (
        "# Team labs: platform settings (App Platform for LKE keeps one AplTeamSettingSet per "
        "team).\n"
        "kind: AplTeamSettingSet\n"
        "metadata:\n"
        "  name: labs\n"
        "  labels:\n"
        "    apl.io/teamId: labs\n"
        "spec:\n"
        "  networkPolicy:\n"
        "    ingressPrivate: true\n"
        "    egressPublic: true\n"
    )
    unchanged_except(before, files, "env/teams/labs/settings.yaml")


def test_files_switch_creates_a_missing_settings_file(files: Path) -> None:
    rel = "env/teams/data/settings.yaml"
    (files / rel).unlink()
    model = load_repo(files)
    raw = edits.set_team_switch(model.teams["data"].raw, "ingressPrivate", False)
    store = Store(files)
    changes = store.plan(model, [TeamEdit("data", raw)])
    assert [(c.file, c.old_text) for c in changes] == [(rel, None)]
    store.write(changes)
    assert read(files, rel) == (
        "kind: AplTeamSettingSet\n"
        "metadata:\n"
        "  name: data\n"
        "  labels:\n"
        "    apl.io/teamId: data\n"
        "spec:\n"
        "  networkPolicy:\n"
        "    ingressPrivate: false\n"
    )
    assert load_repo(files).teams["data"].ingress_private is False


def test_files_create_is_laid_out_like_the_teams_rules(files: Path) -> None:
    before = snapshot(files)
    raw = rule_edits.new_ingress(
        Layout.FILES, "shop", "cart", Label("otomi.io/app", "cart"), Mode.ALLOW_ONLY
    )
    raw = rule_edits.add_source(raw, ("spec",), [], Source("team-shop"))
    rel = "env/teams/shop/netpols/cart.yaml"
    assert save(files, RuleEdit("shop", "cart", raw, create=True)) == [rel]
    assert read(files, rel) == (
        "kind: AplTeamNetworkControl\n"
        "metadata:\n"
        "  name: cart\n"
        "  labels:\n"
        "    apl.io/teamId: shop\n"
        "spec:\n"
        "  ruleType:\n"
        "    type: ingress\n"
        "    ingress:\n"
        "      mode: AllowOnly\n"
        "      toLabelName: otomi.io/app\n"
        "      toLabelValue: cart\n"
        "      allow:\n"
        "        - fromNamespace: team-shop\n"
    )
    unchanged_except(before, files, rel)
    assert rule(load_repo(files), "shop/cart").sources == (Source("team-shop"),)


def test_files_create_copies_the_siblings_indentation_and_key_order(files: Path) -> None:
    """A repo written with four-space steps, flush dashes and `spec` before `metadata`."""
    for path in (files / "env/teams").glob("*/netpols/*.yaml"):
        path.unlink()
    (files / "env/teams/data/netpols/old.yaml").write_text(
        "kind: AplTeamNetworkControl\n"
        "spec:\n"
        "    ruleType:\n"
        "        type: egress\n"
        "        egress:\n"
        "            domain: 'old.example.com'\n"
        "            ports:\n"
        "            -   number: 443\n"
        "                protocol: HTTPS\n"
        "metadata:\n"
        "    name: old\n"
        "    labels:\n"
        "        apl.io/teamId: data\n"
    )
    raw = rule_edits.new_egress(Layout.FILES, "labs", "pypi", "pypi.org", [HTTPS])
    save(files, RuleEdit("labs", "pypi", raw, create=True))
    assert read(files, "env/teams/labs/netpols/pypi.yaml") == (
        "kind: AplTeamNetworkControl\n"
        "spec:\n"
        "    ruleType:\n"
        "        type: egress\n"
        "        egress:\n"
        "            domain: 'pypi.org'\n"
        "            ports:\n"
        "            -   number: 443\n"
        "                protocol: HTTPS\n"
        "metadata:\n"
        "    name: pypi\n"
        "    labels:\n"
        "        apl.io/teamId: labs\n"
    )


def test_files_create_for_a_team_without_rules_prefers_block_style(files: Path) -> None:
    """admin has no rules: another team's file is the example, not the flow-style s3.yaml."""
    raw = rule_edits.new_egress(Layout.FILES, "admin", "pypi", "pypi.org", [HTTPS])
    save(files, RuleEdit("admin", "pypi", raw, create=True))
    assert read(files, "env/teams/admin/netpols/pypi.yaml") == (
        "kind: AplTeamNetworkControl\n"
        "metadata:\n"
        "  name: pypi\n"
        "  labels:\n"
        "    apl.io/teamId: admin\n"
        "spec:\n"
        "  ruleType:\n"
        "    type: egress\n"
        "    egress:\n"
        "      domain: pypi.org\n"
        "      ports:\n"
        "        - number: 443\n"
        "          protocol: HTTPS\n"
    )


def test_files_create_refuses_a_bad_name_or_a_file_in_the_way(files: Path) -> None:
    model = load_repo(files)
    raw = rule_edits.new_egress(Layout.FILES, "shop", "../x", "a.com")
    with pytest.raises(StoreError, match="not a valid rule name"):
        Store(files).plan(model, [RuleEdit("shop", "../x", raw, create=True)])
    (files / "env/teams/shop/netpols/pypi.yaml").write_text("kind: Other\n")
    raw = rule_edits.new_egress(Layout.FILES, "shop", "pypi", "pypi.org")
    with pytest.raises(StoreError, match="exists but holds no rule 'pypi'"):
        Store(files).plan(model, [RuleEdit("shop", "pypi", raw, create=True)])


def test_files_delete_removes_the_file(files: Path) -> None:
    before = snapshot(files)
    store = Store(files)
    changes = store.plan(load_repo(files), [RuleEdit("shop", "web", {}, delete=True)])
    assert [(c.file, c.deleted) for c in changes] == [(WEB, True)]
    assert changes[0].diff == (
        f"--- a/{WEB}\n"
        "+++ /dev/null\n"
        "@@ -1,12 +0,0 @@\n"
        "-kind: AplTeamNetworkControl\n"
        "-metadata:\n"
        "-  name: web\n"
        "-  labels:\n"
        "-    apl.io/teamId: shop\n"
        "-spec:\n"
        "-  ruleType:\n"
        "-    type: ingress\n"
        "-    ingress:\n"
        "-      mode: AllowAll\n"
        "-      toLabelName: otomi.io/app\n"
        "-      toLabelValue: web\n"
    )
    assert store.write(changes) == [WEB]
    assert not (files / WEB).exists()
    unchanged_except(before, files, WEB)
    assert rule(load_repo(files), "shop/api").name == "api"
    assert load_repo(files).rule("shop/web") is None


def test_files_delete_then_create_in_one_save_rewrites_the_file(files: Path) -> None:
    raw = rule_edits.new_egress(Layout.FILES, "shop", "web", "web.example.com")
    store = Store(files)
    changes = store.plan(
        load_repo(files),
        [RuleEdit("shop", "web", {}, delete=True), RuleEdit("shop", "web", raw, create=True)],
    )
    assert [(c.file, c.deleted) for c in changes] == [(WEB, False)]
    store.write(changes)
    assert rule(load_repo(files), "shop/web").egress is not None


# --- guards --------------------------------------------------------------------------------


def test_read_only_refuses_a_deletion_and_a_creation(files: Path) -> None:
    before = snapshot(files)
    model = load_repo(files)
    store = Store(files, read_only=True)
    raw = rule_edits.new_egress(Layout.FILES, "shop", "pypi", "pypi.org")
    for edit in (RuleEdit("shop", "web", {}, delete=True), RuleEdit("shop", "pypi", raw, True)):
        changes = store.plan(model, [edit])
        with pytest.raises(StoreError, match="read-only"):
            store.write(changes)
    assert snapshot(files) == before


def test_a_rule_file_changed_on_disk_is_refused(files: Path, netpols: Path) -> None:
    model = load_repo(files)
    (files / WEB).write_text(read(files, WEB) + "# a colleague's note\n")
    edit = RuleEdit("shop", "web", rule_edits.set_mode(rule(model, "shop/web").raw, ("spec",),
                                                       Mode.ALLOW_ONLY))
    with pytest.raises(StoreError, match="changed on disk"):
        Store(files).plan(model, [edit])
    with pytest.raises(StoreError, match="changed on disk"):
        Store(files).plan(model, [RuleEdit("shop", "web", {}, delete=True)])
    model = load_repo(netpols)
    (netpols / SHOP_NETPOLS).write_text(read(netpols, SHOP_NETPOLS) + "# note\n")
    with pytest.raises(StoreError, match="changed on disk"):
        Store(netpols).plan(model, [RuleEdit("shop", "web", {}, delete=True)])


def test_a_deletion_planned_then_changed_on_disk_is_refused(files: Path) -> None:
    store = Store(files)
    changes = store.plan(load_repo(files), [RuleEdit("shop", "web", {}, delete=True)])
    (files / WEB).write_text("kind: AplTeamNetworkControl\n")
    with pytest.raises(StoreError, match="changed on disk"):
        store.write(changes)
    assert read(files, WEB) == "kind: AplTeamNetworkControl\n"
