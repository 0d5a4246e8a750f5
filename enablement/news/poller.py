"""Polling the feeds of feeds.yml: who is due, fetching in parallel, and what each answer means.

Worker threads fetch (one request at a time per host) and parse; only the main thread touches
the database. Each feed's outcome is committed on its own, so one feed's trouble never costs
the others their news. Policies and their numbers are in shared/POLLER.md.
"""

from __future__ import annotations

import random
import re
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from importlib import metadata
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import select

from enablement.extensions import db
from enablement.models import FeedState, NewsFeed, utcnow
from enablement.news.config import MAX_INTERVAL, MIN_INTERVAL, NewsConfig, config_registry
from enablement.news.fetch import FetchPolicy, FetchResult, fetch
from enablement.news.parse import ParsedFeed, parse_feed
from enablement.news.store import purge_old_items, store_entries

UNCONDITIONAL_AFTER = timedelta(hours=12)
DISABLE_AFTER = timedelta(days=30)
DISABLE_MIN_ERRORS = 10
JITTER = 0.10
MOVED_VOTES = 3
REASONS = {304: "Not Modified", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden",
           404: "Not Found", 405: "Method Not Allowed", 406: "Not Acceptable",
           408: "Request Timeout", 410: "Gone", 429: "Too Many Requests",
           500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable",
           504: "Gateway Timeout"}
_MAX_AGE = re.compile(r"max-age\s*=\s*(\d+)", re.IGNORECASE)


class PollerUnavailable(Exception):
    """The poll could not run at all (no usable feeds.yml, say)."""


def user_agent(config) -> str:
    try:
        version = metadata.version("enablement-hub")
    except metadata.PackageNotFoundError:
        version = "dev"
    contact = config.get("NEWS_CONTACT_URL")
    return f"EnablementHub/{version} (+{contact})" if contact else \
        f"EnablementHub/{version} (self-hosted feed reader)"


def fetch_policy(config) -> FetchPolicy:
    return FetchPolicy(
        connect_timeout=float(config["NEWS_CONNECT_TIMEOUT"]),
        read_timeout=float(config["NEWS_READ_TIMEOUT"]),
        total_timeout=float(config["NEWS_TOTAL_TIMEOUT"]),
        max_bytes=int(config["NEWS_MAX_BYTES"]),
        max_redirects=int(config["NEWS_MAX_REDIRECTS"]),
        allow_private=bool(config["NEWS_ALLOW_PRIVATE_NETWORKS"]),
        allowed_networks=tuple(config["NEWS_ALLOWED_NETWORKS"]),
        user_agent=user_agent(config),
    )


# ---------------------------------------------------------------- the schedule


def clamp(seconds: float, low: float = MIN_INTERVAL, high: float = MAX_INTERVAL) -> float:
    return min(max(seconds, low), high)


def base_interval(feed: NewsFeed, spec_interval: int | None, default_minutes: int) -> float:
    """The feed's interval (feeds.yml or the default), never below its <ttl> or max-age."""
    interval = clamp(spec_interval or default_minutes * 60)
    return clamp(max(interval, feed.min_interval or 0))


def backoff(interval: float, streak: int) -> float:
    """interval × 2^(n−1), capped at a day: failing feeds are retried daily, never dropped."""
    return min(interval * 2 ** max(streak - 1, 0), MAX_INTERVAL)


def jittered(seconds: float) -> timedelta:
    return timedelta(seconds=seconds * (1 + random.uniform(0, JITTER)))  # noqa: S311  # nosec B311 - schedule jitter


# ---------------------------------------------------------------- one run


@dataclass
class Job:
    key: str
    url: str
    etag: str | None
    last_modified: str | None
    body_hash: str | None


@dataclass
class FeedOutcome:
    key: str
    name: str
    state: str
    status: int | None = None
    new: int = 0
    updated: int = 0
    error: str | None = None
    warning: str | None = None
    note: str | None = None  # moved permanently, gone, throttled
    elapsed: float = 0.0

    def line(self) -> str:
        """One line for the terminal and the log."""
        status = str(self.status) if self.status else "-"
        if self.error:
            what = f"error: {self.error}"
        else:
            what = f"{self.new} new, {self.updated} updated"
            if self.warning:
                what += f" (warning: {self.warning})"
        if self.note:
            what += f"; {self.note}"
        return f"{self.key:<28} {status:>3} {self.elapsed:5.1f}s  {what}"


@dataclass
class PollReport:
    outcomes: list[FeedOutcome] = field(default_factory=list)
    purged: int = 0
    skipped: int = 0  # feeds not due, gone or disabled
    config_error: str | None = None
    elapsed: float = 0.0

    @property
    def failed(self) -> list[FeedOutcome]:
        return [o for o in self.outcomes if o.error]

    @property
    def new(self) -> int:
        return sum(o.new for o in self.outcomes)

    @property
    def updated(self) -> int:
        return sum(o.updated for o in self.outcomes)

    def summary(self) -> str:
        return (f"Polled {len(self.outcomes)} feeds in {self.elapsed:.1f}s: {self.new} new, "
                f"{self.updated} updated, {len(self.failed)} failed, {self.skipped} not due"
                + (f", {self.purged} old items purged" if self.purged else "") + ".")


def sync_feeds(config: NewsConfig) -> dict[str, NewsFeed]:
    """A NewsFeed row for every feed of feeds.yml; a changed URL starts the feed afresh."""
    feeds = {feed.key: feed for feed in db.session.scalars(select(NewsFeed))}
    for spec in config.feeds.values():
        feed = feeds.get(spec.id)
        if feed is None:
            feed = feeds[spec.id] = NewsFeed(key=spec.id, name=spec.name, url=spec.url,
                                             state=FeedState.NEW.value, key_kind="guid")
            db.session.add(feed)
            continue
        feed.name = spec.name
        if feed.url != spec.url:
            feed.url = spec.url
            feed.state = FeedState.NEW.value
            feed.etag = feed.last_modified = feed.body_hash = feed.moved_to = None
            feed.moved_votes = feed.error_streak = 0
            feed.next_poll_at = None
            feed.last_error = None
    db.session.flush()
    return feeds


def due_feeds(config: NewsConfig, feeds: dict[str, NewsFeed], now: datetime,
              force: bool) -> list[NewsFeed]:
    """Feeds to poll now: due ones, or all with `force`; gone and disabled ones wait for an
    admin's "retry now"."""
    due = []
    for spec in config.feeds.values():
        feed = feeds[spec.id]
        if feed.state in (FeedState.GONE, FeedState.DISABLED):
            continue
        if force or feed.next_poll_at is None or feed.next_poll_at <= now:
            due.append(feed)
    return due


def _work(job: Job, policy: FetchPolicy, host_locks, now: datetime,
          max_entries: int) -> tuple[Job, FetchResult, ParsedFeed | None]:
    host = (urlsplit(job.url).hostname or "").lower()
    try:
        with host_locks[host]:
            result = fetch(job.url, policy, etag=job.etag, last_modified=job.last_modified)
        parsed = None
        if result.ok and result.status == 200 and result.body_hash != job.body_hash:
            parsed = parse_feed(result.body, result.headers, result.final_url, now, max_entries)
        return job, result, parsed
    except Exception as error:  # a bug for one feed must not stop the others
        return job, FetchResult(url=job.url, error=f"internal error: {error!r}"), None


class Poller:
    def __init__(self, app_config, config: NewsConfig, now: Callable[[], datetime] = utcnow):
        self.settings = app_config
        self.config = config
        self.now = now
        self.policy = fetch_policy(app_config)

    def run(self, force: bool = False,
            progress: Callable[[FeedOutcome, int, int], None] | None = None) -> PollReport:
        started = time.monotonic()
        report = PollReport()
        now = self.now()
        feeds = sync_feeds(self.config)
        db.session.commit()
        due = due_feeds(self.config, feeds, now, force)
        report.skipped = len(self.config.feeds) - len(due)
        jobs = {}
        for feed in due:
            conditional = feed.last_unconditional_at is not None and \
                now - feed.last_unconditional_at < UNCONDITIONAL_AFTER
            jobs[feed.key] = Job(feed.key, feed.poll_url,
                                 feed.etag if conditional else None,
                                 feed.last_modified if conditional else None,
                                 feed.body_hash)
        host_locks: defaultdict[str, threading.Lock] = defaultdict(threading.Lock)
        workers = max(1, int(self.settings["NEWS_POLL_WORKERS"]))
        max_entries = int(self.settings["NEWS_MAX_ENTRIES"])
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="news-poll") as pool:
            futures = [pool.submit(_work, job, self.policy, host_locks, now, max_entries)
                       for job in jobs.values()]
            for done, future in enumerate(as_completed(futures), start=1):
                job, result, parsed = future.result()
                outcome = self._record(feeds[job.key], job, result, parsed)
                report.outcomes.append(outcome)
                if progress:
                    progress(outcome, done, len(futures))
        report.purged = purge_old_items(self.now(), int(self.settings["NEWS_RETENTION_DAYS"]),
                                        int(self.settings["NEWS_TOMBSTONE_DAYS"]))
        db.session.commit()
        report.elapsed = time.monotonic() - started
        return report

    # ------------------------------------------------------------ one feed's answer

    def _record(self, feed: NewsFeed, job: Job, result: FetchResult,
                parsed: ParsedFeed | None) -> FeedOutcome:
        try:
            outcome = self._apply(feed, job, result, parsed)
            db.session.commit()
        except Exception as error:  # the database refused this feed's items: record, go on
            db.session.rollback()
            current_app.logger.exception("news: storing %s failed", job.key)
            feed = db.session.get(NewsFeed, feed.id)
            outcome = FeedOutcome(job.key, feed.name, feed.state, result.status,
                                  elapsed=result.elapsed)
            self._failed(feed, outcome, f"could not store the items: {error!r}"[:500],
                         self._interval(feed))
            db.session.commit()
        return outcome

    def _interval(self, feed: NewsFeed) -> float:
        spec = self.config.feeds.get(feed.key)
        return base_interval(feed, spec.interval if spec else None,
                             int(self.settings["NEWS_DEFAULT_INTERVAL_MINUTES"]))

    def _apply(self, feed: NewsFeed, job: Job, result: FetchResult,
               parsed: ParsedFeed | None) -> FeedOutcome:
        now = self.now()
        outcome = FeedOutcome(feed.key, feed.name, feed.state, result.status,
                              elapsed=result.elapsed)
        feed.last_polled_at = now
        feed.last_status = result.status
        feed.last_duration_ms = int(result.elapsed * 1000)
        feed.last_new = feed.last_updated = 0
        if not job.etag and not job.last_modified and result.status is not None:
            feed.last_unconditional_at = now
        self._note_move(feed, job, result, outcome)
        interval = self._interval(feed)
        status = result.status

        if result.error:
            self._failed(feed, outcome, result.error, interval)
        elif status == 304:
            self._succeeded(feed, outcome, result, interval)
        elif status == 200:
            if parsed is None:  # the very body we parsed last time
                self._succeeded(feed, outcome, result, interval)
            elif parsed.error:
                self._failed(feed, outcome, parsed.error, interval)
            else:
                stored = store_entries(feed, parsed.entries, self.config, now,
                                       int(self.settings["NEWS_RETENTION_DAYS"]))
                outcome.new, outcome.updated = stored.new, stored.updated
                feed.last_new, feed.last_updated = stored.new, stored.updated
                feed.body_hash = result.body_hash
                outcome.warning = parsed.warning
                floor = max(parsed.ttl or 0, _max_age(result.headers))
                feed.min_interval = int(min(floor, MAX_INTERVAL))
                self._succeeded(feed, outcome, result, self._interval(feed))
        elif status == 410:
            feed.state = outcome.state = FeedState.GONE.value
            feed.next_poll_at = None
            feed.last_error = ("HTTP 410 Gone: the publisher removed this feed. It is no longer "
                               "polled; remove it from feeds.yml, or retry it if it comes back.")
            feed.last_error_at = now
            outcome.error = "HTTP 410 Gone: marked gone, no longer polled"
        elif status == 429 or (status == 503 and result.retry_after is not None):
            wait = clamp(result.retry_after if result.retry_after is not None else interval)
            feed.state = outcome.state = FeedState.THROTTLED.value
            feed.next_poll_at = now + timedelta(seconds=wait)
            feed.last_error = (f"HTTP {status} {REASONS[status]}: the server asked us to wait; "
                               f"next try in {_duration(wait)}")
            feed.last_error_at = now
            outcome.error = feed.last_error
        else:
            self._failed(feed, outcome, f"HTTP {status} {REASONS.get(status, '')}".strip(),
                         interval)
        return outcome

    def _note_move(self, feed: NewsFeed, job: Job, result: FetchResult,
                   outcome: FeedOutcome) -> None:
        """Permanent redirects: after three polls in a row agree, poll the new address."""
        if result.status is None:
            return
        if result.permanent_url:
            if feed.moved_to == result.permanent_url:
                feed.moved_votes += 1
            else:
                feed.moved_to, feed.moved_votes = result.permanent_url[:2000], 1
        elif job.url == feed.url:
            feed.moved_to, feed.moved_votes = None, 0
        if feed.moved_to:
            if feed.moved_votes >= MOVED_VOTES:
                outcome.note = (f"moved permanently to {feed.moved_to}; polling it there. "
                                "Update the url in feeds.yml")
            else:
                outcome.note = (f"redirected permanently to {feed.moved_to} "
                                f"({feed.moved_votes} of {MOVED_VOTES} polls)")

    def _succeeded(self, feed: NewsFeed, outcome: FeedOutcome, result: FetchResult,
                   interval: float) -> None:
        now = self.now()
        if result.status in (200, 304):
            # Echo exactly what the server sent; a 200 without validators clears ours.
            if result.status == 200 or "etag" in result.headers:
                feed.etag = (result.headers.get("etag") or None)
                feed.etag = feed.etag[:500] if feed.etag else None
            if result.status == 200 or "last-modified" in result.headers:
                modified = result.headers.get("last-modified") or None
                feed.last_modified = modified[:200] if modified else None
        feed.state = outcome.state = FeedState.OK.value
        feed.error_streak = 0
        feed.last_error = None
        feed.last_success_at = now
        feed.last_warning = outcome.warning[:1000] if outcome.warning else None
        feed.next_poll_at = now + jittered(interval)

    def _failed(self, feed: NewsFeed, outcome: FeedOutcome, error: str, interval: float) -> None:
        now = self.now()
        feed.error_streak = (feed.error_streak or 0) + 1
        feed.last_error = error[:1000]
        feed.last_error_at = now
        outcome.error = error
        since = feed.last_success_at or feed.created_at or now
        if feed.error_streak >= DISABLE_MIN_ERRORS and now - since >= DISABLE_AFTER:
            feed.state = outcome.state = FeedState.DISABLED.value
            feed.next_poll_at = None
            feed.last_error = (f"{error[:800]} — no success for {(now - since).days} days and "
                               f"{feed.error_streak} errors in a row: polling is paused until "
                               "an admin retries it")
            outcome.note = "disabled after 30 days of errors; retry it from the feeds page"
            return
        feed.state = outcome.state = FeedState.ERROR.value
        delay = backoff(interval, feed.error_streak)
        feed.next_poll_at = now + jittered(delay)
        outcome.note = f"retrying in {_duration(delay)} (error {feed.error_streak} in a row)"


def _max_age(headers: dict[str, str]) -> int:
    match = _MAX_AGE.search(headers.get("cache-control", ""))
    return int(match.group(1)) if match else 0


def _duration(seconds: float) -> str:
    if seconds >= 3600:
        hours = seconds / 3600
        return f"{hours:.0f} h" if hours == int(hours) else f"{hours:.1f} h"
    return f"{seconds / 60:.0f} min"


# ---------------------------------------------------------------- entry points


def load_config() -> NewsConfig:
    registry = config_registry()
    config = registry.get()
    if config is None:
        raise PollerUnavailable(registry.error or "no feeds.yml")
    return config


def poll(force: bool = False, progress=None) -> PollReport:
    """Poll the feeds that are due (all with `force`) and bring the search index up to date."""
    registry = config_registry()
    config = load_config()
    report = Poller(current_app.config, config).run(force=force, progress=progress)
    report.config_error = registry.error
    _drain_search()
    return report


def _drain_search() -> None:
    from enablement.search.outbox import drain

    try:
        drain()
    except Exception:  # the outbox keeps the rows; the next drain writes them
        current_app.logger.exception("news: search drain failed; will retry")
        db.session.rollback()


def seconds_until_next_poll(now: datetime | None = None) -> float | None:
    """How long until the next feed is due, or None when none is scheduled."""
    now = now or utcnow()
    config = config_registry().get()
    if config is None:
        return None
    upcoming = db.session.scalars(
        select(NewsFeed.next_poll_at).where(
            NewsFeed.key.in_(list(config.feeds)),
            NewsFeed.state.not_in([FeedState.GONE.value, FeedState.DISABLED.value]))
    ).all()
    if any(when is None for when in upcoming):
        return 0.0
    if not upcoming:
        return None
    return max((min(upcoming) - now).total_seconds(), 0.0)


def poll_loop(stop: threading.Event, echo: Callable[[str], None], progress=None,
              max_sleep: float | None = None, force_first: bool = False) -> int:
    """Poll on schedule until `stop` is set (the worker process). Returns the number of runs."""
    max_sleep = max_sleep if max_sleep is not None else \
        float(current_app.config["NEWS_LOOP_MAX_SLEEP"])
    runs = 0
    force = force_first
    while not stop.is_set():
        try:
            report = poll(force=force, progress=progress)
            force = False
            runs += 1
            echo(report.summary())
            if report.config_error:
                echo(f"feeds.yml: {report.config_error}")
        except PollerUnavailable as error:
            echo(f"Cannot poll: {error}. Trying again shortly.")
        except Exception as error:  # the worker outlives a database hiccup
            current_app.logger.exception("news: poll run failed")
            echo(f"Poll run failed: {error!r}. Trying again shortly.")
            db.session.rollback()
        db.session.close()
        wait = seconds_until_next_poll()
        wait = max_sleep if wait is None else min(max(wait, 1.0), max_sleep)
        stop.wait(wait)
    return runs
