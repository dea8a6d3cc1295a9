"""Pilot flows through the main screen, keyboard only, against a fresh copy of the demo repo."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from textual.widgets import Button, Input, RadioSet

from tests.ui.conftest import MakeApp, go_to_service, plain, settle, snapshot_files
from ztui.model import Finding, RepoModel, Service, Team
from ztui.render.manifests import Manifest, render_service
from ztui.repo.build import build_service
from ztui.schema.validate import validate_service
from ztui.ui import service_session
from ztui.ui.screens import selection
from ztui.ui.screens.confirm import ConfirmScreen
from ztui.ui.screens.help import HelpScreen
from ztui.ui.widgets.egress_rows import EgressRow
from ztui.ui.widgets.message_label import MessageLabel
from ztui.ui.widgets.preview import Preview
from ztui.ui.widgets.service_form import ServiceForm
from ztui.ui.widgets.team_tree import NodeRef
from ztui.workspace import service_findings

CMS_FILE = "env/teams/services.web.yaml"
API_FILE = "env/teams/services.payments.yaml"


async def test_edit_mode_and_allow_row_then_save(make_app: MakeApp, demo_repo: Path) -> None:
    before = snapshot_files(demo_repo)
    old_text = (demo_repo / CMS_FILE).read_text()
    harness = make_app(demo_repo)
    async with harness.run() as pilot:
        main = harness.main
        await go_to_service(pilot, "web/cms")
        preview = main.query_one(Preview)
        assert "cms-ingress" not in preview.text  # DenyAll renders no policy of its own

        await pilot.press("enter")  # edit: the cursor goes to the mode selector
        assert isinstance(pilot.app.focused, RadioSet)
        await pilot.press("right", "enter")  # Deny all -> Allow only
        await pilot.pause()
        assert "name: cms-ingress-allow-only" in preview.text
        assert plain(main.query_one("#header #unsaved")) == " · 1 unsaved"

        await pilot.press("tab")  # -> "+ allow"
        assert isinstance(pilot.app.focused, Button)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.focused, Input)
        await pilot.press(*"payments", "tab", *"api")
        await settle(pilot)
        assert "name: team-payments" in preview.text
        assert "otomi.io/app: api" in preview.text

        await pilot.press("ctrl+s")
        await settle(pilot)
        assert main.session is not None and main.session.unsaved == 0

    after = snapshot_files(demo_repo)
    assert {f for f in after if after[f] != before[f]} == {CMS_FILE}
    new_text = (demo_repo / CMS_FILE).read_text()
    diff = list(difflib.ndiff(old_text.splitlines(), new_text.splitlines()))
    removed = [line for line in diff if line.startswith("- ")]
    added = [line[2:].strip() for line in diff if line.startswith("+ ")]
    assert removed == []
    assert added == ["ingressPrivate:", "mode: AllowOnly", "allow:", "- team: payments",
                     "service: api"]


async def test_invalid_domain_shows_the_validate_message_and_blocks_save(
    make_app: MakeApp, demo_repo: Path
) -> None:
    before = snapshot_files(demo_repo)
    harness = make_app(demo_repo, size=(120, 40))
    async with harness.run() as pilot:
        main = harness.main
        await go_to_service(pilot, "payments/api")
        form = main.query_one(ServiceForm)
        row = form.query(EgressRow).first()
        row.domain_input.focus()
        await pilot.press("end", *":8443")
        await settle(pilot)

        expected = validate_service(
            build_service("payments", form.raw, {}, None), main.session.model.dialect  # type: ignore[union-attr]
        )
        domain_findings = [f for f in expected if f.path == "networkPolicy.egressPublic[0].domain"]
        assert domain_findings, expected
        message = row.message.message
        assert domain_findings[0].message in message
        assert domain_findings[0].code in message
        assert row.domain_input.has_class("-invalid")

        await pilot.press("ctrl+s")
        await settle(pilot)
        toasts = [n.message for n in pilot.app._notifications]
        assert any("payments/api has 1 error" in text for text in toasts), toasts
        assert main.session is not None and main.session.unsaved == 1
    assert snapshot_files(demo_repo) == before


async def test_bad_ports_text_is_reported_and_blocks_save(
    make_app: MakeApp, demo_repo: Path
) -> None:
    before = snapshot_files(demo_repo)
    harness = make_app(demo_repo)
    async with harness.run() as pilot:
        main = harness.main
        await go_to_service(pilot, "web/cms")
        row = main.query_one(ServiceForm).query(EgressRow).first()
        row.ports_input.focus()
        await pilot.press("end", *", 8x/TCP")
        await settle(pilot)
        assert "'8x/TCP' is not a port" in row.message.message
        await pilot.press("ctrl+s")
        await settle(pilot)
        toasts = [n.message for n in pilot.app._notifications]
        assert any("web/cms has 1 error" in text for text in toasts), toasts
        await pilot.press("escape", "up", "down")  # away and back: the form shows the file's
        await settle(pilot)
        row = harness.main.query_one(ServiceForm).query(EgressRow).first()
        assert row.ports_input.value == "443/HTTPS, 80/HTTP"
        assert row.message.message == ""
    assert snapshot_files(demo_repo) == before


async def test_read_only_offers_no_way_to_write(make_app: MakeApp, demo_repo: Path) -> None:
    before = snapshot_files(demo_repo)
    harness = make_app(demo_repo, read_only=True)
    async with harness.run() as pilot:
        main = harness.main
        assert main.query_one("#read-only").display
        await go_to_service(pilot, "payments/api")
        form = main.query_one(ServiceForm)
        assert all(w.disabled for w in form.query("Input, RadioSet, Button"))
        assert main.check_action("save", ()) is False
        assert "save" not in [c[0] for c in main.palette_commands()]
        assert "ctrl+s" not in [b.key for (_, b, _, _) in main.active_bindings.values()
                                if main.check_action(b.action, ())]
        await pilot.press("enter", "right", "enter", "ctrl+s", "n")
        await settle(pilot)
        assert main.session is not None and main.session.unsaved == 0
    assert snapshot_files(demo_repo) == before


async def test_filter_and_escape(make_app: MakeApp, demo_repo: Path) -> None:
    harness = make_app(demo_repo)
    async with harness.run() as pilot:
        main = harness.main
        tree = main.query_one("#tree")
        teams = len(tree.root.children)  # type: ignore[attr-defined]
        assert teams == 5
        await pilot.press("slash", *"ledg")
        await settle(pilot)
        assert [n.data for n in tree.root.children] == [NodeRef("payments")]  # type: ignore[attr-defined]
        assert tree.has_ref(NodeRef("payments", "ledger"))  # type: ignore[attr-defined]
        assert not tree.has_ref(NodeRef("payments", "api"))  # type: ignore[attr-defined]
        await pilot.press("escape")
        await settle(pilot)
        assert len(tree.root.children) == teams  # type: ignore[attr-defined]
        assert not main.query_one("#filter", Input).display
        assert tree.has_focus


async def test_undo_and_redo(make_app: MakeApp, demo_repo: Path) -> None:
    harness = make_app(demo_repo)
    async with harness.run() as pilot:
        main = harness.main
        await go_to_service(pilot, "payments/api")
        form = main.query_one(ServiceForm)
        original = form.raw
        await pilot.press("enter", "right", "enter")  # AllowOnly -> AllowAll
        await pilot.pause()
        changed = form.raw
        assert changed["networkPolicy"]["ingressPrivate"]["mode"] == "AllowAll"
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert form.raw == original
        assert main.query_one("#mode", RadioSet).pressed_index == 1
        assert main.session is not None and main.session.unsaved == 0
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert form.raw == changed
        assert main.query_one("#mode", RadioSet).pressed_index == 2
        assert main.session.unsaved == 1


async def test_quit_with_unsaved_edits_asks_first(make_app: MakeApp, demo_repo: Path) -> None:
    harness = make_app(demo_repo)
    async with harness.run() as pilot:
        await go_to_service(pilot, "payments/api")
        await pilot.press("enter", "right", "enter", "escape")
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmScreen)
        await pilot.press("enter")  # the focused answer is "Cancel"
        await pilot.pause()
        assert not isinstance(pilot.app.screen, ConfirmScreen)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
    assert harness.app.return_code == 0


async def test_quit_without_edits_does_not_ask(make_app: MakeApp, demo_repo: Path) -> None:
    harness = make_app(demo_repo)
    async with harness.run() as pilot:
        await pilot.press("q")
        await pilot.pause()
        assert not harness.app.is_running


async def test_problem_goes_to_its_field(make_app: MakeApp, demo_repo: Path) -> None:
    path = demo_repo / API_FILE
    text = path.read_text().replace("domain: api.stripe.com", "domain: api.stripe.com:443")
    path.write_text(text)
    harness = make_app(demo_repo)
    async with harness.run() as pilot:
        main = harness.main
        await pilot.press("f4")
        await settle(pilot)
        problems = main.query_one("#problems")
        assert problems.has_focus
        texts = [str(o.prompt) for o in problems._options]  # type: ignore[attr-defined]
        index = next(i for i, t in enumerate(texts) if "ZT104" in t)
        problems.highlighted = index  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(pilot)
        assert main.current == NodeRef("payments", "api")
        focused = pilot.app.focused
        assert isinstance(focused, Input) and focused.value == "api.stripe.com:443"


async def test_new_service_checks_the_name(make_app: MakeApp, demo_repo: Path) -> None:
    harness = make_app(demo_repo)
    async with harness.run() as pilot:
        main = harness.main
        await go_to_service(pilot, "payments/api")
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"ledger", "enter")
        await pilot.pause()
        message = pilot.app.screen.query_one("#name-message", MessageLabel).message
        assert "already has a service ledger" in message
        await pilot.press(*["backspace"] * 6, *"Bad_Name")
        await pilot.pause()
        message = pilot.app.screen.query_one("#name-message", MessageLabel).message
        assert "lower-case DNS label" in message
        await pilot.press(*["backspace"] * 8, *"payouts", "enter")
        await settle(pilot)
        assert main.current == NodeRef("payments", "payouts")
        assert main.session is not None and main.session.is_new("payments", "payouts")
        assert main.session.unsaved == 1


async def test_help_lists_the_bindings(make_app: MakeApp, demo_repo: Path) -> None:
    harness = make_app(demo_repo)
    async with harness.run() as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, HelpScreen)
        described = {text for _, rows in screen.sections for _, text in rows}
        for binding in harness.main.BINDINGS:
            assert getattr(binding, "description", "") in described
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.screen is harness.main


async def test_a_keystroke_checks_and_renders_one_service_only(
    make_app: MakeApp, demo_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    harness = make_app(demo_repo)
    async with harness.run() as pilot:
        await go_to_service(pilot, "payments/api")
        row = harness.main.query_one(ServiceForm).query(EgressRow).first()
        row.domain_input.focus()
        checked: list[str] = []
        rendered: list[str] = []

        def check(model: RepoModel, service: Service) -> list[Finding]:
            checked.append(service.key)
            return service_findings(model, service)

        def render(team: Team, service: Service) -> list[Manifest]:
            rendered.append(service.key)
            return render_service(team, service)

        monkeypatch.setattr(service_session, "service_findings", check)
        monkeypatch.setattr(selection, "render_service", render)
        await pilot.press("end", "x", "/")
        await settle(pilot)
        assert row.domain_input.value == "api.stripe.comx/"  # `/` types, it does not filter
        assert checked == ["payments/api", "payments/api"]
        assert rendered == ["payments/api", "payments/api"]
