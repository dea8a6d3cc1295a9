"""Checks that need more than one service: references, switches, duplicates (spec section 2).

The schema says whether a service is well formed; these checks say whether it does what its
author meant in the repo it lives in. They read the raw mappings (so every finding carries the
path and location of the offending field, with the indexes as written) and the team switches.
Values the schema rejects are skipped here, so one mistake gives one finding.

Decisions that the spec leaves open:
- ZT205 (ingress rule under `ingressPrivate: false`) fires for AllowOnly and for an explicit
  DenyAll: in both the author asked for a restriction that is not enforced, since every
  namespace reaches every pod of the team. It does not fire for AllowAll (the author wanted the
  service open, and it is) nor for a service without a mode (the default, not a statement).
- The admin team: Otomi renders no team network policies and no ServiceEntries for it, so its
  services' rules never take effect, whatever its switches say. That gets its own code, ZT209,
  under the same rules as ZT204 and ZT205, instead of blaming a switch.
- ZT207 (AllowOnly with no entries) is only reported where the rule is enforced; elsewhere
  ZT205 or ZT209 already says that it has no effect.
- ZT201 and ZT202 are only reported under AllowOnly: under other modes the entries are ignored
  and ZT203 says so. The admin team is always taken to exist (its namespace `team-admin` is the
  platform's own), even in a repo that does not list it.
- ZT210: two egress rules of one team whose ServiceEntry names `<team>-<service>-<host>`
  collide although their hosts differ (`*.example.com` and `example.com`; `a-b.com` of service
  `x` and `b.com` of service `x-a`); only one object of a name can exist.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import Any

from ztui.codes import finding
from ztui.model import (
    ADMIN_TEAM,
    DNS_LABEL,
    MAX_SERVICE_NAME,
    MAX_TEAM_ID,
    Dialect,
    FieldPath,
    Finding,
    Mode,
    RepoModel,
    Service,
    Team,
    dotted,
)
from ztui.schema.domain import entry_name, host_key, is_domain
from ztui.schema.messages import show
from ztui.schema.rule_checks import check_rules

INGRESS: FieldPath = ("networkPolicy", "ingressPrivate")
MODE: FieldPath = (*INGRESS, "mode")
ALLOW: FieldPath = (*INGRESS, "allow")
EGRESS: FieldPath = ("networkPolicy", "egressPublic")


def check_repo(model: RepoModel) -> list[Finding]:
    """Every semantic finding of a repo, team by team, service by service, rule by rule."""
    findings: list[Finding] = []
    for team in model.teams.values():
        findings += [f for _, f in _team_findings(team.services, team)]
        for service in team.services:
            findings += _service_findings(service, team, model)
        findings += check_rules(team, model)
    return findings


def check_service(service: Service, model: RepoModel) -> list[Finding]:
    """The semantic findings of one service in its repo, as `check_repo` reports them for it.

    `service` is normally the object held in `model` (the TUI edits the model in place). A
    service that is not (one being created) is checked as if it were its team's last.
    """
    team = model.teams.get(service.team)
    findings = _service_findings(service, team, model)
    if team is not None:
        siblings = team.services
        if not any(s is service for s in siblings):
            siblings = [*siblings, service]
        findings += [f for owner, f in _team_findings(siblings, team) if owner is service]
    return findings


# --- one service ---------------------------------------------------------------------------


def _service_findings(service: Service, team: Team | None, model: RepoModel) -> list[Finding]:
    return [*_ingress_findings(service, team, model), *_egress_findings(service, team)]


def _ingress_findings(service: Service, team: Team | None, model: RepoModel) -> list[Finding]:
    ingress = _mapping(_mapping(service.raw).get("networkPolicy")).get("ingressPrivate")
    ingress = _mapping(ingress)
    mode, explicit = _mode(ingress)
    if mode is None:
        return []
    allow = ingress.get("allow")
    found = [*_ignored_allow(service, mode if explicit else None, allow, model.dialect)]
    found += _unenforced(service, team, mode, explicit, model.dialect)
    if mode is Mode.ALLOW_ONLY:
        if "allow" not in ingress or allow == []:
            found += _empty_allow(service, team, model.dialect)
        if isinstance(allow, list):
            found += _unknown_peers(service, allow, model)
    return found


def _mode(ingress: Mapping[str, Any]) -> tuple[Mode | None, bool]:
    """The mode meant (any casing: the schema reports the spelling) and whether it is written."""
    if "mode" not in ingress:
        return Mode.DENY_ALL, False
    value = ingress["mode"]
    return (Mode.parse(value) if isinstance(value, str) else None), True


def _ignored_allow(
    service: Service, mode: Mode | None, allow: Any, dialect: Dialect
) -> list[Finding]:
    """ZT203 for allow entries under a mode other than AllowOnly (None: no mode written)."""
    if mode is Mode.ALLOW_ONLY or not isinstance(allow, list) or not allow:
        return []
    entries = "this allow entry" if len(allow) == 1 else f"these {len(allow)} allow entries"
    said = (f"mode {mode.spelled(dialect)} ignores" if mode else
            f"with no mode (so {Mode.DENY_ALL.spelled(dialect)}) the chart ignores")
    message = (
        f"{said} {entries}: set mode {Mode.ALLOW_ONLY.spelled(dialect)} to use them, or "
        "remove them"
    )
    return [_at(service, "ZT203", message, ALLOW)]


def _enforced(team: Team | None) -> bool:
    return team is None or (not team.is_admin and team.ingress_private)


def _unenforced(
    service: Service, team: Team | None, mode: Mode, explicit: bool, dialect: Dialect
) -> list[Finding]:
    if _enforced(team) or team is None or mode is Mode.ALLOW_ALL:
        return []
    if mode is Mode.DENY_ALL and not explicit:
        return []
    spelled = mode.spelled(dialect)
    if team.is_admin:
        message = (
            f"Otomi renders no network policies for the admin team: this {spelled} rule has "
            "no effect and every namespace can reach the service"
        )
        return [_at(service, "ZT209", message, MODE)]
    message = (
        f"team {show(team.id)} has ingressPrivate: false, so every namespace can reach this "
        f"service: its {spelled} rule has no effect"
    )
    return [_at(service, "ZT205", message, MODE)]


def _empty_allow(service: Service, team: Team | None, dialect: Dialect) -> list[Finding]:
    if not _enforced(team):
        return []
    message = (
        f"mode {Mode.ALLOW_ONLY.spelled(dialect)} with no allow entries admits nobody: the "
        f"service denies all ingress. Add allow entries, or write "
        f"{Mode.DENY_ALL.spelled(dialect)} if that is meant"
    )
    return [_at(service, "ZT207", message, MODE)]


def _unknown_peers(service: Service, allow: list[Any], model: RepoModel) -> list[Finding]:
    found: list[Finding] = []
    for index, entry in enumerate(allow):
        peer_team, peer_service = _peer(entry)
        if peer_team is None or not _is_label(peer_team, MAX_TEAM_ID):
            continue  # the schema reports it (ZT003, ZT101)
        if peer_service is not None and not _is_label(peer_service, MAX_SERVICE_NAME):
            continue  # the schema reports it (ZT102)
        path = (*ALLOW, index)
        if peer_team not in model.teams and peer_team != ADMIN_TEAM:
            message = (
                f'allow[{index}] admits team "{peer_team}", which this repo does not define: it '
                f"admits nothing until that team exists{_did_you_mean(peer_team, model.teams)}"
            )
            found.append(_at(service, "ZT201", message, (*path, "team")))
        elif peer_service is not None and peer_team in model.teams:
            services = model.teams[peer_team].services
            if all(s.name != peer_service for s in services):
                names = [s.name for s in services]
                message = (
                    f'allow[{index}] admits service "{peer_service}" of team "{peer_team}", '
                    f"which that team does not define: it admits nothing until that service "
                    f"exists{_did_you_mean(peer_service, names)}"
                )
                found.append(_at(service, "ZT202", message, (*path, "service")))
    return found


def _peer(entry: Any) -> tuple[str | None, str | None]:
    """The (team, service) an allow entry names, or (None, None) when the schema rejects it."""
    if not isinstance(entry, dict) or not isinstance(entry.get("team"), str):
        return None, None
    service = entry.get("service")
    return entry["team"], service if isinstance(service, str) else None


def _is_label(name: str, limit: int) -> bool:
    return len(name) <= limit and DNS_LABEL.fullmatch(name) is not None


def _did_you_mean(name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1)
    return f' (did you mean "{close[0]}"?)' if close else ""


def _egress_findings(service: Service, team: Team | None) -> list[Finding]:
    rules = _mapping(_mapping(service.raw).get("networkPolicy")).get("egressPublic")
    if not isinstance(rules, list) or not rules:
        return []
    found = _duplicate_hosts(service, rules)
    one = len(rules) == 1
    rules_are = "this egress rule" if one else f"these {len(rules)} egress rules"
    if team is not None and team.is_admin:
        message = (
            f"Otomi renders no ServiceEntries for the admin team: {rules_are} "
            f"{'has' if one else 'have'} no effect and its pods may reach any host"
        )
        found.append(_at(service, "ZT209", message, EGRESS))
    elif team is not None and not team.egress_public:
        message = (
            f"team {show(team.id)} has egressPublic: false, so {rules_are} "
            f"{'renders' if one else 'render'} nothing (and the team's pods may reach any host)"
        )
        found.append(_at(service, "ZT204", message, EGRESS))
    return found


def _duplicate_hosts(service: Service, rules: list[Any]) -> list[Finding]:
    first: dict[str, int] = {}
    found: list[Finding] = []
    for index, rule in enumerate(rules):
        domain = rule.get("domain") if isinstance(rule, dict) else None
        if not isinstance(domain, str) or not domain.isprintable() or not domain.strip():
            continue  # the schema reports it (ZT003, ZT104)
        key = host_key(domain)
        if key in first:
            message = (
                f"{domain} is already listed as egressPublic[{first[key]}]: both render one "
                "ServiceEntry name, so one replaces the other; merge their ports into one rule"
            )
            found.append(_at(service, "ZT206", message, (*EGRESS, index, "domain")))
        first.setdefault(key, index)
    return found


# --- across a team -------------------------------------------------------------------------


def _team_findings(services: list[Service], team: Team) -> list[tuple[Service, Finding]]:
    """ZT106 and ZT210 of a team, each with the service it is reported on."""
    return [*_duplicate_services(services, team), *_entry_name_clashes(services, team)]


def _duplicate_services(services: list[Service], team: Team) -> list[tuple[Service, Finding]]:
    first: dict[str, Service] = {}
    found: list[tuple[Service, Finding]] = []
    for service in services:
        if not service.name:
            continue
        earlier = first.setdefault(service.name, service)
        if earlier is not service:
            at = earlier.mark(("name",))
            message = (
                f"team {show(team.id)} already has a service named {show(service.name)}"
                f"{f' (at {at})' if at else ''}: their manifests would share names, so rename "
                "or remove one"
            )
            found.append((service, _at(service, "ZT106", message, ("name",))))
    return found


def _entry_name_clashes(services: list[Service], team: Team) -> list[tuple[Service, Finding]]:
    first: dict[str, tuple[Service, int, str]] = {}
    found: list[tuple[Service, Finding]] = []
    for service, index, domain in _domains(services):
        name = entry_name(team.id, service.name, domain)
        other = first.setdefault(name, (service, index, domain))
        if other[:2] == (service, index) or host_key(other[2]) == host_key(domain):
            continue
        if not is_domain(domain):
            continue
        if not is_domain(other[2]):  # the schema reports it; the next valid host keeps the name
            first[name] = (service, index, domain)
            continue
        owner = "" if other[0] is service else f" of service {show(other[0].name)}"
        message = (
            f"{domain} and {other[2]}{owner} (egressPublic[{other[1]}]) both render the "
            f'ServiceEntry "{name}", and only one object of a name can exist: keep one of them, '
            "or move one to another service"
        )
        found.append((service, _at(service, "ZT210", message, (*EGRESS, index, "domain"))))
    return found


def _domains(services: list[Service]) -> Iterable[tuple[Service, int, str]]:
    """(service, rule index, domain) for every egress domain that is a string."""
    for service in services:
        rules = _mapping(_mapping(service.raw).get("networkPolicy")).get("egressPublic")
        for index, rule in enumerate(rules if isinstance(rules, list) else []):
            domain = rule.get("domain") if isinstance(rule, dict) else None
            if isinstance(domain, str) and domain:
                yield service, index, domain


# --- helpers -------------------------------------------------------------------------------


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, dict) else {}


def _at(service: Service, code: str, message: str, path: FieldPath) -> Finding:
    return finding(code, message, service.mark(path), team=service.team,
                   service=service.name, path=dotted(path))
