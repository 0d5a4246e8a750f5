"""Fetching a feed over HTTP in bounded time and space, only from addresses we may reach.

feedparser's own fetching has no timeout and no size cap, so the poller fetches here and hands
bytes to the parser. Every request of a fetch:

- has a connect deadline, a read deadline and one total deadline for the whole fetch (a watchdog
  shuts the socket down when the total runs out, so a server dripping one byte at a time cannot
  hold a worker);
- reads at most `max_bytes` after decompression, counted while streaming;
- follows at most `max_redirects` redirects, http and https only;
- resolves the host itself, refuses it if *any* address it resolves to is private, loopback,
  link-local, or otherwise not global (unless allowed), IPv6 forms that carry such an IPv4
  address included (mapped, compatible, NAT64, 6to4, Teredo), and then connects to exactly the
  address it checked, so a DNS answer that changes between the check and the connection
  (rebinding) cannot slip through. TLS still verifies the certificate for the host name.
"""

from __future__ import annotations

import hashlib
import ipaddress
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError

MEGABYTE = 1024 * 1024
ACCEPT = ("application/atom+xml, application/rss+xml, application/rdf+xml;q=0.9, "
          "application/xml;q=0.8, text/xml;q=0.8, */*;q=0.1")
REDIRECTS = (301, 302, 303, 307, 308)
PERMANENT = (301, 308)
CHUNK = 64 * 1024


class BlockedAddress(Exception):
    """The host resolves to an address the poller may not reach."""


@dataclass(frozen=True)
class FetchPolicy:
    connect_timeout: float = 5.0
    read_timeout: float = 15.0
    total_timeout: float = 30.0
    max_bytes: int = 10 * MEGABYTE
    max_redirects: int = 5
    allow_private: bool = False
    allowed_networks: tuple[str, ...] = ()  # CIDRs reachable even when private ones are not
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


# ---------------------------------------------------------------- addresses


# IPv6 prefixes whose last 32 bits are an IPv4 address the packet is delivered or translated to:
# such an address is judged as that IPv4 address (`::127.0.0.2` is loopback, whatever
# `ipaddress` thinks of the IPv6 form).
_IPV4_IN_LAST_32_BITS = tuple(ipaddress.ip_network(net) for net in (
    "::/96",  # IPv4-compatible, deprecated (RFC 4291); :: and ::1 themselves are not
    "::ffff:0:0/96",  # IPv4-mapped
    "::ffff:0:0:0/96",  # IPv4-translated (SIIT, RFC 2765)
    "64:ff9b::/96",  # NAT64, the well-known prefix (RFC 6052)
))
# NAT64 for local use (RFC 8215): the IPv4 address sits where the operator chose, so the
# whole prefix is treated as private.
_NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")


def embedded_addresses(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> list:
    """Every address a connection to `address` reaches: itself, or the IPv4 address it carries
    (IPv4-mapped, -compatible, -translated, NAT64), plus those of 6to4 and Teredo tunnels."""
    if address.version == 4:
        return [address]
    if int(address) > 1 and any(address in net for net in _IPV4_IN_LAST_32_BITS):
        return [ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)]
    tunnelled = [address.sixtofour, *(address.teredo or ())]
    return [address, *(inner for inner in tunnelled if inner is not None)]


def address_allowed(ip: str, policy: FetchPolicy) -> bool:
    """Whether the poller may connect to `ip`: only if every address it reaches may be reached."""
    address = ipaddress.ip_address(ip.split("%")[0])
    return all(_reachable(reached, policy) for reached in embedded_addresses(address))


def _reachable(address, policy: FetchPolicy) -> bool:
    if policy.allow_private:
        return not address.is_unspecified and not address.is_multicast
    if any(address in ipaddress.ip_network(net, strict=False) for net in policy.allowed_networks):
        return True
    return address.is_global and not address.is_multicast and address not in _NAT64_LOCAL


_resolver = ThreadPoolExecutor(max_workers=4, thread_name_prefix="news-dns")


def resolve(host: str, port: int, timeout: float) -> list[tuple[int, str]]:
    """(family, address) for `host`, within `timeout` (getaddrinfo itself has no timeout)."""
    try:
        ipaddress.ip_address(host)
        literal = True
    except ValueError:
        literal = False

    def lookup():
        return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)

    if literal:
        infos = lookup()
    else:
        try:
            infos = _resolver.submit(lookup).result(timeout=max(timeout, 0.01))
        except TimeoutError:
            raise TimeoutError(f"resolving {host} took longer than {timeout:g} s") from None
    seen: dict[str, int] = {}
    for family, _, _, _, sockaddr in infos:
        seen.setdefault(sockaddr[0], family)
    return [(family, ip) for ip, family in seen.items()]


class _Guard:
    """The policy and deadline of the fetch running on this thread, and its open sockets."""

    def __init__(self, policy: FetchPolicy, deadline: float):
        self.policy = policy
        self.deadline = deadline
        self.sockets: list[socket.socket] = []
        self.expired = False
        self.lock = threading.Lock()

    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    def register(self, sock: socket.socket) -> None:
        with self.lock:
            if self.expired:
                raise TimeoutError("total deadline passed")
            self.sockets.append(sock)

    def expire(self) -> None:
        with self.lock:
            self.expired = True
            for sock in self.sockets:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


_current = threading.local()


def _guard() -> _Guard:
    guard = getattr(_current, "guard", None)
    if guard is None:  # used outside fetch(): the strict default, with the usual deadlines
        guard = _Guard(FetchPolicy(), time.monotonic() + FetchPolicy().total_timeout)
    return guard


class _CheckedConnectionMixin:
    """Connect only to an address that passed the check, the one that was checked."""

    def _new_conn(self) -> socket.socket:
        guard = _guard()
        host = self._dns_host
        timeout = self.timeout if isinstance(self.timeout, int | float) else None
        budget = min(t for t in (timeout, guard.remaining()) if t is not None)
        try:
            addresses = resolve(host, self.port, budget)
        except socket.gaierror as error:
            raise NewConnectionError(self, f"could not resolve {host}: {error}") from error
        except TimeoutError as error:
            raise ConnectTimeoutError(self, str(error)) from error
        for _, ip in addresses:
            if not address_allowed(ip, guard.policy):
                raise BlockedAddress(
                    f"{host} resolves to {ip}, a private, loopback or link-local address; "
                    "set NEWS_ALLOW_PRIVATE_NETWORKS=1 to allow such feeds")
        last_error: OSError | None = None
        for family, ip in addresses:
            sock = socket.socket(family, socket.SOCK_STREAM)
            try:
                guard.register(sock)
                for option in self.socket_options or ():
                    sock.setsockopt(*option)
                sock.settimeout(max(min(budget, guard.remaining()), 0.001))
                sock.connect((ip, self.port))
                return sock
            except TimeoutError as error:
                sock.close()
                raise ConnectTimeoutError(
                    self, f"connecting to {host} ({ip}) timed out") from error
            except OSError as error:
                sock.close()
                last_error = error
        raise NewConnectionError(self, f"could not connect to {host}: {last_error}")


class CheckedHTTPConnection(_CheckedConnectionMixin, HTTPConnection):
    pass


class CheckedHTTPSConnection(_CheckedConnectionMixin, HTTPSConnection):
    pass


class CheckedHTTPConnectionPool(HTTPConnectionPool):
    ConnectionCls = CheckedHTTPConnection


class CheckedHTTPSConnectionPool(HTTPSConnectionPool):
    ConnectionCls = CheckedHTTPSConnection


class CheckedAdapter(HTTPAdapter):
    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": CheckedHTTPConnectionPool, "https": CheckedHTTPSConnectionPool}


def new_session() -> requests.Session:
    """A session whose every connection goes through the address check."""
    session = requests.Session()
    session.trust_env = False  # no proxies from the environment: they would skip the check
    adapter = CheckedAdapter(max_retries=0)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


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
    if isinstance(error, requests.exceptions.ConnectTimeout):
        return f"connecting timed out (deadline {policy.connect_timeout:g} s)"
    if isinstance(error, requests.exceptions.ReadTimeout | TimeoutError):
        return f"the server stopped sending (read deadline {policy.read_timeout:g} s)"
    if isinstance(error, requests.exceptions.SSLError):
        return f"TLS error: {error}"
    if isinstance(error, requests.exceptions.ContentDecodingError):
        return "the compressed body could not be decoded"
    if isinstance(error, requests.exceptions.ConnectionError):
        reason = error.args[0] if error.args else error
        reason = getattr(reason, "reason", reason)
        text = str(reason)
        if isinstance(reason, NewConnectionError):  # drop urllib3's "<Connection(host=…)>: "
            text = text.split("): ", 1)[-1]
        return f"network error: {text}"
    return f"{type(error).__name__}: {error}"


def _read_body(response: requests.Response, policy: FetchPolicy) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and not response.headers.get("content-encoding") and \
            int(declared) > policy.max_bytes:
        raise _TooLarge()
    chunks: list[bytes] = []
    size = 0
    for chunk in response.raw.stream(CHUNK, decode_content=True):
        size += len(chunk)
        if size > policy.max_bytes:
            raise _TooLarge()
        chunks.append(chunk)
    return b"".join(chunks)


class _TooLarge(Exception):
    pass


def fetch(url: str, policy: FetchPolicy, *, etag: str | None = None,
          last_modified: str | None = None) -> FetchResult:
    """GET a feed; never raises for anything the network or the server does.

    Each fetch has a session of its own, so every socket it reads from was opened (and checked)
    under its own deadline.
    """
    started = time.monotonic()
    guard = _Guard(policy, started + policy.total_timeout)
    watchdog = threading.Timer(policy.total_timeout, guard.expire)
    watchdog.daemon = True
    session = new_session()
    result = FetchResult(url=url)
    _current.guard = guard
    watchdog.start()
    try:
        _fetch(url, policy, guard, session, result, etag, last_modified)
    finally:
        watchdog.cancel()
        _current.guard = None
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
                body = _read_body(response, policy)
                if guard.expired:  # the watchdog cut the body short; it only looks complete
                    raise TimeoutError("total deadline passed")
                result.body = body
            elif response.status_code in (429, 503):
                result.retry_after = retry_after_seconds(result.headers.get("retry-after"))
            return
        except BlockedAddress as error:
            result.error = f"refused: {error}"
            return
        except _TooLarge:
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
