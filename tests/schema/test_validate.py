"""Schema validation: each error code with its message, path and location, in both dialects.

Why the messages are spelled out in full: they are the product here. A person at a form reads
them, so a test pins each one as written by hand, not as the code happens to build it.
"""

from __future__ import annotations

import copy
import json
import time
from importlib import resources
from typing import Any

import pytest
from jsonschema import Draft7Validator

from tests.schema.factory import egress, ingress, repo, service, team
from ztui.model import Dialect, Finding, Location
from ztui.schema import validate_repo, validate_service, validate_team, validate_value
from ztui.schema.messages import _HANDLERS

V1, V2 = Dialect.V1, Dialect.V2
RULE = ("networkPolicy", "egressPublic", 0)
PORT = (*RULE, "ports", 0)


def good(dialect: Dialect = V2) -> dict[str, Any]:
    """A service using every network field, valid in `dialect`."""
    return {
        "name": "c1",
        "port": 8080,
        "ksvc": {"predeployed": True, "image": {"repository": "x"}},
        "networkPolicy": {
            "podSelector": "c1-v2",
            "ingressPrivate": ingress("allowOnly" if dialect is V1 else "AllowOnly",
                                      {"team": "a1", "service": "c7"}, {"team": "a2"}),
            "egressPublic": [egress("httpbin.org", (443, "HTTPS"), (80, "HTTP")),
                             egress("116.203.255.68", (443, "TCP"))],
        },
    }


def one(raw: dict[str, Any], dialect: Dialect = V2) -> Finding:
    """The single finding of `raw`."""
    findings = validate_service(service(raw), dialect)
    assert len(findings) == 1, [f.message for f in findings]
    return findings[0]


def changed(path: tuple[str | int, ...], value: Any, dialect: Dialect = V2) -> dict[str, Any]:
    """`good()` with the field at `path` set to `value` (or removed when value is DELETE)."""
    raw = good(dialect)
    node: Any = raw
    for part in path[:-1]:
        node = node[part]
    if value is DELETE:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return raw


DELETE = object()


@pytest.mark.parametrize("dialect", [V1, V2])
def test_a_good_service_and_the_spec_examples_are_clean(dialect: Dialect) -> None:
    assert validate_service(service(good(dialect)), dialect) == []
    for raw in ({"name": "database"}, {"name": "db2", "networkPolicy": {}},
                {"name": "c1", "networkPolicy": {"ingressPrivate": {}, "egressPublic": []}}):
        assert validate_service(service(raw), dialect) == []


def test_keys_of_other_features_are_left_alone() -> None:
    raw = {"name": "api", "port": "not ours", "headers": 5, "ownHost": None, "ksvc": {"x": 1}}
    assert validate_service(service(raw), V2) == []


# --- ZT103: the mode in the other dialect's spelling -----------------------------------------


def test_v2_spelling_in_a_v1_repo() -> None:
    f = one(changed(("networkPolicy", "ingressPrivate", "mode"), "AllowOnly", V1), V1)
    assert (f.code, f.path) == ("ZT103", "networkPolicy.ingressPrivate.mode")
    assert f.message == ('mode "AllowOnly" is dialect v2 spelling; this repo is v1: '
                         'write "allowOnly"')


def test_v1_spelling_in_a_v2_repo() -> None:
    f = one(changed(("networkPolicy", "ingressPrivate", "mode"), "denyAll"))
    assert f.code == "ZT103"
    assert f.message == 'mode "denyAll" is dialect v1 spelling; this repo is v2: write "DenyAll"'


@pytest.mark.parametrize(("dialect", "right"), [(V1, "allowAll"), (V2, "AllowAll")])
def test_another_casing_names_the_right_spelling(dialect: Dialect, right: str) -> None:
    f = one(changed(("networkPolicy", "ingressPrivate", "mode"), "ALLOWALL", dialect), dialect)
    assert f.code == "ZT103"
    assert f.message == f'mode "ALLOWALL" is not how dialect {dialect} spells it: write "{right}"'


def test_an_unknown_mode_is_an_invalid_value() -> None:
    f = one(changed(("networkPolicy", "ingressPrivate", "mode"), "Everyone", V1), V1)
    assert f.code == "ZT003"
    assert f.message == ('networkPolicy.ingressPrivate.mode must be denyAll, allowOnly or '
                         'allowAll, got "Everyone"')


# --- ZT101 / ZT102: team ids and service names ------------------------------------------------


def test_service_name_with_the_fix() -> None:
    f = one(changed(("name",), "Api_Gateway"))
    assert (f.code, f.path) == ("ZT102", "name")
    assert f.message == ('name "Api_Gateway" is not a valid service name: write "api-gateway" '
                         "(lower-case letters, digits and hyphens, starting and ending with a "
                         "letter or digit)")


def test_service_name_too_long() -> None:
    f = one(changed(("name",), "a" * 64))
    assert f.code == "ZT102"
    assert f.message.endswith("is too long for a service name: 64 characters, at most 63")


def test_allow_team_must_be_a_team_id() -> None:
    path = ("networkPolicy", "ingressPrivate", "allow", 0, "team")
    f = one(changed(path, "Team A"))
    assert (f.code, f.path) == ("ZT101", "networkPolicy.ingressPrivate.allow[0].team")
    assert 'team "Team A" is not a valid team id: write "team-a"' in f.message
    long = one(changed(path, "t" * 59))
    assert long.code == "ZT101" and "59 characters, at most 58" in long.message


def test_allow_service_must_be_a_service_name() -> None:
    f = one(changed(("networkPolicy", "ingressPrivate", "allow", 0, "service"), "-c7"))
    assert (f.code, f.path) == ("ZT102", "networkPolicy.ingressPrivate.allow[0].service")
    assert 'is not a valid service name: write "c7"' in f.message


# --- ZT104: egress domains --------------------------------------------------------------------


@pytest.mark.parametrize(("domain", "fix"), [
    ("foo bar", "remove the spaces"),
    ("https://x.com", "remove the scheme https://"),
    ("x.com:443", "put the port under ports"),
    ("10.0.0.0/8", "CIDR ranges are not supported"),
    ("2001:DB8::1", "write IPv6 in lower case"),
    ("::ffff:1.2.3.4", "use the plain IPv4 address 1.2.3.4"),
])
def test_egress_domain(domain: str, fix: str) -> None:
    raw = changed((*RULE, "domain"), domain)
    f = one(raw)
    assert (f.code, f.path) == ("ZT104", "networkPolicy.egressPublic[0].domain")
    assert f.message.startswith(f"networkPolicy.egressPublic[0].domain {json.dumps(domain)}: ")
    assert fix in f.message
    assert f.location == service(raw).marks[(*RULE, "domain")]


# --- ZT105: a port listed twice ---------------------------------------------------------------


def test_duplicate_port_numbers_in_one_rule() -> None:
    raw = changed((*RULE, "ports"), [{"number": 443, "protocol": "HTTPS"},
                                     {"number": 80, "protocol": "HTTP"},
                                     {"number": 443, "protocol": "TCP"}])
    f = one(raw)
    assert (f.code, f.path) == ("ZT105", "networkPolicy.egressPublic[0].ports[2].number")
    assert f.message == ("networkPolicy.egressPublic[0].ports[2].number: port 443 is already "
                         "listed as ports[0]; list each port once")
    assert f.location == service(raw).marks[(*RULE, "ports", 2, "number")]


def test_one_port_in_two_rules_is_fine() -> None:
    raw = good()
    raw["networkPolicy"]["egressPublic"][1]["ports"] = [{"number": 443, "protocol": "HTTPS"}]
    assert validate_service(service(raw), V2) == []


# --- ZT003: types, required keys, ranges, unknown keys ----------------------------------------

NUMBER = "networkPolicy.egressPublic[0].ports[0].number"
ZT003_CASES: list[tuple[tuple[str | int, ...], Any, str, str]] = [
    ((*PORT, "number"), 70000, NUMBER, f"{NUMBER} must be 1..65535, got 70000"),
    ((*PORT, "number"), 0, NUMBER, f"{NUMBER} must be 1..65535, got 0"),
    ((*PORT, "number"), True, NUMBER, f"{NUMBER} must be a whole number, got true"),
    ((*PORT, "number"), "443", NUMBER,
     f'{NUMBER} must be a whole number, got "443" (write 443 without quotes)'),
    ((*PORT, "number"), 443.0, NUMBER, f"{NUMBER} must be a whole number, got 443.0"),
    ((*PORT, "number"), 70000.5, NUMBER, f"{NUMBER} must be a whole number, got 70000.5"),
    ((*PORT, "protocol"), "https", "networkPolicy.egressPublic[0].ports[0].protocol",
     'networkPolicy.egressPublic[0].ports[0].protocol must be HTTPS, HTTP or TCP, got "https" '
     '(write "HTTPS")'),
    ((*PORT, "protocol"), "UDP", "networkPolicy.egressPublic[0].ports[0].protocol",
     'networkPolicy.egressPublic[0].ports[0].protocol must be HTTPS, HTTP or TCP, got "UDP"'),
    ((*PORT, "number"), DELETE, NUMBER, f"{NUMBER} is required: give the port number (1..65535)"),
    ((*RULE, "ports"), [], "networkPolicy.egressPublic[0].ports",
     "networkPolicy.egressPublic[0].ports must not be empty: list at least one port, such as "
     "{number: 443, protocol: HTTPS}"),
    ((*RULE, "ports"), DELETE, "networkPolicy.egressPublic[0].ports",
     "networkPolicy.egressPublic[0].ports is required: list at least one port, such as "
     "{number: 443, protocol: HTTPS}"),
    ((*RULE, "port"), 443, "networkPolicy.egressPublic[0].port",
     "networkPolicy.egressPublic[0].port is not a known key here (expected domain, ports): "
     "did you mean ports?"),
    ((*RULE, "domain"), 5, "networkPolicy.egressPublic[0].domain",
     "networkPolicy.egressPublic[0].domain must be a string, got 5"),
    (("networkPolicy", "egressPublic"), None, "networkPolicy.egressPublic",
     "networkPolicy.egressPublic must be a list, got null (write [] for none, or remove the key)"),
    (("networkPolicy", "egressPublic", 1), "x.com", "networkPolicy.egressPublic[1]",
     'networkPolicy.egressPublic[1] must be a mapping, got "x.com"'),
    (("networkPolicy",), "yes", "networkPolicy", 'networkPolicy must be a mapping, got "yes"'),
    (("networkPolicy", "ingres"), {}, "networkPolicy.ingres",
     "networkPolicy.ingres is not a known key here (expected egressPublic, ingressPrivate, "
     "podSelector): did you mean ingressPrivate?"),
    (("networkPolicy", "ingressPrivate", "allow", 1), {"service": "c7"},
     "networkPolicy.ingressPrivate.allow[1].team",
     "networkPolicy.ingressPrivate.allow[1].team is required: name the team to admit"),
    (("networkPolicy", "ingressPrivate", "allow", 1, "namespace"), "x",
     "networkPolicy.ingressPrivate.allow[1].namespace",
     "networkPolicy.ingressPrivate.allow[1].namespace is not a known key here (expected "
     "service, team)"),
    (("networkPolicy", "podSelector"), "a b", "networkPolicy.podSelector",
     'networkPolicy.podSelector "a b" is not a Kubernetes label value: at most 63 letters, '
     "digits, '-', '_' and '.', starting and ending with a letter or digit"),
    (("ksvc", "predeployed"), "true", "ksvc.predeployed",
     'ksvc.predeployed must be true or false, got "true" (write true without quotes)'),
    (("name",), DELETE, "name", "name is required: every service needs a name (a lower-case "
     "DNS label)"),
    (("name",), 5, "name", "name must be a string, got 5"),
]


@pytest.mark.parametrize(("path", "value", "where", "message"), ZT003_CASES)
def test_invalid_values(path: tuple[str | int, ...], value: Any, where: str, message: str) -> None:
    f = one(changed(path, value))
    assert (f.code, f.path, f.message) == ("ZT003", where, message)
    assert f.team == "payments" and f.service == ("c1" if path != ("name",) else "")


def test_no_raw_jsonschema_text_ever() -> None:
    raw = changed(("networkPolicy", "egressPublic"), [
        {"domain": ["x"], "ports": {"a": 1}, "extra": None}, 7, {"ports": [{"number": -1}]},
    ])
    raw_phrases = ("is not of type", "Additional properties", "is a required property",
                   "is not one of", "is less than the minimum", "['x']", "{'a': 1}", "None")
    findings = validate_service(service(raw), V1)
    assert len(findings) == 8
    for f in findings:
        assert not any(phrase in f.message for phrase in raw_phrases), f.message


def test_every_keyword_of_the_schemas_has_a_message() -> None:
    structural = {"$schema", "$id", "title", "description", "x-ztui-code", "properties", "items"}

    def keywords(node: Any) -> set[str]:
        if not isinstance(node, dict):
            return set()
        found = set(node)
        for key in ("properties",):
            for child in node.get(key, {}).values():
                found |= keywords(child)
        return found | keywords(node.get("items"))

    for name in ("service.v1.json", "service.v2.json", "team.json"):
        schema = json.loads(resources.files("ztui.schema").joinpath(name).read_text("utf-8"))
        Draft7Validator.check_schema(schema)
        assert keywords(schema) - structural <= set(_HANDLERS), name


def test_patterns_anchor_only_at_their_ends() -> None:
    def patterns(node: Any) -> list[str]:
        if isinstance(node, dict):
            own = [node["pattern"]] if isinstance(node.get("pattern"), str) else []
            return own + [p for child in node.values() for p in patterns(child)]
        return [p for child in node for p in patterns(child)] if isinstance(node, list) else []

    for name in ("service.v1.json", "service.v2.json", "team.json"):
        schema = json.loads(resources.files("ztui.schema").joinpath(name).read_text("utf-8"))
        for pattern in patterns(schema):
            assert pattern.startswith("^") and pattern.endswith("$")
            assert "$" not in pattern[:-1] and "^" not in pattern[1:], pattern


@pytest.mark.parametrize(("path", "code"), [
    (("name",), "ZT102"),
    (("networkPolicy", "ingressPrivate", "allow", 0, "team"), "ZT101"),
    (("networkPolicy", "ingressPrivate", "allow", 0, "service"), "ZT102"),
    (("networkPolicy", "podSelector"), "ZT003"),
    ((*RULE, "domain"), "ZT104"),
])
def test_a_trailing_newline_is_not_part_of_a_name(path: tuple[str | int, ...], code: str) -> None:
    raw = good()
    node: Any = raw
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] += "\n"
    assert one(raw).code == code
    (f,) = validate_team(team("payments\n"), V2)
    assert f.message.startswith('team "payments\\n" is not a valid team id: write "payments"')


def test_the_dialect_schemas_differ_only_in_the_modes() -> None:
    def load(name: str) -> Any:
        return json.loads(resources.files("ztui.schema").joinpath(name).read_text("utf-8"))

    v1, v2 = load("service.v1.json"), load("service.v2.json")
    modes = ("properties", "networkPolicy", "properties", "ingressPrivate", "properties", "mode")
    node1, node2 = v1, v2
    for key in modes:
        node1, node2 = node1[key], node2[key]
    assert node1["enum"] == ["denyAll", "allowOnly", "allowAll"]
    assert node2["enum"] == ["DenyAll", "AllowOnly", "AllowAll"]
    node1["enum"] = node2["enum"]
    for key in ("$id", "title"):
        del v1[key], v2[key]
    assert v1 == v2


# --- locations and order ----------------------------------------------------------------------


def test_a_missing_key_points_at_its_nearest_marked_parent() -> None:
    raw = changed((*RULE, "ports"), DELETE)
    svc = service(raw)
    (f,) = validate_service(svc, V2)
    assert f.location == svc.marks[RULE]


def test_a_service_with_one_mark_points_there() -> None:
    raw = changed((*PORT, "number"), 0)
    svc = service(raw)
    svc.marks = {(): Location("env/teams.yaml", 40, 7)}
    (f,) = validate_service(svc, V2)
    assert str(f.location) == "env/teams.yaml:40:7"


def test_findings_come_in_file_order() -> None:
    raw = good()
    raw["networkPolicy"]["egressPublic"][1]["domain"] = "x.com:1"
    raw["name"] = "X"
    raw["networkPolicy"]["ingressPrivate"]["mode"] = "allowOnly"
    lines = [f.location.line for f in validate_service(service(raw), V2) if f.location]
    assert len(lines) == 3 and lines == sorted(lines)


# --- one field at a time (the form) -----------------------------------------------------------


def test_validate_value_checks_a_candidate_field() -> None:
    (f,) = validate_value((*RULE, "domain"), "x.com:443", V2)
    assert (f.code, f.path, f.location) == ("ZT104", "networkPolicy.egressPublic[0].domain", None)
    assert validate_value((*RULE, "domain"), "x.com", V2) == []
    (f,) = validate_value((*PORT, "number"), 0, V1)
    assert f.message == f"{NUMBER} must be 1..65535, got 0"


def test_validate_value_knows_modes_ports_and_keys() -> None:
    (f,) = validate_value(("networkPolicy", "ingressPrivate", "mode"), "AllowAll", V1)
    assert f.code == "ZT103"
    ports = [{"number": 1, "protocol": "TCP"}, {"number": 1, "protocol": "HTTP"}]
    (f,) = validate_value((*RULE, "ports"), ports, V2)
    assert (f.code, f.path) == ("ZT105", "networkPolicy.egressPublic[0].ports[1].number")
    (f,) = validate_value(("networkPolicy", "egress"), [], V2)
    assert f.code == "ZT003" and "not a known key" in f.message
    assert validate_value(("ownHost",), "anything", V2) == []
    assert validate_value(("networkPolicy", "egressPublic"), [egress("a.io")], V2) == []


# --- teams ------------------------------------------------------------------------------------


def test_a_good_team_is_clean() -> None:
    raw = {"networkPolicy": {"ingressPrivate": False, "egressPublic": True},
           "managedMonitoring": {"prometheus": True, "alertmanager": False, "grafana": True},
           "services": [{"anything": 1}], "oidc": {"groupMapping": "x"}}
    assert validate_team(team("payments", raw=raw), V2) == []


def test_team_switches_must_be_booleans() -> None:
    raw = {"networkPolicy": {"ingressPrivate": "false", "egresPublic": True},
           "managedMonitoring": {"prometheus": None}}
    t = team("payments", raw=raw)
    found = {(f.code, f.path, f.message) for f in validate_team(t, V1)}
    assert found == {
        ("ZT107", "networkPolicy.ingressPrivate",
         'networkPolicy.ingressPrivate must be true or false, got "false" '
         "(write false without quotes)"),
        ("ZT107", "networkPolicy.egresPublic",
         "networkPolicy.egresPublic is not a known key here (expected egressPublic, "
         "ingressPrivate): did you mean egressPublic?"),
        ("ZT107", "managedMonitoring.prometheus",
         "managedMonitoring.prometheus must be true or false, got null"),
    }
    located = [f for f in validate_team(t, V1) if f.path == "networkPolicy.ingressPrivate"]
    assert located[0].location == t.marks[("networkPolicy", "ingressPrivate")]


def test_team_settings_of_the_wrong_type() -> None:
    (f,) = validate_team(team("payments", raw={"networkPolicy": True}), V2)
    assert (f.code, f.message) == ("ZT107", "networkPolicy must be a mapping, got true")


@pytest.mark.parametrize(("team_id", "message"), [
    ("Payments", 'team "Payments" is not a valid team id: write "payments" (lower-case letters, '
                 "digits and hyphens, starting and ending with a letter or digit)"),
    ("../x", 'team "../x" is not a valid team id: write "x" (lower-case letters, digits and '
             "hyphens, starting and ending with a letter or digit)"),
    ("t" * 59, f'team "{"t" * 59}" is too long for a team id: 59 characters, at most 58'),
])
def test_team_ids(team_id: str, message: str) -> None:
    t = team(team_id)
    (f,) = validate_team(t, V2)
    assert (f.code, f.message, f.team, f.location) == ("ZT101", message, team_id, t.location)


def test_validate_repo_covers_teams_and_services() -> None:
    bad = service(changed(("name",), "Bad"))
    model = repo(team("Payments", [bad]), team("search", [service(good())]))
    assert [f.code for f in validate_repo(model)] == ["ZT101", "ZT102"]


# --- speed ------------------------------------------------------------------------------------


def _many(count: int) -> list[Any]:
    out = []
    for index in range(count):
        raw = copy.deepcopy(good())
        raw["name"] = f"svc-{index}"
        out.append(service(raw))
    return out


def test_validation_is_fast_enough_for_a_keystroke_and_a_repo() -> None:
    services = _many(2000)
    validate_service(services[0], V2)
    start = time.process_time()
    for svc in services:
        validate_service(svc, V2)
    per_service = (time.process_time() - start) / len(services)
    assert per_service < 0.001, f"{per_service * 1e6:.0f} us per service"
