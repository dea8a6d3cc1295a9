"""Reading one values file into plain data and source marks: fast, and never an exception.

A large repo has hundreds of files and 140k lines, so this is the hot path of opening one: the
C loader composes the nodes and `ztui.repo.nodes` builds the data from them (faster than
`yaml.load`, and it keeps every mark). `read_file` is a pure top-level function returning a
picklable `FileRead`, so a caller can spread files over processes.

Everything that can be wrong with a file becomes a finding with file:line:col: bad YAML (ZT001),
a duplicate key (ZT002), bytes that are not UTF-8 (ZT004), a document that is not a mapping
(ZT005), an alias bomb (ZT006), a link out of the repo (ZT007), a file that cannot be read
(ZT009). SOPS-encrypted files (`secrets.*.yaml`, or a top-level `sops:` key) are skipped
without parsing: their values are ciphertext, and ztui must never touch them.
"""

from __future__ import annotations

import errno
import functools
import gc
import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Final, cast

import yaml
from yaml.nodes import Node, ScalarNode
from yaml.resolver import BaseResolver

from ztui import codes
from ztui.model import FieldPath, Finding, Location
from ztui.repo.nodes import KEY, ExpansionError, MarkTable, NodeBuilder, empty_table, make_location

__all__ = [
    "KEY", "FileRead", "gc_paused", "is_sops_name", "new_read", "parse_text", "read_file",
]

_TAG_CACHE_SIZE: Final = 8192
_resolve = cast(Callable[[Any, type[Node], Any, tuple[bool, bool]], str], BaseResolver.resolve)

if yaml.__with_libyaml__:

    class ValuesLoader(yaml.CSafeLoader):
        """The C safe loader with the per-node callbacks it makes into Python cut down.

        libyaml's composer calls three Python methods per node; they were a third of its time.
        A safe loader has no path resolvers, so `descend_resolver` and `ascend_resolver` do
        nothing: they are C callables that do nothing (`{}.get(parent, index)`, `().__len__()`).
        `resolve` depends only on a plain scalar's text then, so tags of repeated texts (keys,
        modes, protocols, ports) are remembered.
        """

        _tags: ClassVar[dict[str, str]] = {}
        descend_resolver: Callable[..., object] = staticmethod({}.get)  # type: ignore[assignment]
        ascend_resolver: Callable[..., object] = staticmethod(().__len__)  # type: ignore[assignment]

        def resolve(self, kind: type[Node], value: Any, implicit: tuple[bool, bool]) -> str:
            if kind is ScalarNode and implicit[0]:
                tag = self._tags.get(value)
                if tag is None:
                    tag = _resolve(self, kind, value, implicit)
                    if len(self._tags) < _TAG_CACHE_SIZE:
                        self._tags[value] = tag
                return tag
            return _resolve(self, kind, value, implicit)

    _LOADER: type[yaml.SafeLoader] = ValuesLoader  # type: ignore[assignment]
else:  # pragma: no cover - PyYAML without libyaml: correct, several times slower
    _LOADER = yaml.SafeLoader
#: libyaml reports reader errors as byte offsets into the UTF-8 text, PyYAML as characters.
_BYTE_POSITIONS: Final = yaml.__with_libyaml__
_SOPS_STARTS: Final = (b"sops:", b"\xef\xbb\xbfsops:")
_BOM: Final = "\ufeff"


@dataclass(slots=True)
class FileRead:
    """What reading one file gave: its text and hash, its data with marks, and its findings.

    `text` is the decoded text without a leading BOM (`bom` says whether there was one);
    `sha256` is the hash of the raw bytes, so a writer can check that nobody changed the file
    since. `data` is None when the file could not be parsed or was skipped; `skipped` says why
    a file's values were not parsed (SOPS), which is not an error. `table` holds the marks in
    compact form (cheap to pickle); `marks` gives them as Locations by absolute path.
    """

    rel: str
    text: str
    sha256: str
    data: dict[str, Any] | None
    table: MarkTable
    findings: list[Finding] = field(default_factory=list)
    skipped: str | None = None
    bom: bool = False
    _marks: dict[FieldPath, Location] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    @property
    def marks(self) -> dict[FieldPath, Location]:
        """Where each value starts (and each key, under `path + (KEY,)`), by absolute path."""
        if self._marks is None:
            self._marks = self.table.locations()
        return self._marks

    def __getstate__(self) -> tuple[Any, ...]:
        return (self.rel, self.text, self.sha256, self.data, self.table, self.findings,
                self.skipped, self.bom)

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        (self.rel, self.text, self.sha256, self.data, self.table, self.findings,
         self.skipped, self.bom) = state
        self._marks = None


def is_sops_name(name: str) -> bool:
    """Whether a file name is a SOPS secrets file by Otomi's naming (`secrets.*.yaml`)."""
    return name.startswith("secrets.") and name.endswith(".yaml")


def read_file(root: Path, rel: str) -> FileRead:
    """Read `root/rel` (a repo-relative POSIX path): data, marks and findings, never raising."""
    if is_sops_name(rel.rpartition("/")[2]):
        return FileRead(rel, "", "", None, empty_table(rel), skipped="SOPS file (secrets.*.yaml)")
    raw_or_finding = _read_bytes(root, rel)
    if isinstance(raw_or_finding, Finding):
        return FileRead(rel, "", "", None, empty_table(rel), [raw_or_finding])
    raw = raw_or_finding
    sha = hashlib.sha256(raw).hexdigest()
    if raw.startswith(_SOPS_STARTS) or b"\nsops:" in raw:  # a line `sops:` at column 0
        skipped = "SOPS file (top-level sops: key)"
        return FileRead(rel, "", sha, None, empty_table(rel), skipped=skipped)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return FileRead(rel, "", sha, None, empty_table(rel), [_not_utf8(raw, error.start, rel)])
    bom = text.startswith(_BOM)
    if bom:
        text = text[1:]
    data, table, findings = parse_text(text, rel)
    return FileRead(rel, text, sha, data, table, findings, bom=bom)


def parse_text(text: str, rel: str) -> tuple[dict[str, Any] | None, MarkTable, list[Finding]]:
    """Parse the text of file `rel`: (data or None, its marks, findings).

    An empty document (or a bare `null`) is an empty mapping; any other non-mapping is ZT005.
    Data and marks are only given for a document that built completely.
    """
    with gc_paused():
        try:
            root = yaml.compose(text, Loader=_LOADER)
        except yaml.MarkedYAMLError as error:
            return None, empty_table(rel), [_syntax_error(error, text, rel)]
        except yaml.reader.ReaderError as error:
            return None, empty_table(rel), [_reader_error(error, text, rel)]
        if root is None:
            return {}, empty_table(rel), []
        builder = NodeBuilder(rel, len(text))
        try:
            data = builder.build(root)
        except ExpansionError as error:
            where = builder.location(error.node)
            message = f"{error.problem}: not expanded"
            return None, empty_table(rel), [codes.finding(error.code, message, where)]
        except RecursionError:
            message = "aliases nest too deep: not expanded"
            where = make_location(rel, 1, 1)
            return None, empty_table(rel), [codes.finding("ZT006", message, where)]
        table = builder.table()
    # a merge key after other keys makes the builder redo that mapping: drop repeated findings
    findings = list(dict.fromkeys(builder.findings))
    if data is None:
        return {}, empty_table(rel), findings
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else f"a single value ({data!r:.40})"
        example = "`kind:`" if _is_document(rel) else "`teamConfig:`"
        message = f"the document is {kind}, not a mapping such as {example}"
        where = builder.location(root)
        return None, empty_table(rel), [*findings, codes.finding("ZT005", message, where)]
    return data, table, findings


def gc_paused() -> _GcPause:
    """Hold the cycle collector while building a file's data or a repo's model.

    Building makes some 10^5 acyclic objects per large file, and the collector would walk them
    again and again for nothing (measured: a third of the time of reading a repo). The state is
    restored afterwards, so a caller that disabled the collector keeps it disabled. A class,
    not a generator: it is entered once per file, 13,000 times for a file-per-rule repo.
    """
    return _GcPause()


class _GcPause:
    __slots__ = ("_was_enabled",)

    def __enter__(self) -> None:
        self._was_enabled = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc: object) -> None:
        if self._was_enabled:
            gc.enable()


def _is_document(rel: str) -> bool:
    """Whether `rel` is a file-per-rule layout document (a rule or a team's settings)."""
    return "/netpols/" in rel or rel.endswith("/settings.yaml")


@functools.lru_cache(maxsize=8)
def _resolved(root: Path) -> Path:
    """`root` resolved once: a repo of 10,000 rule files would resolve it 10,000 times."""
    return root.resolve()


#: Each folder of a read resolved once, by (root, repo-relative folder), when it lies inside
#: the repo: resolving every one of 13,000 rule files' paths was a quarter of reading them.
_INSIDE_DIRS: dict[tuple[Path, str], str] = {}
_NOFOLLOW: Final = getattr(os, "O_NOFOLLOW", 0)
_OPEN_FLAGS: Final = os.O_RDONLY | _NOFOLLOW | getattr(os, "O_CLOEXEC", 0)


def new_read() -> None:
    """Forget the folders resolved so far: a new read of a repo starts (`plan_repo` calls
    this), and a link changed since the last read must be seen, not trusted."""
    _INSIDE_DIRS.clear()
    _resolved.cache_clear()


def _read_bytes(root: Path, rel: str) -> bytes | Finding:
    """The file's bytes, or a finding when it lies outside the repo or cannot be read.

    The common case opens the file in its folder (resolved once per read of the repo, and
    known to be inside it) without following a link; a file that is a link, or a folder
    that leads out of the repo, takes the full check.
    """
    start = make_location(rel, 1, 1)
    try:
        folder, _, name = rel.rpartition("/")
        real_folder = _inside_dir(root, folder) if _NOFOLLOW else None
        if real_folder is not None:
            try:
                return _read_fd(os.open(f"{real_folder}/{name}", _OPEN_FLAGS))
            except OSError as error:
                if error.errno != errno.ELOOP:  # ELOOP: the file is a link, see below
                    raise
        real = (root / rel).resolve()
        if not real.is_relative_to(_resolved(root)):
            message = f"links to {real}, outside the repo: not read"
            return codes.finding("ZT007", message, start)
        return real.read_bytes()
    except (OSError, RuntimeError) as error:  # RuntimeError: a symlink loop on resolve()
        reason = getattr(error, "strerror", None) or str(error)
        return codes.finding("ZT009", f"cannot be read: {reason}", start)


def _inside_dir(root: Path, folder: str) -> str | None:
    """The real path of `root/folder` when it lies inside the repo, else None."""
    key = (root, folder)
    found = _INSIDE_DIRS.get(key)
    if found is None:
        real = (root / folder).resolve()
        if not real.is_relative_to(_resolved(root)):
            return None
        found = _INSIDE_DIRS[key] = str(real)
    return found


def _read_fd(fd: int) -> bytes:
    """Everything in the open file `fd` (closed after), without a file object around it."""
    try:
        chunks = [os.read(fd, os.fstat(fd).st_size + 1)]
        while chunks[-1]:
            chunks.append(os.read(fd, 1 << 16))
        return b"".join(chunks)
    finally:
        os.close(fd)


def _syntax_error(error: yaml.MarkedYAMLError, text: str, rel: str) -> Finding:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = error.problem or error.context or "invalid YAML"
    if mark is not None and 0 <= mark.index < len(text) and text[mark.index] == "\t":
        problem += " (a tab: YAML indents with spaces only)"
    elif error.context and error.context_mark and error.problem:
        context_mark = error.context_mark
        problem += f" ({error.context} at line {context_mark.line + 1}, column "
        problem += f"{context_mark.column + 1})"
    return codes.finding("ZT001", problem, make_location(rel, line, column))


def _reader_error(error: yaml.reader.ReaderError, text: str, rel: str) -> Finding:
    index = error.position
    if _BYTE_POSITIONS:
        index = len(text.encode("utf-8")[: error.position].decode("utf-8", errors="ignore"))
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    character = error.character if isinstance(error.character, str) else chr(error.character)
    message = f"character #x{ord(character):04x} is not allowed in YAML ({error.reason})"
    return codes.finding("ZT001", message, make_location(rel, line, column))


def _not_utf8(raw: bytes, start: int, rel: str) -> Finding:
    """ZT004 at the line and column (in characters) of the first byte that is not UTF-8."""
    line_start = raw.rfind(b"\n", 0, start) + 1
    line = raw.count(b"\n", 0, start) + 1
    prefix = raw[line_start:start].decode("utf-8")
    if line == 1 and prefix.startswith(_BOM):
        prefix = prefix[1:]
    message = f"byte 0x{raw[start]:02x} is not UTF-8: save the file as UTF-8"
    return codes.finding("ZT004", message, make_location(rel, line, len(prefix) + 1))

