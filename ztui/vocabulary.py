"""The words a rule form offers to complete: namespaces, label names and label values.

A later-layout rule names pods by label and sources by namespace (spec 5), free text that is easy
to mistype (`team-shpo`, `otomi.io/ap`), and a typo is a rule that silently matches nothing. The
repo already holds the right spellings: its teams' namespaces and the labels its other rules
use. This module gathers them from a `RepoModel` without any UI, so the forms only ask.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from ztui.model import Label, RepoModel

#: Namespaces of the platform that a team's pods are commonly reached from (spec 3.1: the
#: ingress gateway, Knative, monitoring, pipelines and the git server).
PLATFORM_NAMESPACES = ("istio-system", "knative-serving", "monitoring", "tekton-pipelines", "gitea")

#: Label names every repo may use, whether or not a rule uses them yet: the one Otomi puts on
#: every workload, and the one Knative puts on the pods of a Knative service.
COMMON_LABEL_NAMES = ("otomi.io/app", "serving.knative.dev/service")


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Completion candidates, each list sorted so the first match is the same every time."""

    #: `team-<id>` for every team (sorted), then the platform namespaces.
    namespaces: tuple[str, ...] = ()
    #: Label names used by any rule's target or sources, plus the common ones, sorted.
    label_names: tuple[str, ...] = COMMON_LABEL_NAMES
    #: For each label name, the values used with it by any rule, sorted.
    label_values: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def values(self, label_name: str) -> tuple[str, ...]:
        """The values the repo uses with `label_name` (none for a name it does not use)."""
        return self.label_values.get(label_name, ())


def _labels(model: RepoModel) -> Iterator[Label]:
    """Every label of every rule: targets, then the labels of sources."""
    for team in model.teams.values():
        for rule in team.rules:
            if rule.target is not None:
                yield rule.target
            yield from (s.label for s in rule.sources if s.label is not None)


def _words(values: Iterable[object]) -> tuple[str, ...]:
    """The distinct non-empty strings among `values`, sorted (other types are not words)."""
    return tuple(sorted({v for v in values if isinstance(v, str) and v}))


def vocabulary(model: RepoModel) -> Vocabulary:
    """What the forms of `model`'s rules complete from."""
    names: list[object] = list(COMMON_LABEL_NAMES)
    values: dict[str, list[object]] = defaultdict(list)
    for label in _labels(model):
        names.append(label.name)
        if isinstance(label.name, str) and label.name:
            values[label.name].append(label.value)
    teams = tuple(f"team-{team_id}" for team_id in sorted(model.teams))
    platform = tuple(ns for ns in PLATFORM_NAMESPACES if ns not in teams)
    by_name = {name: _words(found) for name, found in sorted(values.items())}
    return Vocabulary(
        namespaces=teams + platform,
        label_names=_words(names),
        label_values={name: found for name, found in by_name.items() if found},
    )
