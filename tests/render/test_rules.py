"""Rendering of the later layouts (spec 5, chart team-ns 0.2.0) against YAML written by hand.

Each file under `golden/rules/` was written from spec 5 (names, labels, key sets, list order),
not produced by the renderer; its header comment says what team it renders. The teams of the
fixture repos are typed out in `tests.render.later`; the loader tests at the end read the
repos themselves, so the two later layouts are checked to render the same stream.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from tests.render.helpers import assert_round_trips, assert_same, names
from tests.render.later import (
    APP,
    HTTPS_443,
    admin,
    data,
    egress,
    ingress,
    labs,
    rule_team,
    shop,
)
from ztui.model import EgressRule, Label, Mode, Rule, RuleType, Service, Source, Team
from ztui.render import Manifest, render_rule, render_team, to_yaml

GOLDEN = Path(__file__).parent / "golden" / "rules"
FIXTURES = Path(__file__).parents[1] / "fixtures"


def _two_rules(team_id: str) -> Team:
    return rule_team(
        team_id,
        ingress(team_id, "web", Label(APP, "web"), mode=Mode.ALLOW_ALL),
        egress(team_id, "httpbin", "httpbin.org", HTTPS_443),
        ingress_private=False,
    )


CASES: dict[str, Callable[[], Team]] = {
    "admin": admin,
    "shop": shop,
    "data": data,
    "labs": labs,
    "ingress_private_false": lambda: _two_rules("a1"),
    "admin_ingress_private_false": lambda: _two_rules("admin"),
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


def test_chart_version_is_quoted_in_the_text() -> None:
    text = to_yaml(render_team(data()))
    assert 'app.kubernetes.io/version: "0.2.0"' in text
    assert "helm.sh/chart: team-ns-0.2.0" in text


def test_rule_order_does_not_change_the_stream() -> None:
    team = shop()
    backwards = rule_team("shop", *reversed(team.rules))
    assert render_team(backwards) == render_team(team)


def without(manifests: list[Manifest], *dropped: str) -> list[Manifest]:
    return [m for m in manifests if m["metadata"]["name"] not in dropped]


def test_render_rule_of_an_ingress_rule_is_defaults_sidecars_and_its_policy() -> None:
    team = shop()
    rule = team.rule("api")
    assert rule is not None
    expected = without(golden("shop"), "db-ingress-allow-only", "web-allow-ingress-all",
                       "shop-cdn-cdn-example-com", "shop-resolver-1-1-1-1",
                       "shop-stripe-api-stripe-com")
    assert_same(render_rule(team, rule), expected)


def test_render_rule_of_an_egress_rule_keeps_only_its_service_entry() -> None:
    team = shop()
    rule = team.rule("resolver")
    assert rule is not None
    expected = without(golden("shop"), "api-ingress-allow-only", "db-ingress-allow-only",
                       "web-allow-ingress-all", "shop-cdn-cdn-example-com",
                       "shop-stripe-api-stripe-com")
    assert_same(render_rule(team, rule), expected)


def test_render_rule_of_a_rule_that_renders_nothing_is_the_team_part() -> None:
    team = labs()
    assert_same(render_rule(team, team.rules[0]), golden("labs"))


def test_the_services_era_keeps_chart_0_1_0() -> None:
    team = Team("a1", services=[Service("a1", "api", mode=Mode.ALLOW_ALL)])
    labels = render_team(team)[0]["metadata"]["labels"]
    assert labels["app.kubernetes.io/version"] == "0.1.0"
    assert labels["helm.sh/chart"] == "team-ns-0.1.0"


def test_services_of_a_rule_based_team_are_not_rendered() -> None:
    team = rule_team("a1")
    team.services = [Service("a1", "api", mode=Mode.ALLOW_ALL)]
    assert "api-ingress-from-all-teams" not in [n for _, n in names(render_team(team))]


def test_no_monitoring_policies_even_with_managed_monitoring() -> None:
    team = data()
    team.alertmanager = team.prometheus = True
    assert_same(render_team(team), golden("data"))


ODD_RULES = [
    Rule("a1", "no-type"),
    Rule("a1", "no-target", RuleType.INGRESS),
    Rule("a1", "empty-label", RuleType.INGRESS, target=Label("", "x")),
    Rule("a1", "deny-mode", RuleType.INGRESS, Mode.DENY_ALL, Label(APP, "x")),
    Rule("a1", "no-host", RuleType.EGRESS),
    Rule("a1", "empty-host", RuleType.EGRESS, egress=EgressRule("", (HTTPS_443,))),
    # the typed fields disagree with the type: the type decides
    Rule("a1", "egress-with-target", RuleType.EGRESS, target=Label(APP, "x")),
    Rule("a1", "ingress-with-host", RuleType.INGRESS, egress=EgressRule("a.example", ())),
]


@pytest.mark.parametrize("rule", ODD_RULES, ids=[r.name for r in ODD_RULES])
def test_a_rule_without_a_usable_target_or_type_renders_nothing(rule: Rule) -> None:
    team = rule_team("a1", rule)
    assert render_rule(team, rule) == render_team(rule_team("a1"))


def test_source_with_an_empty_label_name_is_the_whole_namespace() -> None:
    rule = ingress("a1", "api", Label(APP, "api"), Source("team-b", Label("", "")))
    (policy,) = render_rule(rule_team("a1", rule, egress_public=False), rule)[3:]
    assert policy["spec"]["ingress"] == [
        {"from": [{"namespaceSelector": {"matchLabels": {"name": "team-b"}}}]}
    ]


def test_ipv6_rule_with_ports_is_a_static_entry() -> None:
    rule = egress("a1", "v6", "2001:db8::10", HTTPS_443)
    entry = render_rule(rule_team("a1", rule, ingress_private=False), rule)[-1]
    assert entry["metadata"]["name"] == "a1-v6-2001-db8-10"
    assert entry["spec"]["addresses"] == ["2001:db8::10"]
    assert entry["spec"]["ports"] == [{"number": 443, "name": "https-443", "protocol": "HTTPS"}]
    assert entry["spec"]["resolution"] == "STATIC"


# --- the fixture repos themselves ---------------------------------------------------------


def _loaded(layout: str) -> dict[str, Team]:
    from ztui.repo.loader import load_repo

    return load_repo(FIXTURES / layout).teams


@pytest.mark.parametrize("layout", ["files", "netpols"])
@pytest.mark.parametrize("team_id", ["admin", "data", "labs", "shop"])
def test_fixture_repo_renders_the_golden_team(layout: str, team_id: str) -> None:
    assert_same(render_team(_loaded(layout)[team_id]), golden(team_id))


def test_both_later_layouts_render_the_identical_stream() -> None:
    files, netpols = _loaded("files"), _loaded("netpols")
    assert sorted(files) == sorted(netpols)
    for team_id in sorted(files):
        assert to_yaml(render_team(files[team_id])) == to_yaml(render_team(netpols[team_id]))
