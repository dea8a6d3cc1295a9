"""A services-era model as later-layout rules: what `ztui migrate` converts, and what it cannot.

The conversion is a pure function of the model, so its rules can be tested by hand and the
reachability check can compare the renders before and after. Per team (admin only for its
switches) and per service:

- ingress: DenyAll gives no rule (the team default denies); AllowAll a rule in mode AllowAll;
  AllowOnly a rule in mode AllowOnly with a source per allow entry (`allow: []` stays: it
  renders a deny-all policy, as it did). An entry that names a service admits the pods labelled
  `otomi.io/app: <service>` in `team-<team>`, as the services-era chart did, and also those
  labelled `serving.knative.dev/service: <service>` when some Knative service of that team
  carries that label, or when the repo does not know the team or service (pods the repo does
  not describe may carry either label). Where the repo shows that no pod carries the Knative
  label, that second peer of the old chart matched nothing, so it is left out.
- the protected pods: `serving.knative.dev/service` for a Knative service (`ksvc.predeployed`),
  else `otomi.io/app`; the value is the `podSelector` override when set, else the service name.
- egress: every `egressPublic` entry becomes an egress rule with its ports, also for a service
  whose ingress mode is DenyAll (Otomi's own 2024 migration dropped those).

Rule names (`rule_names`) are DNS labels of at most 63 characters, unique within the team: the
ingress rule is named after its service, its egress rules `<service>-egress`, `-egress-2`, ...
(the chart names a ServiceEntry `<team>-<rule>-<hostName>`, so the host is in the object's name
already: `payments-api-egress-api-stripe-com`, where a host in the rule name would say it twice).
A name longer than 63 keeps its first 54 characters and gets `-` and 8 hex digits of the sha256
of the full name; a name already taken gets `-2`, `-3`, ... Ingress names are given out first,
so a service's own rule always bears the service's name.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from ztui.model import (
    AllowEntry,
    Label,
    Mode,
    RepoModel,
    Rule,
    RuleType,
    Service,
    Source,
    Team,
)
from ztui.render.ingress import APP_LABEL, KNATIVE_SERVICE_LABEL

MAX_RULE_NAME = 63
_HASH_DIGITS = 8
_NOT_LABEL = re.compile(r"[^a-z0-9-]+")
_DASHES = re.compile(r"-{2,}")
#: The keys of a service's `networkPolicy`, its `ingressPrivate` and an egress entry that the
#: conversion carries; any other key is reported as not carried.
_SERVICE_KEYS = frozenset({"podSelector", "ingressPrivate", "egressPublic"})
_INGRESS_KEYS = frozenset({"mode", "allow"})
_EGRESS_KEYS = frozenset({"domain", "ports"})
_SWITCH_KEYS = frozenset({"ingressPrivate", "egressPublic"})


@dataclass(frozen=True, slots=True)
class Note:
    """Something the conversion could not carry over, or that renders differently after it.

    `source` names the platform source whose reach into `team` the note explains (the
    reachability check accepts exactly those differences).
    """

    team: str
    text: str
    source: str | None = None

    def explains(self, source: str, target: str) -> bool:
        """Whether the reachability change `source -> target` is what this note announced."""
        return self.source == source and target.partition("/")[0] == self.team


@dataclass(slots=True)
class TeamConversion:
    """One team after conversion: its switches and its rules (none for admin)."""

    team: Team
    rules: list[Rule] = field(default_factory=list)

    @property
    def switches(self) -> dict[str, bool]:
        """The team switches as the later layouts store them (effective values)."""
        return {"ingressPrivate": self.team.ingress_private,
                "egressPublic": self.team.egress_public}


@dataclass(slots=True)
class Conversion:
    """The whole repo after conversion, teams in model order, and the carry-over notes."""

    teams: list[TeamConversion]
    notes: list[Note]


def convert(model: RepoModel) -> Conversion:
    """The rules and notes of every team of `model` (a services-era model)."""
    teams: list[TeamConversion] = []
    notes: list[Note] = []
    for team in model.teams.values():
        converted = TeamConversion(team)
        if team.is_admin:
            notes += _admin_notes(team)
        else:
            converted.rules = team_rules(team, model)
            notes += _team_notes(team, converted.rules)
        notes += _invalid_key_notes(team)
        teams.append(converted)
    return Conversion(teams, notes)


def team_rules(team: Team, model: RepoModel) -> list[Rule]:
    """The rules of one team: per service its ingress rule, then its egress rules."""
    names = rule_names(team)
    rules: list[Rule] = []
    for index, service in enumerate(team.services):
        rule = ingress_rule(service, model)
        if rule is not None:
            rule.name = names[(index, -1)]
            rules.append(rule)
        for position, egress in enumerate(service.egress):
            name = names[(index, position)]
            rules.append(Rule(team.id, name, RuleType.EGRESS, egress=egress))
    return rules


def ingress_rule(service: Service, model: RepoModel) -> Rule | None:
    """The ingress rule of `service` (named after it), or None for DenyAll."""
    if service.mode is Mode.DENY_ALL:
        return None
    rule = Rule(service.team, service.name, RuleType.INGRESS, mode=service.mode,
                target=target_label(service))
    if service.mode is Mode.ALLOW_ONLY:
        rule.sources = sources(service.allow, model)
    return rule


def target_label(service: Service) -> Label:
    """The one label of the service's pods (spec 3.2)."""
    name = KNATIVE_SERVICE_LABEL if service.knative else APP_LABEL
    return Label(name, service.selector_value)


def sources(allow: tuple[AllowEntry, ...], model: RepoModel) -> tuple[Source, ...]:
    """The sources of an AllowOnly rule, in allow order, each once."""
    out: list[Source] = []
    for entry in allow:
        namespace = f"team-{entry.team}"
        found = [Source(namespace)]
        if entry.service:
            found = [Source(namespace, Label(APP_LABEL, entry.service))]
            if _may_be_knative(model, entry.team, entry.service):
                found.append(Source(namespace, Label(KNATIVE_SERVICE_LABEL, entry.service)))
        out += [source for source in found if source not in out]
    return tuple(out)


def _may_be_knative(model: RepoModel, team_id: str, value: str) -> bool:
    """Whether pods labelled `serving.knative.dev/service: <value>` may run in the team."""
    team = model.teams.get(team_id)
    if team is None or team.service(value) is None:
        return True
    return any(s.knative and s.selector_value == value for s in team.services)


def rule_names(team: Team) -> dict[tuple[int, int], str]:
    """The name of each rule, by (service index, egress index or -1 for ingress)."""
    taken: set[str] = set()
    names: dict[tuple[int, int], str] = {}
    for index, service in enumerate(team.services):
        if service.mode is not Mode.DENY_ALL:
            names[(index, -1)] = unique_name(service.name, taken)
    for index, service in enumerate(team.services):
        for position in range(len(service.egress)):
            names[(index, position)] = unique_name(f"{service.name}-egress", taken)
    return names


def unique_name(wanted: str, taken: set[str]) -> str:
    """`wanted` as a DNS label of at most 63 characters not in `taken` (which it joins)."""
    base = dns_label(wanted)
    name, number = base, 1
    while name in taken:
        number += 1
        name = shorten(f"{base}-{number}")
    taken.add(name)
    return name


def dns_label(text: str) -> str:
    """`text` lower-cased, `[^a-z0-9-]` runs as `-`, shortened to 63 with a hash suffix."""
    label = _DASHES.sub("-", _NOT_LABEL.sub("-", text.lower())).strip("-") or "rule"
    return shorten(label)


def shorten(label: str) -> str:
    """`label` itself, or its first 54 characters, `-` and 8 hex digits of its sha256."""
    if len(label) <= MAX_RULE_NAME:
        return label
    digest = hashlib.sha256(label.encode()).hexdigest()[:_HASH_DIGITS]
    head = label[: MAX_RULE_NAME - _HASH_DIGITS - 1].rstrip("-")
    return f"{head}-{digest}"


def _admin_notes(team: Team) -> list[Note]:
    out = []
    for service in team.services:
        what = _rules_text(service)
        if what:
            out.append(Note(team.id, f"{service.key}: {what} not carried over: Otomi renders "
                            "no network policies for the admin team, so they never took effect"))
    return out


def _rules_text(service: Service) -> str:
    parts = []
    if service.mode is not Mode.DENY_ALL:
        parts.append(f"ingress {service.mode.value}")
    if service.egress:
        count = len(service.egress)
        parts.append(f"{count} egress rule{'s' * (count != 1)}")
    return " and ".join(parts)


def _team_notes(team: Team, rules: list[Rule]) -> list[Note]:
    out: list[Note] = []
    if team.prometheus:
        out.append(Note(
            team.id,
            f"team {team.id}: managedMonitoring.prometheus policies are not rendered by chart "
            f"0.2.0 (default-to-prometheus, default-to-kube-state-metrics, "
            f"default-from-prometheus and the team-prometheus Sidecar): the team's own "
            f"Prometheus can no longer scrape the team's pods",
            source=f"platform:prometheus-team-{team.id}",
        ))
    if team.alertmanager:
        out.append(Note(team.id, f"team {team.id}: managedMonitoring.alertmanager policy "
                        "default-to-alertmanager is not rendered by chart 0.2.0: the team's "
                        "Prometheus can no longer reach its Alertmanager"))
    for service in team.services:
        if service.allow and service.mode is not Mode.ALLOW_ONLY:
            out.append(Note(team.id, f"{service.key}: {len(service.allow)} allow entries not "
                            f"carried over: mode {service.mode.value} ignores them"))
    ingress = sum(1 for rule in rules if rule.type is RuleType.INGRESS)
    egress = len(rules) - ingress
    if ingress and not team.ingress_private:
        out.append(Note(team.id, f"team {team.id}: {ingress} ingress rules carried over but "
                        "they render nothing while its ingressPrivate is false"))
    if egress and not team.egress_public:
        out.append(Note(team.id, f"team {team.id}: {egress} egress rules carried over but "
                        "they render nothing while its egressPublic is false"))
    return out


def _invalid_key_notes(team: Team) -> list[Note]:
    out: list[Note] = []
    switches = team.raw.get("networkPolicy")
    if isinstance(switches, dict):
        out += _unknown(team.id, f"team {team.id}: networkPolicy", switches, _SWITCH_KEYS)
    elif switches is not None:
        out.append(Note(team.id, f"team {team.id}: networkPolicy is not a mapping: not carried"))
    for service in team.services:
        policy = service.raw.get("networkPolicy")
        where = f"{service.key}: networkPolicy"
        if policy is not None and not isinstance(policy, dict):
            out.append(Note(team.id, f"{where} is not a mapping: not carried"))
            continue
        policy = policy or {}
        out += _unknown(team.id, where, policy, _SERVICE_KEYS)
        private = policy.get("ingressPrivate")
        if isinstance(private, dict):
            out += _unknown(team.id, f"{where}.ingressPrivate", private, _INGRESS_KEYS)
        egress = policy.get("egressPublic")
        for position, item in enumerate(egress if isinstance(egress, list) else []):
            if isinstance(item, dict):
                label = f"{where}.egressPublic[{position}]"
                out += _unknown(team.id, label, item, _EGRESS_KEYS)
    return out


def _unknown(team_id: str, where: str, mapping: dict[str, object],
             known: frozenset[str]) -> list[Note]:
    return [Note(team_id, f"{where}.{key} is not a network policy key: not carried")
            for key in mapping if key not in known]


__all__ = ["Conversion", "Note", "TeamConversion", "convert", "rule_names"]
