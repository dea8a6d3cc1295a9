"""One migration of a services-era repo to a later layout: prepare, check, write.

`prepare` reads the repo (refusing one that is already in a later layout), converts it
(`ztui.migrate.plan`), plans every file's new text (`ztui.migrate.write`) and runs the
reachability check (`ztui.migrate.check`); nothing is written. `write` then writes the planned
texts atomically, each against the hash of the bytes it was planned on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ztui.migrate.carry import Carried
from ztui.migrate.check import ReachCheck, check_changes
from ztui.migrate.plan import Conversion, Note, convert
from ztui.migrate.strip import MigrateError
from ztui.migrate.write import planned_changes
from ztui.model import Dialect, Finding, Layout
from ztui.repo.layout import TEAMS_DIR
from ztui.repo.store import Change, Store, StoreError
from ztui.workspace import Workspace, open_workspace


class NotServicesEra(MigrateError):
    """The repo already keeps its rules in a later layout: there is nothing to convert."""


@dataclass(slots=True)
class Migration:
    """A planned migration: the conversion, the file changes, the notes and the check."""

    root: Path
    layout: Layout
    workspace: Workspace
    conversion: Conversion
    changes: list[Change]
    notes: list[Note]
    check: ReachCheck
    #: The comments of the removed blocks: how many the new files carry, and the notes (among
    #: `notes`) that quote the ones no new file takes.
    comments: Carried = field(default_factory=Carried)

    @property
    def errors(self) -> list[Finding]:
        """The errors of the services-era repo: `write` refuses while there are any."""
        return self.workspace.errors


def later_layout(root: Path) -> Layout | None:
    """The later layout whose files `root` already holds, or None."""
    folder = root / TEAMS_DIR
    if not folder.is_dir():
        return None
    if any(folder.glob("netpols.*.yaml")):
        return Layout.NETPOLS
    for child in folder.iterdir():
        if child.is_dir() and ((child / "settings.yaml").exists() or (child / "netpols").exists()):
            return Layout.FILES
    return None


def prepare(root: Path, layout: Layout) -> Migration:
    """Plan the migration of the repo at `root` to `layout`; nothing is written.

    Raises NotServicesEra for a repo already in a later layout, MigrateError when a file cannot
    be converted byte-exactly, and `ztui.repo.layout.UnusableRepo` for a folder without values.
    """
    if not layout.rule_based:
        raise MigrateError(f"--to must be netpols or files, not {layout.value}")
    found = later_layout(root)
    workspace = open_workspace(root)
    model = workspace.model
    if found is None and model.layout.rule_based:
        found = model.layout
    if found is not None:
        raise NotServicesEra(f"{root} is already in the {found.value} layout: nothing to migrate")
    conversion = convert(model)
    changes, comments = planned_changes(Path(model.root), model, conversion, layout)
    notes = (conversion.notes + comments.notes
             + _dialect_notes(model.root, model.dialect, model.files))
    check = check_changes(Path(model.root), model, changes, notes, layout)
    return Migration(Path(model.root), layout, workspace, conversion, changes, notes, check,
                     comments)


def _dialect_notes(root: str, dialect: Dialect, read: list[str]) -> list[Note]:
    """For a v1 repo: the other features' files that keep `teamConfig.teams.<team>`."""
    if dialect is not Dialect.V1:
        return []
    folder = Path(root) / TEAMS_DIR
    others = sorted(
        f"{TEAMS_DIR}/{p.name}" for p in folder.glob("*.yaml")
        if f"{TEAMS_DIR}/{p.name}" not in read
    ) if folder.is_dir() else []
    return [Note("", f"{rel}: another feature's file, left in dialect v1 "
                 "(teamConfig.teams.<team>); ztui does not rewrite it") for rel in others]


def write(migration: Migration) -> list[str]:
    """Write the planned files; the paths written. Refuses a repo with errors or a failed check.

    Every file is checked against the bytes it was planned on before the first is written, so
    a concurrent change refuses the whole migration.
    """
    if migration.errors:
        count = len(migration.errors)
        raise MigrateError(
            f"not migrated: the repo has {count} error{'s' * (count != 1)} "
            "(fix them first; `ztui validate` lists them)"
        )
    if not migration.check.ok:
        raise MigrateError("not migrated: the reachability check failed (see above)")
    try:
        return Store(migration.root).write(migration.changes)
    except StoreError as exc:
        raise MigrateError(f"{exc}") from exc


def converter(layout: Layout) -> Callable[[Path], None]:
    """A function that migrates the repo at its argument to `layout` in place (for the demo).

    It raises MigrateError when the migration is refused, so a demo is never written half
    converted or with a reachability the services-era demo did not have.
    """

    def convert(root: Path) -> None:
        write(prepare(root, layout))

    return convert
