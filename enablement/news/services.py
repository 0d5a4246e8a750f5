"""News for reps and marketing: the digest, items, talking points, pins, and the feeds' health.

Functions take the acting user, flush and never commit, and raise domain errors.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Select, exists, func, or_, select
from sqlalchemy.orm import selectinload

from enablement.errors import Forbidden, NotFound, ValidationError
from enablement.extensions import db
from enablement.markets import Market, markets
from enablement.models import FeedState, NewsFeed, NewsItem, NewsItemMarket, Role, User, utcnow
from enablement.news.config import NewsConfig, config_registry
from enablement.pagination import Page

TALKING_POINTS_MAX = 5000
MAX_DAYS = 365
DAY_CHOICES = (1, 7, 14, 30, 90)


def market_list() -> dict[str, Market]:
    """The hub's markets, slug → Market, in feeds.yml order."""
    return markets()


def check_filters(market: str | None, days) -> tuple[str | None, int]:
    """Validated digest filters; raises ValidationError naming the field."""
    errors = {}
    if market and market not in market_list():
        errors["market"] = f"Unknown market. Markets are: {', '.join(market_list())}."
    try:
        days = int(days)
        if not 1 <= days <= MAX_DAYS:
            raise ValueError
    except (TypeError, ValueError):
        errors["days"] = f"Use a whole number of days from 1 to {MAX_DAYS}."
    if errors:
        raise ValidationError("Invalid filter.", errors)
    return market or None, days


def _visible(market: str | None, days: int, now: datetime) -> Select:
    """Items in the digest: not suppressed, tagged (with `market`), recent or pinned."""
    since = now - timedelta(days=days)
    tagged = exists().where(NewsItemMarket.item_id == NewsItem.id)
    if market:
        tagged = tagged.where(NewsItemMarket.market == market)
    return select(NewsItem).where(
        NewsItem.suppressed.is_(False), tagged,
        or_(NewsItem.published_at >= since, NewsItem.pinned.is_(True)))


def _with_details(query: Select) -> Select:
    return query.options(selectinload(NewsItem.tags), selectinload(NewsItem.feed),
                         selectinload(NewsItem.talking_points_by))


@dataclass
class DigestSection:
    market: Market
    items: list[NewsItem]
    total: int


@dataclass
class Digest:
    days: int
    market: str | None
    sections: list[DigestSection] = field(default_factory=list)
    total: int = 0  # distinct items (one tagged with two markets shows in both sections)


def digest(user: User, *, market: str | None = None, days: int = 7, per_market: int = 20,
           now: datetime | None = None) -> Digest:
    """The news of the last `days` days by market, pinned first, then newest first."""
    now = now or utcnow()
    result = Digest(days=days, market=market, total=db.session.scalar(
        select(func.count()).select_from(_visible(market, days, now).subquery())))
    chosen = {market: market_list()[market]} if market else market_list()
    limit = per_market if not market else 500
    for slug, info in chosen.items():
        query = _visible(slug, days, now)
        total = db.session.scalar(select(func.count()).select_from(query.subquery()))
        items = db.session.scalars(_with_details(query).order_by(
            NewsItem.pinned.desc(), NewsItem.published_at.desc(), NewsItem.id.desc()
        ).limit(limit)).all() if total else []
        result.sections.append(DigestSection(info, list(items), total))
    return result


NewsPage = Page  # items are NewsItem rows


def list_news(user: User, *, market: str | None = None, days: int = 7, page: int = 1,
              per_page: int = 20, now: datetime | None = None) -> NewsPage:
    """One page of digest items, newest first (what the API and the Atom feeds serve)."""
    query = _visible(market, days, now or utcnow())
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    items = db.session.scalars(_with_details(query).order_by(
        NewsItem.published_at.desc(), NewsItem.id.desc()
    ).offset((page - 1) * per_page).limit(per_page)).all()
    return NewsPage(list(items), total, page, per_page)


def get_item(user: User, item_id: int) -> NewsItem:
    item = db.session.scalar(_with_details(select(NewsItem).where(NewsItem.id == item_id)))
    if item is None:
        raise NotFound("We couldn't find that news item. Old news is removed after a while.")
    return item


def why_tagged(item: NewsItem) -> list[tuple[str, str]]:
    """(market name, reason) for each market of the item, e.g. ("Construction", "OSHA, crane")."""
    names = market_list()
    order = list(names)
    reasons = []
    for tag in sorted(item.tags, key=lambda t: order.index(t.market) if t.market in order
                      else len(order)):
        name = names[tag.market].name if tag.market in names else tag.market
        if tag.terms:
            reasons.append((name, ", ".join(tag.terms)))
        else:
            reasons.append((name, f"from {item.source}"))
    return reasons


def _require_marketing(actor: User) -> None:
    if not actor.has_role(Role.MARKETING):
        raise Forbidden("Only marketing can add talking points and pin news.")


def set_talking_points(actor: User, item: NewsItem, text) -> None:
    """What reps should say about this news (Markdown; rendered sanitised). Empty clears."""
    _require_marketing(actor)
    if text is None:
        text = ""
    if not isinstance(text, str):
        raise ValidationError("Talking points must be text.", {"talking_points": "Send text."})
    text = text.replace("\r\n", "\n").strip()
    if len(text) > TALKING_POINTS_MAX:
        raise ValidationError("Talking points are too long.", {
            "talking_points": f"At most {TALKING_POINTS_MAX:,} characters "
                              f"(this is {len(text):,})."})
    if text == item.talking_points:
        return
    item.talking_points = text
    item.talking_points_by = actor if text else None
    item.talking_points_at = utcnow() if text else None
    item.updated_at = utcnow()
    db.session.flush()


def set_pinned(actor: User, item: NewsItem, pinned: bool) -> None:
    """Pinned news stays at the top of its markets' sections until unpinned."""
    _require_marketing(actor)
    if item.pinned == pinned:
        return
    item.pinned = pinned
    item.pinned_at = utcnow() if pinned else None
    db.session.flush()


# ---------------------------------------------------------------- feeds, for admins


@dataclass
class FeedRow:
    key: str
    name: str
    url: str
    markets: tuple[str, ...]
    in_config: bool
    feed: NewsFeed | None
    items: int

    @property
    def state(self) -> str:
        return self.feed.state if self.feed else FeedState.NEW.value

    @property
    def is_demo(self) -> bool:
        return not self.in_config and self.key.startswith("demo-")


def feed_rows() -> list[FeedRow]:
    """Every feed of feeds.yml with what the poller knows about it, then feeds no longer there."""
    config = config_registry().get()
    stored = {feed.key: feed for feed in db.session.scalars(select(NewsFeed))}
    counts = dict(db.session.execute(
        select(NewsItem.feed_id, func.count()).group_by(NewsItem.feed_id)).all())
    rows = []
    for spec in (config.feeds.values() if config else ()):
        feed = stored.pop(spec.id, None)
        rows.append(FeedRow(spec.id, spec.name, spec.url, spec.markets, True, feed,
                            counts.get(feed.id, 0) if feed else 0))
    for feed in stored.values():
        rows.append(FeedRow(feed.key, feed.name, feed.url, (), False, feed,
                            counts.get(feed.id, 0)))
    return rows


def config_status() -> tuple[NewsConfig | None, str | None]:
    """The configuration in force and what is wrong with feeds.yml, if anything."""
    registry = config_registry()
    config = registry.get()
    return config, registry.error


def retry_feed(actor: User, key: str) -> NewsFeed:
    """Poll this feed on the poller's next round, even if it is gone, disabled or backing off."""
    if not actor.has_role(Role.ADMIN):
        raise Forbidden("Only admins manage feeds.")
    feed = db.session.scalar(select(NewsFeed).where(NewsFeed.key == key))
    if feed is None:
        config = config_registry().get()
        spec = config.feeds.get(key) if config else None
        if spec is None:
            raise NotFound("There is no such feed in feeds.yml.")
        feed = NewsFeed(key=spec.id, name=spec.name, url=spec.url, key_kind="guid")
        db.session.add(feed)
    if feed.state in (FeedState.GONE, FeedState.DISABLED, FeedState.THROTTLED):
        feed.state = FeedState.ERROR.value if feed.error_streak else FeedState.NEW.value
    feed.error_streak = 0
    feed.next_poll_at = utcnow()
    db.session.flush()
    return feed
