"""Finding the nodes a FieldPath names, and refusing the paths ztui will not edit through.

An edit through an anchor would change every alias of it, an edit through an alias cannot be
written where the alias stands, and a merge key (`<<`) or a duplicate key makes "the value of
this key" ambiguous. Each node on the path is checked as it is reached, so the cost of an edit
grows with the depth of its path, not with the size of the file.
"""

from __future__ import annotations

from dataclasses import dataclass

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ztui.model import FieldPath, dotted
from ztui.repo.patch_errors import fail, refuse
from ztui.repo.patch_source import Source

_NULL = "tag:yaml.org,2002:null"


@dataclass(frozen=True, slots=True)
class Hop:
    """One node on the way from the root: where it sits in its parent and its path."""

    node: Node
    path: FieldPath
    index: int = -1
    key: Node | None = None


def is_null(node: Node) -> bool:
    """A scalar that reads as null: empty, `~`, `null`."""
    return isinstance(node, ScalarNode) and node.tag == _NULL


def find_key(node: MappingNode, key: str) -> int:
    """The index of `key` among the entries of `node`, or -1."""
    for index, (key_node, _) in enumerate(node.value):
        if isinstance(key_node, ScalarNode) and key_node.value == key:
            return index
    return -1


def check_node(src: Source, node: Node, path: FieldPath) -> None:
    """Refuse a node written with an anchor or an explicit tag."""
    start = src.start(node)
    mark = src.text[start : start + 1]
    if mark == "&":
        raise refuse(src.file, src.text, start, f"{_name(path)} is anchored (&): edit it by hand")
    if mark == "!":
        raise refuse(src.file, src.text, start, f"{_name(path)} has a tag (!): edit it by hand")


def check_mapping(src: Source, node: MappingNode, path: FieldPath) -> None:
    """Refuse a mapping with a merge key or with the same key twice."""
    if src.is_merge_mapping(node):
        raise refuse(src.file, src.text, src.start(node), f"{_name(path)} uses a merge key (<<)")
    seen: set[str] = set()
    for key, _ in node.value:
        if isinstance(key, ScalarNode):
            if key.value in seen:
                reason = f"duplicate key {key.value!r} in {_name(path)}"
                raise refuse(src.file, src.text, src.start(key), reason)
            seen.add(key.value)


def walk(src: Source, path: FieldPath) -> list[Hop]:
    """Hops from the root along the longest prefix of `path` that exists in the document.

    The walk stops early at a missing key or at a scalar; a step of the wrong kind (an index
    into a mapping, a key into a list) or an index out of range is an error.
    """
    if src.root is None:
        return []
    check_node(src, src.root, ())
    hops = [Hop(src.root, ())]
    for step in path:
        hop = _step(src, hops[-1], step)
        if hop is None:
            break
        check_node(src, hop.node, hop.path)
        hops.append(hop)
    return hops


def walk_all(src: Source, path: FieldPath) -> list[Hop]:
    """Hops to every node of `path`; an error when the path does not exist."""
    hops = walk(src, path)
    if len(hops) != len(path) + 1:
        raise fail(src.file, src.text, _where(src, hops), f"{_name(path)} does not exist")
    return hops


def entry_hops(src: Source, path: FieldPath) -> list[Hop]:
    """Hops to the entry that ends `path`, for removing it: the entry itself may be an alias
    or anchored (removal checks anchors in the text it removes)."""
    if not path:
        raise fail(src.file, src.text, 0, "the document is not an entry")
    hops = walk_all(src, path[:-1])
    hop = _step(src, hops[-1], path[-1], strict=False)
    if hop is None:
        raise fail(src.file, src.text, _where(src, hops), f"{_name(path)} does not exist")
    return [*hops, hop]


def _step(src: Source, hop: Hop, step: str | int, strict: bool = True) -> Hop | None:
    node, path = hop.node, (*hop.path, step)
    if isinstance(node, MappingNode):
        if not isinstance(step, str):
            reason = f"{_name(hop.path)} is a mapping, not a list"
            raise fail(src.file, src.text, src.start(node), reason)
        check_mapping(src, node, hop.path)
        index = find_key(node, step)
        if index < 0:
            return None
        key, value = node.value[index]
        if strict and src.start(value) < src.end(key):
            raise refuse(src.file, src.text, src.end(key), f"{_name(path)} is an alias (*)")
        return Hop(value, path, index, key)
    if isinstance(node, SequenceNode):
        if not isinstance(step, int) or isinstance(step, bool):
            reason = f"{_name(hop.path)} is a list, not a mapping"
            raise fail(src.file, src.text, src.start(node), reason)
        if not 0 <= step < len(node.value):
            raise fail(src.file, src.text, src.start(node), f"{_name(path)}: no such list item")
        if strict and src.is_alias_item(node, step):
            raise refuse(src.file, src.text, src.start(node), f"{_name(path)} is an alias (*)")
        return Hop(node.value[step], path, step)
    return None


def _where(src: Source, hops: list[Hop]) -> int:
    return src.start(hops[-1].node) if hops else 0


def _name(path: FieldPath) -> str:
    return dotted(path) or "the document"
