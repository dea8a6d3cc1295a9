"""The main screen's work area: pane tabs, the form switcher, the preview/problems/reach tabs.

It is not part of the first frame. Composing and styling its some 60 widgets takes longer than
the rest of the screen, and the first frame only needs the header, the tree (with the team names
that file names reveal) and the footer: `MainScreen` composes a one-line note in its place and
mounts the work area right after that frame (`MainScreen.open_work`). The repo is read only once
the area is mounted, so every message about the repo finds the widgets it updates.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import (
    ContentSwitcher,
    OptionList,
    Static,
    Tab,
    TabbedContent,
    TabPane,
    Tabs,
)

from ztui.ui.widgets.inbound_form import InboundForm
from ztui.ui.widgets.outbound_form import OutboundForm
from ztui.ui.widgets.preview import Preview
from ztui.ui.widgets.problem_detail import ProblemDetail
from ztui.ui.widgets.problems import ProblemList
from ztui.ui.widgets.reach_view import ReachView
from ztui.ui.widgets.rule_group import RuleGroupView
from ztui.ui.widgets.service_form import ServiceForm
from ztui.ui.widgets.team_form import TeamForm

#: What the work area's place says until it is mounted, and then its form pane until the repo
#: is read.
READING = "Reading the repo…"


class WorkArea(Vertical):
    """Form | preview, problems and reach (at 120+ columns side by side, else one at a time).

    The editor holds a form per kind of selection: a service, a team, an inbound or an
    outbound rule, or the view of an Inbound or Outbound group (the later layouts); the
    selection decides which one is in front."""

    def compose(self) -> ComposeResult:
        yield Tabs(
            Tab("Form F2", id="pane-form"),
            Tab("Preview F3", id="pane-preview"),
            Tab("Problems F4", id="pane-problems"),
            Tab("Reach F5", id="pane-reach"),
            id="pane-tabs",
        )
        with Horizontal(id="panes"):
            with ContentSwitcher(initial="nothing", id="editor"):
                yield Static(READING, id="nothing")
                yield ServiceForm(id="service-form")
                yield TeamForm(id="team-form")
                yield InboundForm(id="inbound-form")
                yield OutboundForm(id="outbound-form")
                yield RuleGroupView(id="rule-group")
            with TabbedContent(id="side", initial="preview-tab"):
                with TabPane("Preview", id="preview-tab"):
                    yield Preview(id="preview")
                with TabPane("Problems", id="problems-tab"):
                    yield ProblemList(id="problems")
                    yield ProblemDetail(id="problem-detail")
                with TabPane("Reach", id="reach-tab"):
                    yield ReachView(id="reach")

    @on(OptionList.OptionHighlighted, "#problems")
    def _explain(self, event: OptionList.OptionHighlighted) -> None:
        finding = self.query_one(ProblemList).finding_at(event.option)
        self.query_one(ProblemDetail).show(finding)
