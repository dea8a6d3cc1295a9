"""Assembling a repo of a later layout (spec 5) into teams with named rules.

NETPOLS (2024) keeps `teamConfig` files: `env/teams.yaml` with the team switches (dialect v2)
and `env/teams/netpols.<team>.yaml` with `teamConfig.<team>.netpols: [...]`. They are cut into
team parts and merged as in the services era (`ztui.repo.teamsplit`); each `netpols` item is a
Rule with marks relative to the item. `services` are other features' data here: they are not
read into the model, but a `networkPolicy` on one in `env/teams.yaml` is ZT212 (App Platform
ignores it, and the person may think it applies).

FILES (2025 on) keeps one document per file: `env/teams/<team>/settings.yaml` (an
`AplTeamSettingSet`, whose `spec` is read as the team's mapping) and one
`AplTeamNetworkControl` per rule in `env/teams/<team>/netpols/<name>.yaml`. A document of the
wrong kind, one whose team label is not its folder's team, or a rule whose name is not its file
name is ZT112: App Platform would read it elsewhere or not at all. A team folder without
`settings.yaml` is still a team, with both switches on.
"""

from __future__ import annotations

from ztui import codes
from ztui.model import Dialect, FieldPath, Finding, Layout, Location, Rule, Team
from ztui.repo.build import Marks, team_from_parts
from ztui.repo.build_rules import build_rule
from ztui.repo.folders import TEAMS_DIR, rules_dir, settings_file
from ztui.repo.layout import TEAMS_FILE, RepoPlan, file_dialect, mixed_dialect
from ztui.repo.lazymarks import DeferredMarks
from ztui.repo.nodes import KEY, MarkTable, make_location
from ztui.repo.teamsplit import TeamPart, kind_of, mark_of, merge_settings, split_file
from ztui.repo.yamlread import FileRead
from ztui.rule_edits import RULE_KIND, SETTINGS_KIND, TEAM_LABEL

_SKIPPED = frozenset({"netpols", "services"})


def assemble_rule_based(
    plan: RepoPlan, parsed: list[FileRead], findings: list[Finding]
) -> dict[str, Team]:
    """The teams of a NETPOLS or FILES repo from its parsed files (in plan order)."""
    if plan.layout is Layout.FILES:
        return _files_teams(plan, parsed, findings)
    return _netpols_teams(plan, parsed, findings)


def netpols_file(team_id: str) -> str:
    """Where a team's `netpols` list is, or would be written, in the NETPOLS layout."""
    return f"{TEAMS_DIR}/netpols.{team_id}.yaml"


def _netpols_teams(
    plan: RepoPlan, parsed: list[FileRead], findings: list[Finding]
) -> dict[str, Team]:
    parts: dict[str, list[TeamPart]] = {}
    for read in parsed:
        vote = file_dialect(read.data or {})
        if vote is Dialect.V1:
            where = mark_of(read, ("teamConfig",))
            findings.append(mixed_dialect(read.rel, vote, Dialect.V2, where))
        for team_id, part in split_file(
            read, vote or Dialect.V2, findings, rules=True
        ).items():
            parts.setdefault(team_id, []).append(part)
    wanted = plan.teams
    teams = {
        team_id: _netpols_team(team_id, team_parts, findings)
        for team_id, team_parts in parts.items()
        if wanted is None or team_id in wanted
    }
    for team_id, named_by in sorted(plan.named_teams.items()):
        if team_id not in teams:
            teams[team_id] = _bare_team(team_id, Location(named_by[0], 1, 1), Layout.NETPOLS)
    return teams


def _netpols_team(team_id: str, parts: list[TeamPart], findings: list[Finding]) -> Team:
    """One team from its parts in merge order: settings deep-merged, rules from the last
    `netpols` list (Otomi's merge replaces a list whole)."""
    rules_part: TeamPart | None = None
    for part in parts:
        if "netpols" in part.raw:
            rules_part = part
        if part.rel == TEAMS_FILE:
            findings.extend(_ignored_policies(team_id, part))
    settings, marks, _ = merge_settings(parts, _SKIPPED)
    team = team_from_parts(
        team_id, settings, marks, {}, marks.get((KEY,)), settings_file=TEAMS_FILE
    )
    team.rule_based, team.rules_file = True, netpols_file(team_id)
    if rules_part is not None:
        team.rules = _netpols_rules(team_id, rules_part, findings)
    return team


def _netpols_rules(team_id: str, part: TeamPart, findings: list[Finding]) -> list[Rule]:
    """A Rule per mapping of the part's `netpols` list (ZT003 for anything else)."""
    items = part.raw["netpols"]
    if items is None:
        return []
    if not isinstance(items, list):
        message = f"team {team_id}: netpols must be a list of rules, not {kind_of(items)}"
        where = part.marks.get(("netpols",))
        findings.append(codes.finding("ZT003", message, where, team=team_id, path="netpols"))
        return []
    by_item = part.rule_marks  # each item's marks are made when first read
    rules: list[Rule] = []
    for index, item in enumerate(items):
        item_marks = by_item.get(index, {})
        if not isinstance(item, dict):
            message = f"team {team_id}: netpols[{index}] must be a mapping, not {kind_of(item)}"
            findings.append(codes.finding(
                "ZT003", message, item_marks.get(()), team=team_id, path=f"netpols[{index}]"
            ))
            continue
        rules.append(build_rule(
            team_id, item, marks=item_marks, location=item_marks.get(()), file=part.rel
        ))
    return rules


def _ignored_policies(team_id: str, part: TeamPart) -> list[Finding]:
    """ZT212 for each service of env/teams.yaml that has a `networkPolicy`."""
    services = part.raw.get("services")
    if not isinstance(services, list):
        return []
    found: list[Finding] = []
    for index, item in enumerate(services):
        if not isinstance(item, dict) or "networkPolicy" not in item:
            continue
        name = item.get("name")
        service = name if isinstance(name, str) else None
        item_marks = part.service_marks.get(index, {})
        where = item_marks.get(("networkPolicy", KEY)) or item_marks.get(())
        message = (
            f"team {team_id}: service {service or index}: its networkPolicy is ignored in the "
            "netpols layout, which takes rules from netpols lists only: it renders nothing"
        )
        found.append(codes.finding(
            "ZT212", message, where, team=team_id, service=service,
            path=f"services[{index}].networkPolicy",
        ))
    return found


def _bare_team(team_id: str, location: Location, layout: Layout) -> Team:
    """A team that only a file or folder name tells of: switches on, no rules."""
    team = team_from_parts(
        team_id, {}, {}, {}, location,
        settings_file=settings_file(team_id) if layout is Layout.FILES else TEAMS_FILE,
    )
    team.rule_based = True
    team.rules_file = rules_dir(team_id) if layout is Layout.FILES else netpols_file(team_id)
    return team


def _files_teams(
    plan: RepoPlan, parsed: list[FileRead], findings: list[Finding]
) -> dict[str, Team]:
    by_team: dict[str, list[FileRead]] = {}
    for read in parsed:
        by_team.setdefault(read.rel.split("/")[2], []).append(read)
    teams: dict[str, Team] = {}
    for team_id, named_by in sorted(plan.named_teams.items()):
        reads = by_team.get(team_id, [])
        settings = next((r for r in reads if r.rel == settings_file(team_id)), None)
        if settings is None:
            team = _bare_team(team_id, Location(named_by[0], 1, 1), Layout.FILES)
        else:
            team = _settings_team(team_id, settings, findings)
        team.rules = [
            _file_rule(team_id, read, findings) for read in reads
            if read.rel.startswith(f"{rules_dir(team_id)}/")
        ]
        teams[team_id] = team
    return teams


def _settings_team(team_id: str, read: FileRead, findings: list[Finding]) -> Team:
    """The team that an `AplTeamSettingSet` describes: its `spec` is the team's mapping."""
    data = read.data or {}
    _check_document(read, SETTINGS_KIND, team_id, findings)
    spec = data.get("spec")
    marks: Marks = {}
    if isinstance(spec, dict):
        marks = {path[1:]: loc for path, loc in read.marks.items() if path[:1] == ("spec",)}
    elif spec is not None:
        message = f"team {team_id}: spec must be a mapping of team settings, not {kind_of(spec)}"
        where = read.marks.get(("spec",))
        findings.append(codes.finding("ZT003", message, where, team=team_id, path="spec"))
    location = marks.get((KEY,)) or Location(read.rel, 1, 1)
    team = team_from_parts(
        team_id, spec if isinstance(spec, dict) else {}, marks, {}, location,
        settings_file=read.rel,
    )
    team.rule_based, team.rules_file = True, rules_dir(team_id)
    return team


def _file_rule(team_id: str, read: FileRead, findings: list[Finding]) -> Rule:
    """The rule of one `AplTeamNetworkControl` document, named by `metadata.name` (by its
    file when that is not text)."""
    data = read.data or {}
    stem = read.rel.rpartition("/")[2].removesuffix(".yaml")
    metadata = data.get("metadata")
    name = metadata.get("name") if isinstance(metadata, dict) else None
    table = read.table
    start = table.paths.index(()) if () in table.paths else None
    location = (
        make_location(read.rel, table.lines[start] + 1, table.columns[start] + 1)
        if start is not None else Location(read.rel, 1, 1)
    )
    rule = build_rule(
        team_id, data, base=("spec",), name=name if isinstance(name, str) else stem,
        marks=DocumentMarks(table), location=location, file=read.rel,
    )
    _check_document(read, RULE_KIND, team_id, findings, rule=rule.name)
    if name != stem:
        shown = "no metadata.name" if name is None else f"metadata.name {name!r}"
        message = (
            f"the rule file {stem}.yaml has {shown}: a rule file must be named after its "
            "rule, or App Platform reads the rule under another name"
        )
        findings.append(_misplaced(read, ("metadata", "name"), message, team_id, rule.name))
    return rule


def _check_document(
    read: FileRead, kind: str, team_id: str, findings: list[Finding], rule: str | None = None
) -> None:
    """ZT112 when the document's kind or its `apl.io/teamId` label is not what its place in
    the repo says."""
    data = read.data or {}
    found = data.get("kind")
    if found != kind:
        shown = "no kind" if found is None else f"kind {found!r}"
        what = "a rule" if kind == RULE_KIND else "team settings"
        message = f"the document has {shown}, not {kind}: App Platform does not read it as {what}"
        findings.append(_misplaced(read, ("kind",), message, team_id, rule))
    metadata = data.get("metadata")
    labels = metadata.get("labels") if isinstance(metadata, dict) else None
    label = labels.get(TEAM_LABEL) if isinstance(labels, dict) else None
    if label != team_id:
        shown = f"no label {TEAM_LABEL}" if label is None else f"{TEAM_LABEL} {label!r}"
        message = (
            f"the document has {shown} but is in the folder of team {team_id}: "
            f"label it {TEAM_LABEL}: {team_id}"
        )
        findings.append(_misplaced(read, ("metadata", "labels", TEAM_LABEL), message,
                                   team_id, rule))


def _misplaced(
    read: FileRead, path: FieldPath, message: str, team_id: str, rule: str | None
) -> Finding:
    """ZT112 at the value at `path` (or its nearest ancestor that is written)."""
    where = None
    probe = path
    while probe and where is None:
        where = read.marks.get(probe)
        probe = probe[:-1]
    return codes.finding(
        "ZT112", message, where or Location(read.rel, 1, 1), team=team_id, rule=rule,
        path=".".join(str(part) for part in path),
    )


class DocumentMarks(DeferredMarks):
    """The marks of one rule file, made when first asked for (5,000 rule files' marks made up
    front were a sixth of the time to open them)."""

    __slots__ = ("_table",)

    def __init__(self, table: MarkTable) -> None:
        super().__init__()
        self._table = table

    def _build(self) -> dict[FieldPath, Location]:
        return self._table.locations()
