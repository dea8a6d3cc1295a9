"""The chart's string rules for ServiceEntries: hostName mangling and the IP-or-DNS decision."""

from __future__ import annotations

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ztui.model import EgressRule, Port, Service, Team
from ztui.render import render_team
from ztui.render.egress import (
    IPV4_PATTERN,
    IPV6_PATTERN,
    host_name,
    is_ip,
    looks_like_ipv6,
    service_entry_name,
)


@pytest.mark.parametrize(
    ("domain", "expected"),
    [
        ("httpbin.org", "httpbin-org"),
        ("*.example.com", "example-com"),
        ("116.203.255.68", "116-203-255-68"),
        ("2001:db8::10", "2001-db8-10"),
        ("::1", "-1"),
        # `::` before `:`: three colons are `::` then `:`, two dashes.
        ("a:::b", "a--b"),
        ("10.0.0.0/8", "10-0-0-0-8"),
        # Only one leading `*.` goes; a `*` elsewhere stays (validation rejects it).
        ("*.*.example.com", "*-example-com"),
    ],
)
def test_host_name(domain: str, expected: str) -> None:
    assert host_name(domain) == expected


def test_service_entry_name() -> None:
    assert service_entry_name("a1", "c1", "*.example.com") == "a1-c1-example-com"


@pytest.mark.parametrize(
    ("domain", "expected"),
    [
        ("116.203.255.68", True),
        ("999.1.1.1", True),  # the chart's regex does not check ranges
        ("1.2.3", False),
        ("1.2.3.4\n", False),  # Go's `$` does not match before a trailing newline
        ("2001:db8::10", True),
        ("::1", True),
        ("dead:beef", True),  # hex with a colon is an IP to the chart
        ("2001:DB8::10", False),  # upper case: DNS to the chart (validation rejects it)
        ("::ffff:1.2.3.4", False),  # IPv4-mapped: DNS to the chart (validation rejects it)
        ("fe80::1%eth0", False),  # zone id: DNS to the chart (validation rejects it)
        ("2001:db8::", False),  # the chart's regex needs a hex digit at the end
        (":1", False),
        ("example.com", False),
        ("*.example.com", False),
        ("", False),
    ],
)
def test_is_ip(domain: str, expected: bool) -> None:
    assert is_ip(domain) is expected


@given(st.text(alphabet="abf09:.xg%\n", max_size=14))
def test_ipv6_check_decides_the_chart_regex(domain: str) -> None:
    chart = IPV6_PATTERN.fullmatch(domain) is not None
    assert looks_like_ipv6(domain) is chart


@given(st.text(alphabet="0123456789.:a\n", max_size=18))
def test_is_ip_is_the_union_of_the_chart_regexes(domain: str) -> None:
    chart = IPV4_PATTERN.fullmatch(domain) is not None or IPV6_PATTERN.fullmatch(domain)
    assert is_ip(domain) is bool(chart)


def test_near_miss_domain_is_decided_in_linear_time() -> None:
    # The chart's IPv6 regex backtracks exponentially on this in Python's engine.
    domain = "a:" * 20_000 + "!"
    started = time.perf_counter()
    assert not is_ip(domain)
    service = Service("a1", "c1", egress=(EgressRule(domain, (Port(443, "TCP"),)),))
    render_team(Team("a1", services=[service]))
    assert time.perf_counter() - started < 1.0
