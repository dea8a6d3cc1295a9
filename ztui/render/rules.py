"""What chart `team-ns` 0.2.0 renders for a team of the later layouts (spec section 5).

Since 2024 a team's rules are named and stand apart from services: an ingress rule protects the
pods that carry one label and admits all teams or a list of namespaces (optionally narrowed to
pods with a label); an egress rule trusts one public host. The team-wide part is the services
era's minus monitoring (spec 3.1 defaults without the `default-to-*` policies) plus a fixed set
of Sidecars, and the envelope carries chart version 0.2.0 (`labels.chart_version`).

Reading of the spec where it leaves room, kept the same as the services era's (spec 3.1/3.3):
- ingress rules render only when the team filters ingress (`ingressPrivate` true, not admin):
  with `ingressPrivate: false` a team, admin too, gets only `default-ingress-allow-all`, and
  admin with filtering on gets no NetworkPolicy at all;
- Sidecars and ServiceEntries render only when the team filters egress (`egressPublic` true,
  not admin);
- a rule with no usable type, target or host renders nothing (validation reports it); nothing
  here raises on odd values, so the preview can render a half-typed rule.

Key order inside `spec` follows the services era's templates (`podSelector`, `policyTypes`,
`ingress`; `outboundTrafficPolicy` before `workloadSelector`); the Tekton dashboard Sidecar,
which has no traffic policy, is `workloadSelector` then `egress`, the order of Istio's own
Sidecar reference.
"""

from __future__ import annotations

from ztui.model import Label, Mode, Rule, RuleType, Source, Team

from .egress import egress_filtered, service_entry, sidecar
from .ingress import ingress_filtered
from .labels import NETWORK_POLICY_API, Manifest, chart_version, manifest, match_labels

INSTANCE_LABEL = "app.kubernetes.io/instance"
#: The Tekton dashboard's Sidecar keeps the older Istio API (spec 5).
TEKTON_SIDECAR_API = "networking.istio.io/v1alpha3"
#: Where the Tekton dashboard's Sidecar lets it go: the Kubernetes API only.
KUBERNETES_API_HOST = "default/kubernetes.default.svc.cluster.local"


def _policy(team: Team, name: str, spec: Manifest) -> Manifest:
    version = chart_version(team.rule_based)
    return manifest(NETWORK_POLICY_API, "NetworkPolicy", team.id, name, spec, version)


def _target(rule: Rule) -> Label | None:
    target = rule.target
    if target is None or not str(target.name):
        return None
    return target


def rule_policies(team: Team, rule: Rule) -> list[Manifest]:
    """The NetworkPolicy of an ingress rule (none for another type, or when nothing renders)."""
    target = _target(rule)
    if rule.type is not RuleType.INGRESS or target is None or not ingress_filtered(team):
        return []
    selector = match_labels(str(target.name), str(target.value))
    spec: Manifest = {"podSelector": selector, "policyTypes": ["Ingress"]}
    if rule.mode == Mode.ALLOW_ALL:
        spec["ingress"] = [{"from": [{"namespaceSelector": match_labels("type", "team")}]}]
        return [_policy(team, f"{rule.name}-allow-ingress-all", spec)]
    if rule.mode != Mode.ALLOW_ONLY:
        return []
    if rule.sources:
        spec["ingress"] = [{"from": [_source_peer(source) for source in rule.sources]}]
    return [_policy(team, f"{rule.name}-ingress-allow-only", spec)]


def _source_peer(source: Source) -> Manifest:
    """Namespace label `name: <fromNamespace>`, plus the pod label when the source has one."""
    out: Manifest = {"namespaceSelector": match_labels("name", str(source.namespace))}
    if source.label is not None and str(source.label.name):
        out["podSelector"] = match_labels(str(source.label.name), str(source.label.value))
    return out


def rule_service_entries(team: Team, rule: Rule) -> list[Manifest]:
    """The ServiceEntry of an egress rule, `<teamId>-<rule name>-<hostName>` (spec 5 and 3.3)."""
    egress = rule.egress
    if rule.type is not RuleType.EGRESS or egress is None or not str(egress.domain):
        return []
    if not egress_filtered(team):
        return []
    return [service_entry(team, rule.name, egress)]


def rule_sidecars(team: Team) -> list[Manifest]:
    """The team's four Sidecars under egress filtering, in the order spec 5 lists them."""
    if not egress_filtered(team):
        return []
    return [
        sidecar(team, "default", {"outboundTrafficPolicy": {"mode": "REGISTRY_ONLY"}}),
        _allow_any(team, "team-grafana", f"prometheus-{team.id}"),
        _allow_any(team, "team-alertmanager", f"{team.id}-po-alertmanager"),
        sidecar(team, "tekton-dashboard-sidecar", {
            "workloadSelector": {"labels": {"app": "tekton-dashboard"}},
            "egress": [{"hosts": [KUBERNETES_API_HOST]}],
        }, api=TEKTON_SIDECAR_API),
    ]


def _allow_any(team: Team, name: str, instance: str) -> Manifest:
    spec: Manifest = {
        "outboundTrafficPolicy": {"mode": "ALLOW_ANY"},
        "workloadSelector": {"labels": {INSTANCE_LABEL: instance}},
    }
    return sidecar(team, name, spec)
