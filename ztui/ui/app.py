"""The ztui application: the main screen on a repo, the stylesheets, the command palette.

The app only wires things together; what the screen shows and does is in `screens/main.py`.
Stylesheets are found next to the package when installed from a wheel (the wheel carries
`styles/` as `ztui/styles`) and in the checkout's `styles/` otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path, PurePath
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.command import Provider
from textual.screen import Screen

import ztui
from ztui.repo.store import Store
from ztui.ui.commands import ScreenCommands
from ztui.ui.screens.main import MainScreen

STYLESHEETS = ("app.tcss", "forms.tcss", "rules.tcss", "dialogs.tcss", "review.tcss")


def styles_dir() -> Path:
    """Where the .tcss files are: inside the installed package, else in the checkout."""
    package = Path(ztui.__file__).resolve().parent
    installed = package / "styles"
    return installed if installed.is_dir() else package.parent / "styles"


class ZtuiApp(App[None]):
    """A terminal configurator for the network policies of one values repo."""

    TITLE = "ztui"
    CSS_PATH: ClassVar[list[str | PurePath]] = [styles_dir() / name for name in STYLESHEETS]
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {
        *App.COMMANDS,
        ScreenCommands,
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
    ]

    def __init__(self, root: Path, *, read_only: bool = False,
                 read_only_reason: str | None = None) -> None:
        super().__init__()
        self.root = root
        self.read_only = read_only or read_only_reason is not None
        self.read_only_reason = read_only_reason
        self.store = Store(root, read_only=self.read_only)
        self.main = MainScreen(root, self.store, read_only=self.read_only)

    def get_default_screen(self) -> Screen[None]:
        return self.main

    def on_mount(self) -> None:
        if self.read_only_reason:
            self.notify(self.read_only_reason, title="Read-only", severity="warning",
                        markup=False, timeout=8)

    async def action_quit(self) -> None:
        """ctrl+q asks the main screen, which asks the person when edits are unsaved."""
        await self.main.request_quit()
