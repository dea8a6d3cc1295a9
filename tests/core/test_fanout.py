"""Reading and validating over two processes gives exactly what one process gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.make_repo import make_repo
from ztui import fanout
from ztui.workspace import open_workspace


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
    assert fanout.parallel_ok(1)
    together = open_workspace(tmp_path, notices=True)
    assert together.findings == alone.findings
    assert {"ZT001", "ZT103"} <= {f.code for f in alone.findings}
    assert together.model.hashes == alone.model.hashes
    assert {k: [s.raw for s in t.services] for k, t in together.model.teams.items()} == {
        k: [s.raw for s in t.services] for k, t in alone.model.teams.items()
    }
