"""Fresh git copies of the later-layout fixture repos, and walking their tree by keyboard.

`tests/fixtures/files` (one file per rule) and `tests/fixtures/netpols` (a `netpols` list per
team) hold the same configuration: teams admin, data, labs and shop, in that order in the tree.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import git
from textual.pilot import Pilot

from tests.ui.conftest import settle
from ztui.ui.screens.main import MainScreen
from ztui.ui.widgets.team_tree import NodeRef, TeamTree

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
#: The teams in tree order, as the fixtures hold them.
TEAMS = ("admin", "data", "labs", "shop")


def rule_repo(tmp_path: Path, layout: str) -> Path:
    """A copy of the `layout` fixture at `~/values` (HOME is tmp_path), a git repo with one
    commit, so the commit review has a HEAD to compare with."""
    root = tmp_path / "values"
    shutil.copytree(FIXTURES / layout, root)
    repo = git.Repo.init(root, initial_branch="main")
    repo.git.add(A=True)
    repo.index.commit("the fixture", author=git.Actor("Test User", "test@example.com"),
                      committer=git.Actor("Test User", "test@example.com"))
    repo.close()
    return root


async def walk_to(pilot: Pilot[None], ref: NodeRef) -> None:
    """Move the tree's cursor onto `ref` with the arrow keys only (expanding on the way)."""
    main = pilot.app.screen
    assert isinstance(main, MainScreen)
    tree = main.query_one(TeamTree)
    tree.focus()
    while tree.cursor_line > 0:  # from the top, so the walk only goes down
        await pilot.press("up")
    await pilot.pause()
    for _ in range(60):
        if main.current == ref:
            break
        current = main.current
        if current is not None and current.is_team and current.team == ref.team:
            await pilot.press("right")  # open the team (its groups are open already)
        await pilot.press("down")
        await pilot.pause()
    else:
        raise AssertionError(f"could not reach {ref} in the tree")
    await settle(pilot)
