"""Egress domains: accepted only when Otomi renders them as meant, rejected with the fix in words.

Otomi's own schema pattern lets `foo bar` through, and its chart decides "IP address or DNS
name" with two regular expressions (spec 3.3). A value that misses them (upper-case IPv6, an
IPv4-mapped IPv6 address, a zone id) silently becomes a DNS ServiceEntry that never matches,
and a value Istio or Kubernetes refuse (a scheme, a port suffix, a path, an underscore) breaks
the team's whole release. So a domain is accepted only when it is one of:

- an IPv4 address in dotted-quad form (what `ipaddress` accepts: no leading zeros);
- a lower-case IPv6 address, hex only, that the chart's IPv6 pattern recognizes;
- a fully qualified domain name: two or more labels of lower-case letters, digits and hyphens
  (1-63 characters, no hyphen at either end), at most 253 characters, and a top-level label
  that is not all digits (`1.2.3` is neither an address nor a name);
- `*.` followed by such a name.

Decisions: single-label names (`localhost`, `db`) are rejected. Istio would accept them, but a
short name resolves inside the cluster, so it is not a public endpoint and has no place in an
egress allow list. Upper case in a DNS name is rejected too: the ServiceEntry's name is built
from the domain, and Kubernetes names are lower case. A trailing dot is rejected with the fix,
because the chart would put it into the ServiceEntry name. The unspecified addresses (`0.0.0.0`,
`::`) are rejected: they are not endpoints.

Every rejection is one phrase that says what to write instead, because the person reading it
is usually typing into a form field.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable

LABEL = r"[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?"
#: What an accepted DNS domain looks like (the length and numeric-TLD rules are checked apart).
FQDN = re.compile(rf"^(?:\*\.)?(?:{LABEL}\.)+{LABEL}$")
MAX_DOMAIN = 253
#: The chart's tests for "this is an IP address" (spec 3.3). Every pattern here is used with
#: `fullmatch`: Python's `$` also matches before a final newline, Go's and ECMA's do not.
CHART_IPV4 = re.compile(r"^(?:[0-9]{1,3}\.){3}[0-9]{1,3}$")
CHART_IPV6 = re.compile(r"^([a-f0-9:]+:+)+[a-f0-9]+$")

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
_PORT_SUFFIX = re.compile(r"^(.+):([0-9]+)$")
_LABEL_CHARS = re.compile(r"[^A-Za-z0-9-]")

Check = Callable[[str], str | None]


def is_domain(text: str) -> bool:
    """True when `text` is an egress domain that Otomi renders as meant."""
    return domain_problem(text) is None


def domain_problem(text: str) -> str | None:
    """What to do about `text` as an egress domain (one phrase), or None when it is fine."""
    if _accepted(text):
        return None
    for check in _CHECKS:
        problem = check(text)
        if problem is not None:
            return problem
    return "write a domain name (api.example.com), a wildcard (*.example.com) or an IP address"


def _accepted(text: str) -> bool:
    if CHART_IPV4.fullmatch(text) or CHART_IPV6.fullmatch(text):
        return _address_problem(text) is None
    if FQDN.fullmatch(text):
        return len(text) <= MAX_DOMAIN and not text.rsplit(".", 1)[1].isdigit()
    return False


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _address_problem(text: str) -> str | None:
    """For a string that parses as an IP address: None when the chart renders it as one."""
    address = _address(text)
    if address is None:
        if CHART_IPV4.fullmatch(text):
            return _ipv4_problem(text)
        return f"{text} is not an IP address"
    if address.is_unspecified:
        return f"{address} is the unspecified address, not an endpoint: write the real address"
    if isinstance(address, ipaddress.IPv4Address):
        return None
    mapped = address.ipv4_mapped
    if mapped is not None:
        return f"use the plain IPv4 address {mapped} (the chart takes an IPv4-mapped IPv6 " \
               "address for a DNS name)"
    if text != text.lower():
        return f"write IPv6 in lower case: {text.lower()} (the chart takes upper-case IPv6 " \
               "for a DNS name)"
    if "." in text:
        return f"write the IPv6 address in hex only: {address} (the chart does not recognize " \
               "an embedded IPv4 part)"
    if not CHART_IPV6.fullmatch(text):
        return f"write {text}0: the chart only recognizes an IPv6 address that ends in a digit"
    return None


def _ipv4_problem(text: str) -> str:
    return f"{text} is not an IPv4 address: each of the four numbers must be 0..255, " \
           "without leading zeros"


def _empty(text: str) -> str | None:
    return "the domain is empty: write a host name such as api.example.com" if not text else None


def _whitespace(text: str) -> str | None:
    if not any(ch.isspace() or not ch.isprintable() for ch in text):
        return None
    if text.strip() != text and text.strip() and _accepted(text.strip()):
        return f"remove the spaces around it: write {text.strip()}"
    if any(ch.isspace() for ch in text):
        return "remove the spaces: a domain has no whitespace"
    return "remove the control characters: a domain takes only letters, digits, hyphens and dots"


def _scheme(text: str) -> str | None:
    found = _SCHEME.match(text)
    if found is None:
        return None
    rest = text[found.end():].split("/", 1)[0]
    port = _PORT_SUFFIX.fullmatch(rest)
    host = port.group(1) if port else rest
    return f"remove the scheme {found.group(1)}:// (write {host})"


def _brackets(text: str) -> str | None:
    if not text.startswith("["):
        return None
    inner = text[1:].split("]", 1)[0]
    return f"write the address without brackets: {inner} (ports go under ports)"


def _slash(text: str) -> str | None:
    head, slash, tail = text.partition("/")
    if not slash:
        return None
    if _address(head) is not None and tail.isdigit():
        return f"CIDR ranges are not supported: Otomi's egress rules take single addresses " \
               f"(write {head} or list each address)"
    return f"remove the path /{tail}: an egress rule names a host only (write {head})"


def _zone(text: str) -> str | None:
    head, percent, zone = text.partition("%")
    if not percent:
        return None
    return f"remove the zone id %{zone}: it names a local interface, not a public endpoint " \
           f"(write {head})"


def _colon(text: str) -> str | None:
    if ":" not in text:
        return None
    if _address(text) is not None:
        return _address_problem(text)
    port = _PORT_SUFFIX.fullmatch(text)
    if port is not None and ":" not in port.group(1):
        return f"remove the port :{port.group(2)} and put the port under ports " \
               f"(write {port.group(1)})"
    if text.count(":") > 1:
        return f"{text} is not a valid IPv6 address"
    return "a domain has no ':': write a host name, and put the port under ports"


def _numeric(text: str) -> str | None:
    if not re.fullmatch(r"[0-9.]+", text):
        return None
    if CHART_IPV4.fullmatch(text):
        return _address_problem(text)
    return f"{text} is neither an IPv4 address (four numbers 0..255) nor a domain name"


def _wildcard(text: str) -> str | None:
    if "*" not in text:
        return None
    if text in ("*", "*."):
        return "a wildcard needs a domain: write *.example.com"
    if not text.startswith("*.") or "*" in text[2:]:
        return "the wildcard * may only be the whole first label, as in *.example.com"
    return None


def _case(text: str) -> str | None:
    if text == text.lower() or not _accepted(text.lower()):
        return None
    return f"write the domain in lower case: {text.lower()} (Kubernetes names built from it " \
           "are lower case)"


def _unicode(text: str) -> str | None:
    if text.isascii():
        return None
    try:
        encoded = text.lower().encode("idna").decode("ascii")
    except UnicodeError:
        return "a domain takes only ASCII letters, digits and hyphens"
    return f"write internationalized names in punycode: {encoded}"


def _dots(text: str) -> str | None:
    if text.endswith(".") and _accepted(text[:-1]):
        return f"remove the trailing dot: write {text[:-1]}"
    if "" in _labels(text):
        return "a label is empty: remove the extra dot (two dots in a row, or one at an end)"
    return None


def _label_rules(text: str) -> str | None:
    for label in _labels(text):
        if len(label) > 63:
            return f"the label {label[:20]}... has {len(label)} characters: at most 63"
        bad = _LABEL_CHARS.search(label)
        if bad is not None:
            return f"remove {bad.group(0)!r}: a domain label takes only letters, digits " \
                   "and hyphens"
        if label.startswith("-") or label.endswith("-"):
            return f"the label {label} starts or ends with a hyphen"
    return None


def _shape(text: str) -> str | None:
    labels = _labels(text)
    if len(labels) == 1 and text.startswith("*."):
        return f"{text} would match a whole top-level domain: name a domain under it"
    if len(labels) == 1:
        return f"{text} is a single label, which resolves inside the cluster: write the fully " \
               "qualified name of the public host (such as api.example.com)"
    if len(text) > MAX_DOMAIN:
        return f"the domain has {len(text)} characters: at most {MAX_DOMAIN}"
    if labels[-1].isdigit():
        return f"the top-level label {labels[-1]} is a number: write a domain name or an " \
               "IPv4 address"
    return None


def _labels(text: str) -> list[str]:
    return (text[2:] if text.startswith("*.") else text).split(".")


#: In order: the first check that names a problem wins, so the most telling fix comes first.
_CHECKS: tuple[Check, ...] = (
    _empty, _whitespace, _scheme, _brackets, _slash, _zone, _colon, _numeric, _wildcard,
    _case, _unicode, _dots, _label_rules, _shape,
)


def host_key(domain: str) -> str:
    """What makes two egress domains one host: IP addresses by value, names in any case."""
    if ":" in domain or domain[-1:].isdigit():
        try:
            return str(ipaddress.ip_address(domain))
        except ValueError:
            pass
    return domain.lower().rstrip(".")


def entry_name(team_id: str, owner: str, domain: str) -> str:
    """The ServiceEntry name Otomi renders for an egress domain of a service or a rule (spec
    3.3 and 5: `<team>-<service or rule>-<host>`)."""
    host = domain.removeprefix("*.")
    for old in (".", "::", ":", "/"):
        host = host.replace(old, "-")
    return f"{team_id}-{owner}-{host}"


#: The ranges where a cluster lives, with what to call each: an egress rule to one of them opens
#: the cluster's own network (lint ZT303).
INTERNAL_RANGES: tuple[tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, str], ...] = tuple(
    (ipaddress.ip_network(net), kind) for net, kind in (
        ("10.0.0.0/8", "private"), ("172.16.0.0/12", "private"), ("192.168.0.0/16", "private"),
        ("127.0.0.0/8", "loopback"), ("169.254.0.0/16", "link-local"),
        ("fc00::/7", "private"), ("::1/128", "loopback"), ("fe80::/10", "link-local"),
    )
)


def internal_range(
    domain: str,
) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, str] | None:
    """The private, loopback or link-local range `domain` (an IP address) is in, or None."""
    address = _address(domain)
    if address is None:
        return None
    for network, kind in INTERNAL_RANGES:
        if address.version == network.version and address in network:
            return network, kind
    return None


def internal_address_note(domain: str) -> str | None:
    """Where an internal address `domain` points, in words (for lint ZT303), or None."""
    found = internal_range(domain)
    if found is None:
        return None
    network, kind = found
    metadata = " (the cloud metadata service)" if domain == "169.254.169.254" else ""
    return f"{domain}{metadata} is in {network} ({kind}), where the cluster itself lives"
