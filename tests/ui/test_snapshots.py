"""SVG snapshots of the main states at 80x24 and 120x40 (look at a changed one before accepting).

Update with `pytest tests/ui/test_snapshots.py --snapshot-update`; the SVGs live in
`tests/ui/__snapshots__/`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.ui.conftest import MakeApp, go_to_service, settle
from ztui.ui.widgets.egress_rows import EgressRow
from ztui.ui.widgets.service_form import ServiceForm

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
SnapCompare = Callable[..., bool]


def _at(key: str, *keys: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await go_to_service(pilot, key)
        await pilot.press(*keys)
        await settle(pilot)

    return run_before


async def _invalid_domain(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await go_to_service(pilot, "payments/api")
    row = pilot.app.screen.query_one(ServiceForm).query(EgressRow).first()
    row.domain_input.focus()
    await pilot.press("end", *":8443")
    await settle(pilot)


class TestMainScreen:
    @pytest.mark.parametrize("size", SIZES)
    def test_service_selected(self, snap_compare: SnapCompare, make_app: MakeApp,
                              demo_repo: Path, size: tuple[int, int]) -> None:
        app = make_app(demo_repo, size=size).app
        assert snap_compare(app, terminal_size=size, run_before=_at("payments/api"))

    @pytest.mark.parametrize("size", SIZES)
    def test_team_selected(self, snap_compare: SnapCompare, make_app: MakeApp,
                           demo_repo: Path, size: tuple[int, int]) -> None:
        app = make_app(demo_repo, size=size).app

        async def run_before(pilot: Pilot[Any]) -> None:
            await settle(pilot)
            await pilot.press("down", "down", "down")  # admin -> payments -> web -> search
            await settle(pilot)

        assert snap_compare(app, terminal_size=size, run_before=run_before)


class TestValidation:
    @pytest.mark.parametrize("size", SIZES)
    def test_invalid_domain(self, snap_compare: SnapCompare, make_app: MakeApp,
                            demo_repo: Path, size: tuple[int, int]) -> None:
        app = make_app(demo_repo, size=size).app
        assert snap_compare(app, terminal_size=size, run_before=_invalid_domain)


class TestPreview:
    @pytest.mark.parametrize("size", SIZES)
    def test_preview(self, snap_compare: SnapCompare, make_app: MakeApp,
                     demo_repo: Path, size: tuple[int, int]) -> None:
        app = make_app(demo_repo, size=size).app
        assert snap_compare(app, terminal_size=size, run_before=_at("payments/ledger", "f3"))

    @pytest.mark.parametrize("size", SIZES)
    def test_problems(self, snap_compare: SnapCompare, make_app: MakeApp,
                      demo_repo: Path, size: tuple[int, int]) -> None:
        services = demo_repo / "env/teams/services.search.yaml"
        services.write_text(
            services.read_text()
            .replace("- team: admin", "- team: admn")
            .replace("mode: \"AllowOnly\"", "mode: allowOnly")
        )
        app = make_app(demo_repo, size=size).app
        assert snap_compare(app, terminal_size=size, run_before=_at("search/indexer", "f4"))


class TestReadOnly:
    @pytest.mark.parametrize("size", SIZES)
    def test_read_only(self, snap_compare: SnapCompare, make_app: MakeApp,
                       demo_repo: Path, size: tuple[int, int]) -> None:
        app = make_app(demo_repo, read_only=True, size=size).app
        assert snap_compare(app, terminal_size=size, run_before=_at("payments/api"))


async def _review(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await go_to_service(pilot, "payments/ledger")
    await pilot.press("enter", "right", "enter", "ctrl+s")  # Allow only -> Allow all, save
    await settle(pilot)
    await pilot.press("escape", "c")
    await settle(pilot)
    await pilot.press(*"Open the ledger to every team")
    pilot.app.clear_notifications()
    await settle(pilot)


class TestCommitReview:
    @pytest.mark.parametrize("size", SIZES)
    def test_commit_review(self, snap_compare: SnapCompare, make_app: MakeApp,
                           demo_repo: Path, size: tuple[int, int]) -> None:
        app = make_app(demo_repo, size=size).app
        assert snap_compare(app, terminal_size=size, run_before=_review)


class TestReach:
    @pytest.mark.parametrize("size", SIZES)
    def test_reach(self, snap_compare: SnapCompare, make_app: MakeApp,
                   demo_repo: Path, size: tuple[int, int]) -> None:
        app = make_app(demo_repo, size=size).app
        assert snap_compare(app, terminal_size=size, run_before=_at("payments/ledger", "f5"))
