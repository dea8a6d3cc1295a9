"""The egress domain rule: a table of what it accepts and the fix it gives, and a property.

Why a property: the table can only list the mistakes we thought of. Whatever the rule lets
through is rendered into Istio hosts and Kubernetes names, so it must be an IP address or a
strict FQDN (optionally `*.`-prefixed) and never carry whitespace.
"""

from __future__ import annotations

import ipaddress
import re
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ztui.schema.domain import domain_problem, is_domain

STRICT_FQDN = re.compile(
    r"^(\*\.)?([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"
)

#: The chart's own "is an IP address" patterns (spec 3.3), as Go applies them: whole string.
CHART_ADDRESS = r"(?:[0-9]{1,3}\.){3}[0-9]{1,3}|([a-f0-9:]+:+)+[a-f0-9]+"

VALID = [
    "httpbin.org",
    "*.example.com",
    "116.203.255.68",
    "2001:db8::10",
    "xn--bcher-kva.example",
    "api.stripe.com",
    "a.b.c.d.example.io",
    "1.2.3.4",
    "255.255.255.255",
    "::1",
    "2001:0db8:0000:0000:0000:0000:0000:0001",
    "x1.co",
    "a-b.example.com",
    "a" * 63 + ".com",
    "example.com1",
]

INVALID = [
    ("foo bar", "remove the spaces"),
    (" httpbin.org", "remove the spaces around it: write httpbin.org"),
    ("https://x.com", "remove the scheme https:// (write x.com)"),
    ("http://x.com:8080/api", "remove the scheme http:// (write x.com)"),
    ("x.com:443", "put the port under ports"),
    ("x.com:443", "remove the port :443"),
    ("10.0.0.0/8", "CIDR ranges are not supported"),
    ("2001:db8::/32", "CIDR ranges are not supported"),
    ("x.com/path", "remove the path /path"),
    ("2001:DB8::1", "write IPv6 in lower case: 2001:db8::1"),
    ("::ffff:1.2.3.4", "use the plain IPv4 address 1.2.3.4"),
    ("::ffff:102:304", "use the plain IPv4 address 1.2.3.4"),
    ("64:ff9b::1.2.3.4", "write the IPv6 address in hex only: 64:ff9b::102:304"),
    ("fe80::1%eth0", "remove the zone id %eth0"),
    ("[2001:db8::1]:443", "write the address without brackets: 2001:db8::1"),
    ("2001:db8::", "write 2001:db8::0"),
    ("::", "the unspecified address"),
    ("0.0.0.0", "the unspecified address"),
    ("*.", "a wildcard needs a domain"),
    ("*", "a wildcard needs a domain"),
    ("*.com", "would match a whole top-level domain"),
    ("*foo.com", "the wildcard * may only be the whole first label"),
    ("foo.*.com", "the wildcard * may only be the whole first label"),
    ("a..b", "a label is empty"),
    (".x.com", "a label is empty"),
    ("-a.com", "the label -a starts or ends with a hyphen"),
    ("a-.com", "the label a- starts or ends with a hyphen"),
    ("x.com.", "remove the trailing dot: write x.com"),
    ("256.1.1.1", "is not an IPv4 address: each of the four numbers must be 0..255"),
    ("01.2.3.4", "without leading zeros"),
    ("1.2.3", "is neither an IPv4 address (four numbers 0..255) nor a domain name"),
    ("1.2.3.4.5", "is neither an IPv4 address"),
    ("x.123", "the top-level label 123 is a number"),
    ("localhost", "localhost is a single label, which resolves inside the cluster"),
    ("Example.COM", "write the domain in lower case: example.com"),
    ("bücher.example", "write internationalized names in punycode: xn--bcher-kva.example"),
    ("foo_bar.com", "remove '_'"),
    ("a" * 64 + ".com", "has 64 characters: at most 63"),
    (".".join(["a" * 60] * 5), "the domain has 304 characters: at most 253"),
    ("", "the domain is empty"),
    ("x\x1b[31m.com", "remove the control characters"),
    ("gggg::1", "gggg::1 is not a valid IPv6 address"),
    ("a:b", "a domain has no ':'"),
    ("httpbin.org\n", "remove the spaces around it: write httpbin.org"),
    ("1.2.3.4\n", "remove the spaces around it: write 1.2.3.4"),
]


@pytest.mark.parametrize("domain", VALID)
def test_valid_domains_are_accepted(domain: str) -> None:
    assert domain_problem(domain) is None
    assert is_domain(domain)


@pytest.mark.parametrize(("domain", "fix"), INVALID)
def test_invalid_domains_give_the_fix(domain: str, fix: str) -> None:
    problem = domain_problem(domain)
    assert problem is not None and fix in problem, problem
    assert not is_domain(domain)


def _accepted_shape(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
        return True
    except ValueError:
        return bool(STRICT_FQDN.fullmatch(text)) and len(text) <= 253


_PIECES = st.sampled_from(
    ["a", "b", "z", "0", "9", "-", ".", "*", ":", "/", "%", "_", " ", "\t", "A", "F", "ü",
     "xn--", "com", "::", "ffff", "1.2.3.4", "[", "]", "255", "256", "db8", "\n"]
)
_MESSY = st.lists(_PIECES, max_size=12).map("".join)
_LABELS = st.text(alphabet=string.ascii_lowercase + string.digits + "-", min_size=1, max_size=64)
_NAMES = st.lists(_LABELS, min_size=1, max_size=5).map(".".join)
_WILD = _NAMES.map(lambda name: "*." + name)
_IPS = st.one_of(st.ip_addresses(v=4), st.ip_addresses(v=6)).map(str)


@settings(max_examples=600)
@given(st.one_of(_MESSY, _NAMES, _WILD, _IPS, st.text(max_size=30)))
def test_whatever_is_accepted_is_an_ip_or_a_strict_fqdn(text: str) -> None:
    problem = domain_problem(text)
    if problem is None:
        assert _accepted_shape(text), text
        assert not any(ch.isspace() for ch in text)
    else:
        assert problem and "\n" not in problem


@given(_IPS)
def test_addresses_the_chart_recognizes_are_accepted(text: str) -> None:
    address = ipaddress.ip_address(text)
    mapped = isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None
    if mapped or address.is_unspecified or ("." in text and ":" in text):
        assert not is_domain(text)
    elif re.fullmatch(CHART_ADDRESS, text):
        assert is_domain(text), domain_problem(text)
