"""Fixtures for the store and `ztui edit` tests: isolated git, small repos, file snapshots.

The machine's own ~/.gitconfig (identity, hooks path, signing) must not change what these tests
see, so each one runs with HOME and GIT_CONFIG_GLOBAL pointing at a fresh folder that holds a
test identity.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.gitenv import isolate_git
from ztui import edits
from ztui.model import AllowEntry, Mode, RepoModel
from ztui.repo.demo import write_demo
from ztui.repo.loader import load_repo
from ztui.repo.store import Edit, ServiceEdit, Store
from ztui.workspace import open_workspace

#: A file's bytes and its modification time in nanoseconds.
Snapshot = dict[str, tuple[bytes, int]]


@pytest.fixture(autouse=True)
def isolated_git(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """HOME and the global git config point at a fresh folder with a test identity."""
    return isolate_git(tmp_path_factory.mktemp("home"), monkeypatch)


def git(cwd: Path, *args: str, check: bool = True) -> str:
    """Run git in `cwd` and return its stdout (with `check`, a non-zero exit fails the test)."""
    done = subprocess.run(["git", *args], cwd=cwd, check=check, capture_output=True, text=True)
    return done.stdout


def write_tree(root: Path, files: dict[str, str]) -> Path:
    """Write `files` ({repo-relative path: text}) under `root`; returns `root`."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    return root


def read(root: Path, rel: str) -> str:
    """The text of `root/rel`, line ends untouched."""
    return (root / rel).read_bytes().decode("utf-8")


def snapshot(root: Path) -> Snapshot:
    """Every file under `root` (`.git` included): its bytes and mtime, by relative path."""
    out: Snapshot = {}
    for folder, _, names in os.walk(root):
        for name in names:
            path = Path(folder, name)
            if path.is_symlink():
                continue
            out[path.relative_to(root).as_posix()] = (path.read_bytes(), path.stat().st_mtime_ns)
    return out


def save(root: Path, planned: list[Edit], model: RepoModel | None = None) -> list[str]:
    """Load the repo (unless `model` is given), plan the edits and write them: files written."""
    store = Store(root)
    return store.write(store.plan(model or load_repo(root), planned))


V1_SINGLE = """\
# Team config, dialect v1, everything in one file.
teamConfig:
  teams:
    a1:
      networkPolicy:
        ingressPrivate: true
      services:
        - name: database   # no ingress from anyone
        - name: db2
          networkPolicy:
            ingressPrivate:
              mode: allowOnly
              allow:
                - team: a1
                  service: database
    a2:
      services:
        - name: web
          port: 8080
"""

V2_TEAMS = """\
teamConfig:
    a1:
        networkPolicy:
            ingressPrivate: true
            egressPublic: true
    b2:
        managedMonitoring:
            grafana: true
"""

V2_A1_SERVICES = """\
# Services of team a1
teamConfig:
    a1:
        services:
            - name: api
              port: 8080
              networkPolicy:
                  ingressPrivate:
                      mode: AllowOnly
                      allow:
                          - team: b2
"""


def service_edit(model: RepoModel, key: str, *steps: str) -> ServiceEdit:
    """An edit of the service `key` made of named steps of the forms (see `ztui.edits`)."""
    service = model.service(key)
    assert service is not None, key
    raw = service.raw
    for step in steps:
        if step == "allow-all":
            raw = edits.set_mode(raw, Mode.ALLOW_ALL, model.dialect)
        elif step == "deny-all":
            raw = edits.set_mode(raw, Mode.DENY_ALL, model.dialect)
        elif step.startswith("allow:"):
            team, _, name = step[6:].partition("/")
            raw = edits.add_allow(raw, AllowEntry(team, name or None))
        elif step.startswith("revoke:"):
            team, _, name = step[7:].partition("/")
            raw = edits.remove_allow(raw, AllowEntry(team, name or None))
        else:
            raise AssertionError(step)
    return ServiceEdit(service.team, service.name, raw)


def assert_valid(root: Path) -> None:
    """`ztui validate` would find no error in the repo at `root`."""
    ws = open_workspace(root)
    assert ws.errors == []


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    """A fresh git copy of the bundled demo repo (one commit on main)."""
    return write_demo(tmp_path / "demo")


@pytest.fixture
def v1_single(tmp_path: Path) -> Path:
    """A dialect v1 repo with everything in env/teams.yaml."""
    return write_tree(tmp_path / "v1", {"env/teams.yaml": V1_SINGLE})


@pytest.fixture
def v2_split(tmp_path: Path) -> Path:
    """A dialect v2 split repo, four-space indents; team b2 has no services file."""
    return write_tree(tmp_path / "v2", {
        "env/teams.yaml": V2_TEAMS, "env/teams/services.a1.yaml": V2_A1_SERVICES,
    })
