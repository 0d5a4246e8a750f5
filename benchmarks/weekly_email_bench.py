"""How long the worker takes to send the weekly email: reps opted in for two markets each, a
week of news and new assets, through a real SMTP server on 127.0.0.1.

    .venv/bin/python benchmarks/weekly_email_bench.py [--reps 500] [--news 300] [--assets 100]
                                                    [--smtp-port 5163]

Prints a table: writing one email (gather + compose, no sending), the whole run (claim, write,
send, record, one SMTP connection per email), and the run again once every email is claimed.
Runs in a temporary instance folder; touches nothing of yours.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aiosmtpd.controller import Controller  # noqa: E402

from enablement import create_app  # noqa: E402
from enablement.assets import services as assets  # noqa: E402
from enablement.auth import services as auth  # noqa: E402
from enablement.config import WEEKDAYS  # noqa: E402
from enablement.extensions import db  # noqa: E402
from enablement.markets import markets  # noqa: E402
from enablement.models import (  # noqa: E402
    AssetStatus,
    NewsFeed,
    NewsItem,
    NewsItemMarket,
    User,
    utcnow,
)
from enablement.requests import services as requests  # noqa: E402
from enablement.weekly import services as weekly  # noqa: E402
from enablement.weekly.sending import preview, send_due  # noqa: E402

SHIPPED_FEEDS = Path(__file__).resolve().parent.parent / "feeds.yml"


class Counter:
    def __init__(self):
        self.received = 0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's naming
        self.received += 1
        return "250 Message accepted"


def fill(reps: int, news: int, new_assets: int) -> list[int]:
    rng = random.Random(7)
    slugs = list(markets())
    marketer = auth.create_user("bench-marketing@example.com", "Maya", "marketing", "pw" * 8)
    feed = NewsFeed(key="bench", name="Bench Press", url="https://example.com/feed.xml")
    db.session.add(feed)
    now = utcnow()
    for n in range(news):
        item = NewsItem(feed=feed, key=f"k{n}", title=f"Story {n} about crews and permits",
                        url=f"https://example.com/{n}", summary="<p>What happened.</p>",
                        published_at=now - timedelta(hours=rng.uniform(1, 160)),
                        talking_points="Lead with **safety**." if n % 4 == 0 else "")
        item.tags = [NewsItemMarket(market=slug) for slug in rng.sample(slugs, 2)]
        db.session.add(item)
    for n in range(new_assets):
        asset = assets.create_asset(marketer, "sales_aid", {
            "title": f"Battle card {n}", "summary": "Objections and answers.",
            "aid_type": "battle_card", "markets": rng.sample(slugs, 1)})
        assets.change_status(marketer, asset, AssetStatus.PUBLISHED)
    ids = []
    for n in range(reps):
        rep = auth.create_user(f"rep{n}@example.com", f"Rep {n}", "rep", "pw" * 8)
        weekly.set_weekly_email(rep, True, rng.sample(slugs, 2))
        requests.create_request(rep, f"Case study number {n}", rng.choice(slugs))
        ids.append(rep.id)
    db.session.commit()
    return ids


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=500)
    parser.add_argument("--news", type=int, default=300)
    parser.add_argument("--assets", type=int, default=100)
    parser.add_argument("--smtp-port", type=int, default=5163)
    args = parser.parse_args()
    counter = Counter()
    smtp = Controller(counter, hostname="127.0.0.1", port=args.smtp_port)
    smtp.start()
    now = utcnow()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            app = create_app({
                "INSTANCE_PATH": tmp, "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
                "SECRET_KEY": "bench", "FEEDS_FILE": str(SHIPPED_FEEDS),
                "SEARCH_INDEX_DIR": f"{tmp}/index", "SEARCH_DRAIN_IN_WEB": False,
                "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": args.smtp_port, "MAIL_USE_TLS": False,
                "WEEKLY_EMAIL_WEEKDAY": WEEKDAYS[now.weekday()], "WEEKLY_EMAIL_HOUR": now.hour,
            })
            with app.app_context():
                db.create_all()
                ids = fill(args.reps, args.news, args.assets)
                sample = ids[:50]
                started = time.perf_counter()
                for user_id in sample:
                    preview(db.session.get(User, user_id))
                one = (time.perf_counter() - started) / len(sample) * 1000
                db.session.rollback()
                started = time.perf_counter()
                run = send_due()
                whole = time.perf_counter() - started
                started = time.perf_counter()
                again = send_due()
                second = time.perf_counter() - started
                db.session.remove()
                db.engine.dispose()
    finally:
        smtp.stop()
    print(f"| step | {args.reps} reps, {args.news} news, {args.assets} new assets |")
    print("|---|---|")
    print(f"| write one email (gather + compose) | {one:.1f} ms |")
    print(f"| whole run: claim, write, send, record | {whole:.1f} s "
          f"({whole / max(run.sent, 1) * 1000:.1f} ms per email) |")
    print(f"| emails: sent / nothing to say / failed | {run.sent} / {run.empty} / {run.failed} |")
    print(f"| SMTP server received | {counter.received} |")
    print(f"| run again (everyone had it) | {second * 1000:.0f} ms, {again.sent} sent |")


if __name__ == "__main__":
    main()
