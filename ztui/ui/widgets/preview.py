"""The manifests the selection renders, as highlighted YAML, re-rendered as the person types.

A service's preview has two parts, its own manifests and then its team's defaults. A keystroke
changes only the first, so the second is neither serialised nor highlighted again; the text is
drawn by `YamlView`, which renders only the lines on screen and redraws only the lines that
changed.

Highlighting the whole part was the most expensive step of a keystroke (1.5-2 ms of a 16 ms
budget). A keystroke changes a line or two of the part, so those lines are highlighted on their
own and the others are reused. YAML's lexer has context (a line inside a block scalar or a
multi-line string lexes differently alone); the manifests are written one scalar per line, so
a line alone almost always lexes as in context, and `EXACT_AFTER` seconds after the last change
the part is highlighted whole again and any line that came out differently is redrawn.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Label

from ztui.render.labels import Manifest
from ztui.render.text import to_yaml
from ztui.ui import keyframe
from ztui.ui.text import literal, printable
from ztui.ui.widgets.yaml_view import YamlView, highlight_yaml

#: A part of the preview: a heading (written as a `#` comment) and its manifests.
Part = tuple[str, list[Manifest]]

#: Seconds after the last change before lines highlighted alone are checked in context.
EXACT_AFTER = 0.25


def _shown(line: str) -> str:
    # YAML escapes control characters but writes bidi overrides as they are: show every line
    # with both made visible (the copied text stays the real YAML).
    return printable(line)


def _highlight_lines(lines: list[str]) -> list[Content]:
    """The lines highlighted together, in context (one Content per line)."""
    return highlight_yaml("\n".join(_shown(line) for line in lines)).split("\n")


class Preview(Vertical):
    """What `ztui render` would print for the selection, one part per heading."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self._caption = ""
        self._parts: list[Part] = []
        self._texts: list[str] = []
        #: Each part's lines, and their highlighting (same length).
        self._lines: list[list[str]] = []
        self._highlighted: list[list[Content]] = []
        #: Parts with lines highlighted alone, to be highlighted whole when typing pauses.
        self._inexact: set[int] = set()
        self._exact_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Label("", id="preview-caption", classes="caption")
        yield YamlView(id="preview-yaml")

    @property
    def text(self) -> str:
        """The YAML stream shown (what `y` copies): `# heading` comments and documents."""
        return "".join(self._texts)

    def show_manifests(self, caption: str, parts: list[Part]) -> None:
        """Show each part as a `# heading` comment followed by its manifests.

        Then the screen may paint: a field's echo waits for this (`ztui.ui.keyframe`).
        """
        try:
            self._show(caption, parts)
        finally:
            keyframe.release_after(self.query_one(YamlView))

    def _show(self, caption: str, parts: list[Part]) -> None:
        if caption != self._caption:
            self._caption = caption
            self.query_one("#preview-caption", Label).update(literal(caption))
        if parts == self._parts:
            return
        same_heading = [
            index < len(self._parts) and part[0] == self._parts[index][0]
            for index, part in enumerate(parts)
        ]
        texts: list[str] = []
        lines_of: list[list[str]] = []
        highlighted: list[list[Content]] = []
        inexact: set[int] = set()
        for index, part in enumerate(parts):
            if index < len(self._parts) and part == self._parts[index]:
                texts.append(self._texts[index])
                lines_of.append(self._lines[index])
                highlighted.append(self._highlighted[index])
                if index in self._inexact:
                    inexact.add(index)
                continue
            heading, manifests = part
            body = to_yaml(manifests) if manifests else "# renders nothing of its own\n"
            text = f"# {printable(heading)}\n{body}"
            lines = text.removesuffix("\n").split("\n")
            texts.append(text)
            lines_of.append(lines)
            old = self._lines[index] if same_heading[index] else None
            if old is not None and len(old) == len(lines):
                # The same part edited: highlight only the lines that changed, alone.
                before = self._highlighted[index]
                highlighted.append([
                    before[n] if line == old[n] else highlight_yaml(_shown(line))
                    for n, line in enumerate(lines)
                ])
                inexact.add(index)
            else:
                highlighted.append(_highlight_lines(lines))
        self._parts, self._texts, self._lines = list(parts), texts, lines_of
        self._highlighted, self._inexact = highlighted, inexact
        self.query_one(YamlView).show_parts(highlighted, typing=bool(inexact))
        if self._exact_timer is not None:
            self._exact_timer.stop()
            self._exact_timer = None
        if inexact:
            self._exact_timer = self.set_timer(EXACT_AFTER, self._highlight_exactly)

    def _highlight_exactly(self) -> None:
        """Highlight the parts whose lines were highlighted alone again, whole (and give the
        view its exact width back)."""
        self._exact_timer = None
        for index in sorted(self._inexact):
            self._highlighted[index] = _highlight_lines(self._lines[index])
        self._inexact = set()
        self.query_one(YamlView).show_parts(self._highlighted)

    def show_note(self, note: str) -> None:
        """No manifests to show (nothing selected, or the repo is still being read)."""
        self.show_manifests(note, [])

    def focus_text(self) -> None:
        """Put the cursor in the YAML (arrows and page keys scroll it)."""
        self.query_one(YamlView).focus()
