"""A read-only, highlighted view of YAML text that draws only the lines on screen.

The preview changes on every keystroke and can run to hundreds of lines. A Static would lay out
and render all of them each time; this widget uses Textual's line API instead: the text is
highlighted once per change (Textual's highlighter, theme-variable styles), split into lines,
and each line becomes a Strip only when it is first drawn (`LazyLines`).
"""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Size
from textual.highlight import highlight

from ztui.ui.widgets.line_view import LazyLines

#: While typing, the virtual width grows in steps of this many columns, so typing a long host
#: redraws the scrollbars (and the screen's update from them down to the bottom row) once per
#: step, not on every keystroke; the exact width comes back when typing pauses.
WIDTH_STEP = 16


class YamlView(LazyLines):
    """Highlighted YAML, scrollable both ways, focusable for keyboard scrolling."""

    DEFAULT_CSS = """
    YamlView {
        background: $background;
    }
    """

    def show_parts(self, parts: list[list[Content]], *, typing: bool = False) -> None:
        """Show the concatenation of parts of already highlighted lines (`typing`: more
        changes are coming, so the virtual width may round up to a `WIDTH_STEP`).

        Only the lines that differ are redrawn (a keystroke changes one or two): a refresh of
        the whole view makes the screen update cover every widget beside it.
        """
        old = self._lines
        self._lines = lines = [line for part in parts for line in part]
        width = max((line.cell_length for line in lines), default=0)
        if typing:
            width = -(-width // WIDTH_STEP) * WIDTH_STEP
        self._resize(Size(width, len(lines)))
        if len(lines) != len(old):
            self._strips.clear()
            self.refresh()
            return
        top = self.scroll_offset.y
        bottom = top + self.scrollable_content_region.height
        for index, (before, after) in enumerate(zip(old, lines, strict=True)):
            if before.plain != after.plain or before.spans != after.spans:
                self._strips.pop(index, None)
                if top <= index < bottom:
                    self.refresh_line(index)

    def _resize(self, size: Size) -> None:
        """Set the virtual size without a layout of the whole screen, unless a scrollbar
        comes or goes (which changes this view's own region).

        Assigning `virtual_size` asks for a layout of the screen each time it changes: on a
        keystroke that makes the longest line longer, that was most of the time to paint. The
        view's size comes from the stylesheet, not from its text, so only its scrollbars
        (Textual's `_scroll_update`: their visibility, ranges and the clamped offsets) can
        depend on the text.
        """
        if size == self.virtual_size:
            return
        shown = (self.show_horizontal_scrollbar, self.show_vertical_scrollbar)
        self.set_reactive(YamlView.virtual_size, size)
        if not self.is_mounted or not self.container_size:
            self.refresh(layout=True)
            return
        self._scroll_update(size)
        if (self.show_horizontal_scrollbar, self.show_vertical_scrollbar) != shown:
            self.refresh(layout=True)


def highlight_yaml(text: str) -> Content:
    """YAML text with Textual's syntax highlighting (styles are theme variables)."""
    return highlight(text, language="yaml")
