"""Properties over generated valid models: rendering never fails and names stay valid.

Valid here means what validation (spec 2) lets through: team ids and service names are DNS
labels, domains are lower-case FQDNs, `*.` wildcards or IP addresses the chart recognises.
Domains are kept to at most 83 characters so `<team>-<service>-<hostName>` fits the 253
characters of a name; longer combinations are for validation to refuse, and the renderer
writes them as the chart would (see test_manifests).
"""

from __future__ import annotations

import ipaddress
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.render.helpers import assert_round_trips, names
from ztui.model import AllowEntry, EgressRule, Mode, Port, Service, Team
from ztui.render import render_service, render_team, render_teams, to_yaml
from ztui.render.labels import common_labels

DNS_SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
KINDS = {
    ("networking.k8s.io/v1", "NetworkPolicy"),
    ("networking.istio.io/v1beta1", "Sidecar"),
    ("networking.istio.io/v1alpha3", "ServiceEntry"),
}


def dns_label(max_len: int) -> st.SearchStrategy[str]:
    return st.from_regex(rf"\A[a-z0-9]([-a-z0-9]{{0,{max_len - 2}}}[a-z0-9])?\Z")


TEAM_IDS = st.one_of(dns_label(58), st.just("admin"))
SERVICE_NAMES = dns_label(63)
FQDNS = st.builds(
    lambda labels, tld: ".".join([*labels, tld]),
    st.lists(dns_label(20), min_size=1, max_size=3),
    st.from_regex(r"\A[a-z]{2,6}\Z"),
)
IPV4 = st.ip_addresses(v=4).map(str)
# An IPv6 address ending in `::` is not an IP to the chart's regex: validation rejects it.
IPV6 = (
    st.ip_addresses(v=6)
    .map(lambda ip: ipaddress.IPv6Address(ip).compressed)
    .filter(lambda text: not text.endswith(":"))
)
DOMAINS = st.one_of(FQDNS, FQDNS.map(lambda d: f"*.{d}"), IPV4, IPV6)
PORTS = st.lists(
    st.builds(Port, st.integers(1, 65535), st.sampled_from(["HTTPS", "HTTP", "TCP"])),
    min_size=1,
    max_size=3,
    unique_by=lambda port: port.number,
).map(tuple)
RULES = st.lists(st.builds(EgressRule, DOMAINS, PORTS), max_size=3).map(tuple)
ALLOW = st.lists(st.builds(AllowEntry, dns_label(58), st.none() | SERVICE_NAMES), max_size=3).map(
    tuple
)


@st.composite
def teams(draw: st.DrawFn) -> Team:
    team_id = draw(TEAM_IDS)
    service_names = draw(st.lists(SERVICE_NAMES, max_size=4, unique=True))
    services = [
        Service(
            team_id,
            name,
            mode=draw(st.sampled_from(list(Mode))),
            allow=draw(ALLOW),
            egress=draw(RULES),
            pod_selector=draw(st.none() | SERVICE_NAMES),
            knative=draw(st.booleans()),
        )
        for name in service_names
    ]
    return Team(
        team_id,
        ingress_private=draw(st.booleans()),
        egress_public=draw(st.booleans()),
        alertmanager=draw(st.booleans()),
        prometheus=draw(st.booleans()),
        services=services,
    )


@settings(max_examples=150, deadline=None)
@given(teams())
def test_valid_teams_render_with_valid_names_and_envelope(team: Team) -> None:
    manifests = render_team(team)
    for manifest in manifests:
        assert list(manifest) == ["apiVersion", "kind", "metadata", "spec"]
        assert (manifest["apiVersion"], manifest["kind"]) in KINDS
        metadata = manifest["metadata"]
        assert list(metadata) == ["name", "namespace", "labels"]
        assert len(metadata["name"]) <= 253
        assert DNS_SUBDOMAIN.match(metadata["name"]), metadata["name"]
        assert metadata["namespace"] == f"team-{team.id}"
        assert metadata["labels"] == common_labels(team.id)


@settings(max_examples=60, deadline=None)
@given(teams())
def test_text_of_valid_teams_round_trips(team: Team) -> None:
    manifests = render_team(team)
    assert_round_trips(manifests, to_yaml(manifests))


@settings(max_examples=100, deadline=None)
@given(teams())
def test_render_service_is_a_slice_of_render_team(team: Team) -> None:
    whole = names(render_team(team))
    for service in team.services:
        part = names(render_service(team, service))
        assert [n for n in whole if n in part] == part


@settings(max_examples=100, deadline=None)
@given(teams())
def test_service_entries_follow_the_switches(team: Team) -> None:
    entries = [m for m in render_team(team) if m["kind"] == "ServiceEntry"]
    filtered = team.egress_public and not team.is_admin
    expected = sum(len(s.egress) for s in team.services) if filtered else 0
    assert len(entries) == expected


@settings(max_examples=30, deadline=None)
@given(st.lists(teams(), max_size=3))
def test_render_teams_concatenates_in_order(many: list[Team]) -> None:
    assert render_teams(many) == [m for team in many for m in render_team(team)]
