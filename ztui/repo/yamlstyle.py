"""Writing new YAML text in the style of the text around it.

A person reviewing a diff should not be able to tell which lines ztui wrote. New text copies
the local style: a new item is written like its previous sibling (flow or block, the quotes on
each field, `[ a ]` or `[a]`, key order), a new key like the same key of a sibling item, and
the indentation (nested mapping step, dash column, content column after the dash) is measured
on the file itself. `Sample` is the read-only view of an existing node that the writer copies;
`Style` holds the file-wide fallbacks.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol, TypeAlias

from ztui.repo.scalar import Scalar, folded_line, format_scalar, format_string, literal_block

Value: TypeAlias = Scalar | list["Value"] | dict[str, "Value"]


class Sample(Protocol):
    """How an existing node is written; measured lazily, copied by the writer."""

    @property
    def kind(self) -> str:
        """`scalar`, `mapping` or `sequence`."""

    @property
    def flow(self) -> bool:
        """A flow collection (`[a]`, `{a: 1}`)."""

    @property
    def quote(self) -> str | None:
        """A scalar's quote character, or None when plain."""

    @property
    def pad(self) -> bool:
        """A flow collection with spaces inside its brackets."""

    @property
    def indent(self) -> int | None:
        """A block mapping's key column minus its owning key's column."""

    @property
    def dash_offset(self) -> int | None:
        """A block sequence's dash column minus its owning key's column."""

    @property
    def item_indent(self) -> int | None:
        """A block sequence's item content column minus its dash column."""

    @property
    def keys(self) -> tuple[str, ...]:
        """A mapping's keys, in order."""

    def child(self, key: str) -> Sample | None:
        """The sample of a mapping's value at `key`."""

    def item(self) -> Sample | None:
        """The sample of a sequence's last item."""


@dataclass(frozen=True, slots=True)
class Style:
    """File-wide fallbacks for what no sample says."""

    indent: int = 2
    dash_offset: int = 2
    item_indent: int = 2
    quote: str = "'"
    quote_all: bool = False
    pad: bool = False


def _of(sample: Sample | None, kind: str) -> Sample | None:
    return sample if sample is not None and sample.kind == kind else None


def _child(sample: Sample | None, key: str) -> Sample | None:
    mapping = _of(sample, "mapping")
    return mapping.child(key) if mapping is not None else None


def _item(sample: Sample | None) -> Sample | None:
    sequence = _of(sample, "sequence")
    return sequence.item() if sequence is not None else None


def ordered(value: dict[str, Value], sample: Sample | None) -> Iterator[tuple[str, Value]]:
    """The entries of `value`, those the sample has first and in its order, then the rest."""
    mapping = _of(sample, "mapping")
    known = [key for key in mapping.keys if key in value] if mapping is not None else []
    for key in known:
        yield key, value[key]
    for key, item in value.items():
        if key not in known:
            yield key, item


class Writer:
    """Writes values as YAML lines (without line ends) or inline text, in the local style."""

    def __init__(self, style: Style) -> None:
        self.style = style

    def scalar(self, value: Scalar, sample: Sample | None, *, flow: bool) -> str:
        """A scalar in the sample's quote style when it has one."""
        same = _of(sample, "scalar")
        style = same.quote if same else None
        if style is None and self.style.quote_all and sample is None:
            style = self.style.quote
        return format_scalar(value, style=style, prefer=self.style.quote, flow=flow)

    def key(self, key: str, *, flow: bool = False) -> str:
        """A mapping key: plain when safe, else quoted."""
        return format_string(key, style=None, prefer=self.style.quote, flow=flow)

    def inline(self, value: Value, sample: Sample | None, *, flow: bool = False) -> str:
        """`value` on one line: a scalar, or a flow collection padded like the sample."""
        if isinstance(value, dict):
            same = _of(sample, "mapping")
            inner = ", ".join(
                f"{self.key(k, flow=True)}: {self.inline(v, _child(same, k), flow=True)}"
                for k, v in ordered(value, same)
            )
            return self._brackets("{", inner, "}", same)
        if isinstance(value, list):
            same = _of(sample, "sequence")
            inner = ", ".join(self.inline(v, _item(same), flow=True) for v in value)
            return self._brackets("[", inner, "]", same)
        return self.scalar(value, sample, flow=flow)

    def _brackets(self, left: str, inner: str, right: str, sample: Sample | None) -> str:
        pad = sample.pad if sample is not None else self.style.pad
        if inner and pad:
            return f"{left} {inner} {right}"
        return f"{left}{inner}{right}"

    def entry(self, key: str, value: Value, column: int, sample: Sample | None) -> list[str]:
        """`key: value` at `column`, the value inline or as block lines below the key."""
        return self.after(" " * column + self.key(key) + ":", value, column, sample)

    def after(self, head: str, value: Value, column: int, sample: Sample | None) -> list[str]:
        """`head` (text ending in a key's colon at `column`) followed by `value`."""
        is_flow = sample is not None and sample.flow
        if isinstance(value, dict) and value and not is_flow:
            same = _of(sample, "mapping")
            step = (same.indent if same else None) or self.style.indent
            lines = [head]
            for k, v in ordered(value, same):
                lines += self.entry(k, v, column + step, _child(same, k))
            return lines
        if isinstance(value, list) and value and not is_flow:
            same = _of(sample, "sequence")
            offset = same.dash_offset if same and same.dash_offset is not None else None
            dash = column + (self.style.dash_offset if offset is None else offset)
            content = dash + ((same.item_indent if same else None) or self.style.item_indent)
            lines = [head]
            for item in value:
                lines += self.item(item, dash, content, _item(same))
            return lines
        block = self._block_scalar(value, sample)
        if block is not None:
            header, body = block
            indent = " " * (column + self.style.indent)
            return [f"{head} {header}", *(indent + line if line else "" for line in body)]
        return [f"{head} {self.inline(value, sample)}"]

    def _block_scalar(self, value: Value, sample: Sample | None) -> tuple[str, list[str]] | None:
        """A multi-line string as a literal block, unless the sample is quoted."""
        if not isinstance(value, str) or "\n" not in value:
            return None
        same = _of(sample, "scalar")
        if same is not None and same.quote is not None:
            return None
        return literal_block(value)

    def item(self, value: Value, dash: int, content: int, sample: Sample | None) -> list[str]:
        """A block sequence item with its dash at `dash` and its content at `content`."""
        content = max(content, dash + 2)
        lead = " " * dash + "-" + " " * (content - dash - 1)
        is_flow = sample is not None and sample.flow
        if isinstance(value, dict) and value and not is_flow:
            same = _of(sample, "mapping")
            lines: list[str] = []
            for k, v in ordered(value, same):
                lines += self.entry(k, v, content, _child(same, k))
        elif isinstance(value, list) and value and not is_flow:
            same = _of(sample, "sequence")
            inner = content + ((same.item_indent if same else None) or self.style.item_indent)
            lines = []
            for item in value:
                lines += self.item(item, content, inner, _item(same))
        else:
            block = self._block_scalar(value, sample)
            if block is None:
                return [lead + self.inline(value, sample)]
            header, body = block
            return [lead + header, *(" " * content + line if line else "" for line in body)]
        lines[0] = lead + lines[0][content:]
        return lines


def block_scalar_lines(value: str, folded: bool) -> tuple[str, list[str]] | None:
    """Header and content lines for replacing a block scalar (`|` or `>`), or None."""
    if folded:
        return folded_line(value) or literal_block(value)
    return literal_block(value)
