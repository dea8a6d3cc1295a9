"""Properties of reachability over generated repos: monotone in the rules, stable under edits.

The names come from small pools (teams a, b, c and admin; services s1..s3; pod labels that
collide on purpose), so generated repos are full of the interesting cases: allow entries that
name existing and missing peers, podSelector overrides, Knative services, shared labels, both
switches either way, the admin team. The properties are over all pairs, platform sources
included.
"""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.analysis.helpers import pairs, repo
from ztui.analysis.index import ReachIndex

TEAMS = ["admin", "a", "b", "c"]
NAMES = ["s1", "s2", "s3"]
SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])

ENTRIES = st.builds(
    lambda team, service: {"team": team, **({"service": service} if service else {})},
    st.sampled_from([*TEAMS, "zz"]), st.none() | st.sampled_from(NAMES),
)


@st.composite
def services(draw: st.DrawFn) -> list[dict[str, Any]]:
    out = []
    for name in draw(st.lists(st.sampled_from(NAMES), max_size=3, unique=True)):
        raw: dict[str, Any] = {"name": name}
        if draw(st.booleans()):
            raw["ksvc"] = {"predeployed": True}
        policy: dict[str, Any] = {}
        selector = draw(st.none() | st.sampled_from([*NAMES, "x"]))
        if selector:
            policy["podSelector"] = selector
        mode = draw(st.sampled_from([None, "DenyAll", "AllowOnly", "AllowAll"]))
        ingress: dict[str, Any] = {"mode": mode} if mode else {}
        if draw(st.booleans()):
            ingress["allow"] = draw(st.lists(ENTRIES, max_size=3))
        if ingress:
            policy["ingressPrivate"] = ingress
        hosts = draw(st.lists(st.sampled_from(["api.x.com", "*.y.org", "10.0.0.1"]),
                              max_size=2, unique=True))
        if hosts:
            policy["egressPublic"] = [
                {"domain": h, "ports": [{"protocol": "TCP", "number": 443}]} for h in hosts]
        if policy:
            raw["networkPolicy"] = policy
        out.append(raw)
    return out


@st.composite
def repos(draw: st.DrawFn) -> dict[str, dict[str, Any]]:
    """Raw teams for `helpers.repo`: one to four teams with up to three services each."""
    ids = draw(st.lists(st.sampled_from(TEAMS), min_size=1, max_size=4, unique=True))
    return {
        team_id: {
            "networkPolicy": {"ingressPrivate": draw(st.booleans()),
                              "egressPublic": draw(st.booleans())},
            "managedMonitoring": {"prometheus": draw(st.booleans())},
            "services": draw(services()),
        }
        for team_id in ids
    }


def _pairs(teams: dict[str, dict[str, Any]]) -> set[tuple[str, str]]:
    return pairs(ReachIndex(repo(teams)), platform=True)


def _pick_service(data: st.DataObject, teams: dict[str, dict[str, Any]]) -> dict[str, Any] | None:
    candidates = [s for t in teams.values() for s in t["services"]]
    return data.draw(st.sampled_from(candidates)) if candidates else None


def _ingress(service: dict[str, Any]) -> dict[str, Any]:
    policy = service.setdefault("networkPolicy", {})
    ingress: dict[str, Any] = policy.setdefault("ingressPrivate", {})
    return ingress


@SETTINGS
@given(repos(), st.data())
def test_adding_an_allow_entry_never_removes_a_pair(
    teams: dict[str, dict[str, Any]], data: st.DataObject
) -> None:
    after = copy.deepcopy(teams)
    service = _pick_service(data, after)
    if service is None:
        return
    _ingress(service).setdefault("allow", []).append(data.draw(ENTRIES))
    assert _pairs(teams) <= _pairs(after)


@SETTINGS
@given(repos(), st.data())
def test_setting_a_service_to_deny_all_never_adds_a_pair(
    teams: dict[str, dict[str, Any]], data: st.DataObject
) -> None:
    after = copy.deepcopy(teams)
    service = _pick_service(data, after)
    if service is None:
        return
    _ingress(service)["mode"] = "DenyAll"
    assert _pairs(after) <= _pairs(teams)


@SETTINGS
@given(repos(), st.data())
def test_switching_a_team_s_ingress_filtering_off_never_removes_a_pair(
    teams: dict[str, dict[str, Any]], data: st.DataObject
) -> None:
    after = copy.deepcopy(teams)
    team_id = data.draw(st.sampled_from(sorted(after)))
    after[team_id]["networkPolicy"]["ingressPrivate"] = False
    assert _pairs(teams) <= _pairs(after)


@SETTINGS
@given(repos(), repos(), st.data())
def test_update_team_answers_as_a_fresh_index(
    teams: dict[str, dict[str, Any]], other: dict[str, dict[str, Any]], data: st.DataObject
) -> None:
    model = repo(teams)
    index = ReachIndex(model)
    for pod in index.service_pods():  # warm every cache, so a stale one would show
        index.reach(pod.key)
    team_id = data.draw(st.sampled_from(sorted(other)))
    edited = repo({team_id: other[team_id]}).teams[team_id]
    model.teams[team_id] = edited
    index.update_team(edited)
    fresh = ReachIndex(model)
    assert pairs(index, platform=True) == pairs(fresh, platform=True)
    for pod in fresh.service_pods():
        assert index.inbound(pod.key) == fresh.inbound(pod.key)
        assert index.outbound(pod.key) == fresh.outbound(pod.key)


@SETTINGS
@given(repos(), st.data())
def test_update_team_after_a_rules_only_edit_answers_as_a_fresh_index(
    teams: dict[str, dict[str, Any]], data: st.DataObject
) -> None:
    """Same services and pod labels, other modes, allow lists and hosts: the cheap path."""
    model = repo(teams)
    index = ReachIndex(model)
    for pod in index.service_pods():
        index.reach(pod.key)
    team_id = data.draw(st.sampled_from(sorted(teams)))
    raw = copy.deepcopy(teams[team_id])
    rules = data.draw(services())
    for i, service in enumerate(raw["services"]):
        policy = service.setdefault("networkPolicy", {})
        donor = rules[i].get("networkPolicy", {}) if i < len(rules) else {}
        for key in ("ingressPrivate", "egressPublic"):
            policy.pop(key, None)
            if key in donor:
                policy[key] = donor[key]
    edited = repo({team_id: raw}).teams[team_id]
    model.teams[team_id] = edited
    index.update_team(edited)
    fresh = ReachIndex(model)
    for pod in fresh.service_pods():
        assert index.inbound(pod.key) == fresh.inbound(pod.key)
        assert index.outbound(pod.key) == fresh.outbound(pod.key)
