"""Fixtures for the UI tests: an isolated HOME and git config, demo repos, and an app factory.

HOME is the test's own tmp_path, so the header shows a demo repo as `~/values` in every run
(snapshots stay byte-identical), and nobody's ~/.gitconfig or $EDITOR leaks into a test. The
Input cursor does not blink, so a screenshot never depends on when it was taken.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input

from ztui.repo.demo import write_demo
from ztui.ui.app import ZtuiApp
from ztui.ui.screens.main import MainScreen

_ENV_TO_CLEAR = (
    "GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL",
    "EMAIL", "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "VISUAL", "EDITOR",
)


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """HOME = tmp_path with an empty git config; no editor; a cursor that does not blink."""
    config = tmp_path / ".gitconfig"
    config.write_text("[user]\n\tname = Test User\n\temail = test@example.com\n")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in _ENV_TO_CLEAR:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)
    return tmp_path


@pytest.fixture
def demo_repo(tmp_path: Path) -> Path:
    """A fresh copy of the bundled demo repo at `~/values`, a git repo with one commit."""
    return write_demo(tmp_path / "values")


def snapshot_files(root: Path) -> dict[str, str]:
    """sha256 of every file under `env/`, to prove which files a flow changed."""
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.glob("env/**/*"))
        if path.is_file()
    }


@dataclass
class Harness:
    """An app under test and the terminal size it runs at."""

    app: ZtuiApp
    size: tuple[int, int]

    @asynccontextmanager
    async def run(self) -> AsyncIterator[Pilot[None]]:
        """Run headless, wait until the repo is read and validated, yield the pilot."""
        async with self.app.run_test(size=self.size) as pilot:
            await settle(pilot)
            yield pilot

    @property
    def main(self) -> MainScreen:
        return self.app.main


MakeApp = Callable[..., Harness]


@pytest.fixture
def make_app() -> MakeApp:
    """`make_app(repo_path, read_only=False, size=(80, 24))` -> a Harness."""

    def make(repo_path: Path, read_only: bool = False, size: tuple[int, int] = (80, 24)) -> Harness:
        return Harness(ZtuiApp(repo_path, read_only=read_only), size)

    return make


def plain(widget: Widget) -> str:
    """The text a widget shows, without styles."""
    return str(widget.render())


async def settle(pilot: Pilot[None]) -> None:
    """Wait until no worker runs and the debounce timers (filter, problems) have fired."""
    app = pilot.app
    for _ in range(100):
        await app.workers.wait_for_complete()
        await pilot.pause(0.05)
        if not any(w.is_running for w in app.workers):
            break
    await pilot.pause(0.4)
    await pilot.wait_for_scheduled_animations()


async def go_to_service(pilot: Pilot[None], key: str) -> None:
    """Select `team/service` with the keyboard: filter by its name, then move onto it."""
    team, _, name = key.partition("/")
    await pilot.press("slash", *name, "enter")
    await settle(pilot)
    main = pilot.app.screen
    assert isinstance(main, MainScreen)
    tree = main.query_one("#tree")
    for _ in range(50):
        if main.current is not None and (main.current.team, main.current.service) == (team, name):
            break
        await pilot.press("down")
        await pilot.pause()
    else:
        raise AssertionError(f"could not reach {key} in the tree")
    assert tree.has_focus
    await settle(pilot)
