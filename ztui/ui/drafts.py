"""Drafts: a service or team being edited, with the history that undo and redo walk.

A draft remembers what the file holds (`original`) and every raw mapping the form produced
since; it is unsaved while the two differ. Kept apart from the session so the rules of undo
(typing into one field is one step) read on their own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ztui.model import Finding, Service, Team
from ztui.repo.ops import same_data

Raw = dict[str, Any]


@dataclass(slots=True)
class History:
    """The raw mappings a service or team went through; typing into one field is one step."""

    steps: list[Raw]
    index: int = 0
    last_field: str | None = None

    @property
    def current(self) -> Raw:
        return self.steps[self.index]

    def push(self, raw: Raw, field_key: str | None) -> None:
        """Record `raw`; consecutive edits of the same field replace each other."""
        del self.steps[self.index + 1 :]
        if field_key is not None and field_key == self.last_field and self.index > 0:
            self.steps[self.index] = raw
        else:
            self.steps.append(raw)
            self.index += 1
        self.last_field = field_key

    def undo(self) -> Raw | None:
        self.last_field = None
        if self.index == 0:
            return None
        self.index -= 1
        return self.current

    def redo(self) -> Raw | None:
        self.last_field = None
        if self.index + 1 >= len(self.steps):
            return None
        self.index += 1
        return self.current


@dataclass(slots=True)
class ServiceDraft:
    """A service being edited: what the file holds (`original`, None when new) and its history."""

    team: str
    name: str
    original: Raw | None
    history: History
    service: Service
    findings: list[Finding] = field(default_factory=list)
    #: Form text that could not become a value (path -> what to write); blocks saving.
    form_errors: dict[str, str] = field(default_factory=dict)

    @property
    def raw(self) -> Raw:
        return self.history.current

    @property
    def dirty(self) -> bool:
        return self.original is None or not same_data(self.original, self.raw)


@dataclass(slots=True)
class TeamDraft:
    """A team whose switches are being edited."""

    original: Raw
    history: History
    team: Team

    @property
    def dirty(self) -> bool:
        return not same_data(self.original, self.history.current)


def switch_value(raw: Raw, name: str, default: bool) -> bool:
    """A team switch as the raw settings hold it (`default` when absent or not a boolean)."""
    policy = raw.get("networkPolicy")
    value = policy.get(name, default) if isinstance(policy, dict) else default
    return value if isinstance(value, bool) else default
