"""The envelope every rendered manifest shares: common labels, metadata and key order.

Otomi's `team-ns` chart stamps the same eight labels on everything it renders for a team
(spec section 3), and the tool adds `metadata.namespace` so that its output applies as it is.
The later layouts (spec 5) are rendered by chart 0.2.0, whose labels differ only in the
version. Keeping that in one place means the ingress and egress renderers only describe their
`spec`, and the key order (apiVersion, kind, metadata, spec) is the same for every document, which
keeps the YAML text stable for diffs and for comparison with Helm's output.
"""

from __future__ import annotations

from typing import Any

#: A rendered Kubernetes or Istio object: plain, JSON-like data in insertion order.
Manifest = dict[str, Any]

NETWORK_POLICY_API = "networking.k8s.io/v1"
SIDECAR_API = "networking.istio.io/v1beta1"
SERVICE_ENTRY_API = "networking.istio.io/v1alpha3"

CHART_NAME = "team-ns"
#: The chart version of the services era (spec 3) and of the later layouts (spec 5).
CHART_VERSION = "0.1.0"
RULES_CHART_VERSION = "0.2.0"


def release_name(team_id: str) -> str:
    """The Helm release Otomi installs a team's chart as: `team-ns-<teamId>`."""
    return f"{CHART_NAME}-{team_id}"


def namespace(team_id: str) -> str:
    """The namespace of a team: `team-<teamId>`."""
    return f"team-{team_id}"


def chart_version(rule_based: bool) -> str:
    """The chart that renders a team: 0.1.0 for services, 0.2.0 for named rules (spec 5)."""
    return RULES_CHART_VERSION if rule_based else CHART_VERSION


def common_labels(team_id: str, version: str = CHART_VERSION) -> dict[str, str]:
    """The chart's common labels for `team_id`, in the chart's order (a fresh dict each call)."""
    return {
        "app": CHART_NAME,
        "app.kubernetes.io/name": CHART_NAME,
        "app.kubernetes.io/instance": release_name(team_id),
        "app.kubernetes.io/managed-by": "Helm",
        "app.kubernetes.io/version": version,
        "app.kubernetes.io/part-of": "otomi",
        "helm.sh/chart": f"{CHART_NAME}-{version}",
        "otomi.io/team": team_id,
    }


def manifest(
    api_version: str, kind: str, team_id: str, name: str, spec: Manifest,
    version: str = CHART_VERSION,
) -> Manifest:
    """One object with the shared envelope: apiVersion, kind, metadata, spec in that order.

    `version` is the chart's (`chart_version`): it shows in two of the common labels.
    """
    return {
        "apiVersion": api_version,
        "kind": kind,
        "metadata": {
            "name": name,
            "namespace": namespace(team_id),
            "labels": common_labels(team_id, version),
        },
        "spec": spec,
    }


def match_labels(key: str, value: str) -> dict[str, dict[str, str]]:
    """A label selector with one label: `{matchLabels: {key: value}}`."""
    return {"matchLabels": {key: value}}


def peer(namespace_name: str, pod_label: tuple[str, str] | None = None) -> Manifest:
    """A NetworkPolicy peer: a namespace by its `name` label, optionally narrowed to pods."""
    out: Manifest = {"namespaceSelector": match_labels("name", namespace_name)}
    if pod_label is not None:
        out["podSelector"] = match_labels(*pod_label)
    return out
