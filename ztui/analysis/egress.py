"""Which public hosts a pod may reach, read off the rendered Sidecars and ServiceEntries.

Otomi's egress filtering is Istio's: a namespace-wide `Sidecar` with `REGISTRY_ONLY` lets a
pod reach only hosts in the mesh registry, and each trusted endpoint of a service is put there
by a `ServiceEntry`. The chart exports every ServiceEntry to its whole namespace
(`exportTo: ["."]`), so a host trusted for one service is reachable from every pod of the team.
That caveat is the point of this module: each reachable host carries `rule_of`, the service
whose rule brought it in, so the user sees that `payments/ledger` may call `api.stripe.com`
because of a rule on `payments/api`.

How the manifests are read:
- a pod gets the Sidecar of its namespace whose `workloadSelector` matches it, else the one
  without a selector, else none; with none, or with mode `ALLOW_ANY` (the default of
  `outboundTrafficPolicy`), it may reach any host: that is represented explicitly as one entry
  with host `*` (port, protocol and rule_of None; `via` the Sidecar's name, or None without
  one), followed by the ServiceEntries it can still see;
- a ServiceEntry is visible in the namespaces of its `exportTo` (`.`: its own; `*` or absent:
  all; `~`: none); of two with one name in a namespace the later replaces the earlier;
- each entry gives one endpoint per address (`addresses`, for an IP entry: the IP, not the
  mangled `hosts` name) or per host, times each port; without ports, one endpoint on any port.
The Sidecar's `egress` list (which namespaces' services to import) is not rendered by the chart
and is not modelled.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from .selectors import Labels, Selector, compile_selector

ANY_HOST = "*"
EVERYWHERE = "*"


class Outbound(NamedTuple):
    """A public endpoint a pod may reach, and the object that lets it."""

    host: str
    port: int | None
    protocol: str | None
    #: The ServiceEntry's name; for `*`, the ALLOW_ANY Sidecar's name, or None without one.
    via: str | None
    #: `team/service` whose egress rule rendered the ServiceEntry (None for `*`).
    rule_of: str | None

    @property
    def any_host(self) -> bool:
        return self.host == ANY_HOST

    def endpoint(self) -> str:
        """`api.stripe.com:443/HTTPS`, `[2001:db8::1]:22/TCP`, `host:any`, or `*`."""
        if self.any_host:
            return ANY_HOST
        host = f"[{self.host}]" if ":" in self.host else self.host
        if self.port is None:
            return f"{host}:any"
        return f"{host}:{self.port}/{self.protocol}"

    def as_json(self) -> dict[str, Any]:
        return {"host": self.host, "port": self.port, "protocol": self.protocol,
                "via": self.via, "rule_of": self.rule_of}


@dataclass(frozen=True, slots=True)
class SidecarRule:
    """A compiled Sidecar: its name, outbound mode and workload selector (None: whole ns)."""

    name: str
    mode: str
    workload: Selector | None


@dataclass(slots=True)
class NamespaceEgress:
    """The egress objects rendered into one namespace."""

    namespace: str
    sidecars: list[SidecarRule] = field(default_factory=list)
    #: The endpoints of its ServiceEntries by the namespace they are visible in (`*`: all).
    exported: dict[str, list[Outbound]] = field(default_factory=dict)

    def sidecar_for(self, labels: Labels) -> SidecarRule | None:
        """The Sidecar that applies to pods with `labels`: selected first, then namespace-wide."""
        fallback = None
        for sidecar in self.sidecars:
            if sidecar.workload is None:
                fallback = fallback or sidecar
            elif sidecar.workload.matches(labels):
                return sidecar
        return fallback


def wildcard(via: str | None) -> Outbound:
    return Outbound(ANY_HOST, None, None, via, None)


def outbound_for(sidecar: SidecarRule | None, visible: Iterable[Outbound]) -> tuple[Outbound, ...]:
    """What a pod under `sidecar` may reach, given the endpoints visible in its namespace."""
    seen = tuple(visible)
    if sidecar is not None and sidecar.mode == "REGISTRY_ONLY":
        return seen
    return (wildcard(sidecar.name if sidecar else None), *seen)


def compile_egress(
    namespace: str, manifests: Iterable[Mapping[str, Any]], owners: Mapping[str, str]
) -> NamespaceEgress:
    """The Sidecars and ServiceEntries among `manifests`; `owners` maps entry names to services."""
    sidecars: dict[str, SidecarRule] = {}
    entries: dict[str, Mapping[str, Any]] = {}
    for doc in manifests:
        kind = doc.get("kind")
        meta, spec = doc.get("metadata") or {}, doc.get("spec") or {}
        name = str(meta.get("name", ""))
        if kind == "Sidecar":
            sidecars.pop(name, None)
            sidecars[name] = _sidecar(name, spec)
        elif kind == "ServiceEntry":
            entries.pop(name, None)
            entries[name] = spec
    out = NamespaceEgress(namespace, list(sidecars.values()))
    for name, spec in entries.items():
        endpoints = _endpoints(spec, name, owners.get(name))
        for target in _export_targets(spec.get("exportTo"), namespace):
            out.exported.setdefault(target, []).extend(endpoints)
    return out


def _sidecar(name: str, spec: Mapping[str, Any]) -> SidecarRule:
    policy = spec.get("outboundTrafficPolicy")
    mode = policy.get("mode") if isinstance(policy, dict) else None
    selector = spec.get("workloadSelector")
    workload = None
    if isinstance(selector, dict):
        workload = compile_selector({"matchLabels": selector.get("labels") or {}})
    return SidecarRule(name, str(mode or "ALLOW_ANY"), workload)


def _export_targets(export: Any, namespace: str) -> list[str]:
    if not isinstance(export, list) or not export:
        return [EVERYWHERE]
    targets: list[str] = []
    for value in map(str, export):
        if value == "~":
            continue
        target = namespace if value == "." else value
        if target not in targets:
            targets.append(target)
    return targets


def _endpoints(spec: Mapping[str, Any], name: str, owner: str | None) -> list[Outbound]:
    addresses = spec.get("addresses")
    hosts = addresses if isinstance(addresses, list) and addresses else spec.get("hosts")
    ports = spec.get("ports")
    pairs: list[tuple[int | None, str | None]] = []
    for port in ports if isinstance(ports, list) else []:
        if isinstance(port, dict) and isinstance(port.get("number"), int):
            protocol = port.get("protocol")
            pairs.append((port["number"], str(protocol) if protocol is not None else None))
    if not pairs:
        pairs = [(None, None)]
    return [
        Outbound(str(host), number, protocol, name, owner)
        for host in (hosts if isinstance(hosts, list) else [])
        for number, protocol in pairs
    ]
