"""How fast reachability answers on a large repo: index build, one query, an edit, the matrix.

The goal (project issue 5) is < 50 ms for the reach of one service in a 10,000-service repo
(200 teams x 50 services, `benchmarks/make_repo.py`), because the TUI's Reach tab answers on
every selection and every keystroke. A query is timed cold (every cached answer and resolved
peer dropped first: the worst case, right after an edit) and warm, each including turning the
answer into `Inbound` tuples and endpoints as a caller would. Also timed: building the index,
`update_team` after a rule edit, the reachability changes of that edit, the full matrix, and
the lint. The synthetic repo goes to a temporary directory.

    python benchmarks/reach.py [--teams 200] [--services 50] [--queries 200] [--seed 0]
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.make_repo import make_repo
from ztui.analysis.changes import reach_changes
from ztui.analysis.index import ReachIndex
from ztui.analysis.lint import lint_repo
from ztui.analysis.matrix import compact_lines
from ztui.model import AllowEntry, Mode
from ztui.repo.loader import load_repo

T = TypeVar("T")


def timed(func: Callable[[], T]) -> tuple[T, float]:
    """`func()` and how long it took, in seconds."""
    start = time.perf_counter()
    result = func()
    return result, time.perf_counter() - start


class GcClock:
    """How long full garbage collections (generation 2) took while it was installed.

    A query that allocates 10,000 answer tuples can set off a full collection, which walks the
    whole model: its time is the interpreter's, not the query's, and is reported apart.
    """

    def __init__(self) -> None:
        self.full = 0
        self.seconds = 0.0
        self._start = 0.0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if info.get("generation") != 2:
            return
        if phase == "start":
            self._start = time.perf_counter()
        else:
            self.full += 1
            self.seconds += time.perf_counter() - self._start


def query(index: ReachIndex, key: str) -> int:
    """One reach, materialized as a caller uses it; returns how many entries it had."""
    reach = index.reach(key)
    return len(list(reach.inbound)) + len(reach.outbound)


def summary(name: str, times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return (f"{name}: median {statistics.median(ordered) * 1000:.2f} ms, "
            f"p95 {p95 * 1000:.2f} ms, max {ordered[-1] * 1000:.2f} ms")


def run(teams: int, services: int, queries: int, seed: int) -> None:
    with tempfile.TemporaryDirectory(prefix="ztui-bench-") as tmp:
        root = Path(tmp)
        make_repo(root, teams, services)
        model, load = timed(lambda: load_repo(root))
    count = sum(len(t.services) for t in model.teams.values())
    print(f"{teams} teams x {services} services = {count} services; load {load:.2f} s")
    index, build = timed(lambda: ReachIndex(model))
    print(f"index build: {build:.2f} s")

    keys = [pod.key for pod in index.service_pods()]
    sample = random.Random(seed).sample(keys, min(queries, len(keys)))
    cold: list[float] = []
    sizes: list[int] = []
    clock = GcClock()
    gc.callbacks.append(clock)
    try:
        for key in sample:
            index.drop_caches()
            size, elapsed = timed(lambda key=key: query(index, key))  # type: ignore[misc]
            cold.append(elapsed)
            sizes.append(size)
        warm = [timed(lambda key=key: query(index, key))[1]  # type: ignore[misc]
                for key in sample]
    finally:
        gc.callbacks.remove(clock)
    print(summary(f"reach, cold ({len(sample)} random services)", cold))
    print(summary("reach, warm", warm))
    print(f"  answer sizes: median {statistics.median(sizes):.0f}, max {max(sizes)} entries")
    print(f"  full garbage collections during these queries: {clock.full}, "
          f"{clock.seconds * 1000:.0f} ms in all (included above)")

    team = next(t for t in model.teams.values() if t.ingress_private and not t.is_admin)
    service = team.services[0]
    before = ReachIndex(model)
    service.mode, service.allow = Mode.ALLOW_ONLY, (AllowEntry(team.id),)
    _, update = timed(lambda: index.update_team(team))
    _, after = timed(lambda: query(index, service.key))
    print(f"update_team after a rule edit: {update * 1000:.2f} ms, then its reach "
          f"{after * 1000:.2f} ms")
    lines, changes = timed(lambda: reach_changes(before, index))
    print(f"reachability changes of that edit: {changes:.2f} s ({len(lines)} lines)")

    pairs, matrix = timed(lambda: sum(len(index.inbound_services(k)) for k in keys))
    print(f"matrix: {matrix:.2f} s for {pairs} pairs")
    text, compact = timed(lambda: sum(len(line) for line in compact_lines(index)))
    print(f"matrix as compact text: {compact:.2f} s ({text} characters)")
    found, lint = timed(lambda: lint_repo(model, notices=True))
    print(f"lint_repo: {lint:.2f} s ({len(found)} findings with notices)")


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--teams", type=int, default=200)
    parser.add_argument("--services", type=int, default=50)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    run(args.teams, args.services, args.queries, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
