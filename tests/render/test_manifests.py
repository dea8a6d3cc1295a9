"""`render_team` and friends: document order, independence of results, and odd values."""

from __future__ import annotations

from typing import Any, cast

from tests.render.helpers import load_pyyaml, names
from ztui.model import AllowEntry, EgressRule, Mode, Port, Service, Team
from ztui.render import render_service, render_team, render_teams, to_yaml
from ztui.render.ingress import pod_selector


def busy_team() -> Team:
    rule = EgressRule("httpbin.org", (Port(443, "HTTPS"),))
    return Team(
        "a1",
        alertmanager=True,
        prometheus=True,
        services=[
            Service("a1", "s1", mode=Mode.ALLOW_ALL, egress=(rule,)),
            Service("a1", "s2", mode=Mode.DENY_ALL, egress=(rule,)),
            Service("a1", "s3", mode=Mode.ALLOW_ONLY, allow=(AllowEntry("b1"),)),
        ],
    )


def test_document_order() -> None:
    assert names(render_team(busy_team())) == [
        ("NetworkPolicy", "default-ingress-deny"),
        ("NetworkPolicy", "default-ingress-platform"),
        ("NetworkPolicy", "default-from-gitea"),
        ("NetworkPolicy", "default-to-alertmanager"),
        ("NetworkPolicy", "default-to-prometheus"),
        ("NetworkPolicy", "default-to-kube-state-metrics"),
        ("NetworkPolicy", "default-from-prometheus"),
        ("NetworkPolicy", "s1-ingress-from-all-teams"),
        ("NetworkPolicy", "s3-ingress-allow-only"),
        ("Sidecar", "default"),
        ("Sidecar", "team-prometheus"),
        ("ServiceEntry", "a1-s1-httpbin-org"),
        ("ServiceEntry", "a1-s2-httpbin-org"),
    ]


def test_render_teams_keeps_team_order() -> None:
    second = Team("b1", egress_public=False)
    rendered = render_teams([busy_team(), second])
    assert [m["metadata"]["namespace"] for m in rendered][-3:] == ["team-b1"] * 3


def test_results_share_no_mutable_state() -> None:
    first, second = render_team(busy_team())[:2]
    first["metadata"]["labels"]["extra"] = "x"
    first["spec"]["policyTypes"].append("Egress")
    assert "extra" not in second["metadata"]["labels"]
    assert render_team(busy_team())[0]["spec"]["policyTypes"] == ["Ingress"]
    assert "extra" not in render_team(busy_team())[0]["metadata"]["labels"]


def test_ingress_filtering_off_hides_every_service_policy() -> None:
    team = busy_team()
    team.ingress_private = False
    kinds = [n for n in names(render_team(team)) if n[0] == "NetworkPolicy"]
    assert kinds == [("NetworkPolicy", "default-ingress-allow-all")]


def test_pod_selector_falls_back_to_the_name_when_empty() -> None:
    assert pod_selector(Service("a1", "c1", pod_selector="")) == {
        "matchLabels": {"otomi.io/app": "c1"}
    }


def test_allow_entry_with_empty_service_is_a_whole_team() -> None:
    service = Service("a1", "c1", mode=Mode.ALLOW_ONLY, allow=(AllowEntry("b1", ""),))
    policy = render_service(Team("a1"), service)[3]
    assert policy["spec"]["ingress"] == [
        {"from": [{"namespaceSelector": {"matchLabels": {"name": "team-b1"}}}]}
    ]


def test_mode_given_as_plain_text_still_renders() -> None:
    service = Service("a1", "c1", mode=cast(Mode, "AllowAll"))
    assert names(render_service(Team("a1"), service))[3] == (
        "NetworkPolicy",
        "c1-ingress-from-all-teams",
    )


def test_overlong_names_are_rendered_as_the_chart_would() -> None:
    # Validation's job to refuse; the renderer neither truncates nor fails.
    domain = ".".join(["a" * 63] * 3) + ".com"
    service = Service("a1", "c" * 63, egress=(EgressRule(domain, (Port(443, "TCP"),)),))
    entry = render_team(Team("a1", services=[service]))[-1]
    assert entry["metadata"]["name"] == f"a1-{'c' * 63}-{domain.replace('.', '-')}"
    assert len(entry["metadata"]["name"]) > 253


def test_odd_values_never_raise() -> None:
    odd: Any = None
    rules = (
        EgressRule(cast(str, odd), (Port(cast(int, "x"), cast(str, odd)),)),
        EgressRule("", ()),
        EgressRule("*", (Port(-1, "udp"),)),
        EgressRule("\x1b[31m::", (Port(0, "[red]"),)),
        EgressRule("ÄÖÜ.example", (Port(1, "HTTPS"),)),
    )
    service = Service(
        "a1",
        "c1",
        mode=cast(Mode, "Bogus"),
        allow=(AllowEntry(cast(str, odd), cast(str, 5)),),
        egress=rules,
        pod_selector=cast(str, 42),
        knative=cast(bool, "yes"),
    )
    others = [
        Service("a1", "c2", mode=Mode.ALLOW_ONLY, allow=(AllowEntry(cast(str, odd), odd),)),
        Service("a1", "c3", mode=Mode.ALLOW_ALL, pod_selector=cast(str, ["x"])),
    ]
    for team in (Team("a1", services=[service, *others]), Team("", services=[service])):
        manifests = render_team(team)
        assert load_pyyaml(to_yaml(manifests)) == manifests


def test_empty_egress_ports_give_an_empty_list() -> None:
    service = Service("a1", "c1", egress=(EgressRule("example.com", ()),))
    assert render_team(Team("a1", services=[service]))[-1]["spec"]["ports"] == []
