"""Saving a feed's entries: deduplicated per feed, edits in place, purged items kept out.

Functions flush (through the session) and never commit; the poller commits once per feed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import selectinload

from enablement.extensions import db
from enablement.models import NewsFeed, NewsItem, NewsTombstone
from enablement.news.config import NewsConfig
from enablement.news.parse import Entry, all_keys, choose_key_kind, key_for, key_values
from enablement.news.tagging import apply_tagging, document, tag

BATCH = 500


@dataclass
class StoreResult:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0  # the same key twice in one fetch
    purged_before: int = 0  # keys of items we purged: kept out
    too_old: int = 0  # older than the retention period: not worth storing


def stored_key_values(item: NewsItem) -> dict[str, str | None]:
    """An item's identities, computed from what was stored exactly as from a fresh entry."""
    date_key = item.source_published_at.isoformat() if item.source_published_at else ""
    return key_values(guid=item.guid, url=item.url, title=item.title, date_key=date_key,
                      summary=item.summary)


def _in_batches(values: list[str]):
    for start in range(0, len(values), BATCH):
        yield values[start:start + BATCH]


def rekey(feed: NewsFeed, kind: str) -> None:
    """Give the feed's items keys of another kind, so the switch does not duplicate them."""
    items = db.session.scalars(select(NewsItem).where(NewsItem.feed_id == feed.id)).all()
    taken = {item.key for item in items}
    for item in items:
        key = key_for(stored_key_values(item), kind)
        if key != item.key and key not in taken:
            taken.discard(item.key)
            item.key = key
            taken.add(key)
    db.session.flush()


def _set_fields(item: NewsItem, entry: Entry) -> None:
    item.guid = entry.guid
    item.url = entry.url
    item.title = entry.title
    item.author = entry.author
    item.summary = entry.summary
    item.content = entry.content
    item.categories = entry.categories
    item.source_published_at = entry.source_date
    item.content_hash = entry.content_hash


def store_entries(feed: NewsFeed, entries: list[Entry], config: NewsConfig, now: datetime,
                  retention_days: int) -> StoreResult:
    """Add new entries, update edited ones in place (re-tagged), leave the rest alone."""
    result = StoreResult()
    kind = choose_key_kind(entries, feed.key_kind or "guid")
    if kind != feed.key_kind:
        if feed.id is not None:
            rekey(feed, kind)
        feed.key_kind = kind
    keyed: dict[str, Entry] = {}
    for entry in entries:
        key = key_for(entry.keys, kind)
        if key in keyed:
            result.duplicates += 1  # feeds list newest first: the first one wins
            continue
        keyed[key] = entry
    existing: dict[str, NewsItem] = {}
    tombstoned: set[str] = set()
    for keys in _in_batches(list(keyed)):
        existing.update((item.key, item) for item in db.session.scalars(
            select(NewsItem).where(NewsItem.feed_id == feed.id, NewsItem.key.in_(keys))
            .options(selectinload(NewsItem.tags))))
        tombstoned.update(db.session.scalars(
            select(NewsTombstone.key).where(NewsTombstone.feed_id == feed.id,
                                            NewsTombstone.key.in_(keys))))
    spec = config.feeds.get(feed.key)
    feed_markets = spec.markets if spec else ()
    cutoff = now - timedelta(days=retention_days)
    for key, entry in keyed.items():
        item = existing.get(key)
        if item is not None and item.content_hash == entry.content_hash:
            result.unchanged += 1
            continue
        if item is None and key in tombstoned:
            result.purged_before += 1
            continue
        if item is None and entry.published is not None and entry.published < cutoff:
            result.too_old += 1
            continue
        doc = document(title=entry.title, summary=entry.summary, content=entry.content,
                       url=entry.url, feed_key=feed.key, feed_name=feed.name,
                       categories=entry.categories)
        tagging = tag(config, doc, feed_markets)
        if item is None:
            item = NewsItem(feed=feed, key=key, first_seen_at=now,
                            published_at=entry.published or now, updated_at=now)
            _set_fields(item, entry)
            apply_tagging(item, tagging)
            db.session.add(item)
            result.new += 1
        else:
            # An edit: new words and tags, same place in the digest (published_at stays).
            _set_fields(item, entry)
            apply_tagging(item, tagging)
            item.updated_at = now
            result.updated += 1
    db.session.flush()
    return result


def purge_old_items(now: datetime, retention_days: int, tombstone_days: int) -> int:
    """Delete items past the retention period (unless marketing pinned or annotated them),
    keeping their keys so the feeds that still list them can't bring them back."""
    cutoff = now - timedelta(days=retention_days)
    purged = 0
    while True:
        items = db.session.scalars(
            select(NewsItem).where(NewsItem.published_at < cutoff, NewsItem.pinned.is_(False),
                                   NewsItem.talking_points == "")
            .order_by(NewsItem.id).limit(BATCH)
        ).all()
        if not items:
            break
        for item in items:
            keys = set(all_keys(stored_key_values(item))) | {item.key}
            known = set(db.session.scalars(select(NewsTombstone.key).where(
                NewsTombstone.feed_id == item.feed_id, NewsTombstone.key.in_(keys))))
            for key in sorted(keys - known):
                db.session.add(NewsTombstone(feed_id=item.feed_id, key=key, purged_at=now))
            db.session.delete(item)
            purged += 1
        db.session.flush()
    db.session.execute(delete(NewsTombstone).where(
        NewsTombstone.purged_at < now - timedelta(days=tombstone_days)))
    return purged
