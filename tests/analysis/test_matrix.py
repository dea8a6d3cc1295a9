"""The matrix: full pairs, and the folded text form, on the shop repo of test_reach."""

from __future__ import annotations

from tests.analysis.helpers import pairs as all_pairs
from tests.analysis.test_reach import SHOP
from ztui.analysis.index import ReachIndex
from ztui.analysis.matrix import compact_lines, fold, pairs


def test_pairs_are_every_service_pair_with_its_policy() -> None:
    index = ReachIndex(SHOP)
    got = list(pairs(index))
    assert {(s, t) for s, t, _ in got} == all_pairs(index)
    assert ("web/front", "pay/fn", "fn-ingress-allow-only") in got
    assert ("ops/job", "admin/backup", None) in got


def test_compact_lines_fold_teams_and_everyone() -> None:
    assert list(compact_lines(ReachIndex(SHOP))) == [
        "admin/backup <- * [no policy selects it]",
        "pay/api <- pay/* web/front [api-ingress-allow-only]",
        "pay/db <- pay/api [db-ingress-allow-only]",
        "pay/fn <- web/front [fn-ingress-allow-only]",
        "pay/vault <- (nobody)",
        "pay/open <- * [open-ingress-from-all-teams]",
        "web/front <- * [default-ingress-allow-all]",
        "web/cms <- * [default-ingress-allow-all]",
        "ops/job <- (nobody)",
        "ops/mon <- (nobody)",
    ]


def test_fold() -> None:
    teams = {"a": ["a/x", "a/y"], "b": ["b/z"], "c": ["c/u", "c/v"]}
    assert fold(["a/x", "a/y", "b/z", "c/u", "c/v"], teams) == ["*"]
    assert fold(["a/x", "a/y", "b/z", "c/u", "c/v", "platform:gitea"], teams) == [
        "*", "platform:gitea"]
    assert fold(["a/x", "a/y", "c/u"], teams) == ["a/*", "c/u"]
    assert fold(["b/z", "c/u", "c/v"], teams) == ["b/z", "c/*"]  # a team of one: its name
    assert fold(["a/x", "b/z", "c/u", "platform:gitea", "platform:prometheus"], teams) == [
        "a/x", "b/z", "c/u", "platform:gitea", "platform:prometheus"]
    assert fold([], teams) == []
