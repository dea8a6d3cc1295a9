"""Reachability of a small repo, every expectation worked out by hand from spec section 3.

The repo (`SHOP`) has one feature per service, so each expectation reads as a sentence:
- admin/backup: admin gets no team policies, so nothing selects its pods: everyone reaches it;
- pay/api: AllowOnly narrowed to web/front, plus the whole pay team;
- pay/db: podSelector `db-pg`, AllowOnly from pay/api; egress to a private IP;
- pay/fn: a Knative service (pods `serving.knative.dev/service: fn`), AllowOnly from web/front;
- pay/vault: AllowOnly with an empty allow list (admits no service);
- pay/open: AllowAll (every pod of every `type: team` namespace);
- web: both switches off (every source reaches it; it may reach any host);
- ops/job: DenyAll, a wildcard egress host; ops/mon: AllowOnly from pay/db, which names db but
  matches pods labelled `db`, while db's pods carry `db-pg`: nobody gets in.
pay has its own Prometheus, so `platform:prometheus-team-pay` reaches every pay pod through
`default-from-prometheus`.
"""

from __future__ import annotations

import pytest

from tests.analysis.helpers import pairs, repo, svc, team
from ztui.analysis.egress import Outbound
from ztui.analysis.index import NO_POLICY, ReachIndex
from ztui.model import AllowEntry, Mode

SHOP = repo({
    "admin": team(svc("backup")),
    "pay": team(
        svc("api", "AllowOnly", [{"team": "web", "service": "front"}, {"team": "pay"}],
            [("api.stripe.com", 443, "HTTPS")]),
        svc("db", "AllowOnly", [{"team": "pay", "service": "api"}],
            [("10.1.2.3", 5432, "TCP")], selector="db-pg"),
        svc("fn", "AllowOnly", [{"team": "web", "service": "front"}], knative=True),
        svc("vault", "AllowOnly", []),
        svc("open", "AllowAll"),
        prometheus=True,
    ),
    "web": team(svc("front"), svc("cms"), ingress=False, egress=False),
    "ops": team(
        svc("job", "DenyAll", egress=[("*.example.com", 443, "HTTPS")]),
        svc("mon", "AllowOnly", [{"team": "pay", "service": "db"}]),
    ),
})
ALL_SERVICES = ["admin/backup", "pay/api", "pay/db", "pay/fn", "pay/vault", "pay/open",
                "web/front", "web/cms", "ops/job", "ops/mon"]
PLATFORM = ["platform:istio-system", "platform:knative-serving", "platform:prometheus",
            "platform:tekton-pipelines"]
PAY_PLATFORM = [(p, "default-ingress-platform") for p in PLATFORM] + [
    ("platform:prometheus-team-pay", "default-from-prometheus")]
STRIPE = Outbound("api.stripe.com", 443, "HTTPS", "pay-api-api-stripe-com", "pay/api")
PRIVATE = Outbound("10.1.2.3", 5432, "TCP", "pay-db-10-1-2-3", "pay/db")


@pytest.fixture(scope="module")
def index() -> ReachIndex:
    return ReachIndex(SHOP)


def inbound(index: ReachIndex, key: str) -> list[tuple[str, str | None]]:
    return [(entry.source, entry.via) for entry in index.inbound(key)]


def test_allow_only_narrowed_to_a_service_and_a_whole_team(index: ReachIndex) -> None:
    via = "api-ingress-allow-only"
    pay = ["pay/api", "pay/db", "pay/fn", "pay/vault", "pay/open"]
    assert inbound(index, "pay/api") == [*((k, via) for k in pay), ("web/front", via),
                                         *PAY_PLATFORM]


def test_a_podselector_override_relabels_the_pods(index: ReachIndex) -> None:
    assert index.pod("pay/db") is not None
    assert index.pod("pay/db").labels == {"otomi.io/app": "db-pg"}  # type: ignore[union-attr]
    assert inbound(index, "pay/db") == [("pay/api", "db-ingress-allow-only"), *PAY_PLATFORM]
    # ops/mon admits "pay/db", rendered as pods labelled `db`: db's pods are not among them
    assert inbound(index, "ops/mon") == [(p, "default-ingress-platform") for p in PLATFORM]


def test_knative_pods_are_selected_by_their_knative_label(index: ReachIndex) -> None:
    assert index.pod("pay/fn").labels == {  # type: ignore[union-attr]
        "serving.knative.dev/service": "fn"}
    assert [p.name for p in index.selecting("pay/fn")] == [
        "default-ingress-deny", "default-ingress-platform", "default-from-prometheus",
        "fn-ingress-allow-only"]
    assert inbound(index, "pay/fn") == [("web/front", "fn-ingress-allow-only"), *PAY_PLATFORM]


def test_allow_only_with_an_empty_list_admits_only_the_platform(index: ReachIndex) -> None:
    assert inbound(index, "pay/vault") == PAY_PLATFORM
    assert index.inbound_services("pay/vault").sources == ()


def test_allow_all_admits_every_team_namespace_but_not_platform_namespaces(
    index: ReachIndex,
) -> None:
    via = "open-ingress-from-all-teams"
    assert inbound(index, "pay/open") == [*((k, via) for k in ALL_SERVICES), *PAY_PLATFORM]


def test_both_switches_off_admit_everyone_and_reach_any_host(index: ReachIndex) -> None:
    everyone = [*ALL_SERVICES, *PLATFORM, "platform:gitea", "platform:prometheus-team-pay"]
    assert inbound(index, "web/cms") == [(k, "default-ingress-allow-all") for k in everyone]
    assert index.outbound("web/front") == (Outbound("*", None, None, None, None),)


def test_admin_has_no_policies_so_every_source_reaches_it(index: ReachIndex) -> None:
    everyone = [*ALL_SERVICES, *PLATFORM, "platform:gitea", "platform:prometheus-team-pay"]
    assert index.selecting("admin/backup") == []
    assert inbound(index, "admin/backup") == [(k, None) for k in everyone]
    assert {entry.peer for entry in index.inbound("admin/backup")} == {NO_POLICY}
    assert index.outbound("admin/backup") == (Outbound("*", None, None, None, None),)


def test_deny_all_admits_the_platform_only(index: ReachIndex) -> None:
    assert inbound(index, "ops/job") == [(p, "default-ingress-platform") for p in PLATFORM]


def test_every_service_of_a_team_reaches_every_trusted_host_of_the_team(
    index: ReachIndex,
) -> None:
    for key in ("pay/api", "pay/db", "pay/fn", "pay/vault", "pay/open"):
        assert index.outbound(key) == (STRIPE, PRIVATE), key
    wildcard = Outbound("*.example.com", 443, "HTTPS", "ops-job-example-com", "ops/job")
    assert index.outbound("ops/mon") == (wildcard,)


def test_the_service_pairs(index: ReachIndex) -> None:
    pay = ["pay/api", "pay/db", "pay/fn", "pay/vault", "pay/open"]
    expected = {(s, "admin/backup") for s in ALL_SERVICES}
    expected |= {(s, "pay/api") for s in [*pay, "web/front"]}
    expected |= {("pay/api", "pay/db"), ("web/front", "pay/fn")}
    expected |= {(s, "pay/open") for s in ALL_SERVICES}
    expected |= {(s, t) for s in ALL_SERVICES for t in ("web/front", "web/cms")}
    assert pairs(index) == expected


def test_reach_json_has_exactly_the_documented_shape(index: ReachIndex) -> None:
    doc = index.reach("pay/db").as_json()
    assert doc == {
        "service": "pay/db",
        "inbound": [{"from": "pay/api", "via": "db-ingress-allow-only"},
                    *({"from": p, "via": v} for p, v in PAY_PLATFORM)],
        "outbound": [
            {"host": "api.stripe.com", "port": 443, "protocol": "HTTPS",
             "via": "pay-api-api-stripe-com", "rule_of": "pay/api"},
            {"host": "10.1.2.3", "port": 5432, "protocol": "TCP",
             "via": "pay-db-10-1-2-3", "rule_of": "pay/db"},
        ],
    }


def test_unknown_services_raise_key_error(index: ReachIndex) -> None:
    with pytest.raises(KeyError):
        index.reach("pay/nope")
    with pytest.raises(KeyError):
        index.inbound("platform:gitea")  # a source, not a service
    with pytest.raises(KeyError):
        index.admission("nobody/x", "pay/api")


def test_admission_agrees_with_inbound(index: ReachIndex) -> None:
    sources = [pod.key for pod in index.sources()]
    for target in ALL_SERVICES:
        admitted = dict(inbound(index, target))
        for source in sources:
            found = index.admission(source, target)
            assert (found is not None) == (source in admitted), (source, target)
            if found is not None:
                assert found.via == admitted[source]


def test_update_team_gives_the_answers_of_a_fresh_index() -> None:
    model = repo({"a": team(svc("x", "DenyAll"), svc("y")), "b": team(svc("z"))})
    index = ReachIndex(model)
    assert index.inbound_services("a/x").sources == ()
    x = model.teams["a"].services[0]
    x.mode, x.allow = Mode.ALLOW_ONLY, (AllowEntry("b"),)  # the TUI edits in place
    index.update_team(model.teams["a"])
    assert index.inbound_services("a/x").sources == ("b/z",)
    model.teams["b"].services[0].name = "w"  # a relabelled source: the tables are rebuilt
    model.teams["b"].services[0].raw["name"] = "w"
    index.update_team(model.teams["b"])
    assert index.inbound_services("a/x").sources == ("b/w",)
    assert pairs(index, platform=True) == pairs(ReachIndex(model), platform=True)
    index.remove_team("b")
    assert index.inbound_services("a/x").sources == ()


def test_a_service_under_the_team_prometheus_sidecar_may_reach_any_host() -> None:
    model = repo({"pay": team(
        svc("scraper", selector="prometheus-team-pay"),
        svc("api", egress=[("api.stripe.com", 443, "HTTPS")]),
        prometheus=True,
    )})
    index = ReachIndex(model)
    stripe = Outbound("api.stripe.com", 443, "HTTPS", "pay-api-api-stripe-com", "pay/api")
    assert index.outbound("pay/scraper") == (
        Outbound("*", None, None, "team-prometheus", None), stripe)
    assert index.outbound("pay/api") == (stripe,)
