"""Where each node of a document is in its text, kept exact across edits without re-parsing.

Composing a 140k-line file takes most of a second, so a document is composed once and edits
graft freshly composed fragments into the node tree. Positions of the untouched nodes after an
edit move by the edit's length difference; rather than rewrite hundreds of thousands of marks,
`Source` records one shift per edit and applies it when a position is asked for. A grafted
node's mark carries the generation it was made in, so only later shifts apply to it.

Block collections' end marks point at the next token (past trailing comments), so spans here
are measured from content: `content_end` is where the last scalar or flow collection of a node
ends, and an entry's lines run from its key (or dash) to the end of that content's line.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass

import yaml
from yaml.error import Mark
from yaml.nodes import CollectionNode, MappingNode, Node, ScalarNode, SequenceNode

from ztui.repo.patch_errors import refuse

_MERGE = "tag:yaml.org,2002:merge"


def compose(text: str) -> Node | None:
    """The node tree of `text` (C loader), with the garbage collector paused meanwhile.

    Composing allocates a million long-lived objects; with the collector running, each young
    collection walks all of them that are not yet promoted (0.8 s becomes 6-12 s for 140k
    lines).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return yaml.compose(text, Loader=yaml.CSafeLoader)
    finally:
        if enabled:
            gc.enable()


class GenMark(Mark):
    """A mark of a grafted node: `index` is in the text of edit generation `gen`."""

    def __init__(self, index: int, gen: int) -> None:
        super().__init__("<edit>", index, -1, -1, None, 0)
        self.gen = gen


@dataclass(frozen=True, slots=True, eq=False)
class Source:
    """A document's text, its node tree, and the shifts that map old marks onto the text."""

    text: str
    root: Node | None
    file: str
    shifts: tuple[tuple[int, int], ...] = ()

    def pos(self, mark: Mark) -> int:
        """The offset in `text` of a node mark from any generation."""
        index = mark.index
        for boundary, delta in self.shifts[mark.gen if isinstance(mark, GenMark) else 0 :]:
            if index >= boundary:
                index += delta
        return index

    def start(self, node: Node) -> int:
        return self.pos(node.start_mark)

    def end(self, node: Node) -> int:
        return self.pos(node.end_mark)

    def line_start(self, pos: int) -> int:
        return self.text.rfind("\n", 0, pos) + 1

    def line_end(self, pos: int) -> int:
        """The offset of the line break ending the line of `pos` (or the end of the text)."""
        found = self.text.find("\n", pos)
        return len(self.text) if found < 0 else found

    def next_line(self, pos: int) -> int:
        """The start of the line after the one holding `pos` (or the end of the text)."""
        found = self.text.find("\n", pos)
        return len(self.text) if found < 0 else found + 1

    def column(self, pos: int) -> int:
        return pos - self.line_start(pos)

    def is_blank_line(self, start: int) -> bool:
        return not self.text[start : self.line_end(start)].strip(" ")

    def is_comment_line(self, start: int) -> bool:
        return self.text[start : self.line_end(start)].lstrip(" ").startswith("#")

    def content_end(self, node: Node) -> int:
        """Where the last text of `node` ends: its last scalar, flow collection or alias."""
        if isinstance(node, CollectionNode) and not node.flow_style and node.value:
            return self.entry_content_end(node, len(node.value) - 1)
        if isinstance(node, ScalarNode) and node.style in ("|", ">"):
            return self._block_scalar_end(node)
        return self.end(node)

    def entry_content_end(self, node: CollectionNode, index: int) -> int:
        """Where the last text of entry `index` of a block collection ends."""
        if isinstance(node, MappingNode):
            key, value = node.value[index]
            if self.start(value) < self.end(key):
                return self.alias_end(self.end(key))
            return self.content_end(value)
        if self.is_alias_item(node, index):
            return self.alias_end(self.item_floor(node, index))
        return self.content_end(node.value[index])

    def is_alias_item(self, seq: CollectionNode, index: int) -> bool:
        """Whether item `index` of `seq` is an alias (its node is written before its place)."""
        return self.start(seq.value[index]) < self.item_floor(seq, index)

    def item_floor(self, seq: CollectionNode, index: int) -> int:
        """Where the text of item `index` can start: after the item before, or the list's start."""
        if index == 0:
            return self.start(seq)
        return self.content_end(seq.value[index - 1])

    def _skip_space(self, pos: int, also: str) -> int:
        """The first offset from `pos` that is not blank, a comment, or one of `also`."""
        text = self.text
        while pos < len(text):
            if text[pos] == "#":
                pos = self.line_end(pos)
            elif text[pos] in " \n" or text[pos] in also:
                pos += 1
            else:
                break
        return pos

    def alias_end(self, after: int) -> int:
        """The end of the alias (`*name`) written next after `after` (past a `:` or `-`)."""
        start = self._skip_space(after, ":-")
        if self.text[start : start + 1] != "*":
            raise refuse(self.file, self.text, after, "an alias written in an unusual way")
        end = start + 1
        while end < len(self.text) and self.text[end] not in " \n,[]{}":
            end += 1
        return end

    def _block_scalar_end(self, node: ScalarNode) -> int:
        """Keep (`|+`) scalars own their trailing blank lines; others end at their last text."""
        start, end = self.start(node), self.end(node)
        header = self.text[start : self.line_end(start)].split("#", 1)[0]
        if "+" in header:
            return end
        body = self.text[start:end].rstrip(" \n")
        return start + len(body)

    def last_line_end(self, node: Node) -> int:
        """The start of the line after the one where `node`'s content ends."""
        return self._line_after(self.content_end(node))

    def _line_after(self, end: int) -> int:
        if end > 0 and self.text[end - 1] == "\n":
            return end
        return self.next_line(end)

    def dash(self, seq: SequenceNode, index: int) -> int:
        """The offset of the `-` of block sequence item `index`."""
        item = seq.value[index]
        if self.is_alias_item(seq, index):
            dash = self._skip_space(self.item_floor(seq, index), "")
            if index == 0 or self.text[dash : dash + 1] == "-":
                return dash
        pos = self.start(item) - 1
        text = self.text
        while pos >= 0 and text[pos] in " \n":
            if text[pos] == "\n":
                line = self.line_start(pos)
                before = text[line:pos].split("#", 1)[0].rstrip(" ")
                if before.endswith("-"):
                    return line + len(before) - 1
                if before:
                    break
                pos = line
            pos -= 1
        if pos >= 0 and text[pos] == "-":
            return pos
        raise refuse(self.file, text, self.start(item), "a list item laid out in an unusual way")

    def entry_start(self, node: CollectionNode, index: int) -> int:
        """Where entry `index` of a block collection starts: its key, or its dash."""
        if isinstance(node, MappingNode):
            return self.start(node.value[index][0])
        assert isinstance(node, SequenceNode)
        return self.dash(node, index)

    def entry_end(self, node: CollectionNode, index: int) -> int:
        """The start of the line after the last line of entry `index`."""
        return self._line_after(self.entry_content_end(node, index))

    def is_compact(self, node: CollectionNode, index: int) -> bool:
        """Whether entry `index` shares its line with text before it (`- name: a`, `- - a`)."""
        start = self.entry_start(node, index)
        return bool(self.text[self.line_start(start) : start].strip(" "))

    def leading_comments(self, line: int, limit: int) -> int:
        """The start of the comment lines directly above line start `line`, not above `limit`."""
        start = line
        while start > limit:
            above = self.line_start(start - 1)
            if above < limit or not self.is_comment_line(above):
                break
            start = above
        return start

    def blank_lines_above(self, line: int, limit: int) -> int:
        """The start of the blank lines directly above line start `line`, not above `limit`."""
        start = line
        while start > limit:
            above = self.line_start(start - 1)
            if above < limit or not self.is_blank_line(above):
                break
            start = above
        return start

    def deeper_comments(self, line: int, column: int) -> int:
        """The end of the comment lines from line start `line` indented deeper than `column`
        (they belong to the entry above them, like a commented-out key of its last item)."""
        while line < len(self.text) and self.is_comment_line(line):
            row = self.text[line : self.line_end(line)]
            if len(row) - len(row.lstrip(" ")) <= column:
                break
            line = self.next_line(line)
        return line

    def blank_lines_below(self, line: int) -> int:
        """The start of the first non-blank line at or after line start `line`."""
        end = line
        while end < len(self.text) and self.is_blank_line(end):
            end = self.next_line(end)
        return end

    def in_flow(self, parent: Node | None) -> bool:
        return isinstance(parent, CollectionNode) and bool(parent.flow_style)

    def is_merge_mapping(self, node: MappingNode) -> bool:
        return any(key.tag == _MERGE for key, _ in node.value)
