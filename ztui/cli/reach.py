"""`ztui reach REPO TEAM/SERVICE | --matrix`: who can reach a service, and what it can reach.

The answer is computed from the manifests the repo renders (`ztui.analysis`), so it shows what
the cluster will enforce, including what the rules do not say: a team switch, the admin team's
exemption, a podSelector override, the team-wide reach of every ServiceEntry.

A repo with reading errors is still analysed (the files that could not be read contribute
nothing, as in `ztui diff`), with a note on stderr; only a folder with no values at all is
refused (exit 2). An unknown team or service exits 1 and names what exists.

On the later layouts (spec 5) `TEAM/X` names a workload or a rule (`reach_rules`).
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
from ztui.cli.reach_rules import (
    Picked,
    egress_rule_json,
    egress_rule_text,
    pick,
    picked_note,
)
from ztui.model import RepoModel, Rule, Team
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


def _team_and_name(model: RepoModel, key: str) -> tuple[Team, str]:
    team_id, slash, name = key.partition("/")
    rule_based = model.layout.rule_based
    if not slash or not team_id or not name or ("/" in name and not rule_based):
        raise UsageError(f"{key!r}: write {_noun(model)}")
    team = model.teams.get(team_id)
    if team is None:
        known = ", ".join(sorted(model.teams)) or "none"
        raise UserError(f"no team {team_id!r} in {model.root} (teams: {known})")
    return team, name


def _noun(model: RepoModel) -> str:
    return "TEAM/WORKLOAD or TEAM/RULE" if model.layout.rule_based else "TEAM/SERVICE"


def _pick(model: RepoModel, index: ReachIndex, key: str) -> Picked | Rule:
    """What `key` names: a service, a workload (or the inbound rule that names it), or an
    outbound rule of a later layout."""
    team, name = _team_and_name(model, key)
    if model.layout.rule_based:
        return pick(index, team, name)
    if team.service(name) is None:
        known = ", ".join(s.name for s in team.services) or "none"
        raise UserError(f"team {team.id!r} has no service {name!r} (services: {known})")
    return Picked(f"{team.id}/{name}")


def _source(model: RepoModel, index: ReachIndex, text: str) -> str:
    """The source of `--from`: a key as it is, or (later layouts) an inbound rule's workload."""
    if index.pod(text) is not None or not model.layout.rule_based or "/" not in text:
        return text
    team_id, _, name = text.partition("/")
    team = model.teams.get(team_id)
    if team is None or team.rule(name) is None:
        return text  # unknown: explain() says so
    picked = pick(index, team, name)
    if not isinstance(picked, Picked):
        raise UserError(f"--from {text}: that is an outbound rule, not a source; name a "
                        "workload of its team")
    return picked.key


def run_reach(args: argparse.Namespace) -> int:
    """Print one service's reach (text or JSON) or the matrix (text, CSV or JSON)."""
    _check_args(args)
    model = load_or_exit(args.repo)
    if not args.matrix:
        _team_and_name(model, args.service)  # a bad name fails before the index is built
    index = ReachIndex(model)
    if args.matrix:
        _write_matrix(index, args.format)
        return 0
    picked = _pick(model, index, args.service)
    if isinstance(picked, Rule):
        team = model.teams[picked.team]
        if args.source:
            raise UserError(f"--from explains an inbound pair, and {picked.key} is an "
                            "outbound rule: name a workload or an inbound rule")
        if args.format == "json":
            json.dump(egress_rule_json(index, team, picked), sys.stdout, indent=2)
            sys.stdout.write("\n")
        else:
            _write_lines(egress_rule_text(index, team, picked))
        return 0
    key = picked.key
    if args.source:
        source = _source(model, index, args.source)
        try:
            _write_lines([*picked_note(picked), explain(index, source, key)])
        except KeyError:
            raise UserError(
                f"no source {args.source!r}: write {_noun(model)} or platform:NAME "
                f"(`ztui reach REPO {_noun(model)}` lists the platform components)"
            ) from None
    elif args.format == "json":
        json.dump(index.reach(key).as_json(), sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        _write_lines([*picked_note(picked), *reach_text(index, index.reach(key))])
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
    noun = "workload" if index.rule_based else "service"
    lines = [f"{reach.service}: pods {labels} in namespace {pod.namespace}", ""]
    lines.append(f"inbound: {services} {noun}{'s' * (services != 1)} and {platform} platform "
                 f"component{'s' * (platform != 1)} may reach it")
    rows = folded_inbound(index, reach.inbound)
    width = max((len(row[0]) for row in rows), default=0)
    for source, via, peer in rows:
        how = peer if via is None else f"via {via}: {peer}"
        lines.append(f"  {source.ljust(width)}  {how}")
    if not rows:
        lines.append("  (nobody: every policy that selects its pods admits no other pod)")
    lines += ["", *_outbound_text(reach, index.rule_based)]
    return lines


def _outbound_text(reach: Reach, rule_based: bool) -> list[str]:
    team = reach.pod.team or ""
    entries = reach.outbound
    lines = ["outbound: the public endpoints it may reach"]
    if rule_based and any(entry.rule_of is not None for entry in entries):
        lines.append(f"  (a team's outbound rules apply to its whole namespace: every pod of "
                     f"team {team} may reach each of these)")
    elif any(entry.rule_of not in (None, reach.service) for entry in entries):
        lines.append(f"  (a ServiceEntry is exported to its whole namespace, so every pod of "
                     f"team {team} may reach each of these, whichever service's rule brought "
                     "it in)")
    width = max((len(entry.endpoint()) for entry in entries), default=0)
    for entry in entries:
        lines.append(f"  {entry.endpoint().ljust(width)}  {_how(entry, reach, team, rule_based)}")
    if not entries:
        lines.append("  (none: the team's REGISTRY_ONLY Sidecar admits only the hosts of its "
                     "ServiceEntries, and it has none)")
    return lines


def _how(entry: Outbound, reach: Reach, team: str, rule_based: bool) -> str:
    if not entry.any_host and rule_based:
        return f"via {entry.via} (rule {entry.rule_of or 'of no team of this repo'})"
    if not entry.any_host:
        return f"via {entry.via} (rule of {entry.rule_of or 'no service of this repo'})"
    if entry.via is not None:
        return f"any host: Sidecar {entry.via} lets these pods reach any host (ALLOW_ANY)"
    if team == "admin":
        return "any host: Otomi renders no egress filtering for the admin team"
    return f"any host: no Sidecar in {reach.pod.namespace} (team {team} does not filter egress)"
