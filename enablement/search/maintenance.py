"""Rebuilding the index and finding drift between the database and the index."""

from __future__ import annotations

import itertools
import shutil
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session
from whoosh import index as whoosh_index

from enablement.extensions import db
from enablement.search import index as search_index
from enablement.search import passage_index
from enablement.search.documents import naive_utc, tag_labels
from enablement.search.index import doc_key
from enablement.search.outbox import index_location, passage_documents, write_documents
from enablement.search.registry import SEARCHABLES

COMMON_WORDS_SAMPLE = 2000  # documents read to find the library's common words


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
    """Rewrite the documents `drift` names, and their passages."""
    generation = Path(index.storage.folder)
    vocabulary = search_index.read_vocabulary(generation)
    writer = search_index.writer(index, timeout=30)
    passages = None
    try:
        passages = passage_index.writer(generation, timeout=30)
        write_documents(writer, db.session, _keys_by_type(drift.missing + drift.stale),
                        vocabulary, passages)
        for key in drift.orphaned:
            writer.delete_by_term("doc_key", key)
            passage_index.remove(passages, key)
        passages.commit()
        passages = None
    except BaseException:
        writer.cancel()
        if passages is not None:
            passages.cancel()
        raise
    writer.commit()


def reindex(progress: Callable[[int], None] = lambda n: None, batch_size: int = 200) -> int:
    """Build a fresh index from the database and swap it in; searches keep working meanwhile.

    Changes drained into the old index during the build are caught by a drift fix run while
    holding the old index's writer lock, so none is lost at the swap.
    """
    location = index_location()
    generation = location.new_generation()
    # A separate session, cleared per batch, keeps memory flat without touching the caller's.
    with Session(db.engine) as session:
        vocabulary = search_index.choose_vocabulary(_sample_documents(session))
        search_index.write_vocabulary(generation, vocabulary)
        count = build_generation(generation, _database_documents(session, batch_size, progress),
                                 vocabulary)
    fresh = whoosh_index.open_dir(str(generation))

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


def build_generation(generation: Path, documents: Iterable[tuple[dict, list[dict]]],
                     vocabulary: search_index.Vocabulary) -> int:
    """Write `documents` (each with its passage documents) into a fresh, not yet live
    generation; returns how many.

    Chunks keep each writer process's postings in memory (see index.BULK_CHUNK).
    """
    index = whoosh_index.open_dir(str(generation))
    labels = tag_labels()
    count = 0
    documents = iter(documents)
    while chunk := list(itertools.islice(documents, search_index.BULK_CHUNK)):
        writer = search_index.bulk_writer(index)
        passages = passage_index.bulk_writer(generation)
        try:
            for document, passage_docs in chunk:
                writer.add_document(**search_index.index_fields(document, vocabulary, labels))
                for passage in passage_docs:
                    passages.add_document(**passage)
        except BaseException:
            writer.cancel()
            passages.cancel()
            raise
        passages.commit(merge=False)
        writer.commit(merge=False)
        count += len(chunk)
    return count


def _database_documents(session: Session, batch_size: int, progress: Callable[[int], None]
                        ) -> Iterator[tuple[dict, list[dict]]]:
    """Every searchable row's index document and passage documents, read in batches of
    `batch_size`."""
    for searchable in SEARCHABLES.values():
        last_id = 0
        while ids := searchable.ids_after(session, last_id, batch_size):
            found = {row.id: row for row in searchable.load(session, ids)}
            for row_id in ids:
                if row_id in found:
                    document = searchable.to_document(found[row_id])
                    yield document, passage_documents(searchable, found[row_id], document)
            last_id = ids[-1]
            progress(len(ids))
            session.expunge_all()


def _sample_documents(session: Session, size: int = COMMON_WORDS_SAMPLE) -> Iterator[dict]:
    """Up to `size` documents spread evenly over the library."""
    for searchable in SEARCHABLES.values():
        ids = sorted(searchable.versions(session))
        sample = ids[::max(1, len(ids) // size)]
        for start in range(0, len(sample), 200):
            rows = searchable.load(session, sample[start:start + 200])
            yield from (searchable.to_document(row) for row in rows)
            session.expunge_all()
