"""Shares under load: beacon ingestion with gunicorn's 2 workers, the buyer page's server time,
and the first render of a 20-page PDF.

    .venv/bin/python benchmarks/share_bench.py [--seconds 20] [--buyers 8] [--port 5121]

Builds a throwaway instance in a temporary folder (`flask db upgrade`, a rep, a published white
paper whose PDF has 20 pages, a case study, and a share of both), then:

1. renders the PDF's 20 pages for buyers, cold, then again from the cache (in this process);
2. starts `gunicorn -c gunicorn.conf.py app:app` with 2 workers on 127.0.0.1 (the beacon rate
   limit raised: every simulated buyer comes from 127.0.0.1);
3. for --seconds, each buyer (a thread with its own cookie) opens the page and sends beacons of
   10 events as fast as it can, a new page load (view) every 20 beacons;
4. asks for the buyer page 300 times, warm, and reads the server's own times from its log.

Prints a table; exits 1 unless every event sent is in the database (nothing lost) and no 5xx.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests
import sqlalchemy

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

EVENT_MS = 250  # per event: a beacon of 10 reports 2.5 s, a view on its own (the 2 s rule)
EVENTS_PER_BEACON = 10
BEACONS_PER_VIEW = 20


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def build(root: Path) -> dict:
    """The instance, its share and what the benchmark needs to know about them."""
    env = {**os.environ, "INSTANCE_PATH": str(root / "instance"),
           "DATABASE_URL": f"sqlite:///{root / 'hub.sqlite3'}", "SECRET_KEY": secrets.token_hex(16),
           "SHARE_BEACON_RATE_LIMIT": "1000000 per minute", "WEB_CONCURRENCY": "2",
           "PUBLIC_URL": "", "LOG_LEVEL": "warning"}
    subprocess.run([sys.executable, "-m", "flask", "--app", "app", "db", "upgrade"], cwd=REPO,
                   env=env, check=True, capture_output=True)
    os.environ.update({k: env[k] for k in ("INSTANCE_PATH", "DATABASE_URL", "SECRET_KEY")})
    from fpdf import FPDF

    from enablement import create_app
    from enablement.assets import services as assets
    from enablement.auth import services as auth
    from enablement.extensions import db
    from enablement.shares import services as shares
    from tests.conftest import asset_fields

    app = create_app({"INSTANCE_PATH": env["INSTANCE_PATH"], "DATABASE_URL": env["DATABASE_URL"],
                      "SECRET_KEY": env["SECRET_KEY"]})
    pdf = FPDF()
    for page in range(20):
        pdf.add_page()
        pdf.set_font("Helvetica", "B", 18)
        pdf.cell(0, 10, f"Scheduling under OSHA rules, page {page + 1}")
        pdf.ln(14)
        pdf.set_font("Helvetica", "", 11)
        pdf.multi_cell(0, 5.5, "Crews, permits and inspections on every job site. " * 40)
    with app.app_context():
        marketer = auth.create_user("m@bench.example", "Marketer", "marketing", "bench password")
        rep = auth.create_user("r@bench.example", "Rep", "rep", "bench password")
        paper = assets.create_asset(marketer, "white_paper", asset_fields(
            "white_paper", title="Scheduling under OSHA rules"))
        assets.attach_file(marketer, paper, io.BytesIO(bytes(pdf.output())), "guide.pdf",
                           app.config["UPLOAD_DIR"], 50 << 20)
        assets.change_status(marketer, paper, "published")
        study = assets.create_asset(marketer, "case_study", asset_fields("case_study"))
        assets.change_status(marketer, study, "published")
        share, token = shares.create_share(rep, {"asset_ids": [paper.id, study.id],
                                                 "account": "Bench Co"})
        db.session.commit()
        attachment = paper.attachments[0]
        return {"app": app, "env": env, "token": token, "paper": paper.id, "study": study.id,
                "share": share.id, "pdf": (attachment.stored_name, attachment.sha256)}


def render_pdf(setup: dict) -> tuple[float, float]:
    """Seconds to render all 20 pages cold, then to serve them from the cache."""
    from enablement.assets import attachments as files
    from enablement.shares import pages

    app = setup["app"]
    stored, sha = setup["pdf"]
    path = files.stored_path(app.config["UPLOAD_DIR"], stored)
    timings = []
    for _ in range(2):
        started = time.perf_counter()
        count = pages.layout(path, sha, app.config["SHARE_PAGE_CACHE_DIR"]).count
        for number in range(1, count + 1):
            pages.page_image(path, sha, app.config["SHARE_PAGE_CACHE_DIR"], number)
        timings.append(time.perf_counter() - started)
    assert count == 20, count
    return timings[0], timings[1]


def start_gunicorn(setup: dict, port: int, log: Path) -> subprocess.Popen:
    env = {**setup["env"], "PORT": str(port)}
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "app:app"], cwd=REPO,
        env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2).ok:
                return process
        except requests.RequestException:
            time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not start; see {log}")


def flood(base: str, setup: dict, seconds: float, buyers: int) -> dict:
    sent, statuses, lock = [], [], threading.Lock()
    stop_at = time.monotonic() + seconds

    def buyer(n: int) -> None:
        session = requests.Session()
        session.headers["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0 bench"
        url = f"{base}/s/{setup['token']}"
        events = mine = 0
        codes = []
        while time.monotonic() < stop_at:
            session.get(url, timeout=10).close()  # a page load: a new view follows
            view = secrets.token_hex(12)
            for beacon in range(BEACONS_PER_VIEW):
                body = {"v": view, "events": [
                    {"a": setup["paper"], "p": 1 + (beacon + e) % 20, "ms": EVENT_MS}
                    for e in range(EVENTS_PER_BEACON)]}
                response = session.post(f"{url}/beacon", data=json.dumps(body), timeout=10,
                                        headers={"Content-Type": "text/plain"})
                codes.append(response.status_code)
                if response.status_code == 204:
                    events += EVENTS_PER_BEACON
                    mine += EVENTS_PER_BEACON * EVENT_MS
                if time.monotonic() >= stop_at:
                    break
        with lock:
            sent.append((events, mine))
            statuses.extend(codes)

    threads = [threading.Thread(target=buyer, args=(n,)) for n in range(buyers)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return {"events": sum(e for e, _ in sent), "ms": sum(m for _, m in sent),
            "elapsed": elapsed, "statuses": statuses}


def page_times(base: str, setup: dict, log: Path, count: int = 300) -> tuple[list, list]:
    """Client and server times (ms) of warm buyer page loads."""
    session = requests.Session()
    url = f"{base}/s/{setup['token']}"
    for _ in range(20):
        session.get(url, timeout=10)
    offset = log.stat().st_size
    client = []
    for _ in range(count):
        started = time.perf_counter()
        response = session.get(url, timeout=10)
        client.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    time.sleep(0.5)
    server = []
    with log.open("rb") as handle:
        handle.seek(offset)
        for line in handle:
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if record.get("path") == "/s/<token>" and record.get("method") == "GET":
                server.append(record["ms"])
    return client, server


def stored(setup: dict) -> tuple[int, int]:
    engine = sqlalchemy.create_engine(setup["env"]["DATABASE_URL"])
    with engine.connect() as connection:
        total = connection.execute(sqlalchemy.text("SELECT COALESCE(SUM(ms), 0) FROM share_dwell"))
        visits = connection.execute(sqlalchemy.text("SELECT COUNT(*) FROM share_visit"))
        result = int(total.scalar()), int(visits.scalar())
    engine.dispose()
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--buyers", type=int, default=8)
    parser.add_argument("--port", type=int, default=5121)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="share-bench-") as folder:
        root = Path(folder)
        setup = build(root)
        cold, warm = render_pdf(setup)
        log = root / "gunicorn.log"
        server = start_gunicorn(setup, args.port, log)
        base = f"http://127.0.0.1:{args.port}"
        try:
            flooded = flood(base, setup, args.seconds, args.buyers)
            client, server_ms = page_times(base, setup, log)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        in_db, visits = stored(setup)
    errors = sum(1 for s in flooded["statuses"] if s >= 500)
    rate = flooded["events"] / flooded["elapsed"]
    rows = [
        ("beacon events ingested", f"{flooded['events']:,} in {flooded['elapsed']:.1f} s"),
        ("beacon events/s (gunicorn, 2 workers, SQLite)", f"{rate:,.0f}"),
        ("beacons answered 5xx", f"{errors}"),
        ("ms sent / ms stored (nothing lost)", f"{flooded['ms']:,} / {in_db:,}"),
        ("views counted", f"{visits:,}"),
        ("buyer page server p50 / p95 (ms, warm)",
         f"{statistics.median(server_ms):.1f} / {percentile(server_ms, 0.95):.1f}"),
        ("buyer page client p50 / p95 (ms, warm)",
         f"{statistics.median(client):.1f} / {percentile(client, 0.95):.1f}"),
        ("20-page PDF: first render / from cache (s)", f"{cold:.2f} / {warm:.3f}"),
    ]
    width = max(len(name) for name, _ in rows)
    print(f"| {'measure'.ljust(width)} | value |\n|{'-' * (width + 2)}|-------|")
    for name, value in rows:
        print(f"| {name.ljust(width)} | {value} |")
    ok = errors == 0 and in_db == flooded["ms"]
    print("OK" if ok else "FAILED: events lost or server errors")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
