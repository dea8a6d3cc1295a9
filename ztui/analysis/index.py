"""Who can reach a service and what it can reach, answered from an index built once per model.

Why an index: the TUI asks on every selection and every keystroke, and a 10,000-service repo
must answer in well under 50 ms. Building renders every team once (`render_team`, the same
manifests `ztui render` prints), compiles each team's ingress NetworkPolicies and egress
objects, and indexes namespaces and pods by label. A query then only evaluates the policies of
the target's own namespace; the pods each peer matches are resolved once and cached (peers
repeat: every AllowAll policy has the same `type: team` peer), and so is each answer, per
namespace and pod labels. `update_team` re-renders just the team the TUI edited; the tables of
pods are rebuilt (a few milliseconds) and the caches dropped.

In the later layouts a team's pods are the workloads that rules name, in its own rules and in
other teams' (`cluster.workload_pods`), so the index keeps the teams it was given and an edit
of one team recomputes the pods of all (cheap: a pass over the rules), rebuilding the tables
only when they changed. `pods_from` evaluates one model's manifests against another model's
pods: the migration compares a services-era repo with its conversion on the same pods.

Semantics are those of `selectors` (Kubernetes) and `egress` (Istio); the namespaces and pods
that the manifests are evaluated against are those of `cluster`.
"""

from __future__ import annotations

from bisect import bisect_left

from ztui.model import RepoModel, Team

from .cluster import (
    PLATFORM_NAMESPACES,
    PLATFORM_PODS,
    NamedWorkloads,
    Pod,
    model_pods,
    named_workloads,
    team_namespace_labels,
    team_pods,
)
from .egress import EVERYWHERE, Outbound, outbound_for
from .results import Inbound, InboundList, Reach
from .selectors import Labels, Peer, Policy, Selector
from .views import TeamView, compile_team, gc_paused

__all__ = ["ReachIndex", "TeamView", "compile_team"]

#: Why a pod that no policy selects admits a source.
NO_POLICY = "no ingress policy selects its pods, so they accept every source"
ANY_SOURCE = "a rule without `from`: every source"

LabelKey = tuple[tuple[str, str], ...]


def _same_pods(old: list[Pod], new: list[Pod]) -> bool:
    return [(p.key, p.labels) for p in old] == [(p.key, p.labels) for p in new]


def _label_key(labels: Labels) -> LabelKey:
    return tuple(sorted(labels.items()))


def _pod_table(pods: dict[str, list[Pod]]) -> list[tuple[str, dict[str, str]]]:
    return [(pod.key, pod.labels) for team_pods_ in pods.values() for pod in team_pods_]


class ReachIndex:
    """The reachability of every service (or workload) of a model; rebuild or `update_team`
    after edits.

    With `pods_from`, the manifests of `model` are evaluated against the pods of `pods_from`
    (its services and team Prometheus pods, under the same keys as `ReachIndex(pods_from)`),
    so that the matrices of a services-era repo and of its conversion compare directly.
    """

    def __init__(self, model: RepoModel, pods_from: RepoModel | None = None) -> None:
        self._teams: dict[str, Team] = dict(model.teams)
        self._fixed_pods = pods_from is not None
        #: Whether the pods are later-layout workloads named by rule labels (not services).
        self.rule_based = pods_from is None and any(t.rule_based for t in model.teams.values())
        #: What each rule-based team's rules name (`cluster.named_workloads`), so that an edit
        #: that names no other workload is told apart without recomputing every team's.
        self._named: dict[str, NamedWorkloads] = {}
        with gc_paused():
            self._team_pods = (
                model_pods(pods_from) if pods_from is not None else self._workloads()
            )
            self._views: dict[str, TeamView] = {
                team.id: compile_team(team, self._team_pods.get(team.id, []))
                for team in model.teams.values()
            }
            self._rebuild()

    # --- maintenance ----------------------------------------------------------------------

    def update_team(self, team: Team) -> None:
        """Re-render `team` (new or edited in place) and refresh what depends on it.

        An edit of rules only (the usual keystroke) keeps every pod and namespace, so only the
        team's policies and the cached answers are replaced; a change of the pods (a service
        added, removed, renamed or relabelled; a rule label that names a new workload) rebuilds
        the tables of pods too.
        """
        with gc_paused():
            known = team.id in self._views
            self._teams[team.id] = team
            same = self._refresh_pods(team, known)
            view = compile_team(team, self._team_pods.get(team.id, []))
            self._views[team.id] = view
            if known and same:
                self._policies_by_ns[view.namespace] = view.policies
                self._inbound_cache.clear()
                self._visible_cache.clear()
            else:
                self._rebuild()

    def _workloads(self) -> dict[str, list[Pod]]:
        """Every team's pods from `_teams`, filling in `_named` where it lacks a team."""
        ids = {t.id for t in self._teams.values() if t.rule_based}
        for team_id in ids - self._named.keys():
            self._named[team_id] = named_workloads(self._teams[team_id], ids)
        return model_pods(self._teams.values(), self._named)

    def _refresh_pods(self, team: Team, known: bool) -> bool:
        """Recompute the pods after `team` changed; whether they stayed the same."""
        if self._fixed_pods:
            return True
        if not team.rule_based and not self._named:
            old = self._team_pods.get(team.id)
            self._team_pods[team.id] = team_pods(team)
            return old is not None and _same_pods(old, self._team_pods[team.id])
        if not known:
            self._named.clear()  # sources may now name the new team's workloads
        else:
            ids = {t.id for t in self._teams.values() if t.rule_based}
            named = named_workloads(team, ids) if team.rule_based else None
            if named is not None and named == self._named.get(team.id):
                return True  # its rules name the same workloads: every pod stays
            self._named.pop(team.id, None)
        new = self._workloads()
        same = _pod_table(new) == _pod_table(self._team_pods)
        self._team_pods = new
        if not same:
            for team_id, view in self._views.items():
                view.pods = new.get(team_id, [])
        return same

    def remove_team(self, team_id: str) -> None:
        if self._views.pop(team_id, None) is not None:
            removed = self._teams.pop(team_id)
            if removed.rule_based and not self._fixed_pods:
                # its rules may have named workloads of other teams, theirs its workloads
                self._named.clear()
                self._team_pods = self._workloads()
                for other, view in self._views.items():
                    view.pods = self._team_pods.get(other, [])
            elif not self._fixed_pods:
                self._team_pods.pop(team_id, None)
            with gc_paused():
                self._rebuild()

    def _rebuild(self) -> None:
        every = [pod for pods in self._team_pods.values() for pod in pods]
        services = [pod for pod in every if pod.is_service]
        extra = [pod for pod in every if not pod.is_service]
        pods = services + list(PLATFORM_PODS) + extra
        self._pods = pods
        self._keys = [pod.key for pod in pods]
        self._service_count = len(services)
        self._ids = {pod.key: i for i, pod in reversed(list(enumerate(pods)))}
        self._by_ns: dict[str, list[int]] = {}
        self._by_ns_label: dict[tuple[str, str, str], list[int]] = {}
        for i, pod in enumerate(pods):
            self._by_ns.setdefault(pod.namespace, []).append(i)
            for key, value in pod.labels.items():
                self._by_ns_label.setdefault((pod.namespace, key, value), []).append(i)
        self._ns_labels: dict[str, dict[str, str]] = dict(PLATFORM_NAMESPACES)
        for team_id in [*self._team_pods, *self._views]:
            self._ns_labels[f"team-{team_id}"] = team_namespace_labels(team_id)
        self._ns_by_label: dict[tuple[str, str], list[str]] = {}
        for ns, labels in self._ns_labels.items():
            for item in labels.items():
                self._ns_by_label.setdefault(item, []).append(ns)
        self._policies_by_ns = {view.namespace: view.policies for view in self._views.values()}
        self._peer_cache: dict[Peer, tuple[int, ...]] = {}
        self._inbound_cache: dict[tuple[str, LabelKey], InboundList] = {}
        self._visible_cache: dict[str, tuple[Outbound, ...]] = {}
        self._all: InboundList | None = None

    def drop_caches(self) -> None:
        """Forget resolved peers and cached answers; the next queries compute them again."""
        self._peer_cache.clear()
        self._inbound_cache.clear()
        self._visible_cache.clear()
        self._all = None

    # --- lookups --------------------------------------------------------------------------

    @property
    def views(self) -> dict[str, TeamView]:
        """Each team as rendered and compiled, in model order."""
        return self._views

    def pod(self, key: str) -> Pod | None:
        """The pods of a service (`team/service`) or a platform component (`platform:x`)."""
        index = self._ids.get(key)
        return None if index is None else self._pods[index]

    def service_pods(self) -> list[Pod]:
        """Every service's pods, in model order."""
        return self._pods[: self._service_count]

    def sources(self) -> list[Pod]:
        """Every source: the services, then the platform components."""
        return list(self._pods)

    def _target(self, key: str) -> Pod:
        pod = self.pod(key)
        if pod is None or not pod.is_service:
            raise KeyError(f"no service or workload {key!r}")
        return pod

    def selecting(self, key: str) -> list[Policy]:
        """The ingress policies that select the pods of service `key`, in document order."""
        pod = self._target(key)
        return [p for p in self._policies_by_ns.get(pod.namespace, []) if p.selects(pod.labels)]

    # --- ingress --------------------------------------------------------------------------

    def inbound(self, key: str) -> InboundList:
        """Every source that may reach service `key`: services in model order, then platform."""
        pod = self._target(key)
        cache_key = (pod.namespace, _label_key(pod.labels))
        found = self._inbound_cache.get(cache_key)
        if found is None:
            found = self._inbound_cache[cache_key] = self._compute_inbound(pod)
        return found

    def inbound_services(self, key: str) -> InboundList:
        """`inbound` restricted to services."""
        return self.inbound(key).services()

    def _compute_inbound(self, pod: Pod) -> InboundList:
        keys, count = self._keys, self._service_count
        policies = self.selecting(pod.key)
        if not policies:
            return self._everyone()
        # Each source gets the first (policy, peer) that admits it: merging with `|` keeps the
        # earlier tag on a conflict, and stays in C for the 10,000 sources of a broad peer.
        names: list[str] = []
        peers: list[str] = []
        first: dict[int, int] = {}
        for policy in policies:
            for rule in policy.rules:
                if rule.peers is None:
                    names.append(policy.name)
                    peers.append(ANY_SOURCE)
                    first = dict.fromkeys(range(len(keys)), len(names) - 1) | first
                    continue
                for peer in rule.peers:
                    ids = self._peer_ids(peer)
                    if ids:
                        names.append(policy.name)
                        peers.append(peer.describe())
                        first = dict.fromkeys(ids, len(names) - 1) | first
        order = sorted(first)
        chosen = list(map(first.__getitem__, order))
        return InboundList(
            tuple(map(keys.__getitem__, order)), tuple(map(names.__getitem__, chosen)),
            tuple(map(peers.__getitem__, chosen)), bisect_left(order, count),
        )

    def _everyone(self) -> InboundList:
        """Every source, admitted by no policy: the answer for pods no policy selects."""
        if self._all is None:
            n = len(self._keys)
            self._all = InboundList(tuple(self._keys), (None,) * n, (NO_POLICY,) * n,
                                    self._service_count)
        return self._all

    def _peer_ids(self, peer: Peer) -> tuple[int, ...]:
        found = self._peer_cache.get(peer)
        if found is None:
            found = self._peer_cache[peer] = self._resolve(peer)
        return found

    def _resolve(self, peer: Peer) -> tuple[int, ...]:
        if peer.ip_block:
            return ()
        if peer.namespaces is None:
            namespaces = [peer.own_namespace]
        else:
            namespaces = self._match_namespaces(peer.namespaces)
        ids: list[int] = []
        for ns in namespaces:
            ids += self._match_pods(ns, peer.pods)
        return tuple(sorted(ids))

    def _match_namespaces(self, selector: Selector) -> list[str]:
        if selector.everything:
            return list(self._ns_labels)
        candidates = (
            self._ns_by_label.get(selector.labels[0], []) if selector.labels
            else list(self._ns_labels)
        )
        return [ns for ns in candidates if selector.matches(self._ns_labels[ns])]

    def _match_pods(self, ns: str, selector: Selector) -> list[int]:
        if selector.everything:
            return self._by_ns.get(ns, [])
        if selector.labels:
            key, value = selector.labels[0]
            candidates = self._by_ns_label.get((ns, key, value), [])
        else:
            candidates = self._by_ns.get(ns, [])
        return [i for i in candidates if selector.matches(self._pods[i].labels)]

    def peer_matches(self, peer: Peer, source: Pod) -> bool:
        """Whether `peer` matches the pods of `source` (without resolving the peer)."""
        if peer.ip_block:
            return False
        if peer.namespaces is None:
            in_ns = source.namespace == peer.own_namespace
        else:
            labels = self._ns_labels.get(source.namespace)
            in_ns = labels is not None and peer.namespaces.matches(labels)
        return in_ns and peer.pods.matches(source.labels)

    def admission(self, source: str, target: str) -> Inbound | None:
        """How `source` reaches service `target`, or None when it may not."""
        src = self.pod(source)
        if src is None:
            raise KeyError(f"no service or platform component {source!r}")
        policies = self.selecting(target)
        if not policies:
            return Inbound(source, None, NO_POLICY)
        for policy in policies:
            for rule in policy.rules:
                if rule.peers is None:
                    return Inbound(source, policy.name, ANY_SOURCE)
                for peer in rule.peers:
                    if self.peer_matches(peer, src):
                        return Inbound(source, policy.name, peer.describe())
        return None

    # --- egress ---------------------------------------------------------------------------

    def visible(self, namespace: str) -> tuple[Outbound, ...]:
        """The ServiceEntry endpoints visible in `namespace`, in model order."""
        found = self._visible_cache.get(namespace)
        if found is None:
            out: list[Outbound] = []
            for view in self._views.values():
                exported = view.egress.exported
                out += exported.get(namespace, [])
                if namespace != EVERYWHERE:
                    out += exported.get(EVERYWHERE, [])
            found = self._visible_cache[namespace] = tuple(out)
        return found

    def outbound(self, key: str) -> tuple[Outbound, ...]:
        """The public endpoints service `key` may reach (`*` first when it may reach any)."""
        pod = self._target(key)
        view = self._views.get(pod.team or "")
        sidecar = view.egress.sidecar_for(pod.labels) if view else None
        return outbound_for(sidecar, self.visible(pod.namespace))

    def namespace_outbound(self, team_id: str) -> tuple[Outbound, ...]:
        """What a pod of team `team_id` that no Sidecar selects by its labels may reach."""
        view = self._views.get(team_id)
        sidecar = view.egress.sidecar_for({}) if view else None
        return outbound_for(sidecar, self.visible(f"team-{team_id}"))

    def rule_outbound(self, rule_key: str) -> tuple[Outbound, ...]:
        """The endpoints that the ServiceEntries of egress rule `rule_key` (`team/rule`, or a
        service's `team/service`) add, in the namespaces they are exported to."""
        view = self._views.get(rule_key.partition("/")[0])
        if view is None:
            return ()
        return tuple(
            entry for entries in view.egress.exported.values() for entry in entries
            if entry.rule_of == rule_key
        )

    def reach(self, key: str) -> Reach:
        """Inbound and outbound of service `key`; KeyError when there is no such service."""
        pod = self._target(key)
        return Reach(key, pod, self.inbound(key), self.outbound(key))
