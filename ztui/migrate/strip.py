"""The existing files of a migrated repo: the same bytes without their `networkPolicy` keys.

The keys go through the byte-exact patch machinery (`Document.delete_key`), which takes the
key, its value and the comment lines above it. Comment lines that trail the value, indented
under the key (a commented-out allow entry after the last one), belong to the removed block
too: left behind they would hang under the next key and read as if about it, so they are
removed first, and only they (`ztui.migrate.comments` reads the comments of the same lines, so
none is lost). A dialect-v1 file then moves its teams to the v2 root
(`ztui.migrate.hoist`).
"""

from __future__ import annotations

from typing import Any

import yaml

from ztui.migrate.hoist import hoist_v1
from ztui.model import Dialect, FieldPath, Layout
from ztui.repo.layout import file_dialect, team_root
from ztui.repo.patch import MISSING, Document, PatchError


class MigrateError(Exception):
    """The conversion cannot be planned or written; the message is one line for users."""


def policy_paths(data: Any, root: FieldPath, layout: Layout) -> list[FieldPath]:
    """The paths of the `networkPolicy` keys to remove: services', and in FILES the teams'."""
    teams = _at(data, root)
    out: list[FieldPath] = []
    for team_id, team in (teams.items() if isinstance(teams, dict) else ()):
        if not isinstance(team, dict):
            continue
        path = (*root, str(team_id))
        if layout is Layout.FILES and "networkPolicy" in team:
            out.append((*path, "networkPolicy"))
        services = team.get("services")
        for index, item in enumerate(services if isinstance(services, list) else []):
            if isinstance(item, dict) and "networkPolicy" in item:
                out.append((*path, "services", index, "networkPolicy"))
    return out


def _at(data: Any, path: FieldPath) -> Any:
    for part in path:
        data = data.get(part) if isinstance(data, dict) else None
    return data


def stripped_text(text: str, rel: str, dialect: Dialect, layout: Layout) -> str:
    """`text` without the `networkPolicy` keys `policy_paths` names, in the v2 team root.

    `dialect` is the repo's; a file whose own shape shows another one (ZT008) is read in its own.
    """
    try:
        doc = Document(text, rel)
        data = doc.data_at(())
        own = file_dialect(data) if isinstance(data, dict) else None
        if own is not None:
            dialect = own
        paths = policy_paths(data, team_root(dialect), layout)
        if paths:
            doc = _without_trailing_comments(doc, paths)
            for path in paths:
                doc = doc.delete_key(path)
        new = doc.text
        if dialect is Dialect.V1 and doc.data_at(("teamConfig", "teams")) is not MISSING:
            new = hoist_v1(new, rel)
    except PatchError as exc:
        raise MigrateError(str(exc)) from exc
    return new


def _without_trailing_comments(doc: Document, paths: list[FieldPath]) -> Document:
    """`doc` without the comment lines that trail each removed value, indented under its key."""
    text = doc.text
    try:
        node = yaml.compose(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        return doc
    lines = text.splitlines(keepends=True)
    drop: set[int] = set()
    for path in paths:
        found = entry_nodes(node, path)
        if found is not None:
            drop |= trailing_lines(lines, found[0].start_mark.column, last_line(found[1]))
    if not drop:
        return doc
    new = Document("".join(line for i, line in enumerate(lines) if i not in drop), doc.file)
    if new.data_at(()) != doc.data_at(()):
        raise PatchError(f"{doc.file}: removing comments changed the data; not converted")
    return new


def trailing_lines(lines: list[str], column: int, last: int) -> set[int]:
    """The comment lines right after line `last` that are indented deeper than `column`."""
    out: set[int] = set()
    for index in range(last + 1, len(lines)):
        stripped = lines[index].strip()
        if not stripped:
            continue
        indent = len(lines[index]) - len(lines[index].lstrip(" "))
        if not stripped.startswith("#") or indent <= column:
            break
        out.add(index)
    return out


def last_line(node: yaml.Node) -> int:
    """The 0-based line on which the content of `node` ends."""
    if isinstance(node, yaml.MappingNode) and node.value and not node.flow_style:
        return last_line(node.value[-1][1])
    if isinstance(node, yaml.SequenceNode) and node.value and not node.flow_style:
        return last_line(node.value[-1])
    end = node.end_mark
    return int(end.line - 1 if end.column == 0 and end.line > node.start_mark.line else end.line)


def entry_nodes(node: yaml.Node | None, path: FieldPath) -> tuple[yaml.Node, yaml.Node] | None:
    """The key and value nodes at `path` (the last part a mapping key), or None."""
    pair: tuple[yaml.Node, yaml.Node] | None = None
    for part in path:
        pair = None
        if isinstance(node, yaml.MappingNode):
            pair = next(((k, v) for k, v in node.value
                         if isinstance(k, yaml.ScalarNode) and k.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            node = node.value[part] if 0 <= part < len(node.value) else None
            continue
        if pair is None:
            return None
        node = pair[1]
    return pair
