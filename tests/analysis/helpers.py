"""Small repos for the analysis tests, built from plain dicts as the loader would build them.

Why: the expectations of these tests are computed by hand from the spec, so the repos must be
small enough to reason about and written in the values' own shape (raw mappings, so the lint
sees the same `raw` it sees in a real repo). Marks give each service a line of its own.
"""

from __future__ import annotations

from typing import Any

from ztui.analysis.index import ReachIndex
from ztui.model import Dialect, FieldPath, Layout, Location, RepoModel
from ztui.repo.build import build_team


def repo(teams: dict[str, dict[str, Any]], dialect: Dialect = Dialect.V2) -> RepoModel:
    """A model with `teams` (id -> the team's raw mapping, `services` included)."""
    model = RepoModel(root="mem", layout=Layout.SPLIT, dialect=dialect)
    for team_id, raw in teams.items():
        marks: dict[FieldPath, Location] = {}
        for index, _ in enumerate(raw.get("services", [])):
            marks[("services", index)] = Location(f"env/teams/services.{team_id}.yaml",
                                                  10 * (index + 1), 5)
        model.teams[team_id] = build_team(team_id, raw, marks, None)
    return model


def svc(name: str, mode: str | None = None, allow: list[dict[str, str]] | None = None,
        egress: list[tuple[str, int, str]] | None = None, *, selector: str | None = None,
        knative: bool = False) -> dict[str, Any]:
    """A service's raw mapping: mode, allow entries, egress as (domain, port, protocol)."""
    policy: dict[str, Any] = {}
    if selector is not None:
        policy["podSelector"] = selector
    if mode is not None or allow is not None:
        ingress: dict[str, Any] = {}
        if mode is not None:
            ingress["mode"] = mode
        if allow is not None:
            ingress["allow"] = allow
        policy["ingressPrivate"] = ingress
    if egress:
        policy["egressPublic"] = [
            {"domain": domain, "ports": [{"protocol": protocol, "number": number}]}
            for domain, number, protocol in egress
        ]
    raw: dict[str, Any] = {"name": name}
    if knative:
        raw["ksvc"] = {"predeployed": True}
    if policy:
        raw["networkPolicy"] = policy
    return raw


def team(*services: dict[str, Any], ingress: bool = True, egress: bool = True,
         prometheus: bool = False) -> dict[str, Any]:
    """A team's raw mapping with its switches and services."""
    raw: dict[str, Any] = {
        "networkPolicy": {"ingressPrivate": ingress, "egressPublic": egress},
        "services": list(services),
    }
    if prometheus:
        raw["managedMonitoring"] = {"prometheus": True}
    return raw


def pairs(index: ReachIndex, *, platform: bool = False) -> set[tuple[str, str]]:
    """Every (source, target) pair; with `platform`, platform sources too."""
    out: set[tuple[str, str]] = set()
    for pod in index.service_pods():
        entries = index.inbound(pod.key) if platform else index.inbound_services(pod.key)
        out.update((source, pod.key) for source in entries.sources)
    return out
