"""The poller against a real HTTP server: schedule, conditional GET, dedup, edits, failures."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from flask import current_app
from sqlalchemy import func, select

from enablement.extensions import db
from enablement.models import NewsFeed, NewsItem, NewsTombstone, SearchOutbox
from enablement.news import poller as poller_module
from enablement.news import services
from enablement.news.config import news_config
from enablement.news.poller import (
    Poller,
    PollerUnavailable,
    backoff,
    base_interval,
    poll,
    poll_loop,
    seconds_until_next_poll,
)
from enablement.search.outbox import index_location
from tests.news import support
from tests.news.support import FEEDS, FeedServer, Reply, numbered_items, rss, rss_item

# Fixtures shared by the news tests (a real feed server, an app with tiny deadlines).
feed_server = support.feed_server
feeds_file = support.feeds_file
news_app = support.news_app
news_user = support.news_user

HOUR = 3600


class Clock:
    """The poller's idea of now, moved by the test."""

    def __init__(self, start: datetime | None = None):
        self.now = (start or datetime.now(UTC)).replace(microsecond=0)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock():
    return Clock()


def run(clock: Clock, force: bool = False):
    return Poller(current_app.config, news_config(), now=clock).run(force=force)


def feed_row(key: str) -> NewsFeed:
    db.session.expire_all()
    return db.session.scalar(select(NewsFeed).where(NewsFeed.key == key))


def items(key: str | None = None) -> list[NewsItem]:
    db.session.expire_all()
    query = select(NewsItem).order_by(NewsItem.id)
    if key:
        query = query.join(NewsFeed).where(NewsFeed.key == key)
    return list(db.session.scalars(query))


def one_feed(feed_server, feeds_file, body: bytes, path: str = "/feed.xml", **spec):
    feed_server.feed(path, body)
    feeds_file.write([{"id": "wire", "url": feed_server.url(path), **spec}])


# ---------------------------------------------------------------- the happy path


def test_first_poll_stores_tagged_items_and_makes_them_searchable(
        news_app, feed_server, feeds_file):
    one_feed(feed_server, feeds_file, rss(*numbered_items(3), rss_item(
        "Hospital system opens cold storage hub", guid="h", link="https://news.example/h")))
    report = poll()
    assert (report.new, report.updated, report.failed) == (4, 0, [])
    stored = items()
    assert [i.title for i in stored][:1] == ["Story 0 about a contractor"]
    hospital = stored[-1]
    assert hospital.markets == ["healthcare", "logistics"]
    assert hospital.matched == {"healthcare": ["hospital"], "logistics": ['"cold storage"']}
    feed = feed_row("wire")
    assert (feed.state, feed.last_status, feed.etag, feed.error_streak) == ("ok", 200, '"v1"', 0)
    assert db.session.scalar(select(func.count(SearchOutbox.id))) == 0
    with index_location().open().searcher() as searcher:
        keys = {fields["doc_key"] for fields in searcher.all_stored_fields()}
    assert keys == {f"news:{item.id}" for item in stored}


def test_a_second_poll_of_an_unchanged_feed_costs_a_304_and_stores_nothing(
        news_app, feed_server, feeds_file, clock):
    one_feed(feed_server, feeds_file, rss(*numbered_items(3)))
    run(clock)
    before = [(i.id, i.updated_at) for i in items()]
    outbox = db.session.scalar(select(func.count(SearchOutbox.id)))
    clock.advance(hours=2)
    report = run(clock)
    assert [o.status for o in report.outcomes] == [304]
    assert (report.new, report.updated) == (0, 0)
    assert [(i.id, i.updated_at) for i in items()] == before
    assert db.session.scalar(select(func.count(SearchOutbox.id))) == outbox  # nothing to index
    second = feed_server.hits("/feed.xml")[1].headers
    assert second["if-none-match"] == '"v1"'
    assert second["if-modified-since"] == "Tue, 10 Jun 2025 04:00:00 GMT"
    assert feed_row("wire").last_success_at == clock.now


def test_feeds_are_only_polled_when_due_unless_forced(news_app, feed_server, feeds_file, clock):
    one_feed(feed_server, feeds_file, rss(*numbered_items(1)), interval="2h")
    run(clock)
    next_poll = feed_row("wire").next_poll_at
    assert clock.now + timedelta(hours=2) <= next_poll <= clock.now + timedelta(hours=2.2)
    clock.advance(hours=1)
    assert run(clock).outcomes == []  # not due
    assert len(run(clock, force=True).outcomes) == 1  # --force: due or not ...
    assert feed_server.hits("/feed.xml")[-1].headers["if-none-match"] == '"v1"'  # ... conditional


def test_an_unconditional_fetch_every_12_hours_skips_parsing_an_identical_body(
        news_app, feed_server, feeds_file, clock, monkeypatch):
    one_feed(feed_server, feeds_file, rss(*numbered_items(2)))
    run(clock)
    clock.advance(hours=13)
    parsed = []
    monkeypatch.setattr(poller_module, "parse_feed",
                        lambda *a, **k: parsed.append(1))  # must not be called
    report = run(clock)
    assert "if-none-match" not in feed_server.hits("/feed.xml")[-1].headers
    assert report.outcomes[0].status == 200 and parsed == []
    assert (report.new, report.updated) == (0, 0)


def test_edited_items_are_updated_in_place_and_retagged(news_app, feed_server, feeds_file, clock):
    first = rss(rss_item("Port news", guid="p1", link="https://news.example/p1",
                         description="Quiet week at the port."))
    feed_server.feed("/feed.xml", first, etag='"a"')
    feeds_file.write([{"id": "wire", "url": feed_server.url("/feed.xml")}])
    run(clock)
    original = items()[0]
    assert original.markets == []
    clock.advance(hours=2)
    edited = rss(rss_item("Port news", guid="p1", link="https://news.example/p1",
                          description="Freight volumes doubled at the port.",
                          date=clock.now - timedelta(minutes=5)))
    feed_server.feed("/feed.xml", edited, etag='"b"')
    report = run(clock)
    assert (report.new, report.updated) == (0, 1)
    (item,) = items()
    assert item.id == original.id
    assert item.published_at == original.published_at  # same place in the digest
    assert item.first_seen_at == original.first_seen_at
    assert item.updated_at == clock.now
    assert item.matched == {"logistics": ["freight"]}
    assert feed_row("wire").etag == '"b"'


def test_duplicate_guids_in_one_fetch_are_stored_once(news_app, feed_server, feeds_file):
    one_feed(feed_server, feeds_file, rss(
        *numbered_items(30),
        rss_item("Same guid again", guid="story-0", link="https://news.example/again")))
    assert poll().new == 30
    assert "Same guid again" not in [i.title for i in items()]


def test_a_feed_whose_guids_repeat_is_keyed_by_link_without_duplicating(
        news_app, feed_server, feeds_file, clock):
    healthy = [rss_item(f"Story {i}", guid=f"g{i}", link=f"https://news.example/{i}")
               for i in range(4)]
    one_feed(feed_server, feeds_file, rss(*healthy))
    run(clock)
    # The feed breaks: every entry now carries the same guid.
    broken = [rss_item(f"Story {i}", guid="same", link=f"https://news.example/{i}")
              for i in range(5)]
    feed_server.feed("/feed.xml", rss(*broken), etag='"v2"')
    clock.advance(hours=2)
    report = run(clock)
    assert (report.new, report.updated) == (1, 0)
    assert feed_row("wire").key_kind == "link"
    assert sorted(i.title for i in items()) == [f"Story {i}" for i in range(5)]


def test_purged_items_do_not_come_back(news_app, feed_server, feeds_file, clock):
    old = clock.now - timedelta(days=100)
    body = rss(rss_item("Old story", guid="old", link="https://news.example/old",
                        date=clock.now - timedelta(days=1)))
    one_feed(feed_server, feeds_file, body)
    run(clock)
    item = items()[0]
    item.published_at = old  # it has aged past the retention period
    db.session.commit()
    clock.advance(hours=2)
    feed_server.feed("/feed.xml", body, etag='"again"')
    report = run(clock)
    assert report.purged == 1 and items() == []
    assert db.session.scalar(select(func.count(NewsTombstone.id))) >= 1
    clock.advance(hours=2)
    feed_server.feed("/feed.xml", body + b" ", etag='"and-again"')
    assert run(clock).new == 0
    assert items() == []


def test_pinned_and_annotated_items_are_kept_past_retention(
        news_app, feed_server, feeds_file, clock):
    one_feed(feed_server, feeds_file, rss(*numbered_items(2)))
    run(clock)
    first, second = items()
    first.pinned, second.talking_points = True, "Say this."
    first.published_at = second.published_at = clock.now - timedelta(days=200)
    db.session.commit()
    clock.advance(hours=2)
    assert run(clock).purged == 0
    assert len(items()) == 2


def test_very_old_entries_are_not_stored(news_app, feed_server, feeds_file, clock):
    one_feed(feed_server, feeds_file, rss(
        rss_item("Ancient", guid="a", date=clock.now - timedelta(days=400)),
        rss_item("Fresh", guid="f", date=clock.now - timedelta(days=1))))
    run(clock)
    assert [i.title for i in items()] == ["Fresh"]


def test_dates_missing_or_in_the_future_become_the_first_seen_time(
        news_app, feed_server, feeds_file, clock):
    one_feed(feed_server, feeds_file, rss(
        rss_item("Undated", guid="u"),
        rss_item("From the future", guid="f", date=clock.now + timedelta(days=3)),
        rss_item("Yesterday", guid="y", date=clock.now - timedelta(days=1))))
    run(clock)
    dates = {i.title: i.published_at for i in items()}
    assert dates["Undated"] == dates["From the future"] == clock.now
    assert dates["Yesterday"] == clock.now - timedelta(days=1)
    future = next(i for i in items() if i.title == "From the future")
    assert future.source_published_at == clock.now + timedelta(days=3)


def test_hostile_html_is_stored_sanitised(news_app, feed_server, feeds_file):
    body = (FEEDS / "hostile.xml").read_bytes().replace(
        b"<pubDate>Tue, 10 Jun 2025 04:00:00 GMT</pubDate>", b"")
    one_feed(feed_server, feeds_file, body)
    poll()
    (item,) = items()
    assert item.title == "Contractor wins & loses"
    assert "<script" not in item.summary and "javascript:" not in item.summary
    assert item.url == "https://hostile.example/story/1?id=1"


def test_feed_markets_and_suppress(news_app, feed_server, feeds_file):
    feed_server.feed("/feed.xml", rss(
        rss_item("Upcoming webinar: contractor payments", guid="w"),
        rss_item("Quarterly numbers", guid="q", description="<p>Nothing about any market.</p>")))
    feeds_file.write([{"id": "wire", "url": feed_server.url("/feed.xml"),
                       "markets": ["healthcare"]}])
    poll()
    webinar, numbers = items()
    assert webinar.suppressed and not numbers.suppressed
    assert numbers.matched == {"healthcare": []}  # from the feed, not a query
    assert numbers.tags[0].via_feed
    assert webinar.matched == {"construction": ["contractor"], "healthcare": []}
    assert services.why_tagged(numbers) == [("Healthcare", "from Wire")]
    with index_location().open().searcher() as searcher:
        keys = {fields["doc_key"] for fields in searcher.all_stored_fields()}
    assert keys == {f"news:{numbers.id}"}  # suppressed items stay out of search


# ---------------------------------------------------------------- failures


@pytest.mark.parametrize("status", [404, 500, 502])
def test_errors_back_off_doubling_to_a_day_and_keep_retrying(
        news_app, feed_server, feeds_file, clock, status):
    feed_server.reply("/feed.xml", Reply(status, b"nope"))
    feeds_file.write([{"id": "wire", "url": feed_server.url("/feed.xml"), "interval": "1h"}])
    delays = []
    for _ in range(8):
        report = run(clock, force=True)
        feed = feed_row("wire")
        delays.append((feed.next_poll_at - clock.now).total_seconds() / HOUR)
        clock.advance(hours=1)
    assert report.outcomes[0].error.startswith(f"HTTP {status}")
    expected = [1, 2, 4, 8, 16, 24, 24, 24]
    assert all(hours <= delay <= hours * 1.1 for delay, hours in zip(delays, expected,
                                                                      strict=True)), delays
    assert (feed.state, feed.error_streak) == ("error", 8)
    assert feed.last_error.startswith(f"HTTP {status}")


def test_a_success_resets_the_error_streak(news_app, feed_server, feeds_file, clock):
    feed_server.reply("/feed.xml", Reply(500, b""))
    feeds_file.write([{"id": "wire", "url": feed_server.url("/feed.xml")}])
    run(clock)
    run(clock, force=True)
    assert feed_row("wire").error_streak == 2
    feed_server.feed("/feed.xml", rss(*numbered_items(1)))
    run(clock, force=True)
    feed = feed_row("wire")
    assert (feed.state, feed.error_streak, feed.last_error) == ("ok", 0, None)


def test_a_month_of_errors_pauses_the_feed_until_an_admin_retries(
        news_app, feed_server, feeds_file, clock, news_user):
    feed_server.reply("/feed.xml", Reply(404, b""))
    feeds_file.write([{"id": "wire", "url": feed_server.url("/feed.xml")}])
    run(clock)
    feed = feed_row("wire")
    feed.created_at = clock.now - timedelta(days=31)
    db.session.commit()
    for _ in range(9):
        clock.advance(days=1)
        run(clock, force=True)
    feed = feed_row("wire")
    assert (feed.state, feed.next_poll_at) == ("disabled", None)
    assert "polling is paused until an admin retries it" in feed.last_error
    clock.advance(days=5)
    assert run(clock, force=True).outcomes == []  # not even --force: an admin decides
    services.retry_feed(news_user("admin"), "wire")
    db.session.commit()
    later = Clock(datetime.now(UTC) + timedelta(seconds=5))
    assert len(run(later).outcomes) == 1


def test_410_marks_the_feed_gone(news_app, feed_server, feeds_file, clock, news_user):
    feed_server.reply("/feed.xml", Reply(410, b"gone"))
    feeds_file.write([{"id": "wire", "url": feed_server.url("/feed.xml")}])
    report = run(clock)
    assert report.outcomes[0].error == "HTTP 410 Gone: marked gone, no longer polled"
    feed = feed_row("wire")
    assert (feed.state, feed.next_poll_at) == ("gone", None)
    assert run(clock, force=True).outcomes == []
    assert len(feed_server.requests) == 1
    services.retry_feed(news_user("admin"), "wire")
    db.session.commit()
    assert feed_row("wire").state == "new"
    clock.advance(seconds=5)
    assert len(run(clock).outcomes) == 1


@pytest.mark.parametrize(("status", "retry_after", "wait_hours"), [
    (429, "120", 0.25),  # two minutes: clamped up to 15 min
    (429, "7200", 2),
    (429, "999999", 24),  # clamped down to a day
    (429, None, 1),  # no header: the feed's interval
    (503, "3600", 1),
])
def test_429_and_503_wait_for_retry_after_clamped(
        news_app, feed_server, feeds_file, clock, status, retry_after, wait_hours):
    headers = {"Retry-After": retry_after} if retry_after else {}
    feed_server.reply("/feed.xml", Reply(status, b"", headers))
    feeds_file.write([{"id": "wire", "url": feed_server.url("/feed.xml")}])
    report = run(clock)
    feed = feed_row("wire")
    assert feed.state == "throttled"
    assert feed.error_streak == 0  # a polite request to wait is not a failure
    assert feed.next_poll_at == clock.now + timedelta(hours=wait_hours)
    assert "asked us to wait" in report.outcomes[0].error


def test_503_without_retry_after_is_an_error(news_app, feed_server, feeds_file, clock):
    feed_server.reply("/feed.xml", Reply(503, b""))
    feeds_file.write([{"id": "wire", "url": feed_server.url("/feed.xml")}])
    run(clock)
    assert (feed_row("wire").state, feed_row("wire").error_streak) == ("error", 1)


def test_permanent_redirects_move_the_feed_after_three_polls(
        news_app, feed_server, feeds_file, clock):
    feed_server.reply("/old.xml", Reply(301, b"", {"Location": "/new.xml"}))
    feed_server.feed("/new.xml", rss(*numbered_items(2)))
    feeds_file.write([{"id": "wire", "url": feed_server.url("/old.xml")}])
    notes = []
    for _ in range(4):
        notes.append(run(clock, force=True).outcomes[0].note)
        clock.advance(hours=1)
    assert notes[0].startswith("redirected permanently to") and "(1 of 3 polls)" in notes[0]
    assert notes[2].startswith("moved permanently to") and "Update the url in feeds.yml" in notes[2]
    assert [seen.path for seen in feed_server.requests] == [
        "/old.xml", "/new.xml", "/old.xml", "/new.xml", "/old.xml", "/new.xml", "/new.xml"]
    feed = feed_row("wire")
    assert feed.poll_url == feed_server.url("/new.xml")
    assert len(items()) == 2  # the same items each time, stored once
    # The admin updates feeds.yml: the feed starts afresh at the new address.
    feeds_file.write([{"id": "wire", "url": feed_server.url("/new.xml")}])
    run(clock, force=True)
    feed = feed_row("wire")
    assert (feed.url, feed.moved_to, feed.moved_votes) == (feed_server.url("/new.xml"), None, 0)


def test_a_hanging_feed_fails_in_bounded_time_and_the_others_still_arrive(
        news_app, feed_server, feeds_file):
    second = FeedServer("127.0.0.2")
    try:
        feed_server.reply("/hang.xml", Reply(200, b"", delay=30))
        second.feed("/ok.xml", rss(*numbered_items(3)))
        feeds_file.write([{"id": "hangs", "url": feed_server.url("/hang.xml")},
                          {"id": "fine", "url": second.url("/ok.xml")}])
        started = time.monotonic()
        report = poll()
        assert time.monotonic() - started < 4.0  # deadlines: read 1 s, total 2 s
    finally:
        second.close()
    outcomes = {o.key: o for o in report.outcomes}
    assert outcomes["hangs"].error.startswith("the server stopped sending")
    assert outcomes["fine"].new == 3
    assert feed_row("hangs").state == "error"


@pytest.mark.parametrize(("reply", "error"), [
    (Reply(200, b"<html><body>Not a feed</body></html>", {"Content-Type": "text/html"}),
     "not a readable RSS or Atom feed"),
    (Reply(200, b"", {"Content-Type": "application/rss+xml"}), "empty body"),
    (Reply(200, b"x" * (300 * 1024)), "larger than"),
])
def test_unusable_bodies_are_feed_errors(news_app, feed_server, feeds_file, reply, error):
    feed_server.reply("/feed.xml", reply)
    feeds_file.write([{"id": "wire", "url": feed_server.url("/feed.xml")}])
    report = poll()
    assert error in report.outcomes[0].error
    assert error in feed_row("wire").last_error


def test_an_empty_feed_is_a_success(news_app, feed_server, feeds_file):
    one_feed(feed_server, feeds_file, (FEEDS / "empty.xml").read_bytes())
    report = poll()
    assert report.failed == [] and report.new == 0
    feed = feed_row("wire")
    assert feed.state == "ok"
    assert feed.min_interval == 3 * HOUR  # its <ttl> is a floor for the schedule


def test_a_recoverable_feed_is_stored_with_a_warning(news_app, feed_server, feeds_file):
    one_feed(feed_server, feeds_file, (FEEDS / "malformed-with-entries.xml").read_bytes())
    report = poll()
    assert report.new == 2 and report.failed == []
    assert feed_row("wire").last_warning.startswith("the feed has errors but could be read")


def test_private_addresses_are_refused_unless_allowed(news_app, feed_server, feeds_file):
    one_feed(feed_server, feeds_file, rss(*numbered_items(1)))
    current_app.config["NEWS_ALLOW_PRIVATE_NETWORKS"] = False
    report = poll()
    assert "NEWS_ALLOW_PRIVATE_NETWORKS=1" in report.outcomes[0].error
    assert feed_server.requests == []


def _patient(app) -> None:
    """Deadlines a loaded test machine can't trip: these tests measure overlap, not hangs."""
    app.config.update(NEWS_READ_TIMEOUT=5.0, NEWS_TOTAL_TIMEOUT=10.0)


def test_one_request_at_a_time_per_host(news_app, feed_server, feeds_file):
    _patient(news_app)
    for n in range(4):
        feed_server.reply(f"/f{n}.xml", Reply(200, rss(*numbered_items(1, start=n)), delay=0.15))
    feeds_file.write([{"id": f"f{n}", "url": feed_server.url(f"/f{n}.xml")} for n in range(4)])
    started = time.monotonic()
    report = poll()
    assert report.new == 4
    assert feed_server.most_active == 1
    assert time.monotonic() - started >= 0.6


def test_different_hosts_are_polled_in_parallel(news_app, feed_server, feeds_file):
    _patient(news_app)
    other = FeedServer("127.0.0.2")
    try:
        for server in (feed_server, other):
            for n in range(2):
                server.reply(f"/f{n}.xml", Reply(200, rss(*numbered_items(1)), delay=0.3))
        feeds_file.write([{"id": f"{server.host}-{n}", "url": server.url(f"/f{n}.xml")}
                          for server in (feed_server, other) for n in range(2)])
        report = poll()
    finally:
        other.close()
    assert len(report.outcomes) == 4 and report.failed == []
    assert feed_server.most_active == other.most_active == 1
    # The two hosts were served side by side: some request of one overlapped one of the other.
    assert any(a_start < b_end and b_start < a_end
               for a_start, a_end in feed_server.busy for b_start, b_end in other.busy)


def test_a_database_failure_for_one_feed_is_recorded_and_the_run_goes_on(
        news_app, feed_server, feeds_file, monkeypatch):
    feed_server.feed("/a.xml", rss(*numbered_items(2)))
    feed_server.feed("/b.xml", rss(*numbered_items(2)))
    feeds_file.write([{"id": "a", "url": feed_server.url("/a.xml")},
                      {"id": "b", "url": feed_server.url("/b.xml")}])
    real = poller_module.store_entries

    def flaky(feed, *args, **kwargs):
        if feed.key == "a":
            raise RuntimeError("disk full")
        return real(feed, *args, **kwargs)

    monkeypatch.setattr(poller_module, "store_entries", flaky)
    report = poll()
    outcomes = {o.key: o for o in report.outcomes}
    assert "could not store the items" in outcomes["a"].error
    assert outcomes["b"].new == 2
    assert feed_row("a").state == "error"


# ---------------------------------------------------------------- configuration and the loop


def test_feeds_yml_errors_keep_the_last_good_configuration(news_app, feed_server, feeds_file):
    one_feed(feed_server, feeds_file, rss(*numbered_items(1)))
    poll()
    feeds_file.write_text(feeds_file.path.read_text().replace("OSHA OR", "OSHA OR ("))
    report = poll(force=True)
    assert len(report.outcomes) == 1
    assert "line 4" in report.config_error and "previous good version" in report.config_error


def test_no_usable_configuration_means_the_poll_cannot_run(news_app, feeds_file):
    feeds_file.write_text("markets: [broken\n")
    with pytest.raises(PollerUnavailable, match="line 2"):
        poll()


def test_feeds_removed_from_feeds_yml_are_no_longer_polled(
        news_app, feed_server, feeds_file, clock):
    one_feed(feed_server, feeds_file, rss(*numbered_items(1)))
    run(clock)
    feeds_file.write([])
    assert run(clock, force=True).outcomes == []
    rows = services.feed_rows()
    assert [(r.key, r.in_config, r.items) for r in rows] == [("wire", False, 1)]


def test_schedule_helpers():
    feed = NewsFeed(min_interval=0)
    assert base_interval(feed, None, 60) == HOUR
    assert base_interval(feed, 5 * 60, 60) == 15 * 60
    feed.min_interval = 3 * HOUR
    assert base_interval(feed, HOUR, 60) == 3 * HOUR
    assert [backoff(HOUR, n) / HOUR for n in (1, 2, 3, 5, 6, 9)] == [1, 2, 4, 16, 24, 24]
    assert backoff(6 * HOUR, 3) == 24 * HOUR


def test_max_age_is_a_floor_for_the_schedule(news_app, feed_server, feeds_file, clock):
    feed_server.feed("/feed.xml", rss(*numbered_items(1)),
                     extra={"Cache-Control": "public, max-age=7200"})
    feeds_file.write([{"id": "wire", "url": feed_server.url("/feed.xml"), "interval": "30m"}])
    run(clock)
    feed = feed_row("wire")
    assert feed.min_interval == 7200
    assert feed.next_poll_at >= clock.now + timedelta(hours=2)


def test_the_loop_polls_on_schedule_until_stopped(news_app, feed_server, feeds_file):
    one_feed(feed_server, feeds_file, rss(*numbered_items(2)))
    stop = threading.Event()
    said = []

    def echo(line):
        said.append(line)
        if len(said) == 2:
            stop.set()

    feeds_file.write_text(feeds_file.path.read_text())
    runs = poll_loop(stop, echo, max_sleep=0.01)
    assert runs == 2
    assert said[0].startswith("Polled 1 feeds") and said[1].startswith("Polled 0 feeds")
    assert 0 < seconds_until_next_poll() <= 2 * HOUR


def test_the_loop_survives_a_broken_configuration(news_app, feeds_file):
    feeds_file.write_text("markets: [broken\n")
    stop = threading.Event()
    said = []

    def echo(line):
        said.append(line)
        stop.set()

    assert poll_loop(stop, echo, max_sleep=0.01) == 0
    assert said[0].startswith("Cannot poll:")
    assert seconds_until_next_poll() is None
