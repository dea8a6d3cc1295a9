"""What the inbound and outbound rule forms share: the header, the edit message, the routing.

A rule form is loaded with the rule as stored (either later layout) and sends every change up as
an `Edited` message carrying the new raw mapping, built by `ztui.rule_edits` from the one it was
loaded with; the screen records and validates it. Findings come back down through
`show_findings`, each routed by its path to the field it names, next to text that did not parse
(the form's own errors, keyed by the same paths).
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Label

from ztui.model import FieldPath, Finding, Rule, Severity
from ztui.ui.rule_fields import RuleSpot, rule_spot
from ztui.ui.text import literal, printable
from ztui.ui.widgets.message_label import MessageLabel, Problem
from ztui.vocabulary import Vocabulary

Raw = dict[str, Any]
#: A problem and the field it belongs to.
Routed = tuple[RuleSpot, Problem]


class RuleForm(VerticalScroll):
    """The common part of `InboundForm` and `OutboundForm`; not mounted on its own."""

    #: Not a tab stop of its own: focusing a field scrolls it into view.
    can_focus = False
    #: The word after the rule's name in the title.
    KIND: ClassVar[str] = "rule"

    class Edited(Message):
        """The person changed the rule: its new raw mapping and any text that did not parse.

        `field_key` names the field typed into (typing into one field is one undo step);
        `form_errors` maps the dotted path of each field whose text is not a value yet to what
        to write there, and blocks saving.
        """

        def __init__(self, form: RuleForm, team: str, rule: str, raw: Raw, field_key: str,
                     form_errors: dict[str, str]) -> None:
            super().__init__()
            self.form = form
            self.team = team
            self.rule = rule
            self.raw = raw
            self.field_key = field_key
            self.form_errors = form_errors

        @property
        def control(self) -> RuleForm:
            return self.form

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.team = ""
        self.rule = ""
        self.raw: Raw = {}
        #: Where `ruleType` sits in `raw`: `()` in a `netpols` list, `("spec",)` in a document.
        self.base: FieldPath = ()
        self.locked = False
        self.vocabulary = Vocabulary()
        self._form_errors: dict[str, str] = {}

    @property
    def form_errors(self) -> dict[str, str]:
        """Text in the form that is not a value yet: dotted path -> what to write instead."""
        return dict(self._form_errors)

    def compose_header(self) -> ComposeResult:
        yield Label("", classes="form-title rule-title")
        yield Label("", classes="form-where rule-where")
        yield MessageLabel(classes="message rule-message")

    def load_header(self, team: str, rule: Rule, raw: Raw, *, locked: bool,
                    vocabulary: Vocabulary) -> None:
        """Take the rule being shown and write its title (names as stored, never markup)."""
        self.team, self.rule, self.raw, self.base = team, rule.name, raw, rule.base
        self.locked = locked
        self.vocabulary = vocabulary
        self._form_errors = {}
        title = Text.assemble(literal(team), (" / ", "dim"), literal(rule.name),
                              (f"  {self.KIND} rule", "dim"))
        self.query_one(".rule-title", Label).update(title)
        where = str(rule.location) if rule.location else rule.file or "new rule, not saved yet"
        self.query_one(".rule-where", Label).update(literal(where))

    def routed(self, findings: list[Finding], form_errors: dict[str, str] | None) -> list[Routed]:
        """Every problem with its field; those of no field read with their path."""
        errors = self._form_errors if form_errors is None else form_errors
        items = [(f.path, f"{f.code} {f.message}", f.severity is Severity.ERROR) for f in findings]
        items += [(path, message, True) for path, message in errors.items()]
        out: list[Routed] = []
        for path, message, error in items:
            spot = rule_spot(path, self.base)
            if spot.section == "general" and path:
                message = f"{printable(path)}: {message}"
            out.append((spot, (message, error)))
        return out

    def show_general(self, routed: list[Routed]) -> None:
        """Problems of the rule as a whole (and of its name) go under the title."""
        general = [p for spot, p in routed if spot.section in ("general", "name")]
        self.query_one(".rule-message", MessageLabel).show_problems(general)

    def emit(self, raw: Raw, field_key: str) -> None:
        """Keep `raw` as the rule's current mapping and send it up."""
        self.raw = raw
        self.post_message(
            self.Edited(self, self.team, self.rule, raw, field_key, dict(self._form_errors))
        )
