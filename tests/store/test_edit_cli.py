"""`ztui edit` end to end through `ztui.cli.main`: exit codes, messages, files and git.

Expected text and output are written from the issue: errors are one line on stderr, exit 1 for a
request that cannot be met (unknown team or service, an invalid result, a git refusal), 2 for
unusable input; a call that changes nothing says so and writes nothing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ztui.cli import main
from ztui.repo.demo import demo_source
from ztui.repo.loader import load_repo

from .conftest import git, read, snapshot, write_tree

WEB = "env/teams/services.web.yaml"
Cap = pytest.CaptureFixture[str]


def run(capsys: Cap, *argv: str) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of `ztui argv`."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def cms_with_mode(original: str, mode: str) -> str:
    """services.web.yaml with `ingressPrivate.mode` added to cms, the last service."""
    return original + (
        "                  ingressPrivate:\n"
        f"                      mode: {mode}\n"
    )


# --- service edits ---------------------------------------------------------------------------


def test_mode_in_any_case_is_written_in_the_repo_dialect(demo: Path, capsys: Cap) -> None:
    original = read(demo, WEB)
    code, out, err = run(capsys, "edit", str(demo), "web/cms", "--ingress-mode", "aLLoWaLL")
    assert (code, err) == (0, "")
    assert out == f"web/cms: wrote {WEB}\n"
    assert read(demo, WEB) == cms_with_mode(original, "AllowAll")


def test_v1_repo_gets_the_v1_spelling(tmp_path: Path, capsys: Cap) -> None:
    teams = "teamConfig:\n  teams:\n    a1:\n      services:\n        - name: db\n"
    repo = write_tree(tmp_path, {"env/teams.yaml": teams})
    code, _, _ = run(capsys, "edit", str(repo), "a1/db", "--ingress-mode", "ALLOWONLY",
                     "--allow-from", "a1")
    assert code == 0
    assert read(repo, "env/teams.yaml") == teams + (
        "          networkPolicy:\n"
        "            ingressPrivate:\n"
        "              mode: allowOnly\n"
        "              allow:\n"
        "                - team: a1\n"
    )


def test_a_call_that_changes_nothing_writes_nothing(demo: Path, capsys: Cap) -> None:
    before = snapshot(demo)
    code, out, err = run(capsys, "edit", str(demo), "payments/api", "--allow-from",
                         "web/checkout", "--ingress-mode", "AllowOnly")
    assert (code, err) == (0, "")
    assert "nothing to change" in out
    assert snapshot(demo) == before


def test_unknown_team_and_service_exit_1(demo: Path, capsys: Cap) -> None:
    before = snapshot(demo)
    code, out, err = run(capsys, "edit", str(demo), "nope/api", "--ingress-mode", "DenyAll")
    assert (code, out) == (1, "")
    assert err.startswith("ztui: no team 'nope'") and err.count("\n") == 1
    code, out, err = run(capsys, "edit", str(demo), "web/nope", "--ingress-mode", "DenyAll")
    assert (code, out) == (1, "")
    assert "no service 'nope'" in err and "--create" in err
    code, _, err = run(capsys, "edit", str(demo), "../../etc/passwd", "--create")
    assert code == 1 and "no team '..'" in err
    assert snapshot(demo) == before


def test_an_invalid_result_is_refused_with_the_reason(demo: Path, capsys: Cap) -> None:
    before = snapshot(demo)
    code, out, err = run(capsys, "edit", str(demo), "web/cms",
                         "--egress-add", "bad_host.example.com:443/HTTPS")
    assert (code, out) == (1, "")
    assert "error" in err and "bad_host.example.com" in err and "'_'" in err
    assert err.splitlines()[-1] == "ztui: refused: web/cms would have 1 error; nothing written"
    code, _, err = run(capsys, "edit", str(demo), "web/Shop_API", "--create")
    assert code == 1 and "refused: web/Shop_API" in err
    assert snapshot(demo) == before


def test_dry_run_prints_the_diff_and_writes_nothing(demo: Path, capsys: Cap) -> None:
    before = snapshot(demo)
    lines = read(demo, WEB).count("\n")
    code, out, _ = run(capsys, "edit", str(demo), "web/cms", "--ingress-mode", "allowall",
                       "--dry-run", "--commit", "never")
    assert code == 0
    assert out == (
        f"--- a/{WEB}\n"
        f"+++ b/{WEB}\n"
        f"@@ -{lines - 2},3 +{lines - 2},5 @@\n"
        "                               number: 80\n"
        "                       # - domain: api.sendgrid.com   # newsletter, waiting on DPA\n"
        "                       #   ports: [{protocol: HTTPS, number: 443}]\n"
        "+                  ingressPrivate:\n"
        "+                      mode: AllowAll\n"
    )
    assert snapshot(demo) == before


def test_egress_add_on_a_known_host_adds_only_missing_ports(demo: Path, capsys: Cap) -> None:
    original = read(demo, WEB)
    code, _, _ = run(capsys, "edit", str(demo), "web/cms",
                     "--egress-add", "IMAGES.unsplash.com:443/https,8443/TCP")
    assert code == 0
    anchor = "                              number: 80\n"
    assert original.count(anchor) == 1
    assert read(demo, WEB) == original.replace(anchor, anchor + (
        "                            - protocol: TCP\n"
        "                              number: 8443\n"
    ))


def test_revoke_and_egress_remove(demo: Path, capsys: Cap) -> None:
    rel = "env/teams/services.payments.yaml"
    original = read(demo, rel)
    code, _, _ = run(capsys, "edit", str(demo), "payments/ledger",
                     "--revoke-from", "payments/reconciler")
    assert code == 0
    gone = "              - team: payments\n                service: reconciler\n"
    assert original.count(gone) == 1
    assert read(demo, rel) == original.replace(gone, "")
    code, _, _ = run(capsys, "edit", str(demo), "payments/api", "--egress-remove", "*.PayPal.com")
    assert code == 0
    paypal = (
        "            - domain: '*.paypal.com'  # api-m.paypal.com and ipnpb.paypal.com\n"
        "              ports: [{protocol: HTTPS, number: 443}]\n"
    )
    assert read(demo, rel) == original.replace(gone, "").replace(paypal, "")


def test_create_adds_a_named_item(demo: Path, capsys: Cap) -> None:
    original = read(demo, WEB)
    code, out, _ = run(capsys, "edit", str(demo), "web/blog", "--create")
    assert (code, out) == (0, f"web/blog: wrote {WEB}\n")
    assert read(demo, WEB) == original + "\n            - name: blog\n"
    code, out, _ = run(capsys, "edit", str(demo), "web/blog", "--create")
    assert (code, "nothing to change" in out) == (0, True)


def test_create_makes_the_services_file_of_a_team_without_one(
    tmp_path: Path, capsys: Cap
) -> None:
    teams = "teamConfig:\n    a1: {}\n    b2:\n        id: b2\n"
    sibling = "teamConfig:\n    a1:\n        services:\n            - name: api\n"
    repo = write_tree(tmp_path, {"env/teams.yaml": teams, "env/teams/services.a1.yaml": sibling})
    code, out, _ = run(capsys, "edit", str(repo), "b2/web", "--create", "--ingress-mode",
                       "allowall")
    assert (code, out) == (0, "b2/web: wrote env/teams/services.b2.yaml\n")
    assert read(repo, "env/teams/services.b2.yaml") == (
        "teamConfig:\n"
        "    b2:\n"
        "        services:\n"
        "            - name: web\n"
        "              networkPolicy:\n"
        "                  ingressPrivate:\n"
        "                      mode: AllowAll\n"
    )
    assert (read(repo, "env/teams.yaml"), read(repo, "env/teams/services.a1.yaml")) == (
        teams, sibling
    )


# --- team switches ---------------------------------------------------------------------------


def test_team_switches_are_set_where_the_team_settings_live(demo: Path, capsys: Cap) -> None:
    original = read(demo, "env/teams.yaml")
    code, out, _ = run(capsys, "edit", str(demo), "legacy", "--ingress-filtering", "on",
                       "--egress-filtering", "off")
    assert (code, out) == (0, "legacy: wrote env/teams.yaml\n")
    old = (
        "            # Off until the legacy split (LEG-212): too many cron callers to enumerate.\n"
        "            ingressPrivate: false\n"
        "            egressPublic: true\n"
    )
    new = (
        "            # Off until the legacy split (LEG-212): too many cron callers to enumerate.\n"
        "            ingressPrivate: true\n"
        "            egressPublic: false\n"
    )
    assert original.count(old) == 1
    assert read(demo, "env/teams.yaml") == original.replace(old, new)
    legacy = load_repo(demo).teams["legacy"]
    assert (legacy.ingress_private, legacy.egress_public) == (True, False)
    code, out, _ = run(capsys, "edit", str(demo), "legacy", "--ingress-filtering", "on")
    assert (code, "nothing to change" in out) == (0, True)


@pytest.mark.parametrize("argv", [
    ["web/cms", "--ingress-filtering", "off"],
    ["web", "--ingress-mode", "AllowAll"],
    ["web"],
    ["web/cms", "--ingress-mode", "sometimes"],
    ["web/cms", "--egress-add", "example.com"],
    ["web/cms", "--egress-add", "example.com:443/UDP"],
    ["web/cms", "--allow-from", "a/b/c"],
    ["web/cms", "--ingress-mode", "DenyAll", "--commit", " "],
])
def test_unusable_arguments_exit_2(demo: Path, capsys: Cap, argv: list[str]) -> None:
    before = snapshot(demo)
    code, out, err = run(capsys, "edit", str(demo), *argv)
    assert (code, out) == (2, "")
    assert err.startswith("ztui: ") and err.count("\n") == 1
    assert snapshot(demo) == before


def test_a_folder_without_values_exits_2(tmp_path: Path, capsys: Cap) -> None:
    code, _, err = run(capsys, "edit", str(tmp_path), "web/cms", "--ingress-mode", "DenyAll")
    assert code == 2 and err.startswith("ztui: ")


# --- --commit --------------------------------------------------------------------------------


def head(repo: Path) -> str:
    return git(repo, "rev-parse", "HEAD").strip()


def test_commit_takes_only_the_edited_file(demo: Path, capsys: Cap) -> None:
    (demo / "env/cluster.yaml").write_text(read(demo, "env/cluster.yaml") + "# unstaged\n")
    admin = "env/teams/services.admin.yaml"
    (demo / admin).write_text(read(demo, admin) + "# staged\n")
    git(demo, "add", admin)
    (demo / "notes.txt").write_text("untracked\n")
    staged_before = git(demo, "diff", "--cached")
    unstaged_before = git(demo, "diff", "--", "env/cluster.yaml")
    first = head(demo)

    code, out, err = run(capsys, "edit", str(demo), "web/cms", "--ingress-mode", "AllowAll",
                         "--commit", "web/cms: open to all teams")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == f"web/cms: wrote {WEB}"
    assert lines[1].startswith("committed ") and lines[1].endswith(f": {WEB}")
    assert lines[2] == ("left as they were (not committed): env/cluster.yaml, "
                        f"{admin}, notes.txt")
    assert git(demo, "rev-parse", "HEAD~1").strip() == first
    assert git(demo, "log", "-1", "--format=%s").strip() == "web/cms: open to all teams"
    assert git(demo, "show", "--name-only", "--format=", "HEAD").split() == [WEB]
    assert git(demo, "status", "--porcelain").splitlines() == [
        " M env/cluster.yaml", f"M  {admin}", "?? notes.txt",
    ]
    assert git(demo, "diff", "--cached") == staged_before
    assert git(demo, "diff", "--", "env/cluster.yaml") == unstaged_before


def test_a_failing_pre_commit_hook_leaves_the_edit_in_the_tree(demo: Path, capsys: Cap) -> None:
    hook = demo / ".git/hooks/pre-commit"
    hook.write_text("#!/bin/sh\necho 'yamllint: line too long' >&2\nexit 1\n")
    hook.chmod(0o755)
    original, first = read(demo, WEB), head(demo)
    code, out, err = run(capsys, "edit", str(demo), "web/cms", "--ingress-mode", "AllowAll",
                         "--commit", "open cms")
    assert code == 1
    assert out == f"web/cms: wrote {WEB}\n"
    assert "yamllint: line too long" in err and "hook" in err
    assert head(demo) == first
    assert read(demo, WEB) == cms_with_mode(original, "AllowAll")
    assert git(demo, "status", "--porcelain").splitlines() == [f" M {WEB}"]


def test_a_held_index_lock_is_named_and_nothing_is_written(demo: Path, capsys: Cap) -> None:
    (demo / ".git/index.lock").write_text("")
    before, first = snapshot(demo), head(demo)
    code, out, err = run(capsys, "edit", str(demo), "web/cms", "--ingress-mode", "AllowAll",
                         "--commit", "open cms")
    assert (code, out) == (1, "")
    assert "index.lock" in err and "another git process" in err and err.count("\n") == 1
    assert snapshot(demo) == before and head(demo) == first


def test_commit_outside_git_writes_nothing(tmp_path: Path, capsys: Cap) -> None:
    repo = tmp_path / "plain"
    shutil.copytree(demo_source() / "env", repo / "env")
    before = snapshot(repo)
    code, _, err = run(capsys, "edit", str(repo), "web/cms", "--ingress-mode", "AllowAll",
                       "--commit", "open cms")
    assert code == 1 and "not in a git repository" in err
    assert snapshot(repo) == before


def test_commit_on_an_unborn_branch(tmp_path: Path, capsys: Cap) -> None:
    repo = tmp_path / "unborn"
    shutil.copytree(demo_source() / "env", repo / "env")
    git(repo, "init", "-q", "-b", "main")
    code, out, _ = run(capsys, "edit", str(repo), "web/cms", "--ingress-mode", "AllowAll",
                       "--commit", "first commit")
    assert code == 0
    assert out.splitlines()[1].startswith("committed ")
    assert "left as they were (not committed): env/cluster.yaml, env/teams.yaml" in out
    assert git(repo, "ls-files").split() == [WEB]
    assert git(repo, "rev-parse", "--abbrev-ref", "HEAD").strip() == "main"
    assert "?? env/teams.yaml" in git(repo, "status", "--porcelain").splitlines()


def test_commit_on_a_detached_head(demo: Path, capsys: Cap) -> None:
    git(demo, "checkout", "-q", "--detach")
    first = head(demo)
    code, out, _ = run(capsys, "edit", str(demo), "search/crawler", "--ingress-mode", "DenyAll",
                       "--commit", "crawler: deny all")
    assert code == 0 and "committed " in out
    assert git(demo, "rev-parse", "HEAD~1").strip() == first
    assert git(demo, "rev-parse", "main").strip() == first
    assert git(demo, "symbolic-ref", "-q", "HEAD", check=False) == ""
    assert git(demo, "status", "--porcelain") == ""
