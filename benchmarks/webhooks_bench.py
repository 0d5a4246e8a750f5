"""What webhooks cost: publishing with receivers registered, and sending to a local receiver.

    .venv/bin/python benchmarks/webhooks_bench.py [--assets 200] [--receivers 0 1 10]

Prints a table: the time to publish an asset (the service call and its commit, which writes the
outbox rows) with 0, 1 and 10 receivers subscribed, and how many deliveries a worker round sends
per second to a receiver on 127.0.0.1 (each one signed, posted and logged).
Targets: a receiver adds under 1 ms to a publish; a worker sends over 30 deliveries a second
(each is two commits, the claim and the outcome, so SQLite's fsyncs set the pace).
Runs in a temporary instance folder; touches nothing of yours.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import delete  # noqa: E402

from enablement import create_app  # noqa: E402
from enablement.assets import services as assets  # noqa: E402
from enablement.auth import services as auth  # noqa: E402
from enablement.extensions import db  # noqa: E402
from enablement.models import AssetStatus, WebhookDelivery, WebhookEndpoint  # noqa: E402
from enablement.webhooks import services as webhooks  # noqa: E402
from enablement.webhooks.delivery import deliver_due  # noqa: E402


class Receiver(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):  # noqa: N802 - the stdlib's name
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


def publish_ms(owner, count: int) -> float:
    started = time.perf_counter()
    for n in range(count):
        asset = assets.create_asset(owner, "sales_aid", {
            "title": f"Battle card {n}", "summary": "Versus the rival.",
            "markets": ["construction"], "aid_type": "battle_card"})
        assets.change_status(owner, asset, AssetStatus.PUBLISHED)
        db.session.commit()
    return (time.perf_counter() - started) * 1000 / count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--assets", type=int, default=200)
    parser.add_argument("--receivers", type=int, nargs="+", default=[0, 1, 10])
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"INSTANCE_PATH": folder, "SECRET_KEY": "bench", "SERVER_NAME": "hub.test",
                          "DATABASE_URL": f"sqlite:///{folder}/hub.sqlite3",
                          "WEBHOOKS_ALLOW_PRIVATE_NETWORKS": True})
        with app.app_context():
            db.create_all()
            admin = auth.create_user("admin@example.com", "Admin", "admin", "bench password")
            owner = auth.create_user("owner@example.com", "Owner", "marketing", "bench password")
            db.session.commit()
            publish_ms(owner, 20)  # warm up: the first commits open files and caches
            rows = []
            for receivers in args.receivers:
                db.session.execute(delete(WebhookDelivery))
                db.session.execute(delete(WebhookEndpoint))
                for _ in range(receivers):
                    webhooks.create_endpoint(admin, {"url": url, "events": ["asset.published"]})
                db.session.commit()
                took = publish_ms(owner, args.assets)
                rows.append((f"publish, {receivers} receivers", f"{took:.2f} ms"))
                if receivers:
                    pending = args.assets * receivers
                    started = time.perf_counter()
                    sent = 0
                    while sent < pending:
                        sent += deliver_due(limit=200)
                    seconds = time.perf_counter() - started
                    rate = pending / seconds
                    rows.append((f"worker sends {pending} deliveries", f"{rate:.0f} /s"))
    server.shutdown()
    width = max(len(name) for name, _ in rows)
    print(f"{'what':<{width}}  result")
    for name, value in rows:
        print(f"{name:<{width}}  {value}")


if __name__ == "__main__":
    main()
