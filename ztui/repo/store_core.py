"""What the store's planners share: the error users see, a file open for planning, patch steps.

The store (`ztui.repo.store`) plans service and team edits; the later layouts' rule planning
(`ztui.repo.rule_store`) needs the same pieces without importing the store back, so they live
here, below both.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ztui.model import FieldPath
from ztui.repo.ops import diff_ops
from ztui.repo.patch import Document, PatchError


class StoreError(Exception):
    """An edit that cannot be planned or written; the message is one line for users."""


@dataclass(frozen=True, slots=True)
class RuleEdit:
    """A later-layout rule's new data as stored (`Rule.raw`, made by `ztui.rule_edits`).

    `create` adds the rule when absent (a new `netpols` item, or a new file laid out like its
    siblings); `delete` removes it (the item, or the whole file). `raw` is ignored on delete.
    """

    team: str
    name: str
    raw: dict[str, Any]
    create: bool = False
    delete: bool = False


@dataclass(slots=True)
class OpenFile:
    """A file as one save plans it: its text when read, that text's hash, and the running
    document (None: absent). `deleted` marks a file the save removes."""

    old_text: str | None
    sha256: str | None
    doc: Document | None
    deleted: bool = False


#: Opens a repo-relative file for the save being planned (each file once per save).
Opener = Callable[[str], OpenFile]


def run_step(step: Callable[[Any], Document], doc: Document | None) -> Document:
    """`step(doc)`, a patch failure turned into a StoreError."""
    try:
        return step(doc)
    except PatchError as exc:
        raise StoreError(str(exc)) from exc


def patched(doc: Document, path: FieldPath, old: Any, new: Any) -> Document:
    """`doc` with the data at `path` changed from `old` (None: read it) to `new`."""
    current = doc.data_at(path) if old is None else old
    for op in diff_ops(current, new, path):
        try:
            doc = doc.apply(op)
        except PatchError as exc:
            raise StoreError(str(exc)) from exc
    return doc


def new_document(text: str, rel: str) -> Document:
    """A document over the text of a file about to be created."""
    try:
        return Document(text, rel)
    except PatchError as exc:
        raise StoreError(str(exc)) from exc

