"""The compiled JSON Schema validators, built once and tuned for validating many small services.

The schemas are package data (`service.v1.json`, `service.v2.json`, `team.json`, and for the
later layouts `rule.json` with its wrappers `rule.netpols.json`, `rule.files.json` and
`settings.files.json`) read through `importlib.resources`, so they ship in the wheel and can be
read by other tools. A wrapper names the schema it holds by `$ref` to that schema's `$id`; the
engine inlines it before compiling, so validation never resolves a reference. Each validator is
compiled on first use and cached for the life of the process.

Speed: jsonschema's `descend` builds a new validator object (and a referencing resource) for
every nested value it visits. Over the 10,000 services of `benchmarks/make_repo.py` (200 x 50)
a plain `Draft7Validator` took 1.3-1.6 s of CPU on the 2-core development machine. Our schemas
use no `$ref`, so the applicators `properties` and `items` here reuse one validator per
subschema instead, and `type` is a plain `isinstance` check: the same run takes 0.28-0.31 s,
and 0.36-0.40 s with the findings built (`validate_service`). `required` and `additionalProperties`
are replaced too, so that each missing or unknown key is its own error whose path names that
key (the form marks that field), and so is `pattern`, to anchor `$` at the very end of the
string as JSON Schema's regular expressions do. `allOf` and `if` (the rule schema's "an ingress
rule needs `ingress`") reuse cached validators like `properties`: with jsonschema's own, 10,000
rules took 0.70 s instead of 0.3-0.4 s. An `if` of the form "key equals this string" is
tested in code (jsonschema's `is_valid` made an error for every rule's branch not taken); the
leaf keywords answer None for a fine value, and a leaf value they all pass makes no generator
at all (a value that fails one is validated again by jsonschema, so every error keeps its
details); `enum`, `format`, `maxLength`, `minimum` and `maximum` answer the common case
directly. 13,018 later-layout rules: 0.66 s before these, 0.35 s after. Every other keyword
is jsonschema's own.

`integer` is strict: `true` and `443.0` are not port numbers (JSON Schema would accept 443.0).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from importlib import resources
from typing import Any, Final

from jsonschema import Draft7Validator, FormatChecker, ValidationError, validators
from jsonschema.protocols import Validator

from ztui.model import Dialect, FieldPath
from ztui.schema.formats import FORMATS, Format

_PACKAGE = "ztui.schema"
SERVICE_SCHEMAS = {Dialect.V1: "service.v1.json", Dialect.V2: "service.v2.json"}
TEAM_SCHEMA = "team.json"
#: A later-layout rule by where its `ruleType` sits: a `netpols` list item, or a document.
RULE_SCHEMAS: dict[FieldPath, str] = {(): "rule.netpols.json", ("spec",): "rule.files.json"}
RULE_TYPE_SCHEMA = "rule.json"
SETTINGS_SCHEMA = "settings.files.json"
#: The `$id`s a wrapper may `$ref`, and their files.
_BY_ID = {f"urn:ztui:schema:{name.removesuffix('.json')}": name
          for name in (TEAM_SCHEMA, RULE_TYPE_SCHEMA)}

Schema = Mapping[str, Any]

_PY_TYPES: dict[str, type | tuple[type, ...]] = {
    "object": dict,
    "array": list,
    "string": str,
    "boolean": bool,
    "integer": int,
    "number": (int, float),
    "null": type(None),
}

#: One validator per subschema, keyed by the subschema's id (schemas live as long as the cache).
_SUBVALIDATORS: dict[int, Validator] = {}
#: What a keyword function gives: None when the value is fine, else its errors.
Errors = Iterable[ValidationError] | None
Keyword = Callable[[Validator, Any, Any, Schema], Any]
#: A subschema whose keywords all answer None for a fine value: (keyword, its value) pairs.
Quick = list[tuple[Keyword, Any]]
#: The validators of a `properties` keyword's subschemas, by name, keyed by the keyword's id,
#: with each subschema and, when it has one, its `Quick` list.
_CHILDREN: dict[int, list[tuple[str, Validator, Schema, Quick | None]]] = {}
#: How to test each `if` schema, keyed by its id (see `_condition`).
_CONDITIONS: dict[int, Callable[[Any], bool]] = {}
#: Whether a text passes a format, by (format, text); bounded like yamlread's tag cache.
_FORMAT_ANSWERS: dict[tuple[str, str], bool] = {}
_FORMAT_CACHE_SIZE: Final = 16384
_JSONSCHEMA = Draft7Validator.VALIDATORS


def _sub(validator: Validator, schema: Schema) -> Validator:
    found = _SUBVALIDATORS.get(id(schema))
    if found is None:
        found = _SUBVALIDATORS[id(schema)] = validator.evolve(schema=schema)
    return found


def _properties(
    validator: Validator, properties: Schema, instance: Any, schema: Schema
) -> Iterator[ValidationError]:
    if not isinstance(instance, dict):
        return
    children = _CHILDREN.get(id(properties))
    if children is None:
        children = _CHILDREN[id(properties)] = [
            (name, _sub(validator, subschema), subschema, _quick(subschema))
            for name, subschema in properties.items()
        ]
    for name, child, subschema, quick in children:
        if name not in instance:
            continue
        value = instance[name]
        if quick is not None:
            for keyword, expected in quick:
                if keyword(child, expected, value, subschema) is not None:
                    break
            else:
                continue  # fine, and no generator made: most values of a repo are leaves
        for error in child.iter_errors(value):
            error.path.appendleft(name)
            error.schema_path.appendleft(name)
            yield error


def _quick(schema: Schema) -> Quick | None:
    """The keywords of a leaf `schema` (every one of them answers None for a fine value), or
    None when it has another. A value that some keyword does not pass is validated again in
    full by jsonschema, so its errors carry every detail as before."""
    if not isinstance(schema, Mapping):
        return None  # `true` or `false` as a schema: jsonschema's own answer
    found = [(_KEYWORDS.get(key), value) for key, value in schema.items()]
    quick = [(keyword, value) for keyword, value in found if keyword is not None]
    if all(keyword in _QUICK for keyword, _ in quick):
        return quick
    return None


def _items(
    validator: Validator, items: Schema, instance: Any, schema: Schema
) -> Iterator[ValidationError]:
    if not isinstance(instance, list):
        return
    item_validator = _sub(validator, items)
    for index, item in enumerate(instance):
        for error in item_validator.iter_errors(item):
            error.path.appendleft(index)
            yield error


# The keywords below return None when the value is fine (jsonschema takes `None or ()`), so
# the common case makes no generator: they run once per value of every rule and service.


def _type(validator: Validator, expected: str, instance: Any, schema: Schema) -> Errors:
    if isinstance(instance, _PY_TYPES[expected]) and not (
        isinstance(instance, bool) and expected in ("integer", "number")
    ):
        return None
    return [ValidationError(f"not of type {expected}")]


def _required(validator: Validator, required: list[str], instance: Any, schema: Schema) -> Errors:
    if not isinstance(instance, dict) or all(map(instance.__contains__, required)):
        return None
    missing = [name for name in required if name not in instance]
    return [ValidationError(f"{name} is required", path=[name]) for name in missing] or None


def _additional(validator: Validator, allowed: Any, instance: Any, schema: Schema) -> Errors:
    if allowed is not False or not isinstance(instance, dict):
        return None
    known = schema.get("properties", {})
    if instance.keys() <= known.keys():
        return None
    unknown = [name for name in instance if name not in known]
    return [ValidationError(f"{name} is not allowed", path=[name]) for name in unknown] or None


def _enum(validator: Validator, enums: Any, instance: Any, schema: Schema) -> Any:
    """jsonschema's `enum`, answered at once for a string that is one of the options (a
    string equals only a string, so `in` is JSON Schema's equality there)."""
    if type(instance) is str and instance in enums:
        return None
    return _JSONSCHEMA["enum"](validator, enums, instance, schema)


def _max_length(validator: Validator, limit: Any, instance: Any, schema: Schema) -> Any:
    """jsonschema's `maxLength`, answered at once for a string short enough."""
    if type(instance) is str and len(instance) <= limit:
        return None
    return _JSONSCHEMA["maxLength"](validator, limit, instance, schema)


def _minimum(validator: Validator, low: Any, instance: Any, schema: Schema) -> Any:
    """jsonschema's `minimum`, answered at once for a whole number in range."""
    if type(instance) is int and instance >= low:
        return None
    return _JSONSCHEMA["minimum"](validator, low, instance, schema)


def _maximum(validator: Validator, high: Any, instance: Any, schema: Schema) -> Any:
    """jsonschema's `maximum`, answered at once for a whole number in range."""
    if type(instance) is int and instance <= high:
        return None
    return _JSONSCHEMA["maximum"](validator, high, instance, schema)


def _format(validator: Validator, name: str, instance: Any, schema: Schema) -> Errors:
    """Our formats (`ztui.schema.formats`) checked directly, each text's answer remembered:
    label names such as `otomi.io/app` repeat in every rule."""
    fmt = FORMATS.get(name)
    checker = getattr(validator, "format_checker", None)
    if fmt is None or checker is None or not isinstance(instance, str):
        return None
    key = (name, instance)
    fine = _FORMAT_ANSWERS.get(key)
    if fine is None:
        fine = fmt.problem(instance) is None
        if len(_FORMAT_ANSWERS) < _FORMAT_CACHE_SIZE:
            _FORMAT_ANSWERS[key] = fine
    return None if fine else [ValidationError(f"{instance!r} is not a {name!r}")]


def _all_of(
    validator: Validator, all_of: list[Schema], instance: Any, schema: Schema
) -> Iterator[ValidationError]:
    for subschema in all_of:
        yield from _sub(validator, subschema).iter_errors(instance)


def _if(validator: Validator, if_schema: Schema, instance: Any, schema: Schema) -> Errors:
    branch = "then" if _condition(validator, if_schema)(instance) else "else"
    if branch in schema:
        return _sub(validator, schema[branch]).iter_errors(instance)
    return None


def _condition(validator: Validator, if_schema: Schema) -> Callable[[Any], bool]:
    """Whether a value passes an `if` schema: `_const_test` when it applies, else jsonschema's
    `is_valid`, which makes an error for the branch not taken (one per rule in the rule
    schema's "an ingress rule needs `ingress`", thrown away: a fifth of its time)."""
    found = _CONDITIONS.get(id(if_schema))
    if found is None:
        found = _CONDITIONS[id(if_schema)] = (
            _const_test(if_schema) or _sub(validator, if_schema).is_valid
        )
    return found


def _const_test(if_schema: Schema) -> Callable[[Any], bool] | None:
    """The test of `{"properties": {key: {"const": text}}, "required": [key]}` in code, or None
    for any other `if` schema. JSON Schema: a value that is not a mapping passes (both keywords
    apply to mappings only), a mapping passes when it has `key` equal to the string `text`."""
    properties, required = if_schema.get("properties"), if_schema.get("required")
    if set(if_schema) != {"properties", "required"} or not isinstance(properties, dict):
        return None
    if len(properties) != 1 or required != list(properties):
        return None
    [(key, held)] = properties.items()
    if not isinstance(held, dict) or set(held) != {"const"} or type(held["const"]) is not str:
        return None
    text = held["const"]
    return lambda instance: not isinstance(instance, dict) or (
        key in instance and instance[key] == text  # jsonschema's `equal` for a string
    )


def _pattern(validator: Validator, pattern: str, instance: Any, schema: Schema) -> Errors:
    if isinstance(instance, str) and not _regex(pattern).search(instance):
        return [ValidationError(f"does not match {pattern}")]
    return None


@functools.cache
def _regex(pattern: str) -> re.Pattern[str]:
    """`pattern` compiled once, with a final `$` meaning the end of the string as in ECMA-262.

    Python's `$` also matches before a final newline, so `^[a-z0-9]+$` would take `api` with a
    newline after it for a service name. Our schemas anchor with a final `$` only (a test holds
    them to that).
    """
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + r"\Z"
    return re.compile(pattern)


def _format_checker() -> FormatChecker:
    checker = FormatChecker(formats=())
    for name, fmt in FORMATS.items():
        checker.checks(name)(_accepts(fmt))
    return checker


def _accepts(fmt: Format) -> Any:
    return lambda value: not isinstance(value, str) or fmt.problem(value) is None


_KEYWORDS = {
    **Draft7Validator.VALIDATORS,
    "properties": _properties,
    "items": _items,
    "type": _type,
    "required": _required,
    "additionalProperties": _additional,
    "pattern": _pattern,
    "allOf": _all_of,
    "if": _if,
    "enum": _enum,
    "format": _format,
    "maxLength": _max_length,
    "minimum": _minimum,
    "maximum": _maximum,
}
#: The keywords that answer None for a fine value and make no generator then.
_QUICK: frozenset[Any] = frozenset({
    _type, _required, _additional, _enum, _format, _pattern, _max_length, _minimum, _maximum,
})

#: Draft 7 with the keywords above; `version` stays unset so jsonschema's registry is untouched.
FastDraft7 = validators.create(
    meta_schema=Draft7Validator.META_SCHEMA,
    validators=_KEYWORDS,
    type_checker=Draft7Validator.TYPE_CHECKER,
    format_checker=_format_checker(),
)


@functools.cache
def load_schema(name: str) -> Schema:
    """A schema file of this package, parsed (cached: callers must not change it)."""
    text = resources.files(_PACKAGE).joinpath(name).read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


@functools.cache
def compiled(name: str) -> Validator:
    """The validator for schema file `name`, checked against Draft 7 and built once."""
    schema = _inlined(load_schema(name))
    FastDraft7.check_schema(schema)
    return FastDraft7(schema, format_checker=FastDraft7.FORMAT_CHECKER)


def _inlined(node: Any) -> Any:
    """`node` with every `{"$ref": <one of our $ids>}` replaced by that schema (inlined too)."""
    if isinstance(node, list):
        return [_inlined(item) for item in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str) and ref in _BY_ID:
        held = _inlined(load_schema(_BY_ID[ref]))
        return {key: value for key, value in held.items() if key not in ("$schema", "$id")}
    return {key: _inlined(value) for key, value in node.items()}


def service_validator(dialect: Dialect) -> Validator:
    """The validator for one service mapping of `dialect`."""
    return compiled(SERVICE_SCHEMAS[dialect])


def team_validator() -> Validator:
    """The validator for a team's settings mapping (the same in both dialects)."""
    return compiled(TEAM_SCHEMA)


def rule_validator(base: FieldPath) -> Validator:
    """The validator for a later-layout rule whose `ruleType` sits at `(*base, "ruleType")`."""
    return compiled(RULE_SCHEMAS.get(base, RULE_SCHEMAS[()]))


def rule_type_validator() -> Validator:
    """The validator for a `ruleType` mapping alone (a form's candidate values)."""
    return compiled(RULE_TYPE_SCHEMA)


def subvalidator(validator: Validator, schema: Schema) -> Validator:
    """A cached validator for `schema`, a subschema of `validator`'s schema."""
    return _sub(validator, schema)
