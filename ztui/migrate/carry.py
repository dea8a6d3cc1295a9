"""Where the comments of the removed `networkPolicy` blocks go, so a migration drops none.

A service's comments go into the rules converted from it (`ztui.migrate.comments` says which
part each concerns): an egress entry's into its egress rule, the `ingressPrivate` part's into
the ingress rule, the rest, and a part whose rule is not made (DenyAll, an admin service),
into the service's first rule. A service that yields no rule at all, or a block the model does
not know (a shadowed services list, ZT208), leaves its comments in notes that quote each with
its file:line. A team's block (file-per-rule layout only: in the netpols layout it stays in
`env/teams.yaml`) goes into the team's `settings.yaml`.

Each rule or settings document gets the comment lines verbatim under a line naming where they
were written, `# from env/teams/services.shop.yaml (service api):`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ztui.migrate.comments import INGRESS, Comment, PolicyBlock
from ztui.migrate.plan import Conversion, Note, rule_names


@dataclass(slots=True)
class Carried:
    """The comment lines for the new files, and the notes that quote the ones with no rule.

    `rules` maps a rule key (`team/rule`) and `settings` a team id to the lines to write above
    it, the `# from ...` line first.
    """

    rules: dict[str, list[str]] = field(default_factory=dict)
    settings: dict[str, list[str]] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)
    #: The number of comment lines written into the new files.
    count: int = 0


@dataclass(frozen=True, slots=True)
class _Service:
    """A converted service: its name and the names of the rules made from it, by part."""

    name: str
    rules: dict[int, str]

    def rule(self, part: int) -> str | None:
        """The rule a part's comments go into: its own, else the service's first, else None."""
        own = self.rules.get(part)
        if own is not None:
            return own
        first = min(self.rules, default=None, key=lambda p: (p != INGRESS, p))
        return self.rules[first] if first is not None else None


def carry(blocks: list[PolicyBlock], conversion: Conversion) -> Carried:
    """The comments of `blocks` placed on the rules and settings of `conversion`."""
    services = _services(conversion)
    teams = {converted.team.id for converted in conversion.teams}
    placed: dict[tuple[str, str], dict[str, list[Comment]]] = {}
    carried = Carried()
    for block in blocks:
        if block.service_at is None and block.team in teams:
            origin = _origin(block.file, f"team {block.team}")
            placed.setdefault(("settings", block.team), {})[origin] = block.comments
        elif block.service_at is None:
            carried.notes += _unplaced(block, f"team {block.team}, which is not converted",
                                       block.comments)
        else:
            service = services.get((block.file, *block.service_at))
            carried.notes += _place(block, service, placed)
    for (kind, key), origins in placed.items():
        target = carried.rules if kind == "rules" else carried.settings
        target[key] = [line for origin, comments in origins.items()
                       for line in [origin, *(c.text for c in sorted(comments, key=_line))]]
        carried.count += sum(len(comments) for comments in origins.values())
    return carried


def _place(block: PolicyBlock, service: _Service | None,
           placed: dict[tuple[str, str], dict[str, list[Comment]]]) -> list[Note]:
    """Put a service block's comments on its rules; the notes for those that have none."""
    if service is None:
        return _unplaced(block, f"a service of team {block.team} that ztui does not read "
                         "(its team's services are taken from another file)", block.comments)
    lost: list[Comment] = []
    origin = _origin(block.file, f"service {service.name}")
    for part, comments in block.parts.items():
        name = service.rule(part)
        if name is None:
            lost += comments
        else:
            key = ("rules", f"{block.team}/{name}")
            placed.setdefault(key, {}).setdefault(origin, []).extend(comments)
    return _unplaced(block, f"{block.team}/{service.name}, which yields no rule", lost)


def _services(conversion: Conversion) -> dict[tuple[str, int, int], _Service]:
    """The converted services by where their list item starts (`Service.location`)."""
    out: dict[tuple[str, int, int], _Service] = {}
    for converted in conversion.teams:
        made = {rule.name for rule in converted.rules}
        rules: dict[int, dict[int, str]] = {}
        for (index, part), name in rule_names(converted.team).items():
            if name in made:
                rules.setdefault(index, {})[part] = name
        for index, service in enumerate(converted.team.services):
            where = service.location
            if where is not None:
                out[(where.file, where.line, where.column)] = _Service(
                    service.name, rules.get(index, {}))
    return out


def _origin(file: str, what: str) -> str:
    """The line above carried comments that names where they were written."""
    return _printable(f"# from {file} ({what}):")


def _printable(text: str) -> str:
    """`text` on one line: a name from the data could hold a line break."""
    return "".join(ch if ch.isprintable() else "?" for ch in text)


def _unplaced(block: PolicyBlock, what: str, comments: list[Comment]) -> list[Note]:
    """A note per comment line that no new file takes, quoting it with its file:line."""
    return [Note(block.team, _printable(f"{block.file}:{c.line}: comment in the networkPolicy "
                                        f"of {what}: {c.text}"))
            for c in sorted(comments, key=_line)]


def _line(comment: Comment) -> int:
    return comment.line


__all__ = ["Carried", "carry"]
