"""`ztui demo PATH [--layout services|netpols|files]`: write a copy of the bundled demo repo.

The demo is kept in the services era; `--layout netpols` or `files` writes it migrated by
`ztui migrate` (the same conversion and reachability check), so each layout can be tried on
the same teams.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ztui.cli.errors import UserError
from ztui.repo.demo import Convert, DemoError, write_demo


def demo_converter(layout: str) -> Convert | None:
    """The conversion `write_demo` runs for `layout` (None for the services era)."""
    if layout == "services":
        return None
    from ztui.migrate.migration import converter
    from ztui.model import Layout

    return converter(Layout(layout))


def run_demo(args: argparse.Namespace) -> int:
    """Write the demo to `args.path` and say how to open it."""
    from ztui.migrate.strip import MigrateError

    layout = getattr(args, "layout", "services")
    try:
        target = write_demo(Path(args.path), demo_converter(layout))
    except (DemoError, MigrateError) as exc:
        raise UserError(str(exc)) from exc
    except OSError as exc:  # `[Errno 13] Permission denied: '/x'` reads as a crash
        where = exc.filename or args.path
        raise UserError(f"cannot write the demo to {where}: {exc.strerror or exc}") from exc
    print(f"wrote the demo values repo to {target} (a git repo with one commit, "
          f"layout {layout})")
    print(f"open it with: ztui {target}")
    return 0
