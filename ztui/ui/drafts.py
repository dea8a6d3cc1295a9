"""Drafts: a service, rule or team being edited, with the history that undo and redo walk.

A draft remembers what the file holds (`original`) and every raw mapping the form produced
since; it is unsaved while the two differ. Kept apart from the session so the rules of undo
(typing into one field is one step) read on their own. A rule's steps also say whether it is
deleted, so deleting a rule is one more step that undo takes back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from ztui.model import DNS_LABEL, MAX_SERVICE_NAME, Finding, Rule, Service, Severity, Team
from ztui.repo.ops import same_data

Raw = dict[str, Any]
Step = TypeVar("Step")


@dataclass(slots=True)
class History(Generic[Step]):
    """The states a service, rule or team went through; typing into one field is one step."""

    steps: list[Step]
    index: int = 0
    last_field: str | None = None

    @property
    def current(self) -> Step:
        return self.steps[self.index]

    def push(self, raw: Step, field_key: str | None) -> None:
        """Record `raw`; consecutive edits of the same field replace each other."""
        del self.steps[self.index + 1 :]
        if field_key is not None and field_key == self.last_field and self.index > 0:
            self.steps[self.index] = raw
        else:
            self.steps.append(raw)
            self.index += 1
        self.last_field = field_key

    def undo(self) -> Step | None:
        self.last_field = None
        if self.index == 0:
            return None
        self.index -= 1
        return self.current

    def redo(self) -> Step | None:
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
    history: History[Raw]
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
    history: History[Raw]
    team: Team

    @property
    def dirty(self) -> bool:
        return not same_data(self.original, self.history.current)


@dataclass(frozen=True, slots=True)
class RuleStep:
    """One state of a rule: its raw data as stored, and whether it is deleted."""

    raw: Raw
    deleted: bool = False


@dataclass(slots=True)
class RuleDraft:
    """A later-layout rule being edited, added or deleted (`original` None when new)."""

    team: str
    name: str
    original: Raw | None
    history: History[RuleStep]
    rule: Rule
    findings: list[Finding] = field(default_factory=list)
    #: Form text that could not become a value (path -> what to write); blocks saving.
    form_errors: dict[str, str] = field(default_factory=dict)

    @property
    def raw(self) -> Raw:
        return self.history.current.raw

    @property
    def deleted(self) -> bool:
        return self.history.current.deleted

    @property
    def dirty(self) -> bool:
        """Whether saving would write something: a new rule that is not deleted again, a
        deleted rule that is in a file, or data that differs from the file's."""
        if self.original is None:
            return not self.deleted
        return self.deleted or not same_data(self.original, self.raw)


def switch_value(raw: Raw, name: str, default: bool) -> bool:
    """A team switch as the raw settings hold it (`default` when absent or not a boolean)."""
    policy = raw.get("networkPolicy")
    value = policy.get(name, default) if isinstance(policy, dict) else default
    return value if isinstance(value, bool) else default


def blocking_line(subject: str, form_errors: dict[str, str], found: list[Finding]) -> str | None:
    """Why `subject` (`team/name`) cannot be saved, in one line: form text that is not a
    value, then its errors; None when nothing blocks it."""
    problems = [f"{path}: {message}" for path, message in form_errors.items()]
    problems += [
        f"{f.path or f.code}: {f.message}" for f in found if f.severity is Severity.ERROR
    ]
    if not problems:
        return None
    noun = "error" if len(problems) == 1 else "errors"
    return f"{subject} has {len(problems)} {noun}: {problems[0]}"


def name_problem(noun: str, name: str, taken: list[str], team_id: str) -> str | None:
    """Why `name` cannot be a new service or rule (`noun`) of the team, or None when it can:
    both become Kubernetes object names, so both are lower-case DNS labels, unique per team."""
    if not name:
        return "type a name"
    if len(name) > MAX_SERVICE_NAME or DNS_LABEL.match(name) is None:
        return (
            f"a {noun} name is a lower-case DNS label: a-z, 0-9 and '-', "
            f"at most {MAX_SERVICE_NAME} characters, no '-' at either end"
        )
    if name in taken:
        return f"team {team_id} already has a {noun} {name}"
    return None
