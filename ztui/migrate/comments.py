"""The comments inside the `networkPolicy` blocks a migration removes, read from the text.

YAML comments are not in the parsed data, so they are found by lines. A block's lines are those
the removal takes (`ztui.migrate.strip`): the comment lines directly above its key, the key's
line to the last line of its value, and the comment lines trailing it indented under the key.
On each of those lines the comment is the text from the first `#` that starts the line or
follows a blank, after the last scalar ending on the line (a `#` inside a quoted value is part
of the value; the lines inside a multi-line scalar hold none).

Inside a service's block each comment line is put with what it concerns: an egress entry's
(its lines, the comment lines directly above its dash, those trailing it indented under the
dash) goes with that entry, the `ingressPrivate` part's (the same spans for its key) with the
ingress rule, and anything else (a commented-out entry after the last one, a comment on the
`egressPublic:` line) with the service as a whole. A team's block is one part.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from ztui.migrate.strip import entry_nodes, last_line, policy_paths, trailing_lines
from ztui.model import Dialect, FieldPath, Layout
from ztui.repo.layout import file_dialect, team_root
from ztui.repo.patch_source import compose

#: The part of a service's block that concerns its ingress rule, and the part about the
#: service as a whole; an egress entry's part is its position among the well-formed entries.
INGRESS = -1
WHOLE = -2
#: A line inside a multi-line scalar: no comment can start on it.
_INSIDE = 1 << 30


@dataclass(frozen=True, slots=True)
class Comment:
    """One comment line: its 1-based line in the file and its text from `#`, verbatim."""

    line: int
    text: str


@dataclass(slots=True)
class PolicyBlock:
    """The comments of one removed `networkPolicy` block, by the part they concern.

    `service_at` is the 1-based (line, column) where the service's list item starts, which is
    `Service.location` of the model; None for a team's block.
    """

    file: str
    team: str
    service_at: tuple[int, int] | None
    parts: dict[int, list[Comment]] = field(default_factory=dict)

    @property
    def comments(self) -> list[Comment]:
        """Every comment of the block, in file order."""
        return sorted((c for part in self.parts.values() for c in part), key=lambda c: c.line)


def policy_comments(text: str, rel: str, dialect: Dialect, layout: Layout) -> list[PolicyBlock]:
    """The blocks with comments among those `stripped_text` removes from `text`."""
    if "#" not in text or "networkPolicy" not in text:
        return []
    try:
        data = yaml.load(text, Loader=yaml.CSafeLoader)
        root = compose(text)
    except yaml.YAMLError:
        return []
    if not isinstance(data, dict) or root is None:
        return []
    own = file_dialect(data)
    lines = text.splitlines()
    blocks = []
    for path in policy_paths(data, team_root(own or dialect), layout):
        block = _block(root, data, lines, path, rel)
        if block is not None and block.parts:
            blocks.append(block)
    return blocks


def _block(root: yaml.Node, data: Any, lines: list[str], path: FieldPath,
           rel: str) -> PolicyBlock | None:
    found = entry_nodes(root, path)
    item = _node_at(root, path[:-1]) if isinstance(path[-2], int) else None
    if found is None or (item is None and isinstance(path[-2], int)):
        return None
    key, value = found
    service_at = (item.start_mark.line + 1, item.start_mark.column + 1) if item else None
    block = PolicyBlock(rel, str(path[-4] if item else path[-2]), service_at)
    where = _service_parts(lines, value, _at(data, path)) if item else {}
    ends = _content_ends([key, value])
    for index in sorted(_span(lines, key, value)):
        text = _comment(lines[index], ends.get(index, 0))
        if text is not None:
            block.parts.setdefault(where.get(index, WHOLE), []).append(Comment(index + 1, text))
    return block


def _span(lines: list[str], key: yaml.Node, value: yaml.Node) -> set[int]:
    """The 0-based lines of a mapping entry: the comments above it (unless it shares its line
    with a dash, `- networkPolicy:`, whose lines above are the item's), key to last line, and
    the comments trailing it indented under the key."""
    line, column, last = key.start_mark.line, key.start_mark.column, last_line(value)
    first = _leading(lines, line) if not lines[line][:column].strip(" ") else line
    return set(range(first, last + 1)) | trailing_lines(lines, column, last)


def _leading(lines: list[str], line: int) -> int:
    """The first of the comment lines directly above 0-based `line` (itself when none)."""
    while line > 0 and lines[line - 1].lstrip(" ").startswith("#"):
        line -= 1
    return line


def _dash_column(lines: list[str], item: yaml.Node) -> int:
    """The column of the dash of a block sequence item written `- ...` (else of the item)."""
    start = item.start_mark
    before = lines[start.line][: start.column].rstrip(" ")
    return len(before) - 1 if before.endswith("-") else int(start.column)


def _service_parts(lines: list[str], policy: yaml.Node, data: Any) -> dict[int, int]:
    """The part of each line of a service's block that concerns one rule, by 0-based line."""
    if not isinstance(policy, yaml.MappingNode) or policy.flow_style:
        return {}
    out: dict[int, int] = {}
    for key, value in policy.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "ingressPrivate":
            out.update(dict.fromkeys(_span(lines, key, value), INGRESS))
    egress = next((v for k, v in policy.value
                   if isinstance(k, yaml.ScalarNode) and k.value == "egressPublic"), None)
    entries = data.get("egressPublic") if isinstance(data, dict) else None
    if isinstance(egress, yaml.SequenceNode) and isinstance(entries, list):
        out.update(_egress_parts(lines, egress, entries))
    return out


def _egress_parts(lines: list[str], egress: yaml.SequenceNode, entries: list[Any]
                  ) -> dict[int, int]:
    """Each line of an egress entry by the entry's position among the well-formed ones (the
    model's `Service.egress`); a line two entries share (`[{...}, {...}]`) is not one's."""
    spans: list[tuple[set[int], int]] = []
    position = 0
    for item, entry in zip(egress.value, entries, strict=False):
        if not (isinstance(entry, dict) and isinstance(entry.get("domain"), str)):
            continue
        first, last = item.start_mark.line, last_line(item)
        span = set(range(first, last + 1))
        if not egress.flow_style:
            span |= set(range(_leading(lines, first), first))
            span |= trailing_lines(lines, _dash_column(lines, item), last)
        spans.append((span, position))
        position += 1
    out: dict[int, int] = {}
    shared: set[int] = set()
    for span, part in spans:
        shared |= span & out.keys()
        out.update(dict.fromkeys(span, part))
    return {line: part for line, part in out.items() if line not in shared}


def _content_ends(nodes: list[yaml.Node]) -> dict[int, int]:
    """Per 0-based line, the column where its last scalar ends (`_INSIDE` within one)."""
    ends: dict[int, int] = {}
    seen: set[int] = set()
    todo = list(nodes)
    while todo:
        node = todo.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            todo += [n for pair in node.value for n in pair]
        elif isinstance(node, yaml.SequenceNode):
            todo += node.value
        else:
            start, end = node.start_mark, node.end_mark
            ends.update(dict.fromkeys(range(start.line, end.line), _INSIDE))
            ends[end.line] = max(ends.get(end.line, 0), end.column)
    return ends


def _comment(line: str, after: int) -> str | None:
    """The comment on `line` after column `after`, without trailing blanks, or None."""
    position = line.find("#", after) if after < _INSIDE else -1
    while position >= 0:
        if position == 0 or line[position - 1] in " \t":
            return line[position:].rstrip()
        position = line.find("#", position + 1)
    return None


def _node_at(node: yaml.Node | None, path: FieldPath) -> yaml.Node | None:
    """The node at `path` (its last part an index of a block or flow sequence)."""
    found = entry_nodes(node, path[:-1])
    parent = found[1] if found else None
    index = path[-1]
    if isinstance(parent, yaml.SequenceNode) and isinstance(index, int):
        return parent.value[index] if 0 <= index < len(parent.value) else None
    return None


def _at(data: Any, path: FieldPath) -> Any:
    for part in path:
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return None
    return data
