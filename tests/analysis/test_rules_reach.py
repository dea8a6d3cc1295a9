"""Reachability on the later layouts (spec 5), on the fixture repo typed out in tests.render.later.

Expectations are reasoned from the spec and the stated cluster model, not read off the code:
- workloads: shop's targets api, db, web (otomi.io/app); data's target
  serving.knative.dev/service=warehouse; the sources name shop/web (already a target) and
  shop/api (idem); labs and admin name none;
- shop/api is AllowOnly from team-shop pods otomi.io/app=web and from all of team-data; every
  team's `default-ingress-platform` admits istio-system, knative-serving, the platform
  Prometheus and tekton-pipelines (not gitea: `default-from-gitea` selects EventListener pods);
- shop/db is AllowOnly with no sources: only the platform gets in;
- shop/web is AllowAll: every namespace labelled `type: team`, so every workload;
- the warehouse admits shop/api only;
- egress: shop's REGISTRY_ONLY Sidecar and its three ServiceEntries apply to every shop pod;
  labs does not filter egress, so its pods reach any host (no Sidecar at all).
"""

from __future__ import annotations

from tests.analysis.helpers import pairs, repo, svc, team
from tests.render.later import APP, KNATIVE, data, egress, fixture_model, ingress, rule_team
from ztui.analysis.changes import reach_changes
from ztui.analysis.cluster import rule_workload, workload_key
from ztui.analysis.explain import explain
from ztui.analysis.index import ReachIndex
from ztui.model import Dialect, Label, Layout, Mode, Port, RepoModel, Source

WAREHOUSE = "data/serving.knative.dev/service=warehouse"
PLATFORM = {"platform:istio-system", "platform:knative-serving", "platform:prometheus",
            "platform:tekton-pipelines"}
SHOP_OUT = {"*.cdn.example.com:443/HTTPS", "*.cdn.example.com:80/HTTP", "1.1.1.1:any",
            "api.stripe.com:443/HTTPS"}


def inbound(index: ReachIndex, key: str) -> set[str]:
    return set(index.inbound(key).sources)


def outbound(index: ReachIndex, key: str) -> set[str]:
    return {entry.endpoint() for entry in index.outbound(key)}


def test_workload_keys() -> None:
    assert workload_key("shop", Label(APP, "api")) == "shop/api"
    assert workload_key("data", Label(KNATIVE, "warehouse")) == WAREHOUSE
    assert rule_workload(data().rules[1]) == WAREHOUSE
    assert rule_workload(data().rules[0]) is None  # an egress rule protects no pods
    assert rule_workload(ingress("a", "x", Label("", "v"))) is None
    assert rule_workload(ingress("a", "x", None)) is None


def test_sources_outside_the_repo_teams_name_no_workload() -> None:
    model = fixture_model()
    model.teams["labs"].rules.append(ingress(
        "labs", "in", Label(APP, "notebook"), Source("team-ghost", Label(APP, "x")),
        Source("istio-system", Label(APP, "y")), Source("team-admin", Label("tier", "ops")),
    ))
    keys = [pod.key for pod in ReachIndex(model).service_pods()]
    assert keys == ["admin/tier=ops", WAREHOUSE, "labs/notebook", "shop/api", "shop/db",
                    "shop/web"]


def test_workloads_of_the_fixture_repo() -> None:
    index = ReachIndex(fixture_model())
    assert [pod.key for pod in index.service_pods()] == [
        WAREHOUSE, "shop/api", "shop/db", "shop/web"
    ]
    warehouse = index.pod(WAREHOUSE)
    assert warehouse is not None
    assert (warehouse.team, warehouse.service) == ("data", "serving.knative.dev/service=warehouse")
    assert warehouse.namespace == "team-data"
    assert warehouse.labels == {KNATIVE: "warehouse"}
    assert index.rule_based


def test_inbound_of_each_workload() -> None:
    index = ReachIndex(fixture_model())
    assert inbound(index, "shop/api") == {"shop/web", WAREHOUSE} | PLATFORM
    assert inbound(index, "shop/db") == PLATFORM
    assert inbound(index, "shop/web") == {WAREHOUSE, "shop/api", "shop/db", "shop/web"} | PLATFORM
    assert inbound(index, WAREHOUSE) == {"shop/api"} | PLATFORM


def test_admitting_policies() -> None:
    index = ReachIndex(fixture_model())
    assert index.admission("shop/web", "shop/api").via == "api-ingress-allow-only"  # type: ignore[union-attr]
    assert index.admission(WAREHOUSE, "shop/web").via == "web-allow-ingress-all"  # type: ignore[union-attr]
    assert index.admission("platform:istio-system", "shop/db").via == (  # type: ignore[union-attr]
        "default-ingress-platform"
    )
    assert index.admission("platform:gitea", "shop/api") is None


def test_outbound_of_each_workload() -> None:
    index = ReachIndex(fixture_model())
    for key in ("shop/api", "shop/db", "shop/web"):
        assert outbound(index, key) == SHOP_OUT
    assert {e.rule_of for e in index.outbound("shop/api")} == {
        "shop/cdn", "shop/resolver", "shop/stripe"
    }
    assert outbound(index, WAREHOUSE) == {"s3.eu-west-1.amazonaws.com:443/HTTPS"}
    assert {e.endpoint() for e in index.namespace_outbound("labs")} == {"*"}
    assert {e.endpoint() for e in index.namespace_outbound("shop")} == SHOP_OUT
    assert [e.via for e in index.rule_outbound("shop/stripe")] == ["shop-stripe-api-stripe-com"]
    assert index.rule_outbound("labs/github") == ()


def test_explain_a_denied_pair() -> None:
    text = explain(ReachIndex(fixture_model()), "shop/web", WAREHOUSE)
    assert text.startswith(f"shop/web cannot reach {WAREHOUSE}: ")
    assert "warehouse-ingress-allow-only" in text
    assert "admits only: pods otomi.io/app=api in namespaces name=team-shop" in text


def _edited() -> RepoModel:
    """The fixture with data's warehouse also open to team-shop pods otomi.io/app=web and a
    new source, team-data pods otomi.io/app=etl, on shop's api."""
    model = fixture_model()
    shop, data_team = model.teams["shop"], model.teams["data"]
    api = shop.rule("api")
    assert api is not None
    api.sources = (*api.sources, Source("team-data", Label(APP, "etl")))
    warehouse = data_team.rule("warehouse")
    assert warehouse is not None
    warehouse.sources = (*warehouse.sources, Source("team-shop", Label(APP, "web")))
    return model


def test_update_team_matches_a_fresh_index() -> None:
    index = ReachIndex(fixture_model())
    edited = _edited()
    index.update_team(edited.teams["shop"])  # names a new workload of team data
    assert index.pod("data/etl") is not None
    index.update_team(edited.teams["data"])
    fresh = ReachIndex(edited)
    assert [p.key for p in index.sources()] == [p.key for p in fresh.sources()]
    assert pairs(index, platform=True) == pairs(fresh, platform=True)
    assert inbound(index, WAREHOUSE) == {"shop/api", "shop/web"} | PLATFORM


def test_removing_a_team_drops_the_workloads_only_its_rules_named() -> None:
    index = ReachIndex(_edited())
    index.remove_team("shop")
    assert [p.key for p in index.service_pods()] == [WAREHOUSE]


def test_reach_changes_of_an_edit() -> None:
    lines = reach_changes(ReachIndex(fixture_model()), ReachIndex(_edited()))
    # data/etl is new: shop/web (AllowAll) admits it, and so does shop/api now; the warehouse
    # admits shop/web now. data/etl's own egress (s3) is new, as the workload is.
    assert lines == [
        "+ data/etl -> shop/api",
        "+ data/etl -> shop/web",
        f"+ shop/web -> {WAREHOUSE}",
        "+ egress data/etl -> s3.eu-west-1.amazonaws.com:443/HTTPS",
    ]


def test_an_egress_rule_change_is_a_namespace_wide_egress_change() -> None:
    old = fixture_model()
    new = fixture_model()
    new.teams["data"] = rule_team("data", *data().rules, egress("data", "gh", "github.com"))
    assert reach_changes(ReachIndex(old), ReachIndex(new)) == [
        f"+ egress {WAREHOUSE} -> github.com:any"
    ]


# --- pods_from: the manifests of one model against the pods of another --------------------


def services_model() -> RepoModel:
    return repo({
        "a": team(
            svc("api", "AllowOnly", [{"team": "b", "service": "web"}],
                egress=[("httpbin.org", 443, "HTTPS")]),
            svc("web", "AllowAll"),
            svc("db"),
            prometheus=True,
        ),
        "b": team(svc("web"), svc("fn", "AllowOnly", [{"team": "a"}], knative=True),
                  egress=False),
    })


def converted() -> RepoModel:
    """`services_model` as named rules, written by hand the way a migration would."""
    model = RepoModel(root="mem", layout=Layout.FILES, dialect=Dialect.V2)
    model.teams["a"] = rule_team(
        "a",
        ingress("a", "api", Label(APP, "api"), Source("team-b", Label(APP, "web")),
                Source("team-b", Label(KNATIVE, "web"))),
        ingress("a", "web", Label(APP, "web"), mode=Mode.ALLOW_ALL),
        egress("a", "api-httpbin", "httpbin.org", Port(443, "HTTPS")),
    )
    model.teams["b"] = rule_team("b", ingress("b", "fn", Label(KNATIVE, "fn"), Source("team-a")),
                                 egress_public=False)
    return model


def test_pods_from_gives_the_services_era_keys_and_pairs() -> None:
    before = ReachIndex(services_model())
    after = ReachIndex(converted(), pods_from=services_model())
    assert not after.rule_based
    assert [p.key for p in after.sources()] == [p.key for p in before.sources()]
    assert [p.key for p in after.service_pods()] == ["a/api", "a/web", "a/db", "b/web", "b/fn"]
    assert pairs(after) == pairs(before)
    # chart 0.2.0 renders no monitoring policies: team a's own Prometheus loses what
    # `default-from-prometheus` gave it (a/web stays open to it: AllowAll admits team-a)
    assert pairs(before, platform=True) - pairs(after, platform=True) == {
        ("platform:prometheus-team-a", "a/api"), ("platform:prometheus-team-a", "a/db")
    }
    assert pairs(after, platform=True) <= pairs(before, platform=True)
    for pod in before.service_pods():
        assert outbound(after, pod.key) == outbound(before, pod.key), pod.key


def test_pods_from_shows_a_difference_when_there_is_one() -> None:
    lossy = converted()
    lossy.teams["a"].rules = lossy.teams["a"].rules[1:]  # the api rule is lost
    after = ReachIndex(lossy, pods_from=services_model())
    before = ReachIndex(services_model())
    assert ("b/web", "a/api") in pairs(before) - pairs(after)
    assert reach_changes(before, after) == ["- b/web -> a/api"]
