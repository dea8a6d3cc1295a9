"""The text of a team's first services or `netpols` file, laid out like its siblings.

A new file should look as if the team had written it: the same indent step and the same dash
style (`- name:` under `services:` indented or flush) as the repo's other files of that kind
(`env/teams/services.<team>.yaml`, or `env/teams/netpols.<team>.yaml` in the 2024 layout).
"""

from __future__ import annotations

import re
from pathlib import Path

from ztui.model import RepoModel
from ztui.repo.layout import team_root
from ztui.repo.scalar import Scalar, format_scalar

_INDENTED = re.compile(r"^( +)\S", re.M)
SERVICES_PREFIX = "env/teams/services."
NETPOLS_PREFIX = "env/teams/netpols."


def _list_head(key: str) -> re.Pattern[str]:
    return re.compile(rf"^( *){key}:[ \t]*\n(?:[ \t]*(?:#.*)?\n)*( *)- ", re.M)


def sibling_style(
    root: Path, model: RepoModel, prefix: str = SERVICES_PREFIX, key: str = "services"
) -> tuple[int, bool]:
    """(indent step, dashes indented under their key) of the first such file that shows it."""
    head = _list_head(key)
    for rel in sorted(model.files):
        if not rel.startswith(prefix):
            continue
        try:
            text = (root / rel).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        step = _INDENTED.search(text)
        dashes = head.search(text)
        if step and dashes:
            return len(step.group(1)), len(dashes.group(2)) > len(dashes.group(1))
    return 2, True


def list_file_text(
    keys: tuple[str, ...], first: tuple[str, Scalar], style: tuple[int, bool]
) -> str:
    """A file whose nested `keys` end in a list holding one item, `{first[0]: first[1]}`."""
    step, indented = style
    lines = [" " * (step * depth) + f"{key}:" for depth, key in enumerate(keys)]
    dash = " " * (step * (len(keys) - 1 + (1 if indented else 0)))
    lines.append(f"{dash}- {first[0]}: {format_scalar(first[1])}")
    return "\n".join(lines) + "\n"


def services_file_text(root: Path, model: RepoModel, team_id: str, name: str) -> str:
    """A services file holding one service, `name`, of `team_id`."""
    keys = (*team_root(model.dialect), team_id, "services")
    return list_file_text(keys, ("name", name), sibling_style(root, model))


def netpols_file_text(
    root: Path, model: RepoModel, team_id: str, first: tuple[str, Scalar]
) -> str:
    """A `netpols.<team>.yaml` holding one rule that has only its first key, `first`."""
    style = sibling_style(root, model, NETPOLS_PREFIX, "netpols")
    return list_file_text(("teamConfig", team_id, "netpols"), first, style)
