"""The store: edits of services, rules and teams become byte-exact patches, then guarded writes.

Everything that writes the repo goes through here, which is what makes read-only mode a property
of the store rather than of the UI: a read-only store can plan (for a dry run) but every write
raises. Planning reads each file's current text, checks it against the hash taken when the repo
was loaded (a file someone changed meanwhile is refused, never overwritten), and patches only
the nodes whose data changed (`ztui.repo.ops.diff_ops` -> `ztui.repo.patch.Document`).
The later layouts' rules are planned in `ztui.repo.rule_store`; deleting a rule of the
file-per-rule layout deletes its file, under the same hash guard as a write.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ztui.model import RepoModel, Team
from ztui.repo.atomic import (
    WriteError,
    delete_atomic,
    resolve_inside,
    sha256_bytes,
    write_atomic,
)
from ztui.repo.layout import team_root, valid_team_id
from ztui.repo.loader import default_services_file
from ztui.repo.newfile import services_file_text
from ztui.repo.patch import MISSING, Document, PatchError
from ztui.repo.rule_store import new_settings, plan_rule, settings_file, settings_path
from ztui.repo.store_core import OpenFile as _Open
from ztui.repo.store_core import RuleEdit as RuleEdit
from ztui.repo.store_core import StoreError as StoreError
from ztui.repo.store_core import patched as _patched
from ztui.repo.store_core import run_step as _run
from ztui.repo.unified import unified


@dataclass(frozen=True, slots=True)
class ServiceEdit:
    """A service's new mapping (as `ztui.edits` makes it); `create` adds it when absent."""

    team: str
    name: str
    raw: dict[str, Any]
    create: bool = False


@dataclass(frozen=True, slots=True)
class TeamEdit:
    """A team's new settings mapping; only its `networkPolicy` switches are written."""

    team: str
    raw: dict[str, Any]


Edit = ServiceEdit | TeamEdit | RuleEdit


@dataclass(frozen=True, slots=True)
class Change:
    """A file's planned new text, with the hash its current bytes must still have.

    `deleted` marks a file the change removes (its `new_text` is then empty).
    """

    file: str
    old_text: str | None
    new_text: str
    expected_sha256: str | None
    #: The patched document whose text is `new_text`: once written, the store keeps it open so
    #: the next save of this file does not compose it again (a second for 140k lines).
    document: Document | None = field(default=None, repr=False, compare=False)
    deleted: bool = False

    @property
    def diff(self) -> str:
        """The unified diff of this change (a deleted file's goes to /dev/null)."""
        return unified(self.old_text or "", "" if self.deleted else self.new_text, self.file)


@dataclass(slots=True)
class Store:
    """Plans and writes edits of the values repo at `root`."""

    root: Path
    read_only: bool = False
    _cache: dict[str, tuple[str, Document]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.root = Path(self.root).resolve()

    def plan(self, model: RepoModel, edits: Sequence[Edit]) -> list[Change]:
        """The changes that carry out `edits` on the current files; nothing is written."""
        files: dict[str, _Open] = {}
        for edit in edits:
            _check_team_id(edit.team)
            if isinstance(edit, ServiceEdit):
                self._plan_service(model, edit, files)
            elif isinstance(edit, RuleEdit):
                plan_rule(self.root, model, edit, lambda rel: self._open(model, rel, files))
            else:
                self._plan_team(model, edit, files)
        changes = []
        for rel, state in files.items():
            if state.deleted and state.old_text is not None:
                changes.append(Change(rel, state.old_text, "", state.sha256, deleted=True))
            elif state.deleted:
                continue  # created and deleted within one save: nothing to do
            elif state.doc is not None and state.doc.text != state.old_text:
                changes.append(
                    Change(rel, state.old_text, state.doc.text, state.sha256, state.doc)
                )
        return changes

    def write(self, changes: Sequence[Change]) -> list[str]:
        """Write `changes` atomically; the files written. Raises StoreError (read-only too)."""
        if self.read_only:
            raise StoreError("read-only mode: nothing is written")
        if len(changes) > 1:  # one save is all or nothing as far as a check before it can tell
            for change in changes:
                self._check_unchanged(change)
        written = []
        for change in changes:
            if change.deleted:
                if self._delete(change):
                    written.append(change.file)
                continue
            try:
                data = change.new_text.encode("utf-8")
                if write_atomic(
                    self.root, change.file, data,
                    expected_sha256=change.expected_sha256, read_only=self.read_only,
                ):
                    written.append(change.file)
            except WriteError as exc:
                raise StoreError(str(exc)) from exc
            if change.document is not None:
                self._cache[change.file] = (sha256_bytes(data), change.document)
        return written

    def _delete(self, change: Change) -> bool:
        """Remove the file of a deleting change (refused when it changed since planned)."""
        try:
            removed = delete_atomic(
                self.root, change.file,
                expected_sha256=change.expected_sha256, read_only=self.read_only,
            )
        except WriteError as exc:
            raise StoreError(str(exc)) from exc
        self._cache.pop(change.file, None)
        return removed

    def _check_unchanged(self, change: Change) -> None:
        """StoreError unless the file still has the bytes `change` was planned on."""
        try:
            path = resolve_inside(self.root, change.file)
            current: str | None = sha256_bytes(path.read_bytes())
        except FileNotFoundError:
            current = None
        except WriteError as exc:
            raise StoreError(str(exc)) from exc
        except OSError as exc:
            raise StoreError(f"could not read {change.file}: {exc.strerror or exc}") from exc
        if current != change.expected_sha256:
            what = ("deleted" if current is None
                    else "created" if change.expected_sha256 is None else "changed")
            raise StoreError(
                f"{change.file} was {what} on disk since it was read; reload before saving "
                "(nothing was written)"
            )

    def _open(self, model: RepoModel, rel: str, files: dict[str, _Open]) -> _Open:
        if rel in files:
            return files[rel]
        try:
            path = resolve_inside(self.root, rel)
        except WriteError as exc:
            raise StoreError(str(exc)) from exc
        if not path.exists():
            if rel in model.hashes:
                raise StoreError(f"{rel} was deleted on disk since it was read; reload first")
            files[rel] = _Open(None, None, None)
            return files[rel]
        raw = path.read_bytes()
        sha = sha256_bytes(raw)
        known = model.hashes.get(rel)
        if known is not None and known != sha:
            raise StoreError(f"{rel} changed on disk since it was read; reload before saving")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise StoreError(f"{rel}: not UTF-8 (byte {exc.start}); ztui will not edit it") from exc
        files[rel] = _Open(text, sha, self._document(rel, sha, text))
        return files[rel]

    def _document(self, rel: str, sha: str, text: str) -> Document:
        cached = self._cache.get(rel)
        if cached is not None and cached[0] == sha:
            return cached[1]
        try:
            doc = Document(text, rel)
        except PatchError as exc:
            raise StoreError(str(exc)) from exc
        self._cache[rel] = (sha, doc)
        return doc

    def _plan_service(self, model: RepoModel, edit: ServiceEdit, files: dict[str, _Open]) -> None:
        team = model.teams.get(edit.team)
        if team is None and not edit.create:
            raise StoreError(f"no team {edit.team!r} in this repo")
        rel = _services_file(model, team, edit)
        state = self._open(model, rel, files)
        services = (*team_root(model.dialect), edit.team, "services")
        if state.doc is None:
            if not edit.create:
                raise StoreError(f"{rel} does not exist")
            text = services_file_text(self.root, model, edit.team, edit.name)
            new_file = _run(lambda _: Document(text, rel), None)
            state.doc = _patched(new_file, services + (0,), {"name": edit.name}, edit.raw)
            return
        index = _find_service(state.doc, services, edit)
        if index is None:
            state.doc = _run(lambda d: d.append(services, edit.raw), state.doc)
        else:
            state.doc = _patched(state.doc, services + (index,), None, edit.raw)

    def _plan_team(self, model: RepoModel, edit: TeamEdit, files: dict[str, _Open]) -> None:
        team = model.teams.get(edit.team)
        if team is None:
            raise StoreError(f"no team {edit.team!r} in this repo")
        rel = settings_file(model, team)
        state = self._open(model, rel, files)
        new = edit.raw.get("networkPolicy", MISSING)
        if new is MISSING or new_settings(self.root, model, edit.team, new, state, rel):
            return
        if state.doc is None:
            raise StoreError(f"{rel} does not exist")
        path = settings_path(model, edit.team, team_root(model.dialect))
        current = state.doc.data_at(path)
        old = current.get("networkPolicy", MISSING) if isinstance(current, dict) else MISSING
        if old is MISSING:
            state.doc = _run(lambda d: d.add_key(path, "networkPolicy", new), state.doc)
        else:
            state.doc = _patched(state.doc, path + ("networkPolicy",), old, new)


def _check_team_id(team_id: str) -> None:
    """Ids become paths: an invalid one (`../x`) never gets that far."""
    if not valid_team_id(team_id):
        raise StoreError(f"{team_id!r} is not a valid team id (a lower-case DNS label)")


def _services_file(model: RepoModel, team: Team | None, edit: ServiceEdit) -> str:
    service = team.service(edit.name) if team else None
    if service is not None and service.location is not None:
        return service.location.file
    if team is not None and team.services_file:
        return team.services_file
    return default_services_file(edit.team, model.layout)


def _find_service(doc: Document, services: tuple[str, ...], edit: ServiceEdit) -> int | None:
    items = doc.data_at(services)
    if items is MISSING or items is None:
        found: list[int] = []
    elif not isinstance(items, list):
        raise StoreError(f"{doc.file}: services of team {edit.team} is not a list")
    else:
        found = [
            i for i, item in enumerate(items)
            if isinstance(item, dict) and item.get("name") == edit.name
        ]
    if len(found) > 1:
        raise StoreError(
            f"{doc.file}: team {edit.team} has {len(found)} services named {edit.name!r}; "
            "remove the duplicate by hand first"
        )
    if not found and not edit.create:
        raise StoreError(f"team {edit.team!r} has no service {edit.name!r}")
    return found[0] if found else None
