"""The cluster the manifests are evaluated against: namespaces with labels, pods with labels.

A values repo says nothing about the labels of namespaces and pods, yet NetworkPolicies select
by nothing else, so the analysis needs a stated model of them. It is the smallest one that the
spec's manifests presuppose:

Namespaces (every one also has `kubernetes.io/metadata.name: <name>`, which Kubernetes sets):
- each team's `team-<id>`, the admin team's included: `name: team-<id>`, `type: team`;
- `istio-system`, `monitoring`, `tekton-pipelines`, `gitea`: `name: <namespace>`;
- `knative-serving`: only `kubernetes.io/metadata.name` (spec 3.1 selects it by that label).

Pods (each one a source; services are also targets):
- a service's pods, in its team's namespace, carry exactly the label of spec 3.2: key
  `serving.knative.dev/service` when `ksvc.predeployed` is true, else `otomi.io/app`; value the
  `podSelector` override when set, else the service name. So a service whose pods are
  relabelled by `podSelector` is *not* matched by an allow entry that names it (the chart's
  peer uses the service name), and two services with one label are the same pods to every
  policy: both are facts of the chart that the analysis must show, not hide;
- `platform:istio-system` (ingress gateway, `app: istio-ingressgateway`),
  `platform:knative-serving` (activator, `app: activator`), `platform:prometheus` (the
  platform Prometheus in `monitoring`, `app.kubernetes.io/instance: po-prometheus`),
  `platform:tekton-pipelines` (`app.kubernetes.io/part-of: tekton-pipelines`) and
  `platform:gitea` (`app: gitea`): the platform components that spec 3.1's policies name;
- `platform:prometheus-team-<id>`, the team's own Prometheus, for a team other than admin with
  `managedMonitoring.prometheus: true`, in `team-<id>` with the labels the chart's policies and
  its `team-prometheus` Sidecar select it by.

The team's other monitoring pods (Alertmanager, Grafana, kube-state-metrics) and Tekton's
EventListener pods are not modelled: they are neither services nor named as sources by any
policy that selects a service.

The later layouts (spec 5) have no services: rules name pods by one label, and the repo knows
workloads only through those labels. So a team's pods there ("workloads") are:
- each ingress rule's target label: one workload in the rule's team's namespace;
- each source label of an ingress rule whose `fromNamespace` is `team-<id>` of a team of the
  repo: one workload in that namespace (a source in any other namespace names no workload);
- each workload carries exactly its one label; one label is one workload however many rules
  name it. Its key is `team/<value>` for `otomi.io/app=<value>`, else `team/<name>=<value>`
  (so `data/serving.knative.dev/service=warehouse`), and `Pod.service` is the part after
  `team/`. Workloads come per team in model order: the team's own targets, then those named
  by sources, both in order of rule name (as rendered), the rules of the teams in model order.
The platform components are as above; no team Prometheus is modelled (chart 0.2.0 renders no
monitoring policies). A workload is a service to every query (`Pod.is_service`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field

from ztui.model import Label, RepoModel, Rule, RuleType, Service, Team
from ztui.render.ingress import APP_LABEL, INSTANCE_LABEL, KNATIVE_SERVICE_LABEL

METADATA_NAME = "kubernetes.io/metadata.name"
PLATFORM = "platform:"


@dataclass(frozen=True, slots=True)
class Pod:
    """The pods of one service or platform component (all replicas have the same labels)."""

    #: `team/service` or `platform:<name>`.
    key: str
    namespace: str
    labels: dict[str, str] = field(hash=False, compare=True)
    #: The team and service it belongs to; None for a platform component.
    team: str | None = None
    service: str | None = None

    @property
    def is_service(self) -> bool:
        return self.service is not None

    def describe(self) -> str:
        """`pods otomi.io/app=api in namespace team-payments`."""
        labels = ",".join(f"{k}={v}" for k, v in self.labels.items())
        return f"pods {labels} in namespace {self.namespace}"


def team_namespace_labels(team_id: str) -> dict[str, str]:
    name = f"team-{team_id}"
    return {METADATA_NAME: name, "name": name, "type": "team"}


def _named(namespace: str) -> dict[str, str]:
    return {METADATA_NAME: namespace, "name": namespace}


PLATFORM_NAMESPACES: dict[str, dict[str, str]] = {
    "istio-system": _named("istio-system"),
    "knative-serving": {METADATA_NAME: "knative-serving"},
    "monitoring": _named("monitoring"),
    "tekton-pipelines": _named("tekton-pipelines"),
    "gitea": _named("gitea"),
}

PLATFORM_PODS: tuple[Pod, ...] = (
    Pod(f"{PLATFORM}istio-system", "istio-system",
        {"app": "istio-ingressgateway", "istio": "ingressgateway"}),
    Pod(f"{PLATFORM}knative-serving", "knative-serving", {"app": "activator"}),
    Pod(f"{PLATFORM}prometheus", "monitoring",
        {INSTANCE_LABEL: "po-prometheus", "app.kubernetes.io/name": "prometheus"}),
    Pod(f"{PLATFORM}tekton-pipelines", "tekton-pipelines",
        {"app.kubernetes.io/part-of": "tekton-pipelines"}),
    Pod(f"{PLATFORM}gitea", "gitea", {"app": "gitea"}),
)


def service_label(service: Service) -> tuple[str, str]:
    """The one label a service's pods carry (spec 3.2): (key, value)."""
    key = KNATIVE_SERVICE_LABEL if service.knative else APP_LABEL
    return key, str(service.pod_selector or service.name)


def service_pod(service: Service) -> Pod:
    key, value = service_label(service)
    return Pod(service.key, f"team-{service.team}", {key: value}, service.team, service.name)


def team_prometheus_pod(team: Team) -> Pod:
    """The team's own Prometheus, labelled as the chart's policies and Sidecar select it."""
    return Pod(
        f"{PLATFORM}prometheus-team-{team.id}", team.namespace,
        {
            INSTANCE_LABEL: f"{team.id}-po-prometheus",
            "prometheus": team.namespace,
            APP_LABEL: f"prometheus-team-{team.id}",
        },
        team.id,
    )


def team_pods(team: Team) -> list[Pod]:
    """The pods of a team: its services (the first of a duplicated name) and its Prometheus."""
    seen: set[str] = set()
    out: list[Pod] = []
    for service in team.services:
        if service.name in seen:
            continue  # ZT106 (an error) reports it; a key names one service
        seen.add(service.name)
        out.append(service_pod(service))
    if team.prometheus and not team.is_admin:
        out.append(team_prometheus_pod(team))
    return out


def workload_key(team_id: str, label: Label) -> str:
    """`team/<value>` for `otomi.io/app=<value>`, else `team/<name>=<value>`."""
    return _key(team_id, str(label.name), str(label.value))


def _key(team_id: str, name: str, value: str) -> str:
    return f"{team_id}/{value}" if name == APP_LABEL else f"{team_id}/{name}={value}"


def rule_workload(rule: Rule) -> str | None:
    """The key of the workload an ingress rule protects; None for any other rule, or one
    without a usable target label (validation reports it)."""
    target = _usable(rule.target) if rule.type is RuleType.INGRESS else None
    return None if target is None else _key(rule.team, *target)


def workload_pod(team_id: str, label: Label) -> Pod:
    """The pods of a later-layout workload: one label, in its team's namespace."""
    return _pod(team_id, str(label.name), str(label.value))


def _pod(team_id: str, name: str, value: str) -> Pod:
    key = _key(team_id, name, value)
    return Pod(key, f"team-{team_id}", {name: value}, team_id, key.partition("/")[2])


#: A workload a rule names: (its team, label name, label value).
Named = tuple[str, str, str]


@dataclass(frozen=True, slots=True)
class NamedWorkloads:
    """What one team's rules name: its own targets, and the workloads its sources name."""

    targets: tuple[Named, ...]
    sources: tuple[Named, ...]


def _usable(label: Label | None) -> tuple[str, str] | None:
    if label is None or not str(label.name) or not str(label.value):
        return None
    return str(label.name), str(label.value)


def named_workloads(team: Team, team_ids: Collection[str]) -> NamedWorkloads:
    """The workloads `team`'s ingress rules name, in order of rule name; a source names one
    only in the namespace of a team in `team_ids`."""
    targets: list[Named] = []
    sources: list[Named] = []
    for rule in sorted(team.rules, key=lambda r: str(r.name)):
        if rule.type is not RuleType.INGRESS:
            continue
        target = _usable(rule.target)
        if target is not None:
            targets.append((team.id, *target))
        for source in rule.sources:
            ns, label = str(source.namespace), _usable(source.label)
            if label is not None and ns.startswith("team-") and ns[5:] in team_ids:
                sources.append((ns[5:], *label))
    return NamedWorkloads(tuple(targets), tuple(sources))


def workload_pods(
    teams: Iterable[Team], named: Mapping[str, NamedWorkloads] | None = None
) -> dict[str, list[Pod]]:
    """The workloads of later-layout `teams`, per team in the order the module docstring says.

    `named` may hold each team's `named_workloads` already (those missing are computed).
    """
    teams = list(teams)
    ids = {team.id for team in teams}
    every = [
        named[team.id] if named is not None and team.id in named
        else named_workloads(team, ids)
        for team in teams
    ]
    found: dict[str, dict[str, Pod]] = {team.id: {} for team in teams}
    for part in (*(n.targets for n in every), *(n.sources for n in every)):
        for team_id, name, value in part:
            pods = found[team_id]
            key = _key(team_id, name, value)
            if key not in pods:
                pods[key] = _pod(team_id, name, value)
    return {team_id: list(pods.values()) for team_id, pods in found.items()}
def model_pods(
    model: RepoModel | Iterable[Team], named: Mapping[str, NamedWorkloads] | None = None
) -> dict[str, list[Pod]]:
    """Every team's pods (services, or workloads in the later layouts), in model order.

    `named` as for `workload_pods`.
    """
    teams = list(model.teams.values() if isinstance(model, RepoModel) else model)
    workloads = workload_pods((t for t in teams if t.rule_based), named)
    return {t.id: workloads[t.id] if t.rule_based else team_pods(t) for t in teams}
