"""Internal ingress as the chart renders it: `networking.k8s.io/v1` NetworkPolicies (spec 3.1).

A team with ingress filtering on gets a deny-by-default baseline plus the holes the platform
needs (Istio, Knative, monitoring, Tekton, Gitea webhooks); each service then opens itself to
all teams or to a list of peers. The functions here mirror that split so the preview of one
service can show the team baseline next to that service's own policy.

Where the spec is silent on key order inside `spec`, the order follows the chart's templates,
so the YAML text reads like Helm's output.
"""

from __future__ import annotations

from ztui.model import Mode, Service, Team

from .labels import (
    NETWORK_POLICY_API,
    Manifest,
    chart_version,
    manifest,
    match_labels,
    namespace,
    peer,
)

KNATIVE_SERVICE_LABEL = "serving.knative.dev/service"
APP_LABEL = "otomi.io/app"
INSTANCE_LABEL = "app.kubernetes.io/instance"


def _policy(team: Team, name: str, spec: Manifest) -> Manifest:
    version = chart_version(team.rule_based)
    return manifest(NETWORK_POLICY_API, "NetworkPolicy", team.id, name, spec, version)


def _policy_types() -> list[str]:
    return ["Ingress"]


def ingress_filtered(team: Team) -> bool:
    """Whether the chart renders the deny-by-default set: filtering on and not `admin`."""
    return team.ingress_private and not team.is_admin


def default_policies(team: Team) -> list[Manifest]:
    """The team-wide NetworkPolicies, in the order spec 3.1 lists them.

    Chart 0.2.0 (a rule-based team, spec 5) renders the same set without the monitoring ones.
    """
    if not team.ingress_private:
        return [_allow_all(team)]
    if team.is_admin:
        return []
    out = [_deny(team), _platform(team), _from_gitea(team)]
    if team.rule_based:
        return out
    if team.alertmanager:
        out.append(_to_alertmanager(team))
    if team.prometheus:
        out += [_to_prometheus(team), _to_kube_state_metrics(team), _from_prometheus(team)]
    return out


def _allow_all(team: Team) -> Manifest:
    spec: Manifest = {
        "podSelector": {"matchLabels": {}},
        "ingress": [{"from": [{"namespaceSelector": {}}]}],
    }
    return _policy(team, "default-ingress-allow-all", spec)


def _deny(team: Team) -> Manifest:
    spec: Manifest = {"podSelector": {}, "policyTypes": _policy_types()}
    return _policy(team, "default-ingress-deny", spec)


def _platform(team: Team) -> Manifest:
    knative = {"namespaceSelector": match_labels("kubernetes.io/metadata.name", "knative-serving")}
    peers = [
        peer("istio-system"),
        knative,
        peer("monitoring", (INSTANCE_LABEL, "po-prometheus")),
        peer("tekton-pipelines"),
    ]
    spec: Manifest = {
        "podSelector": {},
        "policyTypes": _policy_types(),
        "ingress": [{"from": [p]} for p in peers],
    }
    return _policy(team, "default-ingress-platform", spec)


def _to_pods(team: Team, name: str, pods: tuple[str, str], peers: list[Manifest]) -> Manifest:
    """A policy in the chart's `ingress, podSelector, policyTypes` shape: pods accept peers."""
    spec: Manifest = {
        "ingress": [{"from": peers}],
        "podSelector": match_labels(*pods),
        "policyTypes": _policy_types(),
    }
    return _policy(team, name, spec)


def _from_gitea(team: Team) -> Manifest:
    pods = ("app.kubernetes.io/managed-by", "EventListener")
    return _to_pods(team, "default-from-gitea", pods, [peer("gitea", ("app", "gitea"))])


def _to_alertmanager(team: Team) -> Manifest:
    own = namespace(team.id)
    pods = (INSTANCE_LABEL, f"{team.id}-po-alertmanager")
    peers = [peer(own, (INSTANCE_LABEL, f"{team.id}-po-prometheus"))]
    return _to_pods(team, "default-to-alertmanager", pods, peers)


def _to_prometheus(team: Team) -> Manifest:
    own = namespace(team.id)
    pods = (INSTANCE_LABEL, f"{team.id}-po-prometheus")
    peers = [
        peer(own, (INSTANCE_LABEL, f"{team.id}-po-alertmanager")),
        peer(own, ("app.kubernetes.io/name", f"{team.id}-po-grafana")),
    ]
    return _to_pods(team, "default-to-prometheus", pods, peers)


def _to_kube_state_metrics(team: Team) -> Manifest:
    own = namespace(team.id)
    pods = ("app.kubernetes.io/name", "kube-state-metrics")
    peers = [peer(own, ("prometheus", own))]
    return _to_pods(team, "default-to-kube-state-metrics", pods, peers)


def _from_prometheus(team: Team) -> Manifest:
    own = namespace(team.id)
    spec: Manifest = {
        "podSelector": {},
        "policyTypes": _policy_types(),
        "ingress": [{"from": [peer(own, (INSTANCE_LABEL, f"{team.id}-po-prometheus"))]}],
    }
    return _policy(team, "default-from-prometheus", spec)


def pod_selector(service: Service) -> Manifest:
    """The label selector for a service's pods (spec 3.2)."""
    key = KNATIVE_SERVICE_LABEL if service.knative else APP_LABEL
    return match_labels(key, str(service.pod_selector or service.name))


def service_policies(team: Team, service: Service) -> list[Manifest]:
    """The service's own NetworkPolicy (none for DenyAll or when the team is not filtered)."""
    if not ingress_filtered(team):
        return []
    if service.mode == Mode.ALLOW_ALL:
        return [_allow_all_teams(team, service)]
    if service.mode == Mode.ALLOW_ONLY:
        return [_allow_only(team, service)]
    return []


def _allow_all_teams(team: Team, service: Service) -> Manifest:
    spec: Manifest = {
        "podSelector": pod_selector(service),
        "policyTypes": _policy_types(),
        "ingress": [{"from": [{"namespaceSelector": match_labels("type", "team")}]}],
    }
    return _policy(team, f"{service.name}-ingress-from-all-teams", spec)


def _allow_only(team: Team, service: Service) -> Manifest:
    spec: Manifest = {"podSelector": pod_selector(service), "policyTypes": _policy_types()}
    peers = [p for entry in service.allow for p in _allow_peers(entry.team, entry.service)]
    if peers:
        spec["ingress"] = [{"from": peers}]
    return _policy(team, f"{service.name}-ingress-allow-only", spec)


def _allow_peers(team_id: str, service_name: str | None) -> list[Manifest]:
    """One peer per allow entry; two when it names a service (plain pods and Knative pods)."""
    ns = namespace(str(team_id))
    if not service_name:
        return [peer(ns)]
    name = str(service_name)
    return [peer(ns, (APP_LABEL, name)), peer(ns, (KNATIVE_SERVICE_LABEL, name))]
