"""What the highlighted finding's code means and how to fix it: `ztui explain`, in the TUI.

A code and a one-line message say what is wrong; the paragraph under the Problems list says why
it matters (for example that an AllowOnly rule naming a podSelector-overridden service admits
nothing), so nobody has to leave the app to look a code up.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from ztui.codes import CODES
from ztui.model import Finding


class ProblemDetail(Static):
    """The explanation of one finding's code, or a hint while none is highlighted."""

    HINT = "Highlight a problem to read what its code means; enter goes to the field."

    def on_mount(self) -> None:
        self.show(None)

    def show(self, finding: Finding | None) -> None:
        """Explain `finding`'s code (the text is ztui's own, never a file's)."""
        code = CODES.get(finding.code) if finding is not None else None
        if code is None:
            self.update(Text(self.HINT, style="italic"))
            return
        text = Text()
        text.append(f"{code.code} ", style="bold")
        text.append(f"({code.severity.value}) {code.title}\n", style="bold")
        text.append(code.explanation)
        self.update(text)
