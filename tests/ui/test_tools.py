"""Team switches, new services, $EDITOR, the clipboard, the palette and `ztui` itself."""

from __future__ import annotations

import argparse
import contextlib
import difflib
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Switch

from tests.ui.conftest import MakeApp, go_to_service, settle, snapshot_files
from ztui.cli import tui as cli_tui
from ztui.cli.errors import UsageError
from ztui.ui.app import ZtuiApp
from ztui.ui.widgets.egress_rows import EgressRow
from ztui.ui.widgets.preview import Preview
from ztui.ui.widgets.service_form import ServiceForm
from ztui.ui.widgets.team_tree import NodeRef

TEAMS_FILE = "env/teams.yaml"


def _changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    diff = list(difflib.ndiff(before.splitlines(), after.splitlines()))
    removed = [line[2:].strip() for line in diff if line.startswith("- ")]
    added = [line[2:].strip() for line in diff if line.startswith("+ ")]
    return removed, added


async def test_team_switch_changes_the_preview_and_saves_one_line(
    make_app: MakeApp, demo_repo: Path
) -> None:
    before_files = snapshot_files(demo_repo)
    before = (demo_repo / TEAMS_FILE).read_text()
    harness = make_app(demo_repo, size=(120, 40))
    async with harness.run() as pilot:
        main = harness.main
        await pilot.press("down", "down", "down")  # admin -> payments -> web -> search
        await settle(pilot)
        assert main.current == NodeRef("search")
        preview = main.query_one(Preview)
        assert "kind: Sidecar" not in preview.text  # egress filtering is off for search
        await pilot.press("tab")
        egress = main.query_one("#egressPublic", Switch)
        await pilot.press("tab")
        assert egress.has_focus
        await pilot.press("space")
        await settle(pilot)
        assert egress.value
        assert "kind: Sidecar" in preview.text
        assert main.session is not None and main.session.unsaved == 1
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert main.session.unsaved == 0
    after_files = snapshot_files(demo_repo)
    assert {f for f in after_files if after_files[f] != before_files[f]} == {TEAMS_FILE}
    removed, added = _changed_lines(before, (demo_repo / TEAMS_FILE).read_text())
    assert removed == [
        "egressPublic: false   # the crawler fetches partner feeds from hosts we cannot list "
        "(INC-2291)"
    ]
    assert added == [  # the store keeps the comment in its column
        "egressPublic: true    # the crawler fetches partner feeds from hosts we cannot list "
        "(INC-2291)"
    ]


async def test_new_service_is_written_on_save(make_app: MakeApp, demo_repo: Path) -> None:
    harness = make_app(demo_repo)
    async with harness.run() as pilot:
        await go_to_service(pilot, "payments/api")
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"payouts", "enter")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        main = harness.main
        assert main.session is not None and main.session.unsaved == 0
        assert not main.session.is_new("payments", "payouts")
    text = (demo_repo / "env/teams/services.payments.yaml").read_text()
    assert "- name: payouts" in text


@pytest.fixture
def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """$EDITOR is a script that renames api.stripe.com and records its arguments."""
    script = tmp_path / "editor.py"
    log = tmp_path / "editor-args.txt"
    script.write_text(
        "import sys, pathlib\n"
        f"pathlib.Path({str(log)!r}).write_text(' '.join(sys.argv[1:]))\n"
        "path = pathlib.Path(sys.argv[2])\n"
        "path.write_text(path.read_text().replace('api.stripe.com', 'api2.stripe.com'))\n"
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")

    @contextlib.contextmanager
    def no_suspend(self: ZtuiApp) -> Iterator[None]:
        yield  # a headless test has no terminal to hand over

    monkeypatch.setattr(ZtuiApp, "suspend", no_suspend)
    return log


async def test_editor_opens_the_file_at_the_line_and_reloads(
    make_app: MakeApp, demo_repo: Path, editor: Path
) -> None:
    harness = make_app(demo_repo)
    async with harness.run() as pilot:
        await go_to_service(pilot, "payments/api")
        await pilot.press("e")
        await settle(pilot)
        path = demo_repo / "env/teams/services.payments.yaml"
        assert editor.read_text() == f"+7 {path}"
        row = harness.main.query_one(ServiceForm).query(EgressRow).first()
        assert row.domain_input.value == "api2.stripe.com"
        assert harness.main.session is not None and harness.main.session.unsaved == 0


async def test_copy_puts_the_preview_on_the_clipboard(
    make_app: MakeApp, demo_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copied: list[str] = []
    monkeypatch.setattr(ZtuiApp, "copy_to_clipboard", lambda self, text: copied.append(text))
    harness = make_app(demo_repo)
    async with harness.run() as pilot:
        await go_to_service(pilot, "payments/ledger")
        await pilot.press("y")
        await pilot.pause()
        assert copied == [harness.main.query_one(Preview).text]
        assert "name: ledger-ingress-allow-only" in copied[0]


async def test_palette_offers_the_screen_actions(make_app: MakeApp, demo_repo: Path) -> None:
    harness = make_app(demo_repo)
    async with harness.run() as pilot:
        await go_to_service(pilot, "payments/api")
        titles = [title for _, title, _ in harness.main.palette_commands()]
        for title in ("Save", "Undo", "Add an allow entry", "Open in $EDITOR", "Quit"):
            assert title in titles
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"add an egress", "enter")
        await settle(pilot)
        rows = harness.main.query_one(ServiceForm).query(EgressRow)
        assert len(rows) == 3 and rows.last().domain_input.has_focus


def _args(repo: str, *, read_only: bool = False, demo: bool = False) -> argparse.Namespace:
    return argparse.Namespace(repo=repo, read_only=read_only, demo=demo)


def test_cli_refuses_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such folder"):
        cli_tui.run_tui(_args(str(tmp_path / "nope")))


def test_cli_opens_an_unwritable_repo_read_only(
    demo_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[ZtuiApp] = []
    monkeypatch.setattr("ztui.cli.tui.os.access", lambda path, mode: False)
    monkeypatch.setattr(ZtuiApp, "run", lambda self, **kwargs: opened.append(self))
    assert cli_tui.run_tui(_args(str(demo_repo))) == 0
    assert opened[0].read_only
    assert opened[0].read_only_reason is not None
    assert "not writable" in opened[0].read_only_reason
    assert opened[0].store.read_only


async def test_editor_changes_replace_a_clean_draft(
    make_app: MakeApp, demo_repo: Path, editor: Path
) -> None:
    harness = make_app(demo_repo)
    async with harness.run() as pilot:
        await go_to_service(pilot, "payments/api")
        await pilot.press("enter", "right", "enter", "ctrl+z", "escape")  # edit, then undo
        await settle(pilot)
        assert harness.main.session is not None and harness.main.session.unsaved == 0
        await pilot.press("e")
        await settle(pilot)
        row = harness.main.query_one(ServiceForm).query(EgressRow).first()
        assert row.domain_input.value == "api2.stripe.com"
        assert harness.main.session.unsaved == 0
