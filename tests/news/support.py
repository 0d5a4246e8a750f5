"""Shared by the news tests: a real HTTP server on 127.0.0.1 serving feeds, and feed builders.

No mocks of the HTTP layer: the poller talks to this server over real sockets. Routes can answer
slowly, drip bytes, redirect, compress, fail, or check conditional requests.
"""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from flask import g

from enablement.extensions import db
from tests.conftest import make_app

FEEDS = Path(__file__).parent.parent / "data" / "feeds"

MARKETS_YAML = """\
markets:
  construction:
    name: Construction
    query: 'construction OR contractor* OR OSHA OR "building permit"'
  healthcare:
    name: Healthcare
    query: '(hospital* OR "health system" OR HIPAA) -"pet health"'
  logistics:
    name: Logistics
    query: 'freight OR "cold storage" OR warehous*'
suppress: '"sponsored content" OR title:webinar'
"""


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # before the status line
    drip: float = 0.0  # seconds between single bytes of the body


@dataclass
class Seen:
    path: str
    headers: dict[str, str]


class FeedServer:
    """A threaded HTTP server with programmable routes; records every request it gets."""

    def __init__(self, host: str = "127.0.0.1"):
        self.host = host
        self.active = 0  # requests being answered right now
        self.most_active = 0
        self.busy: list[tuple[float, float]] = []  # (start, end) of each request's wait
        self.routes: dict[str, Callable[[Seen], Reply]] = {}
        self.requests: list[Seen] = []
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def do_GET(self):  # noqa: N802 - http.server's naming
                seen = Seen(self.path, {k.lower(): v for k, v in self.headers.items()})
                server.requests.append(seen)
                route = server.routes.get(self.path.split("?")[0])
                reply = route(seen) if route else Reply(404, b"not here")
                # Count requests in progress until the answer starts: a client can only send
                # its next request after that, so two at once means two clients at once.
                with server.lock:
                    server.active += 1
                    server.most_active = max(server.most_active, server.active)
                started = time.monotonic()
                try:
                    if reply.delay and server.stopping.wait(reply.delay):
                        return
                finally:
                    with server.lock:
                        server.active -= 1
                        server.busy.append((started, time.monotonic()))
                try:
                    self.send_response(reply.status)
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    if "Content-Length" not in reply.headers and not reply.drip:
                        self.send_header("Content-Length", str(len(reply.body)))
                    self.end_headers()
                    if reply.drip:
                        for byte in reply.body:
                            if server.stopping.wait(reply.drip):
                                return
                            self.wfile.write(bytes([byte]))
                            self.wfile.flush()
                    else:
                        self.wfile.write(reply.body)
                except OSError:
                    pass  # the client hung up, as a poller with deadlines does

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer((host, 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.block_on_close = False
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.02,),
                                       daemon=True)
        self.thread.start()

    @property
    def port(self) -> int:
        return self.httpd.server_address[1]

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"

    def reply(self, path: str, reply: Reply | Callable[[Seen], Reply]) -> None:
        self.routes[path] = reply if callable(reply) else (lambda _seen: reply)

    def feed(self, path: str, body: bytes, *, etag: str | None = '"v1"',
             last_modified: str | None = "Tue, 10 Jun 2025 04:00:00 GMT",
             content_type: str = "application/rss+xml; charset=utf-8",
             extra: dict | None = None) -> None:
        """Serve `body` with validators, answering 304 to a request that echoes them."""

        def answer(seen: Seen) -> Reply:
            if etag and seen.headers.get("if-none-match") == etag or \
                    last_modified and not etag and \
                    seen.headers.get("if-modified-since") == last_modified:
                return Reply(304, b"", {"ETag": etag} if etag else {})
            headers = {"Content-Type": content_type, **(extra or {})}
            if etag:
                headers["ETag"] = etag
            if last_modified:
                headers["Last-Modified"] = last_modified
            return Reply(200, body, headers)

        self.routes[path] = answer

    def hits(self, path: str) -> list[Seen]:
        return [seen for seen in self.requests if seen.path.split("?")[0] == path]

    def close(self) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def feed_server():
    server = FeedServer()
    yield server
    server.close()


# ---------------------------------------------------------------- feed builders


def rfc822(when: datetime) -> str:
    return format_datetime(when.astimezone(UTC), usegmt=True)


def rss_item(title: str | None = "A story", *, guid: str | None = None, link: str | None = None,
             description: str | None = "", date: datetime | None = None,
             categories=(), raw: str = "") -> str:
    parts = []
    if title is not None:
        parts.append(f"<title>{escape(title)}</title>")
    if link is not None:
        parts.append(f"<link>{escape(link)}</link>")
    if guid is not None:
        parts.append(f'<guid isPermaLink="false">{escape(guid)}</guid>')
    if description:
        parts.append(f"<description>{escape(description)}</description>")
    if date is not None:
        parts.append(f"<pubDate>{rfc822(date)}</pubDate>")
    parts += [f"<category>{escape(c)}</category>" for c in categories]
    return f"<item>{''.join(parts)}{raw}</item>"


def rss(*items: str, title: str = "Test feed", extra: str = "",
        encoding: str = "utf-8") -> bytes:
    text = (f'<?xml version="1.0" encoding="{encoding}"?>\n<rss version="2.0"><channel>'
            f"<title>{escape(title)}</title><link>https://news.example/</link>{extra}"
            f"{''.join(items)}</channel></rss>")
    return text.encode(encoding)


def numbered_items(count: int, *, topic: str = "contractor", start: int = 0,
                   now: datetime | None = None) -> list[str]:
    now = now or datetime.now(UTC)
    return [rss_item(f"Story {i} about a {topic}", guid=f"story-{i}",
                     link=f"https://news.example/story/{i}",
                     description=f"<p>Body of story {i} for every {topic}.</p>",
                     date=now - timedelta(hours=i + 1))
            for i in range(start, start + count)]


def gzipped(data: bytes) -> bytes:
    return gzip.compress(data)


def feeds_yaml(feeds: list[dict], markets: str = MARKETS_YAML) -> str:
    lines = [markets.rstrip(), "feeds:"]
    for feed in feeds:
        lines.append(f"  - id: {feed['id']}")
        lines.append(f"    name: {feed.get('name', feed['id'].replace('-', ' ').title())}")
        lines.append(f"    url: {feed['url']}")
        if feed.get("markets"):
            lines.append(f"    markets: [{', '.join(feed['markets'])}]")
        if feed.get("interval"):
            lines.append(f"    interval: {feed['interval']}")
    return "\n".join(lines) + "\n"


# Tiny deadlines keep the failure tests fast; the numbers are checked relative to these.
FAST = {
    "NEWS_ALLOW_PRIVATE_NETWORKS": True,
    "NEWS_CONNECT_TIMEOUT": 1.0,
    "NEWS_READ_TIMEOUT": 1.0,
    "NEWS_TOTAL_TIMEOUT": 2.0,
    "NEWS_MAX_BYTES": 256 * 1024,
    "NEWS_POLL_WORKERS": 4,
}


@pytest.fixture
def news_app(tmp_path, monkeypatch):
    """An app whose feeds.yml the test writes (`feeds_file`), with tiny network deadlines."""
    from functools import partial

    from werkzeug.security import generate_password_hash

    from enablement.auth import services as auth_services

    # Real hashing takes a third of a second per password; these tests sign in a lot.
    monkeypatch.setattr(auth_services, "generate_password_hash",
                        partial(generate_password_hash, method="pbkdf2:sha256:1"))
    app = make_app(tmp_path, FEEDS_FILE=str(tmp_path / "feeds.yml"), **FAST)
    (tmp_path / "feeds.yml").write_text(feeds_yaml([]))

    def fresh_globals():
        # The fixture keeps one app context for the whole test, so `g` (where Flask-Login
        # caches the user) would leak from one test request to the next; a server's doesn't.
        g.__dict__.clear()

    app.before_request_funcs.setdefault(None, []).insert(0, fresh_globals)
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def news_user(news_app):
    """Users in the news app (conftest's `create_user` belongs to another app)."""
    from enablement.auth import services as auth_services
    from tests.conftest import PASSWORD

    count = iter(range(1, 1000))

    def factory(role: str = "rep"):
        user = auth_services.create_user(f"news-{role}-{next(count)}@example.com",
                                         f"{role.title()} Person", role, PASSWORD)
        db.session.commit()
        return user

    return factory


class FeedsFile:
    def __init__(self, path: Path):
        self.path = path
        self.version = 0

    def write(self, feeds: list[dict], markets: str = MARKETS_YAML) -> None:
        self.write_text(feeds_yaml(feeds, markets))

    def write_text(self, text: str) -> None:
        import os

        self.path.write_text(text)
        self.version += 1
        stamp = time.time() + self.version  # a new mtime even within one clock tick
        os.utime(self.path, (stamp, stamp))


@pytest.fixture
def feeds_file(news_app):
    return FeedsFile(Path(news_app.config["FEEDS_FILE"]))
