"""Parsing the values of `ztui edit`'s options, each failure a one-line usage error."""

from __future__ import annotations

import argparse

from ztui.cli.errors import UsageError
from ztui.model import AllowEntry, EgressRule, Mode, Port

PROTOCOLS = ("HTTPS", "HTTP", "TCP")


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The options of `ztui edit` (see DESIGN.md, headless verbs)."""
    p.add_argument("repo", help="path of the values repo")
    p.add_argument("target", metavar="TEAM[/SERVICE]", help="the service to edit, or a team")
    p.add_argument("--ingress-mode", metavar="MODE",
                   help="DenyAll, AllowOnly or AllowAll (any case)")
    p.add_argument("--allow-from", action="append", default=[], metavar="TEAM[/SERVICE]",
                   help="admit a team, or one service of it (repeatable)")
    p.add_argument("--revoke-from", action="append", default=[], metavar="TEAM[/SERVICE]",
                   help="stop admitting exactly that team or team/service (repeatable)")
    p.add_argument("--egress-add", action="append", default=[],
                   metavar="HOST:PORT/PROTO[,PORT/PROTO...]",
                   help="trust a public host on these ports; adds missing ports to a known host")
    p.add_argument("--egress-remove", action="append", default=[], metavar="HOST",
                   help="stop trusting a host (repeatable)")
    p.add_argument("--ingress-filtering", choices=("on", "off"),
                   help="the team's networkPolicy.ingressPrivate switch (TEAM only)")
    p.add_argument("--egress-filtering", choices=("on", "off"),
                   help="the team's networkPolicy.egressPublic switch (TEAM only)")
    p.add_argument("--create", action="store_true", help="add the service when it does not exist")
    p.add_argument("--dry-run", action="store_true", help="print the diff; write nothing")
    p.add_argument("--commit", metavar="MESSAGE", help="commit exactly the changed files")


def parse_mode(text: str) -> Mode:
    """`allowonly`, `AllowOnly`, `allow-only`... -> Mode.ALLOW_ONLY."""
    mode = Mode.parse(text.replace("-", "").replace("_", ""))
    if mode is None:
        raise UsageError(f"--ingress-mode {text!r}: use DenyAll, AllowOnly or AllowAll")
    return mode


def parse_allow(text: str) -> AllowEntry:
    """`TEAM` or `TEAM/SERVICE`."""
    team, _, service = text.partition("/")
    if not team or "/" in service or (service == "" and text.endswith("/")):
        raise UsageError(f"{text!r}: write TEAM or TEAM/SERVICE")
    return AllowEntry(team, service or None)


def parse_switch(text: str) -> bool:
    return text == "on"


def _port(spec: str, whole: str) -> Port:
    number, slash, protocol = spec.strip().partition("/")
    if not slash or not number.isdigit():
        raise UsageError(f"--egress-add {whole!r}: write ports as PORT/PROTO, e.g. 443/HTTPS")
    proto = protocol.strip().upper()
    if proto not in PROTOCOLS:
        raise UsageError(f"--egress-add {whole!r}: protocol must be HTTPS, HTTP or TCP")
    return Port(int(number), proto)


def parse_egress(text: str) -> EgressRule:
    """`HOST:PORT/PROTO[,PORT/PROTO...]`; an IPv6 host may be bracketed (`[2001:db8::1]:443/TCP`).

    The ports follow the last colon, so a bare IPv6 address works too. The host itself is
    validated later with everything else, so the message is the one `ztui validate` gives.
    """
    host, colon, ports = text.rpartition(":")
    if not colon or not host or "/" not in ports:
        raise UsageError(f"--egress-add {text!r}: write HOST:PORT/PROTO[,PORT/PROTO...]")
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    parsed = tuple(_port(spec, text) for spec in ports.split(","))
    return EgressRule(host, parsed)
