"""Golden tests: each mode and switch of spec section 3 against YAML written by hand.

Every file under `golden/` was written from the spec (names, labels, key sets, list order),
not produced by the renderer; key order inside `spec` follows the chart's templates where the
spec is silent. A case here builds the model the file's header comment describes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from tests.render.helpers import assert_round_trips, assert_same
from ztui.model import AllowEntry, EgressRule, Mode, Port, Service, Team
from ztui.render import Manifest, render_service, render_team, to_yaml

GOLDEN = Path(__file__).parent / "golden"

HTTPBIN = EgressRule("httpbin.org", (Port(443, "HTTPS"),))


def team(
    *services: Service,
    team_id: str = "a1",
    ingress_private: bool = True,
    egress_public: bool = True,
    alertmanager: bool = False,
    prometheus: bool = False,
) -> Team:
    return Team(
        team_id,
        ingress_private=ingress_private,
        egress_public=egress_public,
        alertmanager=alertmanager,
        prometheus=prometheus,
        services=list(services),
    )


def egress(name: str, *rules: EgressRule) -> Service:
    return Service("a1", name, egress=rules)


def admin(ingress_private: bool) -> Team:
    api = Service("admin", "api", mode=Mode.ALLOW_ALL, egress=(HTTPBIN,))
    return team(
        api, team_id="admin", ingress_private=ingress_private, alertmanager=True, prometheus=True
    )


def multiple_ports() -> Team:
    stripe = EgressRule("api.stripe.com", (Port(443, "HTTPS"), Port(80, "HTTP")))
    postgres = EgressRule("10.0.0.5", (Port(5432, "TCP"), Port(6432, "TCP")))
    smtp = EgressRule("smtp.example.com", (Port(587, "TCP"),))
    return team(egress("c1", stripe, postgres), egress("c2", smtp))


def pod_selector() -> Team:
    c1 = Service("a1", "c1", mode=Mode.ALLOW_ONLY, allow=(AllowEntry("b1"),), pod_selector="c1-v2")
    k1 = Service("a1", "k1", mode=Mode.ALLOW_ALL, knative=True, pod_selector="k1-v2")
    return team(c1, k1)


def allow_only(*allow: AllowEntry) -> Team:
    return team(Service("a1", "db2", mode=Mode.ALLOW_ONLY, allow=allow))


CASES: dict[str, Callable[[], Team]] = {
    "deny_all": lambda: team(Service("a1", "database")),
    "allow_all": lambda: team(Service("a1", "api", mode=Mode.ALLOW_ALL)),
    "allow_only_team": lambda: allow_only(AllowEntry("b1")),
    "allow_only_team_service": lambda: allow_only(AllowEntry("a1", "c7"), AllowEntry("b1")),
    "allow_only_empty": lambda: allow_only(),
    "knative": lambda: team(Service("a1", "hello", mode=Mode.ALLOW_ALL, knative=True)),
    "pod_selector": pod_selector,
    "ingress_private_false": lambda: team(
        Service("a1", "api", mode=Mode.ALLOW_ALL, egress=(HTTPBIN,)),
        ingress_private=False,
        alertmanager=True,
        prometheus=True,
    ),
    "egress_public_false": lambda: team(
        Service("a1", "api", mode=Mode.ALLOW_ALL, egress=(HTTPBIN,)),
        egress_public=False,
        prometheus=True,
    ),
    "admin": lambda: admin(ingress_private=True),
    "admin_ingress_private_false": lambda: admin(ingress_private=False),
    "monitoring_alertmanager": lambda: team(alertmanager=True),
    "monitoring_prometheus": lambda: team(prometheus=True),
    "egress_fqdn": lambda: team(egress("c1", HTTPBIN)),
    "egress_wildcard": lambda: team(
        egress("c1", EgressRule("*.example.com", (Port(443, "HTTPS"),)))
    ),
    "egress_ipv4": lambda: team(egress("c1", EgressRule("116.203.255.68", (Port(443, "TCP"),)))),
    "egress_ipv6": lambda: team(egress("c1", EgressRule("2001:db8::10", (Port(443, "TCP"),)))),
    "egress_multiple_ports": multiple_ports,
}


def golden(case: str) -> list[Manifest]:
    return list(yaml.safe_load_all((GOLDEN / f"{case}.yaml").read_text(encoding="utf-8")))


def test_every_golden_file_has_a_case() -> None:
    assert sorted(p.stem for p in GOLDEN.glob("*.yaml")) == sorted(CASES)


@pytest.mark.parametrize("case", sorted(CASES))
def test_render_team_matches_golden(case: str) -> None:
    assert_same(render_team(CASES[case]()), golden(case))


@pytest.mark.parametrize("case", sorted(CASES))
def test_golden_text_round_trips(case: str) -> None:
    manifests = render_team(CASES[case]())
    assert_round_trips(manifests, to_yaml(manifests))


def without(manifests: list[Manifest], *dropped: str) -> list[Manifest]:
    return [m for m in manifests if m["metadata"]["name"] not in dropped]


def test_render_service_is_team_defaults_plus_own_manifests() -> None:
    subject = pod_selector()
    k1 = subject.services[1]
    expected = without(golden("pod_selector"), "c1-ingress-allow-only")
    assert_same(render_service(subject, k1), expected)


def test_render_service_keeps_only_its_service_entries() -> None:
    subject = multiple_ports()
    expected = without(golden("egress_multiple_ports"), "a1-c1-api-stripe-com", "a1-c1-10-0-0-5")
    assert_same(render_service(subject, subject.services[1]), expected)


def test_render_service_of_admin_is_empty_like_the_team() -> None:
    subject = admin(ingress_private=True)
    assert render_service(subject, subject.services[0]) == []
