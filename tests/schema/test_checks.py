"""Semantic checks across services: each code where it must fire, and silence where it must not.

Why silence gets as many tests as the findings: a warning that fires on a sensible repo teaches
people to ignore warnings, so each decision about where a check stays quiet is pinned here.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.schema.factory import egress, ingress, repo, service, team
from ztui.model import Dialect, Finding, RepoModel, Service
from ztui.schema import check_repo, check_service, entry_name

V1, V2 = Dialect.V1, Dialect.V2


def svc(name: str, *, mode: str | None = None, allow: list[dict[str, Any]] | None = None,
        rules: list[dict[str, Any]] | None = None, team_id: str = "payments") -> Service:
    """A service with the given ingress mode, allow entries and egress rules."""
    policy: dict[str, Any] = {}
    if mode is not None or allow is not None:
        policy["ingressPrivate"] = ingress(mode, *(allow or []))
        if allow == []:
            policy["ingressPrivate"]["allow"] = []
    if rules is not None:
        policy["egressPublic"] = rules
    raw: dict[str, Any] = {"name": name, **({"networkPolicy": policy} if policy else {})}
    return service(raw, team=team_id)


def sensible() -> RepoModel:
    """A repo that uses every feature the way it is meant to be used."""
    return repo(
        team("admin", [svc("console", team_id="admin")]),
        team("payments", [
            svc("ledger", mode="AllowOnly", allow=[{"team": "payments", "service": "api"},
                                                   {"team": "search"}, {"team": "admin"}]),
            svc("api", mode="AllowAll", rules=[egress("api.stripe.com"), egress("*.stripe.com"),
                                               egress("2001:db8::10", (5432, "TCP"))]),
            svc("cron", mode="DenyAll", rules=[egress("116.203.255.68", (22, "TCP"))]),
        ]),
        team("search", [svc("indexer", mode="AllowOnly", allow=[{"team": "payments",
                                                                 "service": "ledger"}])]),
        team("legacy", [svc("old"), svc("open", mode="AllowAll")], ingress_private=False,
             egress_public=False),
    )


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


def only(model: RepoModel, code: str) -> list[Finding]:
    return [f for f in check_repo(model) if f.code == code]


def test_a_sensible_repo_has_no_findings() -> None:
    model = sensible()
    assert check_repo(model) == []
    for t in model.teams.values():
        for s in t.services:
            assert check_service(s, model) == []


# --- ZT106 --------------------------------------------------------------------------------------


def test_duplicate_service_names_are_reported_at_the_second() -> None:
    first, second = svc("api"), svc("api")
    model = repo(team("payments", [first, svc("x"), second]))
    (f,) = check_repo(model)
    assert (f.code, f.service, f.path, f.location) == ("ZT106", "api", "name",
                                                       second.marks[("name",)])
    assert f.message == (f'team "payments" already has a service named "api" (at '
                         f"{first.marks[('name',)]}): their manifests would share names, so "
                         "rename or remove one")
    assert check_service(first, model) == []
    assert codes(check_service(second, model)) == ["ZT106"]


def test_names_from_files_are_escaped_in_messages() -> None:
    model = repo(team("pay\x1b[31m", [svc("a\x1b]0;x\x07"), svc("a\x1b]0;x\x07")],
                      egress_public=False))
    model.teams["pay\x1b[31m"].services.append(svc("b", rules=[egress("x\x1b.io")] * 2))
    found = check_repo(model)
    assert codes(found) == ["ZT106", "ZT204"]
    assert all("\x1b" not in f.message and "\x07" not in f.message for f in found)
    assert '"a\\u001b]0;x\\u0007"' in found[0].message


def test_a_new_service_is_checked_as_the_last_of_its_team() -> None:
    model = repo(team("payments", [svc("api")]))
    assert codes(check_service(svc("api"), model)) == ["ZT106"]
    assert check_service(svc("worker"), model) == []


# --- ZT201 / ZT202 ------------------------------------------------------------------------------


def test_allow_naming_an_unknown_team() -> None:
    s = svc("ledger", mode="AllowOnly", allow=[{"team": "paymnts"}, {"team": "admin"},
                                               {"team": "Not A Team"}])
    (f,) = check_repo(repo(team("payments", [s])))
    assert (f.code, f.path) == ("ZT201", "networkPolicy.ingressPrivate.allow[0].team")
    assert f.message == ('allow[0] admits team "paymnts", which this repo does not define: it '
                         'admits nothing until that team exists (did you mean "payments"?)')
    assert f.location == s.marks[("networkPolicy", "ingressPrivate", "allow", 0, "team")]


def test_allow_naming_an_unknown_service() -> None:
    s = svc("ledger", mode="allowOnly", allow=[{"team": "search", "service": "indexr"},
                                               {"team": "gone", "service": "x"}])
    model = repo(team("payments", [s]), team("search", [svc("indexer", team_id="search")]),
                 dialect=V1)
    assert [(f.code, f.path) for f in check_repo(model)] == [
        ("ZT202", "networkPolicy.ingressPrivate.allow[0].service"),
        ("ZT201", "networkPolicy.ingressPrivate.allow[1].team"),
    ]
    assert check_repo(model)[0].message == (
        'allow[0] admits service "indexr" of team "search", which that team does not define: '
        'it admits nothing until that service exists (did you mean "indexer"?)')


# --- ZT203 / ZT207 ------------------------------------------------------------------------------


@pytest.mark.parametrize(("dialect", "mode", "said"), [
    (V2, "AllowAll", "mode AllowAll ignores"), (V2, "DenyAll", "mode DenyAll ignores"),
    (V1, None, "with no mode (so denyAll) the chart ignores"),
    (V1, "allowAll", "mode allowAll ignores"),
])
def test_allow_entries_under_another_mode(dialect: Dialect, mode: str | None, said: str) -> None:
    s = svc("ledger", mode=mode, allow=[{"team": "nowhere"}, {"team": "payments"}])
    (f,) = check_repo(repo(team("payments", [s]), dialect=dialect))
    only_mode = "allowOnly" if dialect is V1 else "AllowOnly"
    assert (f.code, f.path) == ("ZT203", "networkPolicy.ingressPrivate.allow")
    assert f.message == (f"{said} these 2 allow entries: set mode {only_mode} to use them, or "
                         "remove them")
    assert f.location == s.marks[("networkPolicy", "ingressPrivate", "allow")]


@pytest.mark.parametrize("allow", [None, []])
def test_allow_only_with_nobody_to_allow(allow: list[dict[str, Any]] | None) -> None:
    s = svc("ledger", mode="AllowOnly", allow=allow)
    (f,) = check_repo(repo(team("payments", [s])))
    assert (f.code, f.path) == ("ZT207", "networkPolicy.ingressPrivate.mode")
    assert f.message == ("mode AllowOnly with no allow entries admits nobody: the service "
                         "denies all ingress. Add allow entries, or write DenyAll if that is "
                         "meant")


def test_modes_the_schema_rejects_are_left_to_the_schema() -> None:
    model = repo(team("payments", [svc("a", mode="Sometimes", allow=[{"team": "x"}]),
                                   svc("b", mode="allowonly", allow=[])]))
    assert codes(check_repo(model)) == ["ZT207"]


# --- ZT204 / ZT205 / ZT209: switches and the admin team ------------------------------------------


def test_egress_rules_in_a_team_without_egress_filtering() -> None:
    s = svc("api", rules=[egress("a.io"), egress("b.io")])
    (f,) = check_repo(repo(team("payments", [s], egress_public=False)))
    assert (f.code, f.path, f.location) == ("ZT204", "networkPolicy.egressPublic",
                                            s.marks[("networkPolicy", "egressPublic")])
    assert f.message == ('team "payments" has egressPublic: false, so these 2 egress rules '
                         "render nothing (and the team's pods may reach any host)")


@pytest.mark.parametrize(("mode", "expected"), [
    ("AllowOnly", ["ZT205"]), ("DenyAll", ["ZT205"]), ("AllowAll", []), (None, []),
])
def test_ingress_rules_in_a_team_without_ingress_filtering(mode: str | None,
                                                           expected: list[str]) -> None:
    allow = [{"team": "payments"}] if mode == "AllowOnly" else None
    s = svc("api", mode=mode, allow=allow)
    found = check_repo(repo(team("payments", [s], ingress_private=False)))
    assert codes(found) == expected
    if found:
        assert found[0].path == "networkPolicy.ingressPrivate.mode"
        assert found[0].message == (f'team "payments" has ingressPrivate: false, so every '
                                    f"namespace can reach this service: its {mode} rule has no "
                                    "effect")


def test_an_empty_allow_only_in_an_unfiltered_team_is_one_finding() -> None:
    s = svc("api", mode="AllowOnly", allow=[])
    assert codes(check_repo(repo(team("payments", [s], ingress_private=False)))) == ["ZT205"]


def test_rules_on_the_admin_team_have_no_effect() -> None:
    s = svc("console", mode="allowOnly", allow=[], rules=[egress("a.io")], team_id="admin")
    found = check_repo(repo(team("admin", [s]), dialect=V1))
    assert [(f.code, f.path) for f in found] == [
        ("ZT209", "networkPolicy.ingressPrivate.mode"), ("ZT209", "networkPolicy.egressPublic"),
    ]
    assert found[0].message == ("Otomi renders no network policies for the admin team: this "
                                "allowOnly rule has no effect and every namespace can reach the "
                                "service")
    assert found[1].message == ("Otomi renders no ServiceEntries for the admin team: this "
                                "egress rule has no effect and its pods may reach any host")


# --- ZT206 / ZT210: hosts and ServiceEntry names -----------------------------------------------


@pytest.mark.parametrize(("first", "second"), [
    ("api.x.com", "api.x.com"), ("api.x.com", "API.x.com"), ("2001:db8::10", "2001:db8:0::10"),
])
def test_duplicate_egress_hosts(first: str, second: str) -> None:
    s = svc("api", rules=[egress(first), egress("other.io"), egress(second, (80, "HTTP"))])
    (f,) = only(repo(team("payments", [s])), "ZT206")
    assert (f.path, f.location) == ("networkPolicy.egressPublic[2].domain",
                                    s.marks[("networkPolicy", "egressPublic", 2, "domain")])
    assert f.message == (f"{second} is already listed as egressPublic[0]: both render one "
                         "ServiceEntry name, so one replaces the other; merge their ports into "
                         "one rule")


def test_a_wildcard_and_its_apex_share_a_service_entry_name() -> None:
    s = svc("api", rules=[egress("*.example.com"), egress("example.com")])
    (f,) = check_repo(repo(team("payments", [s])))
    assert (f.code, f.path) == ("ZT210", "networkPolicy.egressPublic[1].domain")
    assert f.message == ('example.com and *.example.com (egressPublic[0]) both render the '
                         'ServiceEntry "payments-api-example-com", and only one object of a name '
                         "can exist: keep one of them, or move one to another service")


def test_service_entry_names_clash_across_services() -> None:
    x, xa = svc("x", rules=[egress("a-b.com")]), svc("x-a", rules=[egress("b.com")])
    model = repo(team("payments", [x, xa]))
    (f,) = check_repo(model)
    assert (f.code, f.service) == ("ZT210", "x-a")
    assert 'b.com and a-b.com of service "x" (egressPublic[0])' in f.message
    assert check_service(x, model) == [] and check_service(xa, model) == [f]


def test_entry_names_follow_the_chart() -> None:
    assert entry_name("t", "s", "*.example.com") == "t-s-example-com"
    assert entry_name("t", "s", "2001:db8::10") == "t-s-2001-db8-10"
    assert entry_name("t", "s", "116.203.255.68") == "t-s-116-203-255-68"


def test_check_service_agrees_with_check_repo() -> None:
    model = sensible()
    payments = model.teams["payments"]
    payments.services += [svc("api", rules=[egress("a.io"), egress("A.io")]),
                          svc("q", mode="AllowOnly", allow=[{"team": "nope"}])]
    every = check_repo(model)
    per_service = [f for t in model.teams.values() for s in t.services
                   for f in check_service(s, model)]
    assert sorted(every, key=repr) == sorted(per_service, key=repr)
    assert sorted(codes(every)) == ["ZT106", "ZT201", "ZT206"]
