"""Services-like values files in many hand-written styles, for the generated tests.

A small emitter of its own (not ztui's) so the tests start from layouts people write: 2 or 4
space indents, dashes indented or not, wide content after the dash, quoted strings, comment
lines above items and after values, blank lines between services, flow-style port lists.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: Strings this emitter must quote (the generated data uses no others that need it).
_SPECIAL = frozenset({"on", "yes", "80"})


@dataclass(frozen=True)
class Layout:
    """How a generated file is written."""

    indent: int = 2
    dash: int = 2
    content: int = 2
    quote: str = ""
    comments: bool = False
    blank: bool = False
    flow_ports: bool = False


def render(data: dict[str, Any], layout: Layout) -> str:
    """`data` as YAML text in `layout`."""
    lines: list[str] = []
    for key, value in data.items():
        _entry(key, value, 0, layout, lines)
    return "\n".join(lines) + "\n"


def _scalar(value: Any, layout: Layout) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and (layout.quote or value in _SPECIAL or value.startswith("*")):
        quote = layout.quote or "'"
        return f"{quote}{value}{quote}"
    return str(value)


def _flow(value: Any, layout: Layout) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v, layout)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v, layout) for v in value) + "]"
    return _scalar(value, layout)


def _entry(key: str, value: Any, column: int, layout: Layout, lines: list[str]) -> None:
    pad = " " * column
    if isinstance(value, dict) and value:
        lines.append(f"{pad}{key}:")
        for sub_key, sub_value in value.items():
            _entry(sub_key, sub_value, column + layout.indent, layout, lines)
    elif isinstance(value, list) and value and not (key == "ports" and layout.flow_ports):
        lines.append(f"{pad}{key}:")
        dash = column + layout.dash
        for index, item in enumerate(value):
            if layout.blank and key == "services" and index:
                lines.append("")
            if layout.comments and key in ("services", "allow"):
                lines.append(f"{' ' * dash}# {key} item {index}")
            _item(item, dash, layout, lines)
    elif isinstance(value, list | dict):
        lines.append(f"{pad}{key}: {_flow(value, layout)}")
    else:
        note = "  # chosen mode" if layout.comments and key == "mode" else ""
        lines.append(f"{pad}{key}: {_scalar(value, layout)}{note}")


def _item(item: Any, dash: int, layout: Layout, lines: list[str]) -> None:
    content = dash + layout.content
    lead = " " * dash + "-" + " " * (layout.content - 1)
    if isinstance(item, dict) and item:
        sub: list[str] = []
        for key, value in item.items():
            _entry(key, value, content, layout, sub)
        sub[0] = lead + sub[0][content:]
        lines.extend(sub)
    else:
        lines.append(lead + _scalar(item, layout))


def services_data(teams: int, services: int) -> dict[str, Any]:
    """A single-file v2 repo: `teams` teams of `services` services each."""
    return {
        "teamConfig": {
            f"team-{t}": {
                "networkPolicy": {"ingressPrivate": True, "egressPublic": True},
                "services": [_service(t, s) for s in range(services)],
            }
            for t in range(teams)
        }
    }


def _service(team: int, index: int) -> dict[str, Any]:
    return {
        "name": f"svc-{index}",
        "port": 8000 + index,
        "networkPolicy": {
            "ingressPrivate": {
                "mode": "AllowOnly",
                "allow": [{"team": f"team-{team + 1}", "service": f"svc-{index + 3}"}],
            },
            "egressPublic": [
                {
                    "domain": f"api{index}.example.com",
                    "ports": [{"protocol": "HTTPS", "number": 443}],
                }
            ],
        },
    }
