"""The view of an Inbound or Outbound tree node (later layouts), keyboard only.

A group node lists its team's rules of that kind, with the team form's summary lines (target
and mode, or host and ports, then error, warning and unsaved marks) and how to add one; the
preview stays the team's. Expected texts are written by hand from `tests/fixtures/files`:
shop's db rule is AllowOnly with no sources (ZT207, a warning), labs has egressPublic false so
its outbound rule github renders nothing (ZT204, a warning).
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import ContentSwitcher

from tests.ui.conftest import MakeApp, plain, settle
from tests.ui.rule_repos import rule_repo, walk_to
from ztui.model import RuleType
from ztui.ui.screens.main import MainScreen
from ztui.ui.screens.new_rule import NewRuleScreen
from ztui.ui.widgets.team_tree import NodeRef

SHOP_INBOUND = NodeRef("shop", group=RuleType.INGRESS)
SHOP_OUTBOUND = NodeRef("shop", group=RuleType.EGRESS)


def shown(main: MainScreen) -> tuple[str | None, str, str, str, str]:
    """Which editor is in front, then the group view's title, place, rules and hint."""
    return (
        main.query_one("#editor", ContentSwitcher).current,
        plain(main.query_one("#group-title")),
        plain(main.query_one("#group-where")),
        plain(main.query_one("#group-rules")),
        plain(main.query_one("#group-hint")),
    )


async def test_a_group_node_lists_its_rules_and_how_to_add_one(
    make_app: MakeApp, tmp_path: Path
) -> None:
    harness = make_app(rule_repo(tmp_path, "files"))
    async with harness.run() as pilot:
        main = harness.main
        await walk_to(pilot, SHOP_INBOUND)
        assert shown(main) == (
            "rule-group", "shop", "env/teams/shop/netpols",
            "Inbound 3\n"
            "  api  →api only\n"
            "  db  →db only ⚠1\n"
            "  web  →web all",
            "n: add an inbound rule",
        )
        caption = str(main.query_one("#preview-caption").render())
        assert caption == "team shop: everything the chart renders for it"

        await walk_to(pilot, SHOP_OUTBOUND)
        outbound = (
            "Outbound 3\n"
            "  cdn  *.cdn.example.com 443/HTTPS, 80/HTTP\n"
            "  resolver  1.1.1.1\n"
            "  stripe  api.stripe.com 443/HTTPS"
        )
        assert shown(main)[3:] == (outbound, "n: add an outbound rule")

        await pilot.press("n")  # from the group: a new outbound rule
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, NewRuleScreen) and dialog.kind is RuleType.EGRESS
        await pilot.press(*"pypi", "tab", "tab", *"pypi.org", "enter")
        await settle(pilot)
        assert main.current == NodeRef("shop", rule="pypi")
        await walk_to(pilot, SHOP_OUTBOUND)  # the new rule is listed, marked unsaved
        assert shown(main)[3] == (
            outbound.replace("Outbound 3", "Outbound 4") + "\n  pypi  pypi.org new"
        )

        await walk_to(pilot, NodeRef("labs", group=RuleType.EGRESS))
        assert shown(main)[:4] == (
            "rule-group", "labs", "env/teams/labs/netpols",
            "Outbound 1 (not filtered: not rendered)\n"
            "  github  github.com 443/HTTPS ⚠1",
        )

        await walk_to(pilot, NodeRef("labs"))  # a team node still shows the team form
        assert main.query_one("#editor", ContentSwitcher).current == "team-form"


async def test_read_only_offers_no_hint(make_app: MakeApp, tmp_path: Path) -> None:
    harness = make_app(rule_repo(tmp_path, "netpols"), read_only=True)
    async with harness.run() as pilot:
        main = harness.main
        await walk_to(pilot, SHOP_OUTBOUND)
        assert shown(main)[:3] == ("rule-group", "shop", "env/teams/netpols.shop.yaml")
        assert shown(main)[4] == ""
