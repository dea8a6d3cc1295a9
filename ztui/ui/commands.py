"""The command palette's ztui commands: every action of the main screen, by name.

The palette lists exactly what the screen would let a key do right now (`check_action`), so in
read-only mode "Save" is not offered here either.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


class ScreenCommands(Provider):
    """Offers the active screen's actions, when it names any (`palette_commands()`)."""

    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        screen = self.screen
        commands = getattr(screen, "palette_commands", None)
        if not callable(commands):
            return []
        return [
            (title, help_text, partial(screen.run_action, action))
            for action, title, help_text in commands()
        ]

    async def discover(self) -> Hits:
        for title, help_text, run in self._commands():
            yield DiscoveryHit(title, run, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, run in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), run, help=help_text)
