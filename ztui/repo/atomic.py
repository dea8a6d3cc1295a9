"""Safe writes into the values repo: nothing half-written, nothing outside it, nothing lost.

A values repo is shared: a colleague, an editor or `git pull` may change a file while ztui has it
open. So every write names the sha256 of the bytes it was based on and is refused when the file
on disk no longer matches (ztui never overwrites a change it has not seen). The new bytes go to a
temp file in the same directory, are fsynced and then renamed over the original, so a crash or a
full disk leaves either the old or the new content, never a mix. Paths are resolved (symlinks
included) and must stay under the repo root, and read-only mode refuses before touching anything:
these guards live here, below every caller, so no code path can get around them.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

TEMP_SUFFIX = ".ztui-tmp"
"""Temp files are named `.<name>.<random>.ztui-tmp`; one may survive only a killed process."""

_UMASK_LOCK = threading.Lock()


class WriteError(Exception):
    """Base of every refusal or failure to write; `str(err)` is one line for users."""


class ReadOnlyError(WriteError):
    """The repo was opened read-only."""


class PathEscapeError(WriteError):
    """The path resolves outside the repo root (`..`, absolute path or symlink)."""


class ConflictError(WriteError):
    """The file on disk is not the one the edit was based on."""


class DiskWriteError(WriteError):
    """The operating system failed the write (disk full, permissions, ...)."""


@dataclass(frozen=True)
class FileGuard:
    """What a file looked like when it was read: pass `sha256` back to `write_atomic`.

    `sha256` is None when the file did not exist, so the write must create it.
    """

    rel: str
    sha256: str | None


def sha256_bytes(data: bytes) -> str:
    """The hex sha256 of `data`."""
    return hashlib.sha256(data).hexdigest()


def sha256_of(path: Path) -> str:
    """The hex sha256 of the file's bytes (raises OSError when it cannot be read)."""
    return sha256_bytes(path.read_bytes())


def read_guarded(root: Path, rel: str) -> tuple[bytes | None, FileGuard]:
    """Read `root/rel` once and return its bytes (None if missing) with the matching guard."""
    try:
        data: bytes | None = (root / rel).read_bytes()
    except FileNotFoundError:
        data = None
    return data, FileGuard(rel, None if data is None else sha256_bytes(data))


def resolve_inside(root: Path, rel: str) -> Path:
    """`root/rel` with symlinks resolved; PathEscapeError unless it stays strictly under root."""
    if not rel or PurePosixPath(rel).is_absolute() or PureWindowsPath(rel).is_absolute():
        raise PathEscapeError(f"refusing to write {rel!r}: not a path relative to the repo root")
    try:
        base = root.resolve(strict=True)
        target = (base / rel).resolve()
    except (OSError, RuntimeError) as err:
        raise DiskWriteError(f"cannot resolve {rel}: {_reason(err)}") from err
    if target == base or not target.is_relative_to(base):
        raise PathEscapeError(f"refusing to write {rel}: it resolves outside the repo root {base}")
    return target


def write_atomic(
    root: Path, rel: str, data: bytes, *, expected_sha256: str | None, read_only: bool
) -> bool:
    """Replace `root/rel` with `data` atomically; True if written, False if already equal.

    `expected_sha256` is the hash the edit was based on (None: the file must not exist yet).
    Raises ReadOnlyError, PathEscapeError, ConflictError or DiskWriteError (all WriteError);
    on any error the original file is intact and no temp file is left behind.
    """
    _refuse_read_only(read_only, "write", rel)
    target = resolve_inside(root, rel)
    current = _read_current(target, rel)
    _check_expected(rel, current, expected_sha256)
    if current == data:
        return False
    mode = _mode_for(target, current is not None, rel)
    _ensure_parent(target, rel)
    _replace(target, rel, data, mode, expected_sha256)
    return True


def delete_atomic(root: Path, rel: str, *, expected_sha256: str | None, read_only: bool) -> bool:
    """Remove `root/rel` under the same guards as `write_atomic`; True if a file was removed.

    A file that is already gone counts as deleted (False). A symlink is refused rather than
    followed, so deleting never leaves a dangling link or removes a file elsewhere.
    """
    _refuse_read_only(read_only, "delete", rel)
    target = resolve_inside(root, rel)
    if (root.resolve() / rel).is_symlink():
        raise WriteError(f"refusing to delete {rel}: it is a symlink")
    current = _read_current(target, rel)
    if current is None:
        return False
    _check_expected(rel, current, expected_sha256)
    try:
        target.unlink()
    except OSError as err:
        raise DiskWriteError(f"could not delete {rel}: {_reason(err)}") from err
    _fsync_dir(target.parent, rel)
    return True


def _refuse_read_only(read_only: bool, verb: str, rel: str) -> None:
    if read_only:
        raise ReadOnlyError(f"read-only mode: refusing to {verb} {rel}")


def _reason(err: BaseException) -> str:
    if isinstance(err, OSError) and err.errno is not None:
        return os.strerror(err.errno)
    return str(err)


def _read_current(target: Path, rel: str) -> bytes | None:
    try:
        return target.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError as err:
        raise WriteError(f"refusing to write {rel}: it is a directory") from err
    except OSError as err:
        raise DiskWriteError(f"could not read {rel}: {_reason(err)}") from err


def _check_expected(rel: str, current: bytes | None, expected_sha256: str | None) -> None:
    if current is None and expected_sha256 is not None:
        raise ConflictError(f"{rel} was deleted on disk since it was read; reload before saving")
    if current is not None and expected_sha256 is None:
        raise ConflictError(f"{rel} was created on disk since it was read; reload before saving")
    if current is not None and sha256_bytes(current) != expected_sha256:
        raise ConflictError(f"{rel} changed on disk since it was read; reload before saving")


def _mode_for(target: Path, exists: bool, rel: str) -> int:
    if not exists:
        return 0o666 & ~_umask()
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError as err:
        raise DiskWriteError(f"could not read {rel}: {_reason(err)}") from err


def _umask() -> int:
    """The process umask, read without changing it where the OS allows (thread-safe)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    with _UMASK_LOCK:
        mask = os.umask(0o022)
        os.umask(mask)
    return mask


def _ensure_parent(target: Path, rel: str) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise DiskWriteError(f"could not create the folder for {rel}: {_reason(err)}") from err


def _replace(target: Path, rel: str, data: bytes, mode: int, expected: str | None) -> None:
    """Write a fsynced temp file beside `target` and rename it over; clean up on any failure."""
    try:
        fd, tmp_name = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=TEMP_SUFFIX
        )
    except OSError as err:
        raise DiskWriteError(f"could not write {rel}: {_reason(err)}") from err
    tmp = Path(tmp_name)
    try:
        try:
            _write_all(fd, data)
            os.fchmod(fd, mode)
            os.fsync(fd)
        finally:
            os.close(fd)
        _check_expected(rel, _read_current(target, rel), expected)
        os.replace(tmp, target)
    except BaseException as err:
        tmp.unlink(missing_ok=True)
        if isinstance(err, OSError):
            raise DiskWriteError(
                f"could not write {rel}: {_reason(err)} (the file on disk is unchanged)"
            ) from err
        raise
    _fsync_dir(target.parent, rel)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _fsync_dir(directory: Path, rel: str) -> None:
    """Make the rename durable; file systems that cannot fsync a directory are tolerated."""
    try:
        dir_fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError as err:
        raise DiskWriteError(f"{rel} was saved but its folder could not be synced: {err}") from err
    try:
        os.fsync(dir_fd)
    except OSError as err:
        if err.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF):
            raise DiskWriteError(
                f"{rel} was saved but its folder could not be synced: {_reason(err)}"
            ) from err
    finally:
        os.close(dir_fd)
