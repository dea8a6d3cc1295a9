"""Files and paths ztui refuses to patch, and edits it cannot make: one clear line each."""

from __future__ import annotations

import re

import pytest

from tests.patch.support import corpus
from ztui.repo.patch import Document, PatchError, RefusedEdit

ONE_LINE = re.compile(r"^[\w./-]+:\d+: [^\n]+$")
SERVICE = ("teamConfig", "demo", "services", 0)


def refused(name: str) -> str:
    return corpus(f"refused/{name}")


@pytest.mark.parametrize(
    ("name", "line", "reason"),
    [
        ("tabs.yaml", 2, "tab indentation"),
        ("mixed_endings.yaml", 2, "mixes CRLF and LF"),
        ("helm.yaml", 4, "Helm template"),
        ("sops.yaml", 4, "SOPS"),
        ("several_documents.yaml", 2, "several YAML documents"),
    ],
)
def test_whole_file_refusals(name: str, line: int, reason: str) -> None:
    with pytest.raises(RefusedEdit) as caught:
        Document(refused(name), name)
    message = str(caught.value)
    assert ONE_LINE.match(message), message
    assert message.startswith(f"{name}:{line}: ")
    assert reason in message


def test_lone_carriage_return_is_refused() -> None:
    with pytest.raises(RefusedEdit, match=r"x.yaml:2: a carriage return"):
        Document("a: 1\nb: 2\rc: 3\n", "x.yaml")


@pytest.mark.parametrize(
    ("name", "edit", "reason"),
    [
        ("anchors.yaml", lambda d: d.set_scalar(("defaults", "mode"), "AllowAll"), "anchored"),
        (
            "anchors.yaml",
            lambda d: d.set_scalar((*SERVICE, "networkPolicy", "ingressPrivate", "mode"), "x"),
            "alias",
        ),
        ("anchors.yaml", lambda d: d.delete_key(("defaults",)), "removes an anchor"),
        ("merge.yaml", lambda d: d.set_scalar((*SERVICE, "name"), "web"), "merge key"),
        ("merge.yaml", lambda d: d.add_key(SERVICE, "port", 81), "merge key"),
        ("duplicates.yaml", lambda d: d.set_scalar((*SERVICE, "name"), "x"), "duplicate key"),
        ("tagged.yaml", lambda d: d.set_scalar((*SERVICE, "name"), "x"), "tag"),
    ],
)
def test_path_refusals(name: str, edit: object, reason: str) -> None:
    doc = Document(refused(name), name)
    with pytest.raises(RefusedEdit) as caught:
        edit(doc)  # type: ignore[operator]
    message = str(caught.value)
    assert ONE_LINE.match(message), message
    assert reason in message


def test_removing_an_anchor_that_aliases_use_is_refused() -> None:
    text = "base: &b {port: 80}\nitems:\n  - &x a\n  - b\nuse: *x\n"
    with pytest.raises(RefusedEdit, match="anchor"):
        Document(text, "x.yaml").remove(("items",), 0)


def test_edits_away_from_anchors_are_fine() -> None:
    text = refused("anchors.yaml")
    doc = Document(text, "anchors.yaml")
    new = doc.add_key(("teamConfig", "demo"), "networkPolicy", {"egressPublic": False})
    assert new.text == text + "    networkPolicy:\n      egressPublic: false\n"
    new = doc.append(("teamConfig", "demo", "services"), {"name": "web"})
    assert new.text == text + "      - name: web\n"
    items = "items:\n  - &x a\n  - *x\n"
    assert Document(items, "x.yaml").append(("items",), "b").text == items + "  - b\n"
    assert Document(items, "x.yaml").remove(("items",), 1).text == "items:\n  - &x a\n"


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda d: d.set_scalar(("a", "missing"), 1), "does not exist"),
        (lambda d: d.set_scalar(("a",), 1), "not a scalar"),
        (lambda d: d.set_scalar(("a", "b"), [1]), "takes a scalar"),
        (lambda d: d.add_key(("a",), "b", 2), "exists"),
        (lambda d: d.add_key(("a", "b"), "c", 2), "not a mapping"),
        (lambda d: d.append(("a",), 2), "not a list"),
        (lambda d: d.remove(("l",), 5), "no such list item"),
        (lambda d: d.remove(("a",), 0), "is a mapping"),
        (lambda d: d.delete_key(("l", 0)), "does not end in a key"),
        (lambda d: d.set_value(("a", "b"), {1: 2}), "keys must be strings"),
        (lambda d: d.set_value(("a", "b"), {1, 2}), "cannot write a set"),
        (lambda d: d.set_value((), 1), "whole document"),
    ],
)
def test_impossible_edits_raise_patch_error(edit: object, message: str) -> None:
    doc = Document("a:\n  b: 1\nl: [x]\n", "x.yaml")
    with pytest.raises(PatchError, match=message):
        edit(doc)  # type: ignore[operator]


def test_invalid_yaml_is_a_patch_error_with_its_line() -> None:
    with pytest.raises(PatchError, match=r"^x.yaml:3: not valid YAML"):
        Document("a: 1\nb: [2\n", "x.yaml")
