"""Successive edits reuse one parse: positions stay exact and only small fragments are parsed.

A large file is composed once; each edit re-parses only the entries it touches and grafts
them into the node tree, shifting later positions lazily. These tests hold that machinery to
the same answers as parsing from scratch after every edit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
import yaml
from yaml.nodes import CollectionNode, MappingNode, Node, ScalarNode

from tests.patch.gen import Layout, render, services_data
from ztui.repo.patch import Document
from ztui.repo.patch_source import Source, compose

Edit = Callable[[Document], Document]


def svc(team: int, index: int) -> tuple[str | int, ...]:
    return ("teamConfig", f"team-{team}", "services", index)


EDITS: list[Edit] = [
    lambda d: d.set_scalar((*svc(3, 2), "networkPolicy", "ingressPrivate", "mode"), "AllowAll"),
    lambda d: d.append((*svc(3, 2), "networkPolicy", "ingressPrivate", "allow"), {"team": "z"}),
    lambda d: d.remove((*svc(3, 2), "networkPolicy", "ingressPrivate", "allow"), 0),
    lambda d: d.append(svc(0, 1)[:-1], {"name": "new", "port": 1}),
    lambda d: d.set_scalar((*svc(0, 0), "port"), "yes"),
    lambda d: d.delete_key((*svc(5, 5), "networkPolicy")),
    lambda d: d.add_key(svc(5, 5), "networkPolicy", {"ingressPrivate": {"mode": "DenyAll"}}),
    lambda d: d.append((*svc(9, 9), "networkPolicy", "egressPublic", 0, "ports"), {"number": 1}),
    lambda d: d.add_key(("teamConfig",), "team-new", {"services": []}),
    lambda d: d.append(("teamConfig", "team-new", "services"), {"name": "first"}),
    lambda d: d.remove(svc(3, 0)[:-1], 0),
    lambda d: d.set_scalar((*svc(3, 0), "name"), "renamed"),
    lambda d: d.add_key((), "otherFeature", {"enabled": True}),
    lambda d: d.set_scalar((*svc(1, 1), "port"), 1234),
]


def big_text() -> str:
    return render(services_data(12, 10), Layout(dash=2, comments=True))


def positions(source: Source) -> Iterator[tuple[int, int]]:
    """(start, end) of every scalar and flow collection, in document order."""
    stack: list[Node] = [source.root] if source.root is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, ScalarNode) or (isinstance(node, CollectionNode) and node.flow_style):
            yield source.start(node), source.end(node)
        if isinstance(node, MappingNode):
            stack.extend(part for pair in reversed(node.value) for part in reversed(pair))
        elif isinstance(node, CollectionNode):
            stack.extend(reversed(node.value))


def test_chained_edits_equal_fresh_parses() -> None:
    chained = Document(big_text(), "env/teams.yaml")
    for edit in EDITS:
        fresh = edit(Document(chained.text, "env/teams.yaml"))
        chained = edit(chained)
        assert chained.text == fresh.text
        fresh_source = Source(fresh.text, yaml.compose(fresh.text, Loader=yaml.CSafeLoader), "x")
        assert list(positions(chained._source)) == list(positions(fresh_source))


def test_an_edit_parses_only_a_small_fragment(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = Document(big_text(), "env/teams.yaml")
    sizes: list[int] = []

    def recording(text: str) -> Node | None:
        sizes.append(len(text))
        return compose(text)

    monkeypatch.setattr("ztui.repo.patch_verify.compose", recording)
    for edit in EDITS[:8]:
        doc = edit(doc)
    assert len(sizes) == 8
    assert max(sizes) < len(doc.text) / 20
