"""The text of a services file for a team that has none yet, laid out like its siblings.

A new file should look as if the team had written it: the same indent step and the same dash
style (`- name:` under `services:` indented or flush) as the repo's other services files.
"""

from __future__ import annotations

import re
from pathlib import Path

from ztui.model import RepoModel
from ztui.repo.layout import team_root
from ztui.repo.scalar import format_scalar

_INDENTED = re.compile(r"^( +)\S", re.M)
_SERVICES = re.compile(r"^( *)services:[ \t]*\n(?:[ \t]*(?:#.*)?\n)*( *)- ", re.M)


def sibling_style(root: Path, model: RepoModel) -> tuple[int, bool]:
    """(indent step, dashes indented under their key) of the first services file that shows it."""
    for rel in sorted(model.files):
        if not rel.startswith("env/teams/services."):
            continue
        try:
            text = (root / rel).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        step = _INDENTED.search(text)
        dashes = _SERVICES.search(text)
        if step and dashes:
            return len(step.group(1)), len(dashes.group(2)) > len(dashes.group(1))
    return 2, True


def services_file_text(root: Path, model: RepoModel, team_id: str, name: str) -> str:
    """A services file holding one service, `name`, of `team_id`."""
    step, indented = sibling_style(root, model)
    lines = []
    keys = (*team_root(model.dialect), team_id, "services")
    for depth, key in enumerate(keys):
        lines.append(" " * (step * depth) + f"{key}:")
    dash = " " * (step * (len(keys) - 1 + (1 if indented else 0)))
    lines.append(f"{dash}- name: {format_scalar(name)}")
    return "\n".join(lines) + "\n"
