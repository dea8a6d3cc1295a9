"""Spread reading and schema validation of a large repo over both cores.

`ztui validate` on 10,000 services is measured against a bare `yaml.load` of the same files
(goal: at most 1.5x). Sequentially, reading, assembling, schema validation and the semantic
checks add up to about 1.4x that load on this kind of machine, so the independent halves run
in a forked helper process: it reads half of the files while this process reads the other half,
and later runs the schema over every service while this process runs the cross-reference checks
and lint. Forking shares the model with the helper copy-on-write: only file reads and findings
travel through pickles. Where fork is unavailable, or the repo is small enough that a process
costs more than it saves, everything runs in this process.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from ztui.model import Finding, RepoModel
from ztui.repo.yamlread import FileRead, read_file
from ztui.schema.validate import validate_repo

#: Below this many bytes of YAML a second process costs more than it saves.
MIN_PARALLEL_BYTES = 1_000_000

T = TypeVar("T")
_shared: Any = None  # what the forked helper reads: set just before it is forked


def parallel_ok(total_bytes: int) -> bool:
    """Whether a forked helper pays off here (`ZTUI_JOBS=1` says never)."""
    return (
        os.environ.get("ZTUI_JOBS") != "1"
        and total_bytes >= MIN_PARALLEL_BYTES
        and sys.platform == "linux"
        and "fork" in multiprocessing.get_all_start_methods()
    )


def _in_helper(shared: Any, work: Callable[[], T], alongside: Callable[[], Any]) -> tuple[T, Any]:
    """Run `work` in a forked helper (which sees `shared`) while this process runs `alongside`."""
    global _shared
    _shared = shared
    try:
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
            future = pool.submit(work)
            mine = alongside()
            return future.result(), mine
    finally:
        _shared = None


def _read_shared() -> list[FileRead]:
    root, rels = _shared
    return [read_file(root, rel) for rel in rels]


def _halves(root: Path, rels: list[str]) -> tuple[list[str], list[str]]:
    """Two lists of files of about equal size (the biggest first, each to the lighter half)."""
    sized = sorted(rels, key=lambda rel: -_size(root / rel))
    halves: tuple[list[str], list[str]] = ([], [])
    weight = [0, 0]
    for rel in sized:
        side = 0 if weight[0] <= weight[1] else 1
        halves[side].append(rel)
        weight[side] += _size(root / rel)
    return halves


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def read_files(root: Path, rels: list[str]) -> list[FileRead]:
    """Every file of `rels` read (in no particular order), over both cores when it pays off."""
    if not parallel_ok(sum(_size(root / rel) for rel in rels)):
        return [read_file(root, rel) for rel in rels]
    theirs, mine = _halves(root, rels)
    helper, here = _in_helper(
        (root, theirs), _read_shared, lambda: [read_file(root, rel) for rel in mine]
    )
    return [*helper, *here]


def schema_findings(model: RepoModel) -> list[Finding]:
    """The schema findings of every team, service and rule of `model`."""
    return validate_repo(model)


def _schema_shared() -> list[Finding]:
    return schema_findings(_shared)


def validate_split(
    model: RepoModel, total_bytes: int, others: Callable[[RepoModel], list[Finding]]
) -> list[Finding]:
    """Schema findings plus `others(model)`: the schema in a helper when it pays off."""
    if not parallel_ok(total_bytes):
        return schema_findings(model) + others(model)
    schema, rest = _in_helper(model, _schema_shared, lambda: others(model))
    return schema + list(rest)
