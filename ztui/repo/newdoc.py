"""The text of a new one-document file (a rule, a team's settings), laid out like its siblings.

In the file-per-rule layout every rule and every team's settings is a file of its own. A new
one should look as if the team had written it: each key where a sibling file has it (`kind`,
`metadata`, `spec`, in the sibling's order), the same indent steps and dash columns, the same
quotes on the same fields, the same BOM and line ends. The sibling is read through the patch
layer's samples (`ztui.repo.patch_sample`), so a new file and a new list item are styled by
the same code. Without any sibling, the defaults of that code apply (two-space steps, dashes
indented under their key).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import yaml

from ztui.repo.patch_envelope import Envelope, open_envelope
from ztui.repo.patch_errors import PatchError
from ztui.repo.patch_sample import NodeSample, measure_style
from ztui.repo.patch_source import Source, compose
from ztui.repo.yamlstyle import Style, Value, Writer, ordered


def sibling_source(root: Path, candidates: Iterable[str]) -> tuple[Envelope, Source] | None:
    """The first candidate file (repo-relative) that reads as one YAML mapping, parsed."""
    for rel in candidates:
        try:
            text = (root / rel).read_text(encoding="utf-8")
            envelope, body = open_envelope(text, rel)
            node = compose(body)
        except (OSError, UnicodeDecodeError, PatchError, yaml.YAMLError):
            continue
        if isinstance(node, yaml.MappingNode) and node.value:
            return envelope, Source(body, node, rel)
    return None


def document_text(data: dict[str, Value], sibling: tuple[Envelope, Source] | None) -> str:
    """`data` as the text of a whole file, written the way `sibling` is (if any)."""
    if sibling is None:
        writer, sample, envelope, start = Writer(Style()), None, Envelope(), ""
    else:
        envelope, src = sibling
        assert src.root is not None
        writer = Writer(measure_style(src, [], src.root))
        sample = NodeSample(src, src.root, None)
        start = "---\n" if src.text.startswith("---") else ""
    lines = [
        line
        for key, value in ordered(data, sample)
        for line in writer.entry(key, value, 0, sample.child(key) if sample else None)
    ]
    return envelope.wrap(start + "\n".join(lines) + "\n")
