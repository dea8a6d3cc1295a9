"""Where a values repo keeps its team config, and how it spells it (spec sections 1 and 5).

Opening a repo starts here, before any file is parsed: the file names alone say which files
hold network config (`env/teams.yaml`, `env/teams/services.<team>.yaml`), in which order Otomi
merges them, and which teams exist because some feature file is named after them. The dialect
needs the parsed data: `file_dialect` votes per file from the shape of `teamConfig`, and
`repo_dialect` takes the majority (mode spellings break ties).

The later layouts (spec 5) show in the names too: a team folder holding `settings.yaml` or
`netpols/*.yaml` means one file per rule (FILES), a file `env/teams/netpols.<team>.yaml` means
`netpols` lists (NETPOLS); see `plan_repo` for which wins when several show.

Nothing here follows a symbolic link out of the repo, and a team id that is not a DNS label is
never used to build a path.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from ztui import codes
from ztui.model import Dialect, Finding, Layout, Location
from ztui.repo.folders import TEAMS_DIR as TEAMS_DIR
from ztui.repo.folders import inside_file, team_folders
from ztui.repo.folders import invalid_team as invalid_team
from ztui.repo.folders import valid_team_id as valid_team_id
from ztui.repo.yamlread import new_read

TEAMS_FILE: Final = "env/teams.yaml"
#: `<feature>.<teamId>.yaml` under env/teams/: apps, jobs, services, secrets, ...
_FEATURE_FILE: Final = re.compile(r"^(?P<feature>[A-Za-z0-9_-]+)\.(?P<team>.+)\.yaml$")
_LOOKED_FOR: Final = (
    "looked for env/teams.yaml and env/teams/services.<team>.yaml with a teamConfig key"
)
#: Keys of a team's own mapping. In v1, `teamConfig.teams` maps team ids to such mappings, so
#: finding one of these directly under `teams` means a v2 team that is called `teams`.
TEAM_KEYS: Final = frozenset({
    "id", "password", "oidc", "services", "networkPolicy", "managedMonitoring", "selfService",
    "azureMonitor", "alerts", "resourceQuota", "billingAlertQuotas", "limitRange", "apps",
    "jobs", "workloads", "builds", "backups", "secrets", "sealedsecrets", "externalSecrets",
    "policies", "settings", "netpols",
})


class UnusableRepo(Exception):
    """The path is not a values repo ztui can read; the message is one line saying why."""


def no_values(root: str | Path) -> UnusableRepo:
    """The error for a directory that holds no Otomi team config."""
    return UnusableRepo(f"no Otomi values found in {root}: {_LOOKED_FOR}")


@dataclass(frozen=True, slots=True)
class RepoPlan:
    """What to read, from file names only.

    `files` are the repo-relative files to parse, in Otomi's merge order (later files win).
    `named_teams` maps each valid team id found in a feature file name to those files (they
    are never parsed). `teams` is the restriction asked for, if any.
    """

    root: Path
    files: tuple[str, ...]
    named_teams: Mapping[str, tuple[str, ...]]
    findings: tuple[Finding, ...]
    #: Whether env/teams/ holds services files, or any `<feature>.<team>.yaml` at all.
    has_services_files: bool = False
    has_team_files: bool = False
    teams: frozenset[str] | None = None
    #: A later layout (NETPOLS or FILES) when the names show one; None for the services era,
    #: whose layout (SPLIT or SINGLE) needs the parsed data (`decide_layout`).
    layout: Layout | None = None


def plan_repo(root: str | Path, teams: Collection[str] | None = None) -> RepoPlan:
    """List what to read in `root`, or raise UnusableRepo when it holds no Otomi values.

    `teams` restricts the plan to `env/teams.yaml` and those teams' files. A later layout wins
    over the services era: in a repo that has both, `services.<team>.yaml` files are other
    features' files (they only name teams). A repo with team folders and `netpols.<team>.yaml`
    files is read as FILES (the newer layout), and each netpols file is ZT112, not read.
    """
    new_read()  # links may have changed since the last plan: resolve folders afresh
    given = Path(root)
    if not given.exists():
        raise UnusableRepo(f"{given}: no such directory")
    if not given.is_dir():
        raise UnusableRepo(f"{given} is not a directory")
    base = given.resolve()
    findings: list[Finding] = []
    has_teams_file = inside_file(base, TEAMS_FILE, findings)
    listing, folders = _team_dir_listing(base, findings)
    matches = [match for match in map(_FEATURE_FILE.match, listing) if match]
    features = {match["feature"] for match in matches}
    scan = team_folders(base, folders)
    later = Layout.FILES if scan.found else Layout.NETPOLS if "netpols" in features else None
    if not has_teams_file and not listing and later is None and not findings:
        raise no_values(given)  # a link out is worth a finding
    by_feature: dict[str, list[tuple[str, bool]]] = {"services": [], "netpols": []}
    named = _named_by_files(listing, by_feature, findings)
    if later is Layout.FILES:
        findings.extend(scan.findings)
        findings.extend(_netpols_unread(rel) for rel, _plain in by_feature["netpols"])
        for team_id, folder in scan.teams.items():
            named[team_id] = [folder, *named.get(team_id, [])]
    wanted = _wanted(teams, findings)
    if later is Layout.FILES:
        files = [rel for team_id, rels in scan.files.items() if _in(team_id, wanted)
                 for rel in rels]
    else:
        own = by_feature["netpols" if later is Layout.NETPOLS else "services"]
        files = ([TEAMS_FILE] if has_teams_file else []) + [
            rel for rel, plain in own
            if _in(_feature_team(rel), wanted) and (plain or inside_file(base, rel, findings))
        ]
    return RepoPlan(
        root=base,
        files=tuple(files),
        named_teams={
            team: tuple(rels) for team, rels in sorted(named.items()) if _in(team, wanted)
        },
        findings=tuple(findings),
        has_services_files="services" in features,
        has_team_files=bool(matches),
        teams=wanted,
        layout=later,
    )


def _in(team_id: str | None, wanted: frozenset[str] | None) -> bool:
    return wanted is None or team_id in wanted


def _named_by_files(
    listing: Mapping[str, bool], by_feature: dict[str, list[tuple[str, bool]]],
    findings: list[Finding],
) -> dict[str, list[str]]:
    """The teams named by `<feature>.<team>.yaml` files, with those files (ZT101 for an
    invalid team id); the services and netpols files also go to `by_feature`, each with
    whether it is a plain file."""
    named: dict[str, list[str]] = {}
    for name, plain in listing.items():
        match = _FEATURE_FILE.match(name)
        if match is None:
            continue
        rel = f"{TEAMS_DIR}/{name}"
        team_id, feature = match["team"], match["feature"]
        if valid_team_id(team_id):
            named.setdefault(team_id, []).append(rel)
        else:
            findings.append(invalid_team(team_id, Location(rel, 1, 1)))
        if feature in by_feature:  # read all the same: it may hold valid teams
            by_feature[feature].append((rel, plain))
    return named


def _netpols_unread(rel: str) -> Finding:
    """ZT112 for a `netpols.<team>.yaml` file in a repo that keeps one file per rule."""
    message = (
        "a netpols list in a repo that keeps one file per rule (env/teams/<team>/netpols/): "
        "App Platform does not read it, nor does ztui; move its rules into rule files"
    )
    return codes.finding("ZT112", message, Location(rel, 1, 1))


def _feature_team(rel: str) -> str | None:
    """The team of `env/teams/<feature>.<team>.yaml`, or None for any other file."""
    match = _FEATURE_FILE.match(rel.rpartition("/")[2])
    return match["team"] if match else None


def _wanted(teams: Collection[str] | None, findings: list[Finding]) -> frozenset[str] | None:
    """The requested team ids that are valid; each invalid one is reported and dropped."""
    if teams is None:
        return None
    for team_id in teams:
        if not valid_team_id(team_id):
            findings.append(invalid_team(team_id, None))
    return frozenset(team_id for team_id in teams if valid_team_id(team_id))


def _team_dir_listing(
    base: Path, findings: list[Finding]
) -> tuple[dict[str, bool], dict[str, bool]]:
    """The YAML files in env/teams/ by sorted name (none if it resolves out of the repo), each
    with whether it is a plain file: one inside the repo without resolving it; and likewise
    its folders (or links that may lead to one), each with whether it is a plain folder.

    The directory entry says so at no cost, where `_inside_file` makes several system calls per
    file. That matters beyond their time: the TUI plans in a thread while its screen lays out,
    and each call that releases the GIL waits to get it back (200 files took 0.3 s, not 12 ms).
    """
    folder = base / TEAMS_DIR
    if not folder.is_dir():
        return {}, {}
    real = folder.resolve()
    if not real.is_relative_to(base):
        message = f"is a link to {real}, outside the repo: not read"
        findings.append(codes.finding("ZT007", message, Location(TEAMS_DIR, 1, 1)))
        return {}, {}
    files: dict[str, bool] = {}
    folders: dict[str, bool] = {}
    with os.scandir(real) as entries:
        for entry in entries:
            if entry.name.endswith(".yaml"):
                files[entry.name] = entry.is_file(follow_symlinks=False)
            elif entry.is_dir(follow_symlinks=False):
                folders[entry.name] = True
            elif entry.is_symlink():
                folders[entry.name] = False
    return dict(sorted(files.items())), dict(sorted(folders.items()))


def decide_layout(plan: RepoPlan, teams_file_has_services: bool) -> Layout:
    """SPLIT when services files exist, or when team files exist and env/teams.yaml holds no
    services; SINGLE when env/teams.yaml holds the services or is the only file."""
    if plan.has_services_files:
        return Layout.SPLIT
    if teams_file_has_services or not plan.has_team_files:
        return Layout.SINGLE
    return Layout.SPLIT


def file_dialect(data: Mapping[str, Any]) -> Dialect | None:
    """The dialect the shape of one file's `teamConfig` shows, or None when it shows none.

    v1 keeps teams under `teamConfig.teams`: a mapping of team mappings that has none of a
    team's own keys. Anything else under a non-empty `teamConfig` is v2 (where a team could
    well be called `teams`). An empty `teamConfig`, or one holding only an empty `teams`,
    says nothing.
    """
    config = data.get("teamConfig")
    if not isinstance(config, dict) or not config:
        return None
    teams = config.get("teams")
    if isinstance(teams, dict) and teams:
        if TEAM_KEYS.isdisjoint(teams) and all(
            value is None or isinstance(value, dict) for value in teams.values()
        ):
            return Dialect.V1
        return Dialect.V2
    if "teams" in config and len(config) == 1:
        return None
    return Dialect.V2


def mode_votes(data: Any) -> Counter[Dialect]:
    """How many ingress modes in `data` are spelled as v1 (`allowOnly`) and as v2 (`AllowOnly`)."""
    votes: Counter[Dialect] = Counter()
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            private = node.get("ingressPrivate")
            mode = private.get("mode") if isinstance(private, dict) else None
            if isinstance(mode, str) and mode[:1].isalpha():
                votes[Dialect.V1 if mode[0].islower() else Dialect.V2] += 1
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return votes


def repo_dialect(votes: Mapping[str, Dialect | None], datas: Iterable[Any]) -> Dialect:
    """The majority of the files' votes; mode spellings break a tie; v2 when nothing tells."""
    counts = Counter(vote for vote in votes.values() if vote is not None)
    if counts[Dialect.V1] != counts[Dialect.V2]:
        return Dialect.V1 if counts[Dialect.V1] > counts[Dialect.V2] else Dialect.V2
    spelled: Counter[Dialect] = Counter()
    for data in datas:
        spelled.update(mode_votes(data))
    return Dialect.V1 if spelled[Dialect.V1] > spelled[Dialect.V2] else Dialect.V2


def mixed_dialect(rel: str, dialect: Dialect, repo: Dialect, where: Location | None) -> Finding:
    """ZT008 for a file whose dialect differs from the repo's."""
    roots = {Dialect.V1: "teamConfig.teams.<team>", Dialect.V2: "teamConfig.<team>"}
    message = (
        f"{rel} is written in dialect {dialect.value} ({roots[dialect]}) but most of the repo "
        f"is {repo.value} ({roots[repo]}): its teams are read as {dialect.value}; convert it"
    )
    return codes.finding("ZT008", message, where)


def team_root(dialect: Dialect) -> tuple[str, ...]:
    """The path of the mapping of teams: `teamConfig.teams` (v1) or `teamConfig` (v2)."""
    return ("teamConfig", "teams") if dialect is Dialect.V1 else ("teamConfig",)
