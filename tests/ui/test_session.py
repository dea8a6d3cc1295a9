"""The edit state without a screen: drafts, undo steps, live findings, what blocks a save."""

from __future__ import annotations

from pathlib import Path

from ztui.edits import set_egress, set_mode
from ztui.model import EgressRule, Mode, Port
from ztui.repo.loader import load_repo
from ztui.ui.session import Session


def _session(demo_repo: Path) -> Session:
    return Session(load_repo(demo_repo))


def test_typing_into_one_field_is_one_undo_step(demo_repo: Path) -> None:
    session = _session(demo_repo)
    raw = session.raw("web", "cms")
    for host in ("a", "ap", "api.example.com"):
        rules = [EgressRule(host, (Port(443, "HTTPS"),))]
        session.edit_service("web", "cms", set_egress(raw, rules), "egress[0].domain")
    session.edit_service("web", "cms", set_mode(session.raw("web", "cms"), Mode.ALLOW_ALL,
                                                session.model.dialect), "mode")
    assert session.unsaved == 1
    assert session.undo("web", "cms")  # the mode
    assert session.raw("web", "cms")["networkPolicy"]["egressPublic"][0]["domain"] == (
        "api.example.com"
    )
    assert session.undo("web", "cms")  # the whole host, not one letter
    assert session.raw("web", "cms") == raw
    assert session.unsaved == 0
    assert not session.undo("web", "cms")
    assert session.redo("web", "cms") and session.redo("web", "cms")
    assert session.service("web", "cms") is not None
    assert session.service("web", "cms").mode is Mode.ALLOW_ALL  # type: ignore[union-attr]


def test_live_findings_replace_the_service_share_and_block_saving(demo_repo: Path) -> None:
    session = _session(demo_repo)
    raw = session.raw("web", "cms")
    bad = set_egress(raw, [EgressRule("https://x.example.com", (Port(443, "HTTPS"),))])
    session.edit_service("web", "cms", bad, "egress[0].domain")
    codes = [f.code for f in session.findings("web", "cms")]
    assert codes == ["ZT104"]
    assert session.counts("web", "cms") == (1, 0)
    blocking = session.blocking()
    assert len(blocking) == 1 and blocking[0].startswith("web/cms has 1 error: ")
    session.edit_service("web", "cms", raw, "egress[0].domain")
    assert session.findings("web", "cms") == []
    assert session.blocking() == []


def test_form_errors_block_saving(demo_repo: Path) -> None:
    session = _session(demo_repo)
    raw = session.raw("web", "cms")
    problem = {"networkPolicy.egressPublic[0].ports": "'8x' is not a port"}
    session.edit_service("web", "cms", set_mode(raw, Mode.ALLOW_ALL, session.model.dialect),
                         "mode", problem)
    assert session.blocking() == [
        "web/cms has 1 error: networkPolicy.egressPublic[0].ports: '8x' is not a port"
    ]


def test_a_team_switch_rechecks_its_services(demo_repo: Path) -> None:
    session = _session(demo_repo)
    assert [f.code for f in session.findings("legacy", "monolith")] == []
    session.set_switch("legacy", "egressPublic", False)
    assert [f.code for f in session.findings("legacy", "monolith")] == ["ZT204"]
    team = session.team("legacy")
    assert team is not None and not team.egress_public
    assert [type(e).__name__ for e in session.pending()] == ["TeamEdit"]


def test_new_service_names(demo_repo: Path) -> None:
    session = _session(demo_repo)
    taken = session.name_problem("payments", "ledger")
    assert taken == "team payments already has a service ledger"
    assert "DNS label" in str(session.name_problem("payments", "Bad_Name"))
    assert session.name_problem("payments", "payouts") is None
    session.add_service("payments", "payouts")
    assert session.service_names("payments")[-1] == "payouts"
    assert session.is_new("payments", "payouts") and session.unsaved == 1
    (edit,) = session.pending()
    assert edit.raw == {"name": "payouts"} and getattr(edit, "create", False)
