"""`flask news …`: exit codes, per-feed lines, the loop, and what admins run around it."""

from __future__ import annotations

import os
import signal
import threading
from pathlib import Path

from sqlalchemy import func, select

from enablement.extensions import db
from enablement.models import NewsFeed, NewsItem
from enablement.news.cli import _progress
from enablement.news.poller import FeedOutcome
from tests.news import support
from tests.news.support import Reply, numbered_items, rss

# Fixtures shared by the news tests (a real feed server, an app with tiny deadlines).
feed_server = support.feed_server
feeds_file = support.feeds_file
news_app = support.news_app

ROOT = Path(__file__).parent.parent.parent


def cli(news_app, *args):
    return news_app.test_cli_runner().invoke(args=["news", *args])


def test_poll_exits_0_even_when_feeds_fail_and_prints_their_errors(
        news_app, feed_server, feeds_file):
    feed_server.feed("/ok.xml", rss(*numbered_items(3)))
    feed_server.reply("/missing.xml", Reply(404, b""))
    feeds_file.write([{"id": "ok", "url": feed_server.url("/ok.xml")},
                      {"id": "missing", "url": feed_server.url("/missing.xml")}])
    result = cli(news_app, "poll")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    failed = [line for line in lines if "missing" in line]
    assert len(failed) == 1 and "404" in failed[0] and "error: HTTP 404 Not Found" in failed[0]
    assert "retrying in 1 h (error 1 in a row)" in failed[0]
    assert not any(line.startswith("[") and " ok " in line for line in lines)  # not a terminal
    assert lines[-1].startswith("Polled 2 feeds in ")
    assert "3 new, 0 updated, 1 failed, 0 not due" in lines[-1]

    again = cli(news_app, "poll")
    assert "Polled 0 feeds" in again.output and "2 not due" in again.output
    forced = cli(news_app, "poll", "--force")
    assert "Polled 2 feeds" in forced.output
    assert feed_server.hits("/ok.xml")[-1].headers["if-none-match"] == '"v1"'


def test_poll_exits_1_when_it_cannot_run(news_app, feeds_file):
    feeds_file.write_text("markets:\n  construction:\n    name: Construction\n"
                          "    query: 'OSHA OR'\n")
    result = cli(news_app, "poll")
    assert result.exit_code == 1
    assert "cannot poll:" in result.output and "line 4" in result.output


def test_a_progress_line_per_feed_on_a_terminal(capsys):
    report = _progress(True)
    report(FeedOutcome("construction-dive", "Construction Dive", "ok", 200, new=4,
                       elapsed=0.31), 1, 12)
    report(FeedOutcome("osha", "OSHA", "error", 503, error="HTTP 503 Service Unavailable",
                       note="retrying in 2 h (error 2 in a row)", elapsed=1.0), 2, 12)
    quiet = _progress(False)
    quiet(FeedOutcome("fine", "Fine", "ok", 304), 3, 12)
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "[ 1/12] construction-dive            200   0.3s  4 new, 0 updated",
        "[ 2/12] osha                         503   1.0s  error: HTTP 503 Service Unavailable; "
        "retrying in 2 h (error 2 in a row)",
    ]


def test_poll_loop_runs_until_sigterm(news_app, feed_server, feeds_file):
    feed_server.feed("/ok.xml", rss(*numbered_items(2)))
    feeds_file.write([{"id": "ok", "url": feed_server.url("/ok.xml")}])
    news_app.config["NEWS_LOOP_MAX_SLEEP"] = 0.05
    before = signal.getsignal(signal.SIGTERM)
    timer = threading.Timer(0.6, os.kill, (os.getpid(), signal.SIGTERM))
    timer.start()
    try:
        result = cli(news_app, "poll", "--loop", "--force")
    finally:
        timer.cancel()
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Polling on schedule")
    assert "Polled 1 feeds" in result.output
    assert result.output.rstrip().splitlines()[-1].startswith("Stopped after ")
    assert signal.getsignal(signal.SIGTERM) == before  # handlers restored


def test_feeds_lists_state_and_errors(news_app, feed_server, feeds_file):
    feed_server.reply("/gone.xml", Reply(410, b""))
    feeds_file.write([{"id": "gone-wire", "url": feed_server.url("/gone.xml")}])
    cli(news_app, "poll")
    output = cli(news_app, "feeds").output
    assert output.startswith("gone-wire")
    assert " gone " in output and "HTTP 410 Gone" in output


def test_retry_puts_a_feed_back_on_the_schedule(news_app, feed_server, feeds_file):
    feed_server.reply("/gone.xml", Reply(410, b""))
    feeds_file.write([{"id": "gone-wire", "url": feed_server.url("/gone.xml")}])
    cli(news_app, "poll")
    result = cli(news_app, "retry", "gone-wire")
    assert result.exit_code == 0 and "will be polled on the next round" in result.output
    db.session.expire_all()
    assert db.session.scalar(select(NewsFeed.state)) == "new"
    missing = cli(news_app, "retry", "nope")
    assert missing.exit_code == 1 and "no such feed" in missing.output


def test_check_validates_feeds_yml(news_app, feeds_file):
    feeds_file.write([{"id": "wire", "url": "https://wire.example/feed.xml", "interval": "1m"}])
    good = cli(news_app, "check")
    assert good.exit_code == 0
    assert "is valid: 3 markets, 1 feeds, a suppress rule." in good.output
    assert "warning: line" in good.output and "outside 15m–24h" in good.output
    text = feeds_file.path.read_text()
    feeds_file.write_text(text.replace("query: 'freight", "query: '(freight"))
    bad = cli(news_app, "check")
    assert bad.exit_code == 1
    assert "line 10: market `logistics`: the query this `(` is never closed" in bad.output


def test_the_shipped_feeds_yml_is_valid(news_app):
    news_app.config["FEEDS_FILE"] = str(ROOT / "feeds.yml")
    result = cli(news_app, "check")
    assert result.exit_code == 0, result.output
    assert "7 markets, 17 feeds, a suppress rule." in result.output


def test_retag_applies_edited_queries_to_stored_items(news_app, feed_server, feeds_file):
    feed_server.feed("/ok.xml", rss(*numbered_items(3, topic="warehouse")))
    feeds_file.write([{"id": "ok", "url": feed_server.url("/ok.xml")}])
    cli(news_app, "poll")
    assert all(item.markets == ["logistics"] for item in db.session.scalars(select(NewsItem)))
    feeds_file.write([{"id": "ok", "url": feed_server.url("/ok.xml")}],
                     markets=feeds_file.path.read_text().split("feeds:")[0]
                     .replace("'freight OR \"cold storage\" OR warehous*'", "freight"))
    result = cli(news_app, "retag")
    assert result.output.strip() == "Re-tagged 3 items; 3 changed."
    db.session.expire_all()
    assert all(item.markets == [] for item in db.session.scalars(select(NewsItem)))
    assert cli(news_app, "retag").output.strip() == "Re-tagged 3 items; 0 changed."


def test_retag_needs_a_usable_feeds_yml(news_app, feeds_file):
    feeds_file.write_text("markets: [")
    assert cli(news_app, "retag").exit_code == 1


def test_demo_load_reports_the_demo_news(news_app):
    news_app.config["FEEDS_FILE"] = str(ROOT / "feeds.yml")
    result = news_app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert "Loaded 35 demo news items." in result.output
    assert db.session.scalar(select(func.count(NewsItem.id))) == 35
    markets = {tag.market for item in db.session.scalars(select(NewsItem)) for tag in item.tags}
    assert markets == {"construction", "healthcare", "logistics", "manufacturing", "retail",
                       "energy", "hospitality"}


def test_search_maintenance_knows_news_items(news_app, feed_server, feeds_file):
    feed_server.feed("/ok.xml", rss(*numbered_items(3)))
    feeds_file.write([{"id": "ok", "url": feed_server.url("/ok.xml")}])
    cli(news_app, "poll")
    runner = news_app.test_cli_runner()
    check = runner.invoke(args=["search", "check"])
    assert check.exit_code == 0 and "Index and database agree." in check.output
    item = db.session.scalars(select(NewsItem)).first()
    item.suppressed = True  # kept out of search from now on
    db.session.commit()
    assert "Applied 1 pending changes." in runner.invoke(args=["search", "drain"]).output
    assert "Index and database agree." in runner.invoke(args=["search", "check"]).output
    reindex = runner.invoke(args=["search", "reindex"])
    assert reindex.exit_code == 0 and "Reindexed 2 documents." in reindex.output
