"""The team folders of the file-per-rule layout (spec 5), found from names alone.

`env/teams/<team>/settings.yaml` holds a team's switches and `env/teams/<team>/netpols/*.yaml`
its rules, one per file. Other files of a team folder (`workloads/`, `services/`, ...) belong
to other features: they are never listed, so never parsed.

Like the rest of planning, this never follows a symbolic link out of the repo (ZT007) and never
builds a path from a folder name that is not a valid team id (ZT101).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from ztui import codes
from ztui.model import DNS_LABEL, MAX_TEAM_ID, Finding, Location

TEAMS_DIR: Final = "env/teams"
SETTINGS_NAME: Final = "settings.yaml"
RULES_DIR: Final = "netpols"


@dataclass(slots=True)
class FolderScan:
    """What the team folders hold: `found` says whether any holds a settings or rule file.

    `teams` maps each team (a valid folder name) to its folder, `files` each team to its files
    to read (settings first, then its rules by name). `findings` only matter when the repo is
    read in this layout (a services-era repo may have folders that are not teams).
    """

    found: bool = False
    teams: dict[str, str] = field(default_factory=dict)
    files: dict[str, tuple[str, ...]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)


def valid_team_id(team_id: str) -> bool:
    """A lower-case DNS label short enough for the namespace `team-<id>` (spec 1.0)."""
    return len(team_id) <= MAX_TEAM_ID and DNS_LABEL.match(team_id) is not None


def invalid_team(team_id: str, where: Location | None) -> Finding:
    """ZT101 for a team id that is not a lower-case DNS label of at most 58 characters."""
    message = (
        f"team id {team_id!r} is not a lower-case DNS label of at most {MAX_TEAM_ID} "
        "characters: the team is not loaded"
    )
    return codes.finding("ZT101", message, where)


def settings_file(team_id: str) -> str:
    """Where a team's `AplTeamSettingSet` is, or would be written."""
    return f"{TEAMS_DIR}/{team_id}/{SETTINGS_NAME}"


def rules_dir(team_id: str) -> str:
    """The folder of a team's rule files."""
    return f"{TEAMS_DIR}/{team_id}/{RULES_DIR}"


def team_folders(base: Path, folders: Mapping[str, bool]) -> FolderScan:
    """Scan the folders of env/teams/ (by name, each with whether it is a plain folder)."""
    scan = FolderScan()
    for name, plain in folders.items():
        rel = f"{TEAMS_DIR}/{name}"
        if name.startswith("."):
            continue  # `.git`-like folders are nobody's team
        if not valid_team_id(name):
            scan.findings.append(invalid_team(name, Location(rel, 1, 1)))
            continue
        if not plain and not _linked_folder(base, rel, scan.findings):
            continue
        files = _team_files(base, name, scan)
        scan.teams[name] = rel
        scan.files[name] = files
    return scan


def _team_files(base: Path, team_id: str, scan: FolderScan) -> tuple[str, ...]:
    """The settings file and rule files of one team folder that are inside the repo."""
    entries = _entries(base, f"{TEAMS_DIR}/{team_id}", scan.findings)
    files: list[str] = []
    settings = entries.get(SETTINGS_NAME)
    if settings is not None:
        scan.found = True
        if settings or inside_file(base, settings_file(team_id), scan.findings):
            files.append(settings_file(team_id))
    folder = entries.get(RULES_DIR)
    if folder is None or (not folder and not _linked_folder(base, rules_dir(team_id),
                                                            scan.findings)):
        return tuple(files)
    # By rule name, not file name: `api-egress.yaml` comes before `api-egress-2.yaml`.
    listed = _entries(base, rules_dir(team_id), scan.findings)
    for name, plain in sorted(listed.items(), key=lambda entry: entry[0].removesuffix(".yaml")):
        if not name.endswith(".yaml"):
            continue
        scan.found = True
        rel = f"{rules_dir(team_id)}/{name}"
        if plain or inside_file(base, rel, scan.findings):
            files.append(rel)
    return tuple(files)


def _entries(base: Path, rel: str, findings: list[Finding]) -> dict[str, bool]:
    """The entries of the folder `rel`, each with whether it is plain (not a link)."""
    try:
        with os.scandir(base / rel) as entries:
            return {entry.name: not entry.is_symlink() for entry in entries}
    except OSError as error:
        reason = error.strerror or str(error)
        findings.append(codes.finding("ZT009", f"cannot be read: {reason}", Location(rel, 1, 1)))
        return {}


def _linked_folder(base: Path, rel: str, findings: list[Finding]) -> bool:
    """Whether the link `rel` leads to a folder inside the repo (ZT007 when it leads out)."""
    try:
        real = (base / rel).resolve()
    except (OSError, RuntimeError):  # a link loop
        return False
    if not real.is_dir():
        return False
    if real.is_relative_to(base):
        return True
    message = f"is a link to {real}, outside the repo: not read"
    findings.append(codes.finding("ZT007", message, Location(rel, 1, 1)))
    return False


def inside_file(base: Path, rel: str, findings: list[Finding]) -> bool:
    """Whether `rel` is a file to read: it exists and does not resolve out of the repo."""
    path = base / rel
    if not path.is_file() and not path.is_symlink():
        return False
    try:
        real = path.resolve()
    except (OSError, RuntimeError):  # a symlink loop: read_file reports it
        return True
    if real.is_relative_to(base):
        return True
    message = f"is a link to {real}, outside the repo: not read"
    findings.append(codes.finding("ZT007", message, Location(rel, 1, 1)))
    return False
