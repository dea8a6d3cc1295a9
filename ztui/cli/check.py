"""`ztui validate` and `ztui render`: the read-only verbs over a whole repo or one team."""

from __future__ import annotations

import argparse
import json
import re
import sys

from ztui.cli.errors import UsageError, UserError, printable
from ztui.model import Finding, Layout, RepoModel, Rule, Service, Severity, Team
from ztui.render.manifests import render_rule, render_service, render_teams
from ztui.render.text import to_yaml
from ztui.repo.layout import TEAMS_DIR, UnusableRepo
from ztui.repo.loader import load_repo
from ztui.workspace import Workspace, open_workspace

#: `env/teams/<feature>.<team>.yaml`: a file of one team (services, apps, secrets, ...).
_TEAM_FILE = re.compile(rf"{TEAMS_DIR}/[A-Za-z0-9_-]+\.(?P<team>[^/]+)\.yaml")
#: `env/teams/<team>/...`: a file of one team in the one-file-per-rule layout.
_TEAM_DIR_FILE = re.compile(rf"{TEAMS_DIR}/(?P<team>[^/]+)/.+")


def open_or_exit(
    repo: str, teams: list[str] | None = None, *, notices: bool = False
) -> Workspace:
    """The workspace of `repo`, or a usage error (exit 2) when it holds no Otomi values."""
    try:
        return open_workspace(repo, teams=teams, notices=notices)
    except UnusableRepo as exc:
        raise UsageError(str(exc)) from exc


#: How `ztui validate` names the later layouts, which a person knows by their shape.
_LAYOUT_NAMES = {
    Layout.NETPOLS: "netpols (netpols lists)",
    Layout.FILES: "files (one file per rule)",
}


def describe(model: RepoModel) -> str:
    """The line `ztui validate` starts with: what was detected and how much of it."""
    layout = _LAYOUT_NAMES.get(model.layout, model.layout.value)
    if model.layout.rule_based:
        count = sum(len(t.rules) for t in model.teams.values())
        things = f"{count} rule{'s' * (count != 1)}"
    else:
        things = f"{sum(len(t.services) for t in model.teams.values())} services"
    return (
        f"{model.root}: layout {layout}, dialect {model.dialect.value}, "
        f"{len(model.teams)} teams, {things}, {len(model.files)} files"
    )


def describe_finding(f: Finding, key: str) -> str:
    """A finding about `key` (team/service) as one line, with its field path when known."""
    where = f"{f.location}: " if f.location else ""
    field = f" {f.path}:" if f.path and f.path not in f.message else ""
    return f"{where}{f.severity.value} {f.code} {key}:{field} {f.message}"


def refuse_invalid(key: str, findings: list[Finding]) -> None:
    """Print every finding of an edited service or rule (`key`) and refuse the edit when one
    is an error: `ztui edit` writes nothing the TUI would not let you save."""
    errors = [f for f in findings if f.severity is Severity.ERROR]
    for f in findings:
        print(describe_finding(f, key), file=sys.stderr)
    if errors:
        count = len(errors)
        raise UserError(
            f"refused: {key} would have {count} error{'s' * (count != 1)}; nothing written"
        )


def _summary(ws: Workspace) -> str:
    errors, warnings = len(ws.errors), len(ws.warnings)
    notices = len(ws.findings) - errors - warnings
    text = f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
    return text + (f", {notices} notice{'s' * (notices != 1)}" if notices else "")


def run_validate(args: argparse.Namespace) -> int:
    """Print the findings like a compiler (or as JSON); exit 1 when any is an error."""
    ws = open_or_exit(args.repo, notices=args.notices)
    if args.format == "json":
        doc = {
            "layout": ws.model.layout.value,
            "dialect": ws.model.dialect.value,
            "teams": len(ws.model.teams),
            "services": sum(len(t.services) for t in ws.model.teams.values()),
            "rules": sum(len(t.rules) for t in ws.model.teams.values()),
            "findings": [f.as_json() for f in ws.findings],
        }
        json.dump(doc, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        lines = [describe(ws.model), *(f.as_text() for f in ws.findings), _summary(ws)]
        sys.stdout.write("\n".join(printable(line) for line in lines) + "\n")
    return 1 if ws.errors else 0


def _pick_team(ws: Workspace, team_id: str) -> Team:
    team = ws.model.teams.get(team_id)
    if team is None:
        # the workspace holds only what `team_id` needs: read all teams to name them
        known = ", ".join(sorted(load_repo(ws.model.root).teams)) or "none"
        raise UserError(f"no team {team_id!r} in {ws.model.root} (teams: {known})")
    return team


def _pick_service(ws: Workspace, team: Team, name: str) -> Service:
    service = team.service(name)
    if service is None:
        known = ", ".join(s.name for s in team.services) or "none"
        raise UserError(f"team {team.id!r} has no service {name!r} (services: {known})")
    return service


def _pick_rule(team: Team, name: str) -> Rule:
    rule = team.rule(name)
    if rule is None:
        known = ", ".join(sorted(r.name for r in team.rules)) or "none"
        raise UserError(f"team {team.id!r} has no rule {name!r} (rules: {known})")
    return rule


def _split_service_arg(
    team: str | None, service: str, option: str = "--service"
) -> tuple[str | None, str]:
    if "/" in service:
        owner, _, name = service.partition("/")
        if team is not None and team != owner:
            raise UsageError(f"{option} {service} names team {owner!r} but --team is {team!r}")
        return owner, name
    return team, service


def _concerns(f: Finding, team_id: str) -> bool:
    """Whether the finding `f` may change what `team_id` renders.

    Findings about other teams do not, nor do findings (without a team) about another team's
    own files, such as `env/teams/services.b.yaml`, nor an invalid team id anywhere (ZT101
    without a team: that team is not loaded, and `team_id` is valid or it would not be here).
    """
    if f.team is not None:
        return f.team == team_id
    if f.code == "ZT101":
        return False
    if f.location is None:
        return True
    match = _TEAM_FILE.fullmatch(f.location.file) or _TEAM_DIR_FILE.fullmatch(f.location.file)
    return match is None or match["team"] == team_id


def _refuse_errors(errors: list[Finding]) -> None:
    if errors:
        for f in errors:
            print(printable(f.as_text()), file=sys.stderr)
        count = len(errors)
        raise UserError(
            f"not rendered: {count} error{'s' * (count != 1)} "
            "(fix them first; `ztui validate` lists them)"
        )


def _render_target(args: argparse.Namespace) -> tuple[str | None, str | None, str | None]:
    """(team, service, rule) that `--team`, `--service` and `--rule` ask for."""
    team_id: str | None = args.team
    service_name = rule_name = None
    rule_arg: str | None = getattr(args, "rule", None)
    if args.service is not None and rule_arg is not None:
        raise UsageError("give --service (services era) or --rule (later layouts), not both")
    if args.service is not None:
        team_id, service_name = _split_service_arg(team_id, args.service)
        if team_id is None:
            raise UsageError("--service needs its team: --team TEAM or --service TEAM/SERVICE")
    if rule_arg is not None:
        team_id, rule_name = _split_service_arg(team_id, rule_arg, "--rule")
        if team_id is None:
            raise UsageError("--rule needs its team: --team TEAM or --rule TEAM/RULE")
    return team_id, service_name, rule_name


def _check_layout(layout: Layout, service: str | None, rule: str | None) -> None:
    if rule is not None and not layout.rule_based:
        raise UsageError(f"--rule is for the later layouts (netpols, files); this repo "
                         f"(layout {layout.value}) keeps rules on services: use --service")
    if service is not None and layout.rule_based:
        raise UsageError(f"this repo (layout {layout.value}) keeps named rules, not services: "
                         "use --rule RULE or --rule TEAM/RULE")


def run_render(args: argparse.Namespace) -> int:
    """Write the manifests of the repo, a team, a service or a rule as one YAML stream."""
    team_id, service_name, rule_name = _render_target(args)
    ws = open_or_exit(args.repo, [team_id] if team_id else None)
    _check_layout(ws.model.layout, service_name, rule_name)
    if team_id is None:
        _refuse_errors(ws.errors)
        manifests = render_teams(ws.model.teams.values())
    else:
        team = _pick_team(ws, team_id)
        _refuse_errors([f for f in ws.errors if _concerns(f, team_id)])
        if service_name is not None:
            manifests = render_service(team, _pick_service(ws, team, service_name))
        elif rule_name is not None:
            manifests = render_rule(team, _pick_rule(team, rule_name))
        else:
            manifests = render_teams([team])
    sys.stdout.write(to_yaml(manifests))
    return 0
