"""Argument parsing for every verb; each subparser sets `run`, the function that does the work.

Verbs import their modules lazily so `ztui validate` never pays for importing textual.
"""

from __future__ import annotations

import argparse
from typing import Any, NoReturn

from ztui import __version__
from ztui.cli.errors import UsageError

VERBS = ("validate", "render", "diff", "reach", "explain", "edit", "push", "demo")


class _Parser(argparse.ArgumentParser):
    """argparse that raises a one-line UsageError instead of printing usage and exiting 2."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see `{self.prog} --help`)")


def _lazy(module: str, func: str) -> Any:
    def run(args: argparse.Namespace) -> int:
        import importlib

        return int(getattr(importlib.import_module(module), func)(args))

    return run


def build_parser() -> argparse.ArgumentParser:
    """The parser of `ztui VERB ...`."""
    parser = _Parser(
        prog="ztui", description="Zero-trust network policies of an Otomi values repo."
    )
    parser.add_argument("--version", action="version", version=f"ztui {__version__}")
    verbs = parser.add_subparsers(dest="verb", required=True, parser_class=_Parser)

    p = verbs.add_parser("validate", help="check the repo; exit 0 valid, 1 errors, 2 unusable")
    p.add_argument("repo", help="path of the values repo")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--notices", action="store_true",
                   help="also list info-level lint (AllowAll services, wildcard egress)")
    p.set_defaults(run=_lazy("ztui.cli.check", "run_validate"))

    p = verbs.add_parser("render", help="the manifests as one YAML stream on stdout")
    p.add_argument("repo", help="path of the values repo")
    p.add_argument("--team", help="only this team's manifests")
    p.add_argument("--service", help="only this service's manifests and its team's defaults")
    p.set_defaults(run=_lazy("ztui.cli.check", "run_render"))

    p = verbs.add_parser("diff", help="values and manifest changes from REV to the working tree")
    p.add_argument("repo", help="path of the values repo")
    p.add_argument("--base", default="HEAD", help="the revision to compare with (default HEAD)")
    p.set_defaults(run=_lazy("ztui.cli.diff", "run_diff"))

    p = verbs.add_parser(
        "reach", help="who can reach a service (and through what), what it can reach",
        description="Reachability computed from the rendered manifests: for TEAM/SERVICE, the "
        "services and platform components that may reach it (with the admitting policy) and "
        "the public endpoints it may reach (with the ServiceEntry and the rule that added it); "
        "with --matrix, every (source, target) pair of services.",
    )
    p.add_argument("repo", help="path of the values repo")
    p.add_argument("service", nargs="?", metavar="TEAM/SERVICE", help="the service to look at")
    p.add_argument("--matrix", action="store_true", help="every (source, target) pair of services")
    p.add_argument("--from", dest="source", metavar="SOURCE",
                   help="explain whether TEAM/SERVICE or platform:NAME may reach it, and why")
    p.add_argument("--format", choices=("text", "json", "csv"), default="text",
                   help="text (default), json, or csv (with --matrix: source,target,via)")
    p.set_defaults(run=_lazy("ztui.cli.reach", "run_reach"))

    p = verbs.add_parser("explain", help="what a finding code means and how to fix it")
    p.add_argument("code", metavar="CODE", help="a finding code, e.g. ZT207")
    p.set_defaults(run=_lazy("ztui.cli.explain", "run_explain"))

    p = verbs.add_parser(
        "edit", help="change a service's rules or a team's switches (validated, byte-exact)",
        description="Edit TEAM/SERVICE (mode, allow, revoke, egress) or TEAM (switches). The "
        "result is validated first; an invalid one is refused and nothing is written.",
    )
    from ztui.cli.editargs import add_arguments

    add_arguments(p)
    p.set_defaults(run=_lazy("ztui.cli.edit", "run_edit"))

    p = verbs.add_parser("push", help="push the current branch to its upstream; never forced")
    p.add_argument("repo", help="path of the values repo")
    p.add_argument("--remote", help="push to this remote instead of the branch's upstream remote")
    p.set_defaults(run=_lazy("ztui.cli.push", "run_push"))

    p = verbs.add_parser("demo", help="write a copy of the bundled demo repo (a git repo) to PATH")
    p.add_argument("path", help="where to write it (must not exist or be empty)")
    p.set_defaults(run=_lazy("ztui.cli.demo", "run_demo"))
    return parser


def build_tui_parser() -> argparse.ArgumentParser:
    """The parser of `ztui [REPO] [--read-only] [--demo]`, which opens the TUI."""
    parser = _Parser(
        prog="ztui",
        description="Open the configurator on an Otomi values repo. Headless verbs: "
        + ", ".join(VERBS) + " (see `ztui VERB --help`).",
    )
    parser.add_argument("--version", action="version", version=f"ztui {__version__}")
    parser.add_argument("repo", nargs="?", default=".", help="path of the values repo (default .)")
    parser.add_argument("--read-only", action="store_true", help="browse only; nothing is written")
    parser.add_argument("--demo", action="store_true", help="open a fresh copy of the demo repo")
    parser.set_defaults(run=_lazy("ztui.cli.tui", "run_tui"))
    return parser
