"""Every (source, target) pair of services, in full (csv, json) and compact (text).

The full matrix of a large repo runs into millions of pairs, most of them from a few broad
rules (AllowAll, a team with ingress filtering off). For a person the text form folds what a
rule admits: one line per target, the sources grouped by the policy that admits them, and a
group that holds every service of a team written `team/*`, every service of the repo `*`:

    payments/api <- payments/* web/checkout web/frontend [api-ingress-allow-only]
    legacy/monolith <- * [default-ingress-allow-all]
    admin/docs <- * [no policy selects it]
    payments/reconciler <- (nobody)
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from .index import ReachIndex
from .results import InboundList


def pairs(index: ReachIndex) -> Iterator[tuple[str, str, str | None]]:
    """(source, target, via) for every pair of services, targets and sources in model order."""
    for pod in index.service_pods():
        for entry in index.inbound_services(pod.key):
            yield entry.source, pod.key, entry.via


def fold(sources: Sequence[str], teams: dict[str, list[str]]) -> list[str]:
    """`sources` with whole teams written `team/*`, or `["*"]` for every service.

    `sources` are distinct and in index order (services first, then platform components);
    `teams` maps each team to its services (`teams_of`). A platform component is kept as it
    is; a team of one service is written by its service's name.
    """
    total = sum(len(members) for members in teams.values())
    if total and len(sources) == total and "/" in sources[-1]:
        return ["*"]  # as many services as there are, the last one a service: all of them
    present = set(sources)
    if total and sum(1 for key in present if key.partition("/")[0] in teams) == total:
        return ["*", *(key for key in sources if key.partition("/")[0] not in teams)]
    out: list[str] = []
    done: set[str] = set()
    for key in sources:
        team = key.partition("/")[0]
        members = teams.get(team, [])
        if len(members) > 1 and all(m in present for m in members):
            if team not in done:
                done.add(team)
                out.append(f"{team}/*")
        else:
            out.append(key)
    return out


def compact_line(target: str, inbound: InboundList, teams: dict[str, list[str]]) -> str:
    """One target's sources, folded and grouped by the admitting policy."""
    if not inbound:
        return f"{target} <- (nobody)"
    sources, vias = inbound.sources, inbound.vias
    groups: dict[str | None, Sequence[str]] = {vias[0]: sources}
    if vias.count(vias[0]) != len(vias):  # else one policy admits them all: stay in C
        lists: dict[str | None, list[str]] = {}
        for source, via in zip(sources, vias, strict=True):
            lists.setdefault(via, []).append(source)
        groups = dict(lists)
    parts = [
        f"{' '.join(fold(sources, teams))} "
        f"[{via if via is not None else 'no policy selects it'}]"
        for via, sources in groups.items()
    ]
    return f"{target} <- {'; '.join(parts)}"


def teams_of(index: ReachIndex) -> dict[str, list[str]]:
    """Each team's services (keys), for `fold`."""
    teams: dict[str, list[str]] = {}
    for pod in index.service_pods():
        teams.setdefault(pod.team or "", []).append(pod.key)
    return teams


def compact_lines(index: ReachIndex) -> Iterator[str]:
    """The text form of the matrix: one line per service, in model order."""
    teams = teams_of(index)
    for pod in index.service_pods():
        yield compact_line(pod.key, index.inbound_services(pod.key), teams)


def folded_inbound(index: ReachIndex, inbound: InboundList) -> list[tuple[str, str | None, str]]:
    """(source, admitting policy, peer) rows of `inbound`, sources that one policy and peer
    admit folded to `team/*` or `*`: what the CLI and the Reach tab both print."""
    groups: dict[tuple[str | None, str], list[str]] = {}
    for entry in inbound:
        groups.setdefault((entry.via, entry.peer), []).append(entry.source)
    teams = teams_of(index)
    return [
        (source, via, peer)
        for (via, peer), sources in groups.items()
        for source in fold(sources, teams)
    ]
