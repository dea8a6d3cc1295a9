"""The custom JSON Schema formats of ztui's schemas, and the finding code of each.

A format is checked by a function that says what to do about a value (one phrase) or None, so
the schema engine (`ztui.schema.engine`) and the messages (`ztui.schema.messages`) share one
table: the engine accepts what the function accepts, and the message is the function's phrase.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from ztui.schema.domain import domain_problem
from ztui.schema.labels import label_name_problem, label_value_problem

#: Egress domains (`ztui.schema.domain`), Kubernetes label names and values (`labels`).
DOMAIN_FORMAT = "otomi-domain"
LABEL_NAME_FORMAT = "k8s-label-name"
LABEL_VALUE_FORMAT = "k8s-label-value"


class Format(NamedTuple):
    """A format's finding code and its check: the fix in words, or None when the value is fine."""

    code: str
    problem: Callable[[str], str | None]


FORMATS: dict[str, Format] = {
    DOMAIN_FORMAT: Format("ZT104", domain_problem),
    LABEL_NAME_FORMAT: Format("ZT111", label_name_problem),
    LABEL_VALUE_FORMAT: Format("ZT111", label_value_problem),
}
