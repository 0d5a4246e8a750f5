"""Industry news: the feeds we poll, the items they bring, the markets items are tagged with."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from enablement.extensions import db
from enablement.models.base import UTCDateTime, utcnow
from enablement.models.users import User


class FeedState(enum.StrEnum):
    NEW = "new"  # never polled
    OK = "ok"
    ERROR = "error"  # failing; retried with backoff, at least daily
    THROTTLED = "throttled"  # the server asked us to wait (429/503 with Retry-After)
    GONE = "gone"  # 410: not polled again until an admin retries it
    DISABLED = "disabled"  # 30 days without success and 10+ errors: waits for an admin


class NewsFeed(db.Model):
    """What the poller knows about one feed of feeds.yml, keyed by the feed's `id` there."""

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    url: Mapped[str] = mapped_column(String(2000))  # as in feeds.yml when last polled
    state: Mapped[str] = mapped_column(String(20), default=FeedState.NEW.value)
    # Conditional GET validators, echoed verbatim, and the hash of the last body we parsed.
    etag: Mapped[str | None] = mapped_column(String(500))
    last_modified: Mapped[str | None] = mapped_column(String(200))
    body_hash: Mapped[str | None] = mapped_column(String(64))
    # Which identity the feed's entries are deduplicated by: guid, link, linkdate or hash.
    key_kind: Mapped[str] = mapped_column(String(10), default="guid")
    min_interval: Mapped[int] = mapped_column(default=0)  # seconds, from <ttl> or max-age
    last_polled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_success_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_unconditional_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    next_poll_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_status: Mapped[int | None]
    last_duration_ms: Mapped[int | None]
    last_new: Mapped[int] = mapped_column(default=0)
    last_updated: Mapped[int] = mapped_column(default=0)
    error_streak: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    last_error_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_warning: Mapped[str | None] = mapped_column(Text)  # e.g. recovered from bad XML
    # Where permanent redirects (301/308) point, and how many polls in a row agreed.
    moved_to: Mapped[str | None] = mapped_column(String(2000))
    moved_votes: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def poll_url(self) -> str:
        """The URL to request: feeds.yml's, or where it has permanently moved (3 polls agreed)."""
        return self.moved_to if self.moved_to and self.moved_votes >= 3 else self.url

    def __repr__(self) -> str:
        return f"<NewsFeed {self.key} {self.state}>"


class NewsItem(db.Model):
    """One news story from a feed, sanitised, tagged with markets, maybe with talking points."""

    __table_args__ = (
        UniqueConstraint("feed_id", "key"),
        Index("ix_news_item_published_at", "published_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    feed_id: Mapped[int] = mapped_column(ForeignKey("news_feed.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(64))  # dedup key within the feed (see news.parse)
    guid: Mapped[str] = mapped_column(String(1000), default="")
    url: Mapped[str] = mapped_column(String(2000), default="")  # canonical link, http(s) only
    title: Mapped[str] = mapped_column(String(500))  # plain text
    author: Mapped[str] = mapped_column(String(200), default="")  # plain text
    summary: Mapped[str] = mapped_column(Text, default="")  # sanitised HTML
    content: Mapped[str] = mapped_column(Text, default="")  # sanitised HTML
    categories: Mapped[list] = mapped_column(JSON, default=list)
    # The feed's own date when it is believable; `published_at` falls back to first sight.
    source_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    content_hash: Mapped[str] = mapped_column(String(64), default="")
    suppressed: Mapped[bool] = mapped_column(default=False)  # matched feeds.yml `suppress:`
    talking_points: Mapped[str] = mapped_column(Text, default="")  # Markdown
    talking_points_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"))
    talking_points_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    pinned: Mapped[bool] = mapped_column(default=False)
    pinned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    feed: Mapped[NewsFeed] = relationship()
    talking_points_by: Mapped[User | None] = relationship()
    tags: Mapped[list[NewsItemMarket]] = relationship(
        back_populates="item", cascade="all, delete-orphan", order_by="NewsItemMarket.id"
    )

    @property
    def markets(self) -> list[str]:
        return [tag.market for tag in self.tags]

    @property
    def matched(self) -> dict[str, list[str]]:
        """Market slug → the query terms that tagged the item (empty when its feed did)."""
        return {tag.market: list(tag.terms or []) for tag in self.tags}

    @property
    def source(self) -> str:
        return self.feed.name if self.feed is not None else ""

    def __repr__(self) -> str:
        return f"<NewsItem {self.id} {self.title[:30]!r}>"


class NewsItemMarket(db.Model):
    """A market a news item is tagged with, and why: the terms that matched, or its feed."""

    __table_args__ = (
        UniqueConstraint("item_id", "market"),
        Index("ix_news_item_market_market", "market"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("news_item.id", ondelete="CASCADE"))
    market: Mapped[str] = mapped_column(String(50))
    terms: Mapped[list] = mapped_column(JSON, default=list)
    via_feed: Mapped[bool] = mapped_column(default=False)

    item: Mapped[NewsItem] = relationship(back_populates="tags")


class NewsTombstone(db.Model):
    """The key of a purged item, so the item does not come back while its feed still lists it."""

    __table_args__ = (UniqueConstraint("feed_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    feed_id: Mapped[int] = mapped_column(ForeignKey("news_feed.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(64))
    purged_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
