"""Commit review, push and fetch, keyboard only, against a fresh demo repo (a git repo)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from textual.pilot import Pilot

from tests.ui.conftest import MakeApp, go_to_service, settle
from ztui.ui.screens.commit_review import CommitReviewScreen
from ztui.ui.screens.confirm import ConfirmScreen
from ztui.ui.widgets.line_view import LineView

LEDGER_FILE = "env/teams/services.payments.yaml"


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True,
                          text=True).stdout


async def edit_ledger_and_open_review(pilot: Pilot[None]) -> CommitReviewScreen:
    """payments/ledger: Allow only -> Allow all, save, escape to the tree, `c`."""
    await go_to_service(pilot, "payments/ledger")
    await pilot.press("enter", "right", "enter")  # AllowOnly -> AllowAll
    await pilot.press("ctrl+s")
    await settle(pilot)
    await pilot.press("escape", "c")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, CommitReviewScreen)
    return screen


def toasts(pilot: Pilot[None]) -> list[str]:
    return [n.message for n in pilot.app._notifications]


async def test_review_and_commit_exactly_the_saved_file(
    make_app: MakeApp, demo_repo: Path
) -> None:
    (demo_repo / "notes.txt").write_text("mine\n")
    (demo_repo / "env/cluster.yaml").write_text(
        (demo_repo / "env/cluster.yaml").read_text() + "# a local note\n")
    cluster_before = (demo_repo / "env/cluster.yaml").read_text()
    head = git(demo_repo, "rev-parse", "HEAD").strip()
    harness = make_app(demo_repo)
    async with harness.run() as pilot:
        screen = await edit_ledger_and_open_review(pilot)
        shown = screen.query_one("#review-diff", LineView).plain
        assert "-            mode: AllowOnly" in shown
        assert "+            mode: AllowAll" in shown
        assert "+++ b/manifests/team-payments/NetworkPolicy/ledger-ingress-from-all-teams.yaml" \
            in shown
        assert "+ web/checkout -> payments/ledger" in shown
        assert "a local note" not in shown  # another dirty file is not part of the commit
        others = str(screen.query_one("#review-others").render())
        assert "env/cluster.yaml" in others and "notes.txt" in others
        await pilot.press(*"Open the ledger to every team", "enter", *"For the DR drill.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen.result is not None
        await pilot.press("escape")
        await settle(pilot)
        assert pilot.app.screen is harness.main
        assert harness.main.check_action("commit", ()) is None  # nothing left to commit
    assert git(demo_repo, "rev-parse", "HEAD~1").strip() == head
    assert git(demo_repo, "show", "--name-only", "--format=", "HEAD").split() == [LEDGER_FILE]
    assert git(demo_repo, "log", "-1", "--format=%B").strip() == (
        "Open the ledger to every team\n\nFor the DR drill.")
    assert (demo_repo / "env/cluster.yaml").read_text() == cluster_before
    status = git(demo_repo, "status", "--porcelain")
    assert " M env/cluster.yaml" in status and "?? notes.txt" in status
    assert LEDGER_FILE not in status


async def test_a_failing_hook_shows_its_output_and_keeps_the_edit(
    make_app: MakeApp, demo_repo: Path
) -> None:
    hook = demo_repo / ".git/hooks/pre-commit"
    hook.write_text("#!/bin/sh\necho 'policy-lint: ledger must stay AllowOnly' >&2\nexit 1\n")
    hook.chmod(0o755)
    head = git(demo_repo, "rev-parse", "HEAD").strip()
    harness = make_app(demo_repo)
    async with harness.run() as pilot:
        screen = await edit_ledger_and_open_review(pilot)
        await pilot.press(*"Open the ledger", "ctrl+s")
        await settle(pilot)
        note = str(screen.query_one("#review-note").render())
        assert "policy-lint: ledger must stay AllowOnly" in note
        assert "still in the working tree" in note
        assert screen.result is None
    assert git(demo_repo, "rev-parse", "HEAD").strip() == head
    assert git(demo_repo, "status", "--porcelain").strip() == f"M {LEDGER_FILE}"


async def test_push_to_a_local_bare_remote_after_confirming(
    make_app: MakeApp, demo_repo: Path, tmp_path: Path
) -> None:
    remote = tmp_path / "origin.git"
    subprocess.run(["git", "init", "--bare", "-q", "-b", "main", str(remote)], check=True)
    git(demo_repo, "remote", "add", "origin", str(remote))
    git(demo_repo, "push", "-q", "-u", "origin", "main")
    harness = make_app(demo_repo)
    async with harness.run() as pilot:
        screen = await edit_ledger_and_open_review(pilot)
        await pilot.press(*"Open the ledger", "ctrl+s")
        await settle(pilot)
        assert screen.result is not None
        await pilot.press("p")
        await settle(pilot)
        confirm = pilot.app.screen
        assert isinstance(confirm, ConfirmScreen)
        assert confirm.question == "Push main to origin/main? It is never forced."
        await pilot.press("y")
        await settle(pilot)
        assert any("pushed main to origin/main" in text for text in toasts(pilot))
    head = git(demo_repo, "rev-parse", "HEAD").strip()
    assert git(remote, "rev-parse", "main").strip() == head


async def test_push_rejected_is_shown(make_app: MakeApp, demo_repo: Path, tmp_path: Path) -> None:
    remote = tmp_path / "origin.git"
    subprocess.run(["git", "init", "--bare", "-q", "-b", "main", str(remote)], check=True)
    git(demo_repo, "remote", "add", "origin", str(remote))
    git(demo_repo, "push", "-q", "-u", "origin", "main")
    other = tmp_path / "other"
    subprocess.run(["git", "clone", "-q", str(remote), str(other)], check=True)
    (other / "x.txt").write_text("theirs\n")
    git(other, "add", "x.txt")
    git(other, "commit", "-q", "-m", "theirs")
    git(other, "push", "-q")
    harness = make_app(demo_repo)
    async with harness.run() as pilot:
        await edit_ledger_and_open_review(pilot)
        await pilot.press(*"Open the ledger", "ctrl+s")
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert any("pull first" in text for text in toasts(pilot)), toasts(pilot)


async def test_fetch_from_the_palette_refreshes_behind(
    make_app: MakeApp, demo_repo: Path, tmp_path: Path
) -> None:
    remote = tmp_path / "origin.git"
    subprocess.run(["git", "init", "--bare", "-q", "-b", "main", str(remote)], check=True)
    git(demo_repo, "remote", "add", "origin", str(remote))
    git(demo_repo, "push", "-q", "-u", "origin", "main")
    other = tmp_path / "other"
    subprocess.run(["git", "clone", "-q", str(remote), str(other)], check=True)
    (other / "x.txt").write_text("theirs\n")
    git(other, "add", "x.txt")
    git(other, "commit", "-q", "-m", "theirs")
    git(other, "push", "-q")
    harness = make_app(demo_repo)
    async with harness.run() as pilot:
        assert "↓" not in str(harness.main.query_one("#header #git").render())
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Fetch", "enter")
        await settle(pilot)
        assert "↓1" in str(harness.main.query_one("#header #git").render())


async def test_c_is_not_offered_before_a_save_and_says_why(
    make_app: MakeApp, demo_repo: Path
) -> None:
    harness = make_app(demo_repo)
    async with harness.run() as pilot:
        main = harness.main
        assert main.check_action("commit", ()) is None
        assert "commit" not in [c[0] for c in main.palette_commands()]
        await pilot.press("c")
        await pilot.pause()
        assert pilot.app.screen is main
        assert any("Nothing to commit" in text for text in toasts(pilot))


async def test_read_only_offers_no_commit_push_or_fetch(
    make_app: MakeApp, demo_repo: Path
) -> None:
    harness = make_app(demo_repo, read_only=True)
    async with harness.run() as pilot:
        main = harness.main
        main.saved_files.add(LEDGER_FILE)  # even with a file to commit
        for action in ("commit", "push", "fetch"):
            assert main.check_action(action, ()) is False
        listed = [c[0] for c in main.palette_commands()]
        assert not {"commit", "push", "fetch"} & set(listed)
        await pilot.press("c")
        await pilot.pause()
        assert pilot.app.screen is main
        assert any("Read-only" in text for text in toasts(pilot))
