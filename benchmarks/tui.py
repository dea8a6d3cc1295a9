"""How fast the TUI paints, indexes and answers a keystroke on a 10,000-service repo.

The goals (project issue 4), at 200 teams x 50 services, headless at 120x40:

- first paint <= 0.3 s: the tree shows the teams' names (from file names, before any file is
  parsed);
- keystroke -> preview <= 16 ms median and <= 50 ms p95, over 100 keystrokes typed into a
  service's egress host;
- the time to a fully indexed tree (every service listed, with badges) is reported, no goal.

What is measured, precisely (every time is `time.perf_counter()` in this process, so Python's
start-up and imports are left out: they depend on the machine's disk cache, not on ztui):

- t0 is taken just before `ZtuiApp(root)` is constructed, then `App.run_test` is entered.
- A *frame* is a call of `App._display` with a compositor update: the moment Textual hands a
  screen update to the driver. Headless, the driver writes nothing, so the hook turns the update
  into terminal text itself (`render_segments`), as a real driver would; a frame's time is
  taken after that.
- First paint: the first frame for which `TeamTree.render_line` drew a line holding a team's
  name (not the "reading…" note).
- Indexed: the first frame for which the tree drew a line while it held the session's every
  team and service node (badges are drawn with the line, `TeamTree.render_label`).
- Keystroke -> preview: a `Key` event is sent through the driver (`driver.send_message`, the
  call a terminal driver makes) at t; the latency ends at the first frame for which
  `YamlView.render_line` drew the line holding the host as it now is. Keys go 50 ms apart,
  faster than people type, after the repo is read and validated; the typed text stays a valid
  host (letters at its start, a dot every 20), so this is the happy path.

Each run starts a new app on the same repo; figures are the median over runs (default 3).

    python benchmarks/tui.py [--teams 200] [--services 50] [--runs 3] [--keys 100]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import string
import sys
import tempfile
import time
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from textual import events
from textual._compositor import CompositorUpdate
from textual.screen import Screen
from textual.strip import Strip

from benchmarks.make_repo import make_repo
from ztui.model import RepoModel, Service
from ztui.repo.loader import load_repo
from ztui.ui.app import ZtuiApp
from ztui.ui.widgets.egress_rows import EgressRows
from ztui.ui.widgets.service_form import ServiceForm
from ztui.ui.widgets.team_tree import NodeRef, TeamTree
from ztui.ui.widgets.yaml_view import YamlView

SIZE = (120, 40)
GOAL_PAINT = 0.3
GOAL_MEDIAN = 0.016
GOAL_P95 = 0.050
KEY_GAP = 0.05
TIMEOUT = 60.0


@dataclass
class Probe:
    """Moments seen by the hooks, in `perf_counter` seconds."""

    team_ids: frozenset[str]
    node_count: int
    #: Set by the line hooks, consumed by the next frame.
    names_drawn: bool = False
    indexed_drawn: bool = False
    needle: str | None = None
    needle_drawn: bool = False
    first_paint: float | None = None
    indexed: float | None = None
    preview_at: float | None = None
    preview_event: asyncio.Event = field(default_factory=asyncio.Event)


@dataclass
class RunFigures:
    first_paint: float
    indexed: float
    latencies: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.latencies)

    @property
    def p95(self) -> float:
        return statistics.quantiles(self.latencies, n=20, method="inclusive")[-1]


@contextmanager
def hooks(probe: Probe) -> Iterator[None]:
    """Wrap the tree's and the preview's `render_line` to note what they draw."""
    tree_line: Callable[[TeamTree, int], Strip] = TeamTree.render_line
    yaml_line: Callable[[YamlView, int], Strip] = YamlView.render_line

    def tree_render_line(self: TeamTree, y: int) -> Strip:
        strip = tree_line(self, y)
        if not probe.names_drawn and probe.first_paint is None:
            text = strip.text
            probe.names_drawn = any(word in probe.team_ids for word in text.split())
        if probe.indexed is None and self._session is not None:
            probe.indexed_drawn = len(self._ref_nodes) >= probe.node_count
        return strip

    def yaml_render_line(self: YamlView, y: int) -> Strip:
        strip = yaml_line(self, y)
        if probe.needle is not None:
            index = self.scroll_offset.y + y
            if index < len(self._lines) and probe.needle in self._lines[index].plain:
                probe.needle_drawn = True
        return strip

    setattr(TeamTree, "render_line", tree_render_line)  # noqa: B010 - a hook, not an attribute
    setattr(YamlView, "render_line", yaml_render_line)  # noqa: B010
    try:
        yield
    finally:
        setattr(TeamTree, "render_line", tree_line)  # noqa: B010
        setattr(YamlView, "render_line", yaml_line)  # noqa: B010


def hook_frames(app: ZtuiApp, probe: Probe) -> None:
    """Wrap `app._display`: serialise each update as a terminal driver would, note the time."""
    display = app._display

    def frame(screen: Screen[Any], renderable: Any) -> None:
        display(screen, renderable)
        if isinstance(renderable, CompositorUpdate):
            renderable.render_segments(app.console)
        now = time.perf_counter()
        if probe.names_drawn and probe.first_paint is None:
            probe.first_paint = now
        if probe.indexed_drawn and probe.indexed is None:
            probe.indexed = now
        if probe.needle_drawn and probe.preview_at is None:
            probe.preview_at = now
            probe.preview_event.set()

    setattr(app, "_display", frame)  # noqa: B010 - a hook, not an attribute


def target(model: RepoModel) -> Service:
    """A service whose first egress rule is a plain host (typing at its start keeps it a
    valid host), in a team whose egress switch is on (so its rules render)."""
    teams = [team for team in model.teams.values() if team.egress_public and not team.is_admin]
    middle = teams[len(teams) // 2 :] + teams[: len(teams) // 2]
    return next(
        s for team in middle for s in team.services
        if s.egress and s.egress[0].domain[:1].isalpha()
    )


def keystrokes(count: int) -> list[tuple[str, str]]:
    """(key, character) pairs: letters, with a dot after every 20 (labels stay <= 63)."""
    keys: list[tuple[str, str]] = []
    letters = string.ascii_lowercase
    for index in range(count):
        if index % 21 == 20:
            keys.append(("full_stop", "."))
        else:
            char = letters[index % len(letters)]
            keys.append((char, char))
    return keys


async def wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.perf_counter() + TIMEOUT
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        await asyncio.sleep(0.005)


async def one_run(root: Path, model: RepoModel, keys: int) -> RunFigures:
    """Start the app on `root`, wait for it to be ready, type `keys` keystrokes."""
    services = sum(len(team.services) for team in model.teams.values())
    probe = Probe(frozenset(model.teams), len(model.teams) + services)
    service = target(model)
    with hooks(probe):
        started = time.perf_counter()
        app = ZtuiApp(root)
        hook_frames(app, probe)
        async with app.run_test(size=SIZE) as pilot:
            await wait_for(lambda: probe.indexed is not None, "the indexed tree")
            main = app.main
            await wait_for(lambda: main.session is not None and main.session.validated,
                           "validation")
            await app.workers.wait_for_complete()
            await pilot.pause()
            tree = main.query_one(TeamTree)
            tree.select_ref(NodeRef(service.team, service.name))
            await wait_for(lambda: main.current == NodeRef(service.team, service.name),
                           "the service's form")
            await pilot.pause()
            form = main.query_one(ServiceForm)
            host_input = form.query_one(EgressRows).row_widgets[0].domain_input
            host_input.focus()
            host_input.cursor_position = 0
            host = str(host_input.value)
            view = main.query_one(YamlView)
            await wait_for(lambda: any(f"- {host}" in c.plain for c in view._lines),
                           "the service's preview")
            line = next(i for i, c in enumerate(view._lines) if f"- {host}" in c.plain)
            view.scroll_to(y=max(line - 3, 0), animate=False, immediate=True)
            await pilot.pause()
            await asyncio.sleep(KEY_GAP)
            latencies = await type_keys(app, probe, host, keys)
    assert probe.first_paint is not None and probe.indexed is not None
    return RunFigures(probe.first_paint - started, probe.indexed - started, latencies)


async def type_keys(app: ZtuiApp, probe: Probe, host: str, count: int) -> list[float]:
    """Send each key and wait for the frame that shows the host with it."""
    driver = app._driver
    assert driver is not None
    typed = ""
    latencies: list[float] = []
    for key, char in keystrokes(count):
        typed += char
        probe.needle = f"- {typed}{host}"
        probe.needle_drawn = False
        probe.preview_at = None
        probe.preview_event.clear()
        event = events.Key(key, char)
        event.set_sender(app)
        sent = time.perf_counter()
        driver.send_message(event)
        await asyncio.wait_for(probe.preview_event.wait(), TIMEOUT)
        assert probe.preview_at is not None
        latencies.append(probe.preview_at - sent)
        await asyncio.sleep(KEY_GAP)
    probe.needle = None
    return latencies


def verdict(value: float, goal: float) -> str:
    return "PASS" if value <= goal else "MISS"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--teams", type=int, default=200)
    parser.add_argument("--services", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keys", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ztui-bench-") as tmp:
        root = Path(tmp)
        make_repo(root, args.teams, args.services)
        runs = measure(root, load_repo(root), args.runs, args.keys, one_run)
    return report(runs, f"{args.teams} teams x {args.services} services")


OneRun = Callable[[Path, RepoModel, int], Coroutine[Any, Any, RunFigures]]


def measure(root: Path, model: RepoModel, count: int, keys: int, run: OneRun) -> list[RunFigures]:
    """`count` runs of `run` on the repo at `root`, each printed as it ends."""
    runs: list[RunFigures] = []
    for number in range(1, count + 1):
        figures = asyncio.run(run(root, model, keys))
        runs.append(figures)
        print(f"run {number}: first paint {figures.first_paint:.3f} s  "
              f"indexed {figures.indexed:.3f} s  keystroke median "
              f"{1000 * figures.median:.1f} ms  p95 {1000 * figures.p95:.1f} ms  "
              f"max {1000 * max(figures.latencies):.1f} ms", flush=True)
        gc.unfreeze()  # what the app froze stays out of the next run's way
        gc.collect()
    return runs


def report(runs: list[RunFigures], repo: str) -> int:
    """Print the medians of `runs` against the goals; 0 when every goal is met."""
    paint = statistics.median(r.first_paint for r in runs)
    indexed = statistics.median(r.indexed for r in runs)
    median = statistics.median(r.median for r in runs)
    p95 = statistics.median(r.p95 for r in runs)
    print(f"repo: {repo}, {SIZE[0]}x{SIZE[1]}, median of {len(runs)} runs")
    print(f"first paint:          {paint:.3f} s   goal <= {GOAL_PAINT} s   "
          f"{verdict(paint, GOAL_PAINT)}")
    print(f"indexed tree:         {indexed:.3f} s   (no goal)")
    print(f"keystroke -> preview: median {1000 * median:.1f} ms   goal <= "
          f"{1000 * GOAL_MEDIAN:.0f} ms   {verdict(median, GOAL_MEDIAN)}")
    print(f"keystroke -> preview: p95 {1000 * p95:.1f} ms      goal <= "
          f"{1000 * GOAL_P95:.0f} ms   {verdict(p95, GOAL_P95)}")
    met = paint <= GOAL_PAINT and median <= GOAL_MEDIAN and p95 <= GOAL_P95
    return 0 if met else 1

if __name__ == "__main__":
    raise SystemExit(main())
