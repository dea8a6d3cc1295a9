"""What a file is wrapped in (BOM, line ends) and the files ztui refuses to patch at all.

Edits work on the decoded text without a BOM and with `\\n` line ends; the envelope puts the
BOM and CRLF back, so a CRLF file gains CRLF lines and a file without a final newline keeps
none. Whole-file refusals are checked once, when a document is opened for editing: line ends
that mix CRLF and LF (no single style to write), tab indentation (YAML forbids it; where it
"works" it means different things to different readers), Helm templates (`{{` is not YAML
until rendered), several documents in one file, and SOPS files (ciphertext, never written).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from yaml.nodes import MappingNode, Node, ScalarNode

from ztui.repo.patch_errors import RefusedEdit, refuse

BOM: Final = "\ufeff"
_TAB_INDENT: Final = re.compile(r"^ *\t", re.MULTILINE)
#: Characters YAML 1.1 also takes as line breaks; line arithmetic here counts only `\n`.
_OTHER_BREAKS: Final = re.compile("[\x85\u2028\u2029]")


@dataclass(frozen=True, slots=True)
class Envelope:
    """A file's BOM and line end, put back around edited text."""

    bom: str = ""
    newline: str = "\n"

    def wrap(self, body: str) -> str:
        """The file's text for an edited `body` (which uses `\\n` line ends)."""
        if self.newline != "\n":
            body = body.replace("\n", self.newline)
        return self.bom + body


def open_envelope(text: str, file: str) -> tuple[Envelope, str]:
    """The envelope of `text` and its body; refused when its line ends are mixed."""
    bom = BOM if text.startswith(BOM) else ""
    body = text[len(bom) :]
    crlf, lf, cr = body.count("\r\n"), body.count("\n"), body.count("\r")
    if cr != crlf:
        pos = next(i for i, ch in enumerate(body) if ch == "\r" and body[i + 1 : i + 2] != "\n")
        raise refuse(file, body, pos, "a carriage return without a line feed")
    if crlf and crlf != lf:
        pos = next(i for i, ch in enumerate(body) if ch == "\n" and body[i - 1 : i] != "\r")
        raise refuse(file, body, pos, "the file mixes CRLF and LF line ends")
    if crlf:
        return Envelope(bom, "\r\n"), body.replace("\r\n", "\n")
    return Envelope(bom, "\n"), body


def check_text(body: str, file: str) -> None:
    """Refuse text ztui does not patch: tab indentation, templates, unusual line breaks."""
    found = _TAB_INDENT.search(body)
    if found:
        raise refuse(file, body, found.start(), "tab indentation")
    template = body.find("{{")
    if template >= 0:
        raise refuse(file, body, template, "a Helm template ({{ ... }}) is not plain YAML")
    other = _OTHER_BREAKS.search(body)
    if other:
        raise refuse(file, body, other.start(), "an unusual line break character (NEL, LS or PS)")


def check_root(root: Node | None, body: str, file: str) -> None:
    """Refuse a SOPS-encrypted document (a top-level `sops:` key)."""
    if not isinstance(root, MappingNode):
        return
    for key, _ in root.value:
        if isinstance(key, ScalarNode) and key.value == "sops":
            raise refuse(file, body, key.start_mark.index, "a SOPS-encrypted file is never edited")


def several_documents(file: str, line: int) -> RefusedEdit:
    """The refusal for a file holding more than one YAML document (the second at `line`)."""
    return RefusedEdit(f"{file}:{line}: several YAML documents in one file")
