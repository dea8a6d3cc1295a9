"""`ztui render`: one YAML stream; a team or a service; refusals; reading only what is needed.

The expected manifests are written by hand from spec section 3 for the demo repo's values
(`ztui/demo/env`), not taken from the program.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.cli.conftest import Cli, assert_one_line_error, write_repo


def labels(team: str) -> dict[str, str]:
    """The chart's common labels (spec 3)."""
    return {
        "app": "team-ns",
        "app.kubernetes.io/name": "team-ns",
        "app.kubernetes.io/instance": f"team-ns-{team}",
        "app.kubernetes.io/managed-by": "Helm",
        "app.kubernetes.io/version": "0.1.0",
        "app.kubernetes.io/part-of": "otomi",
        "helm.sh/chart": "team-ns-0.1.0",
        "otomi.io/team": team,
    }


def meta(team: str, name: str) -> dict[str, Any]:
    return {"name": name, "namespace": f"team-{team}", "labels": labels(team)}


def peer(namespace: str, pod: dict[str, str] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"namespaceSelector": {"matchLabels": {"name": namespace}}}
    if pod is not None:
        out["podSelector"] = {"matchLabels": pod}
    return out


NP: dict[str, Any] = {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy"}
SE: dict[str, Any] = {"apiVersion": "networking.istio.io/v1alpha3", "kind": "ServiceEntry"}
SIDECAR: dict[str, Any] = {"apiVersion": "networking.istio.io/v1beta1", "kind": "Sidecar"}
HTTPS_443 = [{"number": 443, "name": "https-443", "protocol": "HTTPS"}]

#: payments/api (AllowOnly from web/checkout, web/frontend and all of payments; egress to
#: api.stripe.com and *.paypal.com): its own manifests, spec 3.1, 3.2 and 3.3.
API_OWN: list[dict[str, Any]] = [
    {**NP, "metadata": meta("payments", "api-ingress-allow-only"), "spec": {
        "podSelector": {"matchLabels": {"otomi.io/app": "api"}},
        "policyTypes": ["Ingress"],
        "ingress": [{"from": [
            peer("team-web", {"otomi.io/app": "checkout"}),
            peer("team-web", {"serving.knative.dev/service": "checkout"}),
            peer("team-web", {"otomi.io/app": "frontend"}),
            peer("team-web", {"serving.knative.dev/service": "frontend"}),
            peer("team-payments"),
        ]}],
    }},
    {**SE, "metadata": meta("payments", "payments-api-api-stripe-com"), "spec": {
        "hosts": ["api.stripe.com"], "ports": HTTPS_443, "exportTo": ["."],
        "location": "MESH_EXTERNAL", "resolution": "DNS",
    }},
    # a wildcard host: the name drops `*.`, and there is no `resolution` key
    {**SE, "metadata": meta("payments", "payments-api-paypal-com"), "spec": {
        "hosts": ["*.paypal.com"], "ports": HTTPS_443, "exportTo": ["."],
        "location": "MESH_EXTERNAL",
    }},
]

#: Some of team payments' defaults in full (ingressPrivate and egressPublic on, prometheus and
#: alertmanager on), and the names of all of them.
PAYMENTS_DEFAULTS_FULL: list[dict[str, Any]] = [
    {**NP, "metadata": meta("payments", "default-ingress-deny"),
     "spec": {"podSelector": {}, "policyTypes": ["Ingress"]}},
    {**NP, "metadata": meta("payments", "default-ingress-platform"), "spec": {
        "podSelector": {}, "policyTypes": ["Ingress"], "ingress": [
            {"from": [peer("istio-system")]},
            {"from": [{"namespaceSelector": {
                "matchLabels": {"kubernetes.io/metadata.name": "knative-serving"}}}]},
            {"from": [peer("monitoring", {"app.kubernetes.io/instance": "po-prometheus"})]},
            {"from": [peer("tekton-pipelines")]},
        ]}},
    {**SIDECAR, "metadata": meta("payments", "default"),
     "spec": {"outboundTrafficPolicy": {"mode": "REGISTRY_ONLY"}}},
    {**SIDECAR, "metadata": meta("payments", "team-prometheus"), "spec": {
        "outboundTrafficPolicy": {"mode": "ALLOW_ANY"},
        "workloadSelector": {"labels": {"otomi.io/app": "prometheus-team-payments"}}}},
]
PAYMENTS_DEFAULT_NAMES = {
    ("NetworkPolicy", n) for n in (
        "default-ingress-deny", "default-ingress-platform", "default-from-gitea",
        "default-to-alertmanager", "default-to-prometheus", "default-to-kube-state-metrics",
        "default-from-prometheus",
    )
} | {("Sidecar", "default"), ("Sidecar", "team-prometheus")}


def by_name(docs: list[Any]) -> dict[tuple[str, str], dict[str, Any]]:
    out = {(d["kind"], d["metadata"]["name"]): d for d in docs}
    assert len(out) == len(docs), "two manifests with one kind and name"
    return out


def stream(text: str) -> list[Any]:
    docs = list(yaml.safe_load_all(text))
    assert None not in docs, "an empty document in the stream"
    return docs


@pytest.fixture
def demo(demo_module: Path) -> Path:
    return demo_module


def test_service_payments_api(cli: Cli, demo: Path) -> None:
    result = cli("render", demo, "--service", "payments/api")
    assert result.code == 0 and result.err == ""
    docs = by_name(stream(result.out))
    own = by_name(API_OWN)
    for key, expected in own.items():
        assert docs[key] == expected, key
    for expected in PAYMENTS_DEFAULTS_FULL:
        name = (expected["kind"], expected["metadata"]["name"])
        assert docs[name] == expected, name
    # the team's defaults and the service's own manifests, nothing of other services
    assert set(docs) == set(own) | PAYMENTS_DEFAULT_NAMES
    # the same with --team
    same = cli("render", demo, "--team", "payments", "--service", "api")
    assert same.code == 0 and same.out == result.out


def test_service_pod_selectors(cli: Cli, demo: Path) -> None:
    """Spec 3.2: a Knative service's label, and a podSelector value other than the name."""
    fraud = by_name(stream(cli("render", demo, "--service", "payments/fraud-check").out))
    policy = fraud[("NetworkPolicy", "fraud-check-ingress-allow-only")]["spec"]
    assert policy["podSelector"] == {
        "matchLabels": {"serving.knative.dev/service": "fraud-check"}}
    assert policy["ingress"] == [{"from": [
        peer("team-payments", {"otomi.io/app": "api"}),
        peer("team-payments", {"serving.knative.dev/service": "api"}),
    ]}]
    ledger = by_name(stream(cli("render", demo, "--service", "payments/ledger").out))
    spec = ledger[("NetworkPolicy", "ledger-ingress-allow-only")]["spec"]
    assert spec["podSelector"] == {"matchLabels": {"otomi.io/app": "ledger-pg"}}


def test_ip_service_entries(cli: Cli, demo: Path) -> None:
    docs = by_name(stream(cli("render", demo, "--service", "payments/reconciler").out))
    # reconciler is DenyAll: no policy of its own
    assert not any(kind == "NetworkPolicy" and name.startswith("reconciler")
                   for kind, name in docs)
    # `2001:db8:85a3::8a2e:370:7334`: `::` then `:` become `-`
    v6 = "2001:db8:85a3::8a2e:370:7334"
    assert docs[("ServiceEntry", "payments-reconciler-2001-db8-85a3-8a2e-370-7334")] == {
        **SE, "metadata": meta("payments", "payments-reconciler-2001-db8-85a3-8a2e-370-7334"),
        "spec": {
            "hosts": ["2001-db8-85a3-8a2e-370-7334"], "addresses": [v6],
            "ports": [{"number": 22, "name": "tcp-22", "protocol": "TCP"}],
            "resolution": "STATIC", "location": "MESH_EXTERNAL",
            "endpoints": [{"address": v6}], "exportTo": ["."],
        },
    }
    entry = docs[("ServiceEntry", "payments-reconciler-settlement-bank-partner-example-net")]
    assert entry["spec"]["ports"] == [
        {"number": 443, "name": "https-443", "protocol": "HTTPS"},
        {"number": 80, "name": "http-80", "protocol": "HTTP"},
    ]


def test_whole_demo(cli: Cli, demo: Path) -> None:
    result = cli("render", demo)
    assert result.code == 0 and result.err == ""
    docs = stream(result.out)
    namespaces = {d["metadata"]["namespace"] for d in docs}
    # admin: no team network policies and no ServiceEntries (spec 3.1, 3.3)
    assert namespaces == {"team-payments", "team-web", "team-search", "team-legacy"}
    for d in docs:
        team = d["metadata"]["namespace"].removeprefix("team-")
        assert d["metadata"]["labels"] == labels(team)
    names = {(d["metadata"]["namespace"], d["kind"], d["metadata"]["name"]) for d in docs}
    # search has egressPublic false: no Sidecar, no ServiceEntry
    assert not {k for ns, k, _ in names if ns == "team-search"} - {"NetworkPolicy"}
    # legacy has ingressPrivate false: only default-ingress-allow-all among its policies
    legacy = [d for d in docs if d["metadata"]["namespace"] == "team-legacy"]
    policies = [d for d in legacy if d["kind"] == "NetworkPolicy"]
    assert policies == [{**NP, "metadata": meta("legacy", "default-ingress-allow-all"), "spec": {
        "podSelector": {"matchLabels": {}}, "ingress": [{"from": [{"namespaceSelector": {}}]}],
    }}]
    # web/frontend is AllowAll
    assert ("team-web", "NetworkPolicy", "frontend-ingress-from-all-teams") in names
    # the whole stream is the teams' streams one after the other
    per_team = [stream(cli("render", demo, "--team", t).out)
                for t in ("admin", "legacy", "payments", "search", "web")]
    assert sorted(map(repr, docs)) == sorted(repr(d) for team in per_team for d in team)


def test_admin_renders_nothing(cli: Cli, demo: Path) -> None:
    result = cli("render", demo, "--team", "admin")
    assert result.code == 0 and stream(result.out) == []


def test_unknown_team_or_service(cli: Cli, demo: Path) -> None:
    assert_one_line_error(cli("render", demo, "--team", "nope"), 1,
                          "no team 'nope'", "payments", "web")
    assert_one_line_error(cli("render", demo, "--service", "payments/nope"), 1,
                          "no service 'nope'", "ledger")
    assert_one_line_error(cli("render", demo, "--service", "nope/api"), 1, "no team 'nope'")
    assert_one_line_error(cli("render", demo, "--service", "api"), 2, "--team")
    assert_one_line_error(cli("render", demo, "--team", "web", "--service", "payments/api"), 2,
                          "--team")
    # an empty name is a name that does not exist, not "everything"
    assert_one_line_error(cli("render", demo, "--team", ""), 1, "no team ''")
    assert_one_line_error(cli("render", demo, "--service", ""), 2, "--team")
    assert_one_line_error(cli("render", demo, "--service", "payments/"), 1, "no service ''")
    assert_one_line_error(cli("render", demo, "--team", "payments", "--service", ""), 1,
                          "no service ''")
    assert_one_line_error(cli("render", demo, "--team", "../web"), 1, "no team '../web'")
    for args in (("--team", "nope"), ("--service", "payments/nope"), ("--service", "")):
        assert cli("render", demo, *args).out == ""


BROKEN_B = {"env/teams/services.b.yaml": "teamConfig:\n  b:\n    services:\n      - name: [\n"}


def test_errors_refuse_the_render(cli: Cli, tmp_path: Path) -> None:
    root = write_repo(tmp_path / "r", BROKEN_B, base=True)
    for args in ((), ("--team", "b")):
        result = cli("render", root, *args)
        assert result.code == 1
        assert result.out == ""
        err = result.err.splitlines()
        assert err[0].startswith("env/teams/services.b.yaml:5:1: error ZT001 ")
        assert err[-1].startswith("ztui: not rendered: 1 error")
        assert "Traceback" not in result.err


def test_value_errors_refuse_the_service_and_its_team(cli: Cli, tmp_path: Path) -> None:
    files = {"env/teams/services.b.yaml": """\
        teamConfig:
          b:
            services:
              - name: ok
              - name: bad
                networkPolicy:
                  egressPublic:
                    - domain: 'https://x.example.com'
                      ports: [{protocol: HTTPS, number: 443}]
        """}
    root = write_repo(tmp_path / "r", files, base=True)
    for args in (("--service", "b/bad"), ("--service", "b/ok"), ("--team", "b"), ()):
        result = cli("render", root, *args)
        assert (result.code, result.out) == (1, ""), args
        assert "env/teams/services.b.yaml:8:23: error ZT104" in result.err
    assert cli("render", root, "--team", "a").code == 0


def test_one_team_reads_only_what_it_needs(cli: Cli, tmp_path: Path) -> None:
    """A broken services file, an alias bomb, a link out and a badly named file of other
    teams do not stop `render --team a`, and their errors are not printed."""
    outside = tmp_path / "outside.yaml"
    outside.write_text("teamConfig: {}\n")
    bomb = ["teamConfig:", "  d:", "    x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol]"]
    bomb += [f"    x{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 8)}]" for i in range(1, 10)]
    root = write_repo(tmp_path / "r", {
        **BROKEN_B,
        "env/teams/services.d.yaml": "\n".join(bomb) + "\n",
        "env/teams/services.Bad_Team.yaml": "teamConfig:\n  Bad_Team: {}\n",
    }, base=True)
    (root / "env/teams/services.e.yaml").symlink_to(outside)
    assert cli("validate", root).code == 1
    result = cli("render", root, "--team", "a")
    assert result.code == 0, result.err
    assert result.err == ""
    docs = by_name(stream(result.out))
    assert ("NetworkPolicy", "s1-ingress-from-all-teams") in docs
    assert {d["metadata"]["namespace"] for d in docs.values()} == {"team-a"}
    assert cli("render", root, "--service", "c/t1").code == 0


ARTICLE = """\
    teamConfig:
      teams:
        a1:
          services:
            - name: database          # no ingress from anyone, no egress
            - name: c1
              networkPolicy:
                egressPublic:
                  - domain: httpbin.org
                    ports: [{protocol: HTTPS, number: 443}]
                  - domain: 116.203.255.68
                    ports: [{protocol: TCP, number: 443}]
            - name: db2               # ingress only from service c7 of team a1
              networkPolicy:
                ingressPrivate:
                  mode: allowOnly
                  allow:
                    - team: a1
                      service: c7
    """


def test_the_article_example_in_dialect_v1(cli: Cli, tmp_path: Path) -> None:
    """Spec section 4, rendered by hand from section 3."""
    root = write_repo(tmp_path / "r", {"env/teams.yaml": ARTICLE})
    check = cli("validate", root, "--format", "json").json()
    assert (check["layout"], check["dialect"]) == ("single", "v1")
    # c7 is not a service of a1: a warning, not an error
    assert [(f["code"], f["line"], f["column"]) for f in check["findings"]] == [
        ("ZT202", 19, 28)]
    result = cli("render", root)
    assert result.code == 0
    docs = by_name(stream(result.out))
    assert set(docs) == {
        ("NetworkPolicy", "default-ingress-deny"), ("NetworkPolicy", "default-ingress-platform"),
        ("NetworkPolicy", "default-from-gitea"), ("NetworkPolicy", "db2-ingress-allow-only"),
        ("Sidecar", "default"), ("ServiceEntry", "a1-c1-httpbin-org"),
        ("ServiceEntry", "a1-c1-116-203-255-68"),
    }
    assert docs[("NetworkPolicy", "db2-ingress-allow-only")]["spec"] == {
        "podSelector": {"matchLabels": {"otomi.io/app": "db2"}},
        "policyTypes": ["Ingress"],
        "ingress": [{"from": [
            peer("team-a1", {"otomi.io/app": "c7"}),
            peer("team-a1", {"serving.knative.dev/service": "c7"}),
        ]}],
    }
    assert docs[("ServiceEntry", "a1-c1-116-203-255-68")] == {
        **SE, "metadata": meta("a1", "a1-c1-116-203-255-68"), "spec": {
            "hosts": ["116-203-255-68"], "addresses": ["116.203.255.68"],
            "ports": [{"number": 443, "name": "tcp-443", "protocol": "TCP"}],
            "resolution": "STATIC", "location": "MESH_EXTERNAL",
            "endpoints": [{"address": "116.203.255.68"}], "exportTo": ["."],
        },
    }
    assert docs[("ServiceEntry", "a1-c1-httpbin-org")]["spec"] == {
        "hosts": ["httpbin.org"], "ports": HTTPS_443, "exportTo": ["."],
        "location": "MESH_EXTERNAL", "resolution": "DNS",
    }
