"""What `ztui render` and the preview show: a team's manifests as plain dicts, in a fixed order.

Rendering is a pure function of the model (no IO, no validation: it assumes a valid model but
never raises on odd values), so the preview can re-render a team on every keystroke and the
CLI can render a whole repo, and both print exactly the same documents.

Document order, per team (stable, so that text diffs of the output are meaningful):
1. the team's default NetworkPolicies, in the order spec 3.1 lists them
   (`default-ingress-allow-all`, or `default-ingress-deny`, `default-ingress-platform`,
   `default-from-gitea`, `default-to-alertmanager`, `default-to-prometheus`,
   `default-to-kube-state-metrics`, `default-from-prometheus`);
2. each service's NetworkPolicy, in service order;
3. the team's Sidecars (`default`, then `team-prometheus`);
4. the ServiceEntries, in service order and, within a service, in rule order.
`render_teams` concatenates teams in the order given.

A team of the later layouts (`team.rule_based`, spec 5, chart 0.2.0; see `rules`) has:
1. the default NetworkPolicies (`default-ingress-allow-all`, or `default-ingress-deny`,
   `default-ingress-platform`, `default-from-gitea`);
2. each ingress rule's NetworkPolicy, in order of rule name;
3. the Sidecars (`default`, `team-grafana`, `team-alertmanager`, `tekton-dashboard-sidecar`);
4. each egress rule's ServiceEntry, in order of rule name.
Rules go by name, not by file order: the one-file-per-rule layout has no order but the file
names', the `netpols` list has its own, and the same rules must render the same stream in both
(names are unique per team; duplicates, an error, keep their file order).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ztui.model import Rule, Service, Team

from .egress import service_entries, sidecars
from .ingress import default_policies, service_policies
from .labels import Manifest
from .rules import rule_policies, rule_service_entries, rule_sidecars

__all__ = ["Manifest", "render_rule", "render_service", "render_team", "render_teams"]


def _render(team: Team, services: Sequence[Service]) -> list[Manifest]:
    out = default_policies(team)
    for service in services:
        out += service_policies(team, service)
    out += sidecars(team)
    for service in services:
        out += service_entries(team, service)
    return out


def _render_rules(team: Team, rules: Sequence[Rule]) -> list[Manifest]:
    out = default_policies(team)
    for rule in rules:
        out += rule_policies(team, rule)
    out += rule_sidecars(team)
    for rule in rules:
        out += rule_service_entries(team, rule)
    return out


def render_team(team: Team) -> list[Manifest]:
    """Every manifest the chart renders for `team`: its defaults and all its services' (or,
    for a team of the later layouts, all its rules')."""
    if team.rule_based:
        return _render_rules(team, sorted(team.rules, key=lambda rule: str(rule.name)))
    return _render(team, team.services)


def render_rule(team: Team, rule: Rule) -> list[Manifest]:
    """The team's defaults and Sidecars plus `rule`'s own manifest: what the preview shows."""
    return _render_rules(team, [rule])


def render_service(team: Team, service: Service) -> list[Manifest]:
    """The team's defaults plus `service`'s own manifests: what the preview shows."""
    return _render(team, [service])


def render_teams(teams: Iterable[Team]) -> list[Manifest]:
    """The manifests of several teams, one team after the other."""
    out: list[Manifest] = []
    for team in teams:
        out += render_team(team)
    return out
