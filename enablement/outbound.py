"""Outgoing HTTP that reaches only addresses we may reach, in bounded time and space.

The news poller fetches feeds and webhooks post deliveries through the same checked connections:

- the host is resolved here, refused if *any* address it resolves to is private, loopback,
  link-local, or otherwise not global (unless allowed), IPv6 forms that carry such an IPv4
  address included (mapped, compatible, NAT64, 6to4, Teredo), and then the socket connects to
  exactly the address that was checked, so a DNS answer that changes between the check and the
  connection (rebinding) cannot slip through. TLS still verifies the certificate for the host;
- `guarded()` gives a whole exchange one total deadline: a watchdog shuts its sockets down when it
  runs out, so a server dripping one byte at a time cannot hold a worker;
- `read_capped()` reads at most a given number of bytes after decompression, counted while
  streaming.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError

CHUNK = 64 * 1024
DEFAULT_TOTAL_TIMEOUT = 30.0


class BlockedAddress(Exception):
    """The host resolves to an address we may not reach."""


class TooLarge(Exception):
    """The response is longer than the caller reads."""


@dataclass(frozen=True)
class Reach:
    """Which addresses a kind of outgoing request may reach, and the setting that widens it."""

    allow_private: bool = False
    allowed_networks: tuple[str, ...] = ()  # CIDRs reachable even when private ones are not
    setting: str = "NEWS_ALLOW_PRIVATE_NETWORKS"  # named when an address is refused
    what: str = "feeds"


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


def address_allowed(ip: str, policy: Reach) -> bool:
    """Whether we may connect to `ip`: only if every address it reaches may be reached."""
    address = ipaddress.ip_address(ip.split("%")[0])
    return all(_reachable(reached, policy) for reached in embedded_addresses(address))


def _reachable(address, policy: Reach) -> bool:
    if policy.allow_private:
        return not address.is_unspecified and not address.is_multicast
    if any(address in ipaddress.ip_network(net, strict=False) for net in policy.allowed_networks):
        return True
    return address.is_global and not address.is_multicast and address not in _NAT64_LOCAL


_resolver = ThreadPoolExecutor(max_workers=4, thread_name_prefix="outbound-dns")


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


class Guard:
    """The policy and deadline of the fetch running on this thread, and its open sockets."""

    def __init__(self, policy: Reach, deadline: float):
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


def _guard() -> Guard:
    guard = getattr(_current, "guard", None)
    if guard is None:  # used outside guarded(): the strict default, with a short deadline
        guard = Guard(Reach(), time.monotonic() + DEFAULT_TOTAL_TIMEOUT)
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
                    f"set {guard.policy.setting}=1 to allow such {guard.policy.what}")
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


@contextmanager
def guarded(reach: Reach, total_timeout: float) -> Iterator[Guard]:
    """Run the requests made on this thread inside one total deadline and under `reach`'s
    address rule; each should use a session of its own (`new_session`), so every socket it
    reads from was opened, and checked, under this guard."""
    guard = Guard(reach, time.monotonic() + total_timeout)
    watchdog = threading.Timer(total_timeout, guard.expire)
    watchdog.daemon = True
    _current.guard = guard
    watchdog.start()
    try:
        yield guard
    finally:
        watchdog.cancel()
        _current.guard = None


def read_capped(response: requests.Response, max_bytes: int) -> bytes:
    """The body of a streamed response, refused (TooLarge) past `max_bytes` after decompression."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and not response.headers.get("content-encoding") and \
            int(declared) > max_bytes:
        raise TooLarge()
    chunks: list[bytes] = []
    size = 0
    for chunk in response.raw.stream(CHUNK, decode_content=True):
        size += len(chunk)
        if size > max_bytes:
            raise TooLarge()
        chunks.append(chunk)
    return b"".join(chunks)


def describe_error(error: BaseException, connect_timeout: float, read_timeout: float) -> str:
    """What went wrong on the network, in words an admin can act on."""
    if isinstance(error, requests.exceptions.ConnectTimeout):
        return f"connecting timed out (deadline {connect_timeout:g} s)"
    if isinstance(error, requests.exceptions.ReadTimeout | TimeoutError):
        return f"the server stopped sending (read deadline {read_timeout:g} s)"
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
