"""The fixture repos of the later layouts (tests/fixtures/files and netpols), built by hand.

Why: the render and analysis tests of spec 5 must not depend on the reader (its own tests check
that it reads these files into exactly this), and a model typed out here is one a reader of
the tests can hold next to the YAML files. Teams and rules are in the files' order.
"""

from __future__ import annotations

from ztui.model import (
    Dialect,
    EgressRule,
    Label,
    Layout,
    Mode,
    Port,
    RepoModel,
    Rule,
    RuleType,
    Source,
    Team,
)

APP = "otomi.io/app"
KNATIVE = "serving.knative.dev/service"
HTTPS_443 = Port(443, "HTTPS")


def ingress(team: str, name: str, target: Label | None, *sources: Source,
            mode: Mode = Mode.ALLOW_ONLY) -> Rule:
    """An ingress rule of `team`."""
    return Rule(team, name, RuleType.INGRESS, mode, target, tuple(sources))


def egress(team: str, name: str, domain: str, *ports: Port) -> Rule:
    """An egress rule of `team`."""
    return Rule(team, name, RuleType.EGRESS, egress=EgressRule(domain, tuple(ports)))


def rule_team(team_id: str, *rules: Rule, ingress_private: bool = True,
              egress_public: bool = True) -> Team:
    """A team of a later layout with `rules`."""
    return Team(team_id, ingress_private=ingress_private, egress_public=egress_public,
                rule_based=True, rules=list(rules))


def shop() -> Team:
    return rule_team(
        "shop",
        ingress("shop", "api", Label(APP, "api"),
                Source("team-shop", Label(APP, "web")), Source("team-data")),
        egress("shop", "cdn", "*.cdn.example.com", HTTPS_443, Port(80, "HTTP")),
        ingress("shop", "db", Label(APP, "db")),
        egress("shop", "resolver", "1.1.1.1"),
        egress("shop", "stripe", "api.stripe.com", HTTPS_443),
        ingress("shop", "web", Label(APP, "web"), mode=Mode.ALLOW_ALL),
    )


def data() -> Team:
    return rule_team(
        "data",
        egress("data", "s3", "s3.eu-west-1.amazonaws.com", HTTPS_443),
        ingress("data", "warehouse", Label(KNATIVE, "warehouse"),
                Source("team-shop", Label(APP, "api"))),
    )


def labs() -> Team:
    return rule_team("labs", egress("labs", "github", "github.com", HTTPS_443),
                     egress_public=False)


def admin() -> Team:
    return rule_team("admin")


def fixture_model(layout: Layout = Layout.FILES) -> RepoModel:
    """The fixture repo: teams admin, data, labs, shop."""
    model = RepoModel(root="mem", layout=layout, dialect=Dialect.V2)
    for team in (admin(), data(), labs(), shop()):
        model.teams[team.id] = team
    return model
