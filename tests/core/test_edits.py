"""The form and CLI edits on raw service mappings, with expectations written from the spec."""

from __future__ import annotations

from ztui import edits
from ztui.model import AllowEntry, Dialect, EgressRule, Mode, Port


def test_set_mode_creates_the_sections_and_spells_the_dialect() -> None:
    raw = {"name": "api", "port": 8080}
    assert edits.set_mode(raw, Mode.ALLOW_ONLY, Dialect.V1) == {
        "name": "api", "port": 8080,
        "networkPolicy": {"ingressPrivate": {"mode": "allowOnly"}},
    }
    assert edits.set_mode(raw, Mode.ALLOW_ALL, Dialect.V2)["networkPolicy"] == {
        "ingressPrivate": {"mode": "AllowAll"}
    }
    assert raw == {"name": "api", "port": 8080}, "the input is never changed"


def test_add_allow_appends_once() -> None:
    raw = {"name": "db", "networkPolicy": {"ingressPrivate": {"mode": "AllowOnly"}}}
    once = edits.add_allow(raw, AllowEntry("a1", "c7"))
    twice = edits.add_allow(once, AllowEntry("a1", "c7"))
    assert twice["networkPolicy"]["ingressPrivate"]["allow"] == [{"team": "a1", "service": "c7"}]
    team_only = edits.add_allow(twice, AllowEntry("a1"))
    assert team_only["networkPolicy"]["ingressPrivate"]["allow"] == [
        {"team": "a1", "service": "c7"}, {"team": "a1"},
    ]


def test_remove_allow_matches_team_and_service_exactly() -> None:
    raw = {"networkPolicy": {"ingressPrivate": {"mode": "AllowOnly", "allow": [
        {"team": "a1"}, {"team": "a1", "service": "c7"},
    ]}}}
    out = edits.remove_allow(raw, AllowEntry("a1"))
    assert out["networkPolicy"]["ingressPrivate"]["allow"] == [{"team": "a1", "service": "c7"}]
    emptied = edits.remove_allow(out, AllowEntry("a1", "c7"))
    assert emptied["networkPolicy"]["ingressPrivate"] == {"mode": "AllowOnly"}


def test_an_explicit_empty_list_stays() -> None:
    raw = {"networkPolicy": {"ingressPrivate": {"mode": "AllowOnly", "allow": []}}}
    assert edits.set_allow(raw, []) == raw


def test_add_egress_merges_missing_ports_into_a_known_host() -> None:
    raw = {"networkPolicy": {"egressPublic": [
        {"domain": "API.stripe.com", "ports": [{"protocol": "HTTPS", "number": 443}]},
    ]}}
    rule = EgressRule("api.stripe.com", (Port(443, "HTTPS"), Port(80, "HTTP")))
    out = edits.add_egress(raw, rule)
    assert out["networkPolicy"]["egressPublic"] == [
        {"domain": "API.stripe.com", "ports": [
            {"protocol": "HTTPS", "number": 443}, {"protocol": "HTTP", "number": 80},
        ]},
    ]


def test_add_egress_new_host_and_remove_it_again() -> None:
    raw = {"name": "api"}
    out = edits.add_egress(raw, EgressRule("*.example.com", (Port(443, "HTTPS"),)))
    assert out == {"name": "api", "networkPolicy": {"egressPublic": [
        {"domain": "*.example.com", "ports": [{"protocol": "HTTPS", "number": 443}]},
    ]}}
    assert edits.remove_egress(out, "*.EXAMPLE.com") == {"name": "api", "networkPolicy": {}}


def test_set_egress_with_no_rows_on_a_bare_service_adds_nothing() -> None:
    assert edits.set_egress({"name": "x"}, []) == {"name": "x"}
    assert edits.set_allow({"name": "x"}, []) == {"name": "x"}


def test_team_switch() -> None:
    assert edits.set_team_switch({"id": "a"}, "egressPublic", False) == {
        "id": "a", "networkPolicy": {"egressPublic": False}
    }
