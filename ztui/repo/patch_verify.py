"""Applying a planned splice only after proving it does exactly what it means, and no more.

A 140k-line file cannot be re-parsed per keystroke, so the proof is local. The entries the
splice rewrites, plus one untouched neighbour on each side, form a window: complete lines of
one block collection, which YAML parses the same on their own as in the file (a block
collection's entries depend on nothing but their own lines and their column). The window is
parsed before and after; the new data must equal the old data with the intended operation
applied, the window must hold exactly the expected number of entries (so no line escaped into
the parent), and the text outside the window must be byte-identical. The neighbours catch an
edit that changes how the lines next to it read (a keep-chomped block scalar, a dedent).

When the window cannot be parsed alone (an alias to an anchor outside it), the whole text is
parsed and compared instead. The parsed window is grafted into the node tree, so the next edit
starts from exact positions without composing the file again.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, TypeGuard

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import CollectionNode, MappingNode, Node, SequenceNode

from ztui.model import dotted
from ztui.repo.ops import Op, OpKind, apply_ops
from ztui.repo.patch_errors import PatchError, fail
from ztui.repo.patch_locate import Hop
from ztui.repo.patch_plan import Plan
from ztui.repo.patch_source import GenMark, Source, compose


@dataclass(frozen=True, slots=True)
class Window:
    """Entries `[lo, hi_old)` of the block collection at the end of `hops` (none: the whole
    document), becoming `[lo, hi_new)`; their text `[start, end)`; where the splice may be."""

    hops: tuple[Hop, ...]
    lo: int
    hi_old: int
    hi_new: int
    start: int
    end: int
    allowed: tuple[int, int]


def window_for(src: Source, plan: Plan) -> Window:
    """The smallest window around the plan's entries that starts on a line of its own."""
    hops, first, old, new = list(plan.hops), plan.first, plan.old, plan.new
    while hops:
        node = hops[-1].node
        if _is_block(node) and not src.is_compact(node, max(0, first - 1)):
            break
        first, old, new = hops[-1].index, 1, 1
        hops.pop()
    if not hops:
        return Window((), 0, 1, 1, 0, len(src.text), (0, len(src.text)))
    node = hops[-1].node
    assert isinstance(node, CollectionNode)
    lo, hi_old = max(0, first - 1), min(len(node.value), first + old + 1)
    line = src.line_start(src.entry_start(node, lo))
    start = src.leading_comments(line, 0) if lo == first else line
    end = src.entry_end(node, hi_old - 1)
    if hi_old == len(node.value):
        end = src.deeper_comments(end, src.column(src.entry_start(node, 0)))
    allowed_start = src.entry_end(node, first - 1) - 1 if lo < first else start
    if first + old < hi_old:
        following = src.line_start(src.entry_start(node, first + old))
        allowed_end = src.leading_comments(following, src.entry_end(node, first + old - 1))
    else:
        allowed_end = end
    allowed = (allowed_start, allowed_end)
    return Window(tuple(hops), lo, hi_old, hi_old + new - old, start, end, allowed)


def _is_block(node: Node) -> TypeGuard[CollectionNode]:
    return isinstance(node, CollectionNode) and not node.flow_style and bool(node.value)


def commit(src: Source, plan: Plan) -> Source:
    """The source after `plan`, verified; a `PatchError` when the result is not exactly right."""
    window = window_for(src, plan)
    text = src.text[: plan.start] + plan.text + src.text[plan.end :]
    _check_outside(src, plan, window, text)
    delta = len(text) - len(src.text)
    try:
        root = compose(text[window.start : window.end + delta])
    except yaml.YAMLError:
        return _commit_whole(src, plan, text)
    if window.hops and not _fits(root, window):
        raise fail(src.file, src.text, plan.start, f"editing {_name(plan.op)} would spill over")
    expected = apply_ops(_window_data(src, window), [_relative(plan.op, window)])
    if not same_data(_construct(root), expected):
        raise _changed_other_data(src, plan)
    return _graft(src, window, root, text, delta)


def _check_outside(src: Source, plan: Plan, window: Window, text: str) -> None:
    """The splice lies where the plan's entries are, and every line outside is unchanged."""
    low, high = window.allowed
    if not low <= plan.start <= plan.end <= high:
        raise fail(src.file, src.text, plan.start, f"editing {_name(plan.op)} reached outside it")
    delta = len(text) - len(src.text)
    if text[:low] != src.text[:low] or text[high + delta :] != src.text[high:]:
        raise fail(src.file, src.text, plan.start, f"editing {_name(plan.op)} changed other lines")


def _commit_whole(src: Source, plan: Plan, text: str) -> Source:
    """Verify by parsing the whole new text (slow; for windows that cannot stand alone)."""
    try:
        root = compose(text)
    except yaml.YAMLError as error:
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        reason = f"the edited text does not parse: {problem}"
        raise fail(src.file, text, plan.start, reason) from None
    old = _construct(src.root) if src.root is not None else None
    if not same_data(_construct(root), apply_ops(old, [plan.op])):
        raise _changed_other_data(src, plan)
    return Source(text, root, src.file)


def _fits(root: Node | None, window: Window) -> bool:
    """The window parsed as one block collection of the same kind with the expected entries."""
    node = window.hops[-1].node
    return (
        type(root) is type(node)
        and isinstance(root, CollectionNode)
        and not root.flow_style
        and len(root.value) == window.hi_new - window.lo
    )


def _window_data(src: Source, window: Window) -> Any:
    if not window.hops:
        return _construct(src.root) if src.root is not None else None
    node = window.hops[-1].node
    entries = node.value[window.lo : window.hi_old]
    holder = (
        MappingNode(node.tag, entries)
        if isinstance(node, MappingNode)
        else SequenceNode(node.tag, entries)
    )
    return _construct(holder)


def _construct(node: Node | None) -> Any:
    if node is None:
        return None
    return SafeConstructor().construct_document(node)


def _relative(op: Op, window: Window) -> Op:
    """`op` addressed inside the window's data rather than the document's."""
    if not window.hops:
        return op
    base = window.hops[-1].path
    rest = op.path[len(base) :]
    index = op.index
    if isinstance(window.hops[-1].node, SequenceNode):
        if rest:
            first = rest[0]
            assert isinstance(first, int)
            rest = (first - window.lo, *rest[1:])
        elif op.kind is OpKind.REMOVE and index is not None:
            index -= window.lo
    return Op(op.kind, rest, op.value, op.key, index)


def same_data(old: Any, new: Any) -> bool:
    """Deep equality that tells `true` from `1` and `1.0`, and takes NaN as equal to itself.

    Unlike `ztui.repo.ops.same_data` it accepts any keys YAML can produce (ints, dates), so it
    can compare whole documents of other features too.
    """
    if type(old) is not type(new):
        return False
    if isinstance(old, dict):
        return old.keys() == new.keys() and all(same_data(old[k], new[k]) for k in old)
    if isinstance(old, list):
        return len(old) == len(new) and all(map(same_data, old, new))
    if isinstance(old, float) and math.isnan(old):
        return math.isnan(new)
    return bool(old == new)


def _graft(src: Source, window: Window, root: Node | None, text: str, delta: int) -> Source:
    """The new source: the window's fresh nodes in place of the old, later marks shifted."""
    if not window.hops:
        return Source(text, root, src.file)
    assert isinstance(root, CollectionNode)
    gen = len(src.shifts) + 1
    _rebase(root, window.start, gen)
    node = window.hops[-1].node
    assert isinstance(node, CollectionNode)
    entries = node.value[: window.lo] + root.value + node.value[window.hi_old :]
    start = node.start_mark if window.lo > 0 else root.start_mark
    child: CollectionNode = type(node)(
        node.tag, entries, start, node.end_mark, flow_style=node.flow_style
    )
    hops = window.hops
    for depth in range(len(hops) - 2, -1, -1):
        parent = hops[depth].node
        assert isinstance(parent, CollectionNode)
        values = list(parent.value)
        index = hops[depth + 1].index
        values[index] = (values[index][0], child) if isinstance(parent, MappingNode) else child
        child = type(parent)(
            parent.tag, values, parent.start_mark, parent.end_mark, flow_style=parent.flow_style
        )
    return Source(text, child, src.file, (*src.shifts, (window.end, delta)))


def _rebase(root: Node, base: int, gen: int) -> None:
    """Marks of a parsed fragment made absolute offsets of generation `gen`."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        node.start_mark = GenMark(base + node.start_mark.index, gen)
        node.end_mark = GenMark(base + node.end_mark.index, gen)
        if isinstance(node, MappingNode):
            stack.extend(part for pair in node.value for part in pair)
        elif isinstance(node, CollectionNode):
            stack.extend(node.value)


def _changed_other_data(src: Source, plan: Plan) -> PatchError:
    return fail(src.file, src.text, plan.start, f"editing {_name(plan.op)} would change other data")


def _name(op: Op) -> str:
    return dotted(op.path) or "the document"


__all__ = ["PatchError", "Window", "commit", "same_data", "window_for"]
