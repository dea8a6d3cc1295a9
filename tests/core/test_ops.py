"""diff_ops names the smallest changes, and applying them always gives the new data."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from ztui.repo.ops import Op, OpKind, apply_ops, diff_ops, same_data

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 5), st.sampled_from(["a", "b", "c", "1"])
)
data = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(["x", "y", "z", "name"]), inner, max_size=4),
    ),
    max_leaves=12,
)


@given(data, data)
def test_applying_the_ops_gives_the_new_data(old: Any, new: Any) -> None:
    assert same_data(apply_ops(old, diff_ops(old, new)), new)


def test_equal_data_needs_no_ops() -> None:
    doc = {"name": "api", "networkPolicy": {"egressPublic": [{"domain": "a.io"}]}}
    same = {"networkPolicy": {"egressPublic": [{"domain": "a.io"}]}, "name": "api"}
    assert diff_ops(doc, same) == []


def test_a_changed_scalar_is_one_set() -> None:
    old = {"networkPolicy": {"ingressPrivate": {"mode": "DenyAll"}}}
    new = {"networkPolicy": {"ingressPrivate": {"mode": "AllowAll"}}}
    assert diff_ops(old, new) == [
        Op(OpKind.SET, ("networkPolicy", "ingressPrivate", "mode"), "AllowAll")
    ]


def test_true_and_one_are_different_values() -> None:
    assert diff_ops({"a": True}, {"a": 1}) == [Op(OpKind.SET, ("a",), 1)]


def test_an_entry_added_at_the_end_is_appended() -> None:
    old = {"allow": [{"team": "a"}]}
    new = {"allow": [{"team": "a"}, {"team": "b"}]}
    assert diff_ops(old, new) == [Op(OpKind.APPEND, ("allow",), {"team": "b"})]


def test_a_middle_entry_removed_is_one_remove() -> None:
    old = {"allow": [{"team": "a"}, {"team": "b"}, {"team": "c"}]}
    new = {"allow": [{"team": "a"}, {"team": "c"}]}
    assert diff_ops(old, new) == [Op(OpKind.REMOVE, ("allow",), index=1)]


def test_removals_come_last_first_so_indexes_stay_valid() -> None:
    old = [1, 2, 3, 4]
    assert diff_ops(old, [2, 4]) == [
        Op(OpKind.REMOVE, (), index=2),
        Op(OpKind.REMOVE, (), index=0),
    ]


def test_a_changed_item_is_edited_in_place() -> None:
    old = [{"domain": "a.io", "ports": [{"number": 443}]}]
    new = [{"domain": "b.io", "ports": [{"number": 443}]}]
    assert diff_ops(old, new) == [Op(OpKind.SET, (0, "domain"), "b.io")]


def test_new_and_deleted_keys() -> None:
    assert diff_ops({"a": 1, "b": 2}, {"a": 1, "c": 3}) == [
        Op(OpKind.DELETE, ("b",)),
        Op(OpKind.ADD, (), 3, key="c"),
    ]


def test_an_insert_in_the_middle_replaces_the_sequence() -> None:
    assert diff_ops({"l": [1, 3]}, {"l": [1, 2, 3]}) == [Op(OpKind.SET, ("l",), [1, 2, 3])]
