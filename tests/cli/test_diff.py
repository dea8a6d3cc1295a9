"""`ztui diff REPO [--base REV]`: the values diff and the manifests diff, base to working tree.

Each test works on a fresh demo copy (a git repo with one commit) and edits file text by hand.
The output is sections, each under a `# <title>: <REV> -> working tree` line: `values` and
`manifests` come first (a `reachability` section may follow; its own tests are elsewhere).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.cli.conftest import Cli, assert_one_line_error, git, write_repo
from ztui.repo.demo import write_demo

PAYMENTS = "env/teams/services.payments.yaml"
_HEADER = re.compile(r"^# (?P<title>[a-z]+): (?P<base>.+) -> working tree$", re.MULTILINE)


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return write_demo(tmp_path / "v")


def edit(root: Path, rel: str, old: str, new: str) -> None:
    """Replace the one occurrence of `old` in the file's text by `new`."""
    path = root / rel
    text = path.read_text()
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new))


def all_sections(out: str, base: str = "HEAD") -> dict[str, str]:
    """Each section's body by title, checking the headers' order and base."""
    heads = list(_HEADER.finditer(out))
    assert heads and heads[0].start() == 0, out[:200]
    assert [h["title"] for h in heads][:2] == ["values", "manifests"]
    assert {h["base"] for h in heads} == {base}
    ends = [h.start() for h in heads[1:]] + [len(out)]
    return {h["title"]: out[h.end() + 1 : end] for h, end in zip(heads, ends, strict=True)}


def sections(out: str) -> tuple[str, str]:
    """The values part and the manifests part of the output."""
    found = all_sections(out)
    return found["values"], found["manifests"]


def unchanged(out: str, base: str = "HEAD") -> bool:
    """Every section says `(no change)`."""
    return all(body == "(no change)\n" for body in all_sections(out, base).values())


def file_diffs(section: str) -> dict[str, tuple[str, str]]:
    """Each file's (`---` name, `+++` name) in a section, keyed by the name that is not
    /dev/null."""
    out: dict[str, tuple[str, str]] = {}
    lines = section.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("--- ") and lines[i + 1].startswith("+++ "):
            old, new = line[4:], lines[i + 1][4:]
            key = (new if new != "/dev/null" else old).split("/", 1)[1]
            out[key] = (old, new)
    return out


def added_text(section: str, name: str) -> Any:
    """The YAML of a manifest that the diff adds whole, parsed."""
    lines = section.splitlines()
    start = lines.index(f"+++ b/{name}") + 2  # skip the @@ line
    body = []
    for line in lines[start:]:
        if not line.startswith("+"):
            break
        body.append(line[1:])
    return yaml.safe_load("\n".join(body))


def test_no_change(cli: Cli, demo: Path) -> None:
    result = cli("diff", demo)
    assert (result.code, result.err) == (0, "")
    assert unchanged(result.out), result.out


def test_deny_all_to_allow_all(cli: Cli, demo: Path) -> None:
    # payments/reconciler, line 46
    edit(demo, PAYMENTS, "mode: DenyAll", "mode: AllowAll")
    result = cli("diff", demo)
    assert (result.code, result.err) == (0, "")
    values, manifests = sections(result.out)
    assert file_diffs(values) == {PAYMENTS: (f"a/{PAYMENTS}", f"b/{PAYMENTS}")}
    assert "\n-            mode: DenyAll\n+            mode: AllowAll\n" in values
    assert "@@ -43,7 +43,7 @@" in values  # three lines of context around line 46
    name = "manifests/team-payments/NetworkPolicy/reconciler-ingress-from-all-teams.yaml"
    assert file_diffs(manifests) == {name: ("/dev/null", f"b/{name}")}
    assert added_text(manifests, name)["spec"] == {
        "podSelector": {"matchLabels": {"otomi.io/app": "reconciler"}},
        "policyTypes": ["Ingress"],
        "ingress": [{"from": [{"namespaceSelector": {"matchLabels": {"type": "team"}}}]}],
    }


def test_allow_only_to_allow_all_renames_the_policy(cli: Cli, demo: Path) -> None:
    # web/checkout (in services.web.yaml, 4-space indents)
    edit(demo, "env/teams/services.web.yaml",
         "mode: AllowOnly\n                      allow:\n                          - team: web\n"
         "                            service: frontend\n",
         "mode: AllowAll\n")
    result = cli("diff", demo)
    assert result.code == 0
    _, manifests = sections(result.out)
    old = "manifests/team-web/NetworkPolicy/checkout-ingress-allow-only.yaml"
    new = "manifests/team-web/NetworkPolicy/checkout-ingress-from-all-teams.yaml"
    assert file_diffs(manifests) == {old: (f"a/{old}", "/dev/null"),
                                    new: ("/dev/null", f"b/{new}")}


def test_egress_change_modifies_one_service_entry(cli: Cli, demo: Path) -> None:
    edit(demo, "env/teams/services.web.yaml", "number: 80\n", "number: 8080\n")
    _, manifests = sections(cli("diff", demo).out)
    name = "manifests/team-web/ServiceEntry/web-cms-images-unsplash-com.yaml"
    assert file_diffs(manifests) == {name: (f"a/{name}", f"b/{name}")}
    assert "\n-  - number: 80\n-    name: http-80\n" in manifests
    assert "\n+  - number: 8080\n+    name: http-8080\n" in manifests


def test_removed_file(cli: Cli, demo: Path) -> None:
    (demo / "env/teams/services.legacy.yaml").unlink()
    values, manifests = sections(cli("diff", demo).out)
    assert file_diffs(values) == {
        "env/teams/services.legacy.yaml": ("a/env/teams/services.legacy.yaml", "/dev/null")}
    # legacy keeps its team defaults; its services' ServiceEntries go
    assert set(file_diffs(manifests)) == {
        "manifests/team-legacy/ServiceEntry/legacy-monolith-smtp-sendgrid-net.yaml",
        "manifests/team-legacy/ServiceEntry/legacy-monolith-203-0-113-40.yaml",
        "manifests/team-legacy/ServiceEntry/legacy-batch-sftp-warehouse-partner-example-org.yaml",
    }


def test_base_revision(cli: Cli, demo: Path) -> None:
    edit(demo, PAYMENTS, "mode: DenyAll", "mode: AllowAll")
    git(demo, "commit", "-qam", "open reconciler")
    assert unchanged(cli("diff", demo).out)
    result = cli("diff", demo, "--base", "HEAD~1")
    assert result.code == 0
    assert all_sections(result.out, "HEAD~1")["values"].startswith(f"--- a/{PAYMENTS}\n")
    assert "+            mode: AllowAll" in result.out
    main = git(demo, "rev-parse", "HEAD~1").strip()
    assert cli("diff", demo, "--base", main).out.replace(main, "HEAD~1") == result.out


@pytest.mark.parametrize("rev", ["nope", "HEAD~5", "--all", "=", " "])
def test_unknown_revision(cli: Cli, demo: Path, rev: str) -> None:
    result = cli("diff", demo, f"--base={rev}")
    assert_one_line_error(result, 1, "unknown revision")
    assert result.out == ""


def test_not_a_git_repo(cli: Cli, tmp_path: Path, demo: Path) -> None:
    plain = tmp_path / "plain"
    shutil.copytree(demo / "env", plain / "env")
    result = cli("diff", plain)
    assert_one_line_error(result, 2, "not in a git repository")
    assert result.out == ""


def test_not_a_values_repo(cli: Cli, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    git(empty, "init", "-q")
    assert_one_line_error(cli("diff", empty), 2, "looked for")
    assert_one_line_error(cli("diff", tmp_path / "missing"), 2, "missing")


def test_unborn_branch_everything_is_new(cli: Cli, tmp_path: Path) -> None:
    root = write_repo(tmp_path / "r", {}, base=True)
    git(root, "init", "-q", "-b", "main")
    for base in ("HEAD", "main"):
        result = cli("diff", root, "--base", base)
        assert (result.code, result.err) == (0, "")
        found = all_sections(result.out, base)
        values, manifests = found["values"], found["manifests"]
        assert file_diffs(values) == {
            rel: ("/dev/null", f"b/{rel}") for rel in
            ("env/teams.yaml", "env/teams/services.a.yaml", "env/teams/services.c.yaml")}
        assert "+  a: {}" in values
        added = file_diffs(manifests)
        assert "manifests/team-a/NetworkPolicy/s1-ingress-from-all-teams.yaml" in added
        assert all(old == "/dev/null" for old, _ in added.values())


def test_repo_in_a_subfolder_of_the_work_tree(cli: Cli, tmp_path: Path) -> None:
    work = tmp_path / "mono"
    write_demo(work / "values")
    shutil.rmtree(work / "values/.git")
    write_repo(work, {"README.md": "monorepo\n", "other/env/teams.yaml": "teamConfig: {}\n"})
    git(work, "init", "-q", "-b", "main")
    git(work, "add", "-A")
    git(work, "commit", "-qm", "init")
    assert unchanged(cli("diff", work / "values").out)
    edit(work / "values", PAYMENTS, "mode: DenyAll", "mode: AllowAll")
    values, manifests = sections(cli("diff", work / "values").out)
    assert file_diffs(values) == {PAYMENTS: (f"a/{PAYMENTS}", f"b/{PAYMENTS}")}
    assert len(file_diffs(manifests)) == 1


def test_a_link_out_of_the_repo_is_never_printed(cli: Cli, tmp_path: Path, demo: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("password: hunter2\n")
    web = demo / "env/teams/services.web.yaml"
    web.unlink()
    web.symlink_to(secret)
    (demo / "env/teams/services.new.yaml").symlink_to(secret)
    result = cli("diff", demo)
    assert result.code == 0
    assert "hunter2" not in result.out + result.err
    values, _ = sections(result.out)
    # as git sees it: the link out is not a file of the values
    assert file_diffs(values) == {
        "env/teams/services.web.yaml": ("a/env/teams/services.web.yaml", "/dev/null")}
    assert "the working tree has" in result.err  # the link is a reading error (ZT007)


def test_broken_working_tree_still_diffs(cli: Cli, demo: Path) -> None:
    edit(demo, PAYMENTS, "  payments:\n", "  payments: [\n")
    result = cli("diff", demo)
    assert result.code == 0
    assert result.err == (
        "ztui: note: the working tree has 1 reading error; its manifests may be incomplete\n")
    values, manifests = sections(result.out)
    assert "+  payments: [" in values
    # the team's services are gone from the rendered side (its defaults stay)
    assert "manifests/team-payments/ServiceEntry/payments-api-api-stripe-com.yaml" in manifests
