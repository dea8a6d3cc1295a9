"""How form text maps to a service's raw mapping, and findings map back to form fields.

The forms hold text (`443/HTTPS, 80/HTTP`); the edit functions in `ztui.edits` take typed
rules. This module is the translation both ways, plus the routing of a finding's field path
(`networkPolicy.egressPublic[1].ports[0].number`) to the field that shows its message, so the
message a person reads next to a field is exactly the one `ztui validate` prints.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from ztui.model import Port

Section = Literal["general", "mode", "allow", "egress"]

MODE_PATH = "networkPolicy.ingressPrivate.mode"
ALLOW_PATH = "networkPolicy.ingressPrivate.allow"
EGRESS_PATH = "networkPolicy.egressPublic"

_ALLOW_ROW = re.compile(r"^networkPolicy\.ingressPrivate\.allow\[(\d+)\](?:\.(team|service))?")
_EGRESS_ROW = re.compile(r"^networkPolicy\.egressPublic\[(\d+)\](?:\.(domain|ports))?")
_PORT = re.compile(r"^([0-9]+)(?:/([A-Za-z]*))?$")
_SEPARATORS = re.compile(r"[,\s]+")


@dataclass(frozen=True, slots=True)
class Spot:
    """Where in the service form a finding belongs: a section, and a row and column in it."""

    section: Section
    index: int | None = None
    column: str | None = None


def spot_of(path: str | None) -> Spot:
    """The form field for a finding's dotted path; `general` when no field shows it."""
    if not path:
        return Spot("general")
    if match := _ALLOW_ROW.match(path):
        return Spot("allow", int(match.group(1)), match.group(2) or "team")
    if path.startswith(ALLOW_PATH):
        return Spot("allow")
    if path.startswith("networkPolicy.ingressPrivate"):
        return Spot("mode")
    if match := _EGRESS_ROW.match(path):
        return Spot("egress", int(match.group(1)), match.group(2) or "domain")
    if path.startswith(EGRESS_PATH):
        return Spot("egress")
    return Spot("general")


def allow_path(index: int, column: str) -> str:
    """The dotted path of an allow row's field (`team` or `service`)."""
    return f"{ALLOW_PATH}[{index}].{column}"


def egress_path(index: int, column: str) -> str:
    """The dotted path of an egress row's field (`domain` or `ports`)."""
    return f"{EGRESS_PATH}[{index}].{column}"


def _section(raw: Mapping[str, Any], *keys: str) -> Mapping[str, Any]:
    node: Any = raw
    for key in keys:
        node = node.get(key) if isinstance(node, Mapping) else None
    return node if isinstance(node, Mapping) else {}


def _text(value: Any) -> str:
    return "" if value is None else value if isinstance(value, str) else str(value)


def raw_mode(raw: Mapping[str, Any]) -> str | None:
    """The mode as written in the file (any spelling), or None when absent."""
    mode = _section(raw, "networkPolicy", "ingressPrivate").get("mode")
    return None if mode is None else _text(mode)


def allow_rows(raw: Mapping[str, Any]) -> list[tuple[Any, Any]]:
    """The allow list as (team, service) values, as stored; a non-mapping item is its team."""
    items = _section(raw, "networkPolicy", "ingressPrivate").get("allow")
    if not isinstance(items, list):
        return []
    return [
        (item.get("team"), item.get("service")) if isinstance(item, Mapping) else (item, None)
        for item in items
    ]


def egress_rows(raw: Mapping[str, Any]) -> list[tuple[Any, str]]:
    """The egress list as (domain value, ports text) pairs."""
    items = _section(raw, "networkPolicy").get("egressPublic")
    if not isinstance(items, list):
        return []
    return [
        (item.get("domain"), format_ports(item.get("ports")))
        if isinstance(item, Mapping) else (item, "")
        for item in items
    ]


def format_ports(ports: Any) -> str:
    """Ports as the form writes them: `443/HTTPS, 80/HTTP` (odd entries as their text)."""
    if not isinstance(ports, list):
        return "" if ports is None else _text(ports)
    parts = []
    for port in ports:
        if isinstance(port, Mapping):
            parts.append(f"{_text(port.get('number'))}/{_text(port.get('protocol'))}")
        else:
            parts.append(_text(port))
    return ", ".join(parts)


def parse_ports(text: str) -> tuple[list[Port], str | None]:
    """The ports in `text` and, when some part is not `NUMBER/PROTOCOL`, what to write instead.

    Numbers and protocols are taken as typed (the protocol upper-cased), so a port out of
    range or an unknown protocol reaches the schema and gets the message `ztui validate`
    gives. Only text that cannot become a port at all is reported here.
    """
    ports: list[Port] = []
    for token in (t for t in _SEPARATORS.split(text.strip()) if t):
        match = _PORT.match(token)
        if match is None:
            return ports, f"{token!r} is not a port: write NUMBER/PROTOCOL, e.g. 443/HTTPS"
        number, protocol = match.groups()
        if not protocol:
            choices = f"{number}/HTTPS, {number}/HTTP or {number}/TCP"
            return ports, f"{token!r} needs a protocol: {choices}"
        ports.append(Port(int(number), protocol.upper()))
    return ports, None
