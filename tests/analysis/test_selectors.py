"""Kubernetes' reading of selectors and NetworkPolicies, on manifests the chart never renders.

The chart only renders `matchLabels`, but the analysis promises Kubernetes' semantics for any
NetworkPolicy (later layouts render others), so the corners are pinned down here by hand.
"""

from __future__ import annotations

from typing import Any

from ztui.analysis.egress import NamespaceEgress, Outbound, SidecarRule, compile_egress
from ztui.analysis.selectors import EVERYTHING, NOTHING, Peer, compile_policies, compile_selector


def test_empty_selectors_match_everything() -> None:
    empties: list[Any] = [None, {}, {"matchLabels": {}},
                          {"matchLabels": {}, "matchExpressions": []}]
    for value in empties:
        assert compile_selector(value) == EVERYTHING
        assert compile_selector(value).matches({})
        assert compile_selector(value).matches({"a": "b"})


def test_match_labels_must_all_match() -> None:
    selector = compile_selector({"matchLabels": {"a": "1", "b": "2"}})
    assert selector.matches({"a": "1", "b": "2", "c": "3"})
    assert not selector.matches({"a": "1"})
    assert not selector.matches({"a": "1", "b": "3"})


def test_match_expressions() -> None:
    def sel(op: str, values: list[str] | None = None) -> Any:
        term: dict[str, Any] = {"key": "tier", "operator": op}
        if values is not None:
            term["values"] = values
        return compile_selector({"matchExpressions": [term]})

    assert sel("In", ["web", "api"]).matches({"tier": "api"})
    assert not sel("In", ["web"]).matches({"tier": "api"})
    assert not sel("In", ["web"]).matches({})
    assert sel("NotIn", ["web"]).matches({"tier": "api"})
    assert sel("NotIn", ["web"]).matches({})
    assert sel("Exists").matches({"tier": ""})
    assert not sel("Exists").matches({})
    assert sel("DoesNotExist").matches({})
    assert sel("Bogus").matches({"tier": "x"}) is False


def test_malformed_selectors_match_nothing() -> None:
    for value in ("app=x", ["a"], {"matchLabels": ["a"]}, {"matchExpressions": "x"}):
        assert compile_selector(value) == NOTHING
        assert not compile_selector(value).matches({})


def _policy(name: str, spec: dict[str, Any], namespace: str = "team-a") -> dict[str, Any]:
    return {"kind": "NetworkPolicy", "metadata": {"name": name, "namespace": namespace},
            "spec": spec}


def test_policy_types_decide_whether_a_policy_takes_part_in_ingress() -> None:
    docs = [
        _policy("no-types", {"podSelector": {}}),
        _policy("ingress", {"podSelector": {}, "policyTypes": ["Ingress"]}),
        _policy("egress-only", {"podSelector": {}, "policyTypes": ["Egress"]}),
        _policy("both", {"podSelector": {}, "policyTypes": ["Egress", "Ingress"]}),
        {"kind": "Sidecar", "metadata": {"name": "default"}, "spec": {}},
    ]
    assert [p.name for p in compile_policies(docs)] == ["no-types", "ingress", "both"]


def test_a_later_policy_of_the_same_name_replaces_the_earlier() -> None:
    docs = [
        _policy("x", {"podSelector": {}, "ingress": [{}]}),
        _policy("y", {"podSelector": {}}),
        _policy("x", {"podSelector": {}, "policyTypes": ["Egress"]}),
    ]
    assert [p.name for p in compile_policies(docs)] == ["y"]


def test_rules_and_peers() -> None:
    [policy] = compile_policies([_policy("p", {
        "podSelector": {"matchLabels": {"app": "db"}},
        "ingress": [
            {"from": [{"podSelector": {"matchLabels": {"app": "api"}}},
                      {"namespaceSelector": {}},
                      {"ipBlock": {"cidr": "10.0.0.0/8"}}]},
            {"ports": [{"port": 5432}]},
            {"from": []},
        ],
    })])
    first, no_from, empty_from = policy.rules
    own_ns, every_ns, ip_block = first.peers or ()
    assert own_ns == Peer(None, compile_selector({"matchLabels": {"app": "api"}}), "team-a")
    assert every_ns == Peer(EVERYTHING, EVERYTHING)
    assert ip_block.ip_block
    assert no_from.peers is None and empty_from.peers is None  # both admit every source
    assert policy.describe_rules() == "admits every source"
    assert own_ns.describe() == "pods app=api in namespace team-a"
    assert every_ns.describe() == "pods in every namespace"


def test_a_policy_without_rules_admits_nobody() -> None:
    [policy] = compile_policies([_policy("deny", {"podSelector": {}, "policyTypes": ["Ingress"]})])
    assert policy.rules == () and policy.describe_rules() == "admits nobody"


def test_service_entries_are_visible_where_they_are_exported() -> None:
    def entry(name: str, export: Any, **spec: Any) -> dict[str, Any]:
        body = {"hosts": [f"{name}.example.com"], "ports": [{"number": 443, "protocol": "HTTPS"}]}
        if export is not None:
            body["exportTo"] = export
        return {"kind": "ServiceEntry", "metadata": {"name": name}, "spec": {**body, **spec}}

    docs = [entry("own", ["."]), entry("all", None), entry("none", ["~"]),
            entry("other", ["team-b", "."]), entry("noports", ["."], ports=[]),
            entry("ip", ["."], addresses=["10.0.0.1"])]
    got = compile_egress("team-a", docs, {"own": "a/x"})
    own = Outbound("own.example.com", 443, "HTTPS", "own", "a/x")
    assert got.exported["team-a"][0] == own
    assert [o.via for o in got.exported["team-a"]] == ["own", "other", "noports", "ip"]
    assert [o.via for o in got.exported["*"]] == ["all"]
    assert [o.via for o in got.exported["team-b"]] == ["other"]
    assert got.exported["team-a"][2].endpoint() == "noports.example.com:any"
    assert got.exported["team-a"][3].host == "10.0.0.1"  # the address, not the hosts name


def test_a_selected_sidecar_wins_over_the_namespace_default() -> None:
    docs = [
        {"kind": "Sidecar", "metadata": {"name": "default"},
         "spec": {"outboundTrafficPolicy": {"mode": "REGISTRY_ONLY"}}},
        {"kind": "Sidecar", "metadata": {"name": "open"},
         "spec": {"outboundTrafficPolicy": {"mode": "ALLOW_ANY"},
                  "workloadSelector": {"labels": {"app": "prom"}}}},
    ]
    got: NamespaceEgress = compile_egress("team-a", docs, {})
    chosen = got.sidecar_for({"app": "prom"})
    assert chosen == SidecarRule("open", "ALLOW_ANY", compile_selector(
        {"matchLabels": {"app": "prom"}}))
    assert got.sidecar_for({"app": "api"}) == SidecarRule("default", "REGISTRY_ONLY", None)
    assert NamespaceEgress("team-b").sidecar_for({}) is None
