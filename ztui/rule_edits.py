"""The edits a person can make to a later-layout rule (spec 5), as pure functions on raw data.

The services era has `ztui.edits`; this is its counterpart for named rules. The TUI's inbound and
outbound forms and `ztui edit` both go through these, so they never disagree. Every function
takes the rule as stored (`Rule.raw`) with `base`, the path of the mapping that holds `ruleType`
(`()` for a `netpols` list item, `("spec",)` for an `AplTeamNetworkControl` document), and
returns a new mapping; the input is left alone (the UI keeps it for undo) and the store turns
the difference into byte-exact patches.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Iterable
from typing import Any

from ztui.edits import mapping_at
from ztui.model import FieldPath, Label, Layout, Mode, Port, RuleType, Source

Raw = dict[str, Any]

#: The kinds and the team label of the file-per-rule layout's documents.
RULE_KIND = "AplTeamNetworkControl"
SETTINGS_KIND = "AplTeamSettingSet"
TEAM_LABEL = "apl.io/teamId"


def rule_base(layout: Layout) -> FieldPath:
    """Where `ruleType` sits in a rule as `layout` stores it."""
    return ("spec",) if layout is Layout.FILES else ()


def _section(raw: Raw, base: FieldPath, kind: RuleType) -> Raw:
    """The `ingress` or `egress` mapping of the rule (`raw` a copy), created as needed."""
    return mapping_at(raw, *(str(part) for part in base), "ruleType", kind.value)


def new_rule(layout: Layout, team: str, name: str, kind: RuleType) -> Raw:
    """A new rule as `layout` stores it, before its fields are set.

    A `netpols` item gets a fresh random `id` (App Platform's console does the same); a
    document gets the kind, the name and the team label that App Platform reads it by.
    """
    rule_type: Raw = {"type": kind.value}
    if layout is Layout.FILES:
        return {
            "kind": RULE_KIND,
            "metadata": {"name": name, "labels": {TEAM_LABEL: team}},
            "spec": {"ruleType": rule_type},
        }
    return {"id": str(uuid.uuid4()), "name": name, "ruleType": rule_type}


def new_ingress(layout: Layout, team: str, name: str, target: Label, mode: Mode) -> Raw:
    """A new inbound rule protecting the pods labelled `target`."""
    raw = new_rule(layout, team, name, RuleType.INGRESS)
    base = rule_base(layout)
    raw = set_mode(raw, base, mode)
    return set_target(raw, base, target)


def new_egress(
    layout: Layout, team: str, name: str, domain: str, ports: Iterable[Port] = ()
) -> Raw:
    """A new outbound rule to `domain` (ports only when given: the chart renders none else)."""
    raw = new_rule(layout, team, name, RuleType.EGRESS)
    base = rule_base(layout)
    raw = set_domain(raw, base, domain)
    return set_ports(raw, base, ports)


def set_mode(raw: Raw, base: FieldPath, mode: Mode) -> Raw:
    """Set an inbound rule's mode (AllowOnly or AllowAll; rules have no DenyAll)."""
    if mode is Mode.DENY_ALL:
        raise ValueError("a rule's mode is AllowOnly or AllowAll; delete the rule to deny all")
    out = copy.deepcopy(raw)
    _section(out, base, RuleType.INGRESS)["mode"] = mode.value
    return out


def set_target(raw: Raw, base: FieldPath, label: Label) -> Raw:
    """Set the label of the pods an inbound rule protects."""
    out = copy.deepcopy(raw)
    section = _section(out, base, RuleType.INGRESS)
    section["toLabelName"] = label.name
    section["toLabelValue"] = label.value
    return out


def source_raw(source: Source) -> Raw:
    """A source as the file writes it: `{fromNamespace}` plus the optional label pair."""
    out: Raw = {"fromNamespace": source.namespace}
    if source.label is not None:
        out["fromLabelName"] = source.label.name
        out["fromLabelValue"] = source.label.value
    return out


def set_sources(raw: Raw, base: FieldPath, sources: Iterable[Source]) -> Raw:
    """Replace an inbound rule's sources, keeping the written form of those that stay.

    A source that is already listed keeps its mapping as written (extra keys and all), so
    removing one row of a form rewrites nothing else. An emptied list stays `allow: []` if it
    was written so, and otherwise loses its key.
    """
    out = copy.deepcopy(raw)
    section = _section(out, base, RuleType.INGRESS)
    old = section.get("allow")
    written = [item for item in old if isinstance(item, dict)] if isinstance(old, list) else []
    items = [_kept(source, written) for source in sources]
    if items:
        section["allow"] = items
    elif old != []:
        section.pop("allow", None)
    return out


def _kept(source: Source, written: list[Raw]) -> Raw:
    wanted = source_raw(source)
    for item in written:
        if {key: item.get(key) for key in wanted} == wanted and (
            source.label is not None or "fromLabelName" not in item
        ):
            return item
    return wanted


def add_source(raw: Raw, base: FieldPath, sources: Iterable[Source], source: Source) -> Raw:
    """`sources` plus `source` at the end, unless it is already there."""
    current = list(sources)
    if source not in current:
        current.append(source)
    return set_sources(raw, base, current)


def remove_source(raw: Raw, base: FieldPath, sources: Iterable[Source], source: Source) -> Raw:
    """`sources` without `source`."""
    return set_sources(raw, base, [s for s in sources if s != source])


def set_domain(raw: Raw, base: FieldPath, domain: str) -> Raw:
    """Set the host of an outbound rule."""
    out = copy.deepcopy(raw)
    _section(out, base, RuleType.EGRESS)["domain"] = domain
    return out


def set_ports(raw: Raw, base: FieldPath, ports: Iterable[Port]) -> Raw:
    """Set an outbound rule's ports; none takes the `ports` key away (unless written `[]`)."""
    out = copy.deepcopy(raw)
    section = _section(out, base, RuleType.EGRESS)
    items = [{"number": port.number, "protocol": port.protocol} for port in ports]
    if items:
        section["ports"] = items
    elif section.get("ports") != []:
        section.pop("ports", None)
    return out

