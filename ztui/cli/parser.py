"""Argument parsing for every verb; each subparser sets `run`, the function that does the work.

Verbs import their modules lazily so `ztui validate` never pays for importing textual.
"""

from __future__ import annotations

import argparse
from typing import Any, NoReturn

from ztui import __version__
from ztui.cli.errors import UsageError

#: The layouts `ztui demo --layout` and `ztui --demo --layout` write the demo in.
DEMO_LAYOUTS = ("services", "netpols", "files")

VERBS = ("validate", "render", "diff", "reach", "explain", "edit", "push", "demo", "migrate")


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
    p.add_argument("--rule", metavar="RULE",
                   help="later layouts (netpols, files): only this rule's manifests (RULE or "
                   "TEAM/RULE) and its team's defaults and Sidecars")
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
        "with --matrix, every (source, target) pair of services. In the later layouts (netpols, "
        "files) pods are the workloads that rule labels name: TEAM/api for otomi.io/app=api, "
        "TEAM/LABEL=VALUE for any other label; TEAM/RULE names an inbound rule's workload, or "
        "says which pods an outbound rule lets out and to what.",
    )
    p.add_argument("repo", help="path of the values repo")
    p.add_argument("service", nargs="?", metavar="TEAM/SERVICE",
                   help="the service (later layouts: workload or rule) to look at")
    p.add_argument("--matrix", action="store_true", help="every (source, target) pair of services")
    p.add_argument("--from", dest="source", metavar="SOURCE",
                   help="explain whether TEAM/SERVICE (TEAM/WORKLOAD, TEAM/RULE) or "
                   "platform:NAME may reach it, and why")
    p.add_argument("--format", choices=("text", "json", "csv"), default="text",
                   help="text (default), json, or csv (with --matrix: source,target,via)")
    p.set_defaults(run=_lazy("ztui.cli.reach", "run_reach"))

    p = verbs.add_parser("explain", help="what a finding code means and how to fix it")
    p.add_argument("code", metavar="CODE", help="a finding code, e.g. ZT207")
    p.set_defaults(run=_lazy("ztui.cli.explain", "run_explain"))

    p = verbs.add_parser(
        "edit", help="change a service's or rule's settings, or a team's switches (validated, "
        "byte-exact)",
        description="Edit TEAM/SERVICE (mode, allow, revoke, egress) on a services-era repo, "
        "TEAM/RULE on a later-layout repo (create inbound|outbound, delete, target, mode, "
        "sources, domain, ports), or TEAM (switches, in every layout). The result is validated "
        "first; an invalid one is refused and nothing is written. Options apply in this order: "
        "create, mode, target (--to), allow, revoke, domain, ports.",
        epilog="Rule examples: ztui edit REPO shop/api --allow-from team-web/otomi.io/app=front; "
        "ztui edit REPO shop/pypi --create outbound --domain pypi.org --ports 443/HTTPS; "
        "ztui edit REPO shop/old --delete --commit 'drop old rule'.",
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
    p.add_argument("--layout", choices=DEMO_LAYOUTS, default="services",
                   help="services (default), or the demo migrated to netpols or files")
    p.set_defaults(run=_lazy("ztui.cli.demo", "run_demo"))

    p = verbs.add_parser(
        "migrate", help="convert a services-era repo to a later layout (diff first)",
        description="Convert a services-era repo (dialect v1 or v2, split or single file) to "
        "the netpols-list layout (2024) or the file-per-rule layout (2025 on). Without "
        "--write: the diff of every file, what cannot be carried over, and the reachability "
        "check before and after. With --write: write it (refused when the repo has errors or "
        "the check finds differences no note explains). Exit 0 done, 1 refused, 2 not a "
        "services-era repo.",
    )
    p.add_argument("repo", help="path of the values repo")
    p.add_argument("--to", required=True, choices=("netpols", "files"),
                   help="netpols: env/teams/netpols.<team>.yaml; "
                   "files: env/teams/<team>/netpols/<rule>.yaml")
    p.add_argument("--write", action="store_true", help="write the files (default: show the diff)")
    p.set_defaults(run=_lazy("ztui.cli.migrate", "run_migrate"))
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
    parser.add_argument("--layout", choices=DEMO_LAYOUTS, default="services",
                        help="with --demo: the demo in this layout (default services)")
    parser.set_defaults(run=_lazy("ztui.cli.tui", "run_tui"))
    return parser
