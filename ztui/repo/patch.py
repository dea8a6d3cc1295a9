"""Byte-exact edits of a YAML file: change only the bytes the user meant to change.

People trust ztui with the repo their cluster is built from, so a save must leave every
comment, blank line, quote style, indent, key order and unrelated value byte-identical. Dumping
the data again (even with ruamel's round-trip mode) rewrites lines nobody edited and takes 14 s
for 140k lines. A `Document` instead composes the file once (C loader, with marks), and each
operation splices new text into the exact character range of the node it edits, written in
the style of its neighbours, then proves the result: it parses, its data is the old data with
exactly the intended change, and every line outside the edited entries is unchanged (see
`ztui.repo.patch_verify`). Documents are immutable: an operation returns a new `Document`
that shares the untouched part of the node tree, so successive edits stay fast.

Refused files and paths raise `RefusedEdit` with `file:line: reason`; an edit that cannot be
made or verified raises `PatchError`. Neither ever hands back text.

An emptied list (`remove` of the last item) stays as `key: []` and an emptied mapping as
`key: {}` by default: `allow: []` under AllowOnly means "nobody", which is not the same as no
`allow` key. `drop_empty=True` deletes the emptied collection's key instead.
"""

from __future__ import annotations

import gc
from collections.abc import Mapping, Sequence
from typing import TypeAlias

import yaml

from ztui.model import FieldPath, dotted
from ztui.repo.nodes import NodeBuilder
from ztui.repo.ops import Op, OpKind
from ztui.repo.patch_envelope import (
    Envelope,
    check_root,
    check_text,
    open_envelope,
    several_documents,
)
from ztui.repo.patch_errors import PatchError, RefusedEdit, line_of
from ztui.repo.patch_plan import Plan, Planner
from ztui.repo.patch_source import Source, compose
from ztui.repo.patch_verify import commit
from ztui.repo.scalar import Scalar
from ztui.repo.yamlstyle import Value

__all__ = ["MISSING", "Data", "Document", "PatchError", "RefusedEdit", "Scalar"]

#: Texts from this size on (about 15k lines) are settled in the oldest GC generation on load.
_SETTLE_AT = 500_000

#: What the operations accept: plain YAML data (any mapping with str keys, any sequence).
Data: TypeAlias = Scalar | Sequence["Data"] | Mapping[str, "Data"]


class Document:
    """One YAML file open for byte-exact editing; every operation returns a new Document."""

    __slots__ = ("_envelope", "_source", "_text", "file")

    def __init__(self, text: str, file: str) -> None:
        """Parse `text` (the file's decoded content) read from repo-relative path `file`.

        Raises `RefusedEdit` for files ztui never patches and `PatchError` for invalid YAML.
        """
        envelope, body = open_envelope(text, file)
        check_text(body, file)
        root = _compose(body, file)
        check_root(root, body, file)
        self.file = file
        self._envelope = envelope
        self._source = Source(body, root, file)
        self._text: str | None = text

    @classmethod
    def _edited(cls, before: Document, source: Source) -> Document:
        doc = object.__new__(cls)
        doc.file = before.file
        doc._envelope = before._envelope
        doc._source = source
        doc._text = None
        return doc

    @property
    def text(self) -> str:
        """The file's full text, BOM and line ends as they were."""
        if self._text is None:
            self._text = self._envelope.wrap(self._source.text)
        return self._text

    @property
    def envelope(self) -> Envelope:
        """The BOM and line end the file uses."""
        return self._envelope

    def data_at(self, path: FieldPath = ()) -> object:
        """The plain data at `path`, or `MISSING` when the path leads nowhere.

        The store reads the current value of a service or a team setting here, from the text it
        is about to patch, rather than trusting a model that may be older than the file.
        """
        node = self._source.root
        for part in path:
            node = _child(node, part)
            if node is None:
                return MISSING
        if node is None:
            return {} if not path else MISSING
        return NodeBuilder(self.file, len(self._source.text)).build(node)

    def _run(self, plan: Plan) -> Document:
        return Document._edited(self, commit(self._source, plan))

    def set_scalar(self, path: FieldPath, value: Scalar) -> Document:
        """Replace the scalar at `path` by `value`, keeping its quote style when the new value
        allows it and any comment after it on the line."""
        if not (value is None or isinstance(value, str | bool | int | float)):
            raise PatchError(f"{self.file}: set_scalar takes a scalar value")
        planner = Planner(self._source)
        if not planner.is_scalar_path(path):
            name = dotted(path) or "the document"
            raise PatchError(f"{self.file}: {name} is not a scalar; use set_value")
        return self._run(planner.set_value(path, value))

    def set_value(self, path: FieldPath, value: Data) -> Document:
        """Replace the value at `path` by any value (a scalar, a list or a mapping)."""
        return self._run(Planner(self._source).set_value(path, _plain(value, self.file)))

    def add_key(self, path: FieldPath, key: str, value: Data) -> Document:
        """Add `key: value` at the end of the mapping at `path`, creating missing mappings
        along `path` (a null there becomes the mapping)."""
        if not isinstance(key, str):
            raise PatchError(f"{self.file}: mapping keys must be strings, not {key!r}")
        plan = Planner(self._source).add_key(path, key, _plain(value, self.file))
        return self._run(plan)

    def append(self, path: FieldPath, value: Data) -> Document:
        """Append `value` to the list at `path`; a missing list is added as a key."""
        return self._run(Planner(self._source).append(path, _plain(value, self.file)))

    def remove(self, path: FieldPath, index: int, *, drop_empty: bool = False) -> Document:
        """Remove item `index` of the list at `path`, with the comment lines above it.

        The last item leaves `[]` behind, or with `drop_empty` the list's key goes.
        """
        return self._run(Planner(self._source).remove(path, index, drop_empty))

    def delete_key(self, path: FieldPath, *, drop_empty: bool = False) -> Document:
        """Delete the key that ends `path` and its value, with the comment lines above it.

        The last key leaves `{}` behind, or with `drop_empty` the mapping's own key goes.
        """
        return self._run(Planner(self._source).delete_key(path, drop_empty))

    def apply(self, op: Op) -> Document:
        """Apply one `ztui.repo.ops.Op` (what `diff_ops` produces)."""
        if op.kind is OpKind.SET:
            return self.set_value(op.path, op.value)
        if op.kind is OpKind.ADD:
            if op.key is None:
                raise PatchError(f"{self.file}: an add operation needs a key")
            return self.add_key(op.path, op.key, op.value)
        if op.kind is OpKind.DELETE:
            return self.delete_key(op.path)
        if op.kind is OpKind.APPEND:
            return self.append(op.path, op.value)
        if op.index is None:
            raise PatchError(f"{self.file}: a remove operation needs an index")
        return self.remove(op.path, op.index)


#: What `Document.data_at` returns for a path that leads nowhere (None is a YAML value).
MISSING = object()


def _child(node: yaml.Node | None, part: str | int) -> yaml.Node | None:
    """The child of `node` under key or index `part`, or None."""
    if isinstance(node, yaml.MappingNode) and isinstance(part, str):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == part:
                found: yaml.Node = value
                return found
    elif (
        isinstance(node, yaml.SequenceNode)
        and isinstance(part, int)
        and 0 <= part < len(node.value)
    ):
        item: yaml.Node = node.value[part]
        return item
    return None


def _compose(body: str, file: str) -> yaml.Node | None:
    """The node tree of a whole file, settled in the collector's oldest generation when big.

    A 140k-line file leaves a million tracked objects. Left young, the collector walks all of
    them on its next three passes (about 1 s each, at whatever keystroke triggers them); one
    full collection now costs about what the first of those would have, and ends them.
    """
    try:
        root = compose(body)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        line = mark.line + 1 if mark is not None else line_of(body, 0)
        if "another document" in (error.problem or ""):
            raise several_documents(file, line) from None
        raise PatchError(f"{file}:{line}: not valid YAML: {error.problem}") from None
    except yaml.YAMLError as error:
        raise PatchError(f"{file}:1: not valid YAML: {error}") from None
    if len(body) >= _SETTLE_AT and gc.isenabled():
        gc.collect()
    return root


def _plain(value: object, file: str) -> Value:
    """`value` as plain dicts, lists and scalars; a `PatchError` for anything YAML cannot hold."""
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, Mapping):
        out: dict[str, Value] = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise PatchError(f"{file}: mapping keys must be strings, not {key!r}")
            out[key] = _plain(item, file)
        return out
    if isinstance(value, Sequence) and not isinstance(value, bytes | bytearray):
        return [_plain(item, file) for item in value]
    raise PatchError(f"{file}: cannot write a {type(value).__name__} as YAML")
