"""The form of one inbound rule: the pods it protects, its mode, and who may come in.

An inbound rule (spec 5) selects pods by one label and admits either every team's pods (Allow
all) or only its sources (Allow only): namespaces, each optionally narrowed to pods with a label.
Every change goes through `ztui.rule_edits` (`set_target`, `set_mode`, `set_sources`) applied to
the raw mapping the form was loaded with, and leaves as an `Edited` message. Under Allow all the
chart ignores the sources; they stay editable (switching back brings them into force) but are
shown dimmed with a note that says so.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import count
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, RadioButton, RadioSet

from ztui.model import Finding, Mode, Rule
from ztui.model import Label as RuleLabel
from ztui.rule_edits import set_mode, set_sources, set_target
from ztui.ui.rule_fields import (
    TARGET_KEYS,
    rule_path,
    rule_spot,
    shown_mode,
    source_of,
    source_path,
    source_rows,
    target_fields,
)
from ztui.ui.widgets.field_input import FieldInput
from ztui.ui.widgets.message_label import MessageLabel, Problem, worst
from ztui.ui.widgets.rule_form import Raw, RuleForm
from ztui.ui.widgets.service_form import ModeButton
from ztui.ui.widgets.source_rows import SourceRows, WordSuggester, value_suggester
from ztui.vocabulary import Vocabulary

#: The modes a rule can have, in the order of the selector (rules have no Deny all).
RULE_MODES = (Mode.ALLOW_ONLY, Mode.ALLOW_ALL)
SOURCES_NOTE = {
    Mode.ALLOW_ONLY: "A namespace; optionally only pods with a label",
    Mode.ALLOW_ALL: "Ignored under Allow all (any team may come in)",
}


def _stored(value: Any) -> Any:
    """A target field's value as stored (a number stays one), or "" where the file has none."""
    return "" if value is None else value


class InboundForm(RuleForm):
    """Target label, mode and sources of the selected inbound rule."""

    KIND = "inbound"

    class Edited(RuleForm.Edited):
        """The person changed the inbound rule (see `RuleForm.Edited`)."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        #: The mode the selector was last set to by `load` or the person: its echo is no edit.
        self._shown_mode = Mode.ALLOW_ONLY
        self._removals = count(1)
        self.target_name = FieldInput(
            None, placeholder="label name", column="name",
            suggester=WordSuggester(lambda: self.vocabulary.label_names),
        )
        self.target_value = FieldInput(
            None, placeholder="value", column="value",
            suggester=value_suggester(lambda: self.vocabulary, self.target_name),
        )

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Label("Protects the pods labelled", classes="section-title")
        with Vertical(classes="rule-row target-row"):
            with Horizontal(classes="row-fields"):
                yield Label("label", classes="field-label")
                yield self.target_name
                yield Label("=", classes="field-label")
                yield self.target_value
            yield MessageLabel(id="target-message")
        yield Label("Who may come in", classes="section-title")
        with RadioSet(id="rule-mode", compact=True):
            for mode in RULE_MODES:
                yield ModeButton(mode.label, compact=True)
        yield MessageLabel(id="rule-mode-message")
        yield Label("Sources", classes="section-title")
        yield Label("", id="sources-note", classes="subsection")
        yield MessageLabel(id="sources-message")
        yield SourceRows(id="sources")

    async def load(self, team: str, rule: Rule, raw: Raw, *, locked: bool,
                   vocabulary: Vocabulary) -> None:
        """Show an inbound rule as stored in `raw` (after a pick, an undo or a redo)."""
        self.load_header(team, rule, raw, locked=locked, vocabulary=vocabulary)
        name, value = target_fields(raw, self.base)
        with self.prevent(Input.Changed):
            self.target_name.load(name)
            self.target_value.load(value)
        self.target_name.disabled = self.target_value.disabled = locked
        radio = self.query_one("#rule-mode", RadioSet)
        radio.disabled = locked
        mode = shown_mode(raw, self.base)
        self._shown_mode = mode
        button = list(radio.query(RadioButton))[RULE_MODES.index(mode)]
        if not button.value:
            # Not prevented: the set must see the change to move its own cursor; the echo
            # comes back as RadioSet.Changed and `_mode_changed` knows it by `_shown_mode`.
            button.value = True
        self._show_mode(mode)
        await self.query_one(SourceRows).load(source_rows(raw, self.base), vocabulary,
                                              locked=locked)

    def _show_mode(self, mode: Mode) -> None:
        self.query_one("#sources-note", Label).update(SOURCES_NOTE[mode])
        self.query_one(SourceRows).set_class(mode is Mode.ALLOW_ALL, "-ignored")

    def show_findings(self, findings: list[Finding],
                      form_errors: dict[str, str] | None = None) -> None:
        """Put each finding's message next to its field; the rest go under the title.

        `form_errors` are those the screen keeps for this rule (by default the form's own).
        """
        routed = self.routed(findings, form_errors)
        self.show_general(routed)
        target: dict[str, list[Problem]] = defaultdict(list)
        mode: list[Problem] = []
        sources: list[Problem] = []
        rows: dict[int, dict[str, list[Problem]]] = defaultdict(lambda: defaultdict(list))
        for spot, problem in routed:
            if spot.section == "target":
                target[spot.column or ""].append(problem)
            elif spot.section == "mode":
                mode.append(problem)
            elif spot.section == "sources" and spot.index is not None:
                rows[spot.index][spot.column or ""].append(problem)
            elif spot.section == "sources":
                sources.append(problem)
        self.target_name.mark(worst(target.get("name", [])))
        self.target_value.mark(worst(target.get("value", [])))
        self.query_one("#target-message", MessageLabel).show_problems(
            [p for found in target.values() for p in found]
        )
        self.query_one("#rule-mode-message", MessageLabel).show_problems(mode)
        radio = self.query_one("#rule-mode", RadioSet)
        if radio.has_class("-invalid") != (worst(mode) == "error"):
            radio.set_class(worst(mode) == "error", "-invalid")
        self.query_one("#sources-message", MessageLabel).show_problems(sources)
        self.query_one(SourceRows).show_problems(dict(rows))

    def focus_path(self, path: str | None) -> None:
        """Focus the field a finding is about (the target's name when no field matches)."""
        spot = rule_spot(path, self.base)
        if spot.section == "sources" and spot.index is not None:
            self.query_one(SourceRows).focus_field(spot.index, spot.column or "namespace")
        elif spot.section == "mode":
            self.query_one("#rule-mode", RadioSet).focus()
        elif spot.section == "target" and spot.column == "value":
            self.target_value.focus()
        else:
            self.target_name.focus()

    async def add_source_row(self) -> None:
        """Add an empty source row and put the cursor in it (nothing when read-only)."""
        await self.query_one(SourceRows).add_row()

    @on(Input.Changed)
    def _target_typed(self, event: Input.Changed) -> None:
        event.stop()
        field = event.input
        if not field.has_focus or field not in (self.target_name, self.target_value):
            return  # a value set by `load`, not typing
        label = RuleLabel(_stored(self.target_name.field_value),
                          _stored(self.target_value.field_value))
        column = "name" if field is self.target_name else "value"
        self.emit(set_target(self.raw, self.base, label),
                  rule_path(self.base, "ingress", TARGET_KEYS[column]))

    @on(RadioSet.Changed, "#rule-mode")
    def _mode_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        mode = RULE_MODES[event.index]
        # Only a person changes the mode, and only with the selector focused (a click
        # focuses it); anything else is the echo of `load` setting it.
        if mode is self._shown_mode or not event.radio_set.has_focus:
            return
        self._shown_mode = mode
        self._show_mode(mode)
        self.emit(set_mode(self.raw, self.base, mode), rule_path(self.base, "ingress", "mode"))

    @on(SourceRows.Changed)
    def _sources_changed(self, event: SourceRows.Changed) -> None:
        event.stop()
        sources = []
        self._form_errors = {}
        for index, row in enumerate(event.values):
            source, problem = source_of(row.namespace, row.name, row.value, typed=row.typed)
            if problem is not None:
                column, message = problem
                self._form_errors[source_path(self.base, index, column)] = message
            sources.append(source)
        allow = rule_path(self.base, "ingress", "allow")
        if event.column is None:
            field_key = f"{allow}:removed#{next(self._removals)}"
        elif event.index < 0:
            field_key = allow
        else:
            field_key = source_path(self.base, event.index, event.column)
        self.emit(set_sources(self.raw, self.base, sources), field_key)
