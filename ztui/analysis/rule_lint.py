"""Lint of later-layout rules (spec 5): what their rendered manifests do beyond what was meant.

The counterpart of `ztui.analysis.lint` for named rules, with the same codes where they mean
the same (see `ztui.codes`):

- ZT301 (info) an AllowAll rule: every pod of every team namespace may reach the pods it
  protects, teams created later included;
- ZT302 (info) a wildcard egress host: every subdomain, present and future, for every pod of
  the team;
- ZT303 (warning) egress to a private, loopback or link-local address, where the cluster itself
  lives.

Notices are returned only with `notices=True`, as for services. Each check runs only where the
chart renders the rule (ingress: the team filters ingress and is not admin; egress: it filters
egress and is not admin); elsewhere ZT204, ZT205 or ZT209 already say the rule does nothing.
Values the schema rejects are skipped, so one mistake gives one finding.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ztui.model import Finding, Mode, RepoModel, Rule, RuleType, Severity, Team
from ztui.render.egress import egress_filtered
from ztui.render.ingress import ingress_filtered
from ztui.schema.domain import internal_address_note, is_domain
from ztui.schema.rule_checks import rule_finding, rule_type_section


def lint_rules(team: Team, *, notices: bool = False) -> list[Finding]:
    """The lint findings of every rule of `team`; ZT301/ZT302 notices only with `notices`."""
    found: list[Finding] = []
    for rule in team.rules:
        found += _rule_lint(rule, team, notices)
    return found


def lint_rule(rule: Rule, model: RepoModel, *, notices: bool = False) -> list[Finding]:
    """The lint findings of one rule in its repo, as `lint_rules` reports them for it."""
    return _rule_lint(rule, model.teams.get(rule.team), notices)


def _rule_lint(rule: Rule, team: Team | None, notices: bool) -> list[Finding]:
    rule_type = rule_type_section(rule)
    kind = rule_type.get("type")
    found: list[Finding] = []
    if kind == RuleType.INGRESS.value and (team is None or ingress_filtered(team)):
        ingress = _mapping(rule_type.get("ingress"))
        if notices and ingress.get("mode") == Mode.ALLOW_ALL.value:
            found.append(rule_finding(rule, "ZT301", (
                "mode AllowAll admits every pod of every team namespace, teams created later "
                "included; name the sources with AllowOnly unless every team needs it"),
                (*rule.rule_type_path, "ingress", "mode")))
    elif kind == RuleType.EGRESS.value and (team is None or egress_filtered(team)):
        domain = _mapping(rule_type.get("egress")).get("domain")
        if isinstance(domain, str) and is_domain(domain):
            found += _egress_lint(rule, domain, notices)
    return found if notices else [f for f in found if f.severity is not Severity.INFO]


def _egress_lint(rule: Rule, domain: str, notices: bool) -> list[Finding]:
    """ZT302 for a wildcard host, ZT303 for an address where the cluster lives."""
    path = (*rule.rule_type_path, "egress", "domain")
    if domain.startswith("*."):
        if not notices:
            return []
        return [rule_finding(rule, "ZT302", (
            f"{domain} trusts every subdomain of {domain[2:]}, present and future, for every "
            f"pod of team {rule.team}; list the exact hosts if you know them"), path)]
    note = internal_address_note(domain)
    if note is None:
        return []
    return [rule_finding(rule, "ZT303", (
        f"{note}: this rule opens it to every pod of team {rule.team}; reach in-cluster "
        "services through their Service and an ingress rule instead"), path)]


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, dict) else {}
