"""The Problems tab explains the highlighted finding's code, as `ztui explain` does."""

from __future__ import annotations

from pathlib import Path

from tests.ui.conftest import MakeApp, plain, settle
from ztui.codes import CODES
from ztui.ui.widgets.problem_detail import ProblemDetail


async def test_highlighting_a_problem_explains_its_code(make_app: MakeApp, demo_repo: Path) -> None:
    services = demo_repo / "env/teams/services.search.yaml"
    # An allow entry naming a team that does not exist: warning ZT201 (spec section 2).
    services.write_text(services.read_text().replace("- team: admin", "- team: admn"))
    harness = make_app(demo_repo, size=(120, 40))
    async with harness.run() as pilot:
        await pilot.press("f4")
        await settle(pilot)
        detail = harness.app.screen.query_one(ProblemDetail)
        assert "Highlight a problem" in plain(detail)
        await pilot.press("down")
        await settle(pilot)
        text = plain(detail)
        assert text.startswith("ZT201 (warning) allow entry names an unknown team")
        assert CODES["ZT201"].explanation.split(".")[0] in text
