"""`benchmarks/tui.py` on a later-layout repo: first paint, indexed tree, keystroke -> preview.

Why: in the later layouts (spec 5) the tree holds teams > Inbound/Outbound > rules, and a
keystroke goes through the outbound rule form (`OutboundForm`), `ztui.rule_edits` and the
rule's render, not the service form; the goals are the services era's (first paint <= 0.3 s,
keystroke -> preview <= 16 ms median and <= 50 ms p95). Everything is measured as `tui.py`
measures it, with its hooks (see its docstring); what differs is the target, an outbound rule
whose host is a plain name in a team whose egress switch is on (its ServiceEntry lists the host
as `- host`, the line the hooks wait for), and the tree's node count (every team, its two rule
groups and its rules).

The repo is `benchmarks/make_later.py`'s (200 teams x 50 services, migrated by ztui: 13,018
rules); `--repo DIR` reuses one written by it. Nothing is saved: the keys only edit the form.

    python benchmarks/tui_later.py --layout files|netpols [--repo DIR] [--runs 3] [--keys 100]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.make_later import LAYOUTS, later_repo
from benchmarks.tui import (
    KEY_GAP,
    SIZE,
    Probe,
    RunFigures,
    hook_frames,
    hooks,
    measure,
    report,
    type_keys,
    wait_for,
)
from ztui.model import Layout, RepoModel, Rule, RuleType
from ztui.repo.loader import load_repo
from ztui.ui.app import ZtuiApp
from ztui.ui.widgets.outbound_form import OutboundForm
from ztui.ui.widgets.team_tree import NodeRef, TeamTree
from ztui.ui.widgets.yaml_view import YamlView

#: The rule groups under each team of a later layout (Inbound and Outbound).
GROUPS = 2


def target(model: RepoModel) -> Rule:
    """An outbound rule whose host is a plain name (typing at its start keeps it a valid host),
    in a team whose egress switch is on (so its ServiceEntry renders), mid-repo."""
    teams = [team for team in model.teams.values() if team.egress_public and not team.is_admin]
    middle = teams[len(teams) // 2 :] + teams[: len(teams) // 2]
    return next(
        r for team in middle for r in team.rules
        if r.type is RuleType.EGRESS and r.egress and r.egress.domain[:1].isalpha()
    )


def node_count(model: RepoModel) -> int:
    """The tree's nodes once indexed: teams, their rule groups, their rules."""
    teams = model.teams.values()
    return sum(1 + GROUPS + len(team.rules) for team in teams)


async def one_run(root: Path, model: RepoModel, keys: int) -> RunFigures:
    """Start the app on `root`, wait for it to be ready, type `keys` keystrokes into a host."""
    probe = Probe(frozenset(model.teams), node_count(model))
    rule = target(model)
    ref = NodeRef(rule.team, rule=rule.name)
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
            main.query_one(TeamTree).select_ref(ref)
            await wait_for(lambda: main.current == ref, "the rule's form")
            await pilot.pause()
            host_input = main.query_one(OutboundForm).domain_input
            host_input.focus()
            host_input.cursor_position = 0
            host = str(host_input.value)
            view = main.query_one(YamlView)
            await wait_for(lambda: any(f"- {host}" in c.plain for c in view._lines),
                           "the rule's preview")
            line = next(i for i, c in enumerate(view._lines) if f"- {host}" in c.plain)
            view.scroll_to(y=max(line - 3, 0), animate=False, immediate=True)
            await pilot.pause()
            await asyncio.sleep(KEY_GAP)
            latencies = await type_keys(app, probe, host, keys)
    assert probe.first_paint is not None and probe.indexed is not None
    return RunFigures(probe.first_paint - started, probe.indexed - started, latencies)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--layout", choices=LAYOUTS, required=True)
    parser.add_argument("--repo", type=Path, help="a repo written by make_later.py "
                        "(default: write one to a temporary directory)")
    parser.add_argument("--teams", type=int, default=200)
    parser.add_argument("--services", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keys", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ztui-bench-") as tmp:
        root = later_repo(args.repo, Path(tmp), Layout(args.layout), args.teams, args.services)
        model = load_repo(root)
        runs = measure(root, model, args.runs, args.keys, one_run)
    rules = sum(len(team.rules) for team in model.teams.values())
    return report(runs, f"layout {args.layout}, {len(model.teams)} teams, {rules} rules")

if __name__ == "__main__":
    raise SystemExit(main())
