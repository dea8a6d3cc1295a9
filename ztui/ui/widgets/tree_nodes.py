"""What a node of the team tree stands for, and the badges that say how it stands.

Kept apart from the tree widget so the rules of a line (a service's mode and egress count, a
rule's target or host, error and warning counts, unsaved and deleted marks) read on their own
and can be tested without a screen. The badges are computed from the session only.
"""

from __future__ import annotations

from dataclasses import dataclass

from ztui.model import Mode, Rule, RuleType
from ztui.ui.session import Session

MODE_WORDS = {Mode.DENY_ALL: "deny", Mode.ALLOW_ONLY: "only", Mode.ALLOW_ALL: "all"}
#: The tree's words for the two kinds of rule (spec 5): who may come in, where pods may go.
GROUP_WORDS = {RuleType.INGRESS: "Inbound", RuleType.EGRESS: "Outbound"}
#: The label name a workload of the later layouts is usually selected by (spec 5).
APP_LABEL = "otomi.io/app"

#: A badge: its text and the component class that styles it.
Badge = tuple[str, str]


@dataclass(frozen=True, slots=True)
class NodeRef:
    """What a tree node stands for: a team, one of its services, one of its two rule groups
    (`group`, in the later layouts) or one of its rules (`rule`)."""

    team: str
    service: str | None = None
    rule: str | None = None
    group: RuleType | None = None

    @property
    def team_only(self) -> NodeRef:
        return NodeRef(self.team)

    @property
    def is_team(self) -> bool:
        return self.service is None and self.rule is None and self.group is None

    @property
    def subject(self) -> str:
        """`team`, `team/service`, `team/rule` or `team Inbound`, for messages."""
        name = self.service or self.rule
        if name is not None:
            return f"{self.team}/{name}"
        if self.group is not None:
            return f"{self.team} {GROUP_WORDS[self.group]}"
        return self.team


def target_text(rule: Rule) -> str:
    """The pods an inbound rule protects, short: the label's value (the form shows its name;
    a tree pane has no room for `serving.knative.dev/service=`)."""
    target = rule.target
    return str(target.value) if target is not None and target.value else "?"


def rule_essentials(rule: Rule) -> list[Badge]:
    """What a rule does at a glance: inbound, its target and mode; outbound, its host."""
    if rule.type is RuleType.EGRESS:
        return [(rule.egress.domain if rule.egress else "?", "team-tree--badge")]
    return [
        (f"→{target_text(rule)}", "team-tree--badge"),
        (MODE_WORDS.get(rule.mode, "?"), "team-tree--badge"),
    ]


def rule_matches(rule: Rule, needle: str) -> bool:
    """Whether the filter text (case-folded) is in the rule's name, labels or host."""
    words = [rule.name]
    if rule.target is not None:
        words += [rule.target.name, rule.target.value]
    for source in rule.sources:
        words.append(source.namespace)
        if source.label is not None:
            words += [source.label.name, source.label.value]
    if rule.egress is not None:
        words.append(rule.egress.domain)
    return any(needle in str(word).casefold() for word in words)


def count_badges(errors: int, warnings: int) -> list[Badge]:
    badges: list[Badge] = []
    if errors:
        badges.append((f"✖{errors}", "team-tree--error"))
    if warnings:
        badges.append((f"⚠{warnings}", "team-tree--warning"))
    return badges


def badges_of(session: Session, ref: NodeRef) -> list[Badge]:
    """The badges of one line of the tree."""
    if ref.rule is not None:
        return _rule_badges(session, ref.team, ref.rule)
    if ref.group is not None:
        return _group_badges(session, ref.team, ref.group)
    if ref.service is not None:
        return _service_badges(session, ref.team, ref.service)
    return _team_badges(session, ref.team)


def _service_badges(session: Session, team_id: str, name: str) -> list[Badge]:
    service = session.service(team_id, name)
    if service is None:
        return []
    badges: list[Badge] = [(MODE_WORDS[service.mode], "team-tree--badge")]
    if service.egress:
        badges.append((f"↗{len(service.egress)}", "team-tree--badge"))
    badges += count_badges(*session.counts(team_id, name))
    if session.is_new(team_id, name):
        badges.append(("new", "team-tree--dirty"))
    elif session.is_dirty(team_id, name):
        badges.append(("●", "team-tree--dirty"))
    return badges


def _rule_badges(session: Session, team_id: str, name: str) -> list[Badge]:
    rule = session.rule(team_id, name)
    if rule is None:
        return []
    if session.is_rule_deleted(team_id, name):
        return [("deleted", "team-tree--dirty")]
    return rule_essentials(rule) + rule_marks(session, team_id, name)


def rule_marks(session: Session, team_id: str, name: str) -> list[Badge]:
    """How a rule stands: its error and warning counts, then `new` or `●` when unsaved."""
    badges = count_badges(*session.rule_counts(team_id, name))
    if session.is_rule_new(team_id, name):
        badges.append(("new", "team-tree--dirty"))
    elif session.is_rule_dirty(team_id, name):
        badges.append(("●", "team-tree--dirty"))
    return badges


def _group_badges(session: Session, team_id: str, kind: RuleType) -> list[Badge]:
    names = [
        n for n in session.rule_names(team_id, kind) if not session.is_rule_deleted(team_id, n)
    ]
    errors = warnings = 0
    for name in names:
        e, w = session.rule_counts(team_id, name)
        errors, warnings = errors + e, warnings + w
    badges: list[Badge] = [(str(len(names)), "team-tree--badge")]
    badges += count_badges(errors, warnings)
    if any(session.is_rule_dirty(team_id, n) for n in session.rule_names(team_id, kind)):
        badges.append(("●", "team-tree--dirty"))
    return badges


def _team_badges(session: Session, team_id: str) -> list[Badge]:
    team = session.team(team_id)
    if team is None:
        return []
    badges: list[Badge] = []
    if team.is_admin:
        badges.append(("exempt", "team-tree--note"))
    if not team.ingress_private:
        badges.append(("ingress⊘", "team-tree--off"))
    if not team.egress_public:
        badges.append(("egress⊘", "team-tree--off"))
    badges += count_badges(*session.team_counts(team_id))
    if team_id in session.unsaved_teams():
        badges.append(("●", "team-tree--dirty"))
    return badges
