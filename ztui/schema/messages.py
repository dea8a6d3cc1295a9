"""Schema errors in words: each jsonschema error becomes a finding code, a field path, a sentence.

jsonschema's own messages are Python reprs (`70000 is greater than the maximum of 65535`,
`'https' is not one of ['HTTPS', ...]`) and say nothing about the fix. A person at a form needs
the field, what it must be, what it was, and what to write instead, in YAML terms (`a list`,
`true or false`, `null`), so every message is built here from the error's keyword, value and
schema. Values from files are quoted with escapes, so control characters never reach a terminal.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from jsonschema import ValidationError

from ztui.model import DNS_LABEL, Dialect, FieldPath, Mode, dotted
from ztui.schema.formats import FORMATS


class Problem(NamedTuple):
    """A schema problem before it has a place: its code, field path and message."""

    code: str
    path: FieldPath
    message: str


_TYPES = {
    "object": "a mapping",
    "array": "a list",
    "string": "a string",
    "boolean": "true or false",
    "integer": "a whole number",
}
_LABEL_RULE = "lower-case letters, digits and hyphens, starting and ending with a letter or digit"
_REQUIRED_HINTS = {
    "name": "every service needs a name (a lower-case DNS label)",
    "team": "name the team to admit",
    "domain": "name the public host (api.example.com) or IP address",
    "ports": "list at least one port, such as {number: 443, protocol: HTTPS}",
    "number": "give the port number (1..65535)",
    "protocol": "give the protocol: HTTPS, HTTP or TCP",
}
_WHAT = {"ZT101": "team id", "ZT102": "service name", "ZT108": "rule name",
         "ZT110": "namespace name"}
_MAX_SHOWN = 80


def show(value: Any) -> str:
    """A value as YAML users read it: strings quoted and escaped, null, true, a list."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        text = json.dumps(value, ensure_ascii=False)
        return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 4] + '..."'
    return "a list" if isinstance(value, list) else "a mapping"


def where(path: FieldPath) -> str:
    """The dotted field path, or `the value` for the whole instance."""
    return dotted(path) or "the value"


def label_problem(value: str, what: str, limit: int) -> str:
    """Why `value` is not a DNS-label `what` (team id, service name), with the fix."""
    if len(value) > limit:
        return f"is too long for a {what}: {len(value)} characters, at most {limit}"
    fixed = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
    if fixed and fixed != value and DNS_LABEL.fullmatch(fixed) and len(fixed) <= limit:
        return f'is not a valid {what}: write "{fixed}" ({_LABEL_RULE})'
    return f"is not a valid {what}: use {_LABEL_RULE}"


def explain(error: ValidationError, dialect: Dialect, prefix: FieldPath = ()) -> Problem:
    """The finding code, path and message for one error; `prefix` is where the instance sits."""
    path: FieldPath = prefix + tuple(error.absolute_path)
    keyword = str(error.validator)
    handler = _HANDLERS.get(keyword, _fallback)
    schema = error.schema if isinstance(error.schema, Mapping) else {}
    return handler(path, error.instance, schema, dialect)


Handler = Callable[[FieldPath, Any, Mapping[str, Any], Dialect], Problem]


def _required(path: FieldPath, value: Any, schema: Mapping[str, Any], d: Dialect) -> Problem:
    own = schema.get("x-ztui-hints", {})
    hint = own.get(str(path[-1])) or _REQUIRED_HINTS.get(str(path[-1]), "add it")
    return Problem("ZT003", path, f"{where(path)} is required: {hint}")


def _unknown(path: FieldPath, value: Any, schema: Mapping[str, Any], d: Dialect) -> Problem:
    return unknown_key(path, sorted(schema.get("properties", {})))


def unknown_key(path: FieldPath, known: list[str]) -> Problem:
    """The problem of a key (the last part of `path`) that its strict mapping does not know."""
    message = f"{where(path)} is not a known key here (expected {', '.join(known)})"
    close = difflib.get_close_matches(str(path[-1]), known, n=1)
    if close:
        message += f": did you mean {close[0]}?"
    return Problem("ZT003", path, message)


def _type(path: FieldPath, value: Any, schema: Mapping[str, Any], d: Dialect) -> Problem:
    expected = str(schema.get("type"))
    message = f"{where(path)} must be {_TYPES.get(expected, expected)}, got {show(value)}"
    if value is None and expected == "array":
        message += " (write [] for none, or remove the key)"
    elif isinstance(value, str) and _unquoted(value, expected):
        message += f" (write {value.strip().lower()} without quotes)"
    return Problem("ZT003", path, message)


def _unquoted(text: str, expected: str) -> bool:
    if expected == "integer":
        return text.strip().isdigit()
    return expected == "boolean" and text.strip().lower() in ("true", "false")


def _enum(path: FieldPath, value: Any, schema: Mapping[str, Any], d: Dialect) -> Problem:
    options = [str(option) for option in schema.get("enum", [])]
    if schema.get("x-ztui-code") == "ZT103" and isinstance(value, str):
        mode = Mode.parse(value)
        if mode is not None and mode.spelled(d) not in options:
            return Problem("ZT003", path, _no_rule_mode(path, value, options))
        if mode is not None and Mode.DENY_ALL.spelled(d) not in options:
            return Problem("ZT103", path, (
                f'{where(path)} {show(value)} is not how rules spell it: write "{mode.value}" '
                "(rules spell modes as dialect v2 does)"))
        if mode is not None:
            return Problem("ZT103", path, _mode_message(value, mode, d))
    message = f"{where(path)} must be {_one_of(options)}, got {show(value)}"
    if isinstance(value, str):
        folded = [option for option in options if option.lower() == value.strip().lower()]
        if folded:
            message += f' (write "{folded[0]}")'
    return Problem("ZT003", path, message)


def _mode_message(value: str, mode: Mode, dialect: Dialect) -> str:
    right = mode.spelled(dialect)
    for other in Dialect:
        if other is not dialect and value == mode.spelled(other):
            return (
                f'mode "{value}" is dialect {other} spelling; this repo is {dialect}: '
                f'write "{right}"'
            )
    return f'mode {show(value)} is not how dialect {dialect} spells it: write "{right}"'


def _no_rule_mode(path: FieldPath, value: str, options: list[str]) -> str:
    """A later-layout rule's mode is AllowOnly or AllowAll: a deny is the absence of a rule."""
    return (
        f"{where(path)} {show(value)}: a rule has no DenyAll mode ({_one_of(options)}); pods "
        "that no rule admits are denied already, so delete the rule, or write "
        f'"{options[0]}" with the sources to admit'
    )


def _one_of(options: list[str]) -> str:
    return options[0] if len(options) == 1 else ", ".join(options[:-1]) + f" or {options[-1]}"


def _range(path: FieldPath, value: Any, schema: Mapping[str, Any], d: Dialect) -> Problem:
    low, high = schema.get("minimum", "..."), schema.get("maximum", "...")
    return Problem("ZT003", path, f"{where(path)} must be {low}..{high}, got {show(value)}")


def _min_items(path: FieldPath, value: Any, schema: Mapping[str, Any], d: Dialect) -> Problem:
    hint = _REQUIRED_HINTS.get(str(path[-1]) if path else "", "add at least one")
    return Problem("ZT003", path, f"{where(path)} must not be empty: {hint}")


def _label(path: FieldPath, value: Any, schema: Mapping[str, Any], d: Dialect) -> Problem:
    code = str(schema.get("x-ztui-code", "ZT003"))
    limit = int(schema.get("maxLength", 63))
    if code in _WHAT:
        return Problem(code, path, f"{where(path)} {show(value)} " +
                       label_problem(str(value), _WHAT[code], limit))
    return Problem(
        code, path,
        f"{where(path)} {show(value)} is not a Kubernetes label value: at most {limit} letters, "
        "digits, '-', '_' and '.', starting and ending with a letter or digit",
    )


def _format(path: FieldPath, value: Any, schema: Mapping[str, Any], d: Dialect) -> Problem:
    fmt = FORMATS[str(schema.get("format"))]
    problem = fmt.problem(str(value)) or "is not valid here"
    return Problem(fmt.code, path, f"{where(path)} {show(value)}: {problem}")


def _pair(path: FieldPath, value: Any, schema: Mapping[str, Any], d: Dialect) -> Problem:
    """A key given without the key it goes with (`fromLabelName` and `fromLabelValue`)."""
    for key, needed in schema.get("dependencies", {}).items():
        missing = [other for other in needed if other not in value]
        if key in value and missing:
            return Problem("ZT111", (*path, key), (
                f"{where((*path, key))} is set without {missing[0]}: give both (only the "
                "pods with that label) or neither (the whole namespace)"
            ))
    return _fallback(path, value, schema, d)


def _fallback(path: FieldPath, value: Any, schema: Mapping[str, Any], d: Dialect) -> Problem:
    return Problem("ZT003", path, f"{where(path)} {show(value)} is not valid here")


_HANDLERS: dict[str, Handler] = {
    "required": _required,
    "additionalProperties": _unknown,
    "type": _type,
    "enum": _enum,
    "minimum": _range,
    "maximum": _range,
    "minItems": _min_items,
    "pattern": _label,
    "maxLength": _label,
    "format": _format,
    "dependencies": _pair,
}
