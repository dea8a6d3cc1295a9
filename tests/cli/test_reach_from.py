"""`ztui reach REPO TARGET --from SOURCE` says whether one source gets in, and why not.

Expectations come from the demo files: payments/ledger is AllowOnly from payments/api and
payments/reconciler (services.payments.yaml), so web/checkout is denied by the team's
default-ingress-deny and admitted by nothing, while payments/api comes in through
ledger-ingress-allow-only.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ztui.cli import main

DEMO = str(Path(__file__).resolve().parents[2] / "ztui" / "demo")


def test_admitted_pair_names_the_policy(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["reach", DEMO, "payments/ledger", "--from", "payments/api"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("payments/api may reach payments/ledger: ledger-ingress-allow-only")


def test_denied_pair_says_why(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["reach", DEMO, "payments/ledger", "--from", "web/checkout"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("web/checkout cannot reach payments/ledger:")
    assert "default-ingress-deny" in out
    assert "no policy admits web/checkout" in out


def test_unknown_source_and_missing_target(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["reach", DEMO, "payments/ledger", "--from", "nope/x"]) == 1
    assert "no source 'nope/x'" in capsys.readouterr().err
    assert main(["reach", DEMO, "--matrix", "--from", "web/checkout"]) == 2
