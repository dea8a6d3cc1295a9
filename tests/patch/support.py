"""Checks shared by the patch tests, written against PyYAML's pure-Python parser.

The implementation parses with libyaml; the tests judge its output with the other parser, so
a bug that both the patcher and its own verification share cannot pass unseen.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ztui.model import FieldPath
from ztui.repo.ops import Op, apply_ops
from ztui.repo.patch_verify import same_data

CORPUS = Path(__file__).parent / "corpus"
BOM = "\ufeff"


def corpus(name: str) -> str:
    """A corpus file's text, decoded but otherwise exactly as stored (BOM, CRLF)."""
    return (CORPUS / name).read_bytes().decode("utf-8")


def load(text: str) -> Any:
    """The data of `text` by the pure-Python safe loader."""
    return yaml.load(text, Loader=yaml.SafeLoader)


def node_lines(text: str, path: FieldPath) -> tuple[int, int]:
    """1-based first and last line of the node at `path` (its key's line when it has one)."""
    root = yaml.compose(text.removeprefix(BOM), Loader=yaml.SafeLoader)
    assert root is not None
    node: yaml.Node = root
    first = node.start_mark.line
    for step in path:
        if isinstance(step, int):
            node = node.value[step]
            first = node.start_mark.line
        else:
            key, node = next((k, v) for k, v in node.value if k.value == step)
            first = key.start_mark.line
    last = node
    while isinstance(last, yaml.MappingNode | yaml.SequenceNode) and not last.flow_style:
        last = last.value[-1][1] if isinstance(last, yaml.MappingNode) else last.value[-1]
    end = last.end_mark
    last_line = end.line - 1 if end.column == 0 and end.line > first else end.line
    lines = text.removeprefix(BOM).splitlines()
    column = len(lines[first]) - len(lines[first].lstrip(" "))
    while last_line + 1 < len(lines) and _comment_deeper(lines[last_line + 1], column):
        last_line += 1  # commented-out lines indented inside the node belong to it
    return first + 1, last_line + 1


def _comment_deeper(line: str, column: int) -> bool:
    stripped = line.lstrip(" ")
    return stripped.startswith("#") and len(line) - len(stripped) > column


def same_outside(before: str, after: str, scope: tuple[int, int]) -> bool:
    """Whether the lines before and after the 1-based line range `scope` (an insertion may
    follow its last line) are byte-identical, line ends included."""
    old = before.splitlines(keepends=True)
    new = after.splitlines(keepends=True)
    head, tail = scope[0] - 1, len(old) - scope[1]
    return (
        len(new) >= head + tail
        and new[:head] == old[:head]
        and new[len(new) - tail :] == old[len(old) - tail :]
    )


def check_edit(before: str, after: str, op: Op, scope: tuple[int, int]) -> None:
    """`after` is `before` with `op` applied to the data, every changed line is in the 1-based
    line range `scope` (an insertion may follow its last line), and the envelope is kept."""
    expected = apply_ops(load(before), [op])
    assert same_data(load(after), expected), (load(after), expected)
    assert same_outside(before, after, scope), f"lines outside {scope} changed"
    check_envelope(before, after)


def check_envelope(before: str, after: str) -> None:
    """Same BOM, same line ends, same final newline (or none)."""
    assert before.startswith(BOM) == after.startswith(BOM)
    assert before.endswith("\n") == after.endswith("\n")
    if "\r\n" in before:
        assert after.count("\r\n") == after.count("\n")
    else:
        assert "\r" not in after
