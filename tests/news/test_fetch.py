"""Fetching over real sockets: deadlines, size caps, redirects, address checks, validators."""

from __future__ import annotations

import socket
import time
from datetime import UTC, datetime, timedelta

import pytest

from enablement.news.fetch import FetchPolicy, address_allowed, fetch, retry_after_seconds
from tests.news import support
from tests.news.support import Reply, gzipped, rss, rss_item

# Fixtures shared by the news tests (a real feed server, an app with tiny deadlines).
feed_server = support.feed_server

OPEN = FetchPolicy(connect_timeout=1.0, read_timeout=1.0, total_timeout=2.0,
                   max_bytes=64 * 1024, allow_private=True, user_agent="EnablementHub/test")
FEED = rss(rss_item("Freight news", guid="1"))


def test_a_feed_is_fetched_with_our_headers(feed_server):
    feed_server.feed("/feed.xml", FEED, etag='W/"abc"', last_modified="Tue, 10 Jun 2025 GMT")
    result = fetch(feed_server.url("/feed.xml"), OPEN)
    assert (result.ok, result.status, result.body) == (True, 200, FEED)
    assert result.headers["etag"] == 'W/"abc"'  # header names lower-cased
    assert result.final_url == feed_server.url("/feed.xml")
    seen = feed_server.hits("/feed.xml")[0].headers
    assert seen["user-agent"] == "EnablementHub/test"
    assert "application/rss+xml" in seen["accept"] and "application/atom+xml" in seen["accept"]
    assert "if-none-match" not in seen


def test_validators_are_echoed_verbatim(feed_server):
    feed_server.feed("/feed.xml", FEED, etag='W/"abc"')
    result = fetch(feed_server.url("/feed.xml"), OPEN, etag='W/"abc"',
                   last_modified="Tue, 10 Jun 2025 04:00:00 GMT")
    assert (result.status, result.body, result.conditional) == (304, None, True)
    seen = feed_server.hits("/feed.xml")[0].headers
    assert seen["if-none-match"] == 'W/"abc"'
    assert seen["if-modified-since"] == "Tue, 10 Jun 2025 04:00:00 GMT"


# ---------------------------------------------------------------- servers that hang


def test_a_server_that_never_answers_hits_the_read_deadline(feed_server):
    feed_server.reply("/hang", Reply(200, FEED, delay=10))
    started = time.monotonic()
    result = fetch(feed_server.url("/hang"), OPEN)
    assert time.monotonic() - started < 2.5
    assert result.error == "the server stopped sending (read deadline 1 s)"


def test_a_server_that_drips_bytes_hits_the_total_deadline(feed_server):
    # Each byte comes well within the read deadline; only the total deadline can stop this.
    feed_server.reply("/drip", Reply(200, FEED, drip=0.05,
                                     headers={"Content-Type": "application/rss+xml"}))
    started = time.monotonic()
    result = fetch(feed_server.url("/drip"), OPEN)
    elapsed = time.monotonic() - started
    assert 1.9 < elapsed < 3.5  # the 2 s total deadline, give or take a busy machine
    assert result.error == "took longer than 2 s in total (total deadline)"
    assert result.body is None


def test_a_closed_port_is_a_network_error():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = fetch(f"http://127.0.0.1:{port}/feed.xml", OPEN)
    assert result.error.startswith("network error:")
    assert result.status is None


# ---------------------------------------------------------------- bodies that are too big


def test_a_declared_huge_body_is_refused_before_reading(feed_server):
    feed_server.reply("/huge", Reply(200, b"x" * (OPEN.max_bytes + 1)))
    result = fetch(feed_server.url("/huge"), OPEN)
    assert result.error == "the feed is larger than 0.0625 MiB (after decompression)"
    assert result.body is None


def test_an_undeclared_huge_body_is_counted_while_streaming(feed_server):
    # No Content-Length: the body runs until the server closes the connection.
    feed_server.reply("/stream", Reply(200, b"<rss>" + b"x" * (OPEN.max_bytes * 4),
                                       headers={"Content-Length": ""}))
    result = fetch(feed_server.url("/stream"), OPEN)
    assert "larger than" in result.error


def test_a_gzip_bomb_is_stopped_by_its_decompressed_size(feed_server):
    bomb = gzipped(b"<rss>" + b" " * (8 * 1024 * 1024))
    assert len(bomb) < 16 * 1024  # small on the wire ...
    feed_server.reply("/bomb", Reply(200, bomb, headers={"Content-Encoding": "gzip"}))
    started = time.monotonic()
    result = fetch(feed_server.url("/bomb"), OPEN)
    assert "larger than" in result.error  # ... far too big once inflated
    assert time.monotonic() - started < 2.0


def test_a_gzipped_feed_is_decompressed(feed_server):
    feed_server.reply("/gz", Reply(200, gzipped(FEED), headers={"Content-Encoding": "gzip"}))
    assert fetch(feed_server.url("/gz"), OPEN).body == FEED
    assert "gzip" in feed_server.hits("/gz")[0].headers["accept-encoding"]


def test_a_corrupt_gzip_body_is_an_error(feed_server):
    feed_server.reply("/bad-gz", Reply(200, b"\x1f\x8bnot really gzip",
                                       headers={"Content-Encoding": "gzip"}))
    assert fetch(feed_server.url("/bad-gz"), OPEN).error is not None


# ---------------------------------------------------------------- redirects


def _redirect(status: int, location: str) -> Reply:
    return Reply(status, b"", {"Location": location})


def test_permanent_redirects_are_reported(feed_server):
    feed_server.reply("/old", _redirect(301, "/older"))
    feed_server.reply("/older", _redirect(308, "/new"))
    feed_server.feed("/new", FEED)
    result = fetch(feed_server.url("/old"), OPEN)
    assert (result.status, result.body) == (200, FEED)
    assert result.permanent_url == feed_server.url("/new")
    assert result.final_url == feed_server.url("/new")


@pytest.mark.parametrize("status", [302, 303, 307])
def test_temporary_redirects_are_followed_and_not_reported(feed_server, status):
    feed_server.reply("/feed", _redirect(status, "/today"))
    feed_server.feed("/today", FEED)
    result = fetch(feed_server.url("/feed"), OPEN)
    assert (result.body, result.permanent_url) == (FEED, None)


def test_only_the_leading_permanent_hops_count_as_a_move(feed_server):
    feed_server.reply("/a", _redirect(302, "/b"))
    feed_server.reply("/b", _redirect(301, "/c"))
    feed_server.feed("/c", FEED)
    assert fetch(feed_server.url("/a"), OPEN).permanent_url is None


def test_at_most_five_redirects(feed_server):
    for i in range(7):
        feed_server.reply(f"/r{i}", _redirect(302, f"/r{i + 1}"))
    feed_server.feed("/r7", FEED)
    result = fetch(feed_server.url("/r0"), OPEN)
    assert result.error == "too many redirects (more than 5)"
    assert len(feed_server.requests) == 6
    feed_server.requests.clear()
    assert fetch(feed_server.url("/r2"), OPEN).body == FEED  # exactly five is fine


def test_redirect_loops_end(feed_server):
    feed_server.reply("/loop", _redirect(302, "/loop"))
    assert fetch(feed_server.url("/loop"), OPEN).error == "too many redirects (more than 5)"


@pytest.mark.parametrize("target", ["ftp://files.example/feed.xml", "file:///etc/passwd",
                                    "javascript:alert(1)"])
def test_redirects_to_other_schemes_are_refused(feed_server, target):
    feed_server.reply("/feed", _redirect(302, target))
    result = fetch(feed_server.url("/feed"), OPEN)
    assert result.error.startswith("refused to follow a redirect")


# ---------------------------------------------------------------- addresses


STRICT = FetchPolicy(connect_timeout=1.0, read_timeout=1.0, total_timeout=2.0)


def test_private_and_loopback_addresses_are_refused_by_default(feed_server):
    feed_server.feed("/feed.xml", FEED)
    result = fetch(feed_server.url("/feed.xml"), STRICT)
    assert result.error.startswith("refused: 127.0.0.1 resolves to 127.0.0.1")
    assert "NEWS_ALLOW_PRIVATE_NETWORKS=1" in result.error
    assert feed_server.requests == []  # never connected


def test_every_redirect_hop_is_checked(feed_server):
    # The first hop is allowed (an intranet feed host); it redirects to another loopback
    # address that is not: the poller refuses before connecting to it.
    policy = FetchPolicy(connect_timeout=1.0, read_timeout=1.0, total_timeout=2.0,
                         allowed_networks=("127.0.0.1/32",))
    feed_server.reply("/feed", _redirect(302, f"http://127.0.0.2:{feed_server.port}/metadata"))
    result = fetch(feed_server.url("/feed"), policy)
    assert result.error.startswith("refused: 127.0.0.2 resolves to 127.0.0.2")
    assert [seen.path for seen in feed_server.requests] == ["/feed"]


def _fake_dns(monkeypatch, answers):
    """A resolver whose answers change from one lookup to the next (DNS rebinding)."""
    calls = []

    def getaddrinfo(host, port, *args, **kwargs):
        if host != "feeds.rebind.test":
            return real(host, port, *args, **kwargs)
        ips = answers[min(len(calls), len(answers) - 1)]
        calls.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port)) for ip in ips]

    real = socket.getaddrinfo
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return calls


def test_dns_rebinding_cannot_slip_between_check_and_connect(feed_server, monkeypatch):
    # First answer: the allowed address; every later one: a forbidden address. The poller
    # resolves once, checks that answer, and connects to exactly the address it checked.
    calls = _fake_dns(monkeypatch, [["127.0.0.1"], ["169.254.169.254"]])
    policy = FetchPolicy(connect_timeout=1.0, read_timeout=1.0, total_timeout=2.0,
                         allowed_networks=("127.0.0.1/32",))
    feed_server.feed("/feed.xml", FEED)
    result = fetch(f"http://feeds.rebind.test:{feed_server.port}/feed.xml", policy)
    assert result.body == FEED
    assert calls == ["feeds.rebind.test"]


def test_a_host_with_any_forbidden_address_is_refused(feed_server, monkeypatch):
    _fake_dns(monkeypatch, [["127.0.0.1", "10.0.0.7"]])
    policy = FetchPolicy(connect_timeout=1.0, read_timeout=1.0, total_timeout=2.0,
                         allowed_networks=("127.0.0.1/32",))
    result = fetch(f"http://feeds.rebind.test:{feed_server.port}/feed.xml", policy)
    assert result.error.startswith("refused: feeds.rebind.test resolves to 10.0.0.7")
    assert feed_server.requests == []


def test_a_name_that_does_not_resolve_is_a_network_error():
    result = fetch("http://feeds.invalid/feed.xml", OPEN)
    assert result.error.startswith("network error:")


@pytest.mark.parametrize(("ip", "allowed"), [
    ("93.184.216.34", True),
    ("2606:2800:220:1:248:1893:25c8:1946", True),
    ("127.0.0.1", False), ("10.1.2.3", False), ("172.16.0.1", False), ("192.168.1.1", False),
    ("169.254.169.254", False),  # cloud metadata
    ("100.64.0.1", False),  # carrier-grade NAT
    ("0.0.0.0", False), ("224.0.0.1", False), ("::1", False), ("fe80::1", False),
    ("fd00:ec2::254", False), ("::ffff:127.0.0.1", False), ("::ffff:10.0.0.1", False),
])
def test_which_addresses_are_public(ip, allowed):
    assert address_allowed(ip, STRICT) is allowed


def test_allowing_private_networks_still_refuses_nonsense_addresses():
    assert address_allowed("10.0.0.1", OPEN) and address_allowed("::1", OPEN)
    assert not address_allowed("0.0.0.0", OPEN) and not address_allowed("224.0.0.1", OPEN)


# ---------------------------------------------------------------- status codes


def test_retry_after_is_read_from_429(feed_server):
    feed_server.reply("/busy", Reply(429, b"slow down", {"Retry-After": "120"}))
    result = fetch(feed_server.url("/busy"), OPEN)
    assert (result.ok, result.status, result.retry_after, result.body) == (True, 429, 120.0, None)


def test_retry_after_as_a_date():
    now = datetime(2025, 6, 10, 12, 0, tzinfo=UTC)
    later = (now + timedelta(hours=2)).strftime("%a, %d %b %Y %H:%M:%S GMT")
    assert retry_after_seconds(later, now.timestamp()) == 7200
    assert retry_after_seconds("Mon, 01 Jan 2001 00:00:00 GMT", now.timestamp()) == 0
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds(None) is None
