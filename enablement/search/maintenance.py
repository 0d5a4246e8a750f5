"""Rebuilding the index and finding drift between the database and the index."""

from __future__ import annotations

import shutil
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session
from whoosh import index as whoosh_index

from enablement.extensions import db
from enablement.search.documents import naive_utc
from enablement.search.index import doc_key
from enablement.search.outbox import index_location, write_documents
from enablement.search.registry import SEARCHABLES


@dataclass
class Drift:
    missing: list[str] = field(default_factory=list)  # in the DB, not in the index
    stale: list[str] = field(default_factory=list)  # in both, but the index has an older state
    orphaned: list[str] = field(default_factory=list)  # in the index, gone from the DB

    @property
    def total(self) -> int:
        return len(self.missing) + len(self.stale) + len(self.orphaned)


def _db_versions(session) -> dict[str, object]:
    versions = {}
    for doc_type, searchable in SEARCHABLES.items():
        for row_id, version in searchable.versions(session).items():
            versions[doc_key(doc_type, row_id)] = naive_utc(version)
    return versions


def find_drift(index) -> Drift:
    """Compare every searchable row with its document in `index`."""
    in_db = _db_versions(db.session)
    drift = Drift()
    with index.searcher() as searcher:
        in_index = {
            fields["doc_key"]: fields.get("updated_at") for fields in searcher.all_stored_fields()
        }
    for key, version in sorted(in_db.items()):
        if key not in in_index:
            drift.missing.append(key)
        elif in_index[key] != version:
            drift.stale.append(key)
    drift.orphaned = sorted(set(in_index) - set(in_db))
    return drift


def _keys_by_type(keys: list[str]) -> dict[str, set[int]]:
    grouped: dict[str, set[int]] = defaultdict(set)
    for key in keys:
        doc_type, _, row_id = key.partition(":")
        grouped[doc_type].add(int(row_id))
    return grouped


def fix_drift(index, drift: Drift) -> None:
    """Rewrite the documents `drift` names."""
    writer = index.writer(timeout=30)
    try:
        write_documents(writer, db.session, _keys_by_type(drift.missing + drift.stale))
        for key in drift.orphaned:
            writer.delete_by_term("doc_key", key)
    except BaseException:
        writer.cancel()
        raise
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
    # A separate session, cleared per batch, keeps memory flat without touching the caller's.
    with Session(db.engine) as session:
        for doc_type, searchable in SEARCHABLES.items():
            last_id = 0
            while ids := searchable.ids_after(session, last_id, batch_size):
                write_documents(writer, session, {doc_type: set(ids)})
                count += len(ids)
                last_id = ids[-1]
                progress(len(ids))
                session.expunge_all()
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
