"""Helpers of the rule store tests: copies of the later-layout fixtures, edits, comparisons.

Both fixture repos hold the same configuration (tests/fixtures/netpols: `netpols` lists,
tests/fixtures/files: one file per rule); every test edits a copy.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from ztui import rule_edits
from ztui.model import Label, Mode, Port, RepoModel, Rule, Source
from ztui.repo.loader import load_repo
from ztui.repo.store import RuleEdit, Store, TeamEdit

from .conftest import Snapshot, snapshot

FIXTURES = Path(__file__).parent.parent / "fixtures"
SHOP_NETPOLS = "env/teams/netpols.shop.yaml"
LABS_NETPOLS = "env/teams/netpols.labs.yaml"


def copy_of(layout: str, tmp_path: Path) -> Path:
    """A copy of the fixture repo of `layout` (netpols or files) under `tmp_path`."""
    return Path(shutil.copytree(FIXTURES / layout, tmp_path / layout))


def fixture(layout: str, rel: str) -> str:
    return (FIXTURES / layout / rel).read_text(encoding="utf-8")


def rule(model: RepoModel, key: str) -> Rule:
    found = model.rule(key)
    assert found is not None, key
    return found


def save(root: Path, *planned: RuleEdit | TeamEdit) -> list[str]:
    store = Store(root)
    return store.write(store.plan(load_repo(root), list(planned)))


def unchanged_except(before: Snapshot, root: Path, *changed: str) -> None:
    """Every file but `changed` has the bytes it had in `before`."""
    after = snapshot(root)
    assert {k: v[0] for k, v in after.items() if k not in changed} == {
        k: v[0] for k, v in before.items() if k not in changed
    }


def edited(root: Path, key: str, step: str, value: object) -> RuleEdit:
    """A RuleEdit of `key` made by one `ztui.rule_edits` function."""
    model = load_repo(root)
    old = rule(model, key)
    base = old.base
    raw = old.raw
    if step == "mode":
        assert isinstance(value, Mode)
        raw = rule_edits.set_mode(raw, base, value)
    elif step == "target":
        assert isinstance(value, Label)
        raw = rule_edits.set_target(raw, base, value)
    elif step == "add":
        assert isinstance(value, Source)
        raw = rule_edits.add_source(raw, base, old.sources, value)
    elif step == "remove":
        assert isinstance(value, Source)
        raw = rule_edits.remove_source(raw, base, old.sources, value)
    elif step == "domain":
        assert isinstance(value, str)
        raw = rule_edits.set_domain(raw, base, value)
    elif step == "ports":
        assert isinstance(value, tuple)
        raw = rule_edits.set_ports(raw, base, value)
    else:
        raise AssertionError(step)
    return RuleEdit(old.team, old.name, raw)


HTTPS = Port(443, "HTTPS")
