"""The `ztui` command: the TUI when called without a verb, the headless verbs otherwise.

Every failure a user can cause ends here as one line on stderr and an exit code (0 fine, 1 the
values have errors or a request could not be met, 2 unusable input); a traceback never reaches a
user unless ZTUI_DEBUG is set.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from ztui.cli.errors import UsageError, UserError, printable
from ztui.cli.parser import VERBS, build_parser, build_tui_parser

#: What a mistyped verb looks like (`ztui valdate repo`), as opposed to a path.
_WORD = re.compile(r"[a-z][a-z-]*\Z")


def _dispatch(argv: list[str]) -> int:
    if argv and argv[0] in VERBS:
        args, extra = build_parser().parse_known_args(argv)
        if extra:
            # argparse would blame the top-level parser and point at `ztui --help`
            raise UsageError(
                f"unrecognized arguments: {' '.join(extra)} (see `ztui {argv[0]} --help`)"
            )
        return int(args.run(args))
    if argv and _WORD.match(argv[0]) and not Path(argv[0]).exists():
        raise UsageError(
            f"{argv[0]!r} is neither a verb ({', '.join(VERBS)}) nor a folder "
            "(see `ztui --help`)"
        )
    args = build_tui_parser().parse_args(argv)
    return int(args.run(args))


def main(argv: Sequence[str] | None = None) -> int:
    """Run ztui with `argv` (default: the process arguments) and return the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        code = _dispatch(args)
        sys.stdout.flush()  # a closed pipe must show up here, not at interpreter exit
        return code
    except UserError as exc:
        print(f"ztui: {printable(str(exc))}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("ztui: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `ztui render | head`: the reader went away, which is not an error of ours.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception as exc:  # the last line of defence against tracebacks
        if os.environ.get("ZTUI_DEBUG"):
            raise
        print(
            f"ztui: internal error: {type(exc).__name__}: {printable(str(exc))} "
            "(set ZTUI_DEBUG=1 for the traceback, and please report it)",
            file=sys.stderr,
        )
        return 3


__all__ = ["UsageError", "UserError", "main"]
