"""How much slower `ztui validate` is than a bare YAML load of the same files.

The goal (project issue 2) is a ratio <= 1.5 at 200 teams x 50 services: a plain sequential
parse plus jsonschema is about 2.1, so validation has to use both cores. The synthetic repo is
written to a temporary directory (never committed) by `benchmarks/make_repo.py`.

    python benchmarks/validate.py [--teams 200] [--services 50] [--runs 3]
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.make_repo import make_repo
from ztui.workspace import open_workspace


def bare_load(root: Path) -> None:
    """What any tool must at least do: load every YAML file with libyaml."""
    for path in sorted(root.glob("env/**/*.yaml")):
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def ztui_validate(root: Path) -> None:
    """Everything `ztui validate` does, in process: read, schema, semantic checks."""
    open_workspace(root)


def best_of(runs: int, func: Callable[[Path], None], root: Path) -> list[float]:
    """Wall times of `runs` calls, each from a collected heap (nothing left over between runs:
    a live model from an earlier run would slow the other contender's garbage collection)."""
    times = []
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        func(root)
        times.append(time.perf_counter() - start)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--teams", type=int, default=200)
    parser.add_argument("--services", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--single-file", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ztui-bench-") as tmp:
        root = Path(tmp)
        make_repo(root, args.teams, args.services, single_file=args.single_file)
        lines = sum(p.read_text().count("\n") for p in root.glob("env/**/*.yaml"))
        errors = open_workspace(root).errors
        assert not errors, errors[:3]
        load = best_of(args.runs, bare_load, root)
        check = best_of(args.runs, ztui_validate, root)
    print(f"repo: {args.teams} teams x {args.services} services, {lines} lines")
    print(f"yaml.load (CSafeLoader): median {statistics.median(load):.3f} s  min {min(load):.3f} s")
    print(f"ztui validate:           median {statistics.median(check):.3f} s  "
          f"min {min(check):.3f} s")
    ratio = statistics.median(check) / statistics.median(load)
    print(f"ratio (median): {ratio:.2f}  (goal <= 1.5)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
