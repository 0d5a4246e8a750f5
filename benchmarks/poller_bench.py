"""How fast the news poller is: 200 feeds of 50 items from a local server, 30 market queries.

    .venv/bin/python benchmarks/poller_bench.py [--feeds 200] [--items 50] [--hosts 1]

Prints a table: the first poll (everything new: fetch, parse, sanitise, tag, store), indexing
those items for search, a second poll of the unchanged feeds (all 304), and tagging speed.
Targets (issue 4): first poll of 10,000 items under 60 s; the all-304 poll under 5 s.
Runs in a temporary instance folder; touches nothing of yours.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select  # noqa: E402

from enablement import create_app  # noqa: E402
from enablement.extensions import db  # noqa: E402
from enablement.models import NewsItem  # noqa: E402
from enablement.news.config import news_config  # noqa: E402
from enablement.news.poller import Poller  # noqa: E402
from enablement.news.tagging import document, tag  # noqa: E402
from enablement.search.outbox import drain  # noqa: E402

SHIPPED = Path(__file__).resolve().parent.parent / "feeds.yml"
WORDS = ("crews schedule jobsite permit inspection safety quarter revenue growth hiring wages "
         "software dispatch technician outage storm delivery route fleet shortage survey "
         "regulators compliance audit report customers contract budget spending expansion "
         "announced rural regional national operators firms vendors platform data mobile "
         "maintenance equipment repairs overtime turnover training costs prices demand").split()
TOPICS = ("contractor OSHA scaffold construction homebuilder hospital nurses HIPAA clinician "
          "freight trucking warehouse carrier logistics manufacturing factory reshoring retail "
          "grocery supermarket utility grid substation pipeline renewable hotel restaurant "
          "franchisee resort housekeeping").split()
EXTRA_QUERIES = [  # 23 more markets, so there are 30 queries like a real deployment's
    "mining OR quarry* OR \"heavy equipment\"", "telecom* OR broadband OR \"fiber network\"",
    "(school* OR district*) -\"school of thought\"", "municipal* OR \"public works\"",
    "agricultur* OR farm* OR harvest", "pest OR termite* OR \"lawn care\"",
    "HVAC OR plumbing OR electrician*", "elevator* OR escalator*",
    "\"property management\" OR landlord* OR tenant*", "solar OR wind OR turbine*",
    "water OR wastewater OR sewer", "airport* OR airline* OR aviation",
    "rail* OR railroad OR locomotive*", "port* OR shipping OR container*",
    "pharma* OR pharmacy OR drug*", "bank* OR credit OR lender*",
    "insur* OR claim* OR adjuster*", "security OR guard* OR alarm*",
    "cleaning OR janitorial OR custodial", "automotive OR dealership* OR collision",
    "food OR beverage OR bottling", "chemical* OR refinery OR petrochemical*",
    "(government OR federal OR state) AND contract*",
]


def make_feed(number: int, items: int, now: datetime) -> bytes:
    rng = random.Random(number)
    entries = []
    for i in range(items):
        topic = rng.sample(TOPICS, 2)
        words = " ".join(rng.choice(WORDS) for _ in range(90))
        title = f"{topic[0].title()} {rng.choice(WORDS)} {rng.choice(WORDS)} as {topic[1]} " \
                f"{rng.choice(WORDS)} (feed {number}, story {i})"
        body = f"<p>{words[:300]} {topic[0]} {words[300:]}.</p><p>{topic[1]} {words[:200]}.</p>"
        when = format_datetime(now - timedelta(minutes=37 * i + number), usegmt=True)
        entries.append(
            f"<item><title>{escape(title)}</title>"
            f"<link>https://news{number % 17}.example/{number}/{i}?utm_source=rss</link>"
            f"<guid isPermaLink=\"false\">feed-{number}-story-{i}</guid>"
            f"<pubDate>{when}</pubDate><category>{escape(topic[0])}</category>"
            f"<description>{escape(body)}</description></item>")
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>Bench feed {number}</title><link>https://bench.example/</link>"
            f"{''.join(entries)}</channel></rss>").encode()


def serve(bodies: dict[str, bytes], host: str) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def do_GET(self):  # noqa: N802
            body = bodies.get(self.path)
            if body is None:
                self.send_error(404)
                return
            etag = f'"{hash(body) & 0xFFFFFFFF:x}"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
            self.send_header("ETag", etag)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer((host, 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def feeds_yml(urls: list[str]) -> str:
    shipped = SHIPPED.read_text()
    markets = shipped[:shipped.index("\nfeeds:\n")]
    extra = "".join(f"  extra{n}:\n    name: Extra market {n}\n    query: '{query}'\n"
                    for n, query in enumerate(EXTRA_QUERIES, start=1))
    markets = markets.replace("\nsuppress:", "\n" + extra.rstrip("\n") + "\nsuppress:", 1)
    feeds = "".join(f"  - id: bench-{n}\n    name: Bench feed {n}\n    url: {url}\n"
                    for n, url in enumerate(urls))
    return f"{markets}\nfeeds:\n{feeds}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--hosts", type=int, default=1,
                        help="spread the feeds over 127.0.0.1 … 127.0.0.N (the poller makes one "
                             "request at a time per host)")
    args = parser.parse_args()

    now = datetime.now(UTC)
    bodies = {f"/feed/{n}.xml": make_feed(n, args.items, now) for n in range(args.feeds)}
    servers = [serve(bodies, f"127.0.0.{h + 1}") for h in range(args.hosts)]
    urls = [f"http://127.0.0.{n % args.hosts + 1}:{servers[n % args.hosts].server_address[1]}"
            f"/feed/{n}.xml" for n in range(args.feeds)]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        feeds_file = Path(tmp) / "feeds.yml"
        feeds_file.write_text(feeds_yml(urls))
        app = create_app({
            "INSTANCE_PATH": str(Path(tmp) / "instance"),
            "DATABASE_URL": f"sqlite:///{Path(tmp) / 'bench.sqlite3'}",
            "SEARCH_INDEX_DIR": str(Path(tmp) / "index"),
            "FEEDS_FILE": str(feeds_file), "SECRET_KEY": "bench",
            "NEWS_ALLOW_PRIVATE_NETWORKS": True,
        })
        with app.app_context():
            db.create_all()
            config = news_config()
            assert len(config.markets) == 30, len(config.markets)

            started = time.perf_counter()
            first = Poller(app.config, config).run()
            first_time = time.perf_counter() - started
            stored = db.session.scalar(select(func.count(NewsItem.id)))
            rows.append(("first poll (all new)", f"{first_time:.1f} s",
                         f"{stored:,} items stored, {len(first.failed)} feeds failed, "
                         f"{stored / first_time:,.0f} items/s"))

            started = time.perf_counter()
            indexed = drain(batch_size=2000).applied
            rows.append(("index them for search", f"{time.perf_counter() - started:.1f} s",
                         f"{indexed:,} documents (the outbox drain after the poll)"))

            started = time.perf_counter()
            second = Poller(app.config, config).run(force=True)
            second_time = time.perf_counter() - started
            statuses = {o.status for o in second.outcomes}
            rows.append(("second poll (unchanged)", f"{second_time:.1f} s",
                         f"{len(second.outcomes)} feeds, statuses {sorted(statuses)}, "
                         f"{second.new} new"))

            items = db.session.scalars(select(NewsItem)).all()
            docs = [(item, item.feed) for item in items]
            started = time.perf_counter()
            for item, feed in docs:
                tag(config, document(title=item.title, summary=item.summary,
                                     content=item.content, url=item.url, feed_key=feed.key,
                                     feed_name=feed.name, categories=item.categories))
            tag_time = time.perf_counter() - started
            rows.append(("tagging, 30 market queries", f"{tag_time:.1f} s",
                         f"{len(docs) / tag_time:,.0f} items tagged/s (analysis included)"))
            db.session.remove()
            db.engine.dispose()
    for server in servers:
        server.shutdown()

    print(f"\nPoller benchmark: {args.feeds} feeds × {args.items} items, {args.hosts} host(s), "
          f"30 market queries\n")
    width = max(len(r[0]) for r in rows)
    print(f"| {'step':<{width}} | {'time':>7} | result")
    print(f"|{'-' * (width + 2)}|{'-' * 9}|{'-' * 60}")
    for step, took, result in rows:
        print(f"| {step:<{width}} | {took:>7} | {result}")
    print(f"\nTargets: first poll < 60 s ({'met' if first_time < 60 else 'MISSED'}), "
          f"all-304 poll < 5 s ({'met' if second_time < 5 else 'MISSED'}).")


if __name__ == "__main__":
    main()
