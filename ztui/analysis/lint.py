"""Lint: rules that are valid and do something, but not what their author probably meant.

`ztui.schema.checks` already reports the lint of the spec's section 2 (unknown peers ZT201 and
ZT202, entries a mode ignores ZT203, rules a team switch makes inert ZT204/ZT205/ZT209, an empty
AllowOnly ZT207); these add what only shows once the rules are rendered (ZT3xx, see
`ztui.codes` for the paragraph of each):

- ZT301 (info) AllowAll, ZT302 (info) a wildcard egress host: deliberate choices that widen
  access. They are notices, returned only with `notices=True`: a repo that means them (the
  demo's storefront frontend and its `*.googleapis.com`) must not be called noisy by
  `ztui validate`, while the TUI shows them beside the service, where they inform a choice.
- ZT303 (warning) egress to a private, loopback or link-local address.
- ZT304 (warning) two services of a team whose pods carry the same label (key and value), when
  their ingress rules differ; services whose labels differ only in the key (a Knative service
  and a plain one with one value) are different pods to every policy, so they are not
  reported here: where it matters, an allow entry naming that value admits both, and ZT306
  says so at that entry.
- ZT305/ZT306 (warnings) an allow entry that misses the pods of the service it names (a
  podSelector override), or also admits another service's pods.

The rules of the later layouts (spec 5) are linted by `ztui.analysis.rule_lint`, which
`lint_repo` includes. Every check runs only where the chart renders the rule (ingress: the team
filters ingress and is not admin; egress: it filters egress and is not admin); elsewhere ZT204,
ZT205 or ZT209 already say the rule does nothing. Values the schema rejects (a mode in the wrong
dialect, an invalid name or domain) are skipped, so one mistake gives one finding.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ztui.codes import finding
from ztui.model import (
    DNS_LABEL,
    Dialect,
    FieldPath,
    Finding,
    Mode,
    RepoModel,
    Service,
    Severity,
    Team,
    dotted,
    first_of_each_name,
)
from ztui.render.egress import egress_filtered, is_ip
from ztui.render.ingress import ingress_filtered
from ztui.schema.domain import internal_address_note

from .cluster import service_label
from .rule_lint import lint_rules

MODE: FieldPath = ("networkPolicy", "ingressPrivate", "mode")
ALLOW: FieldPath = ("networkPolicy", "ingressPrivate", "allow")
EGRESS: FieldPath = ("networkPolicy", "egressPublic")
SELECTOR: FieldPath = ("networkPolicy", "podSelector")

_WILDCARD = re.compile(r"\*\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+\Z")


def lint_repo(model: RepoModel, *, notices: bool = False) -> list[Finding]:
    """Every lint finding of the repo, services and rules; ZT301/ZT302 notices only with
    `notices`."""
    found: list[Finding] = []
    values: _Values = {}
    for team in model.teams.values():
        found += [f for _, f in _shared_selectors(team.services, team, model.dialect)]
        for service in team.services:
            found += _service_lint(service, team, model, values, notices)
        found += lint_rules(team, notices=notices)
    return _keep(found, notices)


def lint_service(service: Service, model: RepoModel, *, notices: bool = False) -> list[Finding]:
    """The lint findings of one service, as `lint_repo` reports them for it.

    A service not (yet) in its team's list is linted as if it were the team's last.
    """
    team = model.teams.get(service.team)
    found = _service_lint(service, team, model, {}, notices)
    if team is not None:
        siblings = team.services
        if not any(s is service for s in siblings):
            siblings = [*siblings, service]
        found += [f for owner, f in _shared_selectors(siblings, team, model.dialect)
                  if owner is service]
    return _keep(found, notices)


def _keep(found: list[Finding], notices: bool) -> list[Finding]:
    return found if notices else [f for f in found if f.severity is not Severity.INFO]


#: Per team id, its services (the first of each name) by the value of their pod label.
_Values = dict[str, dict[str, list[Service]]]


def _by_value(team: Team, values: _Values) -> dict[str, list[Service]]:
    found = values.get(team.id)
    if found is None:
        found = values[team.id] = {}
        for service in first_of_each_name(team.services):
            found.setdefault(service_label(service)[1], []).append(service)
    return found


def _service_lint(
    service: Service, team: Team | None, model: RepoModel, values: _Values, notices: bool
) -> list[Finding]:
    """The findings of one service; notices are not even made unless asked for (their
    locations would make the loader build every service's marks)."""
    found: list[Finding] = []
    if team is None or ingress_filtered(team):
        mode = _written_mode(service, model.dialect)
        if mode is Mode.ALLOW_ALL and notices:
            found.append(_at(service, "ZT301", (
                "mode AllowAll admits every pod of every team namespace, teams created later "
                "included; name the callers with AllowOnly unless every team needs it"), MODE))
        elif mode is Mode.ALLOW_ONLY:
            found += _allow_matches(service, model, values)
    if team is None or egress_filtered(team):
        found += _egress_lint(service, notices)
    return found


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, dict) else {}


def _written_mode(service: Service, dialect: Dialect) -> Mode | None:
    """The mode as the chart reads it: spelled as the dialect spells it (else ZT103 says so)."""
    ingress = _mapping(_mapping(service.raw.get("networkPolicy")).get("ingressPrivate"))
    text = ingress.get("mode")
    return next((m for m in Mode if m.spelled(dialect) == text), None)


def _label(value: Any) -> str | None:
    return value if isinstance(value, str) and DNS_LABEL.fullmatch(value) else None


def _allow_matches(service: Service, model: RepoModel, values: _Values) -> list[Finding]:
    """ZT305 and ZT306 for each allow entry that names a service that exists."""
    ingress = _mapping(_mapping(service.raw.get("networkPolicy")).get("ingressPrivate"))
    allow = ingress.get("allow")
    found: list[Finding] = []
    for index, entry in enumerate(allow if isinstance(allow, list) else []):
        peer_team = _label(_mapping(entry).get("team"))
        name = _label(_mapping(entry).get("service"))
        team = model.teams.get(peer_team or "")
        named = team.service(name) if team and name else None
        if team is None or named is None or name is None:
            continue  # ZT201, ZT202 or the schema report it
        path = (*ALLOW, index, "service")
        matched = _by_value(team, values).get(name, [])
        if named not in matched:
            key, value = service_label(named)
            found.append(_at(service, "ZT305", (
                f"allow[{index}] names {named.key}, but its pods carry {key}={value} (its "
                f"podSelector) and the chart's peer matches otomi.io/app={name} or "
                f"serving.knative.dev/service={name}: it admits none of them; name team "
                f"{team.id} alone, or label the pods {name}"), path))
        for other in matched:
            if other is not named:
                key, value = service_label(other)
                found.append(_at(service, "ZT306", (
                    f"allow[{index}] names {named.key}, but the chart's peer also matches the "
                    f"pods of {other.key} ({key}={value}): they are admitted too"), path))
    return found


def _egress_lint(service: Service, notices: bool) -> list[Finding]:
    """ZT302 for wildcard hosts, ZT303 for addresses where the cluster lives."""
    rules = _mapping(service.raw.get("networkPolicy")).get("egressPublic")
    found: list[Finding] = []
    for index, rule in enumerate(rules if isinstance(rules, list) else []):
        domain = _mapping(rule).get("domain")
        if not isinstance(domain, str):
            continue
        path = (*EGRESS, index, "domain")
        if _WILDCARD.fullmatch(domain):
            if notices:
                found.append(_at(service, "ZT302", (
                    f"{domain} trusts every subdomain of {domain[2:]}, present and future, for "
                    f"every pod of team {service.team}; list the exact hosts if you know them"),
                    path))
        elif is_ip(domain):
            found += _internal_address(service, domain, path)
    return found


def _internal_address(service: Service, domain: str, path: FieldPath) -> list[Finding]:
    message = _internal_message(domain, service.team)
    return [_at(service, "ZT303", message, path)] if message else []


def _internal_message(domain: str, team_id: str) -> str | None:
    """ZT303's words for an egress to `domain` of team `team_id`, or None when it is public
    (an invalid address is the schema's ZT104)."""
    note = internal_address_note(domain)
    if note is None:
        return None
    return (
        f"{note}: this opens it to every pod of team {team_id}; reach in-cluster services "
        "through their Service and an ingress rule instead"
    )


def _rules(service: Service, dialect: Dialect) -> tuple[object, ...]:
    """What a service's ingress rule renders to, for comparing two services' rules."""
    mode = _written_mode(service, dialect)
    if mode is None and "mode" not in _mapping(
            _mapping(service.raw.get("networkPolicy")).get("ingressPrivate")):
        mode = Mode.DENY_ALL
    if mode is Mode.ALLOW_ONLY:
        return mode, frozenset(service.allow)
    return (mode,)


def _shared_selectors(
    services: list[Service], team: Team, dialect: Dialect
) -> list[tuple[Service, Finding]]:
    """ZT304 on the later of two services with one pod label and different ingress rules."""
    if not ingress_filtered(team):
        return []
    first: dict[tuple[str, str], Service] = {}
    found: list[tuple[Service, Finding]] = []
    for service in first_of_each_name(services):
        if _label(service.name) is None:
            continue  # ZT102
        label = service_label(service)
        other = first.setdefault(label, service)
        if other is service or _rules(other, dialect) == _rules(service, dialect):
            continue
        path = SELECTOR if service.pod_selector else ("name",)
        message = (
            f"the pods of {service.key} and {other.key} both carry {label[0]}={label[1]}, so "
            "each one's ingress policy selects the pods of both and both admit what either "
            "rule admits; give each its own podSelector, or make their rules the same"
        )
        found.append((service, _at(service, "ZT304", message, path)))
    return found


def _at(service: Service, code: str, message: str, path: FieldPath) -> Finding:
    return finding(code, message, service.mark(path), team=service.team,
                   service=service.name, path=dotted(path))
