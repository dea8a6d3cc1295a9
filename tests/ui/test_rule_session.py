"""The rule half of the edit state, without a screen: drafts, deletions, undo, what is saved."""

from __future__ import annotations

from pathlib import Path

from ztui.model import Label, Mode
from ztui.repo.loader import load_repo
from ztui.repo.store import RuleEdit
from ztui.rule_edits import new_egress, set_domain, set_target
from ztui.ui.session import Session
from ztui.ui.tasks import validate_repo

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _session(layout: str = "files") -> Session:
    return Session(load_repo(FIXTURES / layout))


def test_typing_a_target_is_one_undo_step_and_rechecks_the_rule() -> None:
    session = _session()
    raw = session.rule_raw("shop", "api")
    base = ("spec",)
    for value in ("c", "ch", "checkout"):
        session.edit_rule("shop", "api", set_target(raw, base, Label("otomi.io/app", value)),
                          "spec.ruleType.ingress.toLabelValue")
    rule = session.rule("shop", "api")
    assert rule is not None and rule.target == Label("otomi.io/app", "checkout")
    assert session.unsaved == 1 and session.unsaved_teams() == {"shop"}
    (edit,) = session.pending()
    assert isinstance(edit, RuleEdit) and not edit.create and not edit.delete
    assert session.step_rule("shop", "api", forward=False)
    assert session.rule_raw("shop", "api") == raw and session.unsaved == 0
    assert not session.step_rule("shop", "api", forward=False)


def test_an_invalid_host_blocks_saving_and_names_the_rule() -> None:
    session = _session()
    raw = session.rule_raw("shop", "stripe")
    session.edit_rule("shop", "stripe", set_domain(raw, ("spec",), "https://api.stripe.com"),
                      "spec.ruleType.egress.domain")
    errors, _ = session.rule_counts("shop", "stripe")
    assert errors >= 1
    (line,) = session.blocking()
    assert line.startswith("shop/stripe has ")
    assert session.team_counts("shop")[0] == errors


def test_a_deleted_rule_is_listed_until_saved_and_undo_restores_it() -> None:
    session = _session("netpols")
    assert session.rule_names("shop")[:2] == ["api", "web"]
    session.delete_rule("shop", "web")
    assert "web" in session.rule_names("shop")
    assert session.is_rule_deleted("shop", "web")
    assert [r.name for r in session.team_view("shop").rules] == [  # type: ignore[union-attr]
        "api", "db", "stripe", "cdn", "resolver"
    ]
    assert session.rule_findings_of("shop", "web") == []
    assert session.pending() == [RuleEdit("shop", "web", session.rule_raw("shop", "web"),
                                          delete=True)]
    assert session.step_rule("shop", "web", forward=False)
    assert not session.is_rule_deleted("shop", "web") and session.pending() == []
    assert session.step_rule("shop", "web", forward=True)
    assert session.is_rule_deleted("shop", "web")


def test_new_rules_are_checked_as_names_and_a_new_deleted_rule_writes_nothing() -> None:
    session = _session()
    assert session.rule_name_problem("shop", "stripe") == "team shop already has a rule stripe"
    assert "DNS label" in str(session.rule_name_problem("shop", "Bad_Name"))
    assert session.rule_name_problem("shop", "pypi") is None
    raw = new_egress(session.model.layout, "shop", "pypi", "pypi.org")
    rule = session.add_rule("shop", "pypi", raw)
    assert rule.file == "env/teams/shop/netpols/pypi.yaml" and rule.base == ("spec",)
    assert session.rule_names("shop")[-1] == "pypi" and session.is_rule_new("shop", "pypi")
    assert session.pending() == [RuleEdit("shop", "pypi", raw, create=True)]
    session.delete_rule("shop", "pypi")
    assert session.pending() == [] and session.unsaved == 0


def test_a_switch_rechecks_the_team_rules() -> None:
    session = _session()
    found = validate_repo(session.model, lambda done, total: None, lambda: False)
    assert found is not None
    session.set_repo_findings(found)
    assert [f.code for f in session.rule_findings_of("labs", "github")] == ["ZT204"]
    session.set_switch("labs", "egressPublic", True)
    assert session.rule_findings_of("labs", "github") == []
    assert [type(e).__name__ for e in session.pending()] == ["TeamEdit"]
    team = session.team("labs")
    assert team is not None and team.egress_public and team.ingress_private
    assert session.rule("shop", "web") is not None
    assert session.rule("shop", "web").mode is Mode.ALLOW_ALL  # type: ignore[union-attr]
