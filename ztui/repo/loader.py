"""Loading a values repo into a RepoModel: plan, read, assemble.

The three steps are separate so a caller can read files in parallel (`read_file` is pure and
its result picklable) and assemble in one place:

    plan = plan_repo(root)                                  # names only, may raise UnusableRepo
    reads = [read_file(plan.root, rel) for rel in plan.files]   # or a ProcessPoolExecutor
    model = assemble(plan, reads)

Assembling merges files as Otomi does: `env/teams.yaml` first, then `env/teams/*.yaml` by name,
mappings merging recursively and a later list or scalar replacing an earlier one. A team's
`services` list is taken whole from the last file that has one (ZT208 when two files do), and
its services' marks point into that file. Each file is read in its own dialect when the repo
mixes them (ZT008), so every team still shows. A broken file gives its findings and nothing
else; every other team loads.

The later layouts (spec 5: `netpols` lists, one file per rule) are planned by the same
`plan_repo` and assembled by `ztui.repo.later`; the steps and the model's files and hashes are
the same for every layout.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from pathlib import Path

from ztui import codes
from ztui.model import Dialect, FieldPath, Finding, Layout, Location, RepoModel, Team
from ztui.repo.build import team_from_parts
from ztui.repo.later import assemble_rule_based
from ztui.repo.layout import (
    TEAMS_FILE,
    RepoPlan,
    UnusableRepo,
    decide_layout,
    file_dialect,
    mixed_dialect,
    no_values,
    plan_repo,
    repo_dialect,
)
from ztui.repo.nodes import KEY
from ztui.repo.teamsplit import TeamPart, mark_of, merge_settings, split_file
from ztui.repo.yamlread import FileRead, gc_paused, read_file

__all__ = ["UnusableRepo", "assemble", "load_repo", "plan"]


def plan(root: str | Path, *, teams: Collection[str] | None = None) -> RepoPlan:
    """What to read in `root` (see `ztui.repo.layout.plan_repo`)."""
    return plan_repo(root, teams)


def load_repo(root: str | Path, *, teams: Collection[str] | None = None) -> RepoModel:
    """Read the repo at `root` sequentially; with `teams`, only what those teams need.

    Raises UnusableRepo when `root` holds no Otomi values; every other problem is a finding.
    """
    repo_plan = plan(root, teams=teams)
    with gc_paused():  # the collector walks what is read once at the end, not every few files
        return assemble(repo_plan, [read_file(repo_plan.root, rel) for rel in repo_plan.files])


def assemble(repo_plan: RepoPlan, reads: list[FileRead]) -> RepoModel:
    """The RepoModel from the plan and the reads of its files (in any order)."""
    with gc_paused():  # a large repo makes ~10^5 objects here; see yamlread.gc_paused
        return _assemble(repo_plan, reads)


def _assemble(repo_plan: RepoPlan, reads: list[FileRead]) -> RepoModel:
    by_rel = {read.rel: read for read in reads}
    ordered = [by_rel[rel] for rel in repo_plan.files if rel in by_rel]
    findings = [*repo_plan.findings, *(f for read in ordered for f in read.findings)]
    parsed = [read for read in ordered if read.data is not None]
    files = [read.rel for read in ordered if read.skipped is None]
    hashes = {read.rel: read.sha256 for read in ordered if read.skipped is None and read.sha256}
    root = str(repo_plan.root)
    if repo_plan.layout is not None and repo_plan.layout.rule_based:
        teams = assemble_rule_based(repo_plan, parsed, findings)
        return RepoModel(root, repo_plan.layout, Dialect.V2, teams, findings, files, hashes)
    _check_usable(repo_plan, ordered, parsed)
    dialect, parts = team_parts(parsed, findings)
    has_services = any(
        "services" in part.raw for team in parts.values() for part in team
        if part.rel == TEAMS_FILE
    )
    layout = decide_layout(repo_plan, has_services)
    wanted = repo_plan.teams
    teams = {
        team_id: merge_team(team_id, team_parts, layout, findings)
        for team_id, team_parts in parts.items()
        if wanted is None or team_id in wanted
    }
    for team_id in sorted(repo_plan.named_teams):
        if team_id not in teams and (wanted is None or team_id in wanted):
            teams[team_id] = _named_only(team_id, repo_plan.named_teams[team_id][0], layout)
    return RepoModel(root, layout, dialect, teams, findings, files, hashes)


def team_parts(
    parsed: list[FileRead], findings: list[Finding]
) -> tuple[Dialect, dict[str, list[TeamPart]]]:
    """The repo's dialect, and each team's parts in merge order (ZT008 for odd files out)."""
    votes = {read.rel: file_dialect(read.data or {}) for read in parsed}
    dialect = repo_dialect(votes, (read.data for read in parsed))
    parts: dict[str, list[TeamPart]] = {}
    for read in parsed:
        vote = votes[read.rel]
        if vote is not None and vote is not dialect:
            findings.append(mixed_dialect(read.rel, vote, dialect, mark_of(read, ("teamConfig",))))
        for team_id, part in split_file(read, vote or dialect, findings).items():
            parts.setdefault(team_id, []).append(part)
    return dialect, parts


def _named_only(team_id: str, named_by: str, layout: Layout) -> Team:
    """A team that only a feature file's name tells of: all defaults, no services."""
    return team_from_parts(
        team_id, {}, {}, {}, Location(named_by, 1, 1),
        settings_file=TEAMS_FILE, services_file=default_services_file(team_id, layout),
    )


def default_services_file(team_id: str, layout: Layout) -> str:
    """Where a team's services live when no file has them yet: where they would be written."""
    return f"env/teams/services.{team_id}.yaml" if layout is Layout.SPLIT else TEAMS_FILE


def _check_usable(repo_plan: RepoPlan, ordered: list[FileRead], parsed: list[FileRead]) -> None:
    """Raise UnusableRepo when nothing read or named looks like Otomi team config."""
    has_config = any("teamConfig" in (read.data or {}) for read in parsed)
    broken = bool(repo_plan.findings) or any(
        read.data is None and read.skipped is None for read in ordered
    )
    if not (has_config or broken or repo_plan.has_team_files):
        raise no_values(repo_plan.root)


#: The list a services-era team takes whole from one part; the rest of its keys are merged.
_SERVICES = frozenset({"services"})


def merge_team(
    team_id: str, parts: list[TeamPart], layout: Layout, findings: list[Finding]
) -> Team:
    """One team from its parts in merge order: settings deep-merged, services from the last."""
    services_part: TeamPart | None = None
    for part in parts:
        if "services" in part.raw:
            if services_part is not None:
                findings.append(_services_twice(team_id, services_part, part))
            services_part = part
    settings, settings_marks, settings_part = merge_settings(parts, _SERVICES)
    raw = settings
    service_marks: dict[int, Mapping[FieldPath, Location]] = {}
    if services_part is not None:
        raw = {**settings, "services": services_part.raw["services"]}
        settings_marks.update(
            (p, loc) for p, loc in services_part.marks.items() if p[:1] == ("services",)
        )
        service_marks = services_part.service_marks
    services_file = services_part.rel if services_part else None
    return team_from_parts(
        team_id, raw, settings_marks, service_marks, settings_marks.get((KEY,)),
        settings_file=settings_part.rel if _has_settings(settings_part) else TEAMS_FILE,
        services_file=services_file or default_services_file(team_id, layout),
    )


def _has_settings(part: TeamPart) -> bool:
    return any(key != "services" for key in part.raw)


def _services_twice(team_id: str, first: TeamPart, later: TeamPart) -> Finding:
    message = (
        f"team {team_id}: services are listed in {first.rel} and in {later.rel}; "
        f"Otomi keeps only the list in {later.rel}"
    )
    where = later.marks.get(("services", KEY)) or later.marks.get(("services",))
    return codes.finding("ZT208", message, where, team=team_id, path="services")
