"""A read-only, scrollable view of styled lines that draws only the lines on screen.

The commit review's diff of a big edit runs to thousands of lines, and the Reach tab of a
service that every team may reach lists a line per source. A Static would lay out all of them;
`LazyLines` keeps the lines as `Content` and turns each into a Strip only when it is first
drawn. `LineView` shows any text that way (diffs, reach lists); `YamlView` (the preview) adds
redrawing only the lines a keystroke changed.
"""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Size
from textual.highlight import highlight
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual

from ztui.ui.text import printable


class LazyLines(ScrollView):
    """Lines of `Content` in `_lines`, each made a Strip when first drawn and kept in
    `_strips` by line index until a subclass changes that line (or the style changes)."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self._lines: list[Content] = []
        self._strips: dict[int, Strip] = {}

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        style = self.get_visual_style()
        if index >= len(self._lines):
            return Strip.blank(width, style.rich_style)
        strip = self._strips.get(index)
        if strip is None:
            line = self._lines[index]
            rendered = Visual.to_strips(self, line, max(line.cell_length, 1), 1, style)
            strip = rendered[0] if rendered else Strip.blank(1, style.rich_style)
            self._strips[index] = strip
        return strip.crop_extend(scroll_x, scroll_x + width, style.rich_style)


class LineView(LazyLines, can_focus=True):
    """Styled lines, scrollable both ways, focusable for keyboard scrolling."""

    DEFAULT_CSS = """
    LineView {
        background: $background;
        text-wrap: nowrap;  /* each line is drawn at its own width: wrapping ate indentation */
    }
    """

    @property
    def plain(self) -> str:
        """The text shown, without styles (what tests and copy read)."""
        return "\n".join(line.plain for line in self._lines)

    def show_lines(self, lines: list[Content], *, home: bool = True) -> None:
        """Replace the lines; back at the top unless `home` is False (the same subject again)."""
        self._lines = lines
        self._strips.clear()
        width = max((line.cell_length for line in lines), default=0)
        self.virtual_size = Size(width, len(lines))
        if home:
            self.scroll_to(0, 0, animate=False)
        self.refresh()


def diff_lines(text: str) -> list[Content]:
    """Unified diff text (from files: controls made visible) highlighted with the diff lexer.

    Tabs are expanded first: a Strip of one line must not hold a tab whose width depends on
    where the line is drawn.
    """
    if not text:
        return []
    shown = "\n".join(printable(line.expandtabs(8)) for line in text.removesuffix("\n").split("\n"))
    return list(highlight(shown, language="diff").split("\n"))
