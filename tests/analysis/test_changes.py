"""The reachability lines of a review: hand-written cases, and agreement with brute force.

`ingress_changes` skips the targets that cannot have changed; the property test checks that
skipping never loses a line, against the plain set difference of every pair.
"""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.analysis.helpers import pairs, repo, svc, team
from tests.analysis.test_properties import repos
from ztui.analysis.changes import egress_changes, ingress_changes, reach_changes
from ztui.analysis.index import ReachIndex


def _index(teams: dict[str, dict[str, Any]]) -> ReachIndex:
    return ReachIndex(repo(teams))


BASE = {
    "payments": team(svc("api", "AllowOnly", [{"team": "web", "service": "checkout"}]),
                     svc("ledger", "AllowOnly", [{"team": "legacy", "service": "monolith"}])),
    "web": team(svc("checkout")),
    "legacy": team(svc("monolith"), ingress=False),
    "search": team(svc("indexer")),
}


def test_the_lines_of_an_edit() -> None:
    new = copy.deepcopy(BASE)
    new["payments"]["services"][0]["networkPolicy"]["egressPublic"] = [
        {"domain": "api.stripe.com", "ports": [{"protocol": "HTTPS", "number": 443}]}]
    new["payments"]["services"][1]["networkPolicy"]["ingressPrivate"]["allow"] = []
    new["search"]["services"][0] = svc("indexer", "AllowOnly",
                                       [{"team": "payments", "service": "api"}])
    assert reach_changes(_index(BASE), _index(new)) == [
        "- legacy/monolith -> payments/ledger",
        "+ payments/api -> search/indexer",
        "+ egress payments/api -> api.stripe.com:443/HTTPS",
        "+ egress payments/ledger -> api.stripe.com:443/HTTPS",
    ]


def test_a_new_service_reaches_what_admits_its_team() -> None:
    new = copy.deepcopy(BASE)
    new["web"]["services"].append(svc("cart"))
    # only legacy (ingress filtering off) admits it; nothing admits it in; no host to gain
    assert reach_changes(_index(BASE), _index(new)) == ["+ web/cart -> legacy/monolith"]


def test_switching_egress_filtering_off_opens_any_host() -> None:
    new = copy.deepcopy(BASE)
    new["search"]["networkPolicy"]["egressPublic"] = False
    assert reach_changes(_index(BASE), _index(new)) == ["+ egress search/indexer -> *"]
    assert egress_changes(_index(new), _index(BASE)) == [("-", "search/indexer", "*")]


def test_nothing_rendered_before() -> None:
    lines = reach_changes(None, _index({"a": team(svc("x"), ingress=False, egress=False)}))
    assert lines == ["+ a/x -> a/x", "+ egress a/x -> *"]


def _brute(old: ReachIndex, new: ReachIndex) -> set[tuple[str, str, str]]:
    before, after = pairs(old), pairs(new)
    return ({("-", s, t) for s, t in before - after}
            | {("+", s, t) for s, t in after - before})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(repos(), repos())
def test_skipping_unchanged_targets_loses_no_line(
    old: dict[str, dict[str, Any]], new: dict[str, dict[str, Any]]
) -> None:
    a, b = _index(old), _index(new)
    assert set(ingress_changes(a, b)) == _brute(a, b)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(repos(), st.data())
def test_one_team_edited_loses_no_line(old: dict[str, dict[str, Any]], data: st.DataObject) -> None:
    new = copy.deepcopy(old)
    other = data.draw(repos())
    team_id = data.draw(st.sampled_from(sorted(new)))
    if team_id in other:
        new[team_id] = other[team_id]
    a, b = _index(old), _index(new)
    assert set(ingress_changes(a, b)) == _brute(a, b)
