"""What one person's weekly email says: news of the last seven days in their markets (talking
points first), assets first published for those markets in that time, and their requests.

Every asset is named as `asset_ref(None, …)` lets an email's reader see it (an email may be
forwarded or read by anyone with the mailbox): a draft's or archived asset's title never appears,
whatever the person's role.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask import url_for
from sqlalchemy import case, exists, func, or_, select
from sqlalchemy.orm import selectinload

from enablement.assets.kinds import kind_label
from enablement.assets.visibility import asset_ref
from enablement.extensions import db
from enablement.markets import market_name, markets
from enablement.models import (
    Asset,
    AssetStatus,
    AssetTag,
    ContentRequest,
    NewsItem,
    NewsItemMarket,
    RequestComment,
    RequestStatus,
    User,
)

WINDOW = timedelta(days=7)
MAX_REQUESTS = 20


@dataclass(frozen=True)
class NewsLine:
    title: str
    url: str  # the item's page in the hub (talking points, why it was tagged)
    source: str
    source_url: str
    published_on: date
    markets: list[str]  # names
    talking_points: str  # Markdown; empty when marketing added none


@dataclass(frozen=True)
class AssetLine:
    title: str
    url: str
    kind: str  # label
    summary: str
    markets: list[str]  # names; empty: for every market


@dataclass(frozen=True)
class RequestLine:
    text: str
    url: str
    status: str  # label
    update: str  # what happened this week, empty when nothing did
    expected_on: date | None
    answer_title: str | None  # the published asset that answers it
    answer_url: str | None


@dataclass
class WeeklyContent:
    user: User
    since: datetime
    markets: list[str]  # names of the markets it covers
    every_market: bool
    news: list[NewsLine] = field(default_factory=list)
    news_total: int = 0
    assets: list[AssetLine] = field(default_factory=list)
    assets_total: int = 0
    requests: list[RequestLine] = field(default_factory=list)

    @property
    def has_news(self) -> bool:
        """Something happened this week. Requests waiting as they were last week are listed
        when there is something else to say, but alone they are no reason for an email."""
        return bool(self.news or self.assets or any(r.update for r in self.requests))


def gather(user: User, chosen: list[str], now: datetime, limit: int) -> WeeklyContent:
    """The weekly email's content for `user`, for the markets `chosen` (empty: every market)."""
    slugs = chosen or list(markets())
    content = WeeklyContent(user=user, since=now - WINDOW, markets=[market_name(s) for s in slugs],
                            every_market=not chosen)
    content.news, content.news_total = _news(slugs, content.since, limit)
    content.assets, content.assets_total = _assets(slugs, content.since, limit)
    content.requests = _requests(user, content.since)
    return content


def _count(query) -> int:
    return db.session.scalar(select(func.count()).select_from(query.subquery())) or 0


def _news(slugs: list[str], since: datetime, limit: int) -> tuple[list[NewsLine], int]:
    query = select(NewsItem).where(
        NewsItem.suppressed.is_(False), NewsItem.published_at >= since,
        exists().where(NewsItemMarket.item_id == NewsItem.id, NewsItemMarket.market.in_(slugs)))
    items = db.session.scalars(query.options(
        selectinload(NewsItem.tags), selectinload(NewsItem.feed)
    ).order_by(
        case((NewsItem.talking_points != "", 0), else_=1), NewsItem.pinned.desc(),
        NewsItem.published_at.desc(), NewsItem.id.desc(),
    ).limit(limit)).all()
    lines = [NewsLine(
        title=item.title, url=url_for("news.item", item_id=item.id, _external=True),
        source=item.source, source_url=item.url, published_on=item.published_at.date(),
        markets=[market_name(slug) for slug in item.markets if slug in slugs],
        talking_points=item.talking_points,
    ) for item in items]
    return lines, _count(query)


def _assets(slugs: list[str], since: datetime, limit: int) -> tuple[list[AssetLine], int]:
    tagged = exists().where(AssetTag.asset_id == Asset.id, AssetTag.facet == "markets",
                            AssetTag.value.in_(slugs))
    for_everyone = ~exists().where(AssetTag.asset_id == Asset.id, AssetTag.facet == "markets")
    query = select(Asset).where(Asset.status == AssetStatus.PUBLISHED.value,
                                Asset.published_at >= since, or_(tagged, for_everyone))
    assets = db.session.scalars(query.options(selectinload(Asset.tags)).order_by(
        Asset.published_at.desc(), Asset.id.desc()).limit(limit)).all()
    lines = []
    for asset in assets:
        ref = asset_ref(None, asset)
        if not ref.visible:  # the query asks for published assets; the rule has the last word
            continue
        lines.append(AssetLine(title=ref.title, url=_asset_url(ref.id), kind=kind_label(ref.kind),
                               summary=asset.summary,
                               markets=[market_name(slug) for slug in asset.markets]))
    return lines, _count(query)


def _requests(user: User, since: datetime) -> list[RequestLine]:
    waiting = (RequestStatus.OPEN.value, RequestStatus.PLANNED.value)
    requests = db.session.scalars(select(ContentRequest).options(
        selectinload(ContentRequest.asset)
    ).where(
        ContentRequest.requester_id == user.id,
        or_(ContentRequest.status.in_(waiting),
            (ContentRequest.status == RequestStatus.DONE.value)
            & (ContentRequest.fulfilled_at >= since)),
    ).order_by(ContentRequest.created_at, ContentRequest.id).limit(MAX_REQUESTS)).all()
    replied = set(db.session.scalars(select(RequestComment.request_id).where(
        RequestComment.request_id.in_([r.id for r in requests]),
        RequestComment.created_at >= since,
        or_(RequestComment.author_id.is_(None), RequestComment.author_id != user.id))))
    lines = []
    for request in requests:
        answer = asset_ref(None, request.asset)
        lines.append(RequestLine(
            text=request.text, status=request.status_label,
            url=url_for("requests.detail", request_id=request.id, _external=True),
            update=_update(request, since, request.id in replied),
            expected_on=request.expected_on if request.status != RequestStatus.DONE else None,
            answer_title=answer.title if answer.visible else None,
            answer_url=_asset_url(answer.id) if answer.visible else None,
        ))
    return lines


def _update(request: ContentRequest, since: datetime, replied: bool) -> str:
    if request.status == RequestStatus.DONE:
        return "Done this week"
    if request.status == RequestStatus.PLANNED and request.updated_at >= since:
        return "Planned this week" + (", with a reply from marketing" if replied else "")
    return "New reply from marketing" if replied else ""


def _asset_url(asset_id: int | None) -> str:
    return url_for("assets.detail", asset_id=asset_id, _external=True) if asset_id else ""
