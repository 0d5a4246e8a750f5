"""Rebuilding the index and finding drift between the database and the index."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload
from whoosh import index as whoosh_index

from enablement.extensions import db
from enablement.models import Asset
from enablement.search.index import asset_document, doc_key
from enablement.search.outbox import index_location


@dataclass
class Drift:
    missing: list[str] = field(default_factory=list)  # in the DB, not in the index
    stale: list[str] = field(default_factory=list)  # in both, but the index has an older state
    orphaned: list[str] = field(default_factory=list)  # in the index, gone from the DB

    @property
    def total(self) -> int:
        return len(self.missing) + len(self.stale) + len(self.orphaned)


def _db_versions() -> dict[str, object]:
    rows = db.session.execute(select(Asset.id, Asset.updated_at)).all()
    return {doc_key("asset", r.id): r.updated_at.replace(tzinfo=None) for r in rows}


def find_drift(index) -> Drift:
    """Compare every searchable row with its document in `index`."""
    in_db = _db_versions()
    drift = Drift()
    with index.searcher() as searcher:
        in_index = {
            fields["doc_key"]: fields.get("updated_at") for fields in searcher.all_stored_fields()
        }
    for key, version in in_db.items():
        if key not in in_index:
            drift.missing.append(key)
        elif in_index[key] != version:
            drift.stale.append(key)
    drift.orphaned = sorted(set(in_index) - set(in_db))
    return drift


def fix_drift(index, drift: Drift, writer=None) -> None:
    """Rewrite the documents `drift` names; uses `writer` if the caller already holds the lock."""
    own_writer = writer is None
    writer = writer or index.writer(timeout=30)
    try:
        ids = [int(key.split(":")[1]) for key in drift.missing + drift.stale]
        assets = db.session.scalars(
            select(Asset)
            .where(Asset.id.in_(ids))
            .options(selectinload(Asset.tags), selectinload(Asset.attachments))
        )
        for asset in assets:
            writer.update_document(**asset_document(asset))
        for key in drift.orphaned:
            writer.delete_by_term("doc_key", key)
    except BaseException:
        if own_writer:
            writer.cancel()
        raise
    if own_writer:
        writer.commit()


def reindex(progress: Callable[[int], None] = lambda n: None, batch_size: int = 200) -> int:
    """Build a fresh index from the database and swap it in; searches keep working meanwhile.

    Changes drained into the old index during the build are caught by a drift fix run while
    holding the old index's writer lock, so none is lost at the swap.
    """
    location = index_location()
    generation = location.new_generation()
    fresh = whoosh_index.open_dir(str(generation))
    writer = fresh.writer()
    count = 0
    last_id = 0
    # A separate session, cleared per batch, keeps memory flat without touching the caller's.
    session = Session(db.engine)
    while True:
        batch = session.scalars(
            select(Asset)
            .where(Asset.id > last_id)
            .order_by(Asset.id)
            .limit(batch_size)
            .options(selectinload(Asset.tags), selectinload(Asset.attachments))
        ).all()
        if not batch:
            break
        for asset in batch:
            writer.update_document(**asset_document(asset))
        count += len(batch)
        last_id = batch[-1].id
        progress(len(batch))
        session.expunge_all()
    session.close()
    writer.commit()

    old = location.open()
    with location.exclusive():
        old_writer = old.writer(timeout=60)
        try:
            db.session.rollback()  # see everything committed up to now
            fix_drift(fresh, find_drift(fresh))
            location.make_current(generation)
        finally:
            old_writer.cancel()
    for path in location.old_generations():
        shutil.rmtree(path, ignore_errors=True)
    return count
