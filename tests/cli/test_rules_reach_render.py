"""`ztui reach`, `ztui render --rule` and `ztui diff` on the later layouts (spec 5).

The repos are tests/fixtures/files and tests/fixtures/netpols (the same configuration in both
layouts). Expectations are reasoned by hand, as in tests/analysis/test_rules_reach.py: shop/api
admits shop/web and every workload of team data plus the platform, shop/db only the platform,
the warehouse (a Knative label) only shop/api; shop's pods may reach its three hosts only, and
labs's pods any host (its egress filtering is off, so its rule renders nothing).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from tests.cli.conftest import Cli, assert_one_line_error, git

FIXTURES = Path(__file__).parents[1] / "fixtures"
FILES = FIXTURES / "files"
WAREHOUSE = "data/serving.knative.dev/service=warehouse"


def matrix(lines: list[str]) -> set[tuple[str, frozenset[str]]]:
    """Each line as (target, its words): the order of teams is each layout's own."""
    return {(line.split(" <- ")[0], frozenset(line.split(" <- ")[1].split())) for line in lines}


@pytest.mark.parametrize("layout", ["files", "netpols"])
def test_matrix_is_the_same_in_both_layouts(cli: Cli, layout: str) -> None:
    result = cli("reach", FIXTURES / layout, "--matrix")
    assert result.code == 0, result.err
    assert matrix(result.lines) == matrix([
        f"{WAREHOUSE} <- shop/api [warehouse-ingress-allow-only]",
        f"shop/api <- {WAREHOUSE} shop/web [api-ingress-allow-only]",
        "shop/db <- (nobody)",
        "shop/web <- * [web-allow-ingress-all]",
    ])


def test_matrix_csv(cli: Cli) -> None:
    result = cli("reach", FILES, "--matrix", "--format", "csv")
    rows = set(result.lines[1:])
    assert result.lines[0] == "source,target,via"
    assert f"shop/api,{WAREHOUSE},warehouse-ingress-allow-only" in rows
    assert "shop/db,shop/api,api-ingress-allow-only" not in rows
    assert len(rows) == 1 + 2 + 4  # warehouse <- api; api <- web, warehouse; web <- all four


def test_reach_of_a_workload(cli: Cli) -> None:
    result = cli("reach", FILES, "shop/api")
    assert result.code == 0, result.err
    lines = result.lines
    assert lines[0] == "shop/api: pods otomi.io/app=api in namespace team-shop"
    assert lines[2] == "inbound: 2 workloads and 4 platform components may reach it"
    sources = [line.split()[0] for line in lines[3:9]]
    assert sources == [WAREHOUSE, "shop/web", "platform:istio-system",
                       "platform:knative-serving", "platform:prometheus",
                       "platform:tekton-pipelines"]
    out = result.out
    assert "via shop-stripe-api-stripe-com (rule shop/stripe)" in out
    assert "1.1.1.1:any" in out and "*.cdn.example.com:80/HTTP" in out


def test_reach_of_a_workload_with_no_sources(cli: Cli) -> None:
    lines = cli("reach", FILES, "shop/db").lines
    assert lines[2] == "inbound: 0 workloads and 4 platform components may reach it"


def test_an_inbound_rule_name_stands_for_its_workload(cli: Cli) -> None:
    result = cli("reach", FILES, "data/warehouse")
    assert result.code == 0, result.err
    assert result.lines[0] == (
        f"data/warehouse is an inbound rule: it protects workload {WAREHOUSE}"
    )
    assert result.lines[2] == (
        f"{WAREHOUSE}: pods serving.knative.dev/service=warehouse in namespace team-data"
    )
    assert cli("reach", FILES, WAREHOUSE).out in result.out


def test_reach_json_of_a_workload(cli: Cli) -> None:
    doc = cli("reach", FILES, WAREHOUSE, "--format", "json").json()
    assert doc["service"] == WAREHOUSE
    assert [e["from"] for e in doc["inbound"]] == [
        "shop/api", "platform:istio-system", "platform:knative-serving", "platform:prometheus",
        "platform:tekton-pipelines",
    ]
    assert [(e["host"], e["port"], e["rule_of"]) for e in doc["outbound"]] == [
        ("s3.eu-west-1.amazonaws.com", 443, "data/s3")
    ]


def test_an_outbound_rule_says_what_it_lets_out(cli: Cli) -> None:
    result = cli("reach", FILES, "shop/stripe")
    assert result.code == 0, result.err
    assert result.lines[0] == "shop/stripe: an outbound rule of team shop for api.stripe.com"
    assert "every pod of namespace team-shop" in result.lines[1]
    assert result.lines[2].split() == [
        "api.stripe.com:443/HTTPS", "via", "ServiceEntry", "shop-stripe-api-stripe-com"
    ]
    assert result.lines[3].strip() == "workloads of team-shop: shop/api, shop/db, shop/web"


def test_an_outbound_rule_of_a_team_without_egress_filtering(cli: Cli) -> None:
    result = cli("reach", FILES, "labs/github")
    assert result.code == 0, result.err
    assert result.lines[1] == (
        "it renders nothing: team labs does not filter egress (egressPublic: false); the pods "
        "of team-labs may reach any host anyway"
    )
    doc = cli("reach", FILES, "labs/github", "--format", "json").json()
    assert doc == {"rule": "labs/github", "namespace": "team-labs", "outbound": [],
                   "workloads": []}


def test_from_explains_with_workloads_and_rule_names(cli: Cli) -> None:
    admitted = cli("reach", FILES, "shop/api", "--from", "data/warehouse")
    assert admitted.out == (
        f"{WAREHOUSE} may reach shop/api: api-ingress-allow-only admits pods in namespaces "
        "name=team-data\n"
    )
    denied = cli("reach", FILES, "data/warehouse", "--from", "shop/web")
    assert denied.lines[2].startswith(f"shop/web cannot reach {WAREHOUSE}: ")
    assert "no policy admits shop/web" in denied.out


def test_unknown_names_are_one_line_errors(cli: Cli) -> None:
    assert_one_line_error(cli("reach", FILES, "shop/nope"), 1,
                          "team 'shop' has no workload or rule 'nope'",
                          "workloads: api, db, web", "rules: api, cdn, db, resolver, stripe, web")
    assert_one_line_error(cli("reach", FILES, "nope/api"), 1, "no team 'nope'")
    assert_one_line_error(cli("reach", FILES, "shop/api", "--from", "shop/nope"), 1,
                          "no source 'shop/nope'", "TEAM/WORKLOAD")
    assert_one_line_error(cli("reach", FILES, "shop/api", "--from", "shop/stripe"), 1,
                          "outbound rule, not a source")
    assert_one_line_error(cli("reach", FILES, "shop/stripe", "--from", "shop/web"), 1,
                          "shop/stripe is an outbound rule")


# --- render --rule ---------------------------------------------------------------------------


def names(text: str) -> list[str]:
    return [doc["metadata"]["name"] for doc in yaml.safe_load_all(text)]


DEFAULTS = ["default-ingress-deny", "default-ingress-platform", "default-from-gitea"]
SIDECARS = ["default", "team-grafana", "team-alertmanager", "tekton-dashboard-sidecar"]


@pytest.mark.parametrize("layout", ["files", "netpols"])
def test_render_one_rule(cli: Cli, layout: str) -> None:
    result = cli("render", FIXTURES / layout, "--rule", "shop/api")
    assert result.code == 0, result.err
    assert names(result.out) == [*DEFAULTS, "api-ingress-allow-only", *SIDECARS]
    egress = cli("render", FIXTURES / layout, "--team", "data", "--rule", "s3")
    assert names(egress.out) == [*DEFAULTS, *SIDECARS, "data-s3-s3-eu-west-1-amazonaws-com"]


def test_render_the_whole_repo_is_the_same_in_both_layouts(cli: Cli) -> None:
    files = cli("render", FILES).out
    netpols = cli("render", FIXTURES / "netpols").out
    assert len(names(files)) == 25  # shop 3 + 3 + 4 + 3, data 3 + 1 + 4 + 1, labs 3
    by_team = sorted(files.split("---\n")), sorted(netpols.split("---\n"))
    assert by_team[0] == by_team[1]


def test_render_rule_errors(cli: Cli, demo_module: Path) -> None:
    assert_one_line_error(cli("render", FILES, "--rule", "api"), 2, "--rule needs its team")
    assert_one_line_error(cli("render", FILES, "--rule", "shop/nope"), 1,
                          "team 'shop' has no rule 'nope'", "rules: api, cdn")
    assert_one_line_error(cli("render", FILES, "--team", "shop", "--service", "api"), 2,
                          "keeps named rules", "--rule")
    assert_one_line_error(cli("render", FILES, "--service", "shop/api", "--rule", "shop/api"),
                          2, "not both")
    assert_one_line_error(cli("render", demo_module, "--rule", "payments/api"), 2,
                          "--rule is for the later layouts", "--service")


# --- diff --------------------------------------------------------------------------------------


def test_diff_shows_the_reach_changes_of_a_rule_edit(cli: Cli, tmp_path: Path) -> None:
    root = tmp_path / "v"
    shutil.copytree(FILES, root)
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "start")
    rule = root / "env/teams/shop/netpols/db.yaml"
    rule.write_text(rule.read_text().replace(
        "allow: []", "allow:\n        - fromNamespace: team-shop\n"
        "          fromLabelName: otomi.io/app\n          fromLabelValue: api\n"))
    result = cli("diff", root)
    assert result.code == 0, result.err
    reach = result.out.split("# reachability: HEAD -> working tree\n")[1]
    assert reach == "+ shop/api -> shop/db\n"


def test_a_rule_without_a_target_is_a_one_line_error(cli: Cli, tmp_path: Path) -> None:
    root = tmp_path / "v"
    shutil.copytree(FILES, root)
    rule = root / "env/teams/shop/netpols/db.yaml"
    rule.write_text(rule.read_text().replace("      toLabelName: otomi.io/app\n", ""))
    assert_one_line_error(cli("reach", root, "shop/db"), 1,
                          "rule shop/db has no valid target label")
    assert "shop/db <-" not in cli("reach", root, "--matrix").out
