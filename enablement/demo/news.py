"""Offline demo news: invented industry stories for the seven demo markets, dated relative to the
moment they are loaded so this week's digest is full on a machine without internet.

The stories are in content/news.yml. Items go through the same cleaning and tagging as polled
news (with the markets of the feeds.yml in force), so "why tagged" is real. Publications,
companies, people and figures are invented; links point at example.com.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from enablement.demo.files import CONTENT, DemoContentError, read_yaml, relative
from enablement.extensions import db
from enablement.models import NewsFeed, NewsItem, Role, User, utcnow
from enablement.news.config import news_config
from enablement.news.parse import (
    CATEGORIES_MAX,
    CATEGORY_MAX,
    SUMMARY_MAX,
    TITLE_MAX,
    content_hash,
    key_for,
    key_values,
    sanitise_feed_html,
)
from enablement.news.services import TALKING_POINTS_MAX
from enablement.news.tagging import apply_tagging, document, tag

NEWS_FILE = CONTENT / "news.yml"

# What each item may hold, and the check its value must pass. The limits are the poller's (it
# cuts what a feed sends to them) and marketing's for talking points.
ITEM_FIELDS: dict[str, tuple[Callable[[Any], bool], str]] = {
    "feed": (lambda v: isinstance(v, str), "One of the keys under `feeds:`."),
    "hours": (lambda v: isinstance(v, int | float) and not isinstance(v, bool) and v >= 0,
              "Hours before loading that it was published, e.g. 26."),
    "categories": (lambda v: isinstance(v, list) and len(v) <= CATEGORIES_MAX and all(
        isinstance(c, str) and 0 < len(c) <= CATEGORY_MAX for c in v),
        f"A list of at most {CATEGORIES_MAX} names of at most {CATEGORY_MAX} characters."),
    "title": (lambda v: isinstance(v, str) and 0 < len(v) <= TITLE_MAX,
              f"Text of 1 to {TITLE_MAX} characters."),
    "summary": (lambda v: isinstance(v, str) and 0 < len(v) <= SUMMARY_MAX,
                f"Feed HTML of 1 to {SUMMARY_MAX:,} characters."),
    "talking_points": (lambda v: isinstance(v, str) and len(v) <= TALKING_POINTS_MAX,
                       f"Markdown of at most {TALKING_POINTS_MAX:,} characters."),
    "pinned": (lambda v: isinstance(v, bool), "true or false."),
}
REQUIRED = ("feed", "hours", "categories", "title", "summary")


@dataclass(frozen=True)
class DemoNews:
    feeds: dict[str, str]  # key -> name
    items: list[dict]


def read_demo_news(path: Path | None = None) -> DemoNews:
    """The demo feeds and stories in news.yml; DemoContentError names every bad field."""
    path = path or NEWS_FILE
    data = read_yaml(path)
    name = relative(path)
    if not isinstance(data, dict) or not isinstance(data.get("feeds"), dict) \
            or not isinstance(data.get("items"), list):
        raise DemoContentError([(name, "file", "Needs `feeds:` (key: name) and `items:`.")])
    feeds = data["feeds"]
    problems = [(name, f"feeds.{key}", "Give the feed a name.") for key, value in feeds.items()
                if not isinstance(value, str) or not value.strip()]
    for number, item in enumerate(data["items"]):
        where = f"items[{number}]"
        if not isinstance(item, dict):
            problems.append((name, where, "Each item maps field names to values."))
            continue
        problems += [(name, f"{where}.{key}", "Required.") for key in REQUIRED if key not in item]
        for key, value in item.items():
            check, rule = ITEM_FIELDS.get(key, (lambda v: False, "Unknown field."))
            if not check(value) or (key == "feed" and value not in feeds):
                problems.append((name, f"{where}.{key}", rule))
    if problems:
        raise DemoContentError(problems)
    return DemoNews(feeds=feeds, items=data["items"])


def _marketer() -> User | None:
    return db.session.scalar(
        select(User).where(User.role == Role.MARKETING.value).order_by(User.id).limit(1))


def load_demo_news(now: datetime | None = None) -> int:
    """Add the demo news unless the hub already has news; returns how many items. No commit."""
    if db.session.scalar(select(func.count(NewsItem.id))):
        return 0
    news = read_demo_news()
    now = now or utcnow()
    config = news_config()
    feeds = {}
    for key, name in news.feeds.items():
        feed = db.session.scalar(select(NewsFeed).where(NewsFeed.key == key))
        if feed is None:
            feed = NewsFeed(key=key, name=name, url=f"https://example.com/demo-news/{key}.xml",
                            state="ok", key_kind="guid", last_success_at=now)
            db.session.add(feed)
        feeds[key] = feed
    author = _marketer()
    for number, spec in enumerate(news.items, start=1):
        feed = feeds[spec["feed"]]
        published = now - timedelta(hours=spec["hours"])
        url = f"https://example.com/demo-news/{spec['feed']}/{number}"
        summary = sanitise_feed_html(spec["summary"])
        guid = f"{spec['feed']}-{number}"
        values = key_values(guid=guid, url=url, title=spec["title"],
                            date_key=published.isoformat(), summary=summary)
        item = NewsItem(
            feed=feed, key=key_for(values, "guid"), guid=guid, url=url, title=spec["title"],
            summary=summary, categories=spec["categories"], source_published_at=published,
            published_at=published, first_seen_at=published, updated_at=now,
            content_hash=content_hash(spec["title"], url, summary, "", spec["categories"]),
        )
        if config is not None:
            apply_tagging(item, tag(config, document(
                title=item.title, summary=summary, url=url, feed_key=feed.key,
                feed_name=feed.name, categories=spec["categories"])))
        if spec.get("talking_points"):
            item.talking_points = spec["talking_points"]
            item.talking_points_by = author
            item.talking_points_at = published + timedelta(hours=1)
        if spec.get("pinned"):
            item.pinned, item.pinned_at = True, published + timedelta(hours=1)
        db.session.add(item)
    db.session.flush()
    return len(news.items)
