"""News items as search documents: registered like assets, indexed through the outbox.

Suppressed items (feeds.yml `suppress:`) are left out of search as they are out of the digest:
`load` does not return them, so the outbox removes their documents.
"""

from __future__ import annotations

from dataclasses import fields

from flask import url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from enablement.markdown import markdown_paragraphs
from enablement.models import NewsItem, NewsItemMarket
from enablement.news.parse import plain_text
from enablement.search import passages
from enablement.search.index import doc_key
from enablement.search.registry import Searchable, register


def naive_utc(value):
    """Whoosh stores naive datetimes; ours are aware UTC."""
    return value.replace(tzinfo=None) if value else None


def news_document(item: NewsItem) -> dict:
    """What search knows about a news item: its words, talking points, markets and source."""
    content = plain_text(item.content, sanitised=True)
    body = "\n".join(part for part in (content, item.talking_points) if part)
    return {
        "doc_key": doc_key("news", item.id),
        "type": "news",
        "id": item.id,
        "kind": "news",
        "status": "published",
        "title": item.title,
        "summary": plain_text(item.summary, sanitised=True),
        "body": body,
        "markets": ",".join(item.markets),
        "source": item.source,
        "published_at": naive_utc(item.published_at),
        "updated_at": naive_utc(item.updated_at),
    }


def news_passages(item: NewsItem) -> list[passages.Passage]:
    """What of a news item answers may quote: its summary and marketing's talking points."""
    return passages.bounded(
        passages.from_paragraphs("summary", [plain_text(item.summary, sanitised=True)])
        + passages.from_paragraphs("talking_points", markdown_paragraphs(item.talking_points)))


def _load(session, ids):
    return session.scalars(
        select(NewsItem).where(NewsItem.id.in_(list(ids)), NewsItem.suppressed.is_(False))
        .options(selectinload(NewsItem.tags), selectinload(NewsItem.feed))
    ).all()


def _ids_after(session, after_id, limit):
    return session.scalars(
        select(NewsItem.id).where(NewsItem.id > after_id, NewsItem.suppressed.is_(False))
        .order_by(NewsItem.id).limit(limit)
    ).all()


def _versions(session):
    return dict(session.execute(
        select(NewsItem.id, NewsItem.updated_at).where(NewsItem.suppressed.is_(False))).all())


def _parent_item_id(tag: NewsItemMarket):
    if tag.item_id is not None:
        return tag.item_id
    return tag.item.id if tag.item is not None else None


def item_url(item_id: int) -> str:
    return url_for("news.item", item_id=item_id)


_extra = {}
if "url" in {f.name for f in fields(Searchable)}:  # result links, where search supports them
    _extra["url"] = item_url

register(Searchable(
    doc_type="news",
    model=NewsItem,
    to_document=news_document,
    load=_load,
    ids_after=_ids_after,
    versions=_versions,
    children={NewsItemMarket: _parent_item_id},
    passages=news_passages,
    **_extra,
))
