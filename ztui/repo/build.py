"""From plain values to the model's Team and Service, leniently and cheaply.

A repo being edited is often invalid for a moment, and the TUI rebuilds a service from its raw
mapping on every keystroke, so these functions are pure, never raise on bad values, and do
little work: a value of the wrong type falls back to the default (DenyAll, no rules, switch
on) and stays in `raw`, where the schema validation reports it with its mark.

Marks passed in are relative to the mapping being built: `("networkPolicy", "egressPublic", 0,
"domain")` for a service, `("networkPolicy", "ingressPrivate")` or `("services", 2, "name")`
for a team; the key of an entry is marked under its path plus `KEY`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ztui.model import (
    AllowEntry,
    EgressRule,
    FieldPath,
    Location,
    Mode,
    Port,
    Service,
    Team,
)

Marks = dict[FieldPath, Location]


def build_service(
    team_id: str,
    raw: dict[str, Any],
    marks: Mapping[FieldPath, Location],
    location: Location | None,
) -> Service:
    """The Service that `raw` (one item of a team's `services` list) describes."""
    policy = _mapping(raw.get("networkPolicy"))
    ingress = _mapping(policy.get("ingressPrivate"))
    mode_text = ingress.get("mode")
    mode = Mode.parse(mode_text) if isinstance(mode_text, str) else None
    selector = policy.get("podSelector")
    ksvc = _mapping(raw.get("ksvc"))
    return Service(
        team=team_id,
        name=_name(raw.get("name")),
        mode=mode or Mode.DENY_ALL,
        allow=_allow(ingress.get("allow")),
        egress=_egress(policy.get("egressPublic")),
        pod_selector=selector if isinstance(selector, str) and selector else None,
        knative=ksvc.get("predeployed") is True,
        raw=raw,
        location=location,
        marks=marks,
    )


def build_team(
    team_id: str,
    raw: dict[str, Any],
    marks: Marks,
    location: Location | None,
    *,
    settings_file: str | None = None,
    services_file: str | None = None,
) -> Team:
    """The Team that `raw` (a team's mapping, with its `services` list) describes.

    `Team.raw` is the mapping without `services` when that is a list: each service keeps its
    own item as `Service.raw`, so validating the team does not validate every service again.
    A `services` value that is not a list stays in `Team.raw` for the schema to report; list
    items that are not mappings are skipped (the loader reports them). `Team.marks` holds the
    marks outside the services; each Service gets the marks of its item, made relative.
    """
    team_marks, service_marks = split_service_marks(marks)
    return team_from_parts(
        team_id, raw, team_marks, service_marks, location,
        settings_file=settings_file, services_file=services_file,
    )


def split_service_marks(marks: Marks) -> tuple[Marks, dict[int, Marks]]:
    """Team marks apart from the marks under `("services", i)`, made relative to each item."""
    team_marks: Marks = {}
    service_marks: dict[int, Marks] = {}
    for path, loc in marks.items():
        index = path[1] if len(path) > 1 and path[0] == "services" else None
        if type(index) is int and index >= 0:  # an item, not the KEY mark of `services`
            bucket = service_marks.get(index)
            if bucket is None:
                bucket = service_marks[index] = {}
            bucket[path[2:]] = loc
        else:
            team_marks[path] = loc
    return team_marks, service_marks


def team_from_parts(
    team_id: str,
    raw: dict[str, Any],
    team_marks: Marks,
    service_marks: Mapping[int, Mapping[FieldPath, Location]],
    location: Location | None,
    *,
    settings_file: str | None = None,
    services_file: str | None = None,
) -> Team:
    """`build_team` for marks already split by `split_service_marks` (the loader's path)."""
    policy = _mapping(raw.get("networkPolicy"))
    monitoring = _mapping(raw.get("managedMonitoring"))
    items = raw.get("services")
    services: list[Service] = []
    settings = raw
    if isinstance(items, list):
        settings = {key: value for key, value in raw.items() if key != "services"}
        for index, item in enumerate(items):
            if isinstance(item, dict):
                item_marks = service_marks.get(index, {})
                services.append(build_service(team_id, item, item_marks, item_marks.get(())))
    return Team(
        id=team_id,
        ingress_private=_flag(policy.get("ingressPrivate"), True),
        egress_public=_flag(policy.get("egressPublic"), True),
        alertmanager=_flag(monitoring.get("alertmanager"), False),
        prometheus=_flag(monitoring.get("prometheus"), False),
        services=services,
        raw=settings,
        location=location,
        marks=team_marks,
        settings_file=settings_file,
        services_file=services_file,
    )


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, dict) else {}


def _flag(value: Any, default: bool) -> bool:
    return value if isinstance(value, bool) else default


def _name(value: Any) -> str:
    """The service name as text; a missing name is empty (the schema requires one)."""
    if isinstance(value, str):
        return value
    return "" if value is None else str(value)


def _allow(entries: Any) -> tuple[AllowEntry, ...]:
    """The well-formed allow entries: a team id, optionally a service name."""
    if not isinstance(entries, list):
        return ()
    allowed: list[AllowEntry] = []
    for entry in entries:
        if isinstance(entry, dict) and isinstance(entry.get("team"), str):
            service = entry.get("service")
            narrowed = service if isinstance(service, str) and service else None
            allowed.append(AllowEntry(entry["team"], narrowed))
    return tuple(allowed)


def _egress(entries: Any) -> tuple[EgressRule, ...]:
    """The well-formed egress rules: a domain and its well-formed ports."""
    if not isinstance(entries, list):
        return ()
    rules: list[EgressRule] = []
    for entry in entries:
        if isinstance(entry, dict) and isinstance(entry.get("domain"), str):
            rules.append(EgressRule(entry["domain"], _ports(entry.get("ports"))))
    return tuple(rules)


def _ports(entries: Any) -> tuple[Port, ...]:
    if not isinstance(entries, list):
        return ()
    return tuple(
        Port(entry["number"], entry["protocol"])
        for entry in entries
        if isinstance(entry, dict)
        and type(entry.get("number")) is int
        and isinstance(entry.get("protocol"), str)
    )
