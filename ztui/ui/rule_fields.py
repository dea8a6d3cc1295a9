"""How a later-layout rule's raw mapping maps to form text, and its findings to form fields.

The rule forms hold text; `ztui.rule_edits` takes labels, sources and ports. This module reads
the fields a form shows out of a rule as stored (either layout: `base` is where `ruleType` sits),
turns a source row's text into a `Source` (or says why it cannot be one yet), and routes a
finding's dotted path (`spec.ruleType.ingress.allow[0].fromNamespace` in the file-per-rule
layout, `ruleType.ingress.allow[0].fromNamespace` in a `netpols` list) to the field that shows
its message, so the message beside a field is the one `ztui validate` prints.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from ztui.model import FieldPath, Label, Mode, Source, dotted
from ztui.ui.fields import format_ports

RuleSection = Literal["general", "name", "target", "mode", "sources", "domain", "ports"]

#: Form columns of a source row and of the target, and the keys they are written under.
SOURCE_KEYS = {"namespace": "fromNamespace", "name": "fromLabelName", "value": "fromLabelValue"}
TARGET_KEYS = {"name": "toLabelName", "value": "toLabelValue"}
#: Where a rule's name is: the `netpols` item's `name`, or the document's `metadata.name`.
NAME_PATHS = ("name", "metadata.name")

_SOURCE_ROW = re.compile(r"^\.ingress\.allow\[(\d+)\](?:\.(\w+))?")


@dataclass(frozen=True, slots=True)
class RuleSpot:
    """Where in a rule form a finding belongs: a section, and a row and column in it."""

    section: RuleSection
    index: int | None = None
    column: str | None = None


def rule_path(base: FieldPath, *parts: str | int) -> str:
    """The dotted path of a field under `ruleType` (`spec.ruleType.egress.domain`)."""
    return dotted((*base, "ruleType", *parts))


def source_path(base: FieldPath, index: int, column: str) -> str:
    """The dotted path of a source row's field (`namespace`, `name` or `value`)."""
    return rule_path(base, "ingress", "allow", index, SOURCE_KEYS[column])


def _column(keys: Mapping[str, str], key: str | None, default: str) -> str:
    return next((column for column, written in keys.items() if written == key), default)


def rule_spot(path: str | None, base: FieldPath) -> RuleSpot:
    """The form field for a finding's dotted path; `general` when no field shows it."""
    if not path:
        return RuleSpot("general")
    if path in NAME_PATHS:
        return RuleSpot("name")
    prefix = rule_path(base)
    if not path.startswith(prefix):
        return RuleSpot("general")
    rest = path[len(prefix):]
    if match := _SOURCE_ROW.match(rest):
        return RuleSpot("sources", int(match.group(1)),
                        _column(SOURCE_KEYS, match.group(2), "namespace"))
    if rest.startswith(".ingress.allow"):
        return RuleSpot("sources")
    if rest.startswith(".ingress.mode"):
        return RuleSpot("mode")
    for column, key in TARGET_KEYS.items():
        if rest.startswith(f".ingress.{key}"):
            return RuleSpot("target", column=column)
    if rest == ".ingress":
        return RuleSpot("target")
    if rest.startswith(".egress.ports"):
        return RuleSpot("ports")
    if rest == ".egress" or rest.startswith(".egress.domain"):
        return RuleSpot("domain")
    return RuleSpot("general")


def _mapping(node: Any, *keys: str | int) -> Mapping[str, Any]:
    for key in keys:
        node = node.get(key) if isinstance(node, Mapping) else None
    return node if isinstance(node, Mapping) else {}


def ingress_of(raw: Mapping[str, Any], base: FieldPath) -> Mapping[str, Any]:
    """The rule's `ruleType.ingress` mapping as stored (empty when missing or not a mapping)."""
    return _mapping(raw, *base, "ruleType", "ingress")


def egress_of(raw: Mapping[str, Any], base: FieldPath) -> Mapping[str, Any]:
    """The rule's `ruleType.egress` mapping as stored (empty when missing or not a mapping)."""
    return _mapping(raw, *base, "ruleType", "egress")


def shown_mode(raw: Mapping[str, Any], base: FieldPath) -> Mode:
    """The mode the selector shows: AllowAll only when written so, else AllowOnly (the chart's
    default, also what a rule reads as when the file holds DenyAll or a typo, which
    validation reports beside the selector)."""
    written = ingress_of(raw, base).get("mode")
    mode = Mode.parse(written) if isinstance(written, str) else None
    return Mode.ALLOW_ALL if mode is Mode.ALLOW_ALL else Mode.ALLOW_ONLY


def target_fields(raw: Mapping[str, Any], base: FieldPath) -> tuple[Any, Any]:
    """The target label's name and value as stored (None where missing)."""
    ingress = ingress_of(raw, base)
    return ingress.get(TARGET_KEYS["name"]), ingress.get(TARGET_KEYS["value"])


def source_rows(raw: Mapping[str, Any], base: FieldPath) -> list[tuple[Any, Any, Any]]:
    """The sources as (namespace, label name, label value), as stored; a non-mapping item
    is shown as its namespace."""
    items = ingress_of(raw, base).get("allow")
    if not isinstance(items, list):
        return []
    return [
        (item.get("fromNamespace"), item.get("fromLabelName"), item.get("fromLabelValue"))
        if isinstance(item, Mapping) else (item, None, None)
        for item in items
    ]


def egress_fields(raw: Mapping[str, Any], base: FieldPath) -> tuple[Any, str]:
    """The domain as stored and the ports as the form writes them (`443/HTTPS, 80/HTTP`)."""
    egress = egress_of(raw, base)
    return egress.get("domain"), format_ports(egress.get("ports"))


def _blank(value: Any) -> bool:
    return value is None or value == ""


def source_of(namespace: Any, name: Any, value: Any, *,
              typed: bool) -> tuple[Source, tuple[str, str] | None]:
    """The source a row's values make and, for half a label typed, (column, what to write).

    A label is optional, but it is a pair: a name without a value (or the reverse) that the
    person `typed` is text being written, not a rule. Until both are there the source is
    written without a label and the problem blocks saving, so a half-typed label never
    reaches a file. Half a label that the file already holds is passed on as it is, so
    `set_sources` keeps the item as written and validation reports it.
    """
    if _blank(name) and _blank(value):
        return Source(namespace), None
    if not typed or not (_blank(name) or _blank(value)):
        return Source(namespace, Label(name, value)), None
    if _blank(name):
        return Source(namespace), ("name", "give the label a name (such as otomi.io/app), "
                                   "or clear its value to admit the whole namespace")
    return Source(namespace), ("value", "give the label a value, or clear its name to "
                               "admit the whole namespace")
