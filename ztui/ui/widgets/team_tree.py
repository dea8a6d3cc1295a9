"""The tree of teams and their services, each with badges that say how it stands.

Badges are computed when a line is drawn (`render_label`), from the session, and cached per
node until that node is told it changed: a keystroke re-labels one service and its team, never
the whole tree, and badge colours come from component classes, so they follow the theme.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import on
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from ztui.model import Mode
from ztui.ui.session import Session
from ztui.ui.text import literal

MODE_WORDS = {Mode.DENY_ALL: "deny", Mode.ALLOW_ONLY: "only", Mode.ALLOW_ALL: "all"}

#: A badge: its text and the component class that styles it.
Badge = tuple[str, str]


@dataclass(frozen=True, slots=True)
class NodeRef:
    """What a tree node stands for: a team, or one of its services."""

    team: str
    service: str | None = None

    @property
    def team_only(self) -> NodeRef:
        return NodeRef(self.team)


class TeamTree(Tree[NodeRef]):
    """Teams -> services; moving the cursor picks what the form and the preview show."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right", "expand_node", "Expand", show=False),
        Binding("left", "collapse_node", "Collapse", show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "team-tree--badge",
        "team-tree--off",
        "team-tree--error",
        "team-tree--warning",
        "team-tree--dirty",
        "team-tree--note",
    }

    class Picked(Message):
        """The cursor moved to a team or service (the form follows it)."""

        def __init__(self, tree: TeamTree, ref: NodeRef) -> None:
            super().__init__()
            self.tree = tree
            self.ref = ref

        @property
        def control(self) -> TeamTree:
            return self.tree

    class Opened(Message):
        """Enter on a service: the person wants to edit it."""

        def __init__(self, tree: TeamTree, ref: NodeRef) -> None:
            super().__init__()
            self.tree = tree
            self.ref = ref

        @property
        def control(self) -> TeamTree:
            return self.tree

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__("Teams", id=id)
        self.show_root = False
        self.guide_depth = 2
        self._session: Session | None = None
        self._ref_nodes: dict[NodeRef, TreeNode[NodeRef]] = {}
        self._badges: dict[NodeRef, list[Badge]] = {}
        self._expanded: set[str] = set()
        self.filter_text = ""

    # -- building ------------------------------------------------------------------------

    def show_message(self, message: str) -> None:
        """A one-line note in place of the teams (while reading, or when reading failed)."""
        self._session = None
        self.clear()
        self._ref_nodes.clear()
        self.root.add_leaf(literal(message))

    def show_names(self, team_ids: list[str]) -> None:
        """Team names known before any file is parsed, each marked as still being read."""
        self.clear()
        self._ref_nodes.clear()
        for team_id in team_ids:
            label = literal(team_id)
            label.append(" …", style="dim")
            self.root.add_leaf(label)

    def show_session(self, session: Session) -> None:
        """Show the session's teams and services (filtered by `filter_text`)."""
        self._session = session
        self.rebuild()

    def rebuild(self) -> None:
        """Rebuild every node, keeping the cursor and the expanded teams where they were."""
        session = self._session
        if session is None:
            return
        current = self.cursor_node.data if self.cursor_node else None
        self.clear()
        self._ref_nodes.clear()
        self._badges.clear()
        needle = self.filter_text.casefold()
        for team_id in session.team_ids():
            names = session.service_names(team_id)
            if needle and needle not in team_id.casefold():
                names = [n for n in names if needle in n.casefold()]
                if not names:
                    continue
            ref = NodeRef(team_id)
            expand = bool(needle) or team_id in self._expanded
            node = self.root.add(literal(team_id), data=ref, expand=expand)
            self._ref_nodes[ref] = node
            for name in names:
                self._add_leaf(node, NodeRef(team_id, name))
        if current is not None:
            self.select_ref(current, pick=False)

    def _add_leaf(self, parent: TreeNode[NodeRef], ref: NodeRef) -> None:
        self._ref_nodes[ref] = parent.add_leaf(literal(ref.service), data=ref)

    def add_service(self, ref: NodeRef) -> None:
        """Show a service that was just added, and put the cursor on it."""
        parent = self._ref_nodes.get(ref.team_only)
        if parent is None:
            return
        self._add_leaf(parent, ref)
        parent.expand()
        self.changed(ref)
        self.select_ref(ref)

    def select_ref(self, ref: NodeRef, *, pick: bool = True) -> bool:
        """Move the cursor to `ref` (expanding its team); False when it is filtered out."""
        node = self._ref_nodes.get(ref)
        if node is None:
            return False
        if node.parent is not None and node.parent is not self.root:
            node.parent.expand()
        self.call_after_refresh(self._move_to, node, pick)
        return True

    def _move_to(self, node: TreeNode[NodeRef], pick: bool) -> None:
        self.move_cursor(node)
        if pick and node.data is not None:
            self.post_message(self.Picked(self, node.data))

    def has_ref(self, ref: NodeRef) -> bool:
        """Whether `ref` has a node (it may be filtered out)."""
        return ref in self._ref_nodes

    @property
    def current(self) -> NodeRef | None:
        node = self.cursor_node
        return node.data if node is not None else None

    # -- badges --------------------------------------------------------------------------

    def changed(self, ref: NodeRef) -> None:
        """`ref` changed: redraw its line and its team's, if their badges changed.

        This runs on every keystroke. Most keystrokes change no badge, and a line redrawn for
        nothing widens the screen update to the tree's column, which makes Textual redraw every
        widget between the tree and the preview (measured: half a keystroke's frame). A badge
        not in the cache has not been drawn since the last invalidation, so it is left alone.
        """
        for key in (ref, ref.team_only):
            old = self._badges.get(key)
            if old is None:
                continue
            new = self._compute(key)
            if new != old:
                self._badges[key] = new
                node = self._ref_nodes.get(key)
                if node is not None:
                    node.refresh()

    def changed_team(self, team_id: str) -> None:
        """Every badge of the team may have changed (a switch was flipped)."""
        for key in [k for k in self._ref_nodes if k.team == team_id]:
            self._badges.pop(key, None)
        self._invalidate()

    def changed_all(self) -> None:
        """New findings for the whole repo: recompute every badge when next drawn."""
        self._badges.clear()
        self._invalidate()

    def _badges_of(self, ref: NodeRef) -> list[Badge]:
        found = self._badges.get(ref)
        if found is None:
            found = self._badges[ref] = self._compute(ref)
        return found

    def _compute(self, ref: NodeRef) -> list[Badge]:
        session = self._session
        if session is None:
            return []
        if ref.service is None:
            return self._team_badges(session, ref.team)
        service = session.service(ref.team, ref.service)
        if service is None:
            return []
        badges: list[Badge] = [(MODE_WORDS[service.mode], "team-tree--badge")]
        if service.egress:
            badges.append((f"↗{len(service.egress)}", "team-tree--badge"))
        badges += _count_badges(*session.counts(ref.team, ref.service))
        if session.is_new(ref.team, ref.service):
            badges.append(("new", "team-tree--dirty"))
        elif session.is_dirty(ref.team, ref.service):
            badges.append(("●", "team-tree--dirty"))
        return badges

    def _team_badges(self, session: Session, team_id: str) -> list[Badge]:
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
        errors, warnings = session.counts(team_id, None)
        for name in session.service_names(team_id):
            e, w = session.counts(team_id, name)
            errors, warnings = errors + e, warnings + w
        badges += _count_badges(errors, warnings)
        if team_id in session.unsaved_teams():
            badges.append(("●", "team-tree--dirty"))
        return badges

    def render_label(self, node: TreeNode[NodeRef], base_style: Style, style: Style) -> Text:
        text = super().render_label(node, base_style, style)
        if node.data is None:
            return text
        for badge, component in self._badges_of(node.data):
            text.append(" ")
            text.append(badge, self.get_component_rich_style(component, partial=True))
        return text

    # -- events --------------------------------------------------------------------------

    @on(Tree.NodeHighlighted)
    def _picked(self, event: Tree.NodeHighlighted[NodeRef]) -> None:
        if event.node.data is not None:
            self.post_message(self.Picked(self, event.node.data))

    @on(Tree.NodeSelected)
    def _opened(self, event: Tree.NodeSelected[NodeRef]) -> None:
        ref = event.node.data
        if ref is not None and ref.service is not None:
            self.post_message(self.Opened(self, ref))

    @on(Tree.NodeExpanded)
    def _expanded_team(self, event: Tree.NodeExpanded[NodeRef]) -> None:
        if event.node.data is not None and not self.filter_text:
            self._expanded.add(event.node.data.team)

    @on(Tree.NodeCollapsed)
    def _collapsed_team(self, event: Tree.NodeCollapsed[NodeRef]) -> None:
        if event.node.data is not None and not self.filter_text:
            self._expanded.discard(event.node.data.team)

    def action_expand_node(self) -> None:
        node = self.cursor_node
        if node is not None and node.allow_expand:
            node.expand()

    def action_collapse_node(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if node.allow_expand and node.is_expanded:
            node.collapse()
        elif node.parent is not None and node.parent is not self.root:
            self.move_cursor(node.parent)


def _count_badges(errors: int, warnings: int) -> list[Badge]:
    badges: list[Badge] = []
    if errors:
        badges.append((f"✖{errors}", "team-tree--error"))
    if warnings:
        badges.append((f"⚠{warnings}", "team-tree--warning"))
    return badges
