"""`ztui [REPO] [--read-only] [--demo [--layout L]]`: open the configurator (in ztui.ui).

Textual is imported only here, inside `run_tui`, so the headless verbs never pay for it. What
can be decided before the screen opens is decided here: a missing folder is a one-line error,
and a folder the user cannot write opens read-only, with the reason shown in the app.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from ztui.cli.errors import UsageError, UserError


def _root(args: argparse.Namespace) -> Path:
    layout = getattr(args, "layout", "services")
    if layout != "services" and not args.demo:
        raise UsageError("--layout goes with --demo (convert a repo with `ztui migrate`)")
    if args.demo:
        from ztui.cli.demo import demo_converter
        from ztui.migrate.strip import MigrateError
        from ztui.repo.demo import DemoError, temporary_demo

        try:
            return temporary_demo(demo_converter(layout))
        except (DemoError, MigrateError, OSError) as exc:
            raise UserError(f"could not write the demo repo: {exc}") from exc
    root = Path(args.repo).expanduser()
    if not root.is_dir():
        raise UsageError(f"{args.repo}: no such folder")
    return root.resolve()


def run_tui(args: argparse.Namespace) -> int:
    """Open the TUI on `args.repo` (or a fresh demo copy) and return its exit code."""
    root = _root(args)
    reason = None
    if not args.read_only and not os.access(root, os.W_OK):
        reason = f"{root} is not writable by you, so ztui opened it read-only"
    from ztui.ui.app import ZtuiApp

    app = ZtuiApp(root, read_only=args.read_only, read_only_reason=reason)
    app.run()
    if args.demo:
        print(f"the demo repo is at {root}")
    return app.return_code or 0
