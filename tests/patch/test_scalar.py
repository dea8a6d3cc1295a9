"""Scalars read back as the value meant, whatever the string, in block and flow context."""

from __future__ import annotations

import math

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from ztui.repo.scalar import (
    double_quoted,
    folded_line,
    format_number,
    format_scalar,
    format_string,
    literal_block,
    plain_safe,
    single_quoted,
)


def read(text: str) -> object:
    data: dict[str, object] = yaml.load(f"k: {text}\n", Loader=yaml.SafeLoader)
    return data["k"]


def read_flow(text: str) -> object:
    data: dict[str, list[object]] = yaml.load(f"k: [{text}, z]\n", Loader=yaml.SafeLoader)
    return data["k"][0]


@pytest.mark.parametrize(
    "text",
    [
        "yes",
        "No",
        "ON",
        "off",
        "y",
        "N",
        "true",
        "False",
        "~",
        "null",
        "NULL",
        "",
        "0755",
        "1_000",
        "12:30",
        "0x1F",
        "0o17",
        "0b101",
        ".inf",
        "-.Inf",
        ".NaN",
        "1e3",
        "1.5",
        "+1",
        "2001-12-14",
        "<<",
        "=",
        "*.example.com",
        "&x",
        "!x",
        "{x}",
        "[x]",
        "- x",
        "-x",
        "@x",
        "`x",
        "%x",
        "|x",
        ">x",
        "#x",
        "?x",
        ":x",
        "a: b",
        "a #b",
        "a:",
        " a",
        "a ",
        "...",
        "---",
        "x\ny",
        "tab\there",
        "\x00",
        "\u2028",
        "\ufeff",
        "'",
        '"',
    ],
)
def test_special_strings_are_quoted(text: str) -> None:
    written = format_string(text, style=None, prefer="'")
    assert written[0] in "'\"", written
    assert read(written) == text


@pytest.mark.parametrize(
    "text", ["httpbin.org", "116.203.255.68", "2001:db8::10", "AllowOnly", "a1", "x-y_z", "1.2.3"]
)
def test_ordinary_strings_stay_plain(text: str) -> None:
    assert format_string(text, style=None, prefer="'") == text


def test_flow_context_quotes_flow_indicators() -> None:
    assert not plain_safe("a,b", flow=True)
    assert plain_safe("a,b")
    assert not plain_safe("2001:db8::1", flow=True)


def test_the_preferred_quote_is_used_when_it_can_hold_the_text() -> None:
    assert format_string("on", style=None, prefer='"') == '"on"'
    assert format_string("it's", style="'", prefer='"') == "'it''s'"
    assert format_string("a\nb", style="'", prefer="'") == '"a\\nb"'
    assert single_quoted("a\tb") is None


@pytest.mark.parametrize("value", [0, -7, 443, 1.5, -0.25, 1e20, 1e-7, math.inf, -math.inf])
def test_numbers_read_back_as_numbers(value: float) -> None:
    assert read(format_number(value)) == value


def test_nan_bool_and_null() -> None:
    assert math.isnan(read(format_number(math.nan)))  # type: ignore[arg-type]
    assert format_scalar(True) == "true"
    assert format_scalar(None) == "null"
    assert format_scalar(443, style="'") == "443"


def test_literal_and_folded_blocks() -> None:
    assert literal_block("a\nb\n") == ("|", ["a", "b"])
    assert literal_block("a\nb") == ("|-", ["a", "b"])
    assert literal_block("one line\n") is None
    assert literal_block(" indented\nx") is None
    assert folded_line("one line") == (">-", ["one line"])
    assert folded_line("a\nb") is None


@given(st.text())
def test_any_string_round_trips_in_block_context(text: str) -> None:
    assert read(format_string(text, style=None, prefer="'")) == text
    assert read(double_quoted(text)) == text


@given(st.text())
def test_any_string_round_trips_in_flow_context(text: str) -> None:
    assert read_flow(format_string(text, style=None, prefer='"', flow=True)) == text
