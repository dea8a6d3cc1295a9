"""Source marks of service items and `netpols` items, made only when somebody asks for them.

A large repo has some 300,000 marks, nearly all inside service items, and making a `Location`
for each one was most of the time `assemble` took, although a mark is only read when a finding
points at a field or the TUI focuses one. So the loader keeps each service's start eagerly and
hands out a `LazyMarks` for the rest: the first read of any service's marks indexes the file's
mark table by service item (one pass, no objects made), and each service's `Location`s are
made when that service is asked for. A repo whose findings touch a few services of every file
pays for those services only. The items of the 2024 layout's `netpols` lists (spec 5) are
handled the same way: 13,018 rules have some 200,000 marks, and making them all up front was a
third of the time to open such a repo.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ztui.model import FieldPath, Location
from ztui.repo.nodes import make_location
from ztui.repo.yamlread import FileRead

Marks = dict[FieldPath, Location]


class FileServiceMarks:
    """The marks inside the items of one list of every team of one file (`services` unless
    `section` says `netpols`), made on first need."""

    __slots__ = ("_depth", "_read", "_rows", "_section")

    def __init__(self, read: FileRead, depth: int, section: str = "services") -> None:
        self._read = read
        self._depth = depth  # the length of the team root path (1 in v2, 2 in v1)
        self._section = section
        self._rows: dict[tuple[Any, int], list[int]] | None = None

    def of(self, team_key: Any, index: int) -> Marks:
        """The marks of item `index` of `team_key`'s list, relative to the item."""
        if self._rows is None:
            self._rows = self._index()
        table, cut = self._read.table, self._depth + 3
        file, paths, lines, columns = table.file, table.paths, table.lines, table.columns
        return {
            paths[row][cut:]: make_location(file, lines[row] + 1, columns[row] + 1)
            for row in self._rows.get((team_key, index), ())
        }

    def _index(self) -> dict[tuple[Any, int], list[int]]:
        """The rows of the mark table inside each item of the list, by (team key, item index)."""
        depth, section = self._depth, self._section
        first, v1 = depth + 1, depth == 2
        rows: dict[tuple[Any, int], list[int]] = {}
        for row, path in enumerate(self._read.table.paths):
            if len(path) <= first + 1 or path[first] != section or path[0] != "teamConfig":
                continue
            if v1 and path[1] != "teams":
                continue
            index = path[first + 1]
            if type(index) is not int or index < 0:
                continue
            key = (path[depth], index)
            found = rows.get(key)
            if found is None:
                rows[key] = [row]
            else:
                found.append(row)
        return rows


class DeferredMarks(Mapping[FieldPath, Location]):
    """Marks made the first time any is asked for, by `_build`.

    Most marks are never read (only a finding or the TUI's focus reads them), and making a
    Location per mark up front was a large share of the time to open a big repo.
    """

    __slots__ = ("_marks",)

    def __init__(self) -> None:
        self._marks: Marks | None = None

    def _build(self) -> Marks:
        raise NotImplementedError

    def _all(self) -> Marks:
        if self._marks is None:
            self._marks = self._build()
        return self._marks

    def __getitem__(self, key: FieldPath) -> Location:
        return self._all()[key]

    def __iter__(self) -> Iterator[FieldPath]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


class LazyMarks(DeferredMarks):
    """One list item's marks; `()` (the item's start) is known without building the rest."""

    __slots__ = ("_index", "_source", "_start", "_team")

    def __init__(
        self, source: FileServiceMarks, team_key: Any, index: int, start: Location | None
    ) -> None:
        super().__init__()
        self._source = source
        self._team = team_key
        self._index = index
        self._start = start

    def _build(self) -> Marks:
        return self._source.of(self._team, self._index)

    def get(self, key: FieldPath, default: Any = None) -> Any:
        if key == () and self._marks is None:
            return self._start if self._start is not None else default
        return self._all().get(key, default)
