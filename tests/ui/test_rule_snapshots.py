"""SVG snapshots of the later layouts' tree with a rule selected, at 80x24 and 120x40.

Update with `pytest tests/ui/test_rule_snapshots.py --snapshot-update` (look at a changed one as
a PNG before accepting it); the SVGs live in `tests/ui/__snapshots__/`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.ui.conftest import MakeApp, settle
from tests.ui.rule_repos import rule_repo, walk_to
from ztui.ui.widgets.team_tree import NodeRef

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
SnapCompare = Callable[..., bool]


async def _api_selected(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await walk_to(pilot, NodeRef("shop", rule="api"))


class TestRuleTree:
    @pytest.mark.parametrize("size", SIZES)
    def test_inbound_rule_selected(self, snap_compare: SnapCompare, make_app: MakeApp,
                                   tmp_path: Path, size: tuple[int, int]) -> None:
        app = make_app(rule_repo(tmp_path, "files"), size=size).app
        assert snap_compare(app, terminal_size=size, run_before=_api_selected)
