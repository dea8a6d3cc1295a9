"""External egress as the chart renders it: Istio Sidecars and ServiceEntries (spec 3.3).

With egress filtering on, the team's `default` Sidecar lets workloads reach only what is in
Istio's registry, and every trusted public endpoint of a service becomes a ServiceEntry that
puts it there. Names and the IP-or-DNS decision copy the chart's string mangling and regexes
exactly, because an entry named or typed differently from Helm's would not be the same object.

The chart's IPv6 regex (`^([a-f0-9:]+:+)+[a-f0-9]+$`) has nested quantifiers: Go's RE2 runs it
in linear time, Python's backtracking engine can take exponential time on a long near-miss.
`looks_like_ipv6` decides the same language with a linear check (proved equal by a test).
"""

from __future__ import annotations

import re

from ztui.model import EgressRule, Port, Service, Team

from .labels import SERVICE_ENTRY_API, SIDECAR_API, Manifest, chart_version, manifest

#: The chart's IPv4 test, used with `fullmatch` (Go's `$` never matches before a newline).
IPV4_PATTERN = re.compile(r"^(?:[0-9]{1,3}\.){3}[0-9]{1,3}$")
#: The chart's IPv6 test, kept for reference and for the equivalence test only.
IPV6_PATTERN = re.compile(r"^([a-f0-9:]+:+)+[a-f0-9]+$")
_IPV6_ALPHABET = re.compile(r"[a-f0-9:]+")


def egress_filtered(team: Team) -> bool:
    """Whether the chart renders Sidecars and ServiceEntries: filtering on and not `admin`."""
    return team.egress_public and not team.is_admin


def looks_like_ipv6(domain: str) -> bool:
    """`IPV6_PATTERN` without backtracking.

    The pattern is "one or more groups of (class chars, then colons)" and then hex digits. A
    string matches exactly when it uses only `[a-f0-9:]`, does not end with `:`, and has a colon
    after its first character (the groups before the final hex run need two characters).
    """
    return (
        _IPV6_ALPHABET.fullmatch(domain) is not None
        and not domain.endswith(":")
        and domain.rfind(":") >= 1
    )


def is_ip(domain: str) -> bool:
    """Whether the chart takes `domain` for an IP address (and renders a STATIC entry)."""
    return IPV4_PATTERN.fullmatch(domain) is not None or looks_like_ipv6(domain)


def host_name(domain: str) -> str:
    """The chart's `hostName`: no leading `*.`, then `.`, `::`, `:`, `/` -> `-` in that order."""
    trimmed = domain.removeprefix("*.")
    return trimmed.replace(".", "-").replace("::", "-").replace(":", "-").replace("/", "-")


def service_entry_name(team_id: str, owner: str, domain: str) -> str:
    """`<teamId>-<service or rule name>-<hostName>`, unique across the cluster as Istio needs."""
    return f"{team_id}-{owner}-{host_name(domain)}"


def sidecars(team: Team) -> list[Manifest]:
    """The team's Sidecars: `default` (registry only) and, with team Prometheus, its exception."""
    if not egress_filtered(team):
        return []
    out = [sidecar(team, "default", {"outboundTrafficPolicy": {"mode": "REGISTRY_ONLY"}})]
    if team.prometheus:
        spec: Manifest = {
            "outboundTrafficPolicy": {"mode": "ALLOW_ANY"},
            "workloadSelector": {"labels": {"otomi.io/app": f"prometheus-team-{team.id}"}},
        }
        out.append(sidecar(team, "team-prometheus", spec))
    return out


def sidecar(team: Team, name: str, spec: Manifest, api: str = SIDECAR_API) -> Manifest:
    """A Sidecar of `team` with the envelope of the team's chart."""
    return manifest(api, "Sidecar", team.id, name, spec, chart_version(team.rule_based))


def service_entries(team: Team, service: Service) -> list[Manifest]:
    """One ServiceEntry per egress rule of `service`, in rule order."""
    if not egress_filtered(team):
        return []
    return [service_entry(team, service.name, rule) for rule in service.egress]


def _ports(ports: tuple[Port, ...]) -> list[Manifest]:
    """Per port `{number, name: <protocol lower-case>-<number>, protocol}`."""
    return [
        {"number": port.number, "name": _port_name(port), "protocol": port.protocol}
        for port in ports
    ]


def _port_name(port: Port) -> str:
    return f"{str(port.protocol).lower()}-{port.number}"


def service_entry(team: Team, owner: str, rule: EgressRule) -> Manifest:
    """The ServiceEntry of one egress rule, named after its `owner` (a service or a rule).

    A later-layout rule may have no ports: then the entry has no `ports` key (spec 5). (A
    services-era rule needs one; without, it is invalid and keeps the 0.1.0 `ports: []`.)
    """
    domain = str(rule.domain)
    spec = _ip_spec(domain, rule) if is_ip(domain) else _dns_spec(domain, rule)
    if not rule.ports and team.rule_based:
        del spec["ports"]
    name = service_entry_name(team.id, owner, domain)
    version = chart_version(team.rule_based)
    return manifest(SERVICE_ENTRY_API, "ServiceEntry", team.id, name, spec, version)


def _ip_spec(ip: str, rule: EgressRule) -> Manifest:
    return {
        "hosts": [host_name(ip)],
        "addresses": [ip],
        "ports": _ports(rule.ports),
        "resolution": "STATIC",
        "location": "MESH_EXTERNAL",
        "endpoints": [{"address": ip}],
        "exportTo": ["."],
    }


def _dns_spec(domain: str, rule: EgressRule) -> Manifest:
    """FQDN: DNS resolution. Wildcard: no `resolution` key (Istio's NONE), as DNS is invalid."""
    spec: Manifest = {
        "hosts": [domain],
        "ports": _ports(rule.ports),
        "exportTo": ["."],
        "location": "MESH_EXTERNAL",
    }
    if not domain.startswith("*"):
        spec["resolution"] = "DNS"
    return spec
