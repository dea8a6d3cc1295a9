"""The Reach tab: who may reach the selected service, live as the form changes.

Expected from the demo files and spec 3.1, not from the program: payments/ledger is AllowOnly
with allow entries payments/api and payments/reconciler, so `ledger-ingress-allow-only` admits
payments/api; with mode AllowAll the chart renders `ledger-ingress-from-all-teams`, whose one
peer (namespaces labelled `type: team`) admits every service of every team.
"""

from __future__ import annotations

from pathlib import Path

from tests.ui.conftest import MakeApp, go_to_service, settle
from ztui.ui.widgets.reach_view import ReachView


def _line(text: str, *words: str) -> str | None:
    return next((line for line in text.splitlines() if all(w in line for w in words)), None)


async def test_reach_of_ledger_follows_the_mode(make_app: MakeApp, demo_repo: Path) -> None:
    harness = make_app(demo_repo)
    async with harness.run() as pilot:
        main = harness.main
        await go_to_service(pilot, "payments/ledger")
        await pilot.press("f5")
        await settle(pilot)
        reach = main.query_one(ReachView)
        assert reach.query_one("#reach-lines").has_focus
        text = reach.plain
        assert _line(text, "payments/api", "via ledger-ingress-allow-only"), text
        assert _line(text, "payments/reconciler", "via ledger-ingress-allow-only"), text
        assert "web/checkout" not in text
        assert "exported to its whole namespace" in text
        assert _line(text, "api.stripe.com:443/HTTPS", "rule of payments/api"), text

        await pilot.press("f2", "right", "enter")  # the mode selector: Allow only -> Allow all
        await pilot.press("f5")
        await settle(pilot)
        text = reach.plain
        assert _line(text, "*", "via ledger-ingress-from-all-teams"), text
        assert "ledger-ingress-allow-only" not in text
        assert main.reach_ms < 50


async def test_team_summary(make_app: MakeApp, demo_repo: Path) -> None:
    harness = make_app(demo_repo, size=(120, 40))
    async with harness.run() as pilot:
        main = harness.main
        await pilot.press("down")  # admin -> payments
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        text = main.query_one(ReachView).plain
        assert "team payments: 4 services" in text
        assert _line(text, "payments/api", "2 services", "web/checkout", "web/frontend"), text
