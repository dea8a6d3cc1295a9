"""Checks of later-layout rules that need their team or the repo (spec 5): names, switches, hosts.

The schema says whether a rule is well formed (`validate_rule`); these say whether it does what
its author meant where it lives, as `ztui.schema.checks` does for services. They read the raw
rule (so each finding names the field as written, relative to `Rule.raw`, and points at its
location) and skip values the schema rejects, so one mistake gives one finding.

The services-era decisions carry over where they mean the same:
- A rule the chart does not enforce gets one finding that says so: ZT209 on the admin team (no
  team policies at all), ZT205 for an ingress rule under `ingressPrivate: false`, ZT204 for an
  egress rule under `egressPublic: false`. An AllowAll rule is not reported there: its author
  wanted the pods open, and they are.
- ZT207 (AllowOnly with no sources) only where the rule is enforced; ZT211 (a source namespace
  `team-<id>` of no team) and ZT203 (sources under AllowAll) wherever the rule is written.
  Namespaces that do not start with `team-` are the platform's (`istio-system`, `monitoring`)
  and are taken to exist.
- Across a team: ZT109 on the later of two rules with one name; ZT206 on the later of two
  egress rules with one host (each renders a ServiceEntry for it); ZT210 on the later of two
  rules whose ServiceEntry names `<team>-<rule>-<host>` collide although their hosts differ
  (rule `x` to `a-b.com` and rule `x-a` to `b.com`).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import Any

from ztui.codes import finding
from ztui.model import (
    ADMIN_TEAM,
    DNS_LABEL,
    FieldPath,
    Finding,
    Mode,
    RepoModel,
    Rule,
    RuleType,
    Team,
    dotted,
    first_of_each_name,
)
from ztui.schema.domain import entry_name, host_key, is_domain
from ztui.schema.messages import show

TEAM_PREFIX = "team-"


def check_rules(team: Team, model: RepoModel) -> list[Finding]:
    """Every semantic finding of a team's rules: rule by rule, then across the team."""
    found: list[Finding] = []
    for rule in team.rules:
        found += _rule_findings(rule, team, model)
    return found + [f for _, f in _team_findings(team.rules, team)]


def check_rule(rule: Rule, model: RepoModel) -> list[Finding]:
    """The semantic findings of one rule in its repo, as `check_rules` reports them for it.

    `rule` normally replaces the team's rule it is a draft of: the same object, the same file
    (file-per-rule layout) or the same `id` (netpols layout). A rule that is none of these (one
    being created) is checked as if it were its team's last.
    """
    team = model.teams.get(rule.team)
    found = _rule_findings(rule, team, model)
    if team is not None:
        siblings = [r for r in team.rules if not _same_rule(r, rule)]
        siblings.insert(_index_of(team.rules, rule), rule)
        found += [f for owner, f in _team_findings(siblings, team) if owner is rule]
    return found


def _same_rule(stored: Rule, draft: Rule) -> bool:
    if stored is draft:
        return True
    if draft.base and draft.file is not None:
        return stored.file == draft.file
    return draft.id is not None and stored.id == draft.id


def _index_of(rules: list[Rule], draft: Rule) -> int:
    return next((i for i, r in enumerate(rules) if _same_rule(r, draft)), len(rules))


# --- one rule ------------------------------------------------------------------------------


def _rule_findings(rule: Rule, team: Team | None, model: RepoModel) -> list[Finding]:
    rule_type = rule_type_section(rule)
    kind = rule_type.get("type")
    if kind == RuleType.INGRESS.value:
        return _ingress_findings(rule, _mapping(rule_type.get("ingress")), team, model)
    if kind == RuleType.EGRESS.value:
        return _egress_findings(rule, team)
    return []


def _ingress_findings(
    rule: Rule, ingress: Mapping[str, Any], team: Team | None, model: RepoModel
) -> list[Finding]:
    mode = _mode(ingress)
    if mode is None:
        return []  # the schema reports it (ZT003, ZT103)
    here = (*rule.rule_type_path, "ingress")
    allow = ingress.get("allow")
    found: list[Finding] = []
    if mode is Mode.ALLOW_ONLY:
        found += _unenforced_ingress(rule, team)
    if mode is Mode.ALLOW_ALL and isinstance(allow, list) and allow:
        sources = "this source" if len(allow) == 1 else f"these {len(allow)} sources"
        found.append(rule_finding(rule, "ZT203", (
            f"mode AllowAll ignores {sources}: set mode AllowOnly to admit only them, or "
            "remove them"), (*here, "allow")))
    if mode is Mode.ALLOW_ONLY and _enforced(team) and (
            "allow" not in ingress or allow == []):
        found.append(rule_finding(rule, "ZT207", (
            "mode AllowOnly with no sources admits nobody: the pods it protects stay closed to "
            "every team. Add sources, or delete the rule if that is meant"),
            _written(ingress, here, "allow", "mode")))
    if mode is Mode.ALLOW_ONLY and isinstance(allow, list):
        found += _unknown_namespaces(rule, allow, (*here, "allow"), model)
    return found


def _mode(ingress: Mapping[str, Any]) -> Mode | None:
    """The mode as the chart reads it (AllowOnly when absent), or None when the schema refuses
    it (DenyAll, another spelling)."""
    value = ingress.get("mode", Mode.ALLOW_ONLY.value)
    return next((m for m in (Mode.ALLOW_ONLY, Mode.ALLOW_ALL) if m.value == value), None)


def _enforced(team: Team | None) -> bool:
    return team is None or (not team.is_admin and team.ingress_private)


def _unenforced_ingress(rule: Rule, team: Team | None) -> list[Finding]:
    if team is None or _enforced(team):
        return []
    if team.is_admin:
        return [rule_finding(rule, "ZT209", (
            "Otomi renders no network policies for the admin team: this AllowOnly rule has no "
            "effect and every namespace can reach the pods it protects"), _type_path(rule))]
    return [rule_finding(rule, "ZT205", (
        f"team {show(team.id)} has ingressPrivate: false, so every namespace can reach the "
        "team's pods: this AllowOnly rule has no effect"), _type_path(rule))]


def _unknown_namespaces(
    rule: Rule, allow: list[Any], path: FieldPath, model: RepoModel
) -> list[Finding]:
    """ZT211 for each source namespace `team-<id>` where the repo defines no team `<id>`."""
    found: list[Finding] = []
    for index, source in enumerate(allow):
        namespace = _mapping(source).get("fromNamespace")
        if not isinstance(namespace, str) or not _is_namespace(namespace):
            continue  # the schema reports it (ZT003, ZT110)
        team_id = namespace.removeprefix(TEAM_PREFIX)
        if team_id in (namespace, ADMIN_TEAM) or team_id in model.teams:
            continue
        found.append(rule_finding(rule, "ZT211", (
            f'allow[{index}] admits namespace "{namespace}", but this repo defines no team '
            f'"{team_id}": it admits nothing until that team exists'
            f"{_did_you_mean(team_id, model.teams)}"), (*path, index, "fromNamespace")))
    return found


def _is_namespace(name: str) -> bool:
    return len(name) <= 63 and DNS_LABEL.fullmatch(name) is not None


def _did_you_mean(team_id: str, known: Iterable[str]) -> str:
    """The namespace of the team whose id is closest to `team_id` (the shared `team-` prefix
    would make every namespace look close)."""
    close = difflib.get_close_matches(team_id, list(known), n=1)
    return f' (did you mean "{TEAM_PREFIX}{close[0]}"?)' if close else ""


def _egress_findings(rule: Rule, team: Team | None) -> list[Finding]:
    if team is not None and team.is_admin:
        return [rule_finding(rule, "ZT209", (
            "Otomi renders no ServiceEntries for the admin team: this egress rule has no effect "
            "and its pods may reach any host"), _type_path(rule))]
    if team is not None and not team.egress_public:
        return [rule_finding(rule, "ZT204", (
            f"team {show(team.id)} has egressPublic: false, so this egress rule renders nothing "
            "(and the team's pods may reach any host)"), _type_path(rule))]
    return []


# --- across a team -------------------------------------------------------------------------


def _team_findings(rules: list[Rule], team: Team) -> list[tuple[Rule, Finding]]:
    """ZT109, ZT206 and ZT210 of a team, each with the rule it is reported on."""
    return [*_duplicate_names(rules, team), *_shared_hosts(first_of_each_name(rules), team)]


def _duplicate_names(rules: list[Rule], team: Team) -> list[tuple[Rule, Finding]]:
    first: dict[str, Rule] = {}
    found: list[tuple[Rule, Finding]] = []
    for rule in rules:
        if not rule.name:
            continue
        earlier = first.setdefault(rule.name, rule)
        if earlier is not rule:
            at = earlier.mark(name_path(earlier))
            found.append((rule, rule_finding(rule, "ZT109", (
                f"team {show(team.id)} already has a rule named {show(rule.name)}"
                f"{f' (at {at})' if at else ''}: their manifests would share names, so rename "
                "or remove one"), name_path(rule))))
    return found


def _shared_hosts(rules: list[Rule], team: Team) -> list[tuple[Rule, Finding]]:
    """ZT206 for a host two egress rules trust, ZT210 for two ServiceEntries of one name."""
    by_host: dict[str, tuple[Rule, str]] = {}
    by_name: dict[str, tuple[Rule, str]] = {}
    found: list[tuple[Rule, Finding]] = []
    for rule, domain in _domains(rules):
        path = (*rule.rule_type_path, "egress", "domain")
        other, other_domain = by_host.setdefault(host_key(domain), (rule, domain))
        if other is not rule:
            found.append((rule, rule_finding(rule, "ZT206", (
                f"{domain} is already the host of rule {show(other.name)}"
                f"{_where(other)}: both render a ServiceEntry for it; keep one rule per host "
                "and list all its ports there"), path)))
            continue
        name = entry_name(team.id, rule.name, domain)
        other, other_domain = by_name.setdefault(name, (rule, domain))
        if other is not rule:
            found.append((rule, rule_finding(rule, "ZT210", (
                f"{domain} of this rule and {other_domain} of rule {show(other.name)} both "
                f'render the ServiceEntry "{name}", and only one object of a name can exist: '
                "rename one of the rules"), path)))
    return found


def _where(rule: Rule) -> str:
    at = rule.mark((*rule.rule_type_path, "egress", "domain"))
    return f" (at {at})" if at else ""


def _domains(rules: list[Rule]) -> Iterable[tuple[Rule, str]]:
    """(rule, domain) for every egress rule whose domain the schema accepts."""
    for rule in rules:
        rule_type = rule_type_section(rule)
        domain = _mapping(rule_type.get("egress")).get("domain")
        if rule_type.get("type") == RuleType.EGRESS.value and isinstance(domain, str) and (
                is_domain(domain)):
            yield rule, domain


# --- helpers -------------------------------------------------------------------------------


def name_path(rule: Rule) -> FieldPath:
    """Where a rule's name is written: `name` of a list item, `metadata.name` of a document."""
    return ("metadata", "name") if rule.base else ("name",)


def _type_path(rule: Rule) -> FieldPath:
    return (*rule.rule_type_path, "type")


def _written(section: Mapping[str, Any], path: FieldPath, *keys: str) -> FieldPath:
    """The path of the first of `keys` that `section` (at `path`) holds, else `path` itself."""
    return next(((*path, key) for key in keys if key in section), path)


def rule_type_section(rule: Rule) -> Mapping[str, Any]:
    """The rule's `ruleType` mapping as written (empty where it is missing or not a mapping:
    the schema reports that), so checks and lint read both layouts alike."""
    raw: Any = rule.raw
    for part in rule.rule_type_path:
        raw = _mapping(raw).get(str(part))
    return _mapping(raw)


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, dict) else {}


def rule_finding(rule: Rule, code: str, message: str, path: FieldPath) -> Finding:
    """A finding about `rule` at `path` (relative to `Rule.raw`), located at its mark."""
    return finding(code, message, rule.mark(path), team=rule.team, rule=rule.name,
                   path=dotted(path))
