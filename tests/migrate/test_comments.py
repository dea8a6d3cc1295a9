"""Comments written inside the removed `networkPolicy` blocks travel into the new files (each
with the rule it concerns), or into notes when no new file takes them; expected texts by hand."""

from __future__ import annotations

import difflib
import shutil
import uuid
from pathlib import Path

from tests.migrate.support import write_repo
from ztui.migrate.comments import INGRESS, WHOLE, Comment, policy_comments
from ztui.migrate.migration import prepare, write
from ztui.model import Dialect, Layout
from ztui.repo.demo import demo_source
from ztui.repo.loader import load_repo

TEAMS = """\
teamConfig:
  admin: {}
  shop:
    # switches reviewed in SEC-9
    networkPolicy:
      ingressPrivate: true   # callers listed per service
      egressPublic: true
"""

# Line numbers matter: the notes quote them.
SHOP = """\
teamConfig:
  shop:
    services:
      - name: api
        # ingress reviewed 2024-05
        networkPolicy:
          ingressPrivate:
            # only the web front end
            mode: AllowOnly
            allow:
              - team: shop
                service: web   # the checkout page
          egressPublic:   # payment providers
            # card payments
            - domain: api.stripe.com
              ports:
                - protocol: HTTPS
                  number: 443   # TLS only
            - domain: api.paypal.com    # wallets
              ports: [{protocol: HTTPS, number: 443}]
              # ports: [{protocol: HTTP, number: 80}]
            # - domain: api.adyen.com   # not signed yet
      - name: web
        networkPolicy:
          ingressPrivate: {mode: AllowAll}
      - name: worker
        networkPolicy:
          ingressPrivate:
            mode: DenyAll   # nobody calls it
          egressPublic:
            - {domain: mirror.example.org, ports: [{protocol: HTTPS, number: 443}]}  # packages
      - name: cron
        networkPolicy:
          ingressPrivate: {mode: DenyAll}   # triggered by the scheduler
          egressPublic: [{domain: a.example.org, ports: [{protocol: TCP,
                          number: 21}]}, {domain: b.example.org,  # two mirrors
                          ports: [{protocol: TCP, number: 21}]}]
      - name: batch
        networkPolicy:
          # switched off in 2023
          ingressPrivate:
            mode: DenyAll
"""

ADMIN = """\
teamConfig:
  admin:
    services:
      - name: status
        networkPolicy:
          ingressPrivate:
            mode: AllowAll   # public status page
"""

API = """\
# from env/teams/services.shop.yaml (service api):
# ingress reviewed 2024-05
# only the web front end
# the checkout page
# payment providers
# - domain: api.adyen.com   # not signed yet
kind: AplTeamNetworkControl
metadata:
  name: api
  labels:
    apl.io/teamId: shop
spec:
  ruleType:
    type: ingress
    ingress:
      mode: AllowOnly
      toLabelName: otomi.io/app
      toLabelValue: api
      allow:
        - fromNamespace: team-shop
          fromLabelName: otomi.io/app
          fromLabelValue: web
"""

SETTINGS = """\
# from env/teams.yaml (team shop):
# switches reviewed in SEC-9
# callers listed per service
kind: AplTeamSettingSet
metadata:
  name: shop
  labels:
    apl.io/teamId: shop
spec:
  networkPolicy:
    ingressPrivate: true
    egressPublic: true
"""

#: The comment lines above `kind:` of each rule file that gets some.
HEADS = {
    "api-egress": """\
# from env/teams/services.shop.yaml (service api):
# card payments
# TLS only
""",
    "api-egress-2": """\
# from env/teams/services.shop.yaml (service api):
# wallets
# ports: [{protocol: HTTP, number: 80}]
""",
    "worker-egress": """\
# from env/teams/services.shop.yaml (service worker):
# nobody calls it
# packages
""",
    "cron-egress": """\
# from env/teams/services.shop.yaml (service cron):
# triggered by the scheduler
# two mirrors
""",
}

NOTES = [
    "env/teams/services.admin.yaml:7: comment in the networkPolicy of admin/status, which "
    "yields no rule: # public status page",
    "env/teams/services.shop.yaml:40: comment in the networkPolicy of shop/batch, which "
    "yields no rule: # switched off in 2023",
]


def _repo(tmp_path: Path) -> Path:
    return write_repo(tmp_path / "r", {
        "env/teams.yaml": TEAMS, "env/teams/services.shop.yaml": SHOP,
        "env/teams/services.admin.yaml": ADMIN,
    })


def _new(root: Path, layout: Layout) -> dict[str, str]:
    return {c.file: c.new_text for c in prepare(root, layout).changes if c.old_text is None}


def test_files_layout_carries_each_comment_to_its_rule(tmp_path: Path) -> None:
    new = _new(_repo(tmp_path), Layout.FILES)
    rules = "env/teams/shop/netpols"
    assert new[f"{rules}/api.yaml"] == API
    assert new["env/teams/shop/settings.yaml"] == SETTINGS
    heads = {
        path.removeprefix(f"{rules}/").removesuffix(".yaml"): text[: text.index("kind:")]
        for path, text in new.items() if path.startswith(f"{rules}/")
    }
    assert heads == {**HEADS, "api": API[: API.index("kind:")], "web": "", "cron-egress-2": ""}
    assert not new["env/teams/admin/settings.yaml"].startswith("#")


def test_comments_with_no_rule_are_quoted_in_notes(tmp_path: Path) -> None:
    migration = prepare(_repo(tmp_path), Layout.FILES)
    assert [n.text for n in migration.comments.notes] == NOTES
    assert migration.comments.count == 15  # 2 in settings, 5 + 2 + 2 api, 2 worker, 2 cron
    assert all(note in migration.notes for note in migration.comments.notes)


def _id(name: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"ztui:netpol:shop/{name}"))


def test_netpols_layout_puts_them_above_the_items(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    migration = prepare(root, Layout.NETPOLS)
    text = _new(root, Layout.NETPOLS)["env/teams/netpols.shop.yaml"]
    assert text.startswith(f"""\
teamConfig:
  shop:
    netpols:
      # from env/teams/services.shop.yaml (service api):
      # ingress reviewed 2024-05
      # only the web front end
      # the checkout page
      # payment providers
      # - domain: api.adyen.com   # not signed yet
      - id: {_id("api")}
        name: api
""")
    assert f"""\
                protocol: HTTPS
      - id: {_id("web")}
""" in text
    assert f"""\
            toLabelValue: web
      # from env/teams/services.shop.yaml (service worker):
      # nobody calls it
      # packages
      - id: {_id("worker-egress")}
""" in text
    assert text.count("# from ") == 5
    # the team's block stays in env/teams.yaml, comments and all
    assert all(c.file != "env/teams.yaml" for c in migration.changes)
    assert migration.comments.count == 13
    assert [n.text for n in migration.comments.notes] == NOTES


def test_written_files_read_back_with_their_comments(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    migration = prepare(root, Layout.FILES)
    assert migration.check.ok, migration.check.lines()
    write(migration)
    model = load_repo(root)
    assert model.layout is Layout.FILES
    assert sorted(r.name for r in model.teams["shop"].rules) == [
        "api", "api-egress", "api-egress-2", "cron-egress", "cron-egress-2", "web",
        "worker-egress",
    ]
    assert (root / "env/teams/shop/netpols/api.yaml").read_text() == API


def test_a_hash_in_a_value_is_not_a_comment() -> None:
    text = """\
teamConfig:
  t:
    services:
      - name: s
        networkPolicy:
          podSelector: 'app #2'   # quoted
          ingressPrivate:
            mode: "Allow#All"
          egressPublic:
            - domain: "x.example.org"
              ports: [{protocol: TCP, number: 1}]   #no space
            - domain: y.example.org#z
              ports: [{protocol: TCP,
                  # inside the flow list
                  number: 2}]
"""
    [block] = policy_comments(text, "f.yaml", Dialect.V2, Layout.NETPOLS)
    assert block.service_at == (4, 9)
    assert block.parts == {
        WHOLE: [Comment(6, "# quoted")],
        0: [Comment(11, "#no space")],
        1: [Comment(14, "# inside the flow list")],
    }


def test_v1_blocks_and_a_compact_key() -> None:
    text = """\
teamConfig:
  teams:
    t:
      # about the team
      networkPolicy: {egressPublic: false}   # closed
      services:
        # the service s
        - networkPolicy:   # first key
            ingressPrivate:
              mode: AllowAll
          name: s
"""
    team, service = policy_comments(text, "f.yaml", Dialect.V1, Layout.FILES)
    assert (team.team, team.service_at) == ("t", None)
    assert team.parts == {WHOLE: [Comment(4, "# about the team"), Comment(5, "# closed")]}
    # the comment above `- networkPolicy:` is the item's, and stays in the file
    assert service.parts == {WHOLE: [Comment(8, "# first key")]}
    assert INGRESS not in service.parts


def test_the_demo_loses_no_comment(tmp_path: Path) -> None:
    root = tmp_path / "demo"
    shutil.copytree(demo_source() / "env", root / "env")
    migration = prepare(root, Layout.FILES)
    new = {c.file: c.new_text for c in migration.changes}
    assert new["env/teams/legacy/settings.yaml"].startswith("""\
# from env/teams.yaml (team legacy):
# Off until the legacy split (LEG-212): too many cron callers to enumerate.
kind: AplTeamSettingSet
""")
    assert new["env/teams/legacy/netpols/monolith-egress-2.yaml"].startswith("""\
# from env/teams/services.legacy.yaml (service monolith):
# old ERP database at the colo
kind:""")
    assert new["env/teams/legacy/netpols/batch-egress.yaml"].startswith("""\
# from env/teams/services.legacy.yaml (service batch):
# - domain: ftp.warehouse-partner.example.org   # plain FTP, retired 2023-02
#   ports: [{protocol: TCP, number: 21}]
kind:""")
    # every comment line the services files and env/teams.yaml lose is in a new file
    lost = [line.strip() for change in migration.changes if change.old_text is not None
            for line in _removed(change.old_text, change.new_text) if "#" in line]
    carried = "".join(c.new_text for c in migration.changes if c.old_text is None)
    assert len(lost) == 17 == migration.comments.count
    assert all(line[line.index("#"):] in carried for line in lost)
    assert migration.check.ok


def _removed(old: str, new: str) -> list[str]:
    return [line[2:] for line in difflib.ndiff(old.splitlines(), new.splitlines())
            if line.startswith("- ")]


def test_a_shadowed_services_list_leaves_its_comments_in_notes(tmp_path: Path) -> None:
    listed = """\
        teamConfig:
          shop:
            services:
              - name: api
                networkPolicy:
                  ingressPrivate:
                    mode: AllowAll   # {}
        """
    root = write_repo(tmp_path / "r", {
        "env/teams.yaml": listed.format("the old list"),
        "env/teams/services.shop.yaml": listed.format("the list in use"),
    })
    migration = prepare(root, Layout.NETPOLS)
    assert [n.text for n in migration.comments.notes] == [
        "env/teams.yaml:7: comment in the networkPolicy of a service of team shop that ztui "
        "does not read (its team's services are taken from another file): # the old list",
    ]
    new = _new(root, Layout.NETPOLS)["env/teams/netpols.shop.yaml"]
    assert new.startswith("teamConfig:\n  shop:\n    netpols:\n"
                          "      # from env/teams/services.shop.yaml (service api):\n"
                          "      # the list in use\n      - id: ")
