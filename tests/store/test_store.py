"""Store.plan/write on the demo and on small hand-written repos, expected text written by hand.

Each test states the file as a person would expect it after the edit: the new lines in the style
of their neighbours, every other byte of the file and every other file as they were.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ztui import edits
from ztui.model import AllowEntry, Dialect, EgressRule, Layout, Mode, Port
from ztui.repo.loader import load_repo
from ztui.repo.store import ServiceEdit, Store, StoreError, TeamEdit

from .conftest import (
    V1_SINGLE,
    V2_A1_SERVICES,
    V2_TEAMS,
    assert_valid,
    read,
    save,
    service_edit,
    snapshot,
    write_tree,
)

# --- v1, single file -----------------------------------------------------------------------


def test_v1_mode_is_spelled_the_v1_way(v1_single: Path) -> None:
    model = load_repo(v1_single)
    assert save(v1_single, [service_edit(model, "a1/database", "allow-all")], model) == [
        "env/teams.yaml"
    ]
    assert read(v1_single, "env/teams.yaml") == V1_SINGLE.replace(
        "        - name: database   # no ingress from anyone\n",
        "        - name: database   # no ingress from anyone\n"
        "          networkPolicy:\n"
        "            ingressPrivate:\n"
        "              mode: allowAll\n",
    )
    assert_valid(v1_single)


def test_v1_allow_entry_goes_after_the_last_one(v1_single: Path) -> None:
    model = load_repo(v1_single)
    save(v1_single, [service_edit(model, "a1/db2", "allow:a2/web")], model)
    assert read(v1_single, "env/teams.yaml") == V1_SINGLE.replace(
        "                  service: database\n",
        "                  service: database\n"
        "                - team: a2\n"
        "                  service: web\n",
    )


def test_v1_created_service_is_appended_to_its_team(v1_single: Path) -> None:
    model = load_repo(v1_single)
    rule = EgressRule("httpbin.org", (Port(443, "HTTPS"),))
    raw = edits.add_egress(edits.new_service("api"), rule)
    save(v1_single, [ServiceEdit("a2", "api", raw, create=True)], model)
    assert read(v1_single, "env/teams.yaml") == V1_SINGLE + (
        "        - name: api\n"
        "          networkPolicy:\n"
        "            egressPublic:\n"
        "              - domain: httpbin.org\n"
        "                ports:\n"
        "                  - protocol: HTTPS\n"
        "                    number: 443\n"
    )
    assert_valid(v1_single)
    reloaded = load_repo(v1_single).service("a2/api")
    assert reloaded is not None and reloaded.egress == (rule,)


def test_v1_team_switches_in_the_single_file(v1_single: Path) -> None:
    model = load_repo(v1_single)
    a1 = edits.set_team_switch(model.teams["a1"].raw, "egressPublic", False)
    a2 = edits.set_team_switch(model.teams["a2"].raw, "ingressPrivate", False)
    save(v1_single, [TeamEdit("a1", a1), TeamEdit("a2", a2)], model)
    expected = V1_SINGLE.replace(
        "        ingressPrivate: true\n",
        "        ingressPrivate: true\n        egressPublic: false\n",
    ) + "      networkPolicy:\n        ingressPrivate: false\n"
    assert read(v1_single, "env/teams.yaml") == expected
    teams = load_repo(v1_single).teams
    assert (teams["a1"].ingress_private, teams["a1"].egress_public) == (True, False)
    assert (teams["a2"].ingress_private, teams["a2"].egress_public) == (False, True)


def test_single_file_create_in_teams_without_a_services_key(tmp_path: Path) -> None:
    teams = (
        "teamConfig:\n  teams:\n"
        "    a1:\n      services:\n        - name: db\n"
        "    a2:\n      networkPolicy:\n        egressPublic: false\n"
        "    a3: {}\n"
        "    a4:\n"
    )
    repo = write_tree(tmp_path, {"env/teams.yaml": teams})
    model = load_repo(repo)
    assert model.layout is Layout.SINGLE
    allowed = edits.add_allow(
        edits.set_mode(edits.new_service("web"), Mode.ALLOW_ONLY, Dialect.V1), AllowEntry("a1")
    )
    save(repo, [
        ServiceEdit("a2", "web", allowed, create=True),
        ServiceEdit("a3", "web", edits.new_service("web"), create=True),
        ServiceEdit("a4", "web", edits.new_service("web"), create=True),
    ], model)
    assert read(repo, "env/teams.yaml") == (
        "teamConfig:\n  teams:\n"
        "    a1:\n      services:\n        - name: db\n"
        "    a2:\n      networkPolicy:\n        egressPublic: false\n"
        "      services:\n"
        "        - name: web\n"
        "          networkPolicy:\n"
        "            ingressPrivate:\n"
        "              mode: allowOnly\n"
        "              allow:\n"
        "                - team: a1\n"
        "    a3:\n      services:\n        - name: web\n"
        "    a4:\n      services:\n        - name: web\n"
    )
    assert {t: [s.name for s in team.services] for t, team in load_repo(repo).teams.items()} == {
        "a1": ["db"], "a2": ["web"], "a3": ["web"], "a4": ["web"],
    }


# --- v2, split files -------------------------------------------------------------------------


def test_v2_split_edit_touches_only_the_services_file(v2_split: Path) -> None:
    model = load_repo(v2_split)
    before = snapshot(v2_split)
    edit = service_edit(model, "a1/api", "revoke:b2", "deny-all")
    assert save(v2_split, [edit], model) == ["env/teams/services.a1.yaml"]
    assert read(v2_split, "env/teams/services.a1.yaml") == V2_A1_SERVICES.replace(
        "                      mode: AllowOnly\n"
        "                      allow:\n"
        "                          - team: b2\n",
        "                      mode: DenyAll\n",
    )
    assert snapshot(v2_split)["env/teams.yaml"] == before["env/teams.yaml"]
    assert_valid(v2_split)


def test_new_services_file_takes_four_space_siblings_style(v2_split: Path) -> None:
    model = load_repo(v2_split)
    assert model.teams["b2"].services == []
    raw = edits.set_mode(edits.new_service("web"), Mode.ALLOW_ALL, Dialect.V2)
    written = save(v2_split, [ServiceEdit("b2", "web", raw, create=True)], model)
    assert written == ["env/teams/services.b2.yaml"]
    assert read(v2_split, "env/teams/services.b2.yaml") == (
        "teamConfig:\n"
        "    b2:\n"
        "        services:\n"
        "            - name: web\n"
        "              networkPolicy:\n"
        "                  ingressPrivate:\n"
        "                      mode: AllowAll\n"
    )
    assert read(v2_split, "env/teams/services.a1.yaml") == V2_A1_SERVICES
    assert read(v2_split, "env/teams.yaml") == V2_TEAMS
    reloaded = load_repo(v2_split)
    web = reloaded.service("b2/web")
    assert web is not None and web.mode is Mode.ALLOW_ALL
    assert reloaded.teams["b2"].services_file == "env/teams/services.b2.yaml"
    assert_valid(v2_split)


@pytest.mark.parametrize(("dialect", "root"), [
    ("v1", ["teamConfig:", "  teams:"]), ("v2", ["teamConfig:"]),
])
def test_new_services_file_takes_two_space_flush_dash_style(
    tmp_path: Path, dialect: str, root: list[str]
) -> None:
    pad = "  " * len(root)
    sibling = "\n".join([*root, f"{pad}a1:", f"{pad}  services:", f"{pad}  - name: api"]) + "\n"
    teams = "\n".join([*root, f"{pad}a1: {{}}", f"{pad}b2: {{}}"]) + "\n"
    repo = write_tree(tmp_path, {"env/teams.yaml": teams, "env/teams/services.a1.yaml": sibling})
    save(repo, [ServiceEdit("b2", "web", edits.new_service("web"), create=True)])
    expected = [*root, f"{pad}b2:", f"{pad}  services:", f"{pad}  - name: web"]
    assert read(repo, "env/teams/services.b2.yaml") == "\n".join(expected) + "\n"
    assert load_repo(repo).dialect.value == dialect
    assert [s.name for s in load_repo(repo).teams["b2"].services] == ["web"]


def test_crlf_file_stays_crlf(v2_split: Path) -> None:
    crlf = V2_A1_SERVICES.replace("\n", "\r\n")
    write_tree(v2_split, {"env/teams/services.a1.yaml": crlf})
    model = load_repo(v2_split)
    save(v2_split, [service_edit(model, "a1/api", "allow:a1/api")], model)
    assert read(v2_split, "env/teams/services.a1.yaml") == crlf + (
        "                          - team: a1\r\n"
        "                            service: api\r\n"
    )


def test_a_file_holding_two_teams_changes_only_in_the_edited_team(tmp_path: Path) -> None:
    shared = (
        "teamConfig:\n"
        "  a2:\n    services:\n      - name: web\n"
        "  a5:\n    services:\n      - name: cron\n"
        "        port: 8080   # metrics\n"
    )
    repo = write_tree(tmp_path, {
        "env/teams.yaml": "teamConfig:\n  a2: {}\n", "env/teams/services.a2.yaml": shared,
    })
    model = load_repo(repo)
    assert model.teams["a5"].services_file == "env/teams/services.a2.yaml"
    save(repo, [service_edit(model, "a5/cron", "allow-all")], model)
    assert read(repo, "env/teams/services.a2.yaml") == shared + (
        "        networkPolicy:\n"
        "          ingressPrivate:\n"
        "            mode: AllowAll\n"
    )


# --- the demo --------------------------------------------------------------------------------


def test_demo_append_writes_plain_strings_unquoted(demo: Path) -> None:
    """Regression: the appended item quoted `AllowAll` (`mode: 'AllowAll'`)."""
    before = snapshot(demo)
    original = read(demo, "env/teams/services.web.yaml")
    raw = edits.set_mode(edits.new_service("shop-api"), Mode.ALLOW_ALL, Dialect.V2)
    save(demo, [ServiceEdit("web", "shop-api", raw, create=True)])
    assert read(demo, "env/teams/services.web.yaml") == original + (
        "\n"
        "            - name: shop-api\n"
        "              networkPolicy:\n"
        "                  ingressPrivate:\n"
        "                      mode: AllowAll\n"
    )
    after = snapshot(demo)
    changed = sorted(rel for rel in before if after[rel] != before[rel])
    assert changed == ["env/teams/services.web.yaml"]
    assert_valid(demo)


def test_demo_mode_of_the_last_service_in_a_flush_dash_file(demo: Path) -> None:
    """Two-space steps, dashes flush with `services:`; the new mode is quoted as the mode of
    the item just above it is (`mode: "AllowOnly"`, quoted by choice): the neighbour's habit."""
    original = read(demo, "env/teams/services.search.yaml")
    assert original.endswith("    - name: crawler\n")
    assert '          mode: "AllowOnly"\n' in original
    save(demo, [service_edit(load_repo(demo), "search/crawler", "allow-all")])
    assert read(demo, "env/teams/services.search.yaml") == original + (
        "      networkPolicy:\n"
        "        ingressPrivate:\n"
        '          mode: "AllowAll"\n'
    )


def test_demo_team_switch_in_env_teams_yaml_keeps_its_comment(demo: Path) -> None:
    before = snapshot(demo)
    model = load_repo(demo)
    raw = edits.set_team_switch(model.teams["search"].raw, "egressPublic", True)
    assert save(demo, [TeamEdit("search", raw)], model) == ["env/teams.yaml"]
    old_lines = before["env/teams.yaml"][0].decode().splitlines()
    new_lines = read(demo, "env/teams.yaml").splitlines()
    assert len(new_lines) == len(old_lines)
    changed = [(a, b) for a, b in zip(old_lines, new_lines, strict=True) if a != b]
    assert len(changed) == 1
    old, new = changed[0]
    assert old.startswith("            egressPublic: false ")
    assert new.startswith("            egressPublic: true ")
    comment = "# the crawler fetches partner feeds from hosts we cannot list (INC-2291)"
    assert new.endswith(comment) and new.split("#")[0].strip() == "egressPublic: true"
    assert load_repo(demo).teams["search"].egress_public is True


def test_demo_team_without_network_policy_gets_one(demo: Path) -> None:
    model = load_repo(demo)
    original = read(demo, "env/teams.yaml")
    raw = edits.set_team_switch(model.teams["admin"].raw, "ingressPrivate", False)
    save(demo, [TeamEdit("admin", raw)], model)
    anchor = "        managedMonitoring:\n            grafana: true\n\n    # Payments"
    assert original.count(anchor) == 1
    assert read(demo, "env/teams.yaml") == original.replace(anchor, (
        "        managedMonitoring:\n            grafana: true\n"
        "        networkPolicy:\n            ingressPrivate: false\n\n    # Payments"
    ))


def test_an_unchanged_edit_plans_nothing(demo: Path) -> None:
    model = load_repo(demo)
    api = model.service("payments/api")
    assert api is not None
    same = edits.add_allow(api.raw, AllowEntry("web", "checkout"))  # already admitted
    assert Store(demo).plan(model, [ServiceEdit("payments", "api", same)]) == []


def test_plan_writes_nothing_and_its_diff_shows_the_change(demo: Path) -> None:
    before = snapshot(demo)
    model = load_repo(demo)
    changes = Store(demo).plan(model, [service_edit(model, "web/cms", "allow-all")])
    assert [c.file for c in changes] == ["env/teams/services.web.yaml"]
    diff = changes[0].diff
    assert diff.startswith("--- a/env/teams/services.web.yaml\n+++ b/env/teams/services.web.yaml\n")
    added = [ln for ln in diff.splitlines() if ln.startswith("+") and not ln.startswith("+++")]
    assert added == ["+                  ingressPrivate:", "+                      mode: AllowAll"]
    assert snapshot(demo) == before


# --- refusals --------------------------------------------------------------------------------


def test_a_file_changed_since_the_load_is_refused(demo: Path) -> None:
    model = load_repo(demo)
    assert "env/teams/services.web.yaml" in model.hashes
    path = demo / "env/teams/services.web.yaml"
    theirs = path.read_text() + "# a colleague's change\n"
    path.write_text(theirs)
    with pytest.raises(StoreError, match="changed on disk"):
        save(demo, [service_edit(model, "web/cms", "allow-all")], model)
    assert path.read_text() == theirs


def test_read_only_store_plans_but_never_writes(demo: Path) -> None:
    before = snapshot(demo)
    model = load_repo(demo)
    store = Store(demo, read_only=True)
    changes = store.plan(model, [service_edit(model, "web/cms", "allow-all")])
    assert len(changes) == 1
    with pytest.raises(StoreError, match="read-only"):
        store.write(changes)
    assert snapshot(demo) == before


def test_a_sops_services_file_is_never_written(v2_split: Path) -> None:
    sops = "teamConfig:\n    b2:\n        services: ENC[AES256_GCM,data:abc]\nsops:\n    mac: x\n"
    write_tree(v2_split, {"env/teams/services.b2.yaml": sops})
    model = load_repo(v2_split)
    edit = ServiceEdit("b2", "web", edits.new_service("web"), create=True)
    with pytest.raises(StoreError, match="SOPS"):
        save(v2_split, [edit], model)
    assert read(v2_split, "env/teams/services.b2.yaml") == sops


def test_a_templated_file_is_never_written(v2_split: Path) -> None:
    image = "              image: '{{ .Values.image }}'\n"
    templated = V2_A1_SERVICES.replace("port: 8080\n", "port: 8080\n" + image)
    write_tree(v2_split, {"env/teams/services.a1.yaml": templated})
    model = load_repo(v2_split)
    with pytest.raises(StoreError, match="template"):
        save(v2_split, [service_edit(model, "a1/api", "allow-all")], model)
    assert read(v2_split, "env/teams/services.a1.yaml") == templated


def test_duplicate_service_names_are_refused(v2_split: Path) -> None:
    twice = V2_A1_SERVICES + "            - name: api\n"
    write_tree(v2_split, {"env/teams/services.a1.yaml": twice})
    model = load_repo(v2_split)
    with pytest.raises(StoreError, match="2 services named 'api'"):
        save(v2_split, [service_edit(model, "a1/api", "allow-all")], model)
    assert read(v2_split, "env/teams/services.a1.yaml") == twice


def test_an_unknown_service_without_create_is_refused(v2_split: Path) -> None:
    with pytest.raises(StoreError, match="no service 'nope'"):
        save(v2_split, [ServiceEdit("a1", "nope", {"name": "nope"})])
    assert read(v2_split, "env/teams/services.a1.yaml") == V2_A1_SERVICES


def test_an_unknown_team_is_refused(v2_split: Path) -> None:
    with pytest.raises(StoreError, match="no team 'zz'"):
        save(v2_split, [TeamEdit("zz", {"networkPolicy": {"ingressPrivate": False}})])
    with pytest.raises(StoreError, match="no team 'zz'"):
        save(v2_split, [ServiceEdit("zz", "web", {"name": "web"})])
