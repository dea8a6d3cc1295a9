"""The reachability check of a migration: the converted repo must let through what the old did.

The planned texts are written into a temporary copy of the repo's `env/` and read back with the
later-layout reader, so the check sees what the next `ztui` run will see. Both renders are then
evaluated against the same pods, the old repo's (`ReachIndex(after, pods_from=before)`), and
every (source, target) pair and every service's public endpoints are compared. A difference
that a carry-over note announced (the team Prometheus that chart 0.2.0 no longer lets in) is
explained by that note; any other one is a defect of the conversion, and `--write` refuses.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ztui.analysis import ReachIndex
from ztui.migrate.plan import Note
from ztui.model import Layout, RepoModel
from ztui.repo.store import Change
from ztui.workspace import open_workspace

Pair = tuple[str, str]


@dataclass(slots=True)
class ReachCheck:
    """The outcome: counts before, and each difference with the note that explains it."""

    pairs: int = 0
    endpoints: int = 0
    #: `+ a -> b` / `- a -> b` lines and the note that explains each (None: unexplained).
    differences: list[tuple[str, Note | None]] = field(default_factory=list)
    #: Why the converted repo could not be compared at all (it does not read back as wanted).
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """No problem and no unexplained difference."""
        return not self.problems and all(note for _, note in self.differences)

    def lines(self, notes: Sequence[Note] = ()) -> list[str]:
        """The check as a person reads it; an explained line names its note by its number
        in `notes` (as `ztui migrate` lists them, from 1)."""
        if self.problems:
            return ["reachability not checked:", *(f"  {p}" for p in self.problems)]
        if not self.differences:
            return [f"reachability unchanged: {self.pairs} pairs, "
                    f"{self.endpoints} egress endpoints"]
        unexplained = sum(1 for _, note in self.differences if note is None)
        count = len(self.differences)
        verdict = (f"{unexplained} of them UNEXPLAINED" if unexplained
                   else "each explained by a note above")
        out = [f"reachability changed: {self.pairs} pairs, {self.endpoints} egress endpoints "
               f"before; {count} difference{'s' * (count != 1)}, {verdict}:"]
        for line, note in self.differences:
            if note is None:
                why = "UNEXPLAINED"
            elif note in notes:
                why = f"note {list(notes).index(note) + 1}"
            else:
                why = note.text
            out.append(f"  {line}  ({why})")
        return out


def pairs_of(index: ReachIndex) -> set[Pair]:
    """Every (source, target service) pair the index admits, platform sources included."""
    return {
        (source, pod.key)
        for pod in index.service_pods()
        for source in index.inbound(pod.key).sources
    }


def endpoints_of(index: ReachIndex) -> set[Pair]:
    """Every (service, public endpoint) the index lets out."""
    return {
        (pod.key, out.endpoint())
        for pod in index.service_pods()
        for out in index.outbound(pod.key)
    }


def pair_changes(old: ReachIndex, new: ReachIndex) -> tuple[int, set[Pair], set[Pair]]:
    """How many pairs `old` admits, and the pairs only `old` and only `new` admit.

    Target by target: a 10,000-service repo has 13 million pairs, and two sets of them took
    a minute and gigabytes; the sources of a target mostly come out the same (in model order,
    the same pods on both sides), which one tuple comparison tells.
    """
    before = {pod.key: old.inbound(pod.key).sources for pod in old.service_pods()}
    after = {pod.key: new.inbound(pod.key).sources for pod in new.service_pods()}
    lost: set[Pair] = set()
    gained: set[Pair] = set()
    for target in before.keys() | after.keys():
        was, now = before.get(target, ()), after.get(target, ())
        if was != now:
            lost.update((source, target) for source in set(was) - set(now))
            gained.update((source, target) for source in set(now) - set(was))
    return sum(len(set(sources)) for sources in before.values()), lost, gained


def compare(before: RepoModel, after: RepoModel, notes: Sequence[Note]) -> ReachCheck:
    """The reachability of `before` against that of `after` on `before`'s pods."""
    old = ReachIndex(before)
    new = ReachIndex(after, pods_from=before)
    pairs, lost, gained = pair_changes(old, new)
    old_out, new_out = endpoints_of(old), endpoints_of(new)
    check = ReachCheck(pairs, len(old_out))
    for sign, found in (("-", lost), ("+", gained)):
        for source, target in sorted(found):
            note = next((n for n in notes if n.explains(source, target)), None)
            check.differences.append((f"{sign} {source} -> {target}", note))
    for sign, found in (("-", old_out - new_out), ("+", new_out - old_out)):
        for service, endpoint in sorted(found):
            check.differences.append((f"{sign} {service} -> {endpoint} (egress)", None))
    return check


def converted_copy(root: Path, changes: Sequence[Change], into: Path) -> Path:
    """A copy of the repo's `env/` under `into` with `changes` applied; its root."""
    target = into / "values"
    source = root / "env"
    if source.is_dir():
        shutil.copytree(source, target / "env", symlinks=True)
    for change in changes:
        path = target / change.file
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(change.new_text, encoding="utf-8")
    return target


def check_changes(
    root: Path, before: RepoModel, changes: Sequence[Change], notes: Sequence[Note],
    layout: Layout,
) -> ReachCheck:
    """Read the converted repo back from a temporary copy and compare its reachability."""
    with tempfile.TemporaryDirectory(prefix="ztui-migrate-") as tmp:
        copy = converted_copy(root, changes, Path(tmp))
        workspace = open_workspace(copy)
        after = workspace.model
        problems = []
        if after.layout is not layout:
            problems.append(f"the converted repo reads as layout {after.layout.value}, "
                            f"not {layout.value}")
        problems += [f"converted repo: {f.as_text()}" for f in workspace.errors]
        if problems:
            return ReachCheck(problems=problems)
        return compare(before, after, notes)
