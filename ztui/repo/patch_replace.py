"""Replacing one value in place: the text of the node goes, the text around it stays.

A scalar keeps its quote style when the new value allows it, its trailing comment and, when it
was aligned with padding, that comment's column. A block scalar (`|`, `>`) stays a block
scalar when the new text can be one. A value that turns from inline (`key: ~`, `key: []`) into
a block collection moves below its key, leaving the key's line and comment as they were; a
block collection replaced by an inline value collapses onto its key's line.
"""

from __future__ import annotations

from yaml.nodes import CollectionNode, MappingNode, Node, ScalarNode, SequenceNode

from ztui.repo.patch_entries import Splice
from ztui.repo.patch_locate import Hop
from ztui.repo.patch_sample import NodeSample, quote_habit
from ztui.repo.patch_source import Source
from ztui.repo.scalar import Scalar, double_quoted, format_scalar
from ztui.repo.yamlstyle import Sample, Value, Writer, block_scalar_lines

_BLOCK_STYLES = ("|", ">")


def _kind(value: Value) -> str:
    if isinstance(value, dict):
        return "mapping"
    return "sequence" if isinstance(value, list) else "scalar"


class Replacer:
    """Plans the splice that replaces the value of one node."""

    def __init__(self, src: Source, writer: Writer) -> None:
        self.src = src
        self.writer = writer

    def replace(self, hops: list[Hop], value: Value, sample: Sample | None) -> Splice:
        """The splice writing `value` in place of the node at the end of `hops`."""
        hop, parent = hops[-1], hops[-2].node
        node, src = hop.node, self.src
        if isinstance(node, ScalarNode) and not isinstance(value, dict | list):
            return self.scalar(hop, parent, value)
        owner = src.column(src.start(hop.key)) if hop.key is not None else None
        own = NodeSample(src, node, owner)
        sample = own if own.kind == _kind(value) else sample
        if src.in_flow(parent):
            return src.start(node), src.end(node), self.writer.inline(value, sample, flow=True)
        if isinstance(parent, MappingNode):
            assert hop.key is not None
            return self._mapping_value(hop.key, node, value, sample)
        assert isinstance(parent, SequenceNode)
        return self._item(parent, hop.index, node, value, sample)

    def _is_inline(self, node: Node) -> bool:
        """A scalar or flow collection (not a block scalar or a block collection)."""
        if isinstance(node, CollectionNode):
            return bool(node.flow_style)
        return isinstance(node, ScalarNode) and node.style not in _BLOCK_STYLES

    def _terminated(self, text: str, end: int) -> str:
        """`text` plus a line break, unless it replaces up to a final line without one."""
        if end == len(self.src.text) and not self.src.text.endswith("\n"):
            return text
        return text + "\n"

    def _mapping_value(self, key: Node, node: Node, value: Value, sample: Sample | None) -> Splice:
        src = self.src
        colon = src.text.index(":", src.end(key)) + 1
        head, *body = self.writer.after("", value, src.column(src.start(key)), sample)
        start, end = src.start(node), src.end(node)
        later_line = src.line_start(start) > src.line_start(colon)
        if self._is_inline(node):
            if not body:
                return (start, end, head.lstrip(" ")) if start > colon else (start, end, head)
            line_end = src.line_end(end)
            return colon, line_end, head + src.text[end:line_end] + "\n" + "\n".join(body)
        stop = src.last_line_end(node)
        if body and not head and later_line:
            first = src.line_start(start)
            return first, stop, self._terminated("\n".join(body), stop)
        tail = src.text[colon : src.line_end(colon)] if later_line else ""
        return colon, stop, self._terminated("\n".join([head + tail, *body]), stop)

    def _item(
        self, seq: SequenceNode, index: int, node: Node, value: Value, sample: Sample | None
    ) -> Splice:
        src = self.src
        dash = src.dash(seq, index)
        dash_column, start, end = src.column(dash), src.start(node), src.end(node)
        same_line = src.line_start(start) == src.line_start(dash) and start - dash >= 2
        content = src.column(start) if same_line else dash_column + self.writer.style.item_indent
        lines = self.writer.item(value, dash_column, content, sample)
        if self._is_inline(node) and same_line and len(lines) == 1:
            return start, end, lines[0][content:]
        stop = src.line_end(end) if self._is_inline(node) else src.last_line_end(node)
        text = "\n".join(lines)[dash_column:]
        return dash, stop, text if self._is_inline(node) else self._terminated(text, stop)

    def scalar(self, hop: Hop, parent: Node, value: Scalar) -> Splice:
        """A scalar replaced by a scalar: quotes, trailing comment and its column kept."""
        node, src = hop.node, self.src
        assert isinstance(node, ScalarNode)
        flow = src.in_flow(parent)
        if node.style in _BLOCK_STYLES and isinstance(value, str) and not flow:
            return self._block_scalar(hop, node, value)
        style = node.style if node.style in ("'", '"') else None
        text = format_scalar(value, style=style, prefer=quote_habit(src, parent)[0], flow=flow)
        start, end = src.start(node), src.end(node)
        if start == end:  # `key:` or `-` with nothing after
            text = " " + text if src.text[start - 1 : start] != " " else text
        stop, gap = self._comment_gap(end, len(text) - (end - start))
        return start, stop, text + gap

    def _comment_gap(self, end: int, growth: int) -> tuple[int, str]:
        """Where the replaced text stops, and the padding that keeps the column of a comment
        aligned with more than two spaces (at least two stay)."""
        rest = self.src.text[end : self.src.line_end(end)]
        comment = rest.lstrip(" ")
        gap = len(rest) - len(comment)
        if not comment.startswith("#") or gap <= 2 or growth == 0:
            return end, ""
        return end + gap, " " * max(2, gap - growth)

    def _block_scalar(self, hop: Hop, node: ScalarNode, value: str) -> Splice:
        """A `|` or `>` scalar: a block scalar again when it can be, else a quoted string."""
        src = self.src
        start = src.start(node)
        header_end = start + 1
        while src.text[header_end : header_end + 1] in ("+", "-", *"0123456789"):
            header_end += 1
        header_line_end = src.line_end(start)
        tail = src.text[header_end:header_line_end]
        stop = max(src.content_end(node), header_line_end)
        newline = "\n" if src.text[stop - 1 : stop] == "\n" else ""
        parts = block_scalar_lines(value, folded=node.style == ">")
        if parts is None:
            return start, stop, double_quoted(value) + tail + newline
        header, lines = parts
        indent = " " * self._block_indent(hop, start, header_end, stop)
        body = "\n".join(indent + line if line else "" for line in lines)
        return start, stop, header + tail + "\n" + body + newline

    def _block_indent(self, hop: Hop, start: int, header_end: int, stop: int) -> int:
        """The old content's indentation, else the owner's column plus the file's step."""
        src = self.src
        has_digit = any(ch.isdigit() for ch in src.text[start:header_end])
        line = src.next_line(start)
        while not has_digit and line < stop:
            text = src.text[line : src.line_end(line)]
            if text.strip(" "):
                return len(text) - len(text.lstrip(" "))
            line = src.next_line(line)
        if hop.key is not None:
            return src.column(src.start(hop.key)) + self.writer.style.indent
        return src.column(start)
