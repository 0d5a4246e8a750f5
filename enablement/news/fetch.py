"""Fetching a feed over HTTP in bounded time and space, only from addresses we may reach.

feedparser's own fetching has no timeout and no size cap, so the poller fetches here and hands
bytes to the parser. Every request of a fetch:

- has a connect deadline, a read deadline and one total deadline for the whole fetch (a watchdog
  shuts the socket down when the total runs out, so a server dripping one byte at a time cannot
  hold a worker);
- reads at most `max_bytes` after decompression, counted while streaming;
- follows at most `max_redirects` redirects, http and https only;
- connects only through enablement/outbound.py's checked connections: no private, loopback or
  link-local address unless allowed, and no DNS rebinding between the check and the connection.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

from enablement.outbound import (  # noqa: F401  (address_allowed: the poller's rule, tested here)
    BlockedAddress,
    Reach,
    TooLarge,
    address_allowed,
    describe_error,
    guarded,
    new_session,
    read_capped,
)

MEGABYTE = 1024 * 1024
ACCEPT = ("application/atom+xml, application/rss+xml, application/rdf+xml;q=0.9, "
          "application/xml;q=0.8, text/xml;q=0.8, */*;q=0.1")
REDIRECTS = (301, 302, 303, 307, 308)
PERMANENT = (301, 308)


@dataclass(frozen=True)
class FetchPolicy(Reach):
    """How a feed is fetched; which addresses it may reach comes from Reach (allow_private,
    allowed_networks)."""

    connect_timeout: float = 5.0
    read_timeout: float = 15.0
    total_timeout: float = 30.0
    max_bytes: int = 10 * MEGABYTE
    max_redirects: int = 5
    user_agent: str = "EnablementHub"


@dataclass
class FetchResult:
    url: str
    final_url: str = ""
    status: int | None = None
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names
    permanent_url: str | None = None  # where the leading 301/308 hops lead
    error: str | None = None
    retry_after: float | None = None  # seconds, from a 429/503
    elapsed: float = 0.0
    conditional: bool = False  # sent If-None-Match / If-Modified-Since

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def body_hash(self) -> str | None:
        return hashlib.sha256(self.body).hexdigest() if self.body is not None else None


# ---------------------------------------------------------------- fetching


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None or when.tzinfo is None:
        return None
    return max(when.timestamp() - (now if now is not None else time.time()), 0.0)


def _describe(error: BaseException, policy: FetchPolicy) -> str:
    return describe_error(error, policy.connect_timeout, policy.read_timeout)


def fetch(url: str, policy: FetchPolicy, *, etag: str | None = None,
          last_modified: str | None = None) -> FetchResult:
    """GET a feed; never raises for anything the network or the server does.

    Each fetch has a session of its own, so every socket it reads from was opened (and checked)
    under its own deadline.
    """
    started = time.monotonic()
    session = new_session()
    result = FetchResult(url=url)
    try:
        with guarded(policy, policy.total_timeout) as guard:
            _fetch(url, policy, guard, session, result, etag, last_modified)
    finally:
        session.close()
        result.elapsed = time.monotonic() - started
    return result


def _fetch(url, policy, guard, session, result, etag, last_modified) -> None:
    headers = {"User-Agent": policy.user_agent, "Accept": ACCEPT}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    result.conditional = bool(etag or last_modified)
    current = url
    permanent_chain = True
    hops = 0
    while True:
        parts = urlsplit(current)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            result.error = f"refused to follow a redirect to {current[:200]} (http and https only)"
            return
        response = None
        try:
            remaining = guard.remaining()
            if remaining <= 0:
                raise TimeoutError
            response = session.get(
                current, headers=headers, stream=True, allow_redirects=False,
                timeout=(min(policy.connect_timeout, remaining), policy.read_timeout))
            result.status = response.status_code
            result.final_url = current
            result.headers = {k.lower(): v for k, v in response.headers.items()}
            if response.status_code in REDIRECTS and "location" in result.headers:
                hops += 1
                if hops > policy.max_redirects:
                    result.error = f"too many redirects (more than {policy.max_redirects})"
                    return
                target = urljoin(current, result.headers["location"].strip())
                if response.status_code in PERMANENT and permanent_chain:
                    result.permanent_url = target
                else:
                    permanent_chain = False
                current = target
                continue
            if response.status_code == 200:
                body = read_capped(response, policy.max_bytes)
                if guard.expired:  # the watchdog cut the body short; it only looks complete
                    raise TimeoutError("total deadline passed")
                result.body = body
            elif response.status_code in (429, 503):
                result.retry_after = retry_after_seconds(result.headers.get("retry-after"))
            return
        except BlockedAddress as error:
            result.error = f"refused: {error}"
            return
        except TooLarge:
            result.error = (f"the feed is larger than {policy.max_bytes / MEGABYTE:g} MiB "
                            "(after decompression)")
            result.body = None
            return
        except Exception as error:  # anything the network does is a per-feed error
            result.body = None
            if guard.expired or guard.remaining() <= 0:
                result.error = (f"took longer than {policy.total_timeout:g} s in total "
                                "(total deadline)")
            else:
                result.error = _describe(error, policy)
            return
        finally:
            if response is not None:
                response.close()
