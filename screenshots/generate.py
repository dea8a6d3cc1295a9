"""Regenerate the README's screenshots from a fresh copy of the bundled demo repo.

    python screenshots/generate.py

Each state is driven with the keyboard through Textual's headless pilot, the way a person would
get there, and saved as an SVG next to this script. The demo copy lives in a temporary
directory, so the packaged demo is never written.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ztui.cli.demo import demo_converter
from ztui.repo.demo import write_demo
from ztui.ui.app import ZtuiApp
from ztui.ui.screens.main import MainScreen
from ztui.ui.widgets.team_tree import TeamTree

OUT = Path(__file__).resolve().parent
SIZE = (120, 36)
Steps = Callable[[Pilot[None]], Awaitable[None]]


async def settle(pilot: Pilot[None]) -> None:
    """Wait until the workers are done and the debounce timers have fired."""
    for _ in range(100):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause(0.05)
        if not any(w.is_running for w in pilot.app.workers):
            break
    await pilot.pause(0.4)


async def select(pilot: Pilot[None], key: str) -> None:
    """Select `team/service` as a person would: open its team, then walk the tree."""
    team, _, name = key.partition("/")
    main = pilot.app.screen
    assert isinstance(main, MainScreen)
    for _ in range(80):
        current = main.current
        if current is not None and (current.team, current.service) == (team, name):
            break
        if current is not None and current.team == team and current.service is None:
            await pilot.press("space")
        await pilot.press("down")
        await pilot.pause()
    await settle(pilot)


async def main_screen(pilot: Pilot[None]) -> None:
    await select(pilot, "payments/ledger")


async def validation_error(pilot: Pilot[None]) -> None:
    await select(pilot, "payments/api")
    await pilot.press("tab", "tab", "tab", "tab", "tab", "tab", "tab", "tab")
    main = pilot.app.screen
    assert isinstance(main, MainScreen)
    from ztui.ui.widgets.egress_rows import EgressRow

    main.query(EgressRow).first().domain_input.focus()
    await pilot.press("end", *":8443")
    await settle(pilot)


async def preview(pilot: Pilot[None]) -> None:
    await select(pilot, "web/checkout")
    await pilot.press("f3")
    await settle(pilot)


async def read_only(pilot: Pilot[None]) -> None:
    await select(pilot, "search/indexer")


async def reach(pilot: Pilot[None]) -> None:
    await select(pilot, "payments/ledger")
    await pilot.press("f5")
    await settle(pilot)


async def commit_review(pilot: Pilot[None]) -> None:
    await select(pilot, "payments/ledger")
    await pilot.press("enter", "right", "enter")  # Allow only -> Allow all
    await pilot.press("ctrl+s")
    await settle(pilot)
    await pilot.press("escape", "c")
    await settle(pilot)
    await pilot.press(*"Open the ledger to every team")
    await settle(pilot)


async def rules(pilot: Pilot[None]) -> None:
    """The files-layout demo: payments > Inbound > ledger, as a person walks there."""
    main = pilot.app.screen
    assert isinstance(main, MainScreen)
    for _ in range(80):
        current = main.current
        if current is not None and (current.team, current.rule) == ("payments", "ledger"):
            break
        node = main.query_one(TeamTree).cursor_node
        on_payments = current is not None and current.team == "payments"
        if on_payments and node is not None and node.allow_expand and not node.is_expanded:
            await pilot.press("space")
        await pilot.press("down")
        await pilot.pause()
    await settle(pilot)


SHOTS: list[tuple[str, Steps, bool]] = [
    ("main", main_screen, False),
    ("validation-error", validation_error, False),
    ("preview", preview, False),
    ("read-only", read_only, True),
    ("reach", reach, False),
    ("commit-review", commit_review, False),
]


async def shoot(root: Path, name: str, steps: Steps, read_only: bool) -> Path:
    app = ZtuiApp(root, read_only=read_only)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await steps(pilot)
        path = OUT / f"{name}.svg"
        app.save_screenshot(filename=path.name, path=str(OUT))
    return path


async def generate() -> None:
    with tempfile.TemporaryDirectory(prefix="ztui-shots-") as tmp:
        root = write_demo(Path(tmp) / "values")
        later = write_demo(Path(tmp) / "apl-values", demo_converter("files"))
        os.environ["HOME"] = tmp  # the header shows `~/values`, not a temporary path
        for name, steps, ro in SHOTS:
            print(await shoot(root, name, steps, ro))
        print(await shoot(later, "rules", rules, False))


if __name__ == "__main__":
    asyncio.run(generate())
