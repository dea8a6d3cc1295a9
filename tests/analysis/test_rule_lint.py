"""Lint of later-layout rules: ZT301/ZT302 notices and ZT303, where the chart renders the rule."""

from __future__ import annotations

import pytest

from tests.schema.rule_factory import inbound, outbound, repo, rule, source, team
from ztui.analysis.lint import lint_repo
from ztui.analysis.rule_lint import lint_rule
from ztui.model import Location, Severity


def test_notices_only_on_request() -> None:
    model = repo(team("shop", rule(inbound("web", mode="AllowAll", allow=False), name="web"),
                      rule(outbound("*.cdn.example.com"), name="cdn"),
                      rule(inbound("api", source("team-shop")))))
    assert lint_repo(model) == []
    found = lint_repo(model, notices=True)
    assert [(f.code, f.severity, f.rule, f.path, f.location) for f in found] == [
        ("ZT301", Severity.INFO, "web", "spec.ruleType.ingress.mode",
         Location("env/teams/shop/netpols/web.yaml", 11, 9)),
        ("ZT302", Severity.INFO, "cdn", "spec.ruleType.egress.domain",
         Location("env/teams/shop/netpols/cdn.yaml", 11, 9)),
    ]
    assert found[0].message == (
        "mode AllowAll admits every pod of every team namespace, teams created later included; "
        "name the sources with AllowOnly unless every team needs it")
    assert found[1].message == (
        "*.cdn.example.com trusts every subdomain of cdn.example.com, present and future, for "
        "every pod of team shop; list the exact hosts if you know them")


@pytest.mark.parametrize(("address", "kind", "network"), [
    ("10.1.2.3", "private", "10.0.0.0/8"), ("192.168.1.1", "private", "192.168.0.0/16"),
    ("127.0.0.1", "loopback", "127.0.0.0/8"), ("fd00::1", "private", "fc00::/7"),
    ("169.254.169.254", "link-local", "169.254.0.0/16"),
])
def test_egress_to_where_the_cluster_lives(address: str, kind: str, network: str) -> None:
    r = rule(outbound(address, (443, "TCP")), name="inside")
    (f,) = lint_repo(repo(team("shop", r)))
    assert (f.code, f.severity, f.team, f.rule) == ("ZT303", Severity.WARNING, "shop", "inside")
    assert f.location == Location("env/teams/shop/netpols/inside.yaml", 11, 9)
    assert f.message.startswith(f"{address}")
    assert f"is in {network} ({kind}), where the cluster itself lives: this rule opens it to " \
           "every pod of team shop" in f.message
    assert lint_rule(r, repo(team("shop", r))) == [f]


def test_public_addresses_and_invalid_ones_are_quiet() -> None:
    rules = [rule(outbound("1.1.1.1"), name="a"), rule(outbound("2001:db8::10"), name="b"),
             rule(outbound("10.0.0.0/8"), name="c")]  # the schema's ZT104
    assert lint_repo(repo(team("shop", *rules)), notices=True) == []


def test_only_where_the_chart_renders_the_rule() -> None:
    rules = [rule(outbound("10.1.2.3"), name="a"), rule(outbound("*.example.com"), name="b"),
             rule(inbound("web", mode="AllowAll", allow=False), name="c")]
    for off in (team("admin", *rules), team("shop", *rules, egress_public=False,
                                             ingress_private=False)):
        assert lint_repo(repo(off), notices=True) == []
    # with ingress filtered and egress not: the AllowAll notice only
    half = team("shop", *rules, egress_public=False)
    assert [f.code for f in lint_repo(repo(half), notices=True)] == ["ZT301"]
