"""Plain data and source marks from a composed YAML node graph, bounded in time and memory.

`yaml.load` is twice as slow as `yaml.compose` with the C loader and forgets where values were
written, so ztui composes and builds the data itself from the nodes: dicts, lists and
tag-resolved scalars (str, int, float, bool, null; timestamps and other tags stay plain
strings), with merge keys (`<<`) resolved as YAML 1.1 specifies.

Marks are 1-based line and column of where each node starts, keyed by its absolute path in the
document: the mark of `("teamConfig", "a1")` is where the value of `a1` starts. The key of a
mapping entry is marked under the same path plus `KEY` (`-1`, never a sequence index), so a
finding about a key (an unknown or duplicate key) can point at the key itself. Values reached
through an alias or a merge key are marked where they are written (at the anchor).

A large repo has some 300,000 marks. A `Location` object costs a quarter of a microsecond to
make and more again for the garbage collector and for pickling between processes, so the
builder appends the parser's marks to lists and hands out a compact `MarkTable` (paths and two
int arrays); `Location`s are made once, when the loader hands marks to teams and services.

The node graph can be a "billion laughs" bomb (aliases that expand exponentially) or hold a
cycle (`&a [*a]`); building stops with `ExpansionError` after a node budget proportional to the
size of the text, or when a path grows deeper than `MAX_DEPTH` levels.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import repeat
from operator import add
from typing import Any, Final, cast

from yaml.constructor import SafeConstructor
from yaml.error import Mark
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ztui import codes
from ztui.model import FieldPath, Finding, Location, dotted

#: Path suffix under which the key of a mapping entry is marked.
KEY: Final = -1
#: Deeper documents are refused (values files are a dozen levels deep).
MAX_DEPTH: Final = 200
#: Nodes a document may expand to: this many plus `EXPANSION_PER_CHAR` per character of text.
EXPANSION_FLOOR: Final = 50_000
EXPANSION_PER_CHAR: Final = 2

_STR: Final = "tag:yaml.org,2002:str"
_INT: Final = "tag:yaml.org,2002:int"
_MERGE: Final = "tag:yaml.org,2002:merge"
_KEY_SUFFIX: Final[FieldPath] = (KEY,)
_CONSTRUCTOR = SafeConstructor()
_SCALARS: Final[dict[str, Callable[[ScalarNode], Any]]] = {
    "tag:yaml.org,2002:null": lambda node: None,
    "tag:yaml.org,2002:bool": _CONSTRUCTOR.construct_yaml_bool,
    "tag:yaml.org,2002:int": _CONSTRUCTOR.construct_yaml_int,
    "tag:yaml.org,2002:float": _CONSTRUCTOR.construct_yaml_float,
}
_SKIP: Final = object()

# Location is a frozen dataclass whose __init__ costs twice as much as setting its slots.
_new_object = object.__new__
_set_file = cast(Callable[[Location, str], None], vars(Location)["file"].__set__)
_set_line = cast(Callable[[Location, int], None], vars(Location)["line"].__set__)
_set_column = cast(Callable[[Location, int], None], vars(Location)["column"].__set__)


def new_location() -> tuple[
    Callable[[type[Location]], Location],
    Callable[[Location, str], None],
    Callable[[Location, int], None],
    Callable[[Location, int], None],
]:
    """The four steps of `make_location`, for loops that make a Location per mark inline."""
    return _new_object, _set_file, _set_line, _set_column


def make_location(file: str, line: int, column: int) -> Location:
    """`Location(file, line, column)`, at half the cost of the dataclass constructor."""
    loc: Location = _new_object(Location)
    _set_file(loc, file)
    _set_line(loc, line)
    _set_column(loc, column)
    return loc


@dataclass(slots=True)
class MarkTable:
    """The marks of one file, compact: paths with 0-based lines and columns in int arrays."""

    file: str
    paths: list[FieldPath]
    lines: array[int]
    columns: array[int]

    def __len__(self) -> int:
        return len(self.paths)

    def entries(self) -> Iterator[tuple[FieldPath, int, int]]:
        """(path, 1-based line, 1-based column) for every mark."""
        for path, line, column in zip(self.paths, self.lines, self.columns, strict=True):
            yield path, line + 1, column + 1

    def locations(self) -> dict[FieldPath, Location]:
        """Every mark as a Location, keyed by its absolute path."""
        file = self.file
        return {path: make_location(file, line, column) for path, line, column in self.entries()}


def empty_table(file: str) -> MarkTable:
    return MarkTable(file, [], array("l"), array("l"))


class ExpansionError(Exception):
    """Aliases expand beyond the budget, refer to themselves, or nesting is too deep."""

    def __init__(self, node: Node, problem: str, code: str = "ZT006") -> None:
        super().__init__(problem)
        self.node = node
        self.problem = problem
        self.code = code


def scalar_value(node: ScalarNode) -> Any:
    """The value of a tag-resolved scalar; unknown tags and timestamps keep the plain text."""
    tag = node.tag
    if tag == _STR:
        return node.value
    if tag == _INT:
        text: str = node.value
        if text.isdigit() and text[0] != "0":  # plain decimal; `0o`, `0x`, `012`, `1_000` below
            return int(text)
    construct = _SCALARS.get(tag)
    if construct is None:
        return node.value
    try:
        return construct(node)
    except ValueError:  # an explicit `!!int abc`: keep the text, the schema reports it
        return node.value


class NodeBuilder:
    """Builds plain data from one document's nodes, collecting marks and findings."""

    __slots__ = (
        "budget", "entry_paths", "file", "findings", "item_marks", "item_paths", "key_marks",
        "value_marks",
    )

    def __init__(self, file: str, text_length: int) -> None:
        self.file = file
        # Lists, not dicts: appending is cheaper than hashing a path per mark. A mapping entry
        # has one path and two marks (key and value); a sequence item one path and one mark.
        self.entry_paths: list[FieldPath] = []
        self.key_marks: list[Mark] = []
        self.value_marks: list[Mark] = []
        self.item_paths: list[FieldPath] = []
        self.item_marks: list[Mark] = []
        self.findings: list[Finding] = []
        self.budget = EXPANSION_FLOOR + EXPANSION_PER_CHAR * text_length

    def build(self, root: Node) -> Any:
        """The data of the document rooted at `root`; raises ExpansionError (see module doc)."""
        self.item_paths.append(())
        self.item_marks.append(root.start_mark)
        return self.value(root, ())

    def table(self) -> MarkTable:
        """The marks collected by `build`."""
        entries = self.entry_paths
        paths = [*entries, *self.item_paths, *map(add, entries, repeat(_KEY_SUFFIX))]
        marks = [*self.value_marks, *self.item_marks, *self.key_marks]
        lines = array("l", [mark.line for mark in marks])
        columns = array("l", [mark.column for mark in marks])
        return MarkTable(self.file, paths, lines, columns)

    def value(self, node: Node, path: FieldPath) -> Any:
        cls = node.__class__
        if cls is ScalarNode:
            return scalar_value(cast(ScalarNode, node))
        if cls is MappingNode:
            return self.mapping(cast(MappingNode, node), path)
        return self.sequence(cast(SequenceNode, node), path)

    def overrun(self, node: Node, path: FieldPath) -> ExpansionError:
        """The error for a node that exceeds the budget or the depth."""
        if len(path) <= MAX_DEPTH:
            return ExpansionError(node, "aliases expand to too many values")
        if _has_cycle(node):
            return ExpansionError(node, "an alias refers to a node that contains it")
        return ExpansionError(node, f"nested more than {MAX_DEPTH} levels deep", "ZT001")

    def mapping(self, node: MappingNode, path: FieldPath) -> dict[Any, Any]:
        pairs: list[tuple[Any, Any]] = node.value  # Any: narrowed by `__class__ is`, below
        self.budget -= len(pairs)
        if self.budget < 0 or len(path) > MAX_DEPTH:
            raise self.overrun(node, path)
        out: dict[Any, Any] = {}
        add_path, add_key, add_value = (
            self.entry_paths.append, self.key_marks.append, self.value_marks.append
        )
        # This loop runs for every key of the repo: keep it lean.
        for key_node, value_node in pairs:
            if key_node.tag == _STR and key_node.__class__ is ScalarNode:
                key = key_node.value
                key_path = path + (key,)
            elif key_node.tag == _MERGE:  # start again: entries so far are redone the same
                return self.merged_mapping(node, path)
            else:
                key = self.key(key_node, path)
                if key is _SKIP:
                    continue
                key_path = path + (_path_part(key),)
            if key in out:
                self.duplicate(key_node, key, path, pairs)
            add_path(key_path)
            add_key(key_node.start_mark)
            add_value(value_node.start_mark)
            cls = value_node.__class__
            if cls is ScalarNode:
                tag = value_node.tag
                out[key] = value_node.value if tag == _STR else scalar_value(value_node)
            elif cls is MappingNode:
                out[key] = self.mapping(value_node, key_path)
            else:
                out[key] = self.sequence(value_node, key_path)
        return out

    def sequence(self, node: SequenceNode, path: FieldPath) -> list[Any]:
        items: list[Any] = node.value  # Any: narrowed by `__class__ is`, below
        self.budget -= len(items)
        if self.budget < 0 or len(path) > MAX_DEPTH:
            raise self.overrun(node, path)
        out: list[Any] = []
        append, add_path, add_mark = out.append, self.item_paths.append, self.item_marks.append
        for index, item in enumerate(items):
            item_path = path + (index,)
            add_path(item_path)
            add_mark(item.start_mark)
            cls = item.__class__
            if cls is ScalarNode:
                append(item.value if item.tag == _STR else scalar_value(item))
            elif cls is MappingNode:
                append(self.mapping(item, item_path))
            else:
                append(self.sequence(item, item_path))
        return out

    def merged_mapping(self, node: MappingNode, path: FieldPath) -> dict[Any, Any]:
        """A mapping with merge keys (`<<`), resolved as YAML 1.1 says (see `resolved`)."""
        winners = self.resolved(node, {id(node)}, path, report=True)
        self.budget -= len(winners)
        if self.budget < 0:
            raise self.overrun(node, path)
        out: dict[Any, Any] = {}
        for key, (key_node, value_node) in winners.items():
            key_path = path + (_path_part(key),)
            self.entry_paths.append(key_path)
            self.key_marks.append(key_node.start_mark)
            self.value_marks.append(value_node.start_mark)
            out[key] = self.value(value_node, key_path)
        return out

    def resolved(
        self, node: MappingNode, active: set[int], path: FieldPath, *, report: bool
    ) -> dict[Any, tuple[Node, Node]]:
        """The entries of a mapping after its merge keys, by key, in first-seen order.

        YAML 1.1: the mapping's own keys win over merged ones, and of a list of merged
        mappings an earlier one wins over a later one (PyYAML 6.0.2+ lets the later one win
        for some keys; the spec is followed here). `active` holds the mappings being resolved,
        so one that merges itself is caught. Only the outermost mapping `report`s findings:
        a merged mapping reports its own where it is written.
        """
        winners: dict[Any, tuple[Node, Node]] = {}
        for key_node, value_node in node.value:
            if key_node.tag != _MERGE:
                continue
            sources = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
            for source in sources:
                if not self.mergeable(source, report):
                    continue
                if id(source) in active:
                    raise ExpansionError(source, "a merge key (<<) merges a mapping into itself")
                active.add(id(source))
                for key, pair in self.resolved(source, active, path, report=False).items():
                    winners.setdefault(key, pair)
                active.discard(id(source))
        explicit: set[Any] = set()
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                continue
            key = self.key(key_node, path, report)
            if key is _SKIP:
                continue
            if key in explicit and report:
                self.duplicate(key_node, key, path, node.value)
            explicit.add(key)
            winners[key] = (key_node, value_node)
        self.budget -= len(winners)
        if self.budget < 0:
            raise self.overrun(node, path)
        return winners

    def mergeable(self, node: Node, report: bool) -> bool:
        """True for a mapping; anything else under `<<` is reported (ZT001) and ignored."""
        if isinstance(node, MappingNode):
            return True
        if report:
            message = "a merge key (<<) must refer to a mapping or a list of mappings"
            self.findings.append(codes.finding("ZT001", message, self.location(node)))
        return False

    def key(self, key_node: Node, path: FieldPath, report: bool = True) -> Any:
        """A mapping key's value, or `_SKIP` (reported) for a mapping or list used as a key."""
        if isinstance(key_node, ScalarNode):
            return scalar_value(key_node)
        if not report:
            return _SKIP
        message = "a mapping key must be a plain value, not a mapping or a list"
        where = self.location(key_node)
        self.findings.append(codes.finding("ZT001", message, where, path=dotted(path) or None))
        return _SKIP

    def duplicate(
        self, key_node: Node, key: Any, path: FieldPath, pairs: list[tuple[Node, Node]]
    ) -> None:
        """ZT002 at the second key; the later value is kept (as Helm keeps it)."""
        first = next(k for k, _ in pairs if isinstance(k, ScalarNode) and k.value == key_node.value)
        where = self.location(first)
        message = f"duplicate key {key!r} (first at line {where.line}, column {where.column})"
        self.findings.append(
            codes.finding(
                "ZT002", message, self.location(key_node), path=dotted(path + (_path_part(key),))
            )
        )

    def location(self, node: Node) -> Location:
        mark = node.start_mark
        return make_location(self.file, mark.line + 1, mark.column + 1)


def _path_part(key: Any) -> str | int:
    """A key as a path element: strings and integers as they are, anything else as text."""
    return key if isinstance(key, str | int) else str(key)


def _has_cycle(start: Node) -> bool:
    """Whether the node graph reachable from `start` has a cycle (an alias inside its anchor)."""
    on_path: set[int] = set()
    done: set[int] = set()
    stack: list[tuple[Node, bool]] = [(start, False)]
    while stack:
        node, leaving = stack.pop()
        if leaving:
            on_path.discard(id(node))
            done.add(id(node))
            continue
        if id(node) in on_path:
            return True
        if id(node) in done or isinstance(node, ScalarNode):
            continue
        on_path.add(id(node))
        stack.append((node, True))
        if isinstance(node, MappingNode):
            stack.extend((child, False) for pair in node.value for child in pair)
        else:
            stack.extend((child, False) for child in node.value)
    return False
