"""The manifests the selection renders, as highlighted YAML, re-rendered as the person types.

A service's preview has two parts, its own manifests and then its team's defaults. A keystroke
changes only the first, so the second is neither serialised nor highlighted again (highlighting
is the most expensive step of a keystroke); the text is drawn by `YamlView`, which renders only
the lines on screen.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Label

from ztui.render.labels import Manifest
from ztui.render.text import to_yaml
from ztui.ui.text import literal, printable
from ztui.ui.widgets.yaml_view import YamlView, highlight_yaml

#: A part of the preview: a heading (written as a `#` comment) and its manifests.
Part = tuple[str, list[Manifest]]


class Preview(Vertical):
    """What `ztui render` would print for the selection, one part per heading."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self._caption = ""
        self._parts: list[Part] = []
        self._texts: list[str] = []
        self._highlighted: list[Content] = []

    def compose(self) -> ComposeResult:
        yield Label("", id="preview-caption", classes="caption")
        yield YamlView(id="preview-yaml")

    @property
    def text(self) -> str:
        """The YAML stream shown (what `y` copies): `# heading` comments and documents."""
        return "".join(self._texts)

    def show_manifests(self, caption: str, parts: list[Part]) -> None:
        """Show each part as a `# heading` comment followed by its manifests."""
        if caption != self._caption:
            self._caption = caption
            self.query_one("#preview-caption", Label).update(literal(caption))
        if parts == self._parts:
            return
        texts: list[str] = []
        highlighted: list[Content] = []
        for index, part in enumerate(parts):
            if index < len(self._parts) and part == self._parts[index]:
                texts.append(self._texts[index])
                highlighted.append(self._highlighted[index])
                continue
            heading, manifests = part
            body = to_yaml(manifests) if manifests else "# renders nothing of its own\n"
            text = f"# {printable(heading)}\n{body}"
            texts.append(text)
            # YAML escapes control characters but writes bidi overrides as they are: show
            # every line with both made visible (the copied text stays the real YAML).
            shown = "\n".join(printable(line) for line in text.removesuffix("\n").split("\n"))
            highlighted.append(highlight_yaml(shown))
        self._parts, self._texts, self._highlighted = list(parts), texts, highlighted
        self.query_one(YamlView).show_parts(highlighted)

    def show_note(self, note: str) -> None:
        """No manifests to show (nothing selected, or the repo is still being read)."""
        self.show_manifests(note, [])

    def focus_text(self) -> None:
        """Put the cursor in the YAML (arrows and page keys scroll it)."""
        self.query_one(YamlView).focus()
