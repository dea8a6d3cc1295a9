"""Spread reading and schema validation of a large repo over both cores.

`ztui validate` on 10,000 services is measured against a bare `yaml.load` of the same files
(goal: at most 1.5x). Sequentially, reading, assembling, schema validation and the semantic
checks add up to about 1.4x that load on this kind of machine, so the independent halves run
in a forked helper process: it reads half of the files while this process reads the other half,
and later runs the schema over every service while this process runs the cross-reference checks
and lint. Forking shares the model with the helper copy-on-write: only file reads and findings
travel through pickles. Where fork is unavailable, or the repo is small enough that a process
costs more than it saves, everything runs in this process.

What the helper reads comes back as one pickle that this process loads with the collector
paused: loaded by the executor's thread, 6,600 small rule files' data took the GIL from this
process's own reading for 0.6 s, and the collector ran over it again and again. The helper is
forked with the heap frozen (`gc.freeze`), so its collector never walks, and so never copies,
the pages it shares with this process.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from ztui.model import Finding, RepoModel
from ztui.repo.yamlread import FileRead, gc_paused, read_file
from ztui.schema.validate import validate_repo

#: Below this many bytes of YAML a second process costs more than it saves.
MIN_PARALLEL_BYTES = 1_000_000
#: Below this many bytes per file on average the helper does not pay either. A file-per-rule
#: repo (13,218 files of ~460 bytes) read and validated in 2.25 s in one process and 2.56 s
#: with the helper (median of 9): the work per file (open, hash, a loader each) is cheap to do
#: and what the helper sends back costs as much again, and both processes slowed each other
#: down by half. Repos of few large files (netpols lists, services) gain 15-25 %.
MIN_AVERAGE_BYTES = 4_000

T = TypeVar("T")
_shared: Any = None  # what the forked helper reads: set just before it is forked


def parallel_ok(total_bytes: int, files: int = 0) -> bool:
    """Whether a forked helper pays off for `files` files of `total_bytes` (`ZTUI_JOBS=1` says
    never)."""
    return (
        os.environ.get("ZTUI_JOBS") != "1"
        and total_bytes >= MIN_PARALLEL_BYTES
        and total_bytes >= MIN_AVERAGE_BYTES * files
        and sys.platform == "linux"
        and "fork" in multiprocessing.get_all_start_methods()
    )


def _in_helper(shared: Any, work: Callable[[], T], alongside: Callable[[], Any]) -> tuple[T, Any]:
    """Run `work` in a forked helper (which sees `shared`) while this process runs `alongside`."""
    global _shared
    _shared = shared
    try:
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
            gc.freeze()  # the helper is forked in `submit`
            try:
                future = pool.submit(work)
            finally:
                gc.unfreeze()
            mine = alongside()
            return future.result(), mine
    finally:
        _shared = None


def _read_shared() -> bytes:
    root, rels = _shared
    with gc_paused():
        return pickle.dumps([read_file(root, rel) for rel in rels], pickle.HIGHEST_PROTOCOL)


#: The cost of a file to read beyond its bytes, in bytes: opening, hashing and building a
#: small rule file costs about as much as reading 1,000 more bytes of a large one.
_PER_FILE = 1_000
#: The share of the work the helper takes: this process also loads what the helper read.
_HELPER_SHARE = 0.47


def _halves(sizes: dict[str, int]) -> tuple[list[str], list[str]]:
    """The files for the helper and for this process, of about `_HELPER_SHARE` and the rest
    of the cost (the costliest first, each to the side furthest below its share)."""
    halves: tuple[list[str], list[str]] = ([], [])
    weight = [0.0, 0.0]
    shares = (_HELPER_SHARE, 1 - _HELPER_SHARE)
    for rel in sorted(sizes, key=lambda rel: -sizes[rel]):
        side = 0 if weight[0] / shares[0] <= weight[1] / shares[1] else 1
        halves[side].append(rel)
        weight[side] += sizes[rel] + _PER_FILE
    return halves


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def read_files(root: Path, rels: list[str]) -> list[FileRead]:
    """Every file of `rels` read (in no particular order), over both cores when it pays off."""
    sizes = {rel: _size(f"{root}/{rel}") for rel in rels}
    if not parallel_ok(sum(sizes.values()), len(sizes)):
        return [read_file(root, rel) for rel in rels]
    theirs, mine = _halves(sizes)
    blob, here = _in_helper(
        (root, theirs), _read_shared, lambda: [read_file(root, rel) for rel in mine]
    )
    with gc_paused():
        helper: list[FileRead] = pickle.loads(blob)
    return [*helper, *here]


def schema_findings(model: RepoModel) -> list[Finding]:
    """The schema findings of every team, service and rule of `model`."""
    return validate_repo(model)


def _schema_shared() -> list[Finding]:
    with gc_paused():
        return schema_findings(_shared)


def validate_split(
    model: RepoModel, total_bytes: int, others: Callable[[RepoModel], list[Finding]]
) -> list[Finding]:
    """Schema findings plus `others(model)`: the schema in a helper when it pays off."""
    if not parallel_ok(total_bytes, len(model.files)):
        return schema_findings(model) + others(model)
    schema, rest = _in_helper(model, _schema_shared, lambda: others(model))
    return schema + list(rest)
