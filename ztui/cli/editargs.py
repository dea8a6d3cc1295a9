"""Parsing the values of `ztui edit`'s options, each failure a one-line usage error.

One verb serves every layout: on a services-era repo the target is TEAM/SERVICE and the
sources are teams (`TEAM[/SERVICE]`); on a later-layout repo (spec 5) it is TEAM/RULE and the
sources are namespaces, optionally narrowed to pods with one label (`NAMESPACE[/LABEL=VALUE]`).
Options that mean nothing in the repo's layout are refused with the ones that do.
"""

from __future__ import annotations

import argparse

from ztui.cli.errors import UsageError
from ztui.model import AllowEntry, EgressRule, Label, Mode, Port, RuleType, Source

PROTOCOLS = ("HTTPS", "HTTP", "TCP")
#: `--create` with no value: a service (the services era).
CREATE_SERVICE = "service"
RULE_KINDS = {"inbound": RuleType.INGRESS, "outbound": RuleType.EGRESS}


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The options of `ztui edit` (see DESIGN.md, headless verbs)."""
    p.add_argument("repo", help="path of the values repo")
    p.add_argument("target", metavar="TEAM[/SERVICE|/RULE]",
                   help="the service (services era) or rule (later layouts) to edit, or a team")
    p.add_argument("--ingress-mode", metavar="MODE",
                   help="DenyAll, AllowOnly or AllowAll (any case; a rule: allow-only or "
                   "allow-all)")
    p.add_argument("--allow-from", action="append", default=[], metavar="SOURCE",
                   help="admit a source (repeatable): TEAM[/SERVICE] on a services-era repo, "
                   "NAMESPACE[/LABEL=VALUE] on a rule (e.g. team-web/otomi.io/app=shop)")
    p.add_argument("--revoke-from", action="append", default=[], metavar="SOURCE",
                   help="stop admitting exactly that source, written as for --allow-from "
                   "(repeatable)")
    p.add_argument("--egress-add", action="append", default=[],
                   metavar="HOST:PORT/PROTO[,PORT/PROTO...]",
                   help="trust a public host on these ports; adds missing ports to a known host")
    p.add_argument("--egress-remove", action="append", default=[], metavar="HOST",
                   help="stop trusting a host (repeatable)")
    p.add_argument("--to", metavar="LABEL=VALUE",
                   help="an inbound rule's target: the label of the pods it protects "
                   "(e.g. otomi.io/app=api)")
    p.add_argument("--domain", metavar="HOST",
                   help="an outbound rule's public host (FQDN, *.wildcard or IP)")
    p.add_argument("--ports", metavar="PORT/PROTO[,PORT/PROTO...]|none",
                   help="an outbound rule's ports, replacing its list; none removes them")
    p.add_argument("--delete", action="store_true",
                   help="delete the rule (its list item, or its file); no other rule options")
    p.add_argument("--ingress-filtering", choices=("on", "off"),
                   help="the team's networkPolicy.ingressPrivate switch (TEAM only)")
    p.add_argument("--egress-filtering", choices=("on", "off"),
                   help="the team's networkPolicy.egressPublic switch (TEAM only)")
    p.add_argument("--create", nargs="?", const=CREATE_SERVICE, metavar="inbound|outbound",
                   help="add the service (no value), or a new rule: inbound (needs --to) or "
                   "outbound (needs --domain)")
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


def _port(spec: str, whole: str, option: str = "--egress-add") -> Port:
    number, slash, protocol = spec.strip().partition("/")
    if not slash or not number.isdigit():
        raise UsageError(f"{option} {whole!r}: write ports as PORT/PROTO, e.g. 443/HTTPS")
    proto = protocol.strip().upper()
    if proto not in PROTOCOLS:
        raise UsageError(f"{option} {whole!r}: protocol must be HTTPS, HTTP or TCP")
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


def parse_rule_kind(text: str) -> RuleType:
    """`inbound` or `outbound` (what `--create` names on a later-layout repo)."""
    kind = RULE_KINDS.get(text.lower())
    if kind is None:
        raise UsageError(f"--create {text!r}: a rule is created as inbound or outbound")
    return kind


def parse_rule_mode(text: str) -> Mode:
    """A rule's mode: allow-only or allow-all (a rule has no deny-all: delete it instead)."""
    mode = Mode.parse(text.replace("-", "").replace("_", ""))
    if mode is None or mode is Mode.DENY_ALL:
        raise UsageError(
            f"--ingress-mode {text!r}: a rule is allow-only or allow-all (--delete removes it)"
        )
    return mode


def parse_label(text: str, option: str) -> Label:
    """`NAME=VALUE` (`otomi.io/app=api`); the syntax of each part is validated later."""
    name, equals, value = text.partition("=")
    if not equals or not name or not value:
        raise UsageError(f"{option} {text!r}: write LABEL=VALUE, e.g. otomi.io/app=api")
    return Label(name, value)


def parse_source(text: str, option: str) -> Source:
    """`NAMESPACE` or `NAMESPACE/LABEL=VALUE` (a namespace holds no slash; a label may)."""
    namespace, slash, label = text.partition("/")
    if not namespace or (slash and not label):
        raise UsageError(f"{option} {text!r}: write NAMESPACE or NAMESPACE/LABEL=VALUE")
    return Source(namespace, parse_label(label, option) if slash else None)


def parse_ports(text: str) -> tuple[Port, ...]:
    """`PORT/PROTO[,PORT/PROTO...]`, or `none` for no ports."""
    if text.strip().lower() == "none":
        return ()
    return tuple(_port(spec, text, "--ports") for spec in text.split(","))
