"""The weekly email's tests: an app that mails the real SMTP server of tests/mailserver.py, with
the send moment set to this hour today (so `now` is inside the send window), and real news rows."""

from __future__ import annotations

from datetime import timedelta

import pytest

from enablement.config import WEEKDAYS
from enablement.extensions import db
from enablement.models import NewsFeed, NewsItem, NewsItemMarket, utcnow
from enablement.weekly import services as weekly


def this_hour() -> dict:
    now = utcnow()
    return {"WEEKLY_EMAIL_WEEKDAY": WEEKDAYS[now.weekday()], "WEEKLY_EMAIL_HOUR": now.hour}


@pytest.fixture
def app_config(mail_config):
    return {**mail_config, **this_hour()}


@pytest.fixture
def subscribe(create_user):
    """A person who turned the weekly email on (for `markets`; none: every market)."""

    def factory(role="rep", markets=("construction",), **user):
        person = create_user(role, **user)
        weekly.set_weekly_email(person, True, list(markets))
        db.session.commit()
        return person

    return factory


@pytest.fixture
def add_news(app):
    """A news item as the poller stores it: tagged with `markets`, maybe with talking points."""
    feed = NewsFeed(key="trade-press", name="Trade Press", url="https://example.com/feed.xml")
    db.session.add(feed)
    db.session.commit()
    numbers = iter(range(1, 10_000))

    def factory(title, markets=("construction",), talking_points="", days_ago=1.0, **fields):
        number = next(numbers)
        published = utcnow() - timedelta(days=days_ago)
        item = NewsItem(feed=feed, key=f"k{number}", guid=f"g{number}", title=title,
                        url=f"https://example.com/news/{number}", summary="<p>A story.</p>",
                        published_at=published, first_seen_at=published,
                        talking_points=talking_points, **fields)
        item.tags = [NewsItemMarket(market=slug, terms=["contractor"]) for slug in markets]
        db.session.add(item)
        db.session.commit()
        return item

    return factory


def parts(message) -> tuple[str, str]:
    """The plain-text and HTML parts of a received email."""
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    return text.replace("\r\n", "\n"), html.replace("\r\n", "\n")
