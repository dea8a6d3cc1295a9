"""Every corpus file survives a no-op byte for byte, and every edit that makes sense on it.

Each generic edit below is tried on every corpus file where its target exists with the right
kind; the result must carry exactly the intended data change, change no line outside the
edited node, and keep the file's envelope (BOM, line ends, final newline).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from tests.patch.support import CORPUS, check_edit, corpus, load, node_lines
from ztui.model import FieldPath
from ztui.repo.ops import Op, OpKind
from ztui.repo.patch import Data, Document

SERVICES: FieldPath = ("teamConfig", "demo", "services")
FILES = sorted(path.name for path in CORPUS.glob("*.yaml"))


def _at(data: Any, path: FieldPath) -> Any:
    for step in path:
        if isinstance(step, int):
            if not isinstance(data, list) or not -len(data) <= step < len(data):
                return None
            data = data[step]
        else:
            if not isinstance(data, dict) or step not in data:
                return None
            data = data[step]
    return data


@dataclass(frozen=True)
class Edit:
    """A generic edit: when it applies, what it does, and which node's lines may change."""

    name: str
    applies: Callable[[Any], bool]
    run: Callable[[Document, Any], tuple[Document, Op]]
    scope: Callable[[Any], FieldPath]


def _svc(data: Any, index: int) -> FieldPath:
    count = len(_at(data, SERVICES))
    return (*SERVICES, index % count)


def _ingress(data: Any) -> FieldPath:
    return (*_svc(data, 0), "networkPolicy", "ingressPrivate")


def _set_mode(doc: Document, data: Any) -> tuple[Document, Op]:
    path = (*_ingress(data), "mode")
    return doc.set_scalar(path, "AllowAll"), Op(OpKind.SET, path, "AllowAll")


def _set_name(doc: Document, data: Any) -> tuple[Document, Op]:
    path = (*_svc(data, 0), "name")
    return doc.set_scalar(path, "yes"), Op(OpKind.SET, path, "yes")


def _append_allow(doc: Document, data: Any) -> tuple[Document, Op]:
    path, value = (*_ingress(data), "allow"), {"team": "ops", "service": "cron"}
    return doc.append(path, value), Op(OpKind.APPEND, path, value)


def _remove_allow(index: int) -> Callable[[Document, Any], tuple[Document, Op]]:
    def run(doc: Document, data: Any) -> tuple[Document, Op]:
        path = (*_ingress(data), "allow")
        at = index % len(_at(data, path))
        return doc.remove(path, at), Op(OpKind.REMOVE, path, index=at)

    return run


def _empty_allow(doc: Document, data: Any) -> tuple[Document, Op]:
    path = (*_ingress(data), "allow")
    for _ in _at(data, path):
        doc = doc.remove(path, 0)
    return doc, Op(OpKind.SET, path, [])


def _drop_allow(doc: Document, data: Any) -> tuple[Document, Op]:
    path = (*_ingress(data), "allow")
    for _ in _at(data, path)[1:]:
        doc = doc.remove(path, 0)
    return doc.remove(path, 0, drop_empty=True), Op(OpKind.DELETE, path)


def _append_egress(doc: Document, data: Any) -> tuple[Document, Op]:
    path = (*_svc(data, 0), "networkPolicy", "egressPublic")
    value: Data = {"domain": "*.example.com", "ports": [{"protocol": "HTTPS", "number": 443}]}
    if _at(data, path) is None:
        op = Op(OpKind.SET, path, [value])
    else:
        op = Op(OpKind.APPEND, path, value)
    return doc.append(path, value), op


def _add_service(doc: Document, data: Any) -> tuple[Document, Op]:
    value: Data = {"name": "new", "networkPolicy": {"ingressPrivate": {"mode": "AllowAll"}}}
    return doc.append(SERVICES, value), Op(OpKind.APPEND, SERVICES, value)


def _remove_service(doc: Document, data: Any) -> tuple[Document, Op]:
    return doc.remove(SERVICES, 0), Op(OpKind.REMOVE, SERVICES, index=0)


def _add_ksvc(doc: Document, data: Any) -> tuple[Document, Op]:
    path, value = _svc(data, -1), {"predeployed": True}
    return doc.add_key(path, "ksvc2", value), Op(OpKind.ADD, path, value, key="ksvc2")


def _add_deep(doc: Document, data: Any) -> tuple[Document, Op]:
    service = copy.deepcopy(_at(data, _svc(data, -1)))
    policy = service.get("networkPolicy") or {}
    ingress = policy.get("ingressPrivate") or {}
    service["networkPolicy"] = {**policy, "ingressPrivate": {**ingress, "podSelector": "web-v2"}}
    path = (*_svc(data, -1), "networkPolicy", "ingressPrivate")
    return doc.add_key(path, "podSelector", "web-v2"), Op(OpKind.SET, _svc(data, -1), service)


def _delete_policy(doc: Document, data: Any) -> tuple[Document, Op]:
    path = (*_svc(data, 0), "networkPolicy")
    return doc.delete_key(path), Op(OpKind.DELETE, path)


def _is_list(path: Callable[[Any], FieldPath]) -> Callable[[Any], bool]:
    return lambda data: isinstance(_at(data, path(data)), list) and bool(_at(data, path(data)))


def _has_services(data: Any) -> bool:
    return isinstance(_at(data, SERVICES), list) and bool(_at(data, SERVICES))


def _scalar_mode(data: Any) -> bool:
    return _has_services(data) and isinstance(_at(data, (*_ingress(data), "mode")), str)


def _deep_ok(data: Any) -> bool:
    if not _has_services(data):
        return False
    node = _at(data, (*_svc(data, -1), "networkPolicy", "ingressPrivate"))
    return node is None or (isinstance(node, dict) and "podSelector" not in node)


def _policy_ok(data: Any) -> bool:
    return _has_services(data) and isinstance(_at(data, (*_svc(data, 0), "networkPolicy")), dict)


def _allow(data: Any) -> FieldPath:
    return (*_ingress(data), "allow")


EDITS = [
    Edit("set_mode", _scalar_mode, _set_mode, lambda d: (*_ingress(d), "mode")),
    Edit("set_name", _has_services, _set_name, lambda d: (*_svc(d, 0), "name")),
    Edit("append_allow", _is_list(_allow), _append_allow, _allow),
    Edit("remove_first_allow", _is_list(_allow), _remove_allow(0), _allow),
    Edit("remove_last_allow", _is_list(_allow), _remove_allow(-1), _allow),
    Edit("empty_allow", _is_list(_allow), _empty_allow, _allow),
    Edit("drop_allow", _is_list(_allow), _drop_allow, _ingress),
    Edit("append_egress", _policy_ok, _append_egress, lambda d: (*_svc(d, 0), "networkPolicy")),
    Edit("add_service", _has_services, _add_service, lambda d: SERVICES),
    Edit("remove_service", _has_services, _remove_service, lambda d: SERVICES),
    Edit("add_key", _has_services, _add_ksvc, lambda d: _svc(d, -1)),
    Edit("add_intermediate", _deep_ok, _add_deep, lambda d: _svc(d, -1)),
    Edit("delete_policy", _policy_ok, _delete_policy, lambda d: _svc(d, 0)),
]

CASES = [
    pytest.param(name, edit, id=f"{name}-{edit.name}")
    for name in FILES
    for edit in EDITS
    if edit.applies(load(corpus(name)))
]


@pytest.mark.parametrize("name", FILES)
def test_no_op_is_byte_identical(name: str) -> None:
    text = corpus(name)
    assert Document(text, name).text == text


@pytest.mark.parametrize(("name", "edit"), CASES)
def test_edit(name: str, edit: Edit) -> None:
    text = corpus(name)
    data = load(text)
    new, op = edit.run(Document(text, name), data)
    check_edit(text, new.text, op, node_lines(text, edit.scope(data)))


def test_every_corpus_file_gets_edits() -> None:
    covered = {case.values[0] for case in CASES}
    assert covered == set(FILES)
    assert len(CASES) >= 150
