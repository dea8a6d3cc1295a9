"""Building Team and Service from raw values: typed fields, leniency, marks."""

from __future__ import annotations

from typing import Any

import pytest

from ztui.model import AllowEntry, EgressRule, FieldPath, Location, Mode, Port
from ztui.repo.build import build_service, build_team

HERE = Location("env/teams.yaml", 3, 5)


@pytest.mark.parametrize(
    ("spelled", "mode"),
    [("allowOnly", Mode.ALLOW_ONLY), ("AllowOnly", Mode.ALLOW_ONLY), ("denyAll", Mode.DENY_ALL),
     ("AllowAll", Mode.ALLOW_ALL), ("allowAll", Mode.ALLOW_ALL), ("bogus", Mode.DENY_ALL),
     (5, Mode.DENY_ALL), (None, Mode.DENY_ALL)],
)
def test_mode_in_either_dialect_or_the_default(spelled: Any, mode: Mode) -> None:
    raw = {"name": "s", "networkPolicy": {"ingressPrivate": {"mode": spelled}}}
    assert build_service("t", raw, {}, None).mode is mode


def test_typed_fields() -> None:
    raw: dict[str, Any] = {
        "name": "api",
        "port": 8080,
        "ksvc": {"predeployed": True},
        "networkPolicy": {
            "podSelector": "api-v2",
            "ingressPrivate": {"mode": "AllowOnly", "allow": [{"team": "a"}, {"team": "b",
                                                                             "service": "c"}]},
            "egressPublic": [{"domain": "x.io", "ports": [{"number": 443, "protocol": "HTTPS"},
                                                         {"number": 80, "protocol": "HTTP"}]}],
        },
    }
    marks: dict[FieldPath, Location] = {("name",): HERE}
    service = build_service("team", raw, marks, HERE)
    assert (service.team, service.name, service.key) == ("team", "api", "team/api")
    assert service.allow == (AllowEntry("a"), AllowEntry("b", "c"))
    assert service.egress == (EgressRule("x.io", (Port(443, "HTTPS"), Port(80, "HTTP"))),)
    assert (service.pod_selector, service.knative) == ("api-v2", True)
    assert service.raw is raw and service.marks is marks and service.location == HERE


def test_bad_values_fall_back_without_raising() -> None:
    raw: dict[str, Any] = {
        "name": 12,
        "ksvc": {"predeployed": "true"},
        "networkPolicy": {
            "podSelector": ["x"],
            "ingressPrivate": {"mode": "AllowOnly", "allow": [{"service": "c"}, "a", {"team": 1},
                                                              {"team": "ok", "service": 3}]},
            "egressPublic": [
                {"domain": "x.io", "ports": [{"number": True, "protocol": "TCP"},
                                             {"number": "443", "protocol": "TCP"},
                                             {"number": 22, "protocol": None}, "junk",
                                             {"number": 53, "protocol": "TCP"}]},
                {"ports": []},
                "y.io",
            ],
        },
    }
    service = build_service("t", raw, {}, None)
    assert service.name == "12"
    assert service.knative is False and service.pod_selector is None
    assert service.allow == (AllowEntry("ok"),)
    assert service.egress == (EgressRule("x.io", (Port(53, "TCP"),)),)


@pytest.mark.parametrize("policy", [None, "x", [], {"ingressPrivate": "AllowAll"}])
def test_wrong_kinds_of_network_policy(policy: Any) -> None:
    service = build_service("t", {"name": "s", "networkPolicy": policy}, {}, None)
    assert (service.mode, service.allow, service.egress) == (Mode.DENY_ALL, (), ())


def test_team_switches_and_defaults() -> None:
    team = build_team("t", {}, {}, None)
    assert (team.ingress_private, team.egress_public, team.alertmanager, team.prometheus) == (
        True, True, False, False,
    )
    raw = {
        "networkPolicy": {"ingressPrivate": False, "egressPublic": "no"},
        "managedMonitoring": {"alertmanager": True, "prometheus": 1},
    }
    team = build_team("t", raw, {}, HERE, settings_file="env/teams.yaml")
    assert (team.ingress_private, team.egress_public, team.alertmanager, team.prometheus) == (
        False, True, True, False,
    )
    assert team.location == HERE and team.settings_file == "env/teams.yaml"


def test_team_services_get_their_own_relative_marks() -> None:
    loc = {n: Location("f", n, 1) for n in range(1, 8)}
    marks: dict[FieldPath, Location] = {
        (): loc[1],
        ("services",): loc[2],
        ("services", -1): loc[3],
        ("services", 0): loc[4],
        ("services", 0, "name"): loc[5],
        ("services", 1): loc[6],
        ("networkPolicy",): loc[7],
    }
    raw: dict[str, Any] = {
        "networkPolicy": {}, "services": [{"name": "a"}, "not a mapping", {"name": "c"}],
    }
    team = build_team("t", raw, marks, loc[1])
    assert [s.name for s in team.services] == ["a", "c"]
    first, third = team.services
    assert first.marks == {(): loc[4], ("name",): loc[5]}
    assert first.location == loc[4]
    assert third.marks == {} and third.location is None
    assert team.marks == {(): loc[1], ("services",): loc[2], ("services", -1): loc[3],
                          ("networkPolicy",): loc[7]}
    assert team.raw == {"networkPolicy": {}}  # services live on the services


def test_services_that_are_not_a_list_stay_in_raw() -> None:
    team = build_team("t", {"services": {"name": "x"}}, {}, None)
    assert team.services == [] and team.raw == {"services": {"name": "x"}}
