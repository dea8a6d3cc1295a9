"""Why a pair is denied (or allowed), checked on the shop repo of test_reach."""

from __future__ import annotations

import pytest

from tests.analysis.test_reach import SHOP
from ztui.analysis.explain import explain, explain_denied
from ztui.analysis.index import ReachIndex


@pytest.fixture(scope="module")
def index() -> ReachIndex:
    return ReachIndex(SHOP)


def test_denied_names_the_selecting_policies_the_labels_and_what_each_admits(
    index: ReachIndex,
) -> None:
    text = explain_denied(index, "web/cms", "pay/api")
    assert text.startswith(
        "web/cms cannot reach pay/api: default-ingress-deny, default-ingress-platform, "
        "default-from-prometheus, api-ingress-allow-only select its pods (otomi.io/app=api in "
        "namespace team-pay) and no policy admits web/cms (pods otomi.io/app=cms in namespace "
        "team-web)."
    )
    assert "default-ingress-deny admits nobody." in text
    assert ("api-ingress-allow-only admits only: pods otomi.io/app=front in namespaces "
            "name=team-web;") in text


def test_denied_by_a_podselector_override_shows_both_labels(index: ReachIndex) -> None:
    text = explain_denied(index, "pay/db", "ops/mon")
    assert "no policy admits pay/db (pods otomi.io/app=db-pg in namespace team-pay)" in text
    assert "mon-ingress-allow-only admits only: pods otomi.io/app=db in namespaces" in text


def test_an_empty_allow_list_admits_nobody(index: ReachIndex) -> None:
    text = explain_denied(index, "pay/api", "pay/vault")
    assert "vault-ingress-allow-only admits nobody." in text


def test_allowed_pairs_say_through_what(index: ReachIndex) -> None:
    assert explain_denied(index, "web/front", "pay/fn") == explain(index, "web/front", "pay/fn")
    assert explain(index, "web/front", "pay/fn") == (
        "web/front may reach pay/fn: fn-ingress-allow-only admits pods otomi.io/app=front in "
        "namespaces name=team-web")
    assert explain(index, "platform:gitea", "admin/backup") == (
        "platform:gitea may reach admin/backup: no ingress policy selects its pods, so they "
        "accept every source")


def test_a_model_works_as_well_as_an_index() -> None:
    assert explain_denied(SHOP, "ops/job", "pay/db").startswith("ops/job cannot reach pay/db:")


def test_unknown_names_raise_key_error(index: ReachIndex) -> None:
    with pytest.raises(KeyError):
        explain_denied(index, "pay/nope", "pay/api")
    with pytest.raises(KeyError):
        explain(index, "pay/api", "platform:gitea")
