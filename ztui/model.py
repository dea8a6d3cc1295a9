"""The domain of ztui as plain data: teams, services, their ingress and egress rules, findings.

Everything above this module (reading, validation, rendering, analysis, the UI) speaks in these
types, so they hold no IO and no framework. A service keeps the raw mapping it was read from
(validation runs the JSON Schema over it, and other features' keys must survive edits) together
with the source location of every field, so any finding can point at file:line:col.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeVar

#: A team id or service name: a lower-case DNS label (spec 1.0 and 1.2). `\Z`, not `$`, which
#: would accept a final newline.
DNS_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?\Z")
#: A team's namespace is `team-<id>` and must fit in 63 characters.
MAX_TEAM_ID = 58
MAX_SERVICE_NAME = 63
ADMIN_TEAM = "admin"

#: A path into a YAML document: mapping keys and sequence indexes.
FieldPath = tuple[str | int, ...]


class Dialect(StrEnum):
    """How a services-era repo spells its team root and ingress modes (spec section 1)."""

    V1 = "v1"
    V2 = "v2"


class Layout(StrEnum):
    """Where the team config lives (spec sections 1 and 5).

    The services era keeps rules on services, in split files or all in `env/teams.yaml`. The
    later layouts keep named rules apart from services: a `netpols` list per team in
    `env/teams/netpols.<team>.yaml` (2024), or one file per rule in
    `env/teams/<team>/netpols/<name>.yaml` with the switches in `env/teams/<team>/settings.yaml`
    (2025 on). Their modes are spelled as in dialect v2.
    """

    SPLIT = "split"
    SINGLE = "single"
    NETPOLS = "netpols"
    FILES = "files"

    @property
    def rule_based(self) -> bool:
        """Whether rules are kept apart from services (the later layouts)."""
        return self in (Layout.NETPOLS, Layout.FILES)


class Mode(StrEnum):
    """A service's ingress mode. The value is the v2 spelling; `spelled` gives the dialect's."""

    DENY_ALL = "DenyAll"
    ALLOW_ONLY = "AllowOnly"
    ALLOW_ALL = "AllowAll"

    def spelled(self, dialect: Dialect) -> str:
        """The mode as a file of `dialect` writes it (`allowOnly` in v1, `AllowOnly` in v2)."""
        if dialect is Dialect.V1:
            return self.value[0].lower() + self.value[1:]
        return self.value

    @classmethod
    def parse(cls, text: str) -> Mode | None:
        """A mode from any casing (`allowonly`, `AllowOnly`, `allowOnly`), or None."""
        folded = text.lower()
        for mode in cls:
            if mode.value.lower() == folded:
                return mode
        return None

    @property
    def label(self) -> str:
        """The words a person reads: Deny all, Allow only, Allow all."""
        return {"DenyAll": "Deny all", "AllowOnly": "Allow only", "AllowAll": "Allow all"}[
            self.value
        ]


class Severity(StrEnum):
    """How bad a finding is: errors block saving and fail `ztui validate`.

    `info` is a lint notice: a deliberate choice worth a second look (AllowAll, a wildcard
    host), never counted as a problem; `ztui validate` does not report notices.
    """

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Location:
    """A place in a repo file: a repo-relative POSIX path, 1-based line and column."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Port:
    """One port of an egress rule."""

    number: int
    protocol: str


@dataclass(frozen=True, slots=True)
class EgressRule:
    """A trusted public endpoint: a domain (FQDN, `*.` wildcard, or IP) and its ports."""

    domain: str
    ports: tuple[Port, ...]


@dataclass(frozen=True, slots=True)
class AllowEntry:
    """A peer admitted by an AllowOnly service: a team, optionally narrowed to one service."""

    team: str
    service: str | None = None

    def __str__(self) -> str:
        return f"{self.team}/{self.service}" if self.service else self.team


def nearest_mark(
    marks: Mapping[FieldPath, Location], path: FieldPath, location: Location | None
) -> Location | None:
    """Where `path` starts, or its nearest ancestor that has a mark: a finding about a value
    the reader could not place (a default, a missing key) still points into the right block.
    With no mark at all, `location` (where the service or rule starts)."""
    while path:
        found = marks.get(path)
        if found is not None:
            return found
        path = path[:-1]
    return marks.get((), location)


@dataclass(slots=True)
class Service:
    """A service of a team with its network rules, read leniently from `raw`.

    The typed fields are what rendering and analysis use; `raw` is the mapping as read (it is
    what the JSON Schema validates, so an invalid value shows up there even though the typed
    fields fall back to defaults). `marks` maps field paths inside the service, such as
    `("networkPolicy", "egressPublic", 0, "domain")`, to where each value starts.
    """

    team: str
    name: str
    mode: Mode = Mode.DENY_ALL
    allow: tuple[AllowEntry, ...] = ()
    egress: tuple[EgressRule, ...] = ()
    pod_selector: str | None = None
    knative: bool = False
    raw: dict[str, Any] = field(default_factory=dict)
    location: Location | None = None
    marks: Mapping[FieldPath, Location] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """`team/service`, how the CLI and findings name a service."""
        return f"{self.team}/{self.name}"

    @property
    def selector_value(self) -> str:
        """The pod label value that selects this service's pods (spec 3.2)."""
        return self.pod_selector or self.name

    def mark(self, path: FieldPath) -> Location | None:
        """The location of `path`, or of its nearest ancestor that has one."""
        return nearest_mark(self.marks, path, self.location)


class RuleType(StrEnum):
    """What a later-layout rule is about: who may come in, or one public host to go out to."""

    INGRESS = "ingress"
    EGRESS = "egress"


@dataclass(frozen=True, slots=True)
class Label:
    """One Kubernetes label, `name=value`: what a rule's target or source pods carry."""

    name: str
    value: str

    def __str__(self) -> str:
        return f"{self.name}={self.value}"


@dataclass(frozen=True, slots=True)
class Source:
    """A source of an AllowOnly ingress rule: a namespace, optionally only pods with a label."""

    namespace: str
    label: Label | None = None

    def __str__(self) -> str:
        return f"{self.namespace}/{self.label}" if self.label else self.namespace


@dataclass(slots=True)
class Rule:
    """A named network rule of a later layout (spec section 5), read leniently from `raw`.

    `raw` is the rule as stored: the `netpols` list item (`{id, name, ruleType}`) or the whole
    `AplTeamNetworkControl` document (`{kind, metadata, spec: {ruleType}}`); `base` is where
    `ruleType` sits in it, so validation, edits and marks speak of one shape for both layouts.
    The typed fields are what rendering and analysis use; they fall back to defaults (None,
    empty) where the raw value is invalid, which validation reports from `raw`.
    """

    team: str
    name: str
    type: RuleType | None = None
    #: Ingress only: AllowOnly (the default) or AllowAll.
    mode: Mode = Mode.ALLOW_ONLY
    #: Ingress only: the one label that selects the pods the rule protects.
    target: Label | None = None
    #: Ingress AllowOnly only: the sources, in file order.
    sources: tuple[Source, ...] = ()
    #: Egress only: the host and its ports (ports may be empty: then none are rendered).
    egress: EgressRule | None = None
    #: The `id` of a `netpols` list item (None in the file-per-rule layout).
    id: str | None = None
    raw: dict[str, Any] = field(default_factory=dict)
    base: FieldPath = ()
    location: Location | None = None
    marks: Mapping[FieldPath, Location] = field(default_factory=dict)
    #: The repo-relative file that holds the rule.
    file: str | None = None

    @property
    def key(self) -> str:
        """`team/rule`, how the CLI and findings name a rule."""
        return f"{self.team}/{self.name}"

    @property
    def rule_type_path(self) -> FieldPath:
        """Where `ruleType` is inside `raw`."""
        return (*self.base, "ruleType")

    def mark(self, path: FieldPath) -> Location | None:
        """The location of `path` (relative to `raw`), or of its nearest ancestor that has one."""
        return nearest_mark(self.marks, path, self.location)


#: A service or a rule: what a team names.
Named = TypeVar("Named", Service, Rule)


@dataclass(slots=True)
class Team:
    """A team: its switches (spec 1.1), monitoring flags, and services in file order."""

    id: str
    ingress_private: bool = True
    egress_public: bool = True
    alertmanager: bool = False
    prometheus: bool = False
    services: list[Service] = field(default_factory=list)
    raw: dict[str, Any] = field(default_factory=dict)
    location: Location | None = None
    marks: dict[FieldPath, Location] = field(default_factory=dict)
    #: Repo-relative files that hold this team's settings and its services.
    settings_file: str | None = None
    services_file: str | None = None
    #: The later layouts (spec 5): the team's named rules, and where new ones go: the
    #: `netpols.<team>.yaml` file, or the `env/teams/<team>/netpols` directory.
    rule_based: bool = False
    rules: list[Rule] = field(default_factory=list)
    rules_file: str | None = None

    @property
    def is_admin(self) -> bool:
        """The platform's own team: Otomi renders no team network policies for it."""
        return self.id == ADMIN_TEAM

    @property
    def namespace(self) -> str:
        return f"team-{self.id}"

    def service(self, name: str) -> Service | None:
        """The first service called `name`, or None."""
        return next((s for s in self.services if s.name == name), None)

    def rule(self, name: str) -> Rule | None:
        """The first rule called `name`, or None."""
        return next((r for r in self.rules if r.name == name), None)


def first_of_each_name(items: Iterable[Named]) -> list[Named]:
    """The first service or rule of each name, in order: the one `Team.service` and
    `Team.rule` find, and the one checked further (a later one is ZT106 or ZT109, an error)."""
    seen: set[str] = set()
    out: list[Named] = []
    for item in items:
        if item.name not in seen:
            seen.add(item.name)
            out.append(item)
    return out


@dataclass(frozen=True, slots=True)
class Finding:
    """Something `ztui validate` reports: a stable code, where, and what to do about it."""

    code: str
    severity: Severity
    message: str
    location: Location | None = None
    team: str | None = None
    service: str | None = None
    #: The rule it is about, in the later layouts (spec 5).
    rule: str | None = None
    #: Dotted field path inside the team, service or rule, e.g. `networkPolicy.allow[0].team`.
    path: str | None = None

    def as_text(self) -> str:
        """One line like a compiler's: `file:line:col: error ZT003 message`."""
        where = f"{self.location}: " if self.location else ""
        return f"{where}{self.severity.value} {self.code} {self.message}"

    def as_json(self) -> dict[str, Any]:
        loc = self.location
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "file": loc.file if loc else None,
            "line": loc.line if loc else None,
            "column": loc.column if loc else None,
            "team": self.team,
            "service": self.service,
            "rule": self.rule,
            "path": self.path,
        }


def dotted(path: FieldPath) -> str:
    """`("networkPolicy", "allow", 0, "team")` -> `networkPolicy.allow[0].team`."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


@dataclass(slots=True)
class RepoModel:
    """A values repo as read: layout, dialect, teams by id, and the findings of reading it."""

    root: str
    layout: Layout
    dialect: Dialect
    teams: dict[str, Team] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    #: Repo-relative paths of every file that was read.
    files: list[str] = field(default_factory=list)
    #: The sha256 of each read file's bytes, so a save can tell that a file changed on disk
    #: after it was read and refuse to overwrite that change.
    hashes: dict[str, str] = field(default_factory=dict)

    def service(self, key: str) -> Service | None:
        """A service by `team/service`, or None."""
        team_id, _, name = key.partition("/")
        team = self.teams.get(team_id)
        return team.service(name) if team else None

    def rule(self, key: str) -> Rule | None:
        """A rule by `team/rule`, or None."""
        team_id, _, name = key.partition("/")
        team = self.teams.get(team_id)
        return team.rule(name) if team else None
