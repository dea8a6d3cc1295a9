"""The conversion of services-era models to rules, and its notes, checked against rules
written by hand from the issue's conversion rules (spec 3.2, 3.3 and 5)."""

from __future__ import annotations

from pathlib import Path

from tests.migrate.support import SHOP, model_of
from ztui.migrate.plan import convert, dns_label, shorten, unique_name
from ztui.model import EgressRule, Label, Mode, Port, Rule, RuleType, Source

APP = "otomi.io/app"
KSVC = "serving.knative.dev/service"


def _rules(tmp_path: Path, team: str) -> list[Rule]:
    conversion = convert(model_of(tmp_path, SHOP))
    return next(t.rules for t in conversion.teams if t.team.id == team)


def _summary(rule: Rule) -> tuple[object, ...]:
    return (rule.name, rule.type, rule.mode, rule.target, rule.sources, rule.egress)


def test_shop_rules_by_hand(tmp_path: Path) -> None:
    rules = _rules(tmp_path, "shop")
    assert [_summary(r) for r in rules] == [
        ("api", RuleType.INGRESS, Mode.ALLOW_ONLY, Label(APP, "api-v2"), (
            Source("team-shop", Label(APP, "web")),
            Source("team-shop", Label(APP, "jobs")),
            Source("team-shop", Label(KSVC, "jobs")),  # jobs is a Knative service
            Source("team-data"),
        ), None),
        ("api-egress", RuleType.EGRESS, Mode.ALLOW_ONLY, None, (),
         EgressRule("api.stripe.com", (Port(443, "HTTPS"),))),
        ("web", RuleType.INGRESS, Mode.ALLOW_ALL, Label(APP, "web"), (), None),
        # DenyAll: no ingress rule, but the egress stays
        ("worker-egress", RuleType.EGRESS, Mode.ALLOW_ONLY, None, (),
         EgressRule("*.Example.COM", (Port(80, "HTTP"), Port(443, "HTTPS")))),
        # an empty allow list stays an AllowOnly rule without sources (it denies all)
        ("jobs", RuleType.INGRESS, Mode.ALLOW_ONLY, Label(KSVC, "jobs"), (), None),
    ]
    assert {r.team for r in rules} == {"shop"}


def test_unknown_peer_keeps_both_labels(tmp_path: Path) -> None:
    (etl_in, etl_out) = _rules(tmp_path, "data")
    assert etl_in.sources == (
        Source("team-shop", Label(APP, "api")),  # api is known and not Knative
        Source("team-ghost", Label(APP, "thing")),
        Source("team-ghost", Label(KSVC, "thing")),  # team ghost is not in the repo
    )
    assert (etl_out.name, etl_out.egress) == (
        "etl-egress", EgressRule("10.0.0.1", (Port(5432, "TCP"),)))


def test_admin_gets_no_rules(tmp_path: Path) -> None:
    assert _rules(tmp_path, "admin") == []


def test_notes(tmp_path: Path) -> None:
    notes = [n.text for n in convert(model_of(tmp_path, SHOP)).notes]
    assert notes == [
        "admin/status: ingress AllowAll not carried over: Otomi renders no network policies "
        "for the admin team, so they never took effect",
        "team data: 1 egress rules carried over but they render nothing while its "
        "egressPublic is false",
    ]


def test_monitoring_ignored_allow_and_switch_notes(tmp_path: Path) -> None:
    files = {
        "env/teams.yaml": """\
            teamConfig:
              t:
                networkPolicy: {ingressPrivate: false}
                managedMonitoring: {prometheus: true, alertmanager: true}
                services:
                  - name: s
                    networkPolicy:
                      ingressPrivate:
                        mode: AllowAll
                        allow: [{team: t}]
            """,
    }
    conversion = convert(model_of(tmp_path, files))
    notes = conversion.notes
    assert len(notes) == 4
    assert notes[0].text.startswith("team t: managedMonitoring.prometheus policies are not "
                                    "rendered by chart 0.2.0")
    assert notes[0].explains("platform:prometheus-team-t", "t/s")
    assert not notes[0].explains("platform:prometheus-team-t", "u/s")
    assert not notes[0].explains("t/s", "t/s")
    assert notes[1].text.startswith("team t: managedMonitoring.alertmanager policy "
                                    "default-to-alertmanager is not rendered")
    assert notes[2].text == ("t/s: 1 allow entries not carried over: mode AllowAll ignores "
                             "them")
    assert notes[3].text == ("team t: 1 ingress rules carried over but they render nothing "
                             "while its ingressPrivate is false")
    (rule,) = conversion.teams[0].rules
    assert (rule.mode, rule.sources) == (Mode.ALLOW_ALL, ())


def test_invalid_keys_are_named(tmp_path: Path) -> None:
    files = {
        "env/teams.yaml": """\
            teamConfig:
              t:
                networkPolicy: {ingressPrivate: true, extra: 1}
                services:
                  - name: s
                    networkPolicy:
                      bogus: 1
                      ingressPrivate: {mode: AllowAll, weird: 2}
                      egressPublic:
                        - {domain: a.example.com, ports: [{protocol: TCP, number: 1}], x: 3}
            """,
    }
    texts = [n.text for n in convert(model_of(tmp_path, files)).notes]
    assert texts == [
        "team t: networkPolicy.extra is not a network policy key: not carried",
        "t/s: networkPolicy.bogus is not a network policy key: not carried",
        "t/s: networkPolicy.ingressPrivate.weird is not a network policy key: not carried",
        "t/s: networkPolicy.egressPublic[0].x is not a network policy key: not carried",
    ]


def test_names_never_collide(tmp_path: Path) -> None:
    files = {
        "env/teams.yaml": """\
            teamConfig:
              t:
                services:
                  - name: a
                    networkPolicy:
                      egressPublic:
                        - {domain: b.c, ports: [{protocol: TCP, number: 1}]}
                        - {domain: b.c, ports: [{protocol: TCP, number: 2}]}
                  - name: a-egress
                    networkPolicy:
                      ingressPrivate: {mode: AllowAll}
            """,
    }
    rules = convert(model_of(tmp_path, files)).teams[0].rules
    # rules in service order; ingress names are given out first, so the service a-egress
    # keeps its own name and a's two egress rules get numbered
    assert [(r.name, r.type) for r in rules] == [
        ("a-egress-2", RuleType.EGRESS), ("a-egress-3", RuleType.EGRESS),
        ("a-egress", RuleType.INGRESS),
    ]


def test_long_names_are_shortened_with_a_hash() -> None:
    long = "x" * 40 + "-" + "y" * 40
    import hashlib

    digest = hashlib.sha256(long.encode()).hexdigest()[:8]
    assert shorten(long) == "x" * 40 + "-" + "y" * 13 + "-" + digest
    assert len(shorten(long)) == 63
    assert shorten("short") == "short"
    assert dns_label("Svc-2001:DB8::1/x") == "svc-2001-db8-1-x"
    taken: set[str] = set()
    first = unique_name(long, taken)
    second = unique_name(long, taken)
    assert first != second and len(second) <= 63 and taken == {first, second}
