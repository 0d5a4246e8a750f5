"""The passage index: every passage of every searchable document (passages.py), kept beside the
document index in each generation (`gen-…/passages/`), so a rebuild swaps both at once.

It is written only where the document index is written, under the document index's writer lock
(the outbox drain, drift fixes, a rebuild of a generation nobody reads yet), so its own lock is
never waited for. Each passage carries its document's type, kind and status, so a search filters
passages exactly as it filters documents: what a rep may not see is never an answer.
"""

from __future__ import annotations

from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.fields import ID, NUMERIC, STORED, TEXT, Schema

from enablement.search import index as search_index
from enablement.search.passages import Passage

PASSAGES_DIR = "passages"
PARENT_FIELD = "parent"
TEXT_FIELDS = ("title", "text")
TITLE_BOOST = 0.5  # a title helps a passage that never repeats what its document is about


def build_schema() -> Schema:
    text = search_index.text_analyzer()
    return Schema(
        key=ID(unique=True, stored=True),  # "<doc_key>/<position>"
        parent=ID(stored=True),  # the document's doc_key
        type=ID(stored=True),
        id=NUMERIC(stored=True),
        kind=ID(stored=True),
        status=ID(stored=True),
        title=TEXT(analyzer=text, stored=True, field_boost=TITLE_BOOST, phrase=False),
        text=TEXT(analyzer=text, stored=True, phrase=False),
        # The text's stems, space-separated: a question reads its best documents' passages
        # whole (answers._candidates), and splitting is ~15x cheaper than stemming again.
        stems=STORED(),
        where=STORED(),
        page=STORED(),
        attachment_id=STORED(),
        filename=STORED(),
        position=STORED(),
    )


def location(generation: Path) -> Path:
    return Path(generation) / PASSAGES_DIR


def ensure(generation: Path) -> whoosh_index.Index:
    """The generation's passage index, created empty if it has none yet (an index built before
    passages existed): only callers holding the document index's writer lock, or building a
    generation nobody reads yet, may call this."""
    path = location(generation)
    if whoosh_index.exists_in(str(path)):
        return whoosh_index.open_dir(str(path))
    path.mkdir(parents=True, exist_ok=True)
    path.chmod(0o755)
    return whoosh_index.create_in(str(path), build_schema())


def open_existing(generation: Path) -> whoosh_index.Index | None:
    """The generation's passage index for reading; None when it has none (no answers until the
    next drain or rebuild)."""
    path = location(generation)
    if not whoosh_index.exists_in(str(path)):
        return None
    return whoosh_index.open_dir(str(path))


def writer(generation: Path, **options):
    return search_index.writer(ensure(generation), **options)


def bulk_writer(generation: Path):
    """A writer for a rebuild: one process (passages are many and small), nothing merged."""
    return ensure(generation).writer(**search_index.WRITER_OPTIONS, limitmb=256,
                                     codec=search_index.WRITER_CODEC)


def documents(document: dict, passages: list[Passage]) -> list[dict]:
    """The passage index's documents for one search document's passages."""
    parent = document["doc_key"]
    return [{
        "key": f"{parent}/{position}", "parent": parent, "type": document["type"],
        "id": document["id"], "kind": document.get("kind") or document["type"],
        "status": document.get("status") or "", "title": document.get("title") or "",
        "text": passage.text, "stems": " ".join(search_index.stems(passage.text)),
        "where": passage.where, "page": passage.page,
        "attachment_id": passage.attachment_id, "filename": passage.filename,
        "position": position,
    } for position, passage in enumerate(passages)]


def replace(passage_writer, parent: str, docs: list[dict]) -> None:
    """Put `docs` in place of whatever passages document `parent` had."""
    passage_writer.delete_by_term(PARENT_FIELD, parent)
    for doc in docs:
        passage_writer.add_document(**doc)


def remove(passage_writer, parent: str) -> None:
    passage_writer.delete_by_term(PARENT_FIELD, parent)
