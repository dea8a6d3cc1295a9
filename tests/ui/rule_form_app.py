"""A small app that mounts one rule form, for the rule form tests and snapshots.

It loads a rule of the fixture repos (written out here by hand, in both later layouts) and
records every `Edited` message; like the main screen, it shows the form's own errors again
after each edit.
"""

from __future__ import annotations

import copy
from pathlib import PurePath
from typing import Any, ClassVar

from textual import on
from textual.app import App, ComposeResult
from textual.widget import Widget
from textual.widgets import Static

from ztui.model import (
    Dialect,
    Finding,
    Label,
    Layout,
    Location,
    RepoModel,
    Rule,
    RuleType,
    Severity,
    Source,
    Team,
)
from ztui.ui.app import styles_dir
from ztui.ui.widgets.inbound_form import InboundForm
from ztui.ui.widgets.outbound_form import OutboundForm
from ztui.ui.widgets.rule_form import RuleForm
from ztui.ui.widgets.source_rows import SourceRow, SourceRows
from ztui.vocabulary import Vocabulary, vocabulary

Raw = dict[str, Any]


def api_ingress() -> Raw:
    """`ruleType` of shop's `api` rule, as both fixture repos hold it."""
    return {"type": "ingress", "ingress": {
        "mode": "AllowOnly", "toLabelName": "otomi.io/app", "toLabelValue": "api",
        "allow": [
            {"fromNamespace": "team-shop", "fromLabelName": "otomi.io/app",
             "fromLabelValue": "web"},
            {"fromNamespace": "team-data"},
        ],
    }}


def as_document(name: str, rule_type: Raw) -> Raw:
    """A rule as the file-per-rule layout stores it."""
    return {"kind": "AplTeamNetworkControl",
            "metadata": {"name": name, "labels": {"apl.io/teamId": "shop"}},
            "spec": {"ruleType": rule_type}}


def as_item(name: str, rule_type: Raw) -> Raw:
    """A rule as a `netpols` list item."""
    return {"id": "0b6f3c1e-7d2a-4c8e-9f10-1a2b3c4d5e01", "name": name, "ruleType": rule_type}


def rule(raw: Raw, layout: Layout, name: str = "api", kind: RuleType = RuleType.INGRESS) -> Rule:
    files = layout is Layout.FILES
    where = f"env/teams/shop/netpols/{name}.yaml" if files else "env/teams/netpols.shop.yaml"
    return Rule(team="shop", name=name, type=kind, raw=raw, base=("spec",) if files else (),
                file=where, location=Location(where, 1 if files else 5, 1))


def repo_words() -> Vocabulary:
    """The fixture repos' vocabulary: four teams, shop's api and data's warehouse rules."""
    api = Rule("shop", "api", RuleType.INGRESS, target=Label("otomi.io/app", "api"),
               sources=(Source("team-shop", Label("otomi.io/app", "web")), Source("team-data")))
    warehouse = Rule("data", "warehouse", RuleType.INGRESS,
                     target=Label("serving.knative.dev/service", "warehouse"),
                     sources=(Source("team-shop", Label("otomi.io/app", "api")),))
    teams = {"admin": Team("admin"), "shop": Team("shop", rules=[api]),
             "data": Team("data", rules=[warehouse]), "labs": Team("labs")}
    return vocabulary(RepoModel("/repo", Layout.FILES, Dialect.V2, teams=teams))


class FormApp(App[None]):
    """One rule form, loaded on mount, with its edits recorded.

    A blank pane as wide as the main screen's tree stands left of the form, so the form gets
    the width it has in the app (and the snapshots show that).
    """

    CSS_PATH: ClassVar[list[str | PurePath]] = [styles_dir() / "forms.tcss",
                                                 styles_dir() / "rules.tcss"]
    CSS = "Screen { layout: horizontal; } #tree-stand-in { width: 30; height: 1fr; }"

    def __init__(self, form: RuleForm, rule: Rule, *, locked: bool = False) -> None:
        super().__init__()
        self.form, self.rule, self.locked = form, rule, locked
        self.original = copy.deepcopy(rule.raw)
        self.edits: list[RuleForm.Edited] = []

    def compose(self) -> ComposeResult:
        yield Static("", id="tree-stand-in")
        yield self.form

    async def on_mount(self) -> None:
        form = self.form
        assert isinstance(form, InboundForm | OutboundForm)
        await form.load("shop", self.rule, self.rule.raw, locked=self.locked,
                        vocabulary=repo_words())
        form.focus_path(None)

    @on(RuleForm.Edited)
    def _edited(self, event: RuleForm.Edited) -> None:
        self.edits.append(event)
        form = self.form
        assert isinstance(form, InboundForm | OutboundForm)
        form.show_findings([], event.form_errors)

    @property
    def last(self) -> RuleForm.Edited:
        assert self.edits, "no edit was sent"
        return self.edits[-1]


def inbound_app(layout: Layout = Layout.FILES, *, locked: bool = False,
                name: str = "api") -> FormApp:
    wrap = as_document if layout is Layout.FILES else as_item
    return FormApp(InboundForm(), rule(wrap(name, api_ingress()), layout, name), locked=locked)


def sources(app: FormApp) -> list[SourceRow]:
    return app.form.query_one(SourceRows).row_widgets


def focused(app: FormApp) -> Widget | None:
    """The focused widget, read afresh (a check before does not narrow it)."""
    return app.focused


def cdn_egress() -> Raw:
    return {"type": "egress", "egress": {"domain": "*.cdn.example.com", "ports": [
        {"number": 443, "protocol": "HTTPS"}, {"number": 80, "protocol": "HTTP"},
    ]}}


def outbound_app(layout: Layout = Layout.FILES, *, locked: bool = False) -> FormApp:
    wrap = as_document if layout is Layout.FILES else as_item
    return FormApp(OutboundForm(), rule(wrap("cdn", cdn_egress()), layout, "cdn",
                                        RuleType.EGRESS), locked=locked)


def finding(path: str, code: str = "ZT111", error: bool = True) -> Finding:
    """A finding about shop/api at `path`, its message naming the path."""
    severity = Severity.ERROR if error else Severity.WARNING
    return Finding(code, severity, f"message for {path}", rule="shop/api", path=path)
