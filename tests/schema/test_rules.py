"""Schema validation of later-layout rules: each error with its code, words and place.

The messages are written here by hand, as for services: a person at the rule form reads them,
so each must name the field and the fix. Both stored shapes are covered: a `netpols` list item
(paths from the item) and an `AplTeamNetworkControl` document (paths from the document, so
under `spec.ruleType`).
"""

from __future__ import annotations

import copy
import json
import time
from importlib import resources
from typing import Any

import pytest
from jsonschema import Draft7Validator

from tests.schema.rule_factory import (
    FILES,
    NETPOLS,
    inbound,
    outbound,
    repo,
    rule,
    source,
    stored,
    team,
)
from ztui.model import Finding, Layout, Location, Rule
from ztui.schema import validate_repo, validate_rule, validate_rule_value
from ztui.schema.engine import compiled
from ztui.schema.messages import _HANDLERS

API = "env/teams/shop/netpols/api.yaml"
NETPOLS_FILE = "env/teams/netpols.shop.yaml"


def good_inbound() -> dict[str, Any]:
    return inbound("api", source("team-shop", ("otomi.io/app", "web")), source("team-data"))


def one(r: Rule) -> Finding:
    """The single finding of rule `r`."""
    found = validate_rule(r)
    assert len(found) == 1, [f.message for f in found]
    return found[0]


def at(line: int, column: int, file: str = API) -> Location:
    return Location(file, line, column)


# --- valid rules ------------------------------------------------------------------------------


@pytest.mark.parametrize("layout", [FILES, NETPOLS])
def test_valid_rules_are_clean(layout: Layout) -> None:
    for rule_type in (
        good_inbound(),
        inbound("web", mode="AllowAll", allow=False),
        inbound("db", mode=None, allow=False),  # AllowOnly is the default
        inbound("db"),  # allow: [] is valid (a warning, ZT207, elsewhere)
        inbound("warehouse", source("team-shop", ("otomi.io/app", "api")),
                name="serving.knative.dev/service"),
        inbound("", source("istio-system", ("app", "")), name="app"),  # empty values are valid
        outbound("github.com", (443, "HTTPS")),
        outbound("*.cdn.example.com", (443, "HTTPS"), (80, "HTTP")),
        outbound("1.1.1.1"),  # ports are optional
        {"type": "egress", "egress": {"domain": "2001:db8::10", "ports": []}},
    ):
        assert validate_rule(rule(rule_type, layout=layout)) == [], rule_type


def test_keys_outside_rule_type_are_left_alone() -> None:
    raw = stored(outbound("github.com"), layout=FILES)
    raw["apiVersion"] = "x"
    raw["metadata"]["annotations"] = {"a": "b"}
    raw["spec"]["other"] = 1
    assert validate_rule(rule(None, raw=raw)) == []


# --- strict ruleType: unknown and missing keys ------------------------------------------------


def test_an_unknown_key_in_rule_type_names_the_key_it_resembles() -> None:
    rule_type = good_inbound()
    rule_type["ingress"]["allow"][1]["fromNamespce"] = "team-x"
    f = one(rule(rule_type, layout=NETPOLS))
    assert (f.code, f.path) == ("ZT003", "ruleType.ingress.allow[1].fromNamespce")
    assert f.message == (
        "ruleType.ingress.allow[1].fromNamespce is not a known key here (expected "
        "fromLabelName, fromLabelValue, fromNamespace): did you mean fromNamespace?")
    assert (f.team, f.rule, f.service) == ("shop", "api", None)


def test_unknown_keys_at_each_level() -> None:
    rule_type = outbound("github.com", (443, "HTTPS"))
    rule_type["egres"] = {}
    rule_type["egress"]["port"] = 443
    rule_type["egress"]["ports"][0]["proto"] = "TCP"
    found = validate_rule(rule(rule_type))
    assert [(f.code, f.path, f.message.rsplit(": ", 1)[-1]) for f in found] == [
        ("ZT003", "spec.ruleType.egress.ports[0].proto", "did you mean protocol?"),  # line 16
        ("ZT003", "spec.ruleType.egress.port", "did you mean ports?"),  # line 17
        ("ZT003", "spec.ruleType.egres", "did you mean egress?"),  # line 18
    ]


@pytest.mark.parametrize(("rule_type", "path", "hint"), [
    ({"ingress": good_inbound()["ingress"]}, "spec.ruleType.type",
     "write type: ingress (who may come in) or type: egress (a public host to go out to)"),
    ({"type": "ingress"}, "spec.ruleType.ingress",
     "a rule of type ingress needs ingress: {toLabelName, toLabelValue, mode, allow}"),
    ({"type": "egress"}, "spec.ruleType.egress",
     "a rule of type egress needs egress: {domain, ports}"),
    ({"type": "egress", "egress": {"ports": []}}, "spec.ruleType.egress.domain",
     "name the public host (api.example.com) or IP address"),
])
def test_missing_keys_say_what_to_write(rule_type: dict[str, Any], path: str, hint: str) -> None:
    f = one(rule(rule_type))
    assert (f.code, f.path, f.message) == ("ZT003", path, f"{path} is required: {hint}")


def test_a_missing_target_label_and_namespace() -> None:
    rule_type = {"type": "ingress", "ingress": {"allow": [{"fromLabelName": "a",
                                                           "fromLabelValue": "b"}]}}
    found = validate_rule(rule(rule_type, layout=NETPOLS))
    assert [(f.path, f.message.split(": ", 1)[1]) for f in found] == [
        ("ruleType.ingress.toLabelName",
         "name the label of the pods this rule protects, such as otomi.io/app"),
        ("ruleType.ingress.toLabelValue", "give the value of that label, such as the "
                                          "workload's name"),
        ("ruleType.ingress.allow[0].fromNamespace",
         "name the namespace to admit, such as team-demo"),
    ]
    # a missing key points at its nearest written parent: the ingress mapping, line 6
    assert found[0].location == at(6, 5, NETPOLS_FILE)


def test_a_missing_rule_type_and_name() -> None:
    f = one(rule(None, raw={"id": "x", "name": "api"}, layout=NETPOLS))
    assert (f.code, f.path) == ("ZT003", "ruleType")
    assert f.message.startswith("ruleType is required: say what the rule does: ruleType: {")
    f = one(rule(None, raw={"ruleType": outbound("github.com")}, layout=NETPOLS))
    assert f.message == "name is required: every rule needs a name (a lower-case DNS label)"
    # in a document, a missing spec; metadata.name is the reader's (ZT112)
    f = one(rule(None, raw={"kind": "AplTeamNetworkControl", "metadata": {}}))
    assert (f.code, f.path) == ("ZT003", "spec")


@pytest.mark.parametrize(("field", "value", "message"), [
    ("type", "Ingress", 'spec.ruleType.type must be ingress or egress, got "Ingress" '
                        '(write "ingress")'),
    ("type", 1, "spec.ruleType.type must be ingress or egress, got 1"),
    ("ingress", [], "spec.ruleType.ingress must be a mapping, got a list"),
])
def test_wrong_values_of_rule_type(field: str, value: Any, message: str) -> None:
    rule_type = good_inbound()
    rule_type[field] = value
    found = validate_rule(rule(rule_type))
    assert [(f.code, f.message) for f in found][:1] == [("ZT003", message)]


# --- modes ----------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["DenyAll", "denyAll"])
def test_deny_all_is_not_a_rule_mode(mode: str) -> None:
    f = one(rule(inbound("api", mode=mode)))
    assert (f.code, f.path, f.location) == ("ZT003", "spec.ruleType.ingress.mode", at(11, 9))
    assert f.message == (
        f'spec.ruleType.ingress.mode "{mode}": a rule has no DenyAll mode (AllowOnly or '
        "AllowAll); pods that no rule admits are denied already, so delete the rule, or write "
        '"AllowOnly" with the sources to admit')


@pytest.mark.parametrize(("mode", "right"), [
    ("allowOnly", "AllowOnly"), ("allowall", "AllowAll"), ("ALLOWONLY", "AllowOnly")])
def test_other_spellings_name_the_rule_spelling(mode: str, right: str) -> None:
    f = one(rule(inbound("api", mode=mode), layout=NETPOLS))
    assert (f.code, f.path) == ("ZT103", "ruleType.ingress.mode")
    assert f.message == (f'ruleType.ingress.mode "{mode}" is not how rules spell it: write '
                         f'"{right}" (rules spell modes as dialect v2 does)')


def test_an_unknown_mode() -> None:
    f = one(rule(inbound("api", mode="Open")))
    assert f.message == ('spec.ruleType.ingress.mode must be AllowOnly or AllowAll, got "Open"')


# --- names, namespaces, labels ----------------------------------------------------------------


@pytest.mark.parametrize("layout", [FILES, NETPOLS])
def test_rule_name_is_a_dns_label(layout: Layout) -> None:
    f = one(rule(outbound("github.com"), name="Git_Hub", layout=layout))
    where = "metadata.name" if layout is FILES else "name"
    assert (f.code, f.path) == ("ZT108", where)
    assert f.message == (
        f'{where} "Git_Hub" is not a valid rule name: write "git-hub" (lower-case letters, '
        "digits and hyphens, starting and ending with a letter or digit)")
    assert f.location == (at(4, 5, "env/teams/shop/netpols/Git_Hub.yaml") if layout is FILES
                          else at(3, 3, NETPOLS_FILE))


def test_rule_name_length() -> None:
    assert validate_rule(rule(outbound("github.com"), name="a" * 63)) == []
    f = one(rule(outbound("github.com"), name="a" * 64))
    assert f.code == "ZT108"
    assert "is too long for a rule name: 64 characters, at most 63" in f.message
    f = one(rule(outbound("github.com"), name="api\n"))
    assert f.code == "ZT108" and 'write "api"' in f.message


@pytest.mark.parametrize(("namespace", "fix"), [
    ("Team-Shop", 'is not a valid namespace name: write "team-shop"'),
    ("team_shop", 'is not a valid namespace name: write "team-shop"'),
    ("team-" + "x" * 59, "is too long for a namespace name: 64 characters, at most 63"),
    ("-x", 'is not a valid namespace name: write "x"'),
    ("", "is not a valid namespace name: use lower-case letters"),
])
def test_from_namespace_is_a_namespace_name(namespace: str, fix: str) -> None:
    f = one(rule(inbound("api", source(namespace))))
    assert (f.code, f.path, f.location) == (
        "ZT110", "spec.ruleType.ingress.allow[0].fromNamespace", at(16, 13))
    assert f.message.startswith(f"spec.ruleType.ingress.allow[0].fromNamespace "
                                f"{json.dumps(namespace)} {fix}")


@pytest.mark.parametrize("name", [
    "otomi.io/app", "serving.knative.dev/service", "app", "app.kubernetes.io/instance",
    "A_b.c-D", "x" * 63, "a" * 253 + "/x", "example.com/" + "n" * 63])
def test_valid_label_names(name: str) -> None:
    r = rule(inbound("api", source("team-a", (name, "v")), name=name))
    assert validate_rule(r) == []


@pytest.mark.parametrize(("name", "phrase"), [
    ("", "a label name is empty: write one, such as otomi.io/app"),
    ("a/b/c", "a label name has at most one '/', between its prefix and its name"),
    ("/app", "the prefix before '/' is empty: write app alone, or a domain prefix such as "
             "otomi.io/app"),
    ("otomi.io/", "the name after '/' is empty: write one, such as otomi.io/app"),
    ("Otomi.io/app", "write the prefix in lower case: otomi.io/app"),
    ("otomi_io/app", "the prefix otomi_io must be a DNS subdomain"),
    ("a" * 254 + "/x", "the prefix has 254 characters: at most 253"),
    ("x" * 64, "the label name has 64 characters: at most 63"),
    ("otomi.io/my app", "remove ' ': a label name takes only letters, digits, '-', '_' and '.'"),
    ("app!", "remove '!'"),
    ("_app", "a label name must start and end with a letter or digit"),
    ("app.", "a label name must start and end with a letter or digit"),
])
def test_invalid_label_names(name: str, phrase: str) -> None:
    f = one(rule(inbound("api", name=name)))
    assert (f.code, f.path, f.location) == ("ZT111", "spec.ruleType.ingress.toLabelName",
                                            at(12, 9))
    shown = json.dumps(name) if len(name) < 60 else ""  # long values are shortened
    assert f.message.startswith(f"spec.ruleType.ingress.toLabelName {shown}")
    assert phrase in f.message


@pytest.mark.parametrize(("value", "phrase"), [
    ("a b", "remove ' ': a label value takes only letters, digits, '-', '_' and '.'"),
    ("v" * 64, "the label value has 64 characters: at most 63"),
    ("-web", "a label value must start and end with a letter or digit"),
    ("otomi.io/app", "remove '/'"),
])
def test_invalid_label_values(value: str, phrase: str) -> None:
    f = one(rule(inbound("api", source("team-a", ("otomi.io/app", value))), layout=NETPOLS))
    assert (f.code, f.path, f.location) == (
        "ZT111", "ruleType.ingress.allow[0].fromLabelValue", at(14, 11, NETPOLS_FILE))
    assert phrase in f.message


def test_a_label_value_must_be_text() -> None:
    f = one(rule(inbound("api", source("team-a", ("otomi.io/app", 5)))))  # type: ignore[arg-type]
    assert (f.code, f.message) == (
        "ZT003", "spec.ruleType.ingress.allow[0].fromLabelValue must be a string, got 5")


@pytest.mark.parametrize(("present", "missing", "line"), [
    ("fromLabelName", "fromLabelValue", 17), ("fromLabelValue", "fromLabelName", 17)])
def test_source_label_name_and_value_go_together(present: str, missing: str, line: int) -> None:
    rule_type = inbound("api", {"fromNamespace": "team-a", present: "x"})
    f = one(rule(rule_type))
    where = f"spec.ruleType.ingress.allow[0].{present}"
    assert (f.code, f.path, f.location) == ("ZT111", where, at(line, 13))
    assert f.message == (f"{where} is set without {missing}: give both (only the pods with "
                         "that label) or neither (the whole namespace)")


# --- egress: domain and ports, as in the services era ------------------------------------------


@pytest.mark.parametrize(("domain", "fix"), [
    ("https://api.stripe.com/v1", "remove the scheme https:// (write api.stripe.com)"),
    ("github.com:443", "remove the port :443 and put the port under ports (write github.com)"),
    ("10.0.0.0/8", "CIDR ranges are not supported"),
    ("GitHub.com", "write the domain in lower case: github.com"),
    ("localhost", "localhost is a single label"),
])
def test_egress_domain(domain: str, fix: str) -> None:
    f = one(rule(outbound(domain, (443, "HTTPS"))))
    assert (f.code, f.path, f.location) == ("ZT104", "spec.ruleType.egress.domain", at(11, 9))
    assert f.message.startswith(f"spec.ruleType.egress.domain {json.dumps(domain)}: {fix}")


def test_duplicate_ports() -> None:
    r = rule(outbound("github.com", (443, "HTTPS"), (80, "HTTP"), (443, "TCP")))
    f = one(r)
    assert (f.code, f.path, f.location) == (
        "ZT105", "spec.ruleType.egress.ports[2].number", at(20, 13))
    assert f.message == ("spec.ruleType.egress.ports[2].number: port 443 is already listed as "
                         "ports[0]; list each port once")


@pytest.mark.parametrize(("port", "message"), [
    ((0, "TCP"), "spec.ruleType.egress.ports[0].number must be 1..65535, got 0"),
    ((70000, "TCP"), "spec.ruleType.egress.ports[0].number must be 1..65535, got 70000"),
    (("443", "TCP"), 'spec.ruleType.egress.ports[0].number must be a whole number, got "443" '
                     "(write 443 without quotes)"),
    ((443, "https"), 'spec.ruleType.egress.ports[0].protocol must be HTTPS, HTTP or TCP, got '
                     '"https" (write "HTTPS")'),
])
def test_port_values(port: tuple[Any, Any], message: str) -> None:
    f = one(rule(outbound("github.com", port)))
    assert (f.code, f.message) == ("ZT003", message)


# --- candidate values of the rule forms -------------------------------------------------------


def test_validate_rule_value_checks_a_candidate_field() -> None:
    (f,) = validate_rule_value(("ingress", "allow", 0, "fromNamespace"), "Team-A")
    assert (f.code, f.path, f.location) == ("ZT110", "ingress.allow[0].fromNamespace", None)
    assert validate_rule_value(("ingress", "allow", 0, "fromNamespace"), "team-a") == []
    (f,) = validate_rule_value(("ingress", "toLabelName"), "otomi.io/")
    assert f.code == "ZT111"
    assert validate_rule_value(("ingress", "toLabelName"), "otomi.io/app") == []
    (f,) = validate_rule_value(("ingress", "mode"), "DenyAll")
    assert f.code == "ZT003" and "a rule has no DenyAll mode" in f.message
    (f,) = validate_rule_value(("egress", "domain"), "x.com:443")
    assert f.code == "ZT104"
    (f,) = validate_rule_value(("egress", "ports"), [{"number": 22, "protocol": "TCP"},
                                                     {"number": 22, "protocol": "TCP"}])
    assert (f.code, f.path) == ("ZT105", "egress.ports[1].number")
    (f,) = validate_rule_value(("egress", "prots"), [])
    assert f.message.endswith("did you mean ports?")


# --- the repo, the schemas themselves, and speed ----------------------------------------------


def test_validate_repo_covers_rules() -> None:
    bad = rule(outbound("github.com:443"), name="gh", team="labs")
    model = repo(team("labs", bad), team("shop", rule(good_inbound())))
    assert [(f.code, f.team, f.rule) for f in validate_repo(model)] == [("ZT104", "labs", "gh")]


SCHEMAS = ("rule.json", "rule.netpols.json", "rule.files.json", "settings.files.json")


def _load(name: str) -> Any:
    return json.loads(resources.files("ztui.schema").joinpath(name).read_text("utf-8"))


def test_the_rule_schemas_are_draft_7_with_a_message_for_every_keyword() -> None:
    structural = {"$schema", "$id", "$ref", "title", "description", "x-ztui-code",
                  "x-ztui-hints", "properties", "items", "allOf", "if", "then", "const"}

    def keywords(node: Any) -> set[str]:
        if isinstance(node, list):
            return set().union(*(keywords(item) for item in node))
        if not isinstance(node, dict):
            return set()
        found = set(node)
        for key in ("properties",):
            for child in node.get(key, {}).values():
                found |= keywords(child)
        for key in ("items", "allOf", "if", "then"):
            found |= keywords(node.get(key))
        return found

    for name in SCHEMAS:
        schema = _load(name)
        Draft7Validator.check_schema(schema)
        assert keywords(schema) - structural <= set(_HANDLERS), name
        assert compiled(name) is compiled(name)


def test_rule_patterns_anchor_only_at_their_ends() -> None:
    def patterns(node: Any) -> list[str]:
        if isinstance(node, dict):
            own = [node["pattern"]] if isinstance(node.get("pattern"), str) else []
            return own + [p for child in node.values() for p in patterns(child)]
        return [p for child in node for p in patterns(child)] if isinstance(node, list) else []

    found = [p for name in SCHEMAS for p in patterns(_load(name))]
    assert len(found) == 3  # rule names (twice) and namespaces
    for pattern in found:
        assert pattern.startswith("^") and pattern.endswith("$")
        assert "$" not in pattern[:-1] and "^" not in pattern[1:], pattern


def test_the_settings_document_schema_holds_the_team_switches() -> None:
    validator = compiled("settings.files.json")
    doc: dict[str, Any] = {"kind": "AplTeamSettingSet", "metadata": {"name": "labs"},
           "spec": {"networkPolicy": {"ingressPrivate": True, "egressPublic": False}}}
    assert list(validator.iter_errors(doc)) == []
    doc["spec"]["networkPolicy"]["egressPublic"] = "no"
    doc["spec"]["networkPolicy"]["egresPublic"] = True
    assert sorted(list(e.absolute_path) for e in validator.iter_errors(doc)) == [
        ["spec", "networkPolicy", "egresPublic"], ["spec", "networkPolicy", "egressPublic"]]


def test_validating_rules_is_fast_enough_for_a_keystroke_and_a_repo() -> None:
    rules = []
    for index in range(2000):
        kind = good_inbound() if index % 2 else outbound("github.com", (443, "HTTPS"))
        rules.append(rule(copy.deepcopy(kind), name=f"rule-{index}"))
    validate_rule(rules[0])
    start = time.process_time()
    for r in rules:
        assert validate_rule(r) == []
    per_rule = (time.process_time() - start) / len(rules)
    assert per_rule < 0.001, f"{per_rule * 1e6:.0f} us per rule"
