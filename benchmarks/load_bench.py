"""How the hub holds up in production: gunicorn, the worker and 16 reps at once on one machine.

    .venv/bin/python benchmarks/load_bench.py [--seconds 60] [--reps 16]
    .venv/bin/python benchmarks/load_bench.py --database-url postgresql+psycopg://hub:hub@127.0.0.1/hub_test

Builds a throwaway instance in a temporary folder: `flask db upgrade`, the demo content, a synthetic
library of 5,000 assets and 20,000 news items (inserted in bulk through the models), then
`flask search reindex`. It starts `gunicorn -c gunicorn.conf.py app:app` with 2 workers on
127.0.0.1 and `flask worker` as the only index writer (SEARCH_DRAIN_IN_WEB=0), with a few news
feeds served from a local HTTP server. For --seconds, each rep (a thread with its own signed-in
session) searches, opens an asset and fills in an email template through the API, while a marketer
publishes and edits assets through the API, a load balancer asks /healthz twice a second, and the
worker polls and drains. Two short saturation runs follow on the same server: every rep asking only
/healthz, then only searching; their ratio is search's cost in units of the cheapest request.

Prints requests/s, p50/p95/p99 per endpoint and errors by status, then checks zero 5xx and zero lost
writes: every asset published or edited during the run is in the database and, in its latest
state, in the index (`flask search check` must agree too). Exits 1 if a check fails.

With --database-url the run uses a fresh schema on that PostgreSQL server, dropped afterwards.
"""

from __future__ import annotations

import argparse
import functools
import itertools
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

import requests
import sqlalchemy
import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

PASSWORD = "load bench password 1"  # noqa: S105  (throwaway accounts in a temp instance)
MARKETS = ("construction", "healthcare", "logistics", "manufacturing", "retail", "energy",
           "hospitality")
PERSONAS = ("Operations Director", "Field Service Manager", "CFO", "IT Director",
            "Safety Manager", "Dispatcher", "COO", "Owner")
STAGES = ("awareness", "evaluation", "decision", "onboarding")
PRODUCTS = ("Fieldline Schedule", "Fieldline Dispatch", "Fieldline Inspect", "Fieldline Mobile",
            "Fieldline Insights")
KINDS = ("case_study", "email_template", "testimonial", "white_paper", "sales_aid")
KIND_WEIGHTS = (30, 20, 15, 15, 20)
PAINS = ("missed site visits", "overtime costs", "paper timesheets", "failed compliance audits",
         "dispatch delays", "repeat truck rolls", "no-show appointments", "long drive times",
         "technician turnover", "SLA penalties", "manual scheduling", "double bookings",
         "idle crews", "late invoices", "expired certifications", "lost inspection reports")
FEATURES = ("offline mobile forms", "GPS time tracking", "automated dispatch",
            "route optimization", "digital inspections", "crew scheduling", "customer portal",
            "parts inventory", "electronic visit verification", "safety checklists")
HEADS = ("Harbor", "Summit", "Cedar", "Granite", "Bluewater", "Northwind", "Redline", "Keystone",
         "Ironwood", "Pinecrest", "Lakeshore", "Silverline", "Oakridge", "Riverbend", "Stonegate")
TAILS = ("Builders", "Logistics", "Mechanical", "Services", "Facilities", "Utilities", "Electric",
         "Health", "Freight", "Hospitality", "Foods", "Energy", "Manufacturing", "Retail")
CITIES = ("Austin", "Denver", "Tampa", "Omaha", "Boise", "Tulsa", "Fresno", "Raleigh", "Spokane",
          "Madison", "Akron", "Dayton", "Reno", "Savannah", "Toledo", "Wichita")
FILLER = ("crews", "schedule", "jobsite", "permit", "inspection", "safety", "quarter", "growth",
          "dispatch", "technician", "route", "fleet", "compliance", "audit", "report", "customers",
          "contract", "budget", "regional", "operators", "platform", "mobile", "maintenance",
          "equipment", "repairs", "overtime", "training", "costs", "demand", "visits", "nurses",
          "patients", "warehouse", "drivers", "deliveries", "invoices", "tickets", "managers")
# What reps type: plain words, phrases, a market filter now and then, and a typo or two.
QUERIES = (
    "overtime costs", "missed site visits", "route optimization", "HIPAA home health",
    "\"first time fix\"", "crew scheduling construction", "dispatch delays", "OSHA inspections",
    "cold chain fleet", "technician turnover", "electronic visit verification", "late invoices",
    "case study logistics", "email template renewal", "battle card", "paper timesheets",
    "safety checklists", "GPS time tracking", "SLA penalties", "idle crews hospitality",
    "schedulling", "inspecton reports", "Harbor Builders", "Fieldline Dispatch", "ROI",
    "manual scheduling spreadsheets", "no-show appointments healthcare", "customer portal",
)
TIMED = ("search", "asset page", "render template", "publish (API)", "edit (API)", "healthz")


# ---------------------------------------------------------------- the synthetic library


def _sentence(rnd: random.Random, words: int = 14) -> str:
    picked = [rnd.choice(FILLER) for _ in range(words)]
    picked[rnd.randrange(words)] = rnd.choice(PAINS)
    return " ".join(picked).capitalize() + "."


def _customer(rnd: random.Random) -> str:
    return f"{rnd.choice(HEADS)} {rnd.choice(TAILS)} of {rnd.choice(CITIES)}"


def asset_fields(rnd: random.Random, kind: str) -> dict:
    """Title, text and kind fields for one synthetic asset, valid for the API too."""
    customer, pain, feature = _customer(rnd), rnd.choice(PAINS), rnd.choice(FEATURES)
    percent = rnd.randint(12, 61)
    title = {
        "case_study": f"{customer} cut {pain} by {percent}% with {feature}",
        "email_template": f"Follow-up on {pain}: {feature} in two weeks",
        "testimonial": f"\"We stopped losing days to {pain}\": {customer}",
        "white_paper": f"The field guide to {feature} and {pain}",
        "sales_aid": f"Battle card: {feature} against spreadsheets",
    }[kind]
    details = {
        "case_study": {"customer": customer, "industry": rnd.choice(TAILS),
                       "challenge": _sentence(rnd), "solution": _sentence(rnd),
                       "results": f"{percent}% fewer {pain}.",
                       "metrics": [{"value": f"{percent}%", "label": f"fewer {pain}"}]},
        "email_template": {"subject": f"Quick idea on {pain} for {{{{company}}}}",
                           "email_body": "Hi {{first_name}},\n\n" + _sentence(rnd, 30)
                           + f"\n\nTeams like {customer} use {feature}."
                           + "\n\nBest,\n{{rep_name}}"},
        "testimonial": {"quote": f"{feature.capitalize()} ended our {pain}.",
                        "person": f"{rnd.choice(HEADS)} {rnd.choice(CITIES)}",
                        "person_title": "COO", "company": customer, "permission": True},
        "white_paper": {"abstract": " ".join(_sentence(rnd) for _ in range(3))},
        "sales_aid": {"aid_type": "battle_card"},
    }[kind]
    return {
        "title": title[:200],
        "summary": _sentence(rnd, 20),
        "body": "\n\n".join(f"## {rnd.choice(FEATURES).capitalize()}\n" + " ".join(
            _sentence(rnd, rnd.randint(10, 24)) for _ in range(rnd.randint(2, 5)))
            for _ in range(rnd.randint(2, 4))),
        "markets": rnd.sample(MARKETS, rnd.randint(1, 2)),
        "personas": rnd.sample(PERSONAS, rnd.randint(1, 2)),
        "stages": rnd.sample(STAGES, rnd.randint(1, 2)),
        "products": rnd.sample(PRODUCTS, rnd.randint(1, 2)),
        **details,
    }


def load_library(assets: int, news: int, seed: int = 7) -> tuple[int, int]:
    """Insert the synthetic assets and news items in bulk (in an app context); commits."""
    from sqlalchemy import insert, select

    from enablement.extensions import db
    from enablement.models import (
        Asset,
        AssetTag,
        NewsFeed,
        NewsItem,
        NewsItemMarket,
        Role,
        User,
    )

    rnd = random.Random(seed)
    owner_id = db.session.scalar(select(User.id).where(User.role == Role.MARKETING.value))
    now = datetime.now(UTC)
    stage_values = _stage_slugs()
    for start in range(0, assets, 1000):
        specs = []
        for _ in range(min(1000, assets - start)):
            kind = rnd.choices(KINDS, KIND_WEIGHTS)[0]
            fields = asset_fields(rnd, kind)
            fields["stages"] = rnd.sample(stage_values, rnd.randint(1, 2))
            when = now - timedelta(days=rnd.uniform(1, 900))
            specs.append((kind, fields, when))
        ids = db.session.scalars(insert(Asset).returning(Asset.id, sort_by_parameter_order=True), [{
            "kind": kind, "title": f["title"], "summary": f["summary"], "body": f["body"],
            "status": "published", "owner_id": owner_id,
            "details": {k: v for k, v in f.items()
                        if k not in ("title", "summary", "body", "markets", "personas",
                                     "stages", "products")},
            "created_at": when, "updated_at": when, "published_at": when,
        } for kind, f, when in specs]).all()
        db.session.execute(insert(AssetTag), [
            {"asset_id": asset_id, "facet": facet, "value": value}
            for asset_id, (_, f, _) in zip(ids, specs, strict=True)
            for facet in ("markets", "personas", "stages", "products") for value in f[facet]
        ])
    feed_ids = db.session.scalars(insert(NewsFeed).returning(NewsFeed.id), [
        {"key": f"archive-{n}", "name": f"Trade Weekly {n}", "url": f"https://news{n}.example/rss",
         "state": "ok"} for n in range(10)]).all()
    for start in range(0, news, 2000):
        rows, markets = [], []
        for n in range(start, min(start + 2000, news)):
            when = now - timedelta(hours=rnd.uniform(1, 60 * 24))
            rows.append({
                "feed_id": feed_ids[n % len(feed_ids)], "key": f"item-{n}", "guid": f"item-{n}",
                "url": f"https://news{n % 10}.example/{n}", "title": _sentence(rnd, 9)[:-1],
                "summary": f"<p>{escape(_sentence(rnd, 25))}</p>",
                "content": f"<p>{escape(' '.join(_sentence(rnd) for _ in range(6)))}</p>",
                "categories": [], "published_at": when, "first_seen_at": when,
                "updated_at": when, "source_published_at": when,
            })
            markets.append(rnd.sample(MARKETS, rnd.randint(0, 2)))
        ids = db.session.scalars(
            insert(NewsItem).returning(NewsItem.id, sort_by_parameter_order=True), rows).all()
        tags = [{"item_id": item_id, "market": market, "terms": [], "via_feed": False}
                for item_id, chosen in zip(ids, markets, strict=True) for market in chosen]
        if tags:
            db.session.execute(insert(NewsItemMarket), tags)
    db.session.commit()
    return assets, news


def _stage_slugs() -> list[str]:
    from enablement.assets.kinds import STAGES as KNOWN_STAGES

    return [slug for slug, _ in KNOWN_STAGES]


# ---------------------------------------------------------------- news feeds on 127.0.0.1


class FeedServer:
    """A few RSS feeds on 127.0.0.1, new stories every time they are asked for."""

    def __init__(self, feeds: int = 4, items: int = 25):
        self.items = items
        self.requests = Counter()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                number = int(re.sub(r"\D", "", self.path) or 0)
                outer.requests[number] += 1
                body = outer.feed(number, outer.requests[number])
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.urls = [f"http://127.0.0.1:{self.server.server_port}/feed/{n}.xml"
                     for n in range(feeds)]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def feed(self, number: int, visit: int) -> bytes:
        rnd = random.Random(number * 1000 + visit)
        now = datetime.now(UTC)
        entries = []
        for i in range(self.items):
            story = visit * self.items + i
            entries.append(
                f"<item><title>{escape(_sentence(rnd, 8)[:-1])} ({number}-{story})</title>"
                f"<link>https://local{number}.example/story/{story}</link>"
                f"<guid isPermaLink=\"false\">local-{number}-{story}</guid>"
                f"<pubDate>{format_datetime(now - timedelta(minutes=i), usegmt=True)}</pubDate>"
                f"<description>{escape(_sentence(rnd, 40))}</description></item>")
        return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
                f"<title>Local feed {number}</title><link>https://local.example/</link>"
                f"{''.join(entries)}</channel></rss>").encode()

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def write_feeds_file(path: Path, urls: list[str]) -> None:
    shipped = yaml.safe_load((REPO / "feeds.yml").read_text())
    path.write_text(yaml.safe_dump({
        "markets": shipped["markets"],
        "suppress": shipped.get("suppress", ""),
        "feeds": [{"id": f"local-{n}", "name": f"Local feed {n}", "url": url, "interval": "15m"}
                  for n, url in enumerate(urls)],
    }, sort_keys=False))


# ---------------------------------------------------------------- the instance and its processes


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def database(url: str | None, workdir: Path):
    """The DATABASE_URL for the run: a SQLite file, or a fresh PostgreSQL schema dropped after."""
    if not url:
        yield f"sqlite:///{workdir / 'hub.sqlite3'}"
        return
    schema = f"load_bench_{secrets.token_hex(4)}"
    base = sqlalchemy.make_url(url)
    engine = sqlalchemy.create_engine(base)
    with engine.begin() as connection:
        connection.execute(sqlalchemy.text(f'CREATE SCHEMA "{schema}"'))
    try:
        scoped = base.update_query_dict({"options": f"-csearch_path={schema}"})
        yield scoped.render_as_string(hide_password=False)
    finally:
        with engine.begin() as connection:
            connection.execute(sqlalchemy.text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()


class Instance:
    """The environment and processes of one throwaway hub."""

    def __init__(self, workdir: Path, database_url: str, feeds_file: Path):
        self.workdir = workdir
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "INSTANCE_PATH": str(workdir / "instance"),
            "DATABASE_URL": database_url,
            "SECRET_KEY": secrets.token_hex(32),
            "SEARCH_INDEX_DIR": str(workdir / "index"),
            "UPLOAD_DIR": str(workdir / "uploads"),
            "FEEDS_FILE": str(feeds_file),
            "SEARCH_DRAIN_IN_WEB": "0",
            "NEWS_ALLOW_PRIVATE_NETWORKS": "1",
            "BIND": f"127.0.0.1:{self.port}",
            "WEB_CONCURRENCY": "2",
            "PYTHONUNBUFFERED": "1",
            # gunicorn's control socket goes here, not to ~/.gunicorn/ shared with other servers.
            "XDG_RUNTIME_DIR": str(workdir),
        }
        self.processes: dict[str, subprocess.Popen] = {}

    def app_config(self) -> dict:
        return {"INSTANCE_PATH": self.env["INSTANCE_PATH"], **{
            key: self.env[key] for key in ("DATABASE_URL", "SECRET_KEY", "SEARCH_INDEX_DIR",
                                           "UPLOAD_DIR", "FEEDS_FILE")}}

    def flask(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "flask", "--app", "app", *args], cwd=REPO,
                              env=self.env, capture_output=True, text=True, check=check)

    def start(self, name: str, *command: str) -> None:
        log = open(self.workdir / f"{name}.log", "w")  # noqa: SIM115  (closed in stop)
        self.processes[name] = subprocess.Popen([sys.executable, "-m", *command], cwd=REPO,
                                                env=self.env, stdout=log,
                                                stderr=subprocess.STDOUT)
        self.processes[name].log = log

    def start_web(self) -> None:
        self.start("gunicorn", "gunicorn", "-c", "gunicorn.conf.py", "app:app")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(self.base + "/healthz", timeout=2).status_code == 200:
                    return
            except requests.ConnectionError:
                pass
            if self.processes["gunicorn"].poll() is not None:
                break
            time.sleep(0.2)
        raise SystemExit(f"gunicorn did not come up; see {self.workdir / 'gunicorn.log'}")

    def start_worker(self) -> None:
        self.start("worker", "flask", "--app", "app", "worker")

    def stop(self, name: str) -> None:
        process = self.processes.pop(name, None)
        if process is None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.log.close()

    def stop_all(self) -> None:
        for name in list(self.processes):
            self.stop(name)


# ---------------------------------------------------------------- the simulated people


@dataclass
class Record:
    endpoint: str
    status: int | str  # an HTTP status, or the name of a connection error
    seconds: float


@dataclass
class Log:
    records: list[Record] = field(default_factory=list)
    published: set[int] = field(default_factory=set)
    edited: set[int] = field(default_factory=set)

    def timed(self, endpoint: str, call, *args, **kwargs) -> requests.Response | None:
        """`call(*args, **kwargs)`, timed and recorded under `endpoint`."""
        started = time.perf_counter()
        try:
            response = call(*args, timeout=60, **kwargs)
        except requests.RequestException as error:
            self.records.append(Record(endpoint, type(error).__name__,
                                       time.perf_counter() - started))
            return None
        self.records.append(Record(endpoint, response.status_code,
                                   time.perf_counter() - started))
        return response


CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def signed_in_session(base: str, email: str) -> tuple[requests.Session, str]:
    session = requests.Session()
    token = CSRF.search(session.get(base + "/login", timeout=30).text).group(1)
    response = session.post(base + "/login", data={"email": email, "password": PASSWORD,
                                                   "csrf_token": token},
                            allow_redirects=False, timeout=30)
    if response.status_code != 302:
        raise SystemExit(f"{email} could not sign in: {response.status_code}")
    return session, token


def rep_loop(base: str, rep: tuple[requests.Session, str], seed: int, asset_ids: list[int],
             template_ids: list[int], stop: threading.Event, log: Log,
             only: str | None = None) -> None:
    """One rep: search, open what looks useful, fill in an email template; no think time."""
    rnd = random.Random(seed)
    session, token = rep
    while not stop.is_set():
        action = only or rnd.choices(("search", "asset page", "render template"), (5, 3, 2))[0]
        if action == "search":
            params = {"q": rnd.choice(QUERIES)}
            if rnd.random() < 0.3:
                params["market"] = rnd.choice(MARKETS)
            log.timed(action, session.get, base + "/search", params=params)
        elif action == "asset page":
            asset_id = rnd.choice(asset_ids)
            log.timed(action, session.get, f"{base}/assets/{asset_id}")
        elif action == "render template":
            asset_id = rnd.choice(template_ids)
            fields = {"first_name": rnd.choice(("Dana", "Luis", "Priya")),
                      "company": _customer(rnd)}
            log.timed(action, session.post, f"{base}/api/v1/assets/{asset_id}/render",
                      json={"fields": fields}, headers={"X-CSRFToken": token})
        elif action == "healthz":
            log.timed(action, session.get, base + "/healthz")


def marketer_loop(base: str, token: str, stop: threading.Event, log: Log,
                  every: float = 0.5) -> None:
    """Marketing publishes an asset through the API every `every` seconds; every third time it
    edits one published earlier instead."""
    rnd = random.Random(99)
    headers = {"Authorization": f"Bearer {token}"}
    session = requests.Session()
    stage_values = _stage_slugs()
    for step in itertools.count():
        if stop.wait(every):
            return
        if log.published and step % 3 == 2:
            asset_id = rnd.choice(sorted(log.published))
            summary = f"Edited during the load run: {_sentence(rnd, 12)}"
            response = log.timed("edit (API)", session.patch, f"{base}/api/v1/assets/{asset_id}",
                                 json={"summary": summary}, headers=headers)
            if response is not None and response.status_code == 200:
                log.edited.add(asset_id)
            continue
        kind = rnd.choice(("case_study", "email_template", "testimonial", "sales_aid"))
        body = {"kind": kind, "status": "published", **asset_fields(rnd, kind)}
        body["stages"] = rnd.sample(stage_values, 1)
        response = log.timed("publish (API)", session.post, base + "/api/v1/assets", json=body,
                             headers=headers)
        if response is not None and response.status_code == 201:
            log.published.add(response.json()["id"])


def balancer_loop(base: str, stop: threading.Event, log: Log) -> None:
    session = requests.Session()
    while not stop.wait(0.5):
        log.timed("healthz", session.get, base + "/healthz")




def run_phase(loops: list, seconds: float) -> tuple[float, list[str]]:
    """Run each loop (called with a stop event) in its own thread for `seconds`.

    Returns the time until every thread finished its last request, and the errors that ended a
    thread early (there should be none).
    """
    stop = threading.Event()
    crashes: list[str] = []

    def guarded(loop):
        try:
            loop(stop)
        except Exception as error:  # reported in the table; the run goes on
            crashes.append(repr(error))

    threads = [threading.Thread(target=guarded, args=(loop,), daemon=True) for loop in loops]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    stop.wait(seconds)
    stop.set()
    for thread in threads:
        thread.join(120)
    return time.monotonic() - started, crashes


# ---------------------------------------------------------------- building, checking, reporting


@dataclass
class Setup:
    reps: list[str]
    marketer_token: str
    asset_ids: list[int]
    template_ids: list[int]
    timings: dict[str, float]


def build(instance: Instance, args) -> Setup:
    from sqlalchemy import select

    from enablement import create_app
    from enablement.auth import services as auth
    from enablement.extensions import db
    from enablement.models import Asset, AssetKind, AssetStatus

    timings = {}
    started = time.monotonic()
    instance.flask("db", "upgrade")
    instance.flask("demo", "load")
    timings["migrate + demo"] = time.monotonic() - started
    app = create_app(instance.app_config())
    with app.app_context():
        started = time.monotonic()
        load_library(args.assets, args.news)
        timings[f"insert {args.assets:,} assets + {args.news:,} news"] = \
            time.monotonic() - started
        reps = [f"load-rep-{n}@example.com" for n in range(args.reps)]
        for email in reps:
            auth.create_user(email, f"Rep {email.split('@')[0][-2:]}", "rep", PASSWORD)
        marketer = auth.create_user("load-marketer@example.com", "Load Marketer", "marketing",
                                    PASSWORD)
        token = auth.create_token(marketer, "load bench")
        db.session.commit()
        published = select(Asset.id).where(Asset.status == AssetStatus.PUBLISHED)
        asset_ids = db.session.scalars(published).all()
        template_ids = db.session.scalars(
            published.where(Asset.kind == AssetKind.EMAIL_TEMPLATE)).all()
        db.session.remove()
        db.engine.dispose()
    started = time.monotonic()
    instance.flask("search", "reindex")
    timings["search reindex"] = time.monotonic() - started
    return Setup(reps, token, asset_ids, template_ids, timings)


def wait_for_outbox(instance: Instance, timeout: float = 180) -> float | None:
    """Seconds until the worker emptied the search outbox (None: it did not in `timeout`)."""
    engine = sqlalchemy.create_engine(instance.env["DATABASE_URL"])
    started = time.monotonic()
    try:
        while time.monotonic() - started < timeout:
            with engine.connect() as connection:
                if not connection.scalar(sqlalchemy.text("SELECT count(*) FROM search_outbox")):
                    return time.monotonic() - started
            time.sleep(0.5)
        return None
    finally:
        engine.dispose()


def check_writes(instance: Instance, log: Log) -> dict:
    """Every asset published or edited during the run: in the database, and current in the index."""
    from sqlalchemy import select

    from enablement import create_app
    from enablement.extensions import db
    from enablement.models import Asset
    from enablement.search.documents import naive_utc
    from enablement.search.index import IndexLocation, doc_key

    written = log.published | log.edited
    app = create_app(instance.app_config())
    with app.app_context():
        rows = {row.id: row for row in db.session.execute(
            select(Asset.id, Asset.status, Asset.updated_at).where(Asset.id.in_(written)))}
        index = IndexLocation(instance.env["SEARCH_INDEX_DIR"]).open()
        current = 0
        with index.searcher() as searcher:
            for asset_id, row in rows.items():
                document = searcher.document(doc_key=doc_key("asset", asset_id))
                if (document and document["status"] == row.status
                        and document["updated_at"] == naive_utc(row.updated_at)):
                    current += 1
        index.close()
        db.session.remove()
        db.engine.dispose()
    return {"written": len(written), "in_db": len(rows), "current_in_index": current}


def percentile(sorted_values: list[float], share: float) -> float:
    if not sorted_values:
        return 0.0
    return sorted_values[min(len(sorted_values) - 1, int(share * len(sorted_values)))]


def server_errors(workdir: Path) -> Counter:
    """What the processes' logs say went wrong: tracebacks and locked databases."""
    found: Counter = Counter()
    for name in ("gunicorn", "worker"):
        path = workdir / f"{name}.log"
        if not path.exists():
            continue
        text = path.read_text(errors="replace")
        found[f"{name}: tracebacks"] = text.count("Traceback (most recent call last)")
        for exception in _exceptions(text):
            found[f"{name}: {exception}"] += 1
        found[f"{name}: database is locked"] = text.count("database is locked")
        found[f"{name}: worker timeouts"] = text.count("WORKER TIMEOUT")
        statuses = Counter()
        for line in text.splitlines():
            if line.startswith("{") and '"status":' in line:
                try:
                    statuses[json.loads(line)["status"] // 100] += 1
                except (ValueError, KeyError, TypeError):
                    pass
        if statuses:
            found[f"{name}: 5xx in request log"] = statuses.get(5, 0)
    return found


def _exceptions(text: str) -> list[str]:
    """The exception line ending each traceback in a log, with the hub's last frame."""
    found = []
    lines = text.splitlines()
    for number, line in enumerate(lines):
        if line.startswith("Traceback (most recent call last)"):
            where = ""
            for following in lines[number + 1:]:
                if following.startswith("  File ") and "/enablement/" in following:
                    where = following.split("/enablement/", 1)[1].replace('", line ', ":")
                    where = where.split(",", 1)[0]
                elif not following.startswith(" "):
                    found.append(f"{following[:120]} (last in enablement/{where})")
                    break
    return found


def print_report(args, label: str, setup: Setup, mixed: tuple[float, Log],
                 saturation: dict[str, tuple[float, int]], drained: float | None,
                 writes: dict, check: subprocess.CompletedProcess, logs: Counter,
                 crashes: list[str]) -> bool:
    elapsed, log = mixed
    by_endpoint: dict[str, list[Record]] = defaultdict(list)
    for record in log.records:
        by_endpoint[record.endpoint].append(record)
    print()
    print(f"Load: {args.reps} reps for {args.seconds:g} s on {label}; gunicorn 2 sync workers + "
          f"`flask worker`; {args.assets:,} assets + {args.news:,} news items + demo content")
    print("Setup: " + ", ".join(f"{name} {seconds:.1f} s" for name, seconds
                                 in setup.timings.items()))
    print(f"Machine: {os.cpu_count()} cores shared by clients, server and worker; load average "
          f"{args.load_before:.1f} before the run, {os.getloadavg()[0]:.1f} after")
    header = f"{'endpoint':<17}{'requests':>9}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}" \
             f"{'p99 ms':>9}  errors"
    print(header)
    print("-" * len(header))
    errors_by_status: Counter = Counter()
    for endpoint in [*TIMED, "all"]:
        records = log.records if endpoint == "all" else by_endpoint.get(endpoint, [])
        if not records:
            continue
        times = sorted(r.seconds * 1000 for r in records)
        errors = Counter(str(r.status) for r in records
                         if not (isinstance(r.status, int) and r.status < 400))
        if endpoint != "all":
            errors_by_status.update(errors)
        shown = ", ".join(f"{status}: {n}" for status, n in sorted(errors.items())) or "0"
        print(f"{endpoint:<17}{len(records):>9}{len(records) / elapsed:>8.1f}"
              f"{percentile(times, 0.50):>9.0f}{percentile(times, 0.95):>9.0f}"
              f"{percentile(times, 0.99):>9.0f}  {shown}")
    print()
    healthz_seconds, healthz_count = saturation["healthz"]
    search_seconds, search_count = saturation["search"]
    healthz_rate, search_rate = healthz_count / healthz_seconds, search_count / search_seconds
    print(f"Saturation, {args.reps} clients each ({args.calibrate:g} s): /healthz "
          f"{healthz_rate:.1f} req/s, search {search_rate:.1f} req/s; "
          f"search/healthz throughput = {search_rate / healthz_rate:.3f}")
    print(f"Worker: {sum(1 for _ in log.published)} published + {len(log.edited)} edited through "
          f"the API; outbox empty {drained:.1f} s after the load stopped" if drained is not None
          else "Worker: the outbox did NOT drain within 180 s")
    print("Server logs: " + ", ".join(f"{k} {v}" for k, v in logs.items()
                                       if any(word in k for word in (
                                           ": tracebacks", "locked", "5xx", "timeouts"))))
    for what, count in logs.items():
        if not any(word in what for word in (": tracebacks", "locked", "5xx", "timeouts")):
            print(f"  {count} × {what}")
    five_xx = sum(n for status, n in errors_by_status.items()
                  if status.isdigit() and int(status) >= 500)
    other = sum(n for status, n in errors_by_status.items() if not status.isdigit())
    check_line = (check.stdout.strip().splitlines() or ["(no output)"])[-1]
    lost = writes["written"] - min(writes["in_db"], writes["current_in_index"])
    checks = [
        ("zero 5xx", five_xx == 0, f"{five_xx} responses with 5xx"),
        ("no failed connections", other == 0, f"{other} requests without a response"),
        ("no client crashes", not crashes, "; ".join(crashes) or "none"),
        ("zero lost writes", lost == 0 and drained is not None,
         f"{writes['written']} assets written, {writes['in_db']} in the database, "
         f"{writes['current_in_index']} current in the index"),
        ("search check", check.returncode == 0, check_line),
    ]
    print()
    for name, passed, detail in checks:
        print(f"{'PASS' if passed else 'FAIL'}  {name}: {detail}")
    return all(passed for _, passed, _ in checks)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--reps", type=int, default=16)
    parser.add_argument("--assets", type=int, default=5000)
    parser.add_argument("--news", type=int, default=20000)
    parser.add_argument("--calibrate", type=float, default=None,
                        help="seconds of each saturation run (default: seconds / 6, at least 5)")
    parser.add_argument("--database-url", help="a PostgreSQL server to run on (a fresh schema)")
    parser.add_argument("--keep", action="store_true", help="keep the temp folder and its logs")
    args = parser.parse_args(argv)
    args.calibrate = args.calibrate or max(5.0, args.seconds / 6)
    label = "PostgreSQL" if args.database_url else "SQLite"
    workdir = Path(tempfile.mkdtemp(prefix="load-bench-"))
    try:
        with FeedServer() as feeds, database(args.database_url, workdir) as url:
            write_feeds_file(workdir / "feeds.yml", feeds.urls)
            instance = Instance(workdir, url, workdir / "feeds.yml")
            try:
                print(f"Building the instance in {workdir} …", flush=True)
                setup = build(instance, args)
                instance.start_web()
                reps = [signed_in_session(instance.base, email) for email in setup.reps]
                token = setup.marketer_token
                print(f"Running {args.reps} reps for {args.seconds:g} s …", flush=True)
                args.load_before = os.getloadavg()[0]
                instance.start_worker()
                log = Log()
                loops = [functools.partial(rep_loop, instance.base, rep, n, setup.asset_ids,
                                           setup.template_ids, log=log)
                         for n, rep in enumerate(reps)]
                loops.append(functools.partial(marketer_loop, instance.base, token, log=log))
                loops.append(functools.partial(balancer_loop, instance.base, log=log))
                elapsed, crashes = run_phase(loops, args.seconds)
                saturation = {}
                for only in ("healthz", "search"):
                    phase_log = Log()
                    loops = [functools.partial(rep_loop, instance.base, rep, n, setup.asset_ids,
                                               setup.template_ids, log=phase_log, only=only)
                             for n, rep in enumerate(reps)]
                    seconds, more = run_phase(loops, args.calibrate)
                    crashes += more
                    saturation[only] = (seconds, sum(
                        1 for r in phase_log.records if r.status == 200))
                drained = wait_for_outbox(instance)
                instance.stop_all()
                check = instance.flask("search", "check", check=False)
                writes = check_writes(instance, log)
                ok = print_report(args, label, setup, (elapsed, log), saturation, drained,
                                  writes, check, server_errors(workdir), crashes)
            finally:
                instance.stop_all()
    finally:
        if args.keep:
            print(f"Kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
