"""The smallest set of document operations that turns one mapping into another.

The forms and `ztui edit` produce a whole new mapping for a service (see `ztui.edits`); the store
needs to know which nodes changed so that only their bytes are rewritten. `diff_ops` compares old
and new data and names each change as an operation on a path, in an order that keeps every later
path valid when the operations are applied one after the other.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import StrEnum
from typing import Any

from ztui.model import FieldPath


class OpKind(StrEnum):
    """What an operation does to the node at its path."""

    SET = "set"  # replace the value at `path` with `value`
    ADD = "add"  # add `key: value` to the mapping at `path`
    DELETE = "delete"  # delete the key that ends `path`
    APPEND = "append"  # append `value` to the sequence at `path`
    REMOVE = "remove"  # remove item `index` of the sequence at `path`


@dataclass(frozen=True, slots=True)
class Op:
    """One change to a document; `path` points at the node the kind names."""

    kind: OpKind
    path: FieldPath
    value: Any = None
    key: str | None = None
    index: int | None = None


def _fingerprint(value: Any) -> str:
    """A hashable stand-in for YAML data, equal exactly when the data is equal."""
    return json.dumps(value, sort_keys=True, default=str)


def same_data(old: Any, new: Any) -> bool:
    """Deep equality that tells `true` from `1` (equal in Python, different YAML)."""
    return _fingerprint(old) == _fingerprint(new)


def diff_ops(old: Any, new: Any, path: FieldPath = ()) -> list[Op]:
    """Operations that turn `old` into `new` (both plain YAML data) at `path`."""
    if same_data(old, new):
        return []
    if isinstance(old, dict) and isinstance(new, dict):
        return _diff_mappings(old, new, path)
    if isinstance(old, list) and isinstance(new, list):
        return _diff_sequences(old, new, path)
    return [Op(OpKind.SET, path, new)]


def _diff_mappings(old: dict[str, Any], new: dict[str, Any], path: FieldPath) -> list[Op]:
    ops: list[Op] = []
    for key in old:
        if key not in new:
            ops.append(Op(OpKind.DELETE, (*path, key)))
        else:
            ops.extend(diff_ops(old[key], new[key], (*path, key)))
    ops.extend(Op(OpKind.ADD, path, new[key], key=key) for key in new if key not in old)
    return ops


def _diff_sequences(old: list[Any], new: list[Any], path: FieldPath) -> list[Op]:
    """Removals, in-place changes and appends; anything else replaces the whole sequence.

    Opcodes are applied from the end backwards, so an operation never shifts the index of one
    that is still to come.
    """
    matcher = SequenceMatcher(
        a=[_fingerprint(v) for v in old], b=[_fingerprint(v) for v in new], autojunk=False
    )
    ops: list[Op] = []
    for tag, i1, i2, j1, j2 in reversed(matcher.get_opcodes()):
        if tag == "equal":
            continue
        if tag == "delete":
            ops.extend(Op(OpKind.REMOVE, path, index=i) for i in reversed(range(i1, i2)))
        elif tag == "replace" and i2 - i1 == j2 - j1:
            for i, j in zip(reversed(range(i1, i2)), reversed(range(j1, j2)), strict=True):
                ops.extend(diff_ops(old[i], new[j], (*path, i)))
        elif tag == "insert" and i1 == len(old):
            ops.extend(Op(OpKind.APPEND, path, new[j]) for j in range(j1, j2))
        else:
            return [Op(OpKind.SET, path, new)]
    return ops


def apply_ops(data: Any, ops: list[Op]) -> Any:
    """Apply `ops` to a deep copy of `data` the plain-Python way (the store checks against it)."""
    import copy

    out = copy.deepcopy(data)
    for op in ops:
        out = _apply(out, op)
    return out


def _parent(root: Any, path: FieldPath) -> Any:
    node = root
    for part in path:
        node = node[part]
    return node


def _apply(root: Any, op: Op) -> Any:
    if op.kind is OpKind.SET and not op.path:
        return op.value
    if op.kind is OpKind.SET:
        _parent(root, op.path[:-1])[op.path[-1]] = op.value
    elif op.kind is OpKind.ADD:
        _parent(root, op.path)[op.key] = op.value
    elif op.kind is OpKind.DELETE:
        del _parent(root, op.path[:-1])[op.path[-1]]
    elif op.kind is OpKind.APPEND:
        _parent(root, op.path).append(op.value)
    elif op.kind is OpKind.REMOVE:
        del _parent(root, op.path)[op.index]
    return root
