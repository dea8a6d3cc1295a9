"""The Reach tab: who may reach the selected service, and what it may reach.

Rules say what a person meant; reach says what the cluster will do. The answers come from a
`ReachIndex` (the rendered NetworkPolicies, Sidecars and ServiceEntries, evaluated as
Kubernetes and Istio do), so a team switch, the admin exemption or a podSelector override shows
up here even though no rule names it. Sources admitted by one policy are folded (`team/*`,
`*`) so a service that every team may reach is a line, not ten thousand. The Otomi caveat is
spelled out: a ServiceEntry is exported to its whole namespace, so every pod of the team may
reach every trusted host of the team, whichever service's rule brought it in.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Label

from ztui.analysis.egress import Outbound
from ztui.analysis.index import ReachIndex
from ztui.analysis.matrix import fold, folded_inbound, teams_of
from ztui.ui.text import literal, printable
from ztui.ui.widgets.line_view import LineView

#: How many sources of other teams a team summary names per service.
NAMED = 6


def _plain(text: str) -> Content:
    return Content(printable(text))


def _heading(text: str) -> Content:
    return Content.styled(printable(text), "bold $text-secondary")


def _note(text: str) -> Content:
    return Content.styled(printable(text), "italic $text-muted")


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' * (count != 1)}"


def _row(left: str, width: int, right: str, extra: str = "") -> Content:
    row = Content(printable(f"  {left.ljust(width)}  ")) + Content.styled(printable(right), "bold")
    return row + Content.styled(printable(f"  {extra}"), "dim") if extra else row


def service_lines(index: ReachIndex, key: str, noun: str = "service") -> list[Content]:
    """Inbound (folded per admitting policy and peer) and outbound of service `key` (of a
    workload, with `noun="workload"`, in the later layouts)."""
    reach = index.reach(key)
    services = len(reach.inbound.services())
    platform = len(reach.inbound) - services
    lines = [
        _note(f"{key}: {reach.pod.describe()}"),
        _heading(f"who may reach it ({_plural(services, noun)}, "
                 f"{_plural(platform, 'platform component')})"),
    ]
    rows = folded_inbound(index, reach.inbound)
    width = max((len(row[0]) for row in rows), default=0)
    for source, via, peer in rows:
        lines.append(_row(source, width, f"via {via}" if via else "no policy", peer))
    if not rows:
        lines.append(_note("  nobody: every policy that selects its pods admits no other pod"))
    lines += [Content(""), *outbound_lines(key, reach.pod.team or "", reach.outbound)]
    return lines


def outbound_lines(key: str, team: str, entries: tuple[Outbound, ...]) -> list[Content]:
    """The public endpoints, each with its ServiceEntry and the service whose rule it is."""
    lines = [_heading("what it may reach (public endpoints)")]
    if any(not entry.any_host for entry in entries):
        lines.append(Content.styled(printable(
            f"  ⚠ a ServiceEntry is exported to its whole namespace: every pod of team {team} "
            "may reach each host below, whichever service's rule brought it in"), "$text-warning"))
    width = max((len(entry.endpoint()) for entry in entries), default=0)
    for entry in entries:
        if entry.any_host:
            how = f"Sidecar {entry.via}: ALLOW_ANY" if entry.via else "no egress filtering"
            lines.append(_row(entry.endpoint(), width, "any host", how))
            continue
        owner = entry.rule_of or "no service of this repo"
        mark = "" if entry.rule_of == key else "  ← another service's rule"
        lines.append(_row(entry.endpoint(), width, f"via {entry.via}", f"rule of {owner}{mark}"))
    if not entries:
        lines.append(_note("  none: the team's REGISTRY_ONLY Sidecar admits only the hosts of "
                           "its ServiceEntries, and it has none"))
    return lines


def outbound_rule_lines(index: ReachIndex, rule_key: str, domain: str) -> list[Content]:
    """Who may reach the host of an outbound rule: the namespaces its ServiceEntry is exported
    to (every pod there, whichever rule it serves), and the endpoints it adds."""
    team_id = rule_key.partition("/")[0]
    view = index.views.get(team_id)
    exported = view.egress.exported if view else {}
    namespaces = sorted(
        ns for ns, entries in exported.items() if any(e.rule_of == rule_key for e in entries)
    )
    entries = index.rule_outbound(rule_key)
    lines = [_heading(f"who may reach {domain}")]
    if not entries:
        lines.append(_note("  nobody through this rule: it renders no ServiceEntry (the team "
                           "does not filter egress, or the rule is not valid yet)"))
        outbound = index.namespace_outbound(team_id)
        if any(entry.any_host for entry in outbound):
            lines.append(_note(f"  team-{team_id} pods may reach any host anyway"))
        return lines
    for ns in namespaces:
        lines.append(_row("every pod of namespace", 0, "*" if ns == "*" else ns))
    lines += [Content(""), _heading("the endpoints it adds")]
    width = max(len(entry.endpoint()) for entry in entries)
    seen: set[Outbound] = set()
    for entry in entries:
        if entry not in seen:
            seen.add(entry)
            lines.append(_row(entry.endpoint(), width, f"via {entry.via}"))
    return lines


def team_lines(index: ReachIndex, team_id: str) -> list[Content]:
    """A team's summary: its services, and per service the sources from other teams."""
    view = index.views.get(team_id)
    if view is None:
        return [_note(f"team {team_id} renders nothing")]
    keys = [pod.key for pod in view.pods if pod.is_service]
    teams = teams_of(index)
    lines = [
        _heading(f"team {team_id}: {_plural(len(keys), 'service')} in namespace {view.namespace}"),
        _heading("inbound from other teams, per service"),
    ]
    width = max((len(key) for key in keys), default=0)
    prefix = f"{team_id}/"
    for key in keys:
        others = [s for s in index.inbound_services(key).sources if not s.startswith(prefix)]
        folded = fold(others, teams)
        named = " ".join(folded[:NAMED]) + (" …" if len(folded) > NAMED else "")
        lines.append(_row(key, width, _plural(len(others), "service"), named))
    if not keys:
        lines.append(_note("  no services"))
    return lines


class ReachView(Vertical):
    """A caption and the reach of the selection, as scrollable lines."""

    def compose(self) -> ComposeResult:
        yield Label("", id="reach-caption", classes="caption")
        yield LineView(id="reach-lines")

    @property
    def plain(self) -> str:
        """The text shown (for tests and for people who copy it)."""
        return self.query_one(LineView).plain

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self._caption: str | None = None

    def show(self, caption: str, lines: list[Content]) -> None:
        """Show `lines`; the scroll position stays while the caption (the subject) does."""
        same = caption == self._caption
        if not same:
            self._caption = caption
            self.query_one("#reach-caption", Label).update(literal(caption))
        self.query_one(LineView).show_lines(lines, home=not same)

    def show_note(self, note: str) -> None:
        self.show("", [_note(note)] if note else [])

    def focus_text(self) -> None:
        self.query_one(LineView).focus()
