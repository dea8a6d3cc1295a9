"""Shared by the render tests: order-sensitive comparison and the readers the text must satisfy.

Python's dict equality ignores key order, but the manifests promise one (apiVersion, kind,
metadata, spec; the chart's order inside), so comparisons go through `ordered`, which turns
every mapping into a list of pairs.
"""

from __future__ import annotations

from typing import Any

import yaml
from ruamel.yaml import YAML

from ztui.render import Manifest


def ordered(data: Any) -> Any:
    """`data` with every mapping replaced by its list of (key, value) pairs, recursively."""
    if isinstance(data, dict):
        return [(key, ordered(value)) for key, value in data.items()]
    if isinstance(data, list):
        return [ordered(item) for item in data]
    return data


def load_pyyaml(text: str) -> list[Manifest]:
    """The stream as PyYAML (YAML 1.1, libyaml) reads it."""
    return list(yaml.load_all(text, Loader=yaml.CSafeLoader))


def load_yaml12(text: str) -> list[Manifest]:
    """The stream as a YAML 1.2 reader (ruamel.yaml's safe loader) reads it."""
    return list(YAML(typ="safe", pure=True).load_all(text))


def names(manifests: list[Manifest]) -> list[tuple[str, str]]:
    """(kind, metadata.name) of each manifest, for readable failures."""
    return [(m["kind"], m["metadata"]["name"]) for m in manifests]


def assert_same(actual: list[Manifest], expected: list[Manifest]) -> None:
    """Same documents in the same order, with the same key order everywhere."""
    assert names(actual) == names(expected)
    for got, want in zip(actual, expected, strict=True):
        assert ordered(got) == ordered(want), got["metadata"]["name"]


def assert_round_trips(manifests: list[Manifest], text: str) -> None:
    """`text` reads back as `manifests` in YAML 1.1 and 1.2, and re-dumps to itself."""
    from ztui.render import to_yaml

    assert ordered(load_pyyaml(text)) == ordered(manifests)
    assert ordered(load_yaml12(text)) == ordered(manifests)
    assert to_yaml(load_pyyaml(text)) == text
