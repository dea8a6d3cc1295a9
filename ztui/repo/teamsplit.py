"""One values file cut into its teams' parts, and Otomi's merge of those parts.

Every layout that keeps teams under `teamConfig` (the services era, and the `netpols` lists of
2024) reads its files the same way: each file gives each team a part (its mapping there and the
marks inside it), and a team's parts are merged in Otomi's order. The loaders of the layouts
differ only in what they build from the merged parts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ztui import codes
from ztui.model import Dialect, FieldPath, Finding, Location
from ztui.repo.build import Marks
from ztui.repo.layout import invalid_team, team_root, valid_team_id
from ztui.repo.lazymarks import FileServiceMarks, LazyMarks
from ztui.repo.nodes import KEY, make_location, new_location
from ztui.repo.yamlread import FileRead


@dataclass(slots=True)
class TeamPart:
    """One file's contribution to a team: its mapping there and the marks inside it."""

    rel: str
    raw: dict[str, Any]
    #: Marks relative to the team mapping, except those inside a service item.
    marks: Marks = field(default_factory=dict)
    #: Marks inside `services[i]`, relative to that item, by i (built when first read).
    service_marks: dict[int, Mapping[FieldPath, Location]] = field(default_factory=dict)
    #: Marks inside `netpols[i]` when split with `rules=True`, as `service_marks`.
    rule_marks: dict[int, Mapping[FieldPath, Location]] = field(default_factory=dict)


def split_file(
    read: FileRead, dialect: Dialect, findings: list[Finding], *, rules: bool = False
) -> dict[str, TeamPart]:
    """Each valid team of one file with its mapping and marks (relative to the team); with
    `rules`, the marks inside `netpols` items go to `rule_marks`, made when first read."""
    root = team_root(dialect)
    teams_value: Any = read.data
    for key in root:
        teams_value = teams_value.get(key) if isinstance(teams_value, dict) else None
    if teams_value is None:
        return {}
    if not isinstance(teams_value, dict):
        message = f"{'.'.join(root)} must be a mapping of teams"
        findings.append(codes.finding("ZT003", message, mark_of(read, root)))
        return {}
    by_key: dict[Any, TeamPart] = {}
    for key, value in teams_value.items():
        raw = value if isinstance(value, dict) else {}
        by_key[key if isinstance(key, str | int) else str(key)] = TeamPart(read.rel, raw)
    _spread_marks(read, len(root), by_key, rules)
    parts: dict[str, TeamPart] = {}
    for key, part in by_key.items():
        team_id = str(key)
        if not valid_team_id(team_id):
            findings.append(invalid_team(team_id, part.marks.get((KEY,))))
            continue
        _check_shape(team_id, teams_value.get(key), part, findings)
        parts[team_id] = part
    return parts


def _spread_marks(read: FileRead, depth: int, by_key: dict[Any, TeamPart], rules: bool) -> None:
    """Hand each mark under the team root to its team, relative to the team; a service item
    (and with `rules` a `netpols` item) gets its start and a `LazyMarks` for the rest (see
    `ztui.repo.lazymarks`).

    This runs once per mark of the repo (300,000 in a large one), so it indexes paths instead
    of slicing prefixes and makes each Location inline.
    """
    table = read.table
    file, v1 = table.file, depth == 2
    first = depth + 1
    lazy: dict[str | int, FileServiceMarks] = {"services": FileServiceMarks(read, depth)}
    if rules:
        lazy["netpols"] = FileServiceMarks(read, depth, "netpols")
    new, set_file, set_line, set_column = new_location()
    for path, line, column in zip(table.paths, table.lines, table.columns, strict=True):
        size = len(path)
        if size <= depth or path[0] != "teamConfig" or (v1 and path[1] != "teams"):
            continue
        source = lazy.get(path[first]) if size > first + 1 else None
        if source is not None and size > first + 2:
            continue  # a mark inside a list item: `source` makes it when asked
        part = by_key.get(path[depth])
        if part is None:
            continue
        loc = new(Location)
        set_file(loc, file)
        set_line(loc, line + 1)
        set_column(loc, column + 1)
        if source is not None:
            index: Any = path[first + 1]
            if type(index) is int and index >= 0:  # an item, not the KEY mark of the list
                items = part.service_marks if path[first] == "services" else part.rule_marks
                items[index] = LazyMarks(source, path[depth], index, loc)
                continue
        part.marks[path[first:]] = loc


def _check_shape(team_id: str, value: Any, part: TeamPart, findings: list[Finding]) -> None:
    """ZT003 for a team, a `services` value or a service item of the wrong kind (they are
    skipped by the model, so the schema would not see them)."""
    if value is not None and not isinstance(value, dict):
        message = f"team {team_id}: expected a mapping of settings, not {kind_of(value)}"
        findings.append(codes.finding("ZT003", message, part.marks.get(()), team=team_id))
        return
    services = part.raw.get("services")
    if services is None or "services" not in part.raw:
        return
    if not isinstance(services, list):
        message = f"team {team_id}: services must be a list, not {kind_of(services)}"
        where = part.marks.get(("services",))
        findings.append(codes.finding("ZT003", message, where, team=team_id, path="services"))
        return
    for index, item in enumerate(services):
        if not isinstance(item, dict):
            where = part.service_marks.get(index, {}).get(())
            message = f"team {team_id}: services[{index}] must be a mapping, not {kind_of(item)}"
            path = f"services[{index}]"
            findings.append(codes.finding("ZT003", message, where, team=team_id, path=path))


def merge_settings(
    parts: list[TeamPart], lists: frozenset[str]
) -> tuple[dict[str, Any], Marks, TeamPart]:
    """A team's settings from its parts in merge order, as Otomi merges values files.

    Every key but `lists` (a list the caller takes whole from one part: `services`, `netpols`)
    is deep-merged, and the marks kept are those of the values the merge kept. Also returns the
    last part that holds settings (the first part when none does): its marks anchor the team.
    """
    settings: dict[str, Any] = {}
    marks: Marks = {}
    settings_part = parts[0]
    for part in parts:
        own = {key: value for key, value in part.raw.items() if key not in lists}
        if own:
            settings_part = part
        replaced: set[FieldPath] = set()
        settings = deep_merge(settings, own, (), replaced)
        if replaced:
            marks = {p: loc for p, loc in marks.items() if not under(p, replaced)}
        marks.update((p, loc) for p, loc in part.marks.items() if not (p and p[0] in lists))
    for anchor in ((), (KEY,)):
        if anchor in settings_part.marks:
            marks[anchor] = settings_part.marks[anchor]
    return settings, marks, settings_part


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


def under(path: FieldPath, prefixes: set[FieldPath]) -> bool:
    """Whether `path` is one of `prefixes` or lies below one of them."""
    return any(path[:end] in prefixes for end in range(1, len(path) + 1))


def mark_of(read: FileRead, path: FieldPath) -> Location:
    """Where the key at `path` is written in `read` (the file's start when it is not there).

    A linear scan: for rare findings only.
    """
    table = read.table
    try:
        index = table.paths.index((*path, KEY))
    except ValueError:
        return Location(read.rel, 1, 1)
    return make_location(read.rel, table.lines[index] + 1, table.columns[index] + 1)


def kind_of(value: Any) -> str:
    """What a value of the wrong type is, for a message: a list, a mapping, the value 5."""
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"the value {value!r:.40}"
