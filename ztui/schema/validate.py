"""Schema validation of services and teams, as findings that point at file:line:col and a field.

A keystroke in the TUI re-validates one service (or one candidate value before it is applied),
and `ztui validate` runs over every service of a repo, so both paths share one compiled
validator per schema (`ztui.schema.engine`) and turn each error into a `Finding` whose location
is the nearest marked ancestor of the offending field and whose `path` names the field.

There is no `is_valid` pre-pass: for a valid service it does exactly the work of collecting the
errors (no error to collect), and for an invalid one it would double it. Measured over 10,000
services it saved nothing. Port uniqueness per egress rule (ZT105) is checked here in code:
JSON Schema's `uniqueItems` compares whole port mappings and cannot say which number repeats.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jsonschema.protocols import Validator

from ztui.codes import finding
from ztui.model import (
    DNS_LABEL,
    MAX_TEAM_ID,
    Dialect,
    FieldPath,
    Finding,
    Location,
    RepoModel,
    Rule,
    Service,
    Team,
    dotted,
)
from ztui.schema.engine import (
    rule_type_validator,
    rule_validator,
    service_validator,
    subvalidator,
    team_validator,
)
from ztui.schema.messages import Problem, explain, label_problem, show, unknown_key

#: Where the ports lists of a service are: `networkPolicy.egressPublic[i].ports`.
_PORTS_PATH: tuple[str | type[int], ...] = ("networkPolicy", "egressPublic", int, "ports")


def validate_service(service: Service, dialect: Dialect) -> list[Finding]:
    """Schema findings for one service of a `dialect` repo, in file order."""
    findings = [
        finding(p.code, p.message, service.mark(p.path), team=service.team,
                service=service.name, path=dotted(p.path))
        for p in service_problems(service.raw, dialect)
    ]
    return _in_file_order(findings)


def service_problems(raw: Mapping[str, Any], dialect: Dialect) -> list[Problem]:
    """Schema problems of one service mapping, not yet placed in a file."""
    errors = service_validator(dialect).iter_errors(raw)
    problems = [explain(error, dialect) for error in errors]
    return _one_per_field(problems + _duplicate_ports((), raw))


def validate_value(path: FieldPath, value: Any, dialect: Dialect) -> list[Finding]:
    """Findings for a candidate `value` of the service field at `path`, before it is applied.

    The form calls this on every keystroke with the field's path inside the service (such as
    `("networkPolicy", "egressPublic", 0, "domain")`) and the value it would write. Fields
    that belong to other features are not judged. The findings have no location yet.
    """
    problems = value_problems(service_validator(dialect), path, value, dialect)
    return [_value_finding(p) for p in _one_per_field(problems + _duplicate_ports(path, value))]


def value_problems(
    validator: Validator, path: FieldPath, value: Any, dialect: Dialect
) -> list[Problem]:
    """Schema problems of a candidate `value` at `path` inside what `validator` validates."""
    schema: Mapping[str, Any] = validator.schema if isinstance(validator.schema, Mapping) else {}
    for depth, part in enumerate(path):
        inner = _child_schema(schema, part)
        if inner is None and schema.get("additionalProperties") is False:
            known = sorted(schema.get("properties", {}))
            return [unknown_key(path[: depth + 1], known)]
        if inner is None:
            return []
        schema = inner
    errors = subvalidator(validator, schema).iter_errors(value)
    return [explain(error, dialect, path) for error in errors]


def validate_team(team: Team, dialect: Dialect) -> list[Finding]:
    """Findings for a team's id (ZT101) and its switches and monitoring flags (ZT107).

    The team settings are the same in both dialects (spec 1.1); `dialect` keeps the call the
    same shape as `validate_service`.
    """
    findings: list[Finding] = []
    if not DNS_LABEL.fullmatch(team.id) or len(team.id) > MAX_TEAM_ID:
        problem = label_problem(team.id, "team id", MAX_TEAM_ID)
        findings.append(finding("ZT101", f"team {show(team.id)} {problem}", team.location,
                                team=team.id))
    for error in team_validator().iter_errors(team.raw):
        p = explain(error, dialect)
        findings.append(finding("ZT107", p.message, _nearest(team.marks, p.path, team.location),
                                team=team.id, path=dotted(p.path)))
    return _in_file_order(findings)


def validate_repo(model: RepoModel) -> list[Finding]:
    """Schema findings for every team, service and rule of a repo, team by team."""
    findings: list[Finding] = []
    for team in model.teams.values():
        findings += validate_team(team, model.dialect)
        for service in team.services:
            findings += validate_service(service, model.dialect)
        for rule in team.rules:
            findings += validate_rule(rule)
    return findings


# --- later-layout rules (spec 5) ------------------------------------------------------------


def validate_rule(rule: Rule) -> list[Finding]:
    """Schema findings for one later-layout rule (ZT003, ZT103-ZT105, ZT108, ZT110, ZT111).

    The rule is validated as stored (`rule.raw`: a `netpols` item or a whole document, told
    apart by `rule.base`), so every path and location is relative to `raw`. Modes are spelled
    as in dialect v2 in both later layouts.
    """
    findings = [
        finding(p.code, p.message, rule.mark(p.path), team=rule.team, rule=rule.name,
                path=dotted(p.path))
        for p in rule_problems(rule.raw, rule.base)
    ]
    return _in_file_order(findings)


def rule_problems(raw: Mapping[str, Any], base: FieldPath) -> list[Problem]:
    """Schema problems of one rule as stored, its `ruleType` at `(*base, "ruleType")`."""
    problems = [explain(error, Dialect.V2) for error in rule_validator(base).iter_errors(raw)]
    rule_type = (*base, "ruleType")
    value: Any = raw
    for part in rule_type:
        value = value.get(part) if isinstance(value, dict) else None
    return _one_per_field(problems + _rule_ports(rule_type, (), value))


def validate_rule_value(path: FieldPath, value: Any) -> list[Finding]:
    """Findings for a candidate `value` at `path` inside a rule's `ruleType`, before it is set.

    The rule forms call this on every keystroke, as the service form calls `validate_value`;
    `path` is relative to `ruleType` (such as `("ingress", "allow", 0, "fromNamespace")`), and
    so is each finding's path. The findings have no location yet.
    """
    problems = value_problems(rule_type_validator(), path, value, Dialect.V2)
    return [_value_finding(p) for p in _one_per_field(problems + _rule_ports((), path, value))]


def _rule_ports(prefix: FieldPath, path: FieldPath, value: Any) -> list[Problem]:
    """ZT105 in the ports of an egress rule, for `value` at `path` inside `ruleType`."""
    ports_path: FieldPath = ("egress", "ports")
    if path != ports_path[: len(path)]:
        return []
    for part in ports_path[len(path):]:
        value = value.get(part) if isinstance(value, dict) else None
    if not isinstance(value, list):
        return []
    return _repeated_ports((*prefix, *ports_path), value)


def _child_schema(schema: Mapping[str, Any], part: str | int) -> Mapping[str, Any] | None:
    if isinstance(part, int):
        items = schema.get("items")
        return items if isinstance(items, Mapping) else None
    found = schema.get("properties", {}).get(part)
    return found if isinstance(found, Mapping) else None


def _duplicate_ports(path: FieldPath, value: Any) -> list[Problem]:
    """ZT105 for every port number listed twice in one egress rule inside `value` at `path`."""
    problems: list[Problem] = []
    for ports_path, ports in _port_lists(path, value):
        problems += _repeated_ports(ports_path, ports)
    return problems


def _repeated_ports(ports_path: FieldPath, ports: list[Any]) -> list[Problem]:
    """ZT105 for every port number that `ports` (at `ports_path`) lists twice."""
    problems: list[Problem] = []
    first: dict[int, int] = {}
    for index, port in enumerate(ports):
        number = port.get("number") if isinstance(port, dict) else None
        if not isinstance(number, int) or isinstance(number, bool):
            continue
        if number in first:
            where = (*ports_path, index, "number")
            problems.append(Problem("ZT105", where, (
                f"{dotted(where)}: port {number} is already listed as "
                f"ports[{first[number]}]; list each port once"
            )))
        first.setdefault(number, index)
    return problems


def _port_lists(path: FieldPath, value: Any) -> list[tuple[FieldPath, list[Any]]]:
    """Every ports list inside `value`, which sits at `path` inside a service."""
    if path and (len(path) > len(_PORTS_PATH) or not _on_ports_path(path)):
        return []
    found: list[tuple[FieldPath, Any]] = [(path, value)]
    for step in _PORTS_PATH[len(path):]:
        inner: list[tuple[FieldPath, Any]] = []
        for where, item in found:
            if step is int and isinstance(item, list):
                inner.extend(((*where, index), each) for index, each in enumerate(item))
            elif isinstance(step, str) and isinstance(item, dict) and step in item:
                inner.append(((*where, step), item[step]))
        if not inner:
            return []
        found = inner
    return [(where, item) for where, item in found if isinstance(item, list) and len(item) > 1]


def _on_ports_path(path: FieldPath) -> bool:
    return all(
        isinstance(part, int) if step is int else part == step
        for part, step in zip(path, _PORTS_PATH, strict=False)
    )


def _one_per_field(problems: list[Problem]) -> list[Problem]:
    """The first problem of each field: a wrong type also breaks the range check after it."""
    seen: set[FieldPath] = set()
    kept = []
    for problem in problems:
        if problem.path not in seen:
            seen.add(problem.path)
            kept.append(problem)
    return kept


def _value_finding(problem: Problem) -> Finding:
    return finding(problem.code, problem.message, path=dotted(problem.path))


def _nearest(
    marks: Mapping[FieldPath, Location], path: FieldPath, default: Location | None
) -> Location | None:
    """The location of `path` or of its nearest marked ancestor (as `Service.mark` does)."""
    while path:
        found = marks.get(path)
        if found is not None:
            return found
        path = path[:-1]
    return marks.get((), default)


def _in_file_order(findings: list[Finding]) -> list[Finding]:
    return sorted(
        findings, key=lambda f: (f.location.line, f.location.column) if f.location else (0, 0)
    )
