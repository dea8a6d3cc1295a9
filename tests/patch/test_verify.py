"""A wrong splice never comes back as text: each check of the verifier catches its fault."""

from __future__ import annotations

import dataclasses

import pytest

from ztui.repo.ops import Op, OpKind
from ztui.repo.patch import Document, PatchError
from ztui.repo.patch_plan import Plan, Planner
from ztui.repo.patch_source import Source
from ztui.repo.patch_verify import commit, same_data

TEXT = "a:\n  b: 1\n  c: 2\nd:\n  - x\n  - y\ne: 3\n"


def planned() -> tuple[Source, Plan]:
    source = Document(TEXT, "x.yaml")._source
    return source, Planner(source).set_value(("a", "b"), 5)


def test_a_correct_plan_commits() -> None:
    source, plan = planned()
    assert commit(source, plan).text == TEXT.replace("b: 1", "b: 5")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"text": "5\n  z: 1"}, "would spill over"),
        ({"text": "5\nz: 1"}, "does not parse"),
        ({"text": "6"}, "would change other data"),
        ({"text": "5", "op": Op(OpKind.SET, ("a", "b"), 6)}, "would change other data"),
        ({"text": "[5"}, "does not parse"),
        ({"start": 0}, "reached outside"),
        ({"end": len(TEXT)}, "reached outside"),
    ],
)
def test_a_wrong_plan_raises(change: dict[str, object], message: str) -> None:
    source, plan = planned()
    with pytest.raises(PatchError, match=message):
        commit(source, dataclasses.replace(plan, **change))  # type: ignore[arg-type]


def test_a_failed_edit_leaves_the_document_unchanged() -> None:
    doc = Document(TEXT, "x.yaml")
    with pytest.raises(PatchError):
        doc.set_scalar(("a", "missing"), 1)
    assert doc.text == TEXT
    assert doc.set_scalar(("a", "b"), 2).text == TEXT.replace("b: 1", "b: 2")


def test_documents_are_immutable_and_can_branch() -> None:
    doc = Document(TEXT, "x.yaml")
    left = doc.append(("d",), "l")
    right = doc.remove(("d",), 0)
    assert doc.text == TEXT
    assert left.text == TEXT.replace("  - y\n", "  - y\n  - l\n")
    assert right.text == TEXT.replace("  - x\n", "")
    assert left.remove(("d",), 0).text == right.append(("d",), "l").text


def test_same_data_tells_types_apart() -> None:
    assert not same_data({"a": 1}, {"a": True})
    assert not same_data([1.0], [1])
    assert same_data({"a": [float("nan")]}, {"a": [float("nan")]})
    assert not same_data({"a": 1}, {"a": 1, "b": 2})
