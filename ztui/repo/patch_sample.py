"""Measuring how a file is written, so new text can be written the same way.

`NodeSample` reads the style of one existing node lazily (only the keys a new value has are
ever looked at, so a whole team can serve as the sample of a new team at no cost).
`sample_for` finds the best example for a new value: the same key in a sibling list item
(`services[2].networkPolicy` for a new `services[3].networkPolicy`). `measure_style` takes the
file-wide fallbacks from the path being edited, then from the first nodes of the file.
"""

from __future__ import annotations

from collections import deque
from functools import cached_property

from yaml.nodes import CollectionNode, MappingNode, Node, ScalarNode, SequenceNode

from ztui.repo.patch_locate import Hop, find_key
from ztui.repo.patch_source import Source
from ztui.repo.scalar import plain_safe
from ztui.repo.yamlstyle import Sample, Style

#: How many sibling items to look through for an example of a new key.
_SIBLINGS = 8
#: How many nodes to look through for file-wide measures and quote habits.
_SCAN = 400
_STR_TAG = "tag:yaml.org,2002:str"


class NodeSample:
    """A `Sample` over an existing node; `owner` is the column of the key that owns it."""

    def __init__(self, src: Source, node: Node, owner: int | None) -> None:
        self.src = src
        self.node = node
        self.owner = owner

    @property
    def kind(self) -> str:
        if isinstance(self.node, MappingNode):
            return "mapping"
        return "sequence" if isinstance(self.node, SequenceNode) else "scalar"

    @property
    def flow(self) -> bool:
        """Written in flow style by choice (`{}` and `[]` are how block style writes empty)."""
        node = self.node
        return isinstance(node, CollectionNode) and bool(node.flow_style) and bool(node.value)

    @property
    def quote(self) -> str | None:
        """The quote of a scalar quoted by choice (`'*.a.com'` had to be: no style there)."""
        node = self.node
        if not isinstance(node, ScalarNode) or node.style not in ("'", '"'):
            return None
        return str(node.style) if plain_safe(node.value) else None

    @property
    def pad(self) -> bool:
        if not self.flow or not self.node.value:
            return False
        start = self.src.start(self.node)
        return self.src.text[start + 1 : start + 2] in (" ", "\n")

    @cached_property
    def indent(self) -> int | None:
        node = self.node
        if self.owner is None or self.flow or not isinstance(node, MappingNode) or not node.value:
            return None
        step = self.src.column(self.src.start(node.value[0][0])) - self.owner
        return step if step > 0 else None

    @cached_property
    def dash_offset(self) -> int | None:
        node = self.node
        if self.owner is None or self.flow or not isinstance(node, SequenceNode) or not node.value:
            return None
        return self.src.column(self.src.dash(node, 0)) - self.owner

    @cached_property
    def item_indent(self) -> int | None:
        node = self.node
        if self.flow or not isinstance(node, SequenceNode) or not node.value:
            return None
        return item_indent(self.src, node)

    @property
    def keys(self) -> tuple[str, ...]:
        if not isinstance(self.node, MappingNode):
            return ()
        return tuple(k.value for k, _ in self.node.value if isinstance(k, ScalarNode))

    def child(self, key: str) -> Sample | None:
        if not isinstance(self.node, MappingNode):
            return None
        index = find_key(self.node, key)
        if index < 0:
            return None
        key_node, value = self.node.value[index]
        if self.src.start(value) < self.src.end(key_node):  # an alias
            return None
        return NodeSample(self.src, value, self.src.column(self.src.start(key_node)))

    def item(self) -> Sample | None:
        node = self.node
        if not isinstance(node, SequenceNode) or not node.value:
            return None
        last = len(node.value) - 1
        items = [
            NodeSample(self.src, node.value[index], None)
            for index in range(last, max(-1, last - _SIBLINGS), -1)
            if not self.src.is_alias_item(node, index)
        ]
        if not items or items[0].node is not node.value[-1]:
            return None
        return ItemsSample([item for item in items if item.kind == items[0].kind])


class ItemsSample:
    """A list's last items as one sample: the last item's own style, and for a key it lacks,
    that key in the nearest item that has it (a new service after one with only a name)."""

    def __init__(self, items: list[NodeSample]) -> None:
        self.items = items
        self.first = items[0]

    @property
    def kind(self) -> str:
        return self.first.kind

    @property
    def flow(self) -> bool:
        return self.first.flow

    @property
    def quote(self) -> str | None:
        return self.first.quote

    @property
    def pad(self) -> bool:
        return self.first.pad

    @property
    def indent(self) -> int | None:
        return self.first.indent

    @property
    def dash_offset(self) -> int | None:
        return self.first.dash_offset

    @property
    def item_indent(self) -> int | None:
        return self.first.item_indent

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(key for item in self.items for key in item.keys))

    def child(self, key: str) -> Sample | None:
        for item in self.items:
            found = item.child(key)
            if found is not None:
                return found
        return None

    def item(self) -> Sample | None:
        return self.first.item()


def item_indent(src: Source, seq: SequenceNode) -> int | None:
    """Content column minus dash column of the last item written on its dash's line."""
    index = len(seq.value) - 1
    dash = src.dash(seq, index)
    start = src.start(seq.value[index])
    if src.line_start(start) != src.line_start(dash) or start - dash < 2:
        return None
    return start - dash


def sample_for(src: Source, hops: list[Hop], keys: tuple[str, ...]) -> Sample | None:
    """An existing node at `keys` below the same place in a sibling list item, if any."""
    for depth in range(len(hops) - 2, -1, -1):
        seq = hops[depth].node
        if not isinstance(seq, SequenceNode) or seq.flow_style:
            continue
        item = hops[depth + 1].index
        rest = tuple(str(step) for step in hops[-1].path[len(hops[depth + 1].path) :])
        for sibling in _nearest(item, len(seq.value)):
            found = _descend(src, seq.value[sibling], (*rest, *keys))
            if found is not None:
                return found
        return None
    return None


def _nearest(index: int, count: int) -> list[int]:
    """Other indexes ordered by distance from `index`, the earlier one first."""
    out: list[int] = []
    for distance in range(1, count):
        out += [i for i in (index - distance, index + distance) if 0 <= i < count]
        if len(out) >= _SIBLINGS:
            break
    return out[:_SIBLINGS]


def _descend(src: Source, node: Node, keys: tuple[str, ...]) -> Sample | None:
    sample: Sample | None = NodeSample(src, node, None)
    for key in keys:
        if sample is None:
            return None
        sample = sample.child(key)
    return sample


def measure_style(src: Source, hops: list[Hop], container: Node | None) -> Style:
    """File-wide fallbacks: measured along the path, then over the first nodes of the file."""
    found: dict[str, int] = {}
    for hop in reversed(hops):
        _measure(src, hop, found)
    if len(found) < 3 and src.root is not None:
        for hop in _first_nodes(src.root):
            _measure(src, hop, found)
            if len(found) == 3:
                break
    quote, quote_all = quote_habit(src, container)
    return Style(
        indent=found.get("indent", 2),
        dash_offset=found.get("dash_offset", 2),
        item_indent=found.get("item_indent", 2),
        quote=quote,
        quote_all=quote_all,
    )


def _measure(src: Source, hop: Hop, found: dict[str, int]) -> None:
    if hop.key is None or not isinstance(hop.node, CollectionNode) or hop.node.flow_style:
        return
    if not hop.node.value:
        return
    sample = NodeSample(src, hop.node, src.column(src.start(hop.key)))
    for name in ("indent", "dash_offset", "item_indent"):
        measured = getattr(sample, name)
        if name not in found and measured is not None and measured >= 0:
            found[name] = measured


def _first_nodes(root: Node) -> list[Hop]:
    """Up to `_SCAN` collection values of mapping keys, breadth first from the root."""
    out: list[Hop] = []
    queue: deque[Node] = deque([root])
    seen: set[int] = set()
    while queue and len(out) < _SCAN:
        node = queue.popleft()
        if id(node) in seen or not isinstance(node, CollectionNode):
            continue
        seen.add(id(node))
        if isinstance(node, MappingNode):
            for key, value in node.value:
                if isinstance(value, CollectionNode):
                    out.append(Hop(value, (), -1, key))
                    queue.append(value)
        else:
            queue.extend(node.value)
    return out


def quote_habit(src: Source, container: Node | None) -> tuple[str, bool]:
    """The quote character most used by scalars in and just below `container` (else `'`), and
    whether every string there is quoted though it need not be (then new strings are too)."""
    counts = {"'": 0, '"': 0}
    plain = chosen = 0
    queue: deque[tuple[Node, int]] = deque([(container, 0)] if container is not None else [])
    seen = 0
    while queue and seen < _SCAN:
        node, depth = queue.popleft()
        seen += 1
        if isinstance(node, ScalarNode):
            if node.style in counts:
                counts[node.style] += 1
                chosen += plain_safe(node.value)
            elif not node.style and node.tag == _STR_TAG:  # the C composer says "" for plain
                plain += 1
        elif isinstance(node, MappingNode) and depth < 3:
            queue.extend((value, depth + 1) for _, value in node.value)
        elif isinstance(node, SequenceNode) and depth < 3:
            queue.extend((item, depth + 1) for item in node.value[-2:])
    return ('"' if counts['"'] > counts["'"] else "'"), bool(chosen and not plain)
