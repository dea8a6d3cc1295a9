"""The edits a person can make to a service or a team, as pure functions on raw mappings.

The TUI's forms and `ztui edit` both go through these, so the two can never disagree about what
"allow team a1" means. Each function returns a new mapping and leaves its input alone (the UI
keeps the old one for undo); the store later turns the difference into byte-exact patches.
Modes are written in the repo's dialect.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from ztui.model import AllowEntry, Dialect, EgressRule, Mode, Port

Raw = dict[str, Any]


def mapping_at(raw: Raw, *keys: str) -> Raw:
    """The mapping at `keys` inside `raw`, created (or replaced if not a mapping) as needed:
    an edit writes a mapping where the schema wants one, whatever invalid value was there."""
    node = raw
    for key in keys:
        child = node.get(key)
        if not isinstance(child, dict):
            child = {}
            node[key] = child
        node = child
    return node


def _put_list(mapping: Raw, key: str, items: list[Any]) -> None:
    """Store a list under `key`; an emptied list takes its key with it (an existing `[]` stays).

    For the chart an absent list and an empty one mean the same, and a key that lists nothing
    reads as noise in a hand-kept file.
    """
    if items:
        mapping[key] = items
    elif mapping.get(key) != []:
        mapping.pop(key, None)


def new_service(name: str) -> Raw:
    """The mapping `--create` and the TUI's `n` add: just the name (DenyAll by default)."""
    return {"name": name}


def set_mode(raw: Raw, mode: Mode, dialect: Dialect) -> Raw:
    """Set the ingress mode, spelled as the dialect spells it."""
    out = copy.deepcopy(raw)
    mapping_at(out, "networkPolicy", "ingressPrivate")["mode"] = mode.spelled(dialect)
    return out


def allow_entry_raw(entry: AllowEntry) -> Raw:
    """An allow entry as the file writes it: `{team: a1}` or `{team: a1, service: c7}`."""
    return {"team": entry.team, "service": entry.service} if entry.service else {"team": entry.team}


def _same_allow(item: Any, entry: AllowEntry) -> bool:
    return (
        isinstance(item, dict)
        and item.get("team") == entry.team
        and item.get("service") == entry.service
    )


def add_allow(raw: Raw, entry: AllowEntry) -> Raw:
    """Admit `entry`; a no-op when it is already admitted."""
    out = copy.deepcopy(raw)
    ingress = mapping_at(out, "networkPolicy", "ingressPrivate")
    allow = ingress.get("allow")
    if not isinstance(allow, list):
        allow = []
        ingress["allow"] = allow
    if not any(_same_allow(item, entry) for item in allow):
        allow.append(allow_entry_raw(entry))
    return out


def remove_allow(raw: Raw, entry: AllowEntry) -> Raw:
    """Stop admitting `entry` (exactly that team, or that team/service)."""
    out = copy.deepcopy(raw)
    allow = out.get("networkPolicy", {}).get("ingressPrivate", {}).get("allow")
    if isinstance(allow, list):
        kept = [item for item in allow if not _same_allow(item, entry)]
        if len(kept) != len(allow):
            _put_list(out["networkPolicy"]["ingressPrivate"], "allow", kept)
    return out


def set_allow(raw: Raw, entries: Iterable[AllowEntry]) -> Raw:
    """Replace the allow list (the form's rows, in order)."""
    out = copy.deepcopy(raw)
    rows = [allow_entry_raw(e) for e in entries]
    ingress = out.get("networkPolicy", {}).get("ingressPrivate")
    if rows or isinstance(ingress, dict):
        _put_list(mapping_at(out, "networkPolicy", "ingressPrivate"), "allow", rows)
    return out


def port_raw(port: Port) -> Raw:
    """A port as the spec's example writes it: protocol first, then number."""
    return {"protocol": port.protocol, "number": port.number}


def egress_rule_raw(rule: EgressRule) -> Raw:
    """An egress rule as the file writes it."""
    return {"domain": rule.domain, "ports": [port_raw(p) for p in rule.ports]}


def _egress_list(out: Raw) -> list[Any]:
    policy = mapping_at(out, "networkPolicy")
    rules = policy.get("egressPublic")
    if not isinstance(rules, list):
        rules = []
        policy["egressPublic"] = rules
    return rules


def add_egress(raw: Raw, rule: EgressRule) -> Raw:
    """Trust `rule.domain` on its ports; for a host already listed, add only missing ports."""
    out = copy.deepcopy(raw)
    rules = _egress_list(out)
    for item in rules:
        if isinstance(item, dict) and str(item.get("domain", "")).lower() == rule.domain.lower():
            ports = item.get("ports")
            if not isinstance(ports, list):
                ports = []
                item["ports"] = ports
            numbers = {p.get("number") for p in ports if isinstance(p, dict)}
            ports.extend(port_raw(p) for p in rule.ports if p.number not in numbers)
            return out
    rules.append(egress_rule_raw(rule))
    return out


def remove_egress(raw: Raw, domain: str) -> Raw:
    """Stop trusting `domain` (every rule for it)."""
    out = copy.deepcopy(raw)
    rules = out.get("networkPolicy", {}).get("egressPublic")
    if isinstance(rules, list):
        kept = [
            item for item in rules
            if not (isinstance(item, dict)
                    and str(item.get("domain", "")).lower() == domain.lower())
        ]
        if len(kept) != len(rules):
            _put_list(out["networkPolicy"], "egressPublic", kept)
    return out


def set_egress(raw: Raw, rules: Iterable[EgressRule]) -> Raw:
    """Replace the egress list (the form's rows, in order)."""
    out = copy.deepcopy(raw)
    rows = [egress_rule_raw(r) for r in rules]
    if rows or isinstance(out.get("networkPolicy"), dict):
        _put_list(mapping_at(out, "networkPolicy"), "egressPublic", rows)
    return out


def set_team_switch(raw: Raw, switch: str, on: bool) -> Raw:
    """Set `networkPolicy.ingressPrivate` or `networkPolicy.egressPublic` of a team."""
    if switch not in ("ingressPrivate", "egressPublic"):
        raise ValueError(f"unknown team switch {switch!r}")
    out = copy.deepcopy(raw)
    mapping_at(out, "networkPolicy")[switch] = on
    return out
