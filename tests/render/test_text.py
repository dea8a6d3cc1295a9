"""`to_yaml`: one block-style stream, insertion order, and quoting that survives any reader."""

from __future__ import annotations

from enum import IntEnum, StrEnum
from typing import Any

import pytest

from tests.render.helpers import assert_round_trips, load_pyyaml, load_yaml12, ordered
from ztui.render import to_yaml
from ztui.render.text import needs_quotes

AMBIGUOUS = [
    "443",
    "0443",
    "-1",
    "+1",
    "1.5",
    "1e3",
    "1_000",
    "0x1F",
    "0o17",
    "0b101",
    ".5",
    "12:30",
    "2001-12-14",
    "116.203.255.68",
    "10.0.0.5",
    "2001:db8::10",
    "2001:DB8::10",
    "2001-db8-10",
    "116-203-255-68",
    "0.1.0",
    "yes",
    "no",
    "on",
    "off",
    "y",
    "n",
    "Y",
    "N",
    "true",
    "False",
    "null",
    "~",
    "",
    ".inf",
    "-.inf",
    ".nan",
    "<<",
    "=",
]
PLAIN = ["httpbin.org", "team-a1", "REGISTRY_ONLY", "otomi", "a1-c1-example-com", "."]


@pytest.mark.parametrize("value", AMBIGUOUS)
def test_ambiguous_strings_are_quoted_and_read_back_as_strings(value: str) -> None:
    text = to_yaml([{"v": value}])
    assert text != f"---\nv: {value}\n"
    assert text.startswith(("---\nv: '", '---\nv: "'))
    assert load_pyyaml(text) == [{"v": value}]
    assert load_yaml12(text) == [{"v": value}]


@pytest.mark.parametrize("value", PLAIN)
def test_ordinary_strings_stay_plain(value: str) -> None:
    assert to_yaml([{"v": value}]) == f"---\nv: {value}\n"


def test_needs_quotes_adds_only_what_pyyaml_misses() -> None:
    assert needs_quotes("116.203.255.68")
    assert needs_quotes("y")
    assert not needs_quotes("yes")  # PyYAML's own resolver already quotes this one
    assert not needs_quotes("api")


def test_empty_list_gives_empty_text() -> None:
    assert to_yaml([]) == ""


def test_block_style_with_empty_collections_in_flow() -> None:
    manifest = {"spec": {"podSelector": {}, "ingress": [{"from": [{"a": "b"}]}], "x": []}}
    assert to_yaml([manifest]) == (
        "---\nspec:\n  podSelector: {}\n  ingress:\n  - from:\n    - a: b\n  x: []\n"
    )


def test_documents_are_separated_and_keys_keep_insertion_order() -> None:
    docs: list[dict[str, Any]] = [{"z": 1, "a": 2}, {"m": True, "b": None}]
    text = to_yaml(docs)
    assert text == "---\nz: 1\na: 2\n---\nm: true\nb: null\n"
    assert_round_trips(docs, text)


def test_shared_objects_are_written_out_not_aliased() -> None:
    shared = {"app": "team-ns"}
    text = to_yaml([{"labels": shared, "again": shared}, {"labels": shared}])
    assert "&" not in text and "*" not in text
    assert load_pyyaml(text)[1] == {"labels": {"app": "team-ns"}}


def test_long_strings_are_not_folded() -> None:
    value = "x" * 400 + " " + "y" * 400
    assert to_yaml([{"v": value}]) == f"---\nv: {value}\n"


@pytest.mark.parametrize(
    "value",
    [
        "ünïcødé",
        "\x1b[31mred",
        "[red]x",
        "a\x7fb",
        "line\nbreak",
        "tab\there",
        "😀",
        "\u2028",
        "key: value",
        "- item",
        "# not a comment",
        "'quoted'",
        '"double"',
        "trailing ",
        " lead",
    ],
)
def test_odd_strings_round_trip(value: str) -> None:
    text = to_yaml([{"v": value, value: "k"}])
    assert load_pyyaml(text) == [{"v": value, value: "k"}]
    assert load_yaml12(text) == [{"v": value, value: "k"}]


class Proto(StrEnum):
    TCP = "TCP"


class Number(IntEnum):
    HTTPS = 443


class Opaque:
    def __str__(self) -> str:
        return "opaque"


def test_odd_types_are_written_as_plain_values() -> None:
    doc: dict[str, Any] = {
        "enum": Proto.TCP,
        "int_enum": Number.HTTPS,
        "tuple": ("a", 1),
        "float": 1.5,
        "big": 1e20,
        "inf": float("inf"),
        "object": Opaque(),
        "int_key": {1: "one"},
    }
    loaded = load_pyyaml(to_yaml([doc]))[0]
    assert loaded["enum"] == "TCP" and type(loaded["enum"]) is str
    assert loaded["int_enum"] == 443 and type(loaded["int_enum"]) is int
    assert loaded["tuple"] == ["a", 1]
    assert loaded["float"] == 1.5 and loaded["big"] == 1e20 and loaded["inf"] == float("inf")
    assert loaded["object"] == "opaque"
    assert loaded["int_key"] == {1: "one"}


def test_text_of_a_manifest_round_trips() -> None:
    manifest = {
        "apiVersion": "networking.istio.io/v1alpha3",
        "kind": "ServiceEntry",
        "metadata": {"name": "a1-c1-2001-db8-10", "namespace": "team-a1", "labels": {"a": "b"}},
        "spec": {"hosts": ["2001-db8-10"], "addresses": ["2001:db8::10"], "exportTo": ["."]},
    }
    text = to_yaml([manifest])
    assert_round_trips([manifest], text)
    assert ordered(load_pyyaml(text)) == ordered([manifest])
    assert '- "2001:db8::10"' in text


def test_control_characters_are_escaped_in_the_text() -> None:
    # The preview pane shows this text: a terminal escape in a value must not reach the screen.
    text = to_yaml([{"v": "\x1b[31mred\x07"}])
    assert "\x1b" not in text and "\x07" not in text
    assert load_pyyaml(text) == [{"v": "\x1b[31mred\x07"}]
