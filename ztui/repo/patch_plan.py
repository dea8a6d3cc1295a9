"""Turning one requested edit into one splice of text and the data change it must make.

Every edit is planned as a single contiguous replacement of the original text, together with
the operation it means for the data (`ztui.repo.ops.Op`, checked after the splice) and the
collection whose entries it rewrites (which bounds the text that may change). Planning never
writes anything; `ztui.repo.patch_verify` applies and checks the plan.
"""

from __future__ import annotations

from dataclasses import dataclass

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ztui.model import FieldPath, dotted
from ztui.repo.ops import Op, OpKind
from ztui.repo.patch_entries import (
    check_no_anchor,
    insert_block,
    insert_flow,
    lines_at,
    remove_block,
    remove_flow,
)
from ztui.repo.patch_errors import fail
from ztui.repo.patch_locate import (
    Hop,
    check_mapping,
    entry_hops,
    find_key,
    is_null,
    walk,
    walk_all,
)
from ztui.repo.patch_replace import Replacer
from ztui.repo.patch_sample import NodeSample, item_indent, measure_style, sample_for
from ztui.repo.patch_source import Source
from ztui.repo.yamlstyle import Sample, Value, Writer


@dataclass(frozen=True, slots=True)
class Plan:
    """One splice, its meaning, and the entries `[first, first+old)` of the collection at the
    end of `hops` that it turns into `new` entries (no hops: the whole document)."""

    start: int
    end: int
    text: str
    op: Op
    hops: tuple[Hop, ...]
    first: int
    old: int
    new: int


class Planner:
    """Plans edits of one `Source`."""

    def __init__(self, src: Source) -> None:
        self.src = src

    def _writer(self, hops: list[Hop], container: Node | None) -> Writer:
        return Writer(measure_style(self.src, hops, container))

    def set_value(self, path: FieldPath, value: Value) -> Plan:
        """Replace the value at `path` (a scalar keeps its quotes and trailing comment)."""
        if not path:
            raise fail(self.src.file, self.src.text, 0, "cannot replace the whole document")
        hops = walk_all(self.src, path)
        hop = hops[-1]
        writer = self._writer(hops, hops[-2].node)
        last = path[-1]
        sample = sample_for(self.src, hops[:-1], (last,)) if isinstance(last, str) else None
        start, end, text = Replacer(self.src, writer).replace(hops, value, sample)
        check_no_anchor(self.src, [hop.node], start, end)
        op = Op(OpKind.SET, path, value)
        return Plan(start, end, text, op, tuple(hops[:-1]), hop.index, 1, 1)

    def add_key(self, path: FieldPath, key: str, value: Value) -> Plan:
        """Add `key: value` to the mapping at `path`, creating missing mappings on the way."""
        hops = walk(self.src, path)
        missing = path[max(len(hops) - 1, 0) :]
        if any(not isinstance(step, str) for step in missing):
            raise fail(self.src.file, self.src.text, 0, f"{dotted(path)}: no such list")
        keys = (*(str(step) for step in missing), key)
        nested: Value = value
        for step in reversed(keys[1:]):
            nested = {step: nested}
        if not hops:
            return self._first_key(keys[0], nested)
        return self._add_entry(hops, keys[0], nested, keys)

    def _first_key(self, key: str, value: Value) -> Plan:
        """The first key of an empty document (nothing, or only comments)."""
        at = len(self.src.text)
        lines = self._writer([], None).entry(key, value, 0, None)
        text = lines_at(self.src, at, lines)
        return Plan(at, at, text, Op(OpKind.SET, (), {key: value}), (), 0, 1, 1)

    def _add_entry(self, hops: list[Hop], key: str, value: Value, keys: tuple[str, ...]) -> Plan:
        hop, src = hops[-1], self.src
        node = hop.node
        op = Op(OpKind.ADD, hop.path, value, key=key)
        if is_null(node):
            return self._replace_with(hops, {key: value}, Op(OpKind.SET, hop.path, {key: value}))
        if not isinstance(node, MappingNode):
            raise fail(src.file, src.text, src.start(node), f"{dotted(hop.path)} is not a mapping")
        check_mapping(src, node, hop.path)
        if find_key(node, key) >= 0:
            raise fail(src.file, src.text, src.start(node), f"{dotted((*hop.path, key))} exists")
        writer = self._writer(hops, node)
        sample = sample_for(src, hops, keys[:1]) or self._last_value(node, value)
        if node.flow_style and (node.value or self._in_flow(hops)):
            item = f"{writer.key(key, flow=True)}: {writer.inline(value, sample, flow=True)}"
            start, end, text = insert_flow(src, node, item)
        elif node.flow_style:
            return self._replace_with(hops, {key: value}, op)
        else:
            column = src.column(src.start(node.value[0][0]))
            start, end, text = insert_block(src, node, writer.entry(key, value, column, sample))
        return Plan(start, end, text, op, tuple(hops), len(node.value), 0, 1)

    def _last_value(self, node: MappingNode, value: Value) -> Sample | None:
        """The last entry's value as a sample, when it is the same kind of value (a team)."""
        if not node.value or not isinstance(value, dict):
            return None
        key, last = node.value[-1]
        if not isinstance(last, MappingNode) or self.src.start(last) < self.src.end(key):
            return None
        return NodeSample(self.src, last, self.src.column(self.src.start(key)))

    def _in_flow(self, hops: list[Hop]) -> bool:
        return len(hops) >= 2 and self.src.in_flow(hops[-2].node)

    def _replace_with(self, hops: list[Hop], value: Value, op: Op) -> Plan:
        """Replace a null or an empty `{}`/`[]` with `value` written in block style."""
        hop = hops[-1]
        if len(hops) < 2:
            return self._replace_root(value, op)
        writer = self._writer(hops, hops[-2].node)
        keys = (str(hop.path[-1]),) if hop.path else ()
        sample = sample_for(self.src, hops[:-1], keys) if keys else None
        start, end, text = Replacer(self.src, writer).replace(hops, value, sample)
        return Plan(start, end, text, op, tuple(hops[:-1]), hop.index, 1, 1)

    def _replace_root(self, value: Value, op: Op) -> Plan:
        """The document's root (a null, `{}`, `[]`, or an emptied collection) replaced."""
        root = self.src.root
        assert root is not None
        writer = self._writer([], None)
        if isinstance(value, dict) and value:
            lines = [line for k, v in value.items() for line in writer.entry(k, v, 0, None)]
        elif isinstance(value, list) and value:
            lines = [line for item in value for line in writer.item(item, 0, 2, None)]
        else:
            lines = [writer.inline(value, None)]
        start, end = self.src.start(root), self.src.content_end(root)
        return Plan(start, end, "\n".join(lines), op, (), 0, 1, 1)

    def append(self, path: FieldPath, value: Value) -> Plan:
        """Append `value` to the list at `path`, creating the list (and mappings) if missing."""
        hops = walk(self.src, path)
        if len(hops) < len(path) + 1:
            if not path or not isinstance(path[-1], str):
                raise fail(self.src.file, self.src.text, 0, f"{dotted(path)}: no such list")
            return self.add_key(path[:-1], path[-1], [value])
        node, src = hops[-1].node, self.src
        op = Op(OpKind.APPEND, path, value)
        if is_null(node):
            return self._replace_with(hops, [value], Op(OpKind.SET, path, [value]))
        if not isinstance(node, SequenceNode):
            raise fail(src.file, src.text, src.start(node), f"{dotted(path)} is not a list")
        writer = self._writer(hops, node)
        last = self._last_item(node)
        if node.flow_style and (node.value or self._in_flow(hops)):
            start, end, text = insert_flow(src, node, writer.inline(value, last, flow=True))
        elif node.flow_style:
            return self._replace_with(hops, [value], op)
        else:
            dash = src.column(src.dash(node, len(node.value) - 1))
            content = dash + (item_indent(src, node) or writer.style.item_indent)
            start, end, text = insert_block(src, node, writer.item(value, dash, content, last))
        return Plan(start, end, text, op, tuple(hops), len(node.value), 0, 1)

    def _last_item(self, node: SequenceNode) -> Sample | None:
        return NodeSample(self.src, node, None).item()

    def remove(self, path: FieldPath, index: int, drop_empty: bool) -> Plan:
        """Remove item `index` of the list at `path`; an emptied list becomes `[]` or goes."""
        hops = entry_hops(self.src, (*path, index))
        node = hops[-2].node
        assert isinstance(node, SequenceNode)
        if len(node.value) == 1:
            return self._emptied(hops[:-1], drop_empty, [])
        return self._remove_entry(hops, Op(OpKind.REMOVE, path, index=index))

    def delete_key(self, path: FieldPath, drop_empty: bool) -> Plan:
        """Delete the key that ends `path`; an emptied mapping becomes `{}` or goes."""
        if not path or not isinstance(path[-1], str):
            raise fail(self.src.file, self.src.text, 0, f"{dotted(path)} does not end in a key")
        hops = entry_hops(self.src, path)
        node = hops[-2].node
        assert isinstance(node, MappingNode)
        if len(node.value) == 1:
            return self._emptied(hops[:-1], drop_empty, {})
        return self._remove_entry(hops, Op(OpKind.DELETE, path))

    def _remove_entry(self, hops: list[Hop], op: Op) -> Plan:
        hop, container = hops[-1], hops[-2].node
        assert isinstance(container, MappingNode | SequenceNode)
        if container.flow_style:
            start, end, text = remove_flow(self.src, container, hop.index)
        else:
            start, end, text = remove_block(self.src, container, hop.index)
        check_no_anchor(self.src, [*([hop.key] if hop.key else []), hop.node], start, end)
        return Plan(start, end, text, op, tuple(hops[:-1]), hop.index, 1, 0)

    def _emptied(self, hops: list[Hop], drop: bool, empty: Value) -> Plan:
        """The last entry of the collection at the end of `hops` goes."""
        hop = hops[-1]
        if len(hops) < 2:
            return self._replace_root(empty, Op(OpKind.SET, (), empty))
        if drop:
            if isinstance(hops[-2].node, MappingNode):
                return self.delete_key(hop.path, False)
            return self.remove(hop.path[:-1], hop.index, False)
        return self.set_value(hop.path, empty)

    def is_scalar_path(self, path: FieldPath) -> bool:
        """Whether `path` names an existing scalar."""
        return isinstance(walk_all(self.src, path)[-1].node, ScalarNode)
