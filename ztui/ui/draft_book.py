"""The drafts of a team's named items (services, or rules) and their live findings.

The services era's services and the later layouts' rules are drafted the same way, by
(team, name): a draft exists from an item's first edit until a save or a reading again makes
it match its file, and an item checked in this session has live findings that replace its
share of the whole-repo validation. This book keeps both for one kind of item, so the two
session mixins (`service_session.py`, `rule_session.py`) hold only what differs: how an item
is built and checked, and (for rules) deletion.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Generic, Protocol, TypeVar

from ztui.model import Finding, Severity

#: A drafted item: (team, name).
ItemKey = tuple[str, str]


class Draft(Protocol):
    """What the book reads of a draft (`ztui.ui.drafts.ServiceDraft`, `RuleDraft`)."""

    @property
    def team(self) -> str: ...

    @property
    def name(self) -> str: ...

    original: dict[str, Any] | None
    form_errors: dict[str, str]

    @property
    def dirty(self) -> bool: ...


class Read(Protocol):
    """An item as read from its file: what its draft now matches."""

    @property
    def raw(self) -> dict[str, Any]: ...


DraftT = TypeVar("DraftT", bound=Draft)
ReadT = TypeVar("ReadT", bound=Read)


def severity_counts(found: list[Finding]) -> tuple[int, int]:
    """(errors, warnings) among `found`: whatever is not an error counts as a warning."""
    errors = sum(1 for f in found if f.severity is Severity.ERROR)
    return errors, len(found) - errors


class DraftBook(Generic[DraftT]):
    """One kind of item's drafts and live findings, both by (team, name)."""

    def __init__(self) -> None:
        self.drafts: dict[ItemKey, DraftT] = {}
        self.live: dict[ItemKey, list[Finding]] = {}

    def get(self, team_id: str, name: str) -> DraftT | None:
        return self.drafts.get((team_id, name))

    def add(self, draft: DraftT) -> None:
        self.drafts[(draft.team, draft.name)] = draft

    def __iter__(self) -> Iterator[DraftT]:
        return iter(self.drafts.values())

    def dirty(self) -> Iterator[DraftT]:
        """The drafts a save would write."""
        return (d for d in self.drafts.values() if d.dirty)

    def is_dirty(self, team_id: str, name: str) -> bool:
        draft = self.get(team_id, name)
        return draft is not None and draft.dirty

    def is_new(self, team_id: str, name: str) -> bool:
        draft = self.get(team_id, name)
        return draft is not None and draft.original is None

    def form_errors(self, team_id: str, name: str) -> dict[str, str]:
        draft = self.get(team_id, name)
        return dict(draft.form_errors) if draft else {}

    def forget_form_text(self, team_id: str, name: str) -> None:
        """The form was loaded from the raw data again: text that did not parse is gone."""
        draft = self.get(team_id, name)
        if draft is not None:
            draft.form_errors = {}

    def findings(self, team_id: str, name: str, read: list[Finding],
                 repo: list[Finding]) -> list[Finding]:
        """The item's current findings: those of reading its file (`read`), then its live
        ones when it was checked in this session, else its share of the whole repo's."""
        live = self.live.get((team_id, name))
        return read + (repo if live is None else live)

    def drop(self, key: ItemKey) -> None:
        self.drafts.pop(key, None)
        self.live.pop(key, None)

    def reread(self, team_id: str, read_of: Callable[[str], ReadT | None],
               rebuild: Callable[[DraftT, ReadT], None]) -> None:
        """The team was read again: drop the drafts that match their files (or whose item is
        gone from them), and `rebuild` the others on what was read. A draft added in this
        session and not saved yet stays as it is."""
        for key, draft in list(self.drafts.items()):
            if key[0] != team_id:
                continue
            read = read_of(draft.name)
            if read is None and draft.original is None:
                continue
            if read is None or not draft.dirty:
                self.drop(key)
                continue
            draft.original = read.raw
            rebuild(draft, read)

    def keep_live(self, drafted_teams: set[str]) -> None:
        """After a whole-repo validation: live findings stay only for unsaved and new items,
        and the items of teams whose switches are drafted (checked against those)."""
        self.live = {
            key: found for key, found in self.live.items()
            if key[0] in drafted_teams or self.is_dirty(*key) or self.is_new(*key)
        }
