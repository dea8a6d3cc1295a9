"""Adding and removing whole entries of a collection as text: where they go, what goes with them.

Comments stay with what they describe. Comment lines directly above an entry belong to it: a
removal takes them, and an insertion after the last entry goes right below that entry's last
line, above any comment that follows (a commented-out item, the heading of the next section).
A trailing comment on an entry's line is part of that line. Blank lines that separate entries
are kept as separators: a new entry gets one when its siblings have them, and removing an
entry between two blank lines leaves one. Flow collections (`[a, b]`) reuse the separator
their items already use.
"""

from __future__ import annotations

from yaml.nodes import CollectionNode, MappingNode, Node

from ztui.repo.patch_errors import refuse
from ztui.repo.patch_source import Source

Splice = tuple[int, int, str]


def lines_at(src: Source, at: int, lines: list[str]) -> str:
    """Whole lines to insert at line start `at`, keeping a missing final newline missing."""
    body = "\n".join(lines)
    if at == len(src.text) and src.text and not src.text.endswith("\n"):
        return "\n" + body
    return body + "\n"


def separated(src: Source, node: CollectionNode, index: int) -> bool:
    """Whether entry `index` (not the first) sits below a blank line, its comments included."""
    if index < 1:
        return False
    limit = src.entry_end(node, index - 1)
    line = src.leading_comments(src.line_start(src.entry_start(node, index)), limit)
    return line > limit and src.is_blank_line(src.line_start(line - 1))


def insert_block(src: Source, node: CollectionNode, lines: list[str]) -> Splice:
    """New entry lines after the last entry of a block collection."""
    count = len(node.value)
    column = src.column(src.entry_start(node, 0))
    at = src.deeper_comments(src.entry_end(node, count - 1), column)
    if count >= 2 and separated(src, node, count - 1):
        lines = ["", *lines]
    return at, at, lines_at(src, at, lines)


def remove_block(src: Source, node: CollectionNode, index: int) -> Splice:
    """Remove entry `index` of a block collection that has other entries."""
    start = src.entry_start(node, index)
    if src.is_compact(node, index):
        return _remove_compact_first(src, node, start)
    limit = src.entry_end(node, index - 1) if index > 0 else 0
    first = src.leading_comments(src.line_start(start), limit)
    end = src.entry_end(node, index)
    above = src.blank_lines_above(first, limit)
    below = src.blank_lines_below(end)
    if above < first and (below > end or end == len(src.text)):
        first = above
    elif index == 0 and below > end and index + 1 < len(node.value):
        end = below
    if end == len(src.text) and not src.text.endswith("\n") and first > 0:
        first -= 1  # keep the file without a final newline
    return first, end, ""


def _remove_compact_first(src: Source, node: CollectionNode, start: int) -> Splice:
    """`- name: a` with more keys below: the next entry moves up onto the dash line, and its
    comment lines move above the dash line."""
    following = src.entry_start(node, 1)
    following_line = src.line_start(following)
    comments = src.leading_comments(following_line, src.entry_end(node, 0))
    if comments == following_line:
        return start, following, ""
    line = src.line_start(start)
    moved = src.text[comments:following_line] + src.text[line:start]
    return line, following, moved


def flow_entry_span(src: Source, node: CollectionNode, index: int) -> tuple[int, int]:
    """Start and end of entry `index` of a flow collection (`key: value` or the item)."""
    if isinstance(node, MappingNode):
        key, value = node.value[index]
        return src.start(key), max(src.end(key), src.end(value))
    item: Node = node.value[index]
    if src.is_alias_item(node, index):
        raise refuse(src.file, src.text, src.start(node), "an alias in this list")
    return src.start(item), src.end(item)


def insert_flow(src: Source, node: CollectionNode, item: str) -> Splice:
    """`item` after the last entry of a flow collection, or as its only entry."""
    open_at, close_at = src.start(node), src.end(node) - 1
    if not node.value:
        inner = src.text[open_at + 1 : close_at]
        padded = f" {item} " if inner.strip(" \n") == "" and inner else item
        return open_at + 1, close_at, padded
    count = len(node.value)
    last_start, last_end = flow_entry_span(src, node, count - 1)
    sep = _separator(src, node, count, last_start)
    after = src.text[last_end:close_at]
    rest = after.lstrip(" \n")
    if rest.startswith(","):  # a trailing comma stays trailing
        at = last_end + len(after) - len(rest) + 1
        return at, at, sep[1:] + item + ","
    return last_end, last_end, sep + item


def _separator(src: Source, node: CollectionNode, count: int, last_start: int) -> str:
    """The text between the last two entries, or `, ` (`,` and a line break on multi-line)."""
    if count >= 2:
        sep = src.text[flow_entry_span(src, node, count - 2)[1] : last_start]
        if sep.lstrip(" \n").startswith(",") and "#" not in sep:
            return sep
    if src.line_start(last_start) != src.line_start(src.start(node)):
        return ",\n" + " " * src.column(last_start)
    return ", "


def remove_flow(src: Source, node: CollectionNode, index: int) -> Splice:
    """Remove entry `index` of a flow collection that has other entries, with one comma."""
    start, end = flow_entry_span(src, node, index)
    if index + 1 < len(node.value):
        return start, flow_entry_span(src, node, index + 1)[0], ""
    return flow_entry_span(src, node, index - 1)[1], end, ""


def check_no_anchor(src: Source, nodes: list[Node], start: int, end: int) -> None:
    """Refuse removing text in [start, end) that defines an anchor (aliases would dangle)."""
    seen: set[int] = set()
    stack = list(nodes)
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        pos = src.start(node)
        if not start <= pos < end:
            continue
        if src.text[pos] == "&":
            raise refuse(src.file, src.text, pos, "this removes an anchor (&) that aliases use")
        if isinstance(node, MappingNode):
            stack.extend(part for pair in node.value for part in pair)
        elif isinstance(node, CollectionNode):
            stack.extend(node.value)
