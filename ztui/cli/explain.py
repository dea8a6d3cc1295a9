"""`ztui explain CODE`: what a finding code means and how to fix it.

Findings carry only a code and a one-line message; the paragraph behind each code lives in
`ztui.codes`, so CI logs stay short and the explanation is one command away.
"""

from __future__ import annotations

import argparse
import sys
import textwrap

from ztui.cli.errors import UserError
from ztui.codes import CODES

WIDTH = 80


def run_explain(args: argparse.Namespace) -> int:
    """Print the code, its severity, title and paragraph; exit 1 for an unknown code."""
    wanted = str(args.code).strip().upper()
    entry = CODES.get(wanted)
    if entry is None:
        raise UserError(f"unknown code {args.code!r} (codes: {', '.join(CODES)})")
    sys.stdout.write(f"{entry.code} ({entry.severity.value}) {entry.title}\n\n")
    sys.stdout.write(textwrap.fill(entry.explanation, WIDTH) + "\n")
    return 0
