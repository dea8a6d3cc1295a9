"""Write a synthetic values repo in a later layout (spec 5): the services-era one, migrated.

Why: the later layouts' benchmarks must run on the same configuration as the services era's
(`benchmarks/make_repo.py`, 200 teams x 50 services), so that their figures compare. The
faithful way to get it is the project's own migration (`ztui migrate --to files|netpols
--write`): the repo is written in the services era, then converted in place with
`ztui.migrate.migration.prepare` and `write`, the calls the CLI makes. Both steps are timed,
since the migration of a 10,000-service repo is itself a figure worth knowing.

At 200 x 50 (seed 0) the migration makes 13,018 rules: in the files layout one file each (plus
200 `settings.yaml`), in the netpols layout one `netpols.<team>.yaml` per team. The services
files stay (without their `networkPolicy`): in the later layouts they are other features' files.

Migrating takes 30-50 s at 200 x 50, so the benchmarks take `--repo DIR` to reuse what this
script wrote (never committed: write it under /tmp).

    python benchmarks/make_later.py OUT --layout files|netpols [--teams 200] [--services 50]
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.make_repo import make_repo
from ztui.migrate.migration import prepare, write
from ztui.migrate.strip import MigrateError
from ztui.model import Layout

LAYOUTS = ("files", "netpols")


@dataclass(frozen=True, slots=True)
class Migrated:
    """What the migration did and how long each step took, in seconds."""

    prepare: float
    write: float
    written: int
    notes: int
    differences: int


def migrate(root: Path, layout: Layout) -> Migrated:
    """Convert the services-era repo at `root` to `layout` in place (as `ztui migrate
    --write`); raises MigrateError when the migration refuses."""
    start = time.perf_counter()
    migration = prepare(root, layout)
    planned = time.perf_counter()
    written = write(migration)
    done = time.perf_counter()
    return Migrated(planned - start, done - planned, len(written), len(migration.notes),
                    len(migration.check.differences))


def make_later(
    out: Path, layout: Layout, teams: int = 200, services: int = 50, seed: int = 0,
) -> Migrated:
    """Write the services-era synthetic repo to `out` and migrate it to `layout`."""
    if not layout.rule_based:
        raise ValueError(f"layout must be one of {', '.join(LAYOUTS)}, not {layout.value}")
    make_repo(out, teams, services, seed=seed)
    return migrate(out, layout)


def later_repo(repo: Path | None, tmp: Path, layout: Layout, teams: int, services: int) -> Path:
    """The repo a benchmark runs on: `repo` when given (written by this script), else a new
    one under `tmp` (which says how long its migration took)."""
    if repo is not None:
        return repo
    moved = make_later(tmp, layout, teams, services)
    print(f"migrated to {layout.value} (not timed below): prepare {moved.prepare:.1f} s, "
          f"write {moved.write:.1f} s, {moved.written} files", flush=True)
    return tmp


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="make_later.py",
        description="Write a synthetic values repo in a later layout: make_repo.py's, "
                    "migrated by ztui's own migration (timed).",
    )
    parser.add_argument("out", type=Path, help="target directory (must not contain env/ yet)")
    parser.add_argument("--layout", choices=LAYOUTS, required=True)
    parser.add_argument("--teams", type=int, default=200, help="number of teams (default 200)")
    parser.add_argument("--services", type=int, default=50, help="services per team (default 50)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)
    try:
        moved = make_later(args.out, Layout(args.layout), args.teams, args.services, args.seed)
    except (ValueError, OSError, MigrateError) as exc:
        print(f"make_later: {exc}", file=sys.stderr)
        return 2
    print(f"{args.teams} teams x {args.services} services migrated to {args.layout} in "
          f"{args.out}: prepare (read, convert, plan, reachability check) {moved.prepare:.1f} s, "
          f"write {moved.write:.1f} s; {moved.written} files written, {moved.notes} notes, "
          f"{moved.differences} explained reachability differences")
    return 0


if __name__ == "__main__":
    sys.exit(main())
