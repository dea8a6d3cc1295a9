"""`ztui reach`, `ztui explain` and the reachability section of `ztui diff`, on the demo repo.

Expectations are read off the demo's files by hand: payments/api admits web/checkout,
web/frontend and the whole payments team; legacy has ingress filtering off; search has egress
filtering off; admin has no policies.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.analysis.conftest import Cli
from ztui.repo.demo import write_demo

PAYMENTS = ["payments/api", "payments/ledger", "payments/reconciler", "payments/fraud-check"]


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return write_demo(tmp_path / "v")


def test_reach_json(cli: Cli, demo: Path) -> None:
    result = cli("reach", demo, "payments/api", "--format", "json")
    assert result.code == 0, result.err
    doc = json.loads(result.out)
    assert set(doc) == {"service", "inbound", "outbound"}
    assert doc["service"] == "payments/api"
    via = "api-ingress-allow-only"
    services = [e for e in doc["inbound"] if not e["from"].startswith("platform:")]
    assert services == [{"from": k, "via": via}
                        for k in [*PAYMENTS, "web/frontend", "web/checkout"]]
    assert {"from": "platform:istio-system", "via": "default-ingress-platform"} in doc["inbound"]
    assert {"from": "platform:prometheus-team-payments", "via": "default-from-prometheus"} in (
        doc["inbound"])
    assert doc["outbound"][0] == {"host": "api.stripe.com", "port": 443, "protocol": "HTTPS",
                                  "via": "payments-api-api-stripe-com", "rule_of": "payments/api"}
    # the reconciler's hosts are open to the api too: exportTo "."
    assert {"host": "198.51.100.23", "port": 22, "protocol": "TCP",
            "via": "payments-reconciler-198-51-100-23",
            "rule_of": "payments/reconciler"} in doc["outbound"]


def test_reach_text(cli: Cli, demo: Path) -> None:
    result = cli("reach", demo, "search/crawler")
    assert result.code == 0, result.err
    assert result.out.splitlines()[0] == (
        "search/crawler: pods otomi.io/app=crawler in namespace team-search")
    assert "inbound: 0 services and 4 platform components may reach it" in result.out
    assert "*  any host: no Sidecar in team-search (team search does not filter egress)" in (
        result.out)
    text = cli("reach", demo, "payments/ledger").out
    assert "every pod of team payments may reach each of these" in text
    assert "api.stripe.com:443/HTTPS" in text and "(rule of payments/api)" in text


def test_reach_of_admin_and_of_an_ingress_off_team(cli: Cli, demo: Path) -> None:
    admin = json.loads(cli("reach", demo, "admin/docs", "--format", "json").out)
    assert {e["via"] for e in admin["inbound"]} == {None}
    assert len([e for e in admin["inbound"] if "/" in e["from"]]) == 14
    assert admin["outbound"] == [{"host": "*", "port": None, "protocol": None, "via": None,
                                  "rule_of": None}]
    legacy = cli("reach", demo, "legacy/batch").out.splitlines()
    assert "inbound: 14 services and 6 platform components may reach it" in legacy
    assert [line.split() for line in legacy[3:5]] == [
        ["*", "via", "default-ingress-allow-all:", "pods", "in", "every", "namespace"],
        ["platform:istio-system", "via", "default-ingress-allow-all:", "pods", "in", "every",
         "namespace"],
    ]


def test_matrix_text_and_csv_and_json(cli: Cli, demo: Path) -> None:
    text = cli("reach", demo, "--matrix").out.splitlines()
    assert "payments/api <- payments/* web/frontend web/checkout [api-ingress-allow-only]" in text
    assert "web/frontend <- * [frontend-ingress-from-all-teams]" in text
    assert "payments/reconciler <- (nobody)" in text
    assert len(text) == 14
    rows = list(csv.reader(io.StringIO(cli("reach", demo, "--matrix", "--format", "csv").out)))
    assert rows[0] == ["source", "target", "via"]
    assert ["web/checkout", "payments/api", "api-ingress-allow-only"] in rows
    assert ["web/cms", "admin/docs", ""] in rows
    assert ["web/cms", "payments/api", "api-ingress-allow-only"] not in rows
    doc = json.loads(cli("reach", demo, "--matrix", "--format", "json").out)
    assert len(doc["pairs"]) == len(rows) - 1
    assert {"source": "payments/api", "target": "search/indexer", "via": None} not in doc["pairs"]


@pytest.mark.parametrize("args, code, words", [
    (("payments/nope",), 1, "team 'payments' has no service 'nope'"),
    (("nope/api",), 1, "no team 'nope'"),
    (("payments",), 2, "write TEAM/SERVICE"),
    (("payments/api", "--matrix"), 2, "not both"),
    ((), 2, "name a service"),
    (("payments/api", "--format", "csv"), 2, "--format csv is for --matrix"),
])
def test_reach_refusals(cli: Cli, demo: Path, args: tuple[str, ...], code: int,
                        words: str) -> None:
    result = cli("reach", demo, *args)
    assert result.code == code and result.out == ""
    assert result.err.startswith("ztui: ") and words in result.err


def test_reach_of_an_unusable_folder_exits_2(cli: Cli, tmp_path: Path) -> None:
    result = cli("reach", tmp_path, "a/b")
    assert result.code == 2 and "no Otomi values" in result.err


def test_explain(cli: Cli) -> None:
    result = cli("explain", "zt207")
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0] == "ZT207 (warning) AllowOnly with an empty allow list"
    assert lines[1] == "" and lines[2].startswith("Mode AllowOnly without allow entries")
    assert all(len(line) <= 80 for line in lines)
    assert cli("explain", "ZT301").out.startswith("ZT301 (info) AllowAll: every team may reach")


def test_explain_an_unknown_code(cli: Cli) -> None:
    result = cli("explain", "ZT999")
    assert result.code == 1 and result.out == ""
    assert "unknown code 'ZT999'" in result.err and "ZT001, ZT002" in result.err
    assert "ZT306" in result.err


def test_validate_of_the_demo_stays_quiet(cli: Cli, demo: Path) -> None:
    result = cli("validate", demo)
    assert result.code == 0 and result.out.splitlines()[-1] == "0 errors, 0 warnings"


def test_diff_has_a_reachability_section(cli: Cli, demo: Path) -> None:
    assert cli("diff", demo).out.endswith("# reachability: HEAD -> working tree\n(no change)\n")
    for args in (("payments/ledger", "--revoke-from", "payments/reconciler"),
                 ("search/indexer", "--allow-from", "payments/api"),
                 ("payments/api", "--egress-add", "api.adyen.com:443/HTTPS")):
        assert cli("edit", demo, *args).code == 0
    out = cli("diff", demo).out
    section = out[out.index("# reachability: HEAD -> working tree\n"):].splitlines()[1:]
    assert section == [  # sorted by source, then target
        "+ payments/api -> search/indexer",
        "- payments/reconciler -> payments/ledger",
        *(f"+ egress {k} -> api.adyen.com:443/HTTPS" for k in sorted(PAYMENTS)),
    ]


def test_reach_of_a_repo_with_a_broken_file_notes_it(cli: Cli, demo: Path) -> None:
    (demo / "env/teams/services.search.yaml").write_text("teamConfig: [\n", encoding="utf-8")
    result = cli("reach", demo, "payments/api", "--format", "json")
    assert result.code == 0
    assert result.err.startswith("ztui: note: ") and "1 reading error" in result.err
    sources = [e["from"] for e in json.loads(result.out)["inbound"]]
    assert "web/checkout" in sources and "search/query" not in sources
