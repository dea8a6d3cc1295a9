"""What an edit changes in who can reach whom: the reachability section of a review.

A YAML diff shows the edit and a manifest diff its objects, but neither says that removing one
allow entry cut `legacy/monolith` off from `payments/ledger`, or that trusting a host for one
service opened it to the whole team. This compares two indexes and lists the pairs that
appeared or disappeared, one per line:

    + payments/api -> search/indexer
    - legacy/monolith -> payments/ledger
    + egress payments/api -> api.stripe.com:443/HTTPS

In the later layouts the workloads that rule labels name take the place of services (an edit
that names a new workload shows every pair it gains). Only services are compared (platform
components reach what the team defaults let them reach,
which no service rule changes); egress endpoints are compared per service, so a host added to
one service of a filtered team shows once for every service of that team, which is exactly what
the ServiceEntry's `exportTo: ["."]` does. `*` stands for any host.

Comparing every pair of a 10,000-service repo would take tens of seconds, so only what can
differ is compared: targets in teams whose NetworkPolicies or pods changed are compared in full;
every other target keeps its policies and can only gain or lose the sources whose pods changed
(added, removed, relabelled), which are checked one by one.
"""

from __future__ import annotations

from collections.abc import Iterable

from .cluster import Pod
from .index import ReachIndex


def _sources(index: ReachIndex | None) -> dict[str, Pod]:
    return {pod.key: pod for pod in index.service_pods()} if index else {}


def _ingress_signature(index: ReachIndex | None, team_id: str) -> object:
    view = index.views.get(team_id) if index else None
    if view is None:
        return None
    return view.netpols, [(pod.key, pod.labels) for pod in view.pods]


def _inbound(index: ReachIndex | None, key: str) -> set[str]:
    if index is None or index.pod(key) is None:
        return set()
    return set(index.inbound_services(key).sources)


def _admits(index: ReachIndex | None, source: str, target: str) -> bool:
    if index is None or index.pod(source) is None or index.pod(target) is None:
        return False
    return index.admission(source, target) is not None


def ingress_changes(old: ReachIndex | None, new: ReachIndex | None) -> list[tuple[str, str, str]]:
    """(sign, source, target) of every service pair that appeared (+) or disappeared (-)."""
    before, after = _sources(old), _sources(new)
    changed = sorted(
        key for key in before.keys() | after.keys()
        if (before.get(key) is None) != (after.get(key) is None)
        or (before[key].namespace, before[key].labels) != (after[key].namespace, after[key].labels)
    )
    teams = (set(old.views) if old else set()) | (set(new.views) if new else set())
    touched = {t for t in teams if _ingress_signature(old, t) != _ingress_signature(new, t)}
    out: list[tuple[str, str, str]] = []
    for target in sorted(before.keys() | after.keys()):
        pod = after.get(target) or before[target]
        if pod.team in touched:
            was, now = _inbound(old, target), _inbound(new, target)
            out += [("-", source, target) for source in was - now]
            out += [("+", source, target) for source in now - was]
            continue
        for source in changed:
            before_ok, after_ok = _admits(old, source, target), _admits(new, source, target)
            if before_ok != after_ok:
                out.append(("+" if after_ok else "-", source, target))
    return out


def _endpoints(index: ReachIndex | None, key: str) -> set[str]:
    if index is None or index.pod(key) is None:
        return set()
    return {entry.endpoint() for entry in index.outbound(key)}


def egress_changes(old: ReachIndex | None, new: ReachIndex | None) -> list[tuple[str, str, str]]:
    """(sign, service, endpoint) of every public endpoint a service gained (+) or lost (-)."""
    out: list[tuple[str, str, str]] = []
    for key in sorted(_sources(old).keys() | _sources(new).keys()):
        if old and new and old.pod(key) and new.pod(key) and old.outbound(key) == new.outbound(key):
            continue
        was, now = _endpoints(old, key), _endpoints(new, key)
        out += [("-", key, endpoint) for endpoint in was - now]
        out += [("+", key, endpoint) for endpoint in now - was]
    return out


def _lines(changes: Iterable[tuple[str, str, str]], prefix: str) -> list[str]:
    ordered = sorted(changes, key=lambda c: (c[1], c[2], c[0]))
    return [f"{sign} {prefix}{source} -> {target}" for sign, source, target in ordered]


def reach_changes(old: ReachIndex | None, new: ReachIndex | None) -> list[str]:
    """The reachability lines from `old` to `new` (None: nothing renders), pairs then egress."""
    return _lines(ingress_changes(old, new), "") + _lines(egress_changes(old, new), "egress ")
