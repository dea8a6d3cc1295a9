"""The UI's non-drawing modules import no textual, so their rules are testable on their own."""

from __future__ import annotations

import subprocess
import sys

HEADLESS = ("ztui.ui.session", "ztui.ui.drafts", "ztui.ui.fields", "ztui.ui.tasks", "ztui.ui.text")


def test_headless_modules_do_not_import_textual() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {HEADLESS!r}:\n"
        "    importlib.import_module(name)\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] == 'textual')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""
