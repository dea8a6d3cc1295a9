"""From a later layout's raw rule (spec 5) to the model's Rule, leniently and cheaply.

The counterpart of `ztui.repo.build` for named rules: pure, never raising, and a value of the
wrong type falls back (no type, AllowOnly, no target, no sources) while it stays in `raw`, where
validation reports it with its mark. The TUI rebuilds a rule from its raw data on every
keystroke, so this does little work.

Both layouts store `ruleType` the same way, at `base` inside `raw`: `()` for a `netpols` list
item, `("spec",)` for an `AplTeamNetworkControl` document.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ztui.model import (
    EgressRule,
    FieldPath,
    Label,
    Location,
    Mode,
    Port,
    Rule,
    RuleType,
    Source,
)


def build_rule(
    team_id: str,
    raw: dict[str, Any],
    *,
    base: FieldPath = (),
    name: str | None = None,
    marks: Mapping[FieldPath, Location] | None = None,
    location: Location | None = None,
    file: str | None = None,
) -> Rule:
    """The Rule that `raw` describes; `name` is the rule's name when the caller knows it
    better (the file-per-rule layout names a rule by `metadata.name`, else by its file)."""
    holder = _at(raw, base)
    rule_type = _mapping(holder.get("ruleType"))
    ingress = _mapping(rule_type.get("ingress"))
    egress = _mapping(rule_type.get("egress"))
    kind = rule_type.get("type")
    item_id = raw.get("id") if not base else None
    return Rule(
        team=team_id,
        name=name if name is not None else _text(raw.get("name")),
        type=RuleType(kind) if kind in ("ingress", "egress") else None,
        mode=Mode.ALLOW_ALL if ingress.get("mode") == Mode.ALLOW_ALL.value else Mode.ALLOW_ONLY,
        target=_label(ingress.get("toLabelName"), ingress.get("toLabelValue")),
        sources=_sources(ingress.get("allow")),
        egress=_egress(egress),
        id=item_id if isinstance(item_id, str) else None,
        raw=raw,
        base=base,
        location=location,
        marks=marks if marks is not None else {},
        file=file,
    )


def _at(raw: dict[str, Any], base: FieldPath) -> Mapping[str, Any]:
    node: Mapping[str, Any] = raw
    for part in base:
        node = _mapping(node.get(str(part)))
    return node


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str:
    """A name as text; a missing one is empty (validation requires one)."""
    if isinstance(value, str):
        return value
    return "" if value is None else str(value)


def _label(name: Any, value: Any) -> Label | None:
    """A label when both its name and its value are text."""
    return Label(name, value) if isinstance(name, str) and isinstance(value, str) else None


def _sources(entries: Any) -> tuple[Source, ...]:
    """The well-formed sources: a namespace, and a label only when both halves are text."""
    if not isinstance(entries, list):
        return ()
    return tuple(
        Source(entry["fromNamespace"], _label(entry.get("fromLabelName"),
                                              entry.get("fromLabelValue")))
        for entry in entries
        if isinstance(entry, dict) and isinstance(entry.get("fromNamespace"), str)
    )


def _egress(egress: Mapping[str, Any]) -> EgressRule | None:
    """The host and its well-formed ports; None without a domain."""
    domain = egress.get("domain")
    if not isinstance(domain, str):
        return None
    ports = egress.get("ports")
    return EgressRule(domain, tuple(
        Port(entry["number"], entry["protocol"])
        for entry in (ports if isinstance(ports, list) else ())
        if isinstance(entry, dict)
        and type(entry.get("number")) is int
        and isinstance(entry.get("protocol"), str)
    ))
