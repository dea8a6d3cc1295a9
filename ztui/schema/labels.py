"""Kubernetes label names and values: accepted as the API server accepts them, refused with the fix.

A later-layout rule (spec 5) selects its pods by one label (`toLabelName: toLabelValue`) and may
narrow a source to pods with one label (`fromLabelName: fromLabelValue`). The chart copies them
into a NetworkPolicy's selectors, and the API server refuses a policy whose label is malformed,
which breaks the team's whole release. So they are held to Kubernetes' own rules:

- a label name is a qualified name: an optional prefix, a DNS subdomain of at most 253
  characters (lower case) and a `/`, then a name part of at most 63 letters, digits, `-`, `_`
  and `.`, starting and ending with a letter or digit (`otomi.io/app`, `app`,
  `serving.knative.dev/service`);
- a label value is empty, or at most 63 characters of that same set, starting and ending with a
  letter or digit.

Every refusal is one phrase that says what to write instead, as for egress domains.
"""

from __future__ import annotations

import re

#: A DNS subdomain: dot-separated lower-case DNS labels.
DNS_SUBDOMAIN = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*")
MAX_PREFIX = 253
MAX_PART = 63
_NOT_LABEL_CHAR = re.compile(r"[^-A-Za-z0-9_.]")
_CHARS = "letters, digits, '-', '_' and '.'"


def label_name_problem(text: str) -> str | None:
    """What to do about `text` as a label name (one phrase), or None when it is fine."""
    if not text:
        return "a label name is empty: write one, such as otomi.io/app"
    if text.count("/") > 1:
        return "a label name has at most one '/', between its prefix and its name " \
               "(as in otomi.io/app)"
    prefix, slash, name = text.rpartition("/")
    if slash:
        problem = _prefix_problem(prefix, name)
        if problem is not None:
            return problem
    return _part_problem(name, "name")


def label_value_problem(text: str) -> str | None:
    """What to do about `text` as a label value (one phrase), or None when it is fine."""
    return None if text == "" else _part_problem(text, "value")


def is_label_name(text: str) -> bool:
    return label_name_problem(text) is None


def is_label_value(text: str) -> bool:
    return label_value_problem(text) is None


def _prefix_problem(prefix: str, name: str) -> str | None:
    if not prefix:
        return f"the prefix before '/' is empty: write {name} alone, or a domain prefix " \
               f"such as otomi.io/{name}"
    if len(prefix) > MAX_PREFIX:
        return f"the prefix has {len(prefix)} characters: at most {MAX_PREFIX}"
    if DNS_SUBDOMAIN.fullmatch(prefix):
        return None
    if DNS_SUBDOMAIN.fullmatch(prefix.lower()):
        return f"write the prefix in lower case: {prefix.lower()}/{name}"
    return f"the prefix {prefix} must be a DNS subdomain (lower-case letters, digits, '-' " \
           "and '.'), such as otomi.io"


def _part_problem(part: str, what: str) -> str | None:
    if not part:
        return f"the {what} after '/' is empty: write one, such as otomi.io/app"
    if len(part) > MAX_PART:
        return f"the label {what} has {len(part)} characters: at most {MAX_PART}"
    bad = _NOT_LABEL_CHAR.search(part)
    if bad is not None:
        return f"remove {bad.group(0)!r}: a label {what} takes only {_CHARS}"
    if not (part[0].isalnum() and part[-1].isalnum()):
        return f"a label {what} must start and end with a letter or digit"
    return None
