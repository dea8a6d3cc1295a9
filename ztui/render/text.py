"""Manifests as one YAML stream: what `ztui render` prints and the preview pane shows.

The text must round-trip to the same data in any YAML reader a user may feed it to (kubectl,
Helm's Go YAML, PyYAML), so every string that some schema could read as another type is
double-quoted: YAML 1.1 words (`yes`, `on`, `y`), numbers, and number-like strings such as
`"443"`, IP addresses and `2001-db8-10`.

`ztui render` over a large repo writes tens of thousands of documents, so the stream goes
through libyaml's emitter (`yaml.CSafeDumper`) and the Python side is kept thin: the node tree
is built by a small function instead of PyYAML's generic representer (whose per-node bookkeeping
for aliases and multi-representers cost most of the time), and the emitter's implicit-tag
questions, asked twice for every scalar, are answered from a cache because label values repeat
in every document.
"""

from __future__ import annotations

import io
import math
import re
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

try:
    from yaml import CSafeDumper as _BaseDumper
except ImportError:  # PyYAML built without libyaml: same output, slower
    from yaml import SafeDumper as _BaseDumper  # type: ignore[assignment]

from .labels import Manifest

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"

#: Strings whose first character could start a number, an IP or a YAML 1.1 y/n boolean.
_SUSPECT_FIRST = frozenset("0123456789+-.yYnN")
#: Digits with signs, dots, colons, underscores, hex and radix letters: numbers in YAML 1.1 and
#: 1.2 (`0x1F`, `0o17`, `1_000`, `1e3`, `1:30`), IPv4 and lower- or upper-case IPv6 addresses.
_NUMBERISH = re.compile(r"[-+.]?[0-9][0-9a-fA-FxXoO._:+-]*")
_YAML11_WORDS = frozenset({"y", "n"})
_WIDTH = 1 << 20


def needs_quotes(value: str) -> bool:
    """Whether to force quotes on a string that PyYAML would write plain.

    PyYAML already quotes what its own (YAML 1.1) resolver would read as another type; this
    adds what other readers might: `y`/`n`, and anything number-like (IPs, `1-2-3`, `0o17`).
    """
    if not value or value[0] not in _SUSPECT_FIRST:
        return False
    return value.lower() in _YAML11_WORDS or _NUMBERISH.fullmatch(value) is not None


class _Dumper(_BaseDumper):
    """libyaml emission that answers the emitter's questions about tags from a memo.

    For every scalar the C serializer asks `resolve` twice whether the plain and the quoted
    form would read back with the scalar's tag. With no path resolvers registered (none are,
    here) the quoted form always reads back as a string; the plain one depends only on the
    text, which repeats across documents.
    """

    def __init__(self, stream: io.StringIO, **options: Any) -> None:
        super().__init__(stream, **options)
        self._plain_tags: dict[str, str] = {}

    def resolve(self, kind: type[Node], value: Any, implicit: tuple[bool, bool]) -> Any:
        if kind is not ScalarNode or self.yaml_path_resolvers:
            return _base_resolve(self, kind, value, implicit)
        if not implicit[0]:
            return self.DEFAULT_SCALAR_TAG
        tag = self._plain_tags.get(value)
        if tag is None:
            tag = self._plain_tags[value] = _base_resolve(self, kind, value, implicit)
        return tag


def _base_resolve(dumper: _Dumper, kind: type[Node], value: Any, implicit: Any) -> Any:
    return Resolver.resolve(dumper, kind, value, implicit)  # type: ignore[no-untyped-call]


class _Builder:
    """Plain data -> a YAML node tree, with one cached scalar style per distinct string."""

    def __init__(self) -> None:
        self._styles: dict[str, str | None] = {}

    def node(self, data: Any) -> Node:
        kind = type(data)
        if kind is str:
            return self._str(data)
        if kind is dict:
            pairs = [(self.node(key), self.node(value)) for key, value in data.items()]
            return MappingNode(_MAP, pairs, flow_style=False)
        if kind is list:
            return SequenceNode(_SEQ, [self.node(item) for item in data], flow_style=False)
        return self._other(data)

    def _other(self, data: Any) -> Node:
        """Subclasses and tuples as their plain kind; bool, numbers, null as YAML writes them.

        Anything else is written as its text rather than failing the whole stream.
        """
        if isinstance(data, str):
            return self._str(data)
        if isinstance(data, dict):
            return self.node(dict(data))
        if isinstance(data, list | tuple):
            return self.node(list(data))
        if data is None:
            return ScalarNode(_NULL, "null")
        if isinstance(data, bool):
            return ScalarNode(_BOOL, "true" if data else "false")
        if isinstance(data, int):
            return ScalarNode(_INT, str(int(data)))
        if isinstance(data, float):
            return ScalarNode(_FLOAT, _float_text(data))
        return self._str(str(data))

    def _str(self, data: str) -> ScalarNode:
        text = str.__str__(data)
        style = self._styles.get(text, "")
        if style == "":
            style = self._styles[text] = '"' if needs_quotes(text) else None
        return ScalarNode(_STR, text, style=style)


def _float_text(value: float) -> str:
    """A float in a form every YAML 1.1 and 1.2 reader takes for a float (`1.0e+20`, `.inf`)."""
    if math.isnan(value):
        return ".nan"
    if math.isinf(value):
        return ".inf" if value > 0 else "-.inf"
    text = repr(value)
    return text if "." in text or "e" not in text else text.replace("e", ".0e", 1)


def to_yaml(manifests: list[Manifest]) -> str:
    """One YAML stream, each document introduced by `---`, keys in insertion order.

    Block style throughout (empty mappings and lists as `{}` and `[]`), no anchors, no line
    folding. An empty list gives an empty string.
    """
    if not manifests:
        return ""
    stream = io.StringIO()
    dumper = _Dumper(
        stream,
        default_flow_style=False,
        explicit_start=True,
        allow_unicode=True,
        width=_WIDTH,
        sort_keys=False,
    )
    builder = _Builder()
    try:
        dumper.open()
        for manifest in manifests:
            dumper.serialize(builder.node(manifest))
        dumper.close()
    finally:
        dumper.dispose()
    return stream.getvalue()
