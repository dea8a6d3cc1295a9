"""Lint ZT301-ZT306: each fires where the rule renders, says where, and stays quiet elsewhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.analysis.helpers import repo, svc, team
from tests.analysis.test_reach import SHOP
from ztui.analysis.lint import lint_repo, lint_service
from ztui.codes import CODES
from ztui.model import Dialect, Finding, RepoModel, Severity
from ztui.repo.demo import demo_source
from ztui.repo.loader import load_repo


def codes(found: list[Finding]) -> list[tuple[str, str | None, str | None]]:
    return [(f.code, f"{f.team}/{f.service}", f.path) for f in found]


def test_the_new_codes_are_registered_with_their_severity() -> None:
    severities = {code: CODES[code].severity for code in
                  ("ZT301", "ZT302", "ZT303", "ZT304", "ZT305", "ZT306")}
    assert severities == {"ZT301": Severity.INFO, "ZT302": Severity.INFO,
                          "ZT303": Severity.WARNING, "ZT304": Severity.WARNING,
                          "ZT305": Severity.WARNING, "ZT306": Severity.WARNING}
    assert all(len(CODES[c].explanation) > 200 for c in severities)


def test_the_shop_repo() -> None:
    assert codes(lint_repo(SHOP, notices=True)) == [
        ("ZT303", "pay/db", "networkPolicy.egressPublic[0].domain"),
        ("ZT301", "pay/open", "networkPolicy.ingressPrivate.mode"),
        ("ZT302", "ops/job", "networkPolicy.egressPublic[0].domain"),
        ("ZT305", "ops/mon", "networkPolicy.ingressPrivate.allow[0].service"),
    ]
    # without notices: the warnings only
    assert [f.code for f in lint_repo(SHOP)] == ["ZT303", "ZT305"]


def test_messages_say_what_and_why() -> None:
    by_code = {f.code: f.message for f in lint_repo(SHOP, notices=True)}
    assert by_code["ZT303"].startswith("10.1.2.3 is in 10.0.0.0/8 (private)")
    assert "every pod of team pay" in by_code["ZT303"]
    assert "pay/db" in by_code["ZT305"] and "otomi.io/app=db-pg" in by_code["ZT305"]
    assert "*.example.com trusts every subdomain of example.com" in by_code["ZT302"]


@pytest.mark.parametrize("address, kind", [
    ("10.0.0.1", "private"), ("172.16.5.4", "private"), ("172.31.255.255", "private"),
    ("192.168.1.1", "private"), ("127.0.0.1", "loopback"), ("169.254.169.254", "link-local"),
    ("fd00::1", "private"), ("::1", "loopback"), ("fe80::1", "link-local"),
])
def test_internal_ranges(address: str, kind: str) -> None:
    model = repo({"a": team(svc("x", egress=[(address, 443, "TCP")]))})
    [found] = lint_repo(model)
    assert found.code == "ZT303" and f"({kind})" in found.message


@pytest.mark.parametrize("address", [
    "172.32.0.1", "11.0.0.1", "192.0.2.10", "198.51.100.23", "203.0.113.40", "2001:db8::1",
    "8.8.8.8", "fec0::1",
])
def test_public_and_documentation_addresses_are_fine(address: str) -> None:
    assert lint_repo(repo({"a": team(svc("x", egress=[(address, 443, "TCP")]))})) == []


def test_nothing_where_the_rule_does_not_render() -> None:
    off = repo({
        "a": team(svc("x", "AllowAll", egress=[("*.example.com", 443, "HTTPS"),
                                               ("10.0.0.1", 443, "TCP")]),
                  ingress=False, egress=False),
        "admin": team(svc("y", "AllowAll", egress=[("10.0.0.1", 443, "TCP")])),
    })
    assert lint_repo(off, notices=True) == []


def test_a_mode_in_the_other_dialect_is_left_to_the_schema() -> None:
    model = repo({"a": team(svc("x", "allowAll"))})  # v1 spelling in a v2 repo: ZT103
    assert lint_repo(model, notices=True) == []
    v1 = repo({"a": team(svc("x", "allowAll"))}, dialect=Dialect.V1)
    assert [f.code for f in lint_repo(v1, notices=True)] == ["ZT301"]


def test_two_services_with_one_label_and_different_rules() -> None:
    model = repo({"a": team(
        svc("web", "AllowAll"),
        svc("web-admin", "AllowOnly", [{"team": "a"}], selector="web"),
        svc("same", "AllowOnly", [{"team": "a"}], selector="web-admin-pods"),
        svc("same-2", "AllowOnly", [{"team": "a"}], selector="web-admin-pods"),
        svc("fn", knative=True, mode="AllowAll"),
        svc("plain", "DenyAll", selector="fn"),  # another key: other pods
    )})
    found = [f for f in lint_repo(model) if f.code == "ZT304"]
    assert codes(found) == [("ZT304", "a/web-admin", "networkPolicy.podSelector")]
    assert "a/web-admin and a/web both carry otomi.io/app=web" in found[0].message


def test_an_allow_entry_that_also_admits_another_service() -> None:
    model = repo({
        "a": team(svc("api"), svc("api-v2", knative=True, selector="api")),
        "b": team(svc("x", "AllowOnly", [{"team": "a", "service": "api"}])),
    })
    [found] = lint_repo(model)
    assert (found.code, found.service) == ("ZT306", "x")
    assert "a/api-v2 (serving.knative.dev/service=api)" in found.message


def test_lint_service_reports_what_lint_repo_reports_for_it() -> None:
    model = repo({"a": team(
        svc("web", "AllowAll"), svc("other", "DenyAll", selector="web"),
        svc("x", "AllowOnly", [{"team": "a", "service": "other"}],
            [("10.0.0.1", 443, "TCP"), ("*.e.com", 443, "TCP")]),
    )})
    every = lint_repo(model, notices=True)
    for service in model.teams["a"].services:
        mine = [f for f in every if f.service == service.name]
        assert lint_service(service, model, notices=True) == mine
    assert {f.code for f in every} == {"ZT301", "ZT302", "ZT303", "ZT304", "ZT305"}


def test_a_new_service_is_linted_as_its_team_s_last() -> None:
    model = repo({"a": team(svc("web", "AllowAll"))})
    new = repo({"a": team(svc("copy", "DenyAll", selector="web"))}).teams["a"].services[0]
    assert [f.code for f in lint_service(new, model)] == ["ZT304"]


def _demo() -> RepoModel:
    return load_repo(Path(demo_source()))


def test_the_demo_repo_has_no_lint_warnings_and_three_notices() -> None:
    model = _demo()
    assert lint_repo(model) == []
    assert codes(lint_repo(model, notices=True)) == [
        ("ZT302", "payments/api", "networkPolicy.egressPublic[1].domain"),
        ("ZT301", "web/frontend", "networkPolicy.ingressPrivate.mode"),
        ("ZT302", "web/frontend", "networkPolicy.egressPublic[0].domain"),
    ]
