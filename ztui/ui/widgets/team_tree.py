"""The tree of teams and their services (or rules), each with badges that say how it stands.

A services-era team holds its services; a team of the later layouts (spec 5) holds two groups,
Inbound and Outbound, each holding its named rules. Badges are computed when a line is drawn
(`render_label`), from the session, and cached per node until that node is told it changed: a
keystroke re-labels one service or rule and the lines above it, never the whole tree, and badge
colours come from component classes, so they follow the theme.
"""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import on
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from ztui.model import RuleType
from ztui.ui.session import Session
from ztui.ui.text import literal
from ztui.ui.widgets.tree_nodes import (
    GROUP_WORDS,
    MODE_WORDS,
    Badge,
    NodeRef,
    badges_of,
    rule_matches,
)

__all__ = ["MODE_WORDS", "NodeRef", "TeamTree"]


class TeamTree(Tree[NodeRef]):
    """Teams -> services, or teams -> Inbound / Outbound -> rules; moving the cursor picks
    what the form and the preview show."""

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
        "team-tree--deleted",
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
        """Enter on a service or rule: the person wants to edit it."""

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
        #: Rule groups the person collapsed (they are open by default).
        self._collapsed: set[NodeRef] = set()
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
        node = self.cursor_node
        current = node.data if node else None
        holder = node.parent.data if node is not None and node.parent is not None else None
        self.clear()
        self._ref_nodes.clear()
        self._badges.clear()
        needle = self.filter_text.casefold()
        for team_id in session.team_ids():
            team = session.team(team_id)
            if team is not None and team.rule_based:
                self._add_rule_team(session, team_id, needle)
                continue
            names = session.service_names(team_id)
            if needle and needle not in team_id.casefold():
                names = [n for n in names if needle in n.casefold()]
                if not names:
                    continue
            node = self._add_team(team_id, needle)
            for name in names:
                self._add_leaf(node, NodeRef(team_id, name))
        gone = current is not None and not self.select_ref(current, pick=False)
        if gone and holder is not None:  # a deleted rule, saved: its group takes the cursor
            self.select_ref(holder)

    def _add_team(self, team_id: str, needle: str) -> TreeNode[NodeRef]:
        ref = NodeRef(team_id)
        expand = bool(needle) or team_id in self._expanded
        node = self.root.add(literal(team_id), data=ref, expand=expand)
        self._ref_nodes[ref] = node
        return node

    def _add_rule_team(self, session: Session, team_id: str, needle: str) -> None:
        """A team of the later layouts: Inbound and Outbound, each with its rules."""
        groups: list[tuple[RuleType, list[str]]] = []
        for kind in GROUP_WORDS:
            names = session.rule_names(team_id, kind)
            if needle and needle not in team_id.casefold():
                names = [
                    n for n in names
                    if (rule := session.rule(team_id, n)) and rule_matches(rule, needle)
                ]
            groups.append((kind, names))
        if needle and not any(names for _, names in groups):
            return
        node = self._add_team(team_id, needle)
        for kind, names in groups:
            ref = NodeRef(team_id, group=kind)
            group = node.add(GROUP_WORDS[kind], data=ref, expand=ref not in self._collapsed)
            self._ref_nodes[ref] = group
            for name in names:
                self._add_leaf(group, NodeRef(team_id, rule=name))

    def _add_leaf(self, parent: TreeNode[NodeRef], ref: NodeRef) -> None:
        self._ref_nodes[ref] = parent.add_leaf(literal(ref.service or ref.rule), data=ref)

    def add_service(self, ref: NodeRef) -> None:
        """Show a service that was just added, and put the cursor on it."""
        parent = self._ref_nodes.get(ref.team_only)
        if parent is None:
            return
        self._add_leaf(parent, ref)
        parent.expand()
        self.changed(ref)
        self.select_ref(ref)

    def show_rule(self, ref: NodeRef) -> None:
        """Show a rule that was just added (the tree is rebuilt), and put the cursor on it."""
        self.rebuild()
        self.select_ref(ref)

    def select_ref(self, ref: NodeRef, *, pick: bool = True) -> bool:
        """Move the cursor to `ref` (expanding what holds it); False when it is filtered out."""
        node = self._ref_nodes.get(ref)
        if node is None:
            return False
        parent = node.parent
        while parent is not None and parent is not self.root:
            parent.expand()
            parent = parent.parent
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
        """`ref` changed: redraw its line and those above it, if their badges changed.

        This runs on every keystroke. Most keystrokes change no badge, and a line redrawn for
        nothing widens the screen update to the tree's column, which makes Textual redraw every
        widget between the tree and the preview (measured: half a keystroke's frame). A badge
        not in the cache has not been drawn since the last invalidation, so it is left alone.
        """
        node = self._ref_nodes.get(ref)
        keys = [ref, ref.team_only]
        if node is not None and node.parent is not None and node.parent.data is not None:
            keys.append(node.parent.data)
        for key in keys:
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
        return badges_of(self._session, ref) if self._session is not None else []

    def render_label(self, node: TreeNode[NodeRef], base_style: Style, style: Style) -> Text:
        text = super().render_label(node, base_style, style)
        ref = node.data
        if ref is None:
            return text
        session = self._session
        if ref.rule is not None and session and session.is_rule_deleted(ref.team, ref.rule):
            text.stylize(self.get_component_rich_style("team-tree--deleted", partial=True))
        for badge, component in self._badges_of(ref):
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
        if ref is not None and (ref.service is not None or ref.rule is not None):
            self.post_message(self.Opened(self, ref))

    @on(Tree.NodeExpanded)
    def _expanded_team(self, event: Tree.NodeExpanded[NodeRef]) -> None:
        ref = event.node.data
        if ref is None or self.filter_text:
            return
        if ref.group is not None:
            self._collapsed.discard(ref)
        else:
            self._expanded.add(ref.team)

    @on(Tree.NodeCollapsed)
    def _collapsed_team(self, event: Tree.NodeCollapsed[NodeRef]) -> None:
        ref = event.node.data
        if ref is None or self.filter_text:
            return
        if ref.group is not None:
            self._collapsed.add(ref)
        else:
            self._expanded.discard(ref.team)

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

