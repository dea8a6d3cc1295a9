"""Reading and validating over two processes gives exactly what one process gives."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from benchmarks.make_repo import make_repo
from ztui import fanout
from ztui.workspace import open_workspace

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def test_parallel_and_sequential_agree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_repo(tmp_path, 6, 5, seed=3)
    files = sorted((tmp_path / "env/teams").glob("services.*.yaml"))
    # A broken file and a mode in the other dialect's spelling: findings to compare.
    files[-1].write_text(files[-1].read_text() + "  oops: [\n")
    text = files[1].read_text().replace("mode: DenyAll", "mode: denyAll", 1)
    files[1].write_text(text)
    monkeypatch.setenv("ZTUI_JOBS", "1")
    alone = open_workspace(tmp_path, notices=True)
    monkeypatch.delenv("ZTUI_JOBS")
    monkeypatch.setattr(fanout, "MIN_PARALLEL_BYTES", 0)
    monkeypatch.setattr(fanout, "MIN_AVERAGE_BYTES", 0)
    assert fanout.parallel_ok(1, 1000)
    together = open_workspace(tmp_path, notices=True)
    assert together.findings == alone.findings
    assert {"ZT001", "ZT103"} <= {f.code for f in alone.findings}
    assert together.model.hashes == alone.model.hashes
    assert {k: [s.raw for s in t.services] for k, t in together.model.teams.items()} == {
        k: [s.raw for s in t.services] for k, t in alone.model.teams.items()
    }


@pytest.mark.parametrize("layout", ["files", "netpols"])
def test_parallel_and_sequential_agree_on_later_layouts(
    layout: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / layout, root)
    rules = root / "env/teams/shop/netpols/web.yaml"
    if layout == "netpols":
        rules = root / "env/teams/netpols.shop.yaml"
    # a mode in the other dialect's spelling: a schema finding to compare
    rules.write_text(rules.read_text().replace("AllowAll", "allowAll", 1))
    monkeypatch.setenv("ZTUI_JOBS", "1")
    alone = open_workspace(root, notices=True)
    monkeypatch.delenv("ZTUI_JOBS")
    monkeypatch.setattr(fanout, "MIN_PARALLEL_BYTES", 0)
    monkeypatch.setattr(fanout, "MIN_AVERAGE_BYTES", 0)
    together = open_workspace(root, notices=True)
    assert together.findings == alone.findings
    assert "ZT103" in {f.code for f in alone.findings}
    assert together.model.hashes == alone.model.hashes
    assert {r.key: r.raw for t in together.model.teams.values() for r in t.rules} == {
        r.key: r.raw for t in alone.model.teams.values() for r in t.rules
    }


def test_many_small_files_are_read_in_one_process() -> None:
    """A file-per-rule repo's files average a few hundred bytes: no helper (see fanout)."""
    assert fanout.parallel_ok(2_000_000, 100)
    assert not fanout.parallel_ok(6_000_000, 13_218)
