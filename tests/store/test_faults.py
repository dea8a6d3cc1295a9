"""Faults around a save: races with other writers, read-only sessions, escapes, broken files.

Whatever goes wrong, the rule is the same: the store refuses with one line, and no byte that it
did not mean to write changes (no half-written file, no temp file left behind).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from ztui import edits
from ztui.model import Location, Mode, RepoModel
from ztui.repo.atomic import TEMP_SUFFIX
from ztui.repo.gitrepo import open_repo, status
from ztui.repo.loader import load_repo
from ztui.repo.store import Edit, ServiceEdit, Store, StoreError, TeamEdit
from ztui.workspace import open_workspace

from .conftest import read, save, snapshot, write_tree

WEB = "env/teams/services.web.yaml"
PAYMENTS = "env/teams/services.payments.yaml"


def allow_all(model: RepoModel, key: str) -> ServiceEdit:
    service = model.service(key)
    assert service is not None
    return ServiceEdit(service.team, service.name,
                       edits.set_mode(service.raw, Mode.ALLOW_ALL, model.dialect))


def no_temp_files(root: Path) -> bool:
    return not any(name.endswith(TEMP_SUFFIX) for _, _, names in os.walk(root) for name in names)


# --- other writers -----------------------------------------------------------------------------


def test_the_loader_hashes_every_file_it_read(demo: Path) -> None:
    """The conflict check rests on these: the sha256 of each file's bytes as read."""
    model = load_repo(demo)
    assert sorted(model.hashes) == sorted(model.files)
    assert WEB in model.hashes and "env/teams.yaml" in model.hashes
    for rel, digest in model.hashes.items():
        assert digest == hashlib.sha256((demo / rel).read_bytes()).hexdigest()


def test_a_file_changed_between_plan_and_write_is_refused(demo: Path) -> None:
    model = load_repo(demo)
    store = Store(demo)
    changes = store.plan(model, [allow_all(model, "web/cms")])
    theirs = read(demo, WEB).replace("port: 1337", "port: 1338")
    (demo / WEB).write_text(theirs)
    with pytest.raises(StoreError, match="changed on disk"):
        store.write(changes)
    assert read(demo, WEB) == theirs
    assert no_temp_files(demo)


def test_a_file_deleted_after_the_load_is_refused(demo: Path) -> None:
    model = load_repo(demo)
    (demo / WEB).unlink()
    edit = ServiceEdit("web", "blog", {"name": "blog"}, create=True)
    with pytest.raises(StoreError, match="deleted on disk"):
        Store(demo).plan(model, [edit])
    assert not (demo / WEB).exists()


def test_a_file_deleted_between_plan_and_write_is_refused(demo: Path) -> None:
    model = load_repo(demo)
    store = Store(demo)
    changes = store.plan(model, [allow_all(model, "web/cms")])
    (demo / WEB).unlink()
    with pytest.raises(StoreError, match="deleted on disk"):
        store.write(changes)
    assert not (demo / WEB).exists()


def test_a_new_file_created_meanwhile_by_someone_else_is_refused(tmp_path: Path) -> None:
    repo = write_tree(tmp_path, {
        "env/teams.yaml": "teamConfig:\n  a1:\n    id: a1\n",
        "env/teams/services.zz.yaml": "teamConfig:\n  zz:\n    services: []\n",
    })
    model = load_repo(repo)
    store = Store(repo)
    changes = store.plan(model, [ServiceEdit("a1", "api", {"name": "api"}, create=True)])
    assert [c.file for c in changes] == ["env/teams/services.a1.yaml"]
    theirs = "teamConfig:\n  a1:\n    services:\n      - name: theirs\n"
    (repo / "env/teams/services.a1.yaml").write_text(theirs)
    with pytest.raises(StoreError, match="created on disk"):
        store.write(changes)
    assert read(repo, "env/teams/services.a1.yaml") == theirs


def test_a_save_of_several_files_writes_none_when_one_conflicts(demo: Path) -> None:
    model = load_repo(demo)
    store = Store(demo)
    changes = store.plan(model, [allow_all(model, "web/cms"), allow_all(model, "payments/ledger")])
    assert sorted(c.file for c in changes) == [PAYMENTS, WEB]
    theirs = read(demo, PAYMENTS) + "# theirs\n"
    (demo / PAYMENTS).write_text(theirs)
    web_before = snapshot(demo)[WEB]
    with pytest.raises(StoreError, match="changed on disk"):
        store.write(changes)
    assert snapshot(demo)[WEB] == web_before
    assert read(demo, PAYMENTS) == theirs


def test_a_failed_write_leaves_the_file_and_no_temp_file(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = load_repo(demo)
    store = Store(demo)
    changes = store.plan(model, [allow_all(model, "web/cms")])
    before = snapshot(demo)

    def disk_full(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(StoreError, match="No space left on device"):
        store.write(changes)
    monkeypatch.undo()
    assert snapshot(demo) == before
    assert no_temp_files(demo)


def test_the_next_save_starts_from_what_was_written(demo: Path) -> None:
    """The store keeps the written document open; a second save must see the first one."""
    store = Store(demo)
    model = load_repo(demo)
    store.write(store.plan(model, [allow_all(model, "web/cms")]))
    model = load_repo(demo)
    cms = model.service("web/cms")
    assert cms is not None and cms.mode is Mode.ALLOW_ALL
    raw = edits.remove_egress(cms.raw, "images.unsplash.com")
    store.write(store.plan(model, [ServiceEdit("web", "cms", raw)]))
    cms = load_repo(demo).service("web/cms")
    assert cms is not None and cms.mode is Mode.ALLOW_ALL and cms.egress == ()


# --- read-only ---------------------------------------------------------------------------------


def test_a_read_only_session_changes_no_byte_and_no_mtime(demo: Path) -> None:
    before = snapshot(demo)
    assert any(rel.startswith(".git/") for rel in before)
    ws = open_workspace(demo)
    repo = open_repo(demo)
    assert repo is not None
    try:
        assert status(repo).dirty == ()
    finally:
        repo.close()
    model = ws.model
    store = Store(demo, read_only=True)
    switch = edits.set_team_switch(model.teams["search"].raw, "egressPublic", True)
    planned: list[Edit] = [
        allow_all(model, "web/cms"),
        ServiceEdit("admin", "wiki", {"name": "wiki"}, create=True),
        TeamEdit("search", switch),
    ]
    changes = store.plan(model, planned)
    assert sorted(c.file for c in changes) == ["env/teams.yaml", "env/teams/services.admin.yaml",
                                               WEB]
    with pytest.raises(StoreError, match="read-only"):
        store.write(changes)
    with pytest.raises(StoreError, match="read-only"):
        store.write(changes[:1])
    assert snapshot(demo) == before


# --- escapes -----------------------------------------------------------------------------------


@pytest.mark.parametrize("team", ["../../etc", "..", "a1/../../x", "/etc", "A1", "", "a1\n"])
def test_a_team_id_that_is_not_a_dns_label_is_refused(demo: Path, team: str) -> None:
    before = snapshot(demo)
    model = load_repo(demo)
    with pytest.raises(StoreError, match="not a valid team id"):
        Store(demo).plan(model, [ServiceEdit(team, "passwd", {"name": "passwd"}, create=True)])
    with pytest.raises(StoreError, match="not a valid team id"):
        Store(demo).plan(model, [TeamEdit(team, {"networkPolicy": {"ingressPrivate": False}})])
    assert snapshot(demo) == before


def test_a_services_file_linking_out_of_the_repo_is_never_written(tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text("teamConfig:\n  a1:\n    services: []\n")
    repo = write_tree(tmp_path / "repo", {
        "env/teams.yaml": "teamConfig:\n  a1:\n    id: a1\n",
        "env/teams/services.zz.yaml": "teamConfig:\n  zz:\n    services: []\n",
    })
    (repo / "env/teams/services.a1.yaml").symlink_to(outside)
    model = load_repo(repo)
    with pytest.raises(StoreError, match="outside the repo"):
        save(repo, [ServiceEdit("a1", "api", {"name": "api"}, create=True)], model)
    assert outside.read_text() == "teamConfig:\n  a1:\n    services: []\n"


def test_a_service_located_outside_the_repo_is_never_written(demo: Path) -> None:
    (demo.parent / "outside.yaml").write_text(read(demo, WEB))
    model = load_repo(demo)
    cms = model.service("web/cms")
    assert cms is not None
    cms.location = Location("../outside.yaml", 1, 1)
    with pytest.raises(StoreError, match="outside the repo"):
        save(demo, [allow_all(model, "web/cms")], model)
    assert read(demo.parent, "outside.yaml") == read(demo, WEB)


# --- files ztui will not edit ----------------------------------------------------------------


def test_a_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    latin1 = "# Caf\u00e9 team\nteamConfig:\n  a1:\n    services: []\n".encode("latin-1")
    repo = write_tree(tmp_path, {"env/teams.yaml": "teamConfig:\n  a1:\n    id: a1\n"})
    (repo / "env/teams").mkdir()
    (repo / "env/teams/services.a1.yaml").write_bytes(latin1)
    with pytest.raises(StoreError, match="not UTF-8"):
        save(repo, [ServiceEdit("a1", "api", {"name": "api"}, create=True)])
    assert (repo / "env/teams/services.a1.yaml").read_bytes() == latin1


def test_a_file_that_is_not_valid_yaml_is_refused(tmp_path: Path) -> None:
    broken = "teamConfig:\n  a1:\n    services:\n      - name: [api\n"
    repo = write_tree(tmp_path, {
        "env/teams.yaml": "teamConfig:\n  a1:\n    id: a1\n",
        "env/teams/services.a1.yaml": broken,
    })
    with pytest.raises(StoreError, match="not valid YAML"):
        save(repo, [ServiceEdit("a1", "api", {"name": "api"}, create=True)])
    assert read(repo, "env/teams/services.a1.yaml") == broken
