"""`ztui validate` and `ztui render`: the read-only verbs over a whole repo or one team."""

from __future__ import annotations

import argparse
import json
import re
import sys

from ztui.cli.errors import UsageError, UserError, printable
from ztui.model import Finding, RepoModel, Service, Team
from ztui.render.manifests import render_service, render_teams
from ztui.render.text import to_yaml
from ztui.repo.layout import TEAMS_DIR, UnusableRepo
from ztui.repo.loader import load_repo
from ztui.workspace import Workspace, open_workspace

#: `env/teams/<feature>.<team>.yaml`: a file of one team (services, apps, secrets, ...).
_TEAM_FILE = re.compile(rf"{TEAMS_DIR}/[A-Za-z0-9_-]+\.(?P<team>[^/]+)\.yaml")


def open_or_exit(
    repo: str, teams: list[str] | None = None, *, notices: bool = False
) -> Workspace:
    """The workspace of `repo`, or a usage error (exit 2) when it holds no Otomi values."""
    try:
        return open_workspace(repo, teams=teams, notices=notices)
    except UnusableRepo as exc:
        raise UsageError(str(exc)) from exc


def describe(model: RepoModel) -> str:
    """The line `ztui validate` starts with: what was detected and how much of it."""
    services = sum(len(t.services) for t in model.teams.values())
    return (
        f"{model.root}: layout {model.layout.value}, dialect {model.dialect.value}, "
        f"{len(model.teams)} teams, {services} services, {len(model.files)} files"
    )


def describe_finding(f: Finding, key: str) -> str:
    """A finding about `key` (team/service) as one line, with its field path when known."""
    where = f"{f.location}: " if f.location else ""
    field = f" {f.path}:" if f.path and f.path not in f.message else ""
    return f"{where}{f.severity.value} {f.code} {key}:{field} {f.message}"


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


def _split_service_arg(team: str | None, service: str) -> tuple[str | None, str]:
    if "/" in service:
        owner, _, name = service.partition("/")
        if team is not None and team != owner:
            raise UsageError(f"--service {service} names team {owner!r} but --team is {team!r}")
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
    match = _TEAM_FILE.fullmatch(f.location.file) if f.location else None
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


def run_render(args: argparse.Namespace) -> int:
    """Write the manifests of the repo, a team, or a service as one YAML stream."""
    team_id: str | None = args.team
    service_name: str | None = None
    if args.service is not None:
        team_id, service_name = _split_service_arg(team_id, args.service)
        if team_id is None:
            raise UsageError("--service needs its team: --team TEAM or --service TEAM/SERVICE")
    ws = open_or_exit(args.repo, [team_id] if team_id else None)
    if team_id is None:
        _refuse_errors(ws.errors)
        manifests = render_teams(ws.model.teams.values())
    else:
        team = _pick_team(ws, team_id)
        _refuse_errors([f for f in ws.errors if _concerns(f, team_id)])
        if service_name is None:
            manifests = render_teams([team])
        else:
            manifests = render_service(team, _pick_service(ws, team, service_name))
    sys.stdout.write(to_yaml(manifests))
    return 0
