"""The inbound and outbound rule forms on their own, driven with the keyboard through Pilot.

Each test mounts one form in the small app of `tests.ui.rule_form_app`. Expected raw mappings
are written from spec 5 and the promises of `ztui.rule_edits`, never copied from the forms'
output.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Input, RadioSet

from tests.ui.conftest import plain
from tests.ui.rule_form_app import (
    FormApp,
    api_ingress,
    as_document,
    as_item,
    cdn_egress,
    finding,
    focused,
    inbound_app,
    outbound_app,
    rule,
    sources,
)
from ztui.model import Layout
from ztui.ui.widgets.inbound_form import InboundForm
from ztui.ui.widgets.message_label import MessageLabel
from ztui.ui.widgets.outbound_form import OutboundForm
from ztui.ui.widgets.source_rows import SourceRows
from ztui.vocabulary import Vocabulary

SnapCompare = Callable[..., bool]


# -- inbound -----------------------------------------------------------------------------------

async def test_typing_the_target_value_sends_the_new_rule() -> None:
    app = inbound_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("tab", "end", *["backspace"] * 3, *"checkout")
        await pilot.pause()
        expected = as_document("api", api_ingress())
        expected["spec"]["ruleType"]["ingress"]["toLabelValue"] = "checkout"
        assert isinstance(app.last, InboundForm.Edited)
        assert (app.last.team, app.last.rule) == ("shop", "api")
        assert app.last.raw == expected
        assert app.last.field_key == "spec.ruleType.ingress.toLabelValue"
        assert app.last.form_errors == {}
        assert app.rule.raw == app.original, "the loaded mapping is never changed"


async def test_switching_the_mode_keeps_the_sources_and_dims_them() -> None:
    app = inbound_app(Layout.NETPOLS)
    async with app.run_test(size=(80, 24)) as pilot:
        rows = app.form.query_one(SourceRows)
        assert not rows.has_class("-ignored")
        await pilot.press("tab", "tab")
        assert isinstance(app.focused, RadioSet)
        await pilot.press("right", "enter")
        await pilot.pause()
        expected = as_item("api", api_ingress())
        expected["ruleType"]["ingress"]["mode"] = "AllowAll"
        assert app.last.raw == expected
        assert app.last.field_key == "ruleType.ingress.mode"
        assert rows.has_class("-ignored")
        assert "Ignored under Allow all" in plain(app.form.query_one("#sources-note"))
        await pilot.press("left", "enter")
        await pilot.pause()
        assert app.last.raw == as_item("api", api_ingress())
        assert len(app.edits) == 2


async def test_adding_a_source_row_with_a_label() -> None:
    app = inbound_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("shift+tab")  # wraps round to the last field: "+ source"
        assert isinstance(app.focused, Button) and plain(app.focused) == "+ source"
        await pilot.press("enter")
        await pilot.pause()
        assert app.edits == [], "an empty row is not a source yet"
        assert focused(app) is sources(app)[2].namespace_input
        await pilot.press(*"team-labs")
        await pilot.pause()
        allow = app.last.raw["spec"]["ruleType"]["ingress"]["allow"]
        assert allow[2] == {"fromNamespace": "team-labs"}
        assert app.last.field_key == "spec.ruleType.ingress.allow[2].fromNamespace"

        await pilot.press("tab", *"otomi.io/app")
        await pilot.pause()
        value_path = "spec.ruleType.ingress.allow[2].fromLabelValue"
        assert list(app.last.form_errors) == [value_path]
        assert app.last.raw["spec"]["ruleType"]["ingress"]["allow"][2] == {
            "fromNamespace": "team-labs"
        }, "half a label is not written"
        row = sources(app)[2]
        assert "give the label a value" in row.message.message
        assert row.value_input.has_class("-invalid")

        await pilot.press("tab", *"notebook")
        await pilot.pause()
        assert app.last.form_errors == {}
        assert app.last.raw["spec"]["ruleType"]["ingress"]["allow"] == [
            {"fromNamespace": "team-shop", "fromLabelName": "otomi.io/app",
             "fromLabelValue": "web"},
            {"fromNamespace": "team-data"},
            {"fromNamespace": "team-labs", "fromLabelName": "otomi.io/app",
             "fromLabelValue": "notebook"},
        ]
        assert row.message.message == ""
        assert not row.value_input.has_class("-invalid")


async def test_removing_source_rows() -> None:
    app = inbound_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("tab", "tab", "tab", "tab", "tab", "tab")  # name value mode ns name value
        assert app.focused is sources(app)[0].remove_button
        await pilot.press("enter")
        await pilot.pause()
        ingress = app.last.raw["spec"]["ruleType"]["ingress"]
        assert ingress["allow"] == [{"fromNamespace": "team-data"}]
        assert focused(app) is sources(app)[0].namespace_input
        await pilot.press("tab", "tab", "tab", "enter")
        await pilot.pause()
        assert app.last.raw["spec"]["ruleType"]["ingress"] == {
            "mode": "AllowOnly", "toLabelName": "otomi.io/app", "toLabelValue": "api",
        }, "an emptied list loses its key"
        assert isinstance(app.focused, Button) and plain(app.focused) == "+ source"
        first, second = app.edits
        assert first.field_key != second.field_key, "each removal is its own undo step"


async def test_a_label_value_without_a_name_is_a_form_error() -> None:
    app = inbound_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("tab", "tab", "tab", "tab", "end", *["backspace"] * 12)
        await pilot.pause()
        assert app.last.form_errors == {
            "spec.ruleType.ingress.allow[0].fromLabelName":
                "give the label a name (such as otomi.io/app), "
                "or clear its value to admit the whole namespace",
        }
        assert app.last.raw["spec"]["ruleType"]["ingress"]["allow"] == [
            {"fromNamespace": "team-shop"}, {"fromNamespace": "team-data"},
        ]
        assert sources(app)[0].name_input.has_class("-invalid")


@pytest.mark.parametrize("layout", [Layout.FILES, Layout.NETPOLS])
async def test_findings_land_beside_their_fields(layout: Layout) -> None:
    app = inbound_app(layout)
    files = layout is Layout.FILES
    at = "spec.ruleType" if files else "ruleType"
    name_path = "metadata.name" if files else "name"
    async with app.run_test(size=(80, 24)) as pilot:
        form = app.form
        assert isinstance(form, InboundForm)
        form.show_findings([
            finding(f"{at}.ingress.toLabelValue"),
            finding(f"{at}.ingress.mode", "ZT003"),
            finding(f"{at}.ingress.allow", "ZT207", error=False),
            finding(f"{at}.ingress.allow[1].fromNamespace", "ZT211", error=False),
            finding(f"{at}.ingress.allow[0].fromLabelName"),
            finding(name_path, "ZT108"),
            finding("id" if not files else "metadata.labels", "ZT003"),
        ])
        await pilot.pause()

        def shown(selector: str) -> str:
            return form.query_one(selector, MessageLabel).message

        assert shown("#target-message") == f"ZT111 message for {at}.ingress.toLabelValue"
        assert form.target_value.has_class("-invalid")
        assert not form.target_name.has_class("-invalid")
        assert shown("#rule-mode-message") == f"ZT003 message for {at}.ingress.mode"
        assert form.query_one("#rule-mode").has_class("-invalid")
        assert shown("#sources-message") == f"ZT207 message for {at}.ingress.allow"
        first, second = sources(app)
        assert first.message.message == f"ZT111 message for {at}.ingress.allow[0].fromLabelName"
        assert first.name_input.has_class("-invalid")
        assert second.namespace_input.has_class("-warned")
        assert not second.namespace_input.has_class("-invalid")
        other = "id" if not files else "metadata.labels"
        assert shown(".rule-message").splitlines() == [
            f"ZT108 message for {name_path}", f"{other}: ZT003 message for {other}",
        ]
        form.show_findings([])
        await pilot.pause()
        assert shown("#target-message") == "" and not form.target_value.has_class("-invalid")


async def test_read_only_blocks_edits() -> None:
    app = inbound_app(locked=True)
    async with app.run_test(size=(80, 24)) as pilot:
        widgets = list(app.form.query("Input, RadioSet, Button"))
        assert len(widgets) == 2 + 1 + 2 * 4 + 1
        assert all(w.disabled for w in widgets)
        await pilot.press("tab", *"x", "tab", "right", "enter", "shift+tab", "enter")
        await pilot.pause()
        assert app.edits == []
        assert app.focused is None


async def test_completion_from_the_repo() -> None:
    app = inbound_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("shift+tab", "enter")
        await pilot.pause()
        row = sources(app)[2]
        await pilot.press(*"team-")
        await pilot.pause()
        assert row.namespace_input._suggestion == "team-admin"
        await pilot.press("s")
        await pilot.pause()
        assert row.namespace_input._suggestion == "team-shop"
        await pilot.press("right")  # takes the suggestion
        await pilot.pause()
        assert row.namespace_input.value == "team-shop"
        await pilot.press("tab", *"serv", "right", "tab", "w")
        await pilot.pause()
        assert row.name_input.value == "serving.knative.dev/service"
        assert row.value_input._suggestion == "warehouse"
        await pilot.press("shift+tab", "end", "ctrl+u", *"otomi.io/app", "tab")
        await pilot.press("backspace", "a")
        await pilot.pause()
        assert row.value_input._suggestion == "api", "values used with the name beside it"


async def test_a_rule_name_is_shown_literally() -> None:
    app = inbound_app(name="[red]x")
    async with app.run_test(size=(80, 24)):
        assert plain(app.form.query_one(".rule-title")) == "shop / [red]x  inbound rule"


async def test_loading_another_rule_is_no_edit() -> None:
    app = inbound_app()
    web = {"type": "ingress", "ingress": {"mode": "AllowAll", "toLabelName": "otomi.io/app",
                                          "toLabelValue": "web"}}
    async with app.run_test(size=(80, 24)) as pilot:
        form = app.form
        assert isinstance(form, InboundForm)
        await form.load("shop", rule(as_document("web", web), Layout.FILES, "web"),
                        as_document("web", web), locked=False, vocabulary=Vocabulary())
        await pilot.pause()
        assert app.edits == []
        assert sources(app) == []
        assert form.query_one("#rule-mode", RadioSet).pressed_index == 1
        assert form.query_one(SourceRows).has_class("-ignored")
        assert form.target_value.value == "web"
        assert plain(form.query_one(".rule-title")) == "shop / web  inbound rule"


# -- outbound ----------------------------------------------------------------------------------

async def test_outbound_domain_and_ports() -> None:
    app = outbound_app(Layout.NETPOLS)
    async with app.run_test(size=(80, 24)) as pilot:
        form = app.form
        assert isinstance(form, OutboundForm)
        assert form.ports_input.value == "443/HTTPS, 80/HTTP"
        await pilot.press("end", "ctrl+u", *"cdn.example.org")
        await pilot.pause()
        expected = as_item("cdn", cdn_egress())
        expected["ruleType"]["egress"]["domain"] = "cdn.example.org"
        assert isinstance(app.last, OutboundForm.Edited)
        assert app.last.raw == expected
        assert app.last.field_key == "ruleType.egress.domain"

        await pilot.press("tab", "end", *["backspace"] * 9, *", 8x")
        await pilot.pause()
        assert list(app.last.form_errors) == ["ruleType.egress.ports"]
        assert "'8x' is not a port" in form.query_one("#ports-message", MessageLabel).message
        assert form.ports_input.has_class("-invalid")
        assert app.last.raw["ruleType"]["egress"]["ports"] == [
            {"number": 443, "protocol": "HTTPS"}
        ]
        await pilot.press("end", "ctrl+u")
        await pilot.pause()
        assert app.last.form_errors == {}
        assert app.last.raw["ruleType"]["egress"] == {"domain": "cdn.example.org"}


@pytest.mark.parametrize("layout", [Layout.FILES, Layout.NETPOLS])
async def test_outbound_findings_land_beside_their_fields(layout: Layout) -> None:
    app = outbound_app(layout)
    at = "spec.ruleType" if layout is Layout.FILES else "ruleType"
    async with app.run_test(size=(80, 24)) as pilot:
        form = app.form
        assert isinstance(form, OutboundForm)
        form.show_findings([finding(f"{at}.egress.domain", "ZT104"),
                            finding(f"{at}.egress.ports[1].number", "ZT105")])
        await pilot.pause()
        assert form.query_one("#domain-message", MessageLabel).message == (
            f"ZT104 message for {at}.egress.domain"
        )
        assert form.query_one("#ports-message", MessageLabel).message == (
            f"ZT105 message for {at}.egress.ports[1].number"
        )
        assert form.domain_input.has_class("-invalid") and form.ports_input.has_class("-invalid")


async def test_outbound_read_only_blocks_edits() -> None:
    app = outbound_app(locked=True)
    async with app.run_test(size=(80, 24)) as pilot:
        assert all(w.disabled for w in app.form.query(Input))
        await pilot.press("x", "tab", "y")
        await pilot.pause()
        assert app.edits == []


# -- snapshots ---------------------------------------------------------------------------------

async def _settled(pilot: Pilot[None]) -> None:
    await pilot.pause()


async def _allow_all_with_problems(pilot: Pilot[None]) -> None:
    """Allow all chosen, half a label typed in the second source, a finding on the target."""
    app = pilot.app
    assert isinstance(app, FormApp) and isinstance(app.form, InboundForm)
    await pilot.press("tab", "tab", "right", "enter", *["tab"] * 6, *"otomi.io/app")
    await pilot.pause()
    app.form.show_findings([finding("spec.ruleType.ingress.toLabelValue", "ZT111")],
                           app.last.form_errors)
    await pilot.pause()


class TestRuleFormSnapshots:
    def test_inbound(self, snap_compare: SnapCompare) -> None:
        assert snap_compare(inbound_app(), terminal_size=(80, 24), run_before=_settled)

    def test_inbound_allow_all_with_problems(self, snap_compare: SnapCompare) -> None:
        assert snap_compare(inbound_app(), terminal_size=(80, 24),
                            run_before=_allow_all_with_problems)

    def test_outbound(self, snap_compare: SnapCompare) -> None:
        assert snap_compare(outbound_app(), terminal_size=(80, 24), run_before=_settled)
