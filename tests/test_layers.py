"""The core never imports textual: only `ztui/ui/` may (DESIGN.md, the layering rule)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import ztui


def _core_modules() -> list[str]:
    names = [
        info.name
        for info in pkgutil.walk_packages(ztui.__path__, prefix="ztui.")
        if not info.name.startswith(("ztui.ui", "ztui.demo", "ztui.__main__"))
    ]
    assert "ztui.model" in names and "ztui.cli" in names
    return names


def test_core_modules_do_not_import_textual() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {_core_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "", f"textual imported by the core: {out}"
