"""New text reads as if the file's author wrote it: exact expected output per style rule."""

from __future__ import annotations

import pytest

from tests.patch.support import corpus
from ztui.repo.patch import Data, Document

ALLOW = ("teamConfig", "demo", "services", 0, "networkPolicy", "ingressPrivate", "allow")
SERVICES = ("teamConfig", "demo", "services")


def doc(text: str) -> Document:
    return Document(text, "env/teams.yaml")


def test_block_item_copies_dash_and_content_columns() -> None:
    before = "items:\n-   name: a\n    port: 1\n"
    after = doc(before).append(("items",), {"name": "b", "port": 2}).text
    assert after == before + "-   name: b\n    port: 2\n"


def test_non_indented_dashes_stay_non_indented() -> None:
    before = "a:\n  items:\n  - x\nb: 1\n"
    assert doc(before).append(("a", "items"), "z").text == "a:\n  items:\n  - x\n  - z\nb: 1\n"


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("k: [a, b]\n", "k: [a, b, c]\n"),
        ("k: [ a, b ]\n", "k: [ a, b, c ]\n"),
        ("k: [a,b]\n", "k: [a,b,c]\n"),
        ("k: [a, b,]\n", "k: [a, b, c,]\n"),
        ("k: [\n  a,\n  b\n]\n", "k: [\n  a,\n  b,\n  c\n]\n"),
        ("k: [a]  # note\n", "k: [a, c]  # note\n"),
        ("- [a]\n", "- [a, c]\n"),
    ],
)
def test_flow_list_append_keeps_its_spacing(before: str, after: str) -> None:
    path = (0,) if before.startswith("-") else ("k",)
    assert doc(before).append(path, "c").text == after


def test_flow_mapping_items_copy_the_previous_item() -> None:
    before = "ports: [ { protocol: HTTPS, number: 443 } ]\n"
    after = doc(before).append(("ports",), {"number": 80, "protocol": "TCP"}).text
    assert after == "ports: [ { protocol: HTTPS, number: 443 }, { protocol: TCP, number: 80 } ]\n"


def test_flow_list_remove_takes_one_comma() -> None:
    d = doc("k: [a, b, c]\n")
    assert d.remove(("k",), 0).text == "k: [b, c]\n"
    assert d.remove(("k",), 1).text == "k: [a, c]\n"
    assert d.remove(("k",), 2).text == "k: [a, b]\n"
    assert doc("k: [ a ]\n").remove(("k",), 0).text == "k: []\n"


def test_new_keys_copy_sibling_items_field_by_field() -> None:
    before = "egress:\n  - domain: httpbin.org\n    ports: [{protocol: HTTPS, number: 443}]\n"
    value: Data = {"ports": [{"number": 80, "protocol": "TCP"}], "domain": "example.com"}
    after = doc(before).append(("egress",), value).text
    assert after == before + "  - domain: example.com\n    ports: [{protocol: TCP, number: 80}]\n"


def test_strings_yaml_11_would_misread_are_quoted() -> None:
    before = "a:\n  - x\n"
    for value in [
        "yes",
        "no",
        "on",
        "off",
        "y",
        "n",
        "true",
        "~",
        "null",
        "0755",
        "1_000",
        "12:30",
        "0x1F",
        ".inf",
        "1e3",
        "*.example.com",
        "&a",
        "- x",
        "a: b",
        "a #b",
        "",
        " padded",
        "@x",
        "`x",
        "%x",
        "|",
        ">",
        "#",
        "?",
        ":x",
        "{x}",
        "[x]",
    ]:
        after = doc(before).append(("a",), value).text
        assert after.splitlines()[-1].startswith("  - '"), (value, after)


def test_quotes_follow_the_siblings() -> None:
    before = 'hosts:\n  - "*.a.com"\n'
    assert doc(before).append(("hosts",), "*.b.com").text == before + '  - "*.b.com"\n'


def test_strings_stay_unquoted_when_safe() -> None:
    after = doc("a:\n  - x\n").append(("a",), "116.203.255.68").text
    assert after == "a:\n  - x\n  - 116.203.255.68\n"


def test_integers_and_booleans_are_plain() -> None:
    value = {"i": 443, "t": True, "z": None, "f": 1e20, "y": "n"}
    after = doc("a: {}\n").add_key(("a",), "b", value).text
    assert after == "a:\n  b:\n    i: 443\n    t: true\n    z: null\n    f: 1.0e+20\n    'y': 'n'\n"


@pytest.mark.parametrize(
    ("before", "value", "after"),
    [
        ("k: 'a'\n", "b", "k: 'b'\n"),
        ('k: "a"\n', "b", 'k: "b"\n'),
        ("k: a\n", "b", "k: b\n"),
        ("k: a\n", "on", "k: 'on'\n"),
        ("k: 'a'\n", "it's", "k: 'it''s'\n"),
        ("k: 'a'\n", "x\ny", 'k: "x\\ny"\n'),
        ("k: '80'\n", 80, "k: 80\n"),
        ("k: a  # why\n", "bcd", "k: bcd  # why\n"),
        ("k: abc     # why\n", "a", "k: a       # why\n"),
        ("k: a  # why\n", "abcdefgh", "k: abcdefgh  # why\n"),
        ("k: a      # why\n", "abcdefgh", "k: abcdefgh  # why\n"),
        ("k:\n", "v", "k: v\n"),
        ("k: ~\n", "v", "k: v\n"),
        ("k:\n  a\n", "b", "k:\n  b\n"),
    ],
)
def test_set_scalar_keeps_style_and_comment(before: str, value: str | int, after: str) -> None:
    assert doc(before).set_scalar(("k",), value).text == after


def test_block_scalars_stay_block_scalars() -> None:
    before = "k: |  # script\n  echo a\n  echo b\n\nn: 1\n"
    after = doc(before).set_scalar(("k",), "echo c\n").text
    assert after == 'k: "echo c\\n"  # script\n\nn: 1\n'
    after = doc(before).set_scalar(("k",), "echo c\necho d\n").text
    assert after == "k: |  # script\n  echo c\n  echo d\n\nn: 1\n"
    folded = "k: >-\n  one\n  two\nn: 1\n"
    assert doc(folded).set_scalar(("k",), "three").text == "k: >-\n  three\nn: 1\n"


def test_append_lands_above_a_commented_out_item_and_section_comment() -> None:
    text = corpus("commented_out_tail.yaml")
    after = doc(text).append(ALLOW, {"team": "ops"}).text
    assert (
        "                service: web\n              - team: ops\n              # - team: legacy\n"
        in after
    )
    text = corpus("comment_after_list.yaml")
    after = doc(text).append(ALLOW, {"team": "ops"}).text
    assert "              - team: demo\n              - team: ops\n          # egress:" in after


def test_remove_takes_the_items_own_comment_lines_only() -> None:
    text = corpus("comments_between_items.yaml")
    after = doc(text).remove(ALLOW, 1).text
    assert after == text.replace("              # ops may debug it\n", "").replace(
        "              - team: ops  # added 2023-04\n", ""
    )


def test_emptied_list_keeps_brackets_or_goes() -> None:
    before = "p:\n  mode: AllowOnly\n  allow:  # who\n    - team: a\n  # later\n"
    assert doc(before).remove(("p", "allow"), 0).text == (
        "p:\n  mode: AllowOnly\n  allow: []  # who\n  # later\n"
    )
    dropped = doc(before).remove(("p", "allow"), 0, drop_empty=True).text
    assert dropped == "p:\n  mode: AllowOnly\n  # later\n"


def test_emptied_mapping_keeps_braces_or_goes() -> None:
    before = "a:\n  b:\n    c: 1\n  d: 2\n"
    assert doc(before).delete_key(("a", "b", "c")).text == "a:\n  b: {}\n  d: 2\n"
    assert doc(before).delete_key(("a", "b", "c"), drop_empty=True).text == "a:\n  d: 2\n"


def test_add_key_creates_missing_mappings() -> None:
    before = "services:\n  - name: a\n    port: 80\n"
    after = doc(before).add_key(
        ("services", 0, "networkPolicy", "ingressPrivate"), "mode", "AllowAll"
    )
    assert (
        after.text == before + "    networkPolicy:\n      ingressPrivate:\n        mode: AllowAll\n"
    )


def test_null_and_empty_flow_values_become_block_collections() -> None:
    before = "a: ~  # none yet\nb: {}\nc: []\n"
    d = doc(before).append(("a",), "x").add_key(("b",), "k", "v").append(("c",), "z")
    assert d.text == "a:  # none yet\n  - x\nb:\n  k: v\nc:\n  - z\n"


def test_blank_line_separated_items_get_a_blank_line() -> None:
    before = "items:\n  - a: 1\n\n  - a: 2\n"
    assert doc(before).append(("items",), {"a": 3}).text == before + "\n  - a: 3\n"


def test_removing_between_blank_lines_leaves_one() -> None:
    before = "items:\n  - a\n\n  - b\n\n  - c\nnext: 1\n"
    assert doc(before).remove(("items",), 1).text == "items:\n  - a\n\n  - c\nnext: 1\n"


def test_removing_a_first_compact_key_moves_the_next_up() -> None:
    before = "- name: a\n  # the port\n  port: 1\n"
    assert doc(before).delete_key((0, "name")).text == "  # the port\n- port: 1\n"
    assert doc("- - a\n  - b\n").remove((0,), 0).text == "- - b\n"


def test_crlf_bom_and_missing_final_newline_survive() -> None:
    crlf = doc(corpus("crlf.yaml")).append(ALLOW, {"team": "ops"}).text
    assert crlf.endswith("              - team: demo\r\n              - team: ops\r\n")
    bom = doc(corpus("bom.yaml")).set_scalar(ALLOW[:-1] + ("mode",), "DenyAll").text
    assert bom.startswith("\ufeff# a BOM file")
    text = corpus("no_final_newline.yaml")
    assert doc(text).append(ALLOW, {"team": "x"}).text == text + "\n              - team: x"
    assert doc(text).remove(ALLOW, 1).text == text.removesuffix("\n              - team: ops")


def test_new_service_fills_what_the_last_item_lacks_from_earlier_items() -> None:
    text = corpus("mixed_seq_indent.yaml")
    value: Data = {"name": "new", "networkPolicy": {"ingressPrivate": {"allow": [{"team": "a"}]}}}
    after = doc(text).append(SERVICES, value).text
    assert after.endswith(
        "    - name: new\n      networkPolicy:\n        ingressPrivate:\n"
        "          allow:\n            - team: a\n"
    )
