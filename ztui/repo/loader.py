"""Loading a services-era values repo into a RepoModel: plan, read, assemble.

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
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ztui import codes
from ztui.model import Dialect, FieldPath, Finding, Layout, Location, RepoModel, Team
from ztui.repo.build import Marks, team_from_parts
from ztui.repo.layout import (
    TEAMS_FILE,
    RepoPlan,
    UnusableRepo,
    decide_layout,
    file_dialect,
    invalid_team,
    mixed_dialect,
    no_values,
    plan_repo,
    repo_dialect,
    team_root,
    valid_team_id,
)
from ztui.repo.lazymarks import FileServiceMarks, LazyMarks
from ztui.repo.nodes import KEY, make_location, new_location
from ztui.repo.yamlread import FileRead, gc_paused, read_file

__all__ = ["UnusableRepo", "assemble", "load_repo", "plan"]


@dataclass(slots=True)
class TeamPart:
    """One file's contribution to a team: its mapping there and the marks inside it."""

    rel: str
    raw: dict[str, Any]
    #: Marks relative to the team mapping, except those inside a service item.
    marks: Marks = field(default_factory=dict)
    #: Marks inside `services[i]`, relative to that item, by i (built when first read).
    service_marks: dict[int, Mapping[FieldPath, Location]] = field(default_factory=dict)


def plan(root: str | Path, *, teams: Collection[str] | None = None) -> RepoPlan:
    """What to read in `root` (see `ztui.repo.layout.plan_repo`)."""
    return plan_repo(root, teams)


def load_repo(root: str | Path, *, teams: Collection[str] | None = None) -> RepoModel:
    """Read the repo at `root` sequentially; with `teams`, only what those teams need.

    Raises UnusableRepo when `root` holds no Otomi values; every other problem is a finding.
    """
    repo_plan = plan(root, teams=teams)
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
    files = [read.rel for read in ordered if read.skipped is None]
    hashes = {read.rel: read.sha256 for read in ordered if read.skipped is None and read.sha256}
    return RepoModel(str(repo_plan.root), layout, dialect, teams, findings, files, hashes)


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
            findings.append(mixed_dialect(read.rel, vote, dialect, _mark(read, ("teamConfig",))))
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


def split_file(read: FileRead, dialect: Dialect, findings: list[Finding]) -> dict[str, TeamPart]:
    """Each valid team of one file with its mapping and marks (relative to the team)."""
    root = team_root(dialect)
    teams_value: Any = read.data
    for key in root:
        teams_value = teams_value.get(key) if isinstance(teams_value, dict) else None
    if teams_value is None:
        return {}
    if not isinstance(teams_value, dict):
        message = f"{'.'.join(root)} must be a mapping of teams"
        findings.append(codes.finding("ZT003", message, _mark(read, root)))
        return {}
    by_key: dict[Any, TeamPart] = {}
    for key, value in teams_value.items():
        raw = value if isinstance(value, dict) else {}
        by_key[key if isinstance(key, str | int) else str(key)] = TeamPart(read.rel, raw)
    _spread_marks(read, len(root), by_key)
    parts: dict[str, TeamPart] = {}
    for key, part in by_key.items():
        team_id = str(key)
        if not valid_team_id(team_id):
            findings.append(invalid_team(team_id, part.marks.get((KEY,))))
            continue
        _check_shape(team_id, teams_value.get(key), part, findings)
        parts[team_id] = part
    return parts


def _spread_marks(read: FileRead, depth: int, by_key: dict[Any, TeamPart]) -> None:
    """Hand each mark under the team root to its team, relative to the team; a service item
    gets its start and a `LazyMarks` for the rest (see `ztui.repo.lazymarks`).

    This runs once per mark of the repo (300,000 in a large one), so it indexes paths instead
    of slicing prefixes and makes each Location inline.
    """
    table = read.table
    file, v1 = table.file, depth == 2
    first = depth + 1
    lazy = FileServiceMarks(read, depth)
    new, set_file, set_line, set_column = new_location()
    for path, line, column in zip(table.paths, table.lines, table.columns, strict=True):
        if len(path) <= depth or path[0] != "teamConfig" or (v1 and path[1] != "teams"):
            continue
        inside = len(path) > first + 1 and path[first] == "services"
        if inside and len(path) > first + 2:
            continue  # a mark inside a service item: `lazy` makes it when asked
        part = by_key.get(path[depth])
        if part is None:
            continue
        loc = new(Location)
        set_file(loc, file)
        set_line(loc, line + 1)
        set_column(loc, column + 1)
        if inside:
            index: Any = path[first + 1]
            if type(index) is int and index >= 0:  # an item, not the KEY mark of `services`
                part.service_marks[index] = LazyMarks(lazy, path[depth], index, loc)
                continue
        part.marks[path[first:]] = loc


def _check_shape(team_id: str, value: Any, part: TeamPart, findings: list[Finding]) -> None:
    """ZT003 for a team, a `services` value or a service item of the wrong kind (they are
    skipped by the model, so the schema would not see them)."""
    if value is not None and not isinstance(value, dict):
        message = f"team {team_id}: expected a mapping of settings, not {_kind(value)}"
        findings.append(codes.finding("ZT003", message, part.marks.get(()), team=team_id))
        return
    services = part.raw.get("services")
    if services is None or "services" not in part.raw:
        return
    if not isinstance(services, list):
        message = f"team {team_id}: services must be a list, not {_kind(services)}"
        where = part.marks.get(("services",))
        findings.append(codes.finding("ZT003", message, where, team=team_id, path="services"))
        return
    for index, item in enumerate(services):
        if not isinstance(item, dict):
            where = part.service_marks.get(index, {}).get(())
            message = f"team {team_id}: services[{index}] must be a mapping, not {_kind(item)}"
            path = f"services[{index}]"
            findings.append(codes.finding("ZT003", message, where, team=team_id, path=path))


def merge_team(
    team_id: str, parts: list[TeamPart], layout: Layout, findings: list[Finding]
) -> Team:
    """One team from its parts in merge order: settings deep-merged, services from the last."""
    settings: dict[str, Any] = {}
    settings_marks: Marks = {}
    services_part: TeamPart | None = None
    settings_part: TeamPart | None = None
    for part in parts:
        if "services" in part.raw:
            if services_part is not None:
                findings.append(_services_twice(team_id, services_part, part))
            services_part = part
        own = {key: value for key, value in part.raw.items() if key != "services"}
        if own or settings_part is None:
            settings_part = part
        replaced: set[FieldPath] = set()
        settings = deep_merge(settings, own, (), replaced)
        if replaced:
            settings_marks = {
                p: loc for p, loc in settings_marks.items() if not _under(p, replaced)
            }
        settings_marks.update(
            (p, loc) for p, loc in part.marks.items() if not (p and p[0] == "services")
        )
    assert settings_part is not None  # a team has at least one part
    for anchor in ((), (KEY,)):
        if anchor in settings_part.marks:
            settings_marks[anchor] = settings_part.marks[anchor]
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


def deep_merge(
    base: dict[str, Any], over: dict[str, Any], path: FieldPath, replaced: set[FieldPath]
) -> dict[str, Any]:
    """`over` merged onto `base` as Otomi merges values files, without changing either.

    Mappings merge key by key; anything else in `over` replaces what `base` had (the paths of
    replaced values are added to `replaced`, so their stale marks can be dropped).
    """
    out = dict(base)
    for key, value in over.items():
        old = out.get(key)
        if isinstance(value, dict) and isinstance(old, dict):
            out[key] = deep_merge(old, value, (*path, key), replaced)
        else:
            if key in out:
                replaced.add((*path, key))
            out[key] = value
    return out


def _under(path: FieldPath, prefixes: set[FieldPath]) -> bool:
    return any(path[:end] in prefixes for end in range(1, len(path) + 1))


def _has_settings(part: TeamPart) -> bool:
    return any(key != "services" for key in part.raw)


def _services_twice(team_id: str, first: TeamPart, later: TeamPart) -> Finding:
    message = (
        f"team {team_id}: services are listed in {first.rel} and in {later.rel}; "
        f"Otomi keeps only the list in {later.rel}"
    )
    where = later.marks.get(("services", KEY)) or later.marks.get(("services",))
    return codes.finding("ZT208", message, where, team=team_id, path="services")


def _mark(read: FileRead, path: FieldPath) -> Location | None:
    """Where the key at `path` is written in `read` (a linear scan: for rare findings only)."""
    table = read.table
    try:
        index = table.paths.index((*path, KEY))
    except ValueError:
        return Location(read.rel, 1, 1)
    return make_location(read.rel, table.lines[index] + 1, table.columns[index] + 1)


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"the value {value!r:.40}"
