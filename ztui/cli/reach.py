"""`ztui reach REPO TEAM/SERVICE | --matrix`: who can reach a service, and what it can reach.

The answer is computed from the manifests the repo renders (`ztui.analysis`), so it shows what
the cluster will enforce, including what the rules do not say: a team switch, the admin team's
exemption, a podSelector override, the team-wide reach of every ServiceEntry.

A repo with reading errors is still analysed (the files that could not be read contribute
nothing, as in `ztui diff`), with a note on stderr; only a folder with no values at all is
refused (exit 2). An unknown team or service exits 1 and names what exists.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterable

from ztui.analysis.egress import Outbound
from ztui.analysis.explain import explain
from ztui.analysis.index import ReachIndex
from ztui.analysis.matrix import compact_lines, folded_inbound, pairs
from ztui.analysis.results import Reach
from ztui.cli.errors import UsageError, UserError, printable
from ztui.model import RepoModel
from ztui.repo.layout import UnusableRepo
from ztui.repo.loader import load_repo


def load_or_exit(repo: str) -> RepoModel:
    """The model of `repo` (a note on stderr when files could not be read), or exit 2."""
    try:
        model = load_repo(repo)
    except UnusableRepo as exc:
        raise UsageError(str(exc)) from exc
    broken = [f for f in model.findings if f.severity.value == "error"]
    if broken:
        count = f"{len(broken)} reading error{'s' * (len(broken) != 1)}"
        print(f"ztui: note: {model.root} has {count} (`ztui validate` lists them); what could "
              "not be read is not part of the analysis", file=sys.stderr)
    return model


def _check_args(args: argparse.Namespace) -> None:
    if args.matrix and args.service:
        raise UsageError("give TEAM/SERVICE or --matrix, not both")
    if not args.matrix and not args.service:
        raise UsageError("name a service (TEAM/SERVICE) or ask for --matrix")
    if args.source and not args.service:
        raise UsageError("--from explains one pair: name the target TEAM/SERVICE too")
    if args.format == "csv" and not args.matrix:
        raise UsageError("--format csv is for --matrix; a service takes text or json")


def _pick(model: RepoModel, key: str) -> str:
    team_id, slash, name = key.partition("/")
    if not slash or not team_id or not name or "/" in name:
        raise UsageError(f"{key!r}: write TEAM/SERVICE")
    team = model.teams.get(team_id)
    if team is None:
        known = ", ".join(sorted(model.teams)) or "none"
        raise UserError(f"no team {team_id!r} in {model.root} (teams: {known})")
    if team.service(name) is None:
        known = ", ".join(s.name for s in team.services) or "none"
        raise UserError(f"team {team_id!r} has no service {name!r} (services: {known})")
    return f"{team_id}/{name}"


def run_reach(args: argparse.Namespace) -> int:
    """Print one service's reach (text or JSON) or the matrix (text, CSV or JSON)."""
    _check_args(args)
    model = load_or_exit(args.repo)
    key = None if args.matrix else _pick(model, args.service)
    index = ReachIndex(model)
    if key is not None and args.source:
        try:
            _write_lines([explain(index, args.source, key)])
        except KeyError:
            raise UserError(
                f"no source {args.source!r}: write TEAM/SERVICE or platform:NAME "
                "(`ztui reach REPO TEAM/SERVICE` lists the platform components)"
            ) from None
    elif key is None:
        _write_matrix(index, args.format)
    elif args.format == "json":
        json.dump(index.reach(key).as_json(), sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        _write_lines(reach_text(index, index.reach(key)))
    return 0


def _write_lines(lines: Iterable[str]) -> None:
    for line in lines:
        sys.stdout.write(printable(line) + "\n")


def _write_matrix(index: ReachIndex, fmt: str) -> None:
    if fmt == "text":
        _write_lines(compact_lines(index))
    elif fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(("source", "target", "via"))
        writer.writerows((printable(source), printable(target), printable(via or ""))
                         for source, target, via in pairs(index))
    else:
        doc = {"pairs": [{"source": source, "target": target, "via": via}
                         for source, target, via in pairs(index)]}
        json.dump(doc, sys.stdout, indent=2)
        sys.stdout.write("\n")


def reach_text(index: ReachIndex, reach: Reach) -> list[str]:
    """The readable form: the service, who may reach it, what it may reach."""
    pod = reach.pod
    labels = ",".join(f"{k}={v}" for k, v in pod.labels.items())
    services = len(reach.inbound.services())
    platform = len(reach.inbound) - services
    lines = [f"{reach.service}: pods {labels} in namespace {pod.namespace}", ""]
    lines.append(f"inbound: {services} service{'s' * (services != 1)} and {platform} platform "
                 f"component{'s' * (platform != 1)} may reach it")
    rows = folded_inbound(index, reach.inbound)
    width = max((len(row[0]) for row in rows), default=0)
    for source, via, peer in rows:
        how = peer if via is None else f"via {via}: {peer}"
        lines.append(f"  {source.ljust(width)}  {how}")
    if not rows:
        lines.append("  (nobody: every policy that selects its pods admits no other pod)")
    lines += ["", *_outbound_text(reach)]
    return lines


def _outbound_text(reach: Reach) -> list[str]:
    team = reach.pod.team or ""
    entries = reach.outbound
    lines = ["outbound: the public endpoints it may reach"]
    if any(entry.rule_of not in (None, reach.service) for entry in entries):
        lines.append(f"  (a ServiceEntry is exported to its whole namespace, so every pod of "
                     f"team {team} may reach each of these, whichever service's rule brought "
                     "it in)")
    width = max((len(entry.endpoint()) for entry in entries), default=0)
    for entry in entries:
        lines.append(f"  {entry.endpoint().ljust(width)}  {_how(entry, reach, team)}")
    if not entries:
        lines.append("  (none: the team's REGISTRY_ONLY Sidecar admits only the hosts of its "
                     "ServiceEntries, and it has none)")
    return lines


def _how(entry: Outbound, reach: Reach, team: str) -> str:
    if not entry.any_host:
        return f"via {entry.via} (rule of {entry.rule_of or 'no service of this repo'})"
    if entry.via is not None:
        return f"any host: Sidecar {entry.via} lets these pods reach any host (ALLOW_ANY)"
    if team == "admin":
        return "any host: Otomi renders no egress filtering for the admin team"
    return f"any host: no Sidecar in {reach.pod.namespace} (team {team} does not filter egress)"
