"""Moving a dialect-v1 file's teams from `teamConfig.teams.<team>` to `teamConfig.<team>`.

The later layouts are spelled as dialect v2, so a v1 file that the migration edits must lose
the `teams:` level. Dumping the data again would drop every comment; instead the `teams:` line
goes and the lines of its block move left by one indent step, which keeps each comment, quote
and blank line. The result must parse to the old data with the teams hoisted, or the file is
refused (a flow-style `teams: {...}` or a `teamConfig` that already has a key named like a
team cannot be moved this way).
"""

from __future__ import annotations

from typing import Any

import yaml

from ztui.repo.patch import PatchError


def hoisted(data: Any) -> Any:
    """`data` with `teamConfig.teams` merged into `teamConfig` (None when that would clash)."""
    config = dict(data["teamConfig"])
    teams = config.pop("teams") or {}
    if any(key in config for key in teams):
        return None
    return {**data, "teamConfig": {**config, **teams}}


def hoist_v1(text: str, rel: str) -> str:
    """`text` (a v1 file) with its teams one level up, byte for byte otherwise."""
    refused = PatchError(
        f"{rel}: cannot move teamConfig.teams.<team> to teamConfig.<team> without rewriting "
        "the file; convert it to dialect v2 by hand first"
    )
    try:
        node = yaml.compose(text, Loader=yaml.CSafeLoader)
        old = yaml.load(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError as exc:
        raise PatchError(f"{rel}: not valid YAML: {exc}") from exc
    found = _teams_entry(node)
    wanted = hoisted(old)
    if found is None or wanted is None:
        raise refused
    key, value = found
    if not isinstance(value, yaml.MappingNode) or value.flow_style:
        raise refused
    lines = text.splitlines(keepends=True)
    if lines[key.start_mark.line].strip() != "teams:":
        raise refused
    step = value.start_mark.column - key.start_mark.column
    last = value.end_mark.line if value.end_mark.column == 0 else value.end_mark.line + 1
    out = lines[: key.start_mark.line]
    for line in lines[key.start_mark.line + 1 : last]:
        spaces = len(line) - len(line.lstrip(" "))
        out.append(line[min(step, spaces):])
    out += lines[last:]
    new = "".join(out)
    try:
        same = yaml.load(new, Loader=yaml.CSafeLoader) == wanted
    except yaml.YAMLError:
        same = False
    if not same or step <= 0:
        raise refused
    return new


def _teams_entry(node: yaml.Node | None) -> tuple[yaml.Node, yaml.Node] | None:
    """The key and value nodes of `teamConfig.teams`, or None."""
    config = _get(node, "teamConfig")
    if config is None:
        return None
    for key, value in config.value if isinstance(config, yaml.MappingNode) else ():
        if isinstance(key, yaml.ScalarNode) and key.value == "teams":
            return key, value
    return None


def _get(node: yaml.Node | None, name: str) -> yaml.Node | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode) and key.value == name:
            found: yaml.Node = value
            return found
    return None
