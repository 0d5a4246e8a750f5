"""The poller's address check: every IPv6 form that reaches a private IPv4 address is refused."""

from __future__ import annotations

import socket

import pytest

from enablement.news.fetch import FetchPolicy, address_allowed, fetch

STRICT = FetchPolicy(connect_timeout=1.0, read_timeout=1.0, total_timeout=2.0)
OPEN = FetchPolicy(connect_timeout=1.0, read_timeout=1.0, total_timeout=2.0, allow_private=True)
INTRANET = FetchPolicy(connect_timeout=1.0, read_timeout=1.0, total_timeout=2.0,
                       allowed_networks=("10.20.0.0/16",))


@pytest.mark.parametrize(("ip", "allowed"), [
    # IPv4-compatible (::a.b.c.d, deprecated): judged as the IPv4 address it carries
    ("::127.0.0.2", False), ("::10.0.0.1", False), ("::169.254.169.254", False),
    ("::8.8.8.8", True),
    # IPv4-mapped and IPv4-translated (SIIT)
    ("::ffff:127.0.0.1", False), ("::ffff:0:7f00:1", False), ("::ffff:0:a9fe:a9fe", False),
    ("::ffff:8.8.8.8", True), ("::ffff:0:808:808", True),
    # NAT64, well-known prefix: the gateway connects to the IPv4 address in the last 32 bits
    ("64:ff9b::7f00:1", False), ("64:ff9b::127.0.0.2", False), ("64:ff9b::a9fe:a9fe", False),
    ("64:ff9b::c0a8:101", False), ("64:ff9b::808:808", True),
    # NAT64 for local use: where the IPv4 address sits is the operator's choice
    ("64:ff9b:1::a00:1", False), ("64:ff9b:1:ffff::808:808", False),
    # 6to4: the relay delivers to the IPv4 address in bits 16-48
    ("2002:7f00:1::1", False), ("2002:a00:1::1", False), ("2002:808:808::1", True),
    # Teredo (2001::/32): never a feed host
    ("2001:0:4136:e378:8000:63bf:80ff:fffe", False),
    # plain IPv6 stays as it was
    ("::1", False), ("::", False), ("fe80::1", False), ("fd00::1", False),
    ("2606:2800:220:1:248:1893:25c8:1946", True),
])
def test_which_addresses_the_poller_may_reach(ip, allowed):
    assert address_allowed(ip, STRICT) is allowed


@pytest.mark.parametrize(("ip", "allowed"), [
    ("10.20.1.5", True), ("::ffff:10.20.1.5", True), ("64:ff9b::a14:105", True),
    ("::10.20.1.5", True), ("10.21.0.1", False), ("64:ff9b::a15:1", False),
])
def test_allowed_networks_count_for_the_ipv4_address_inside(ip, allowed):
    assert address_allowed(ip, INTRANET) is allowed


@pytest.mark.parametrize(("ip", "allowed"), [
    ("64:ff9b::7f00:1", True), ("::127.0.0.2", True), ("::ffff:0.0.0.0", False),
    ("64:ff9b::e000:1", False), ("::1", True),
])
def test_allowing_private_networks_still_refuses_nonsense_inside(ip, allowed):
    assert address_allowed(ip, OPEN) is allowed


def test_a_host_resolving_to_a_nat64_address_of_loopback_is_refused_before_connecting(
        monkeypatch):
    def getaddrinfo(host, port, *args, **kwargs):
        return [(socket.AF_INET6, socket.SOCK_STREAM, 6, "", ("64:ff9b::7f00:1", port, 0, 0))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    connected = []
    monkeypatch.setattr(socket.socket, "connect",
                        lambda sock, address: connected.append(address))
    result = fetch("http://feeds.nat64.test/feed.xml", STRICT)
    assert result.error.startswith("refused: feeds.nat64.test resolves to 64:ff9b::7f00:1")
    assert connected == []
