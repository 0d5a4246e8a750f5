"""The transactional outbox that keeps the search index consistent with the database.

Every flush that adds, changes or deletes something searchable writes an outbox row in the same
transaction. After the commit, `drain` copies the current state of those rows into Whoosh under the
index's single writer lock and only then deletes the outbox rows. A busy writer or a crash leaves
the rows for the next drain; nothing is lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from sqlalchemy import delete, event, insert, select
from sqlalchemy.orm import Session, selectinload
from whoosh.index import LockError

from enablement.extensions import db
from enablement.models import Asset, AssetTag, Attachment, SearchOutbox, utcnow
from enablement.search.index import IndexLocation, asset_document, doc_key

PENDING_FLAG = "search_outbox_pending"


def _searchable_asset_ids(session: Session) -> set[int]:
    ids: set[int] = set()
    for obj in [*session.new, *session.dirty, *session.deleted]:
        if isinstance(obj, Asset):
            if obj in session.dirty and not session.is_modified(obj):
                continue
            ids.add(obj.id)
        elif isinstance(obj, AssetTag | Attachment):
            asset_id = obj.asset_id or (obj.asset.id if obj.asset is not None else None)
            if asset_id is not None:
                ids.add(asset_id)
    return ids


@event.listens_for(Session, "after_flush")
def _record_changes(session: Session, _flush_context) -> None:
    asset_ids = _searchable_asset_ids(session)
    if not asset_ids:
        return
    now = utcnow()
    session.connection().execute(
        insert(SearchOutbox),
        [{"doc_type": "asset", "doc_id": i, "created_at": now} for i in sorted(asset_ids)],
    )
    session.info[PENDING_FLAG] = True


def index_location() -> IndexLocation:
    return current_app.extensions["search_index"]


@dataclass
class DrainResult:
    applied: int = 0
    busy: bool = False


def drain(batch_size: int = 500, timeout: float | None = None) -> DrainResult:
    """Write pending changes into the index; commits the outbox deletions it made."""
    result = DrainResult()
    if timeout is None:
        timeout = current_app.config["SEARCH_WRITER_TIMEOUT"]
    while True:
        if db.session.scalar(select(SearchOutbox.id).limit(1)) is None:
            return result
        location = index_location()
        index = location.open()
        try:
            writer = index.writer(timeout=timeout)
        except LockError:
            result.busy = True
            return result
        if location.current_dir().name != Path(index.storage.folder).name:
            writer.cancel()  # a rebuild was swapped in while we waited for the lock
            continue
        try:
            # Read the rows and the rows' current state only once we hold the lock, so a later
            # drain always writes a later state.
            db.session.rollback()
            rows = db.session.execute(
                select(SearchOutbox.id, SearchOutbox.doc_type, SearchOutbox.doc_id)
                .order_by(SearchOutbox.id)
                .limit(batch_size)
            ).all()
            _write_assets(writer, {row.doc_id for row in rows if row.doc_type == "asset"})
            writer.commit()
        except BaseException:
            writer.cancel()
            raise
        db.session.execute(delete(SearchOutbox).where(SearchOutbox.id.in_([r.id for r in rows])))
        db.session.commit()
        result.applied += len(rows)
        if len(rows) < batch_size:
            return result


def _write_assets(writer, asset_ids: set[int]) -> None:
    assets = {
        asset.id: asset
        for asset in db.session.scalars(
            select(Asset)
            .where(Asset.id.in_(asset_ids))
            .options(selectinload(Asset.tags), selectinload(Asset.attachments))
        )
    }
    for asset_id in sorted(asset_ids):
        if asset_id in assets:
            writer.update_document(**asset_document(assets[asset_id]))
        else:
            writer.delete_by_term("doc_key", doc_key("asset", asset_id))


def drain_if_pending() -> DrainResult | None:
    """Drain after a commit that wrote outbox rows in this session; a no-op otherwise."""
    if not db.session.info.pop(PENDING_FLAG, False):
        return None
    try:
        return drain()
    except Exception:  # the rows stay in the outbox; the next drain applies them
        current_app.logger.exception("search outbox drain failed; will retry")
        db.session.rollback()
        return None


def drain_after_request(response):
    """After a request that committed searchable changes, bring the index up to date."""
    drain_if_pending()
    return response
