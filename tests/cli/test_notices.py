"""`ztui validate --notices` lists the info-level lint; without it the demo stays quiet."""

from __future__ import annotations

from pathlib import Path

import pytest

from ztui.cli import main

DEMO = Path(__file__).resolve().parents[2] / "ztui" / "demo"


def test_notices_only_on_request(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(DEMO)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "0 errors, 0 warnings"
    assert main(["validate", str(DEMO), "--notices"]) == 0
    lines = capsys.readouterr().out.splitlines()
    # The demo's frontend is AllowAll, and payments and web trust one wildcard host each.
    assert lines[-1] == "0 errors, 0 warnings, 3 notices"
    assert sum(" info ZT301 " in line for line in lines) == 1
    assert sum(" info ZT302 " in line for line in lines) == 2
