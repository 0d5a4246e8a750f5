"""The transactional outbox that keeps the search index consistent with the database.

Every flush that adds, changes or deletes something searchable writes an outbox row in the same
transaction. After the commit, `drain` copies the current state of those rows into Whoosh under the
index's single writer lock and only then deletes the outbox rows. A busy writer or a crash leaves
the rows for the next drain; nothing is lost.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from sqlalchemy import delete, event, insert, select
from sqlalchemy.orm import Session
from whoosh.index import LockError

from enablement.errors import DATABASE_UNAVAILABLE, unavailable_reason
from enablement.extensions import db
from enablement.models import SearchOutbox, utcnow
from enablement.search import (
    documents,  # registers assets as searchable
    passage_index,
)
from enablement.search import index as search_index
from enablement.search.index import IndexLocation, doc_key
from enablement.search.registry import SEARCHABLES, changed_documents

PENDING_FLAG = "search_outbox_pending"


@event.listens_for(Session, "after_flush")
def _record_changes(session: Session, _flush_context) -> None:
    changed = changed_documents(session)
    if not changed:
        return
    now = utcnow()
    session.connection().execute(
        insert(SearchOutbox),
        [{"doc_type": t, "doc_id": i, "created_at": now} for t, i in sorted(changed)],
    )
    session.info[PENDING_FLAG] = True


def index_location() -> IndexLocation:
    return current_app.extensions["search_index"]


@dataclass
class DrainResult:
    applied: int = 0
    busy: bool = False


def write_documents(writer, session, keys: dict[str, set[int]],
                    vocabulary: search_index.Vocabulary, passages=None) -> None:
    """Write the current state of each (doc_type → ids) into the index, and their passages with
    `passages` (the generation's passage writer); absent rows are removed from both.

    `vocabulary` is the index generation's (see index.index_fields).
    """
    labels = documents.tag_labels()
    for doc_type, ids in keys.items():
        searchable = SEARCHABLES.get(doc_type)
        if searchable is None:
            continue
        found = {row.id: row for row in searchable.load(session, ids)}
        for row_id in sorted(ids):
            if row_id in found:
                document = searchable.to_document(found[row_id])
                writer.update_document(**search_index.index_fields(document, vocabulary, labels))
                if passages is not None:
                    passage_index.replace(passages, document["doc_key"],
                                          passage_documents(searchable, found[row_id], document))
            else:
                writer.delete_by_term("doc_key", doc_key(doc_type, row_id))
                if passages is not None:
                    passage_index.remove(passages, doc_key(doc_type, row_id))


def passage_documents(searchable, row, document: dict) -> list[dict]:
    """The passage index's documents for a row (none for a type without passages)."""
    if searchable.passages is None:
        return []
    return passage_index.documents(document, searchable.passages(row))


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
            writer = search_index.writer(index, timeout=timeout)
        except LockError:
            result.busy = True
            return result
        generation = Path(index.storage.folder)
        if location.current_dir().name != generation.name:
            writer.cancel()  # a rebuild was swapped in while we waited for the lock
            continue
        passages = None
        try:
            # Only writers of the document index write passages, so this lock is free.
            passages = passage_index.writer(generation, timeout=timeout)
            # Read the rows and the rows' current state only once we hold the lock, so a later
            # drain always writes a later state.
            db.session.rollback()
            rows = db.session.execute(
                select(SearchOutbox.id, SearchOutbox.doc_type, SearchOutbox.doc_id)
                .order_by(SearchOutbox.id)
                .limit(batch_size)
            ).all()
            keys: dict[str, set[int]] = defaultdict(set)
            for row in rows:
                keys[row.doc_type].add(row.doc_id)
            write_documents(writer, db.session, keys, location.vocabulary(generation), passages)
            passages.commit()
            passages = None  # committed: a failure from here on leaves it as it is
            writer.commit()
        except BaseException:
            writer.cancel()
            if passages is not None:
                passages.cancel()
            raise
        db.session.execute(delete(SearchOutbox).where(SearchOutbox.id.in_([r.id for r in rows])))
        db.session.commit()
        result.applied += len(rows)
        if len(rows) < batch_size:
            return result


def drain_if_pending() -> DrainResult | None:
    """Drain after a commit that wrote outbox rows in this session; a no-op otherwise."""
    if not db.session.info.pop(PENDING_FLAG, False):
        return None
    try:
        return drain()
    except DATABASE_UNAVAILABLE as error:  # the rows stay for the next drain
        current_app.logger.warning("search outbox drain: database unavailable: %s; will retry",
                                   unavailable_reason(error))
        db.session.rollback()
        return None
    except Exception:  # the rows stay in the outbox; the next drain applies them
        current_app.logger.exception("search outbox drain failed; will retry")
        db.session.rollback()
        return None


def drain_after_request(response):
    """After a request that committed searchable changes, bring the index up to date."""
    drain_if_pending()
    return response
