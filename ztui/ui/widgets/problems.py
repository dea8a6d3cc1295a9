"""Every finding of the repo, as `ztui validate` reports them; choosing one goes to its field.

Each finding is two lines (what and where, then the message, wrapped), so nothing is cut off
in an 80-column pane. An OptionList measures every option it holds, so a broken repo with
thousands of findings would freeze the screen: the list shows the first `LIMIT` (errors
first) and says how many more `ztui validate` would print. It is rebuilt only when it is shown
and something changed, never on each keystroke.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ztui.model import Finding, Severity
from ztui.ui.text import literal

#: At most this many findings are listed (about 0.1 s of layout on a slow machine).
LIMIT = 300


def _prompt(finding: Finding) -> Text:
    error = finding.severity is Severity.ERROR
    text = Text.assemble(
        ("✖ error " if error else "⚠ warning ", "bold"),
        (finding.code, "bold"),
    )
    if finding.team:
        subject = f"{finding.team}/{finding.service}" if finding.service else finding.team
        text.append("  ")
        text.append_text(literal(subject))
    if finding.location:
        text.append("  ")
        text.append_text(literal(str(finding.location), style="dim"))
    text.append("\n")
    text.append_text(literal(finding.message))
    return text


def _summary(errors: int, warnings: int, hidden: int) -> Text:
    if not errors and not warnings:
        return Text("No problems: the repo is valid.", style="dim")
    text = Text(
        f"✖ {errors} error{'s' * (errors != 1)}  ⚠ {warnings} warning{'s' * (warnings != 1)}",
        style="bold",
    )
    if hidden:
        text.append(f"\nthe first {LIMIT} are listed, errors first; `ztui validate` prints all",
                    style="dim")
    return text


class ProblemList(OptionList):
    """The repo's findings; Enter on one selects its service and focuses the field."""

    class Chosen(Message):
        """The person chose a finding to go to."""

        def __init__(self, problems: ProblemList, finding: Finding) -> None:
            super().__init__()
            self.problems = problems
            self.finding = finding

        @property
        def control(self) -> ProblemList:
            return self.problems

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self._findings: list[Finding] | None = None
        self._listed: list[Finding] = []

    def show_findings(self, findings: list[Finding]) -> None:
        """Replace the list (keeping the cursor on the same finding when it is still listed)."""
        if findings == self._findings:
            return
        self._findings = findings
        current = self.highlighted_option
        kept = self._listed[int(current.id)] if current is not None and current.id else None
        errors = [f for f in findings if f.severity is Severity.ERROR]
        warnings = [f for f in findings if f.severity is not Severity.ERROR]
        listed = findings if len(findings) <= LIMIT else (errors + warnings)[:LIMIT]
        self._listed = listed
        self.clear_options()
        hidden = len(findings) - len(listed)
        self.add_option(Option(_summary(len(errors), len(warnings), hidden), disabled=True))
        self.add_options(Option(_prompt(f), id=str(i)) for i, f in enumerate(listed))
        if kept is not None and kept in listed:
            self.highlighted = listed.index(kept) + 1

    def finding_at(self, option: Option) -> Finding | None:
        """The finding an option of this list stands for (None for the summary line)."""
        return self._listed[int(option.id)] if option.id is not None else None

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.Chosen(self, self._listed[int(event.option.id)]))
