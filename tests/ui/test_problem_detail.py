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


async def test_problems_list_the_lint_that_validate_reports(
    make_app: MakeApp, demo_repo: Path
) -> None:
    services = demo_repo / "env/teams/services.payments.yaml"
    # An egress rule to a private address is lint warning ZT303, which `ztui validate` lists.
    services.write_text(services.read_text().replace("198.51.100.23", "10.0.0.23"))
    harness = make_app(demo_repo, size=(120, 40))
    async with harness.run():
        session = harness.main.session
        assert session is not None
        codes = {f.code for f in session.all_findings()}
    assert "ZT303" in codes
