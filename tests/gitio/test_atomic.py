"""Safe writes: conflicts, read-only, path escapes, full disks, crashes and mode bits."""

from __future__ import annotations

import errno
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import NoReturn

import pytest

from ztui.repo import atomic
from ztui.repo.atomic import (
    TEMP_SUFFIX,
    ConflictError,
    DiskWriteError,
    PathEscapeError,
    ReadOnlyError,
    WriteError,
    delete_atomic,
    read_guarded,
    sha256_bytes,
    sha256_of,
    write_atomic,
)

REL = "env/teams/x.yaml"
OLD = b"# a comment\nteamConfig: {}\n"
NEW = b"# a comment\nteamConfig: {x: 1}\n"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "values"
    (root / "env" / "teams").mkdir(parents=True)
    (root / REL).write_bytes(OLD)
    return root


def snapshot(path: Path) -> tuple[bytes, int, int]:
    st = path.stat()
    return path.read_bytes(), st.st_mtime_ns, st.st_mode


def leftovers(directory: Path) -> list[str]:
    return [p.name for p in directory.iterdir() if p.name.endswith(TEMP_SUFFIX)]


def test_write_replaces_content_and_returns_true(repo: Path) -> None:
    assert write_atomic(repo, REL, NEW, expected_sha256=sha256_of(repo / REL), read_only=False)
    assert (repo / REL).read_bytes() == NEW
    assert leftovers(repo / "env" / "teams") == []


def test_read_guarded_matches_sha256_of(repo: Path) -> None:
    data, guard = read_guarded(repo, REL)
    assert data == OLD
    assert guard.sha256 == sha256_of(repo / REL) == sha256_bytes(OLD)
    assert read_guarded(repo, "env/teams/none.yaml") == (
        None,
        atomic.FileGuard("env/teams/none.yaml", None),
    )


def test_conflict_when_file_changed_on_disk(repo: Path) -> None:
    guard = sha256_of(repo / REL)
    (repo / REL).write_bytes(b"someone else's change\n")
    with pytest.raises(ConflictError) as caught:
        write_atomic(repo, REL, NEW, expected_sha256=guard, read_only=False)
    assert str(caught.value) == (
        "env/teams/x.yaml changed on disk since it was read; reload before saving"
    )
    assert (repo / REL).read_bytes() == b"someone else's change\n"


def test_conflict_when_new_file_appeared_or_old_one_vanished(repo: Path) -> None:
    with pytest.raises(ConflictError, match="created on disk"):
        write_atomic(repo, REL, NEW, expected_sha256=None, read_only=False)
    guard = sha256_of(repo / REL)
    (repo / REL).unlink()
    with pytest.raises(ConflictError, match="deleted on disk"):
        write_atomic(repo, REL, NEW, expected_sha256=guard, read_only=False)
    assert not (repo / REL).exists()


def test_new_file_is_created_with_umask_mode_and_parents(repo: Path) -> None:
    rel = "env/teams/new/y.yaml"
    old_mask = os.umask(0o027)
    try:
        assert write_atomic(repo, rel, NEW, expected_sha256=None, read_only=False)
    finally:
        os.umask(old_mask)
    assert (repo / rel).read_bytes() == NEW
    assert (repo / rel).stat().st_mode & 0o777 == 0o640


def test_read_only_raises_and_changes_nothing(repo: Path) -> None:
    before = snapshot(repo / REL)
    guard = sha256_of(repo / REL)
    with pytest.raises(ReadOnlyError, match="read-only"):
        write_atomic(repo, REL, NEW, expected_sha256=guard, read_only=True)
    with pytest.raises(ReadOnlyError):
        delete_atomic(repo, REL, expected_sha256=guard, read_only=True)
    with pytest.raises(ReadOnlyError):
        write_atomic(repo, "env/teams/new.yaml", NEW, expected_sha256=None, read_only=True)
    assert snapshot(repo / REL) == before
    assert sorted(p.name for p in (repo / "env" / "teams").iterdir()) == ["x.yaml"]


@pytest.mark.parametrize("rel", ["../x.yaml", "env/../../x.yaml", "/tmp/x.yaml", "", "."])
def test_path_escape_refused(repo: Path, rel: str) -> None:
    with pytest.raises(PathEscapeError):
        write_atomic(repo, rel, NEW, expected_sha256=None, read_only=False)
    assert not (repo.parent / "x.yaml").exists()


def test_symlink_pointing_outside_refused(repo: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_bytes(OLD)
    (repo / "env" / "teams" / "link.yaml").symlink_to(outside)
    (repo / "env" / "out").symlink_to(tmp_path, target_is_directory=True)
    guard = sha256_of(outside)
    with pytest.raises(PathEscapeError, match="outside the repo root"):
        write_atomic(repo, "env/teams/link.yaml", NEW, expected_sha256=guard, read_only=False)
    with pytest.raises(PathEscapeError):
        write_atomic(repo, "env/out/outside.yaml", NEW, expected_sha256=guard, read_only=False)
    with pytest.raises(PathEscapeError):
        delete_atomic(repo, "env/teams/link.yaml", expected_sha256=guard, read_only=False)
    assert outside.read_bytes() == OLD


def test_symlink_inside_repo_writes_through(repo: Path) -> None:
    (repo / "env" / "teams" / "alias.yaml").symlink_to("x.yaml")
    guard = sha256_of(repo / REL)
    assert write_atomic(repo, "env/teams/alias.yaml", NEW, expected_sha256=guard, read_only=False)
    assert (repo / "env" / "teams" / "alias.yaml").is_symlink()
    assert (repo / REL).read_bytes() == NEW


def fail_with_enospc(*_args: object) -> NoReturn:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize("call", ["write", "fsync", "replace"])
def test_disk_full_leaves_original_and_no_temp(
    repo: Path, monkeypatch: pytest.MonkeyPatch, call: str
) -> None:
    before = snapshot(repo / REL)
    guard = sha256_of(repo / REL)
    monkeypatch.setattr(os, call, fail_with_enospc)
    with pytest.raises(DiskWriteError) as caught:
        write_atomic(repo, REL, NEW, expected_sha256=guard, read_only=False)
    monkeypatch.undo()
    assert "No space left on device" in str(caught.value)
    assert "\n" not in str(caught.value)
    assert snapshot(repo / REL) == before
    assert leftovers(repo / "env" / "teams") == []


def test_mode_bits_preserved(repo: Path) -> None:
    (repo / REL).chmod(0o640)
    write_atomic(repo, REL, NEW, expected_sha256=sha256_of(repo / REL), read_only=False)
    assert (repo / REL).stat().st_mode & 0o7777 == 0o640
    (repo / REL).chmod(0o755)
    write_atomic(repo, REL, OLD, expected_sha256=sha256_of(repo / REL), read_only=False)
    assert (repo / REL).stat().st_mode & 0o7777 == 0o755


def test_noop_write_does_not_touch_the_file(repo: Path) -> None:
    os.utime(repo / REL, ns=(1_000_000_000, 1_000_000_000))
    before = snapshot(repo / REL)
    assert not write_atomic(repo, REL, OLD, expected_sha256=sha256_of(repo / REL), read_only=False)
    assert snapshot(repo / REL) == before


def test_delete_guards(repo: Path) -> None:
    with pytest.raises(ConflictError):
        delete_atomic(repo, REL, expected_sha256=sha256_bytes(b"other"), read_only=False)
    with pytest.raises(ConflictError):
        delete_atomic(repo, REL, expected_sha256=None, read_only=False)
    assert (repo / REL).read_bytes() == OLD
    assert delete_atomic(repo, REL, expected_sha256=sha256_bytes(OLD), read_only=False)
    assert not (repo / REL).exists()
    assert not delete_atomic(repo, REL, expected_sha256=sha256_bytes(OLD), read_only=False)


def test_delete_refuses_symlink_and_directory(repo: Path) -> None:
    (repo / "env" / "teams" / "alias.yaml").symlink_to("x.yaml")
    with pytest.raises(WriteError, match="symlink"):
        delete_atomic(repo, "env/teams/alias.yaml", expected_sha256=None, read_only=False)
    with pytest.raises(WriteError, match="directory"):
        write_atomic(repo, "env/teams", NEW, expected_sha256=None, read_only=False)
    assert (repo / REL).read_bytes() == OLD


WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from ztui.repo.atomic import sha256_bytes, write_atomic

    root = Path(sys.argv[1])
    contents = [b"a: 1\\n" * 400_000, b"bb: 22\\n" * 300_000]
    current = (root / "f.yaml").read_bytes()
    print("ready", flush=True)
    while True:
        new = contents[1] if current == contents[0] else contents[0]
        write_atomic(root, "f.yaml", new, expected_sha256=sha256_bytes(current), read_only=False)
        current = new
    """
)


def test_sigkill_mid_save_leaves_old_or_new_never_a_mix(tmp_path: Path) -> None:
    contents = (b"a: 1\n" * 400_000, b"bb: 22\n" * 300_000)
    (tmp_path / "f.yaml").write_bytes(contents[0])
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    rng = random.Random(20240607)
    kills_mid_save = 0
    for attempt in range(40):
        if attempt >= 8 and kills_mid_save:
            break
        before = set(leftovers(tmp_path))
        kill_writer_at_random(tmp_path, env, rng.uniform(0.0, 0.25))
        assert (tmp_path / "f.yaml").read_bytes() in contents
        others = {p.name for p in tmp_path.iterdir()} - {"f.yaml"}
        assert all(name.endswith(TEMP_SUFFIX) for name in others)
        kills_mid_save += len(others - before)
    assert kills_mid_save, "no kill landed in the middle of a save"


def kill_writer_at_random(root: Path, env: dict[str, str], delay: float) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(root)], stdout=subprocess.PIPE, env=env
    )
    assert proc.stdout is not None
    assert proc.stdout.readline() == b"ready\n"
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
