"""`ztui demo PATH`: write a copy of the bundled demo repo to play with."""

from __future__ import annotations

import argparse
from pathlib import Path

from ztui.cli.errors import UserError
from ztui.repo.demo import DemoError, write_demo


def run_demo(args: argparse.Namespace) -> int:
    """Write the demo to `args.path` and say how to open it."""
    try:
        target = write_demo(Path(args.path))
    except DemoError as exc:
        raise UserError(str(exc)) from exc
    except OSError as exc:  # `[Errno 13] Permission denied: '/x'` reads as a crash
        where = exc.filename or args.path
        raise UserError(f"cannot write the demo to {where}: {exc.strerror or exc}") from exc
    print(f"wrote the demo values repo to {target} (a git repo with one commit)")
    print(f"open it with: ztui {target}")
    return 0
