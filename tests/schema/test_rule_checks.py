"""Semantic checks of later-layout rules: each code where it must fire, silence where it must not.

Locations come from `rule_factory.rule`, which puts each field of an `AplTeamNetworkControl`
document on its own line: metadata.name on line 4 (column 5), ruleType.type on line 9 (column
7), the ingress or egress mapping on line 10, then mode 11, toLabelName 12, toLabelValue 13,
allow 14 (column 9), allow[0] 15 and its fromNamespace 16 (column 13); an egress domain on 11.
"""

from __future__ import annotations

from tests.schema.rule_factory import (
    NETPOLS,
    inbound,
    outbound,
    repo,
    rule,
    source,
    team,
)
from ztui.model import Finding, Location, RepoModel, Rule
from ztui.schema import check_repo, check_rule


def at(line: int, column: int, name: str = "api", team_id: str = "shop") -> Location:
    return Location(f"env/teams/{team_id}/netpols/{name}.yaml", line, column)


def found(model: RepoModel) -> list[tuple[str, str | None, str | None, Location | None]]:
    return [(f.code, f"{f.team}/{f.rule}", f.path, f.location) for f in check_repo(model)]


def one(model: RepoModel) -> Finding:
    findings = check_repo(model)
    assert len(findings) == 1, [f.message for f in findings]
    return findings[0]


def sensible() -> RepoModel:
    """A repo that uses every feature of rules the way it is meant."""
    return repo(
        team("admin"),
        team("shop",
             rule(inbound("api", source("team-shop", ("otomi.io/app", "web")),
                          source("team-data"), source("team-admin"),
                          source("istio-system"))),
             rule(inbound("web", mode="AllowAll", allow=False), name="web"),
             rule(outbound("api.stripe.com", (443, "HTTPS")), name="stripe"),
             rule(outbound("*.stripe.com"), name="stripe-all"),
             rule(outbound("2001:db8::10", (5432, "TCP")), name="pg")),
        team("data", rule(inbound("warehouse", source("team-shop")), name="warehouse",
                          team="data")),
        team("legacy", rule(inbound("old", mode="AllowAll", allow=False), team="legacy"),
             ingress_private=False, egress_public=False),
    )


def test_a_sensible_repo_has_no_findings() -> None:
    assert check_repo(sensible()) == []


# --- ZT109: one name, two rules ---------------------------------------------------------------


def test_a_duplicate_rule_name_is_reported_on_the_later_rule() -> None:
    first = rule(outbound("github.com"), layout=NETPOLS)
    later = rule(inbound("api", source("team-shop")), layout=NETPOLS, first_line=20)
    model = repo(team("shop", first, rule(outbound("x.com"), name="x", layout=NETPOLS), later),
                 layout=NETPOLS)
    f = one(model)
    assert (f.code, f.rule, f.path) == ("ZT109", "api", "name")
    assert f.location == Location("env/teams/netpols.shop.yaml", 22, 3)
    assert f.message == (
        'team "shop" already has a rule named "api" (at env/teams/netpols.shop.yaml:3:3): their '
        "manifests would share names, so rename or remove one")


def test_one_name_in_two_teams_is_fine() -> None:
    model = repo(team("shop", rule(outbound("a.com"))),
                 team("data", rule(outbound("b.com"), team="data")))
    assert check_repo(model) == []


# --- ingress: modes, sources, switches --------------------------------------------------------


def test_sources_under_allow_all_are_ignored() -> None:
    r = rule(inbound("web", source("team-a"), source("team-b"), mode="AllowAll"))
    f = one(repo(team("shop", r), team("a"), team("b")))
    assert (f.code, f.path, f.location) == ("ZT203", "spec.ruleType.ingress.allow", at(14, 9))
    assert f.message == ("mode AllowAll ignores these 2 sources: set mode AllowOnly to admit "
                         "only them, or remove them")


def test_allow_only_with_no_sources_admits_nobody() -> None:
    rules = [
        rule(inbound("db"), name="db"),  # allow: [] -> at allow (line 14)
        rule(inbound("db", allow=False), name="db2"),  # no allow -> at mode (line 11)
        rule(inbound("db", mode=None, allow=False), name="db3"),  # -> at ingress (line 10)
    ]
    assert found(repo(team("shop", *rules))) == [
        ("ZT207", "shop/db", "spec.ruleType.ingress.allow", at(14, 9, "db")),
        ("ZT207", "shop/db2", "spec.ruleType.ingress.mode", at(11, 9, "db2")),
        ("ZT207", "shop/db3", "spec.ruleType.ingress", at(10, 7, "db3")),
    ]
    f = check_repo(repo(team("shop", rules[0])))[0]
    assert f.message == ("mode AllowOnly with no sources admits nobody: the pods it protects "
                         "stay closed to every team. Add sources, or delete the rule if that is "
                         "meant")


def test_ingress_rules_where_ingress_is_not_filtered() -> None:
    off = team("legacy", rule(inbound("api", source("team-legacy")), team="legacy"),
               rule(inbound("db"), name="db", team="legacy"),
               rule(inbound("web", mode="AllowAll", allow=False), name="web", team="legacy"),
               ingress_private=False)
    assert found(repo(off)) == [
        ("ZT205", "legacy/api", "spec.ruleType.type", at(9, 7, "api", "legacy")),
        ("ZT205", "legacy/db", "spec.ruleType.type", at(9, 7, "db", "legacy")),
    ]
    assert check_repo(repo(off))[0].message == (
        'team "legacy" has ingressPrivate: false, so every namespace can reach the team\'s '
        "pods: this AllowOnly rule has no effect")


def test_rules_on_the_admin_team() -> None:
    admin = team("admin", rule(inbound("console", source("team-shop")), team="admin"),
                 rule(inbound("open", mode="AllowAll", allow=False), name="open", team="admin"),
                 rule(outbound("github.com"), name="gh", team="admin"))
    model = repo(admin, team("shop"))
    assert found(model) == [
        ("ZT209", "admin/api", "spec.ruleType.type", at(9, 7, "api", "admin")),
        ("ZT209", "admin/gh", "spec.ruleType.type", at(9, 7, "gh", "admin")),
    ]
    messages = [f.message for f in check_repo(model)]
    assert messages == [
        "Otomi renders no network policies for the admin team: this AllowOnly rule has no "
        "effect and every namespace can reach the pods it protects",
        "Otomi renders no ServiceEntries for the admin team: this egress rule has no effect and "
        "its pods may reach any host",
    ]


def test_a_source_namespace_of_no_team() -> None:
    r = rule(inbound("api", source("team-shopp"), source("team-ghost", ("app", "x"))))
    model = repo(team("shop", r))
    assert found(model) == [
        ("ZT211", "shop/api", "spec.ruleType.ingress.allow[0].fromNamespace", at(16, 13)),
        ("ZT211", "shop/api", "spec.ruleType.ingress.allow[1].fromNamespace", at(18, 13)),
    ]
    first, second = check_repo(model)
    assert first.message == (
        'allow[0] admits namespace "team-shopp", but this repo defines no team "shopp": it '
        'admits nothing until that team exists (did you mean "team-shop"?)')
    assert second.message.endswith('defines no team "ghost": it admits nothing until that team '
                                   "exists")


def test_namespaces_that_are_not_teams_and_invalid_values_stay_quiet() -> None:
    rules = [
        rule(inbound("a", source("istio-system"), source("monitoring"), source("team-admin"))),
        rule(inbound("b", source("Team-Ghost")), name="b"),  # ZT110 is the schema's
        rule(inbound("c", source("team-ghost"), mode="AllowAll"), name="c"),  # ZT203 says it
        rule(inbound("d", source("team-ghost"), mode="DenyAll"), name="d"),  # the schema's
    ]
    assert [code for code, *_ in found(repo(team("shop", *rules)))] == ["ZT203"]


# --- egress: switches, hosts, ServiceEntry names ----------------------------------------------


def test_egress_rules_where_egress_is_not_filtered() -> None:
    labs = team("labs", rule(outbound("github.com", (443, "HTTPS")), name="github", team="labs"),
                rule(inbound("api", source("team-labs")), team="labs"), egress_public=False)
    f = one(repo(labs))
    assert (f.code, f.rule, f.path) == ("ZT204", "github", "spec.ruleType.type")
    assert f.location == at(9, 7, "github", "labs")
    assert f.message == ('team "labs" has egressPublic: false, so this egress rule renders '
                         "nothing (and the team's pods may reach any host)")


def test_two_rules_to_one_host() -> None:
    rules = [rule(outbound("github.com", (443, "HTTPS")), name="gh"),
             rule(outbound("api.github.com"), name="api"),
             rule(outbound("github.com", (22, "TCP")), name="git"),
             rule(outbound("2001:db8::10"), name="v6"),
             rule(outbound("2001:0db8::10"), name="v6-long")]
    model = repo(team("shop", *rules))
    assert found(model) == [
        ("ZT206", "shop/git", "spec.ruleType.egress.domain", at(11, 9, "git")),
        ("ZT206", "shop/v6-long", "spec.ruleType.egress.domain", at(11, 9, "v6-long")),
    ]
    assert check_repo(model)[0].message == (
        'github.com is already the host of rule "gh" (at env/teams/shop/netpols/gh.yaml:11:9): '
        "both render a ServiceEntry for it; keep one rule per host and list all its ports there")


def test_service_entry_names_that_collide() -> None:
    rules = [rule(outbound("a-b.com"), name="x"), rule(outbound("b.com"), name="x-a"),
             rule(outbound("*.example.com"), name="y"), rule(outbound("example.com"), name="z")]
    f = one(repo(team("shop", *rules)))
    assert (f.code, f.rule, f.location) == ("ZT210", "x-a", at(11, 9, "x-a"))
    assert f.message == (
        'b.com of this rule and a-b.com of rule "x" both render the ServiceEntry '
        '"shop-x-a-b-com", and only one object of a name can exist: rename one of the rules')


def test_an_invalid_domain_is_left_to_the_schema() -> None:
    rules = [rule(outbound("github.com"), name="a"), rule(outbound("GitHub.com"), name="b"),
             rule(outbound("github.com:443"), name="c")]
    assert check_repo(repo(team("shop", *rules))) == []


# --- one rule, as the form and `ztui edit` check it -------------------------------------------


def _shop(*rules: Rule) -> RepoModel:
    return repo(team("shop", *rules), team("data"))


def test_check_rule_reports_what_check_repo_reports_for_it() -> None:
    rules = [rule(outbound("github.com"), name="gh"), rule(outbound("github.com"), name="git"),
             rule(inbound("db"), name="db")]
    model = _shop(*rules)
    for r in rules:
        assert check_rule(r, model) == [f for f in check_repo(model) if f.rule == r.name]


def test_a_new_rule_with_a_taken_name_is_refused() -> None:
    model = _shop(rule(outbound("github.com"), name="gh"))
    new = rule(outbound("api.github.com"), name="gh")
    new.file = None  # not written yet
    (f,) = check_rule(new, model)
    assert (f.code, f.rule) == ("ZT109", "gh")
    new = rule(outbound("github.com"), name="git")
    new.file = None
    (f,) = check_rule(new, model)
    assert f.code == "ZT206"


def test_a_draft_of_a_stored_rule_is_not_its_own_duplicate() -> None:
    stored = rule(outbound("github.com"), name="gh")
    model = _shop(stored, rule(outbound("x.com"), name="x"))
    draft = rule(outbound("api.github.com"), name="gh")  # the same file, a new object
    assert check_rule(draft, model) == []
    listed = rule(outbound("github.com"), name="gh", layout=NETPOLS)
    model = repo(team("shop", listed), layout=NETPOLS)
    draft = rule(outbound("github.com", (22, "TCP")), name="gh", layout=NETPOLS)
    assert draft.id == listed.id
    assert check_rule(draft, model) == []
    renamed = rule(outbound("x.com"), name="gh", layout=NETPOLS)
    renamed.id = "another"
    assert [f.code for f in check_rule(renamed, model)] == ["ZT109"]


