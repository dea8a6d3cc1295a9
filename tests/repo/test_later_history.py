"""The later layouts' files in `ztui diff` and `ztui validate`: what the reader owns of them."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.gitenv import isolate_git
from ztui.cli import main
from ztui.repo.gitrepo import open_repo
from ztui.repo.history import current_values_files, values_files_at

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
STRIPE = "env/teams/shop/netpols/stripe.yaml"


@pytest.fixture
def files_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git copy of tests/fixtures/files with one commit."""
    (tmp_path / "home").mkdir()
    isolate_git(tmp_path / "home", monkeypatch)
    root = tmp_path / "v"
    shutil.copytree(FIXTURES / "files", root)
    for args in (("init", "-q", "-b", "main"), ("add", "-A"), ("commit", "-qm", "init")):
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)
    return root


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_values_files_include_the_later_layouts_files(files_repo: Path) -> None:
    rules = {
        "env/teams/shop/settings.yaml", STRIPE, "env/teams/labs/netpols/github.yaml",
    }
    assert rules <= set(current_values_files(files_repo))
    repo = open_repo(files_repo)
    assert repo is not None
    try:
        assert rules <= set(values_files_at(repo, "HEAD"))
    finally:
        repo.close()
    assert "env/teams/netpols.shop.yaml" in current_values_files(FIXTURES / "netpols")


def test_diff_shows_changed_added_and_removed_rule_files(
    files_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = files_repo / STRIPE
    path.write_text(path.read_text().replace("api.stripe.com", "files.stripe.com"))
    (files_repo / "env/teams/labs/netpols/github.yaml").unlink()
    new = files_repo / "env/teams/data/netpols/pypi.yaml"
    new.write_text((files_repo / "env/teams/data/netpols/s3.yaml").read_text()
                   .replace("name: s3", "name: pypi"))
    code, out, err = run(capsys, "diff", str(files_repo))
    assert code == 0 and "Traceback" not in err
    values = out.split("# manifests:")[0]
    assert f"--- a/{STRIPE}\n+++ b/{STRIPE}\n" in values
    assert "\n-      domain: api.stripe.com\n+      domain: files.stripe.com\n" in values
    assert "--- a/env/teams/labs/netpols/github.yaml\n+++ /dev/null\n" in values
    assert "--- /dev/null\n+++ b/env/teams/data/netpols/pypi.yaml\n" in values


@pytest.mark.parametrize(("name", "layout", "files"), [
    ("files", "files (one file per rule)", 13),
    ("netpols", "netpols (netpols lists)", 4),
])
def test_validate_names_the_layout(
    capsys: pytest.CaptureFixture[str], name: str, layout: str, files: int
) -> None:
    root = FIXTURES / name
    code, out, err = run(capsys, "validate", str(root))
    assert code in (0, 1) and "Traceback" not in err
    assert out.splitlines()[0] == (
        f"{root}: layout {layout}, dialect v2, 4 teams, 9 rules, {files} files"
    )


@pytest.mark.parametrize("name", ["files", "netpols"])
def test_validate_json_counts_rules(capsys: pytest.CaptureFixture[str], name: str) -> None:
    code, out, _ = run(capsys, "validate", str(FIXTURES / name), "--format", "json")
    doc = json.loads(out)
    assert (code, doc["layout"], doc["teams"], doc["services"], doc["rules"]) == (
        0, name, 4, 0, 9
    )
    # The fixtures' two deliberate warnings: shop/db denies all, labs/github renders nothing.
    assert sorted((f["code"], f["rule"]) for f in doc["findings"]) == [
        ("ZT204", "github"), ("ZT207", "db")
    ]
