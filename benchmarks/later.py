"""The services era's benchmarks on the later layouts: validate, reach, save.

Why: `validate.py`, `reach.py` and `save.py` time a services-era repo; the later layouts (spec
5) store the same configuration as 13,018 named rules, in one file per rule (`files`) or in one
`netpols` list per team (`netpols`), and are read, checked, indexed and written by other code.
This script times the same things on them, with the same methods and the same helpers:

- validate: `open_workspace` (everything `ztui validate` does) against a bare
  `yaml.load(CSafeLoader)` of the files it reads, median of `--runs` runs taken in turns (on a
  shared machine both then see the same load); the goal in the services era is a ratio <= 1.5.
  The bare load of every YAML file under `env/` (also the services files, which the later
  layouts leave to other features and ztui does not read) is shown beside it.
- reach: the index build, one workload's reach cold and warm (median, p95, max over
  `--queries` random workloads), `update_team` after a rule edit, the full matrix, the lint.
- save: a rule edit through the store (plan + write), cold (the file's Document composed) and
  warm (a second edit of the same file), an edit in another team, and a new rule, each the
  median of `--runs` fresh copies; in the netpols layout the file is one team's
  `netpols.<team>.yaml`, in the files layout the rule's own file.

The repo is `benchmarks/make_later.py`'s (200 teams x 50 services, migrated by ztui); pass
`--repo DIR` to reuse one written by it (the migration takes 30-50 s). `save` writes to
the repo: it works on a copy.

    python benchmarks/later.py validate|reach|save|all --layout files|netpols [--repo DIR]
"""

from __future__ import annotations

import argparse
import gc
import random
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.make_later import LAYOUTS, later_repo
from benchmarks.reach import GcClock, query, summary, timed
from benchmarks.validate import bare_load, best_of, ztui_validate
from ztui.analysis.index import ReachIndex
from ztui.analysis.lint import lint_repo
from ztui.model import Label, Layout, RepoModel, Rule, RuleType, Source, Team
from ztui.repo.atomic import sha256_bytes
from ztui.repo.build_rules import build_rule
from ztui.repo.loader import load_repo
from ztui.repo.store import RuleEdit, Store
from ztui.rule_edits import add_source, new_egress, set_domain
from ztui.workspace import open_workspace

WHAT = ("validate", "reach", "save", "all")


def read_files_of(root: Path) -> list[Path]:
    """The files `ztui validate` reads (its model's `files`)."""
    return [root / rel for rel in load_repo(root).files]


def bare_load_of(files: list[Path]) -> None:
    for path in files:
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def run_validate(root: Path, runs: int) -> None:
    files = read_files_of(root)
    lines = sum(p.read_text(encoding="utf-8").count("\n") for p in files)
    workspace = open_workspace(root)
    errors = workspace.errors
    assert not errors, [f.as_text() for f in errors[:3]]
    model = workspace.model
    rules = sum(len(t.rules) for t in model.teams.values())
    del workspace, model
    load: list[float] = []
    every: list[float] = []
    check: list[float] = []
    for _ in range(runs):  # interleaved: on a shared machine each contender sees the same load
        load += best_of(1, lambda _: bare_load_of(files), root)
        every += best_of(1, bare_load, root)
        check += best_of(1, ztui_validate, root)
    print(f"repo: {len(files)} files read by ztui, {lines} lines, {rules} rules")
    print(f"yaml.load (CSafeLoader), those files: median {statistics.median(load):.3f} s  "
          f"min {min(load):.3f} s")
    print(f"yaml.load, every env/**/*.yaml:       median {statistics.median(every):.3f} s  "
          f"min {min(every):.3f} s")
    print(f"ztui validate:                        median {statistics.median(check):.3f} s  "
          f"min {min(check):.3f} s")
    print(f"ratio (median) to the files ztui reads: "
          f"{statistics.median(check) / statistics.median(load):.2f}  (goal <= 1.5); "
          f"to every file: {statistics.median(check) / statistics.median(every):.2f}")


def edited_rule(model: RepoModel, kind: RuleType, offset: int = 0) -> Rule:
    """A rule of `kind` in the middle team (+ `offset` teams) that has one, AllowOnly if
    ingress, so that adding a source changes what it admits."""
    teams = [t for t in model.teams.values() if not t.is_admin and t.ingress_private]
    order = teams[len(teams) // 2 + offset :] + teams[: len(teams) // 2 + offset]
    return next(
        r for t in order for r in t.rules
        if r.type is kind and (kind is RuleType.EGRESS or (r.target and r.sources))
    )


def replace_rule(model: RepoModel, rule: Rule, raw: dict[str, object]) -> Rule:
    """Put `rule` with its new `raw` into the model, as the TUI does after an edit."""
    team = model.teams[rule.team]
    new = build_rule(rule.team, dict(raw), base=rule.base, name=rule.name, file=rule.file)
    team.rules = [new if r.name == rule.name else r for r in team.rules]
    return new


def run_reach(root: Path, queries: int, seed: int) -> None:
    model, load = timed(lambda: load_repo(root))
    rules = sum(len(t.rules) for t in model.teams.values())
    print(f"{len(model.teams)} teams, {rules} rules; load {load:.2f} s")
    index, build = timed(lambda: ReachIndex(model))
    keys = [pod.key for pod in index.service_pods()]
    print(f"index build: {build:.2f} s ({len(keys)} workloads)")
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
    print(summary(f"reach, cold ({len(sample)} random workloads)", cold))
    print(summary("reach, warm", warm))
    print(f"  answer sizes: median {statistics.median(sizes):.0f}, max {max(sizes)} entries")
    print(f"  full garbage collections during these queries: {clock.full}, "
          f"{clock.seconds * 1000:.0f} ms in all (included above)")

    rule = edited_rule(model, RuleType.INGRESS)
    assert rule.target is not None
    team: Team = model.teams[rule.team]
    raw = add_source(rule.raw, rule.base, rule.sources, Source(team.namespace))
    replace_rule(model, rule, raw)
    _, update = timed(lambda: index.update_team(team))
    target = f"{team.id}/{rule.target.value}"
    _, after = timed(lambda: query(index, target) if index.pod(target) else 0)
    print(f"update_team after a rule edit ({rule.key}): {update * 1000:.2f} ms, then a reach "
          f"{after * 1000:.2f} ms")
    pairs, matrix = timed(lambda: sum(len(index.inbound_services(k)) for k in keys))
    print(f"matrix: {matrix:.2f} s for {pairs} pairs")
    found, lint = timed(lambda: lint_repo(model, notices=True))
    print(f"lint_repo: {lint:.2f} s ({len(found)} findings with notices)")


def save(store: Store, model: RepoModel, edit: RuleEdit) -> list[str]:
    """One save as the TUI makes it: plan, write, learn the new hashes of what was written."""
    written = store.write(store.plan(model, [edit]))
    for rel in written:
        model.hashes[rel] = sha256_bytes((store.root / rel).read_bytes())
    return written


SAVES = (
    "first save, a rule's host (Document composed)",
    "second save, same rule again (goal <= 100)",
    "third save, a source on another team's rule",
    "a new rule (created like its siblings)",
)


def saves_once(root: Path) -> list[float]:
    """The four saves of `SAVES` on a fresh copy of `root`, in seconds."""
    with tempfile.TemporaryDirectory(prefix="ztui-bench-") as tmp:
        copy = Path(tmp) / "repo"
        shutil.copytree(root / "env", copy / "env")
        model = load_repo(copy)
        store = Store(copy)
        times: list[float] = []
        first = edited_rule(model, RuleType.EGRESS)
        raw = set_domain(first.raw, first.base, "api.example.com")
        times.append(timed(lambda: save(store, model, RuleEdit(first.team, first.name, raw)))[1])
        first = replace_rule(model, first, raw)
        raw = set_domain(first.raw, first.base, "hooks.example.com")
        times.append(timed(lambda: save(store, model, RuleEdit(first.team, first.name, raw)))[1])
        replace_rule(model, first, raw)
        other = edited_rule(model, RuleType.INGRESS, 1)
        source = Source("team-admin", Label("otomi.io/app", "api"))
        raw = add_source(other.raw, other.base, other.sources, source)
        times.append(timed(lambda: save(store, model, RuleEdit(other.team, other.name, raw)))[1])
        replace_rule(model, other, raw)
        new = new_egress(model.layout, first.team, "bench-new", "status.example.org")
        edit = RuleEdit(first.team, "bench-new", new, create=True)
        times.append(timed(lambda: save(store, model, edit))[1])
        reread = load_repo(copy)  # the saves must also be right
        assert reread.rule(f"{first.team}/bench-new") is not None
        saved = reread.rule(other.key)
        assert saved is not None and source in saved.sources
        return times


def run_save(root: Path, runs: int) -> None:
    model = load_repo(root)
    first = edited_rule(model, RuleType.EGRESS)
    other = edited_rule(model, RuleType.INGRESS, 1)
    for rule in (first, other):
        text = (root / str(rule.file)).read_text(encoding="utf-8")
        print(f"edited file: {rule.file} ({text.count(chr(10))} lines)")
    del model
    results = [saves_once(root) for _ in range(runs)]
    for number, name in enumerate(SAVES):
        times = [1000 * run[number] for run in results]
        print(f"{name + ':':48} median {statistics.median(times):6.1f} ms  "
              f"max {max(times):6.1f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("what", choices=WHAT)
    parser.add_argument("--layout", choices=LAYOUTS, required=True)
    parser.add_argument("--repo", type=Path, help="a repo written by make_later.py "
                        "(default: write one to a temporary directory)")
    parser.add_argument("--teams", type=int, default=200)
    parser.add_argument("--services", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    layout = Layout(args.layout)
    with tempfile.TemporaryDirectory(prefix="ztui-bench-") as tmp:
        root = later_repo(args.repo, Path(tmp), layout, args.teams, args.services)
        found = load_repo(root).layout
        if found is not layout:
            print(f"later.py: {root} is in the {found.value} layout, not {layout.value}",
                  file=sys.stderr)
            return 2
        if args.what in ("validate", "all"):
            run_validate(root, args.runs)
        if args.what in ("reach", "all"):
            run_reach(root, args.queries, args.seed)
        if args.what in ("save", "all"):
            run_save(root, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
