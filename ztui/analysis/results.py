"""What a reachability query answers: the sources of a service and its public endpoints.

Kept apart from the index so the UI and the CLI can type against the answers without the
machinery that computes them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, overload

from .cluster import Pod
from .egress import Outbound


class Inbound(NamedTuple):
    """A source that may reach a service: the policy that admits it, and through which peer."""

    #: `team/service` or `platform:<name>`.
    source: str
    #: The admitting NetworkPolicy; None when no policy selects the target's pods.
    via: str | None
    #: The peer that matches the source, in words (or why everything is admitted).
    peer: str

    def as_json(self) -> dict[str, Any]:
        return {"from": self.source, "via": self.via}


class InboundList(Sequence[Inbound]):
    """The sources of one service as parallel tuples, an `Inbound` made on access.

    A broad rule admits every one of 10,000 sources; kept as 10,000 tuples, each cached answer
    would add that many objects for the garbage collector to walk, and a full collection over
    a large model costs hundreds of milliseconds. Tuples of strings cost it nothing.
    """

    __slots__ = ("_peers", "_services", "_sources", "_vias")

    def __init__(self, sources: tuple[str, ...], vias: tuple[str | None, ...],
                 peers: tuple[str, ...], services: int) -> None:
        self._sources, self._vias, self._peers = sources, vias, peers
        #: How many of the sources (a prefix) are services.
        self._services = services

    def __len__(self) -> int:
        return len(self._sources)

    @overload
    def __getitem__(self, index: int) -> Inbound: ...
    @overload
    def __getitem__(self, index: slice) -> list[Inbound]: ...

    def __getitem__(self, index: int | slice) -> Inbound | list[Inbound]:
        if isinstance(index, slice):
            return list(map(Inbound, self._sources[index], self._vias[index], self._peers[index]))
        return Inbound(self._sources[index], self._vias[index], self._peers[index])

    def __iter__(self) -> Iterator[Inbound]:
        return map(Inbound, self._sources, self._vias, self._peers)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, InboundList):
            return (self._sources, self._vias) == (other._sources, other._vias)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._sources)

    def __repr__(self) -> str:
        return f"InboundList({list(self)!r})"

    @property
    def sources(self) -> tuple[str, ...]:
        return self._sources

    @property
    def vias(self) -> tuple[str | None, ...]:
        return self._vias

    def services(self) -> InboundList:
        """Only the sources that are services (they come first)."""
        if self._services == len(self._sources):
            return self
        n = self._services
        return InboundList(self._sources[:n], self._vias[:n], self._peers[:n], n)


@dataclass(frozen=True, slots=True)
class Reach:
    """Everything `ztui reach` says about one service."""

    service: str
    pod: Pod
    inbound: InboundList
    outbound: tuple[Outbound, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "service": self.service,
            "inbound": [entry.as_json() for entry in self.inbound],
            "outbound": [entry.as_json() for entry in self.outbound],
        }


