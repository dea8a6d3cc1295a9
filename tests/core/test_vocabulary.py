"""Completion candidates for the rule forms, gathered from a repo model built here by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from ztui.model import Dialect, Label, Layout, RepoModel, Rule, RuleType, Source, Team
from ztui.repo.loader import load_repo
from ztui.vocabulary import Vocabulary, vocabulary

FIXTURES = Path(__file__).parent.parent / "fixtures"

PLATFORM = ("istio-system", "knative-serving", "monitoring", "tekton-pipelines", "gitea")


def model(*teams: Team) -> RepoModel:
    return RepoModel("/repo", Layout.FILES, Dialect.V2, teams={t.id: t for t in teams})


def test_an_empty_repo_still_offers_the_platform_and_the_common_labels() -> None:
    words = vocabulary(model())
    assert words.namespaces == PLATFORM
    assert words.label_names == ("otomi.io/app", "serving.knative.dev/service")
    assert words.values("otomi.io/app") == ()


def test_team_namespaces_come_first_sorted_then_the_platform() -> None:
    words = vocabulary(model(Team("shop"), Team("admin"), Team("labs")))
    assert words.namespaces == ("team-admin", "team-labs", "team-shop", *PLATFORM)


def test_labels_and_values_come_from_targets_and_sources_of_every_team() -> None:
    api = Rule("shop", "api", RuleType.INGRESS, target=Label("otomi.io/app", "api"), sources=(
        Source("team-shop", Label("otomi.io/app", "web")),
        Source("team-data"),
        Source("team-labs", Label("app.kubernetes.io/name", "notebook")),
    ))
    web = Rule("shop", "web", RuleType.INGRESS, target=Label("otomi.io/app", "web"))
    warehouse = Rule("data", "warehouse", RuleType.INGRESS,
                     target=Label("serving.knative.dev/service", "warehouse"),
                     sources=(Source("team-shop", Label("otomi.io/app", "api")),))
    stripe = Rule("shop", "stripe", RuleType.EGRESS)
    words = vocabulary(model(Team("shop", rules=[api, web, stripe]),
                             Team("data", rules=[warehouse])))
    assert words.label_names == (
        "app.kubernetes.io/name", "otomi.io/app", "serving.knative.dev/service",
    )
    assert words.values("otomi.io/app") == ("api", "web"), "sorted, each once"
    assert words.values("serving.knative.dev/service") == ("warehouse",)
    assert words.values("app.kubernetes.io/name") == ("notebook",)
    assert words.values("apl.io/teamId") == ()


def test_values_that_are_not_words_are_left_out() -> None:
    odd = Rule("shop", "odd", RuleType.INGRESS, target=Label("tier", 5),  # type: ignore[arg-type]
               sources=(Source("team-shop", Label("tier", "")),
                        Source("team-shop", Label("", "x"))))
    words = vocabulary(model(Team("shop", rules=[odd])))
    assert words.label_names == ("otomi.io/app", "serving.knative.dev/service", "tier")
    assert words.values("tier") == ()
    assert words.values("") == ()


def test_the_default_vocabulary_offers_only_the_common_labels() -> None:
    assert Vocabulary().namespaces == ()
    assert Vocabulary().label_names == ("otomi.io/app", "serving.knative.dev/service")


@pytest.mark.parametrize("layout", ["files", "netpols"])
def test_the_fixture_repos_give_the_same_words(layout: str) -> None:
    words = vocabulary(load_repo(FIXTURES / layout))
    assert words.namespaces == ("team-admin", "team-data", "team-labs", "team-shop", *PLATFORM)
    assert words.label_names == ("otomi.io/app", "serving.knative.dev/service")
    assert words.label_values == {
        "otomi.io/app": ("api", "db", "web"),  # targets api, db, web; sources web and api
        "serving.knative.dev/service": ("warehouse",),
    }
