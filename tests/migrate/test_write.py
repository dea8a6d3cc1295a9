"""The texts a migration writes, for a small repo, written out by hand; byte-exactness of the
services files (only the networkPolicy blocks go); a dialect-v1 file moved to the v2 root."""

from __future__ import annotations

import difflib
import uuid
from pathlib import Path

import pytest
import yaml

from tests.migrate.support import write_repo
from ztui.migrate.hoist import hoist_v1
from ztui.migrate.migration import prepare
from ztui.migrate.strip import MigrateError, stripped_text
from ztui.model import Dialect, Layout
from ztui.repo.patch import PatchError

TEAMS = """\
# settings
teamConfig:
  admin: {}
  shop:
    networkPolicy:
      ingressPrivate: true
      egressPublic: false   # no way out
    selfService: [x]
"""

SERVICES = """\
# shop services
teamConfig:
  shop:
    services:
      # the API
      - name: api
        port: 8080
        networkPolicy:
          ingressPrivate:
            mode: AllowOnly
            allow:
              - team: shop
                service: web
              # - team: old   # retired
          egressPublic:
            - domain: api.stripe.com
              ports: [{protocol: HTTPS, number: 443}]
        ksvc:
          predeployed: false

      - name: web   # front
        networkPolicy:
          ingressPrivate: {mode: AllowAll}
          # egressPublic: []   # trailing, about the removed block

      # the end
"""

SERVICES_AFTER = """\
# shop services
teamConfig:
  shop:
    services:
      # the API
      - name: api
        port: 8080
        ksvc:
          predeployed: false

      - name: web   # front

      # the end
"""


def _id(team: str, name: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"ztui:netpol:{team}/{name}"))


NETPOLS_SHOP = f"""\
teamConfig:
  shop:
    netpols:
      # from env/teams/services.shop.yaml (service api):
      # - team: old   # retired
      - id: {_id("shop", "api")}
        name: api
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
      - id: {_id("shop", "api-egress")}
        name: api-egress
        ruleType:
          type: egress
          egress:
            domain: api.stripe.com
            ports:
              - number: 443
                protocol: HTTPS
      # from env/teams/services.shop.yaml (service web):
      # egressPublic: []   # trailing, about the removed block
      - id: {_id("shop", "web")}
        name: web
        ruleType:
          type: ingress
          ingress:
            mode: AllowAll
            toLabelName: otomi.io/app
            toLabelValue: web
"""

FILES_API = """\
# from env/teams/services.shop.yaml (service api):
# - team: old   # retired
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

FILES_STRIPE = """\
kind: AplTeamNetworkControl
metadata:
  name: api-egress
  labels:
    apl.io/teamId: shop
spec:
  ruleType:
    type: egress
    egress:
      domain: api.stripe.com
      ports:
        - number: 443
          protocol: HTTPS
"""

FILES_WEB = """\
# from env/teams/services.shop.yaml (service web):
# egressPublic: []   # trailing, about the removed block
kind: AplTeamNetworkControl
metadata:
  name: web
  labels:
    apl.io/teamId: shop
spec:
  ruleType:
    type: ingress
    ingress:
      mode: AllowAll
      toLabelName: otomi.io/app
      toLabelValue: web
"""

SETTINGS_SHOP = """\
kind: AplTeamSettingSet
metadata:
  name: shop
  labels:
    apl.io/teamId: shop
spec:
  networkPolicy:
    ingressPrivate: true
    egressPublic: false
"""

TEAMS_FILES_AFTER = """\
# settings
teamConfig:
  admin: {}
  shop:
    selfService: [x]
"""


def _repo(tmp_path: Path) -> Path:
    return write_repo(tmp_path / "r", {
        "env/teams.yaml": TEAMS, "env/teams/services.shop.yaml": SERVICES,
    })


def _texts(root: Path, layout: Layout) -> dict[str, str | None]:
    return {c.file: c.new_text for c in prepare(root, layout).changes}


def test_netpols_texts(tmp_path: Path) -> None:
    assert _texts(_repo(tmp_path), Layout.NETPOLS) == {
        "env/teams/services.shop.yaml": SERVICES_AFTER,
        "env/teams/netpols.shop.yaml": NETPOLS_SHOP,
    }


def test_files_texts(tmp_path: Path) -> None:
    admin = SETTINGS_SHOP.replace("shop", "admin").replace("egressPublic: false",
                                                           "egressPublic: true")
    assert _texts(_repo(tmp_path), Layout.FILES) == {
        "env/teams.yaml": TEAMS_FILES_AFTER,
        "env/teams/services.shop.yaml": SERVICES_AFTER,
        "env/teams/admin/settings.yaml": admin,
        "env/teams/shop/netpols/api.yaml": FILES_API,
        "env/teams/shop/netpols/api-egress.yaml": FILES_STRIPE,
        "env/teams/shop/netpols/web.yaml": FILES_WEB,
        "env/teams/shop/settings.yaml": "# from env/teams.yaml (team shop):\n# no way out\n"
                                        + SETTINGS_SHOP,
    }


def test_a_team_without_rules_gets_an_empty_list(tmp_path: Path) -> None:
    root = write_repo(tmp_path / "r", {"env/teams.yaml": "teamConfig:\n  quiet: {}\n"})
    assert _texts(root, Layout.NETPOLS) == {
        "env/teams/netpols.quiet.yaml": "teamConfig:\n  quiet:\n    netpols: []\n",
    }


def _only_removed(old: str, new: str) -> list[str]:
    """The lines `new` lacks, asserting that it adds or changes none."""
    removed = []
    for line in difflib.ndiff(old.splitlines(keepends=True), new.splitlines(keepends=True)):
        assert not line.startswith(("+", "?")), line
        if line.startswith("-"):
            removed.append(line[2:])
    return removed


def _without_policies(data: object) -> object:
    if isinstance(data, dict):
        return {k: _without_policies(v) for k, v in data.items() if k != "networkPolicy"}
    if isinstance(data, list):
        return [_without_policies(v) for v in data]
    return data


def test_demo_services_files_lose_only_their_policies() -> None:
    demo = Path(__file__).parents[2] / "ztui" / "demo" / "env" / "teams"
    for path in sorted(demo.glob("services.*.yaml")):
        old = path.read_text(encoding="utf-8")
        new = stripped_text(old, path.name, Dialect.V2, Layout.FILES)
        removed = _only_removed(old, new)
        assert ("networkPolicy:" in old) == bool(removed), path.name
        services_before = yaml.safe_load(old)
        assert yaml.safe_load(new) == _without_policies(services_before)


def test_v1_file_moves_to_the_v2_root() -> None:
    old = """\
# v1
teamConfig:
  teams:
    # team a
    a:
      services:
        - name: s   # keep me
          networkPolicy:
            egressPublic: []
    b: {}
other: 1
"""
    assert stripped_text(old, "env/teams.yaml", Dialect.V1, Layout.NETPOLS) == """\
# v1
teamConfig:
  # team a
  a:
    services:
      - name: s   # keep me
  b: {}
other: 1
"""


def test_v1_flow_style_is_refused() -> None:
    with pytest.raises(PatchError, match="convert it to dialect v2 by hand first"):
        hoist_v1("teamConfig: {teams: {a: {}}}\n", "env/teams.yaml")
    with pytest.raises(MigrateError, match=r"env/teams\.yaml: cannot move"):
        stripped_text("teamConfig:\n  teams: {a: {services: [{name: s, networkPolicy: {}}]}}\n",
                      "env/teams.yaml", Dialect.V1, Layout.NETPOLS)
