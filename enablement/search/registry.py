"""What is searchable: each kind of row that becomes an index document registers itself here.

The outbox listener, the drain, `search check` and `search reindex` work from this registry, so a
new feature (news, say) becomes searchable by registering, without touching the search engine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session


@dataclass(frozen=True)
class Searchable:
    doc_type: str
    model: type
    # The index document for one row (see search.index.build_schema for the fields).
    to_document: Callable[[Any], dict]
    # Rows by id, loaded with whatever to_document needs.
    load: Callable[[Session, Iterable[int]], list]
    # Ids in id order after `after_id`, for rebuilding in batches.
    ids_after: Callable[[Session, int, int], list[int]]
    # {id: version} of every row, compared with the index's `updated_at` by `search check`.
    versions: Callable[[Session], dict[int, datetime]]
    # Child rows whose change changes the parent's document: model -> parent id getter.
    children: dict[type, Callable[[Any], int | None]] = field(default_factory=dict)
    # The page a search result links to, given the row id (needs an app context).
    url: Callable[[int], str] | None = None
    # What of the row an answer may quote (see passages.py), loaded as `load` loads it.
    passages: Callable[[Any], list] | None = None


SEARCHABLES: dict[str, Searchable] = {}


def register(searchable: Searchable) -> None:
    SEARCHABLES[searchable.doc_type] = searchable


def changed_documents(session: Session) -> set[tuple[str, int]]:
    """(doc_type, id) of every searchable row this flush added, changed or deleted."""
    changed: set[tuple[str, int]] = set()
    dirty = session.dirty
    for obj in [*session.new, *dirty, *session.deleted]:
        for searchable in SEARCHABLES.values():
            if isinstance(obj, searchable.model):
                if obj in dirty and not session.is_modified(obj):
                    continue
                changed.add((searchable.doc_type, obj.id))
            for child_model, parent_id in searchable.children.items():
                if isinstance(obj, child_model):
                    parent = parent_id(obj)
                    if parent is not None:
                        changed.add((searchable.doc_type, parent))
    return changed
