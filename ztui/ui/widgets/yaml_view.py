"""A read-only, highlighted view of YAML text that draws only the lines on screen.

The preview changes on every keystroke and can run to hundreds of lines. A Static would lay out
and render all of them each time; this widget uses Textual's line API instead: the text is
highlighted once per change (Textual's highlighter, theme-variable styles), split into lines,
and each line becomes a Strip only when it is first drawn.
"""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Size
from textual.highlight import highlight
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual


class YamlView(ScrollView):
    """Highlighted YAML, scrollable both ways, focusable for keyboard scrolling."""

    DEFAULT_CSS = """
    YamlView {
        background: $background;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self._lines: list[Content] = []
        self._strips: dict[int, Strip] = {}

    def show_parts(self, parts: list[Content]) -> None:
        """Show the concatenation of already highlighted parts (one per `highlight_yaml`)."""
        self._lines = [line for part in parts for line in part.split("\n")]
        self._strips.clear()
        width = max((line.cell_length for line in self._lines), default=0)
        self.virtual_size = Size(width, len(self._lines))
        self.refresh()

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


def highlight_yaml(text: str) -> Content:
    """YAML text with Textual's syntax highlighting (styles are theme variables)."""
    return highlight(text, language="yaml")
