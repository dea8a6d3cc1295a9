"""`ztui reach` on the later layouts: naming workloads and rules, and what an outbound rule does.

A later-layout repo has no services: pods are known only by the labels rules name (see
`ztui.analysis.cluster`), so `TEAM/X` is either a workload (`shop/api` for `otomi.io/app=api`,
`data/serving.knative.dev/service=warehouse` for any other label) or a rule name. An inbound
rule stands for the workload it protects; an outbound rule is not about one workload at all
(its ServiceEntry is exported to the team's whole namespace), so it gets its own answer: which
namespace's pods it lets out, and to what.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ztui.analysis.cluster import rule_workload
from ztui.analysis.index import ReachIndex
from ztui.cli.errors import UserError
from ztui.model import ADMIN_TEAM, Rule, RuleType, Team


@dataclass(frozen=True, slots=True)
class Picked:
    """What `TEAM/X` names: a workload key, and the inbound rule it was named through."""

    key: str
    rule: Rule | None = None


def _workloads(index: ReachIndex, team_id: str) -> list[str]:
    return [pod.service or "" for pod in index.service_pods() if pod.team == team_id]


def pick(index: ReachIndex, team: Team, name: str) -> Picked | Rule:
    """The workload `team/name`, the workload an inbound rule `name` protects, or an outbound
    rule; a one-line UserError naming what exists otherwise."""
    key = f"{team.id}/{name}"
    pod = index.pod(key)
    if pod is not None and pod.is_service:
        return Picked(key)
    rule = team.rule(name)
    if rule is None:
        workloads = ", ".join(_workloads(index, team.id)) or "none"
        rules = ", ".join(sorted(r.name for r in team.rules)) or "none"
        raise UserError(f"team {team.id!r} has no workload or rule {name!r} "
                        f"(workloads: {workloads}; rules: {rules})")
    if rule.type is RuleType.EGRESS:
        return rule
    if rule.type is not RuleType.INGRESS:
        raise UserError(f"rule {rule.key} has no valid type (ingress or egress): "
                        "`ztui validate` says why")
    workload = rule_workload(rule)
    if workload is None:
        raise UserError(f"rule {rule.key} has no valid target label, so it names no pods: "
                        "`ztui validate` says why")
    return Picked(workload, rule)


def picked_note(picked: Picked) -> list[str]:
    """The line that says which workload an inbound rule's name stands for."""
    if picked.rule is None:
        return []
    return [f"{picked.rule.key} is an inbound rule: it protects workload {picked.key}", ""]


def egress_rule_text(index: ReachIndex, team: Team, rule: Rule) -> list[str]:
    """What an outbound rule lets out: the namespace's pods, the endpoints, or why nothing."""
    ns = team.namespace
    host = str(rule.egress.domain) if rule.egress is not None else ""
    head = f"{rule.key}: an outbound rule of team {team.id}" + (f" for {host}" if host else "")
    entries = index.rule_outbound(rule.key)
    if entries:
        lines = [head, f"it lets every pod of namespace {ns} reach (a ServiceEntry is exported "
                       "to its whole namespace):"]
        width = max(len(entry.endpoint()) for entry in entries)
        lines += [f"  {entry.endpoint().ljust(width)}  via ServiceEntry {entry.via}"
                  for entry in entries]
        pods = ", ".join(f"{team.id}/{name}" for name in _workloads(index, team.id))
        lines.append(f"  workloads of {ns}: {pods or 'none that a rule names'}")
        return lines
    return [head, f"it renders nothing: {_why_nothing(index, team, rule)}"]


def _why_nothing(index: ReachIndex, team: Team, rule: Rule) -> str:
    ns = team.namespace
    reaches_any = any(entry.any_host for entry in index.namespace_outbound(team.id))
    anyway = f"; the pods of {ns} may reach any host anyway" if reaches_any else ""
    if team.id == ADMIN_TEAM:
        return f"Otomi renders no egress filtering for the admin team{anyway}"
    if not team.egress_public:
        return f"team {team.id} does not filter egress (egressPublic: false){anyway}"
    if rule.egress is None or not str(rule.egress.domain):
        return "it has no valid domain (`ztui validate` says why)"
    return "another rule of the team renders a ServiceEntry with the same name, which wins"


def egress_rule_json(index: ReachIndex, team: Team, rule: Rule) -> dict[str, Any]:
    """The JSON form of `egress_rule_text`."""
    return {
        "rule": rule.key,
        "namespace": team.namespace,
        "outbound": [entry.as_json() for entry in index.rule_outbound(rule.key)],
        "workloads": [f"{team.id}/{name}" for name in _workloads(index, team.id)],
    }
