"""Searchers reused across requests and refreshed when the index changes.

A searcher carries what is worth keeping between queries: the document sets read from the index
(matching.DocSets, whose per-segment reads outlive a refresh), the facet and filter sets built
from them, and the spelling corrector. Opening a searcher per query is several times slower
than the query itself.
"""

from __future__ import annotations

import atexit
import contextlib
import threading
import weakref
from pathlib import Path

from enablement.search import matching, passage_index
from enablement.search.index import SPELLING_FIELD, IndexLocation, Vocabulary

# The passage index's caches, as a share of the document index's: questions are fewer than
# searches, and each process (gunicorn worker) holds both.
PASSAGE_CACHE_SHARE = 0.4


class SearcherState:
    """A searcher with what is worth keeping between queries: document sets and the corrector."""

    def __init__(self, location: IndexLocation):
        index = location.open()
        self.root = location.root
        self.generation = Path(index.storage.folder)
        self.vocabulary = location.vocabulary(self.generation)
        # The spelling field's words, and the segments they were read from: kept across
        # refreshes, so a refreshed searcher only reads the new segments' words.
        self.spelling_words: set[str] = set()
        self.spelling_segments: set[object] = set()
        self._passages = None  # the passage index's searcher, opened on the first question
        self._passage_sets: matching.DocSets | None = None
        self._reset(index.searcher())

    def _reset(self, searcher, reads: matching.SegmentReads | None = None) -> None:
        self.searcher = searcher
        self.sets = matching.DocSets(searcher, self.vocabulary, reads)
        self.facet_sets: dict[tuple[str, str], int] = {}
        self.allowed_sets: dict[tuple, int] = {}
        self.corrector = None  # built on the first typo (see corrections.py)
        self.corrections: dict[str, str | None] = {}
        self.derived: dict[str, object] = {}  # e.g. the names queries are read for

    def refresh(self) -> None:
        old = self.searcher
        new = old.refresh()
        if new is not old:
            # Whoosh 2.7.4 means to reuse the old segments' readers and close the rest, but
            # looks them up by the index's generation instead of the segment, so it reuses none
            # and closes only one: close every one the new searcher does not use.
            kept = {id(reader) for reader, _ in new.reader().leaf_readers()}
            for reader, _ in old.reader().leaf_readers():
                # (an empty index's reader holds no files and has no is_closed)
                if id(reader) not in kept and getattr(reader, "is_closed", True) is False:
                    reader.close()
        self._reset(new, self.sets.reads)

    def passages(self):
        """A searcher of this generation's passages, up to date; None when the generation has
        no passage index yet."""
        searcher = self._passages
        if searcher is not None and not searcher.up_to_date():
            searcher.close()  # passages are read per question: a fresh searcher costs little
            searcher = self._passages = None
        if searcher is None:
            index = passage_index.open_existing(self.generation)
            if index is not None:
                searcher = self._passages = index.searcher()
        return searcher

    def passage_sets(self) -> matching.DocSets | None:
        """The passages as document sets (matching.py), for the passage searcher in force;
        what was read from each segment is kept across refreshes, as for documents."""
        searcher = self.passages()
        if searcher is None:
            return None
        sets = self._passage_sets
        if sets is None or sets.searcher is not searcher:
            sets = self._passage_sets = matching.DocSets(
                searcher, Vocabulary(), sets.reads if sets is not None else None,
                text_fields=passage_index.TEXT_FIELDS, share=PASSAGE_CACHE_SHARE)
        return sets

    def close(self) -> None:
        self.searcher.close()
        if self._passages is not None:
            self._passages.close()
            self._passages = None

    def spelling(self) -> list[str]:
        """The spelling field's words (unstemmed title and summary words), sorted; only
        segments not read before are read."""
        for (reader, _), segment_id in zip(self.sets.leaves, self.sets.segment_ids, strict=True):
            if segment_id not in self.spelling_segments:
                self.spelling_words.update(term.decode("utf-8")
                                           for term in reader.lexicon(SPELLING_FIELD))
                self.spelling_segments.add(segment_id)
        return sorted(self.spelling_words)

    def docs(self, fieldname: str, value: str) -> int:
        """Documents carrying `value` in `fieldname`, deletions excluded, cached."""
        key = (fieldname, value)
        if key not in self.facet_sets:
            self.facet_sets[key] = self.sets.live_term(fieldname, value)
        return self.facet_sets[key]

    def values(self, fieldname: str) -> list[str]:
        """Every value of `fieldname` in the index, sorted, cached."""
        key = ("__values__", fieldname)
        if key not in self.facet_sets:
            self.facet_sets[key] = sorted(
                term.decode("utf-8") for term in self.searcher.reader().lexicon(fieldname)
            )
        return self.facet_sets[key]


class SearcherPool:
    """One searcher per thread, reused across requests and refreshed when the index changes."""

    def __init__(self):
        self._local = threading.local()
        self._open: weakref.WeakSet[SearcherState] = weakref.WeakSet()
        # Segments are plain files now: close them on the way out rather than leave it to
        # garbage collection (which warns about every file still open).
        atexit.register(self.close_all)

    def close_all(self) -> None:
        for state in list(self._open):
            with contextlib.suppress(Exception):  # already closed, or half torn down at exit
                state.close()

    def reset(self) -> None:
        """Forget this thread's searcher (the next get() opens a fresh one)."""
        state = getattr(self._local, "state", None)
        if state is not None:
            with contextlib.suppress(Exception):
                state.close()
            self._local.state = None

    def get(self, location: IndexLocation) -> SearcherState:
        state: SearcherState | None = getattr(self._local, "state", None)
        if state is None or state.root != location.root \
                or state.generation != location.current_dir():
            if state is not None:
                state.close()
            state = self._local.state = SearcherState(location)
            self._open.add(state)
        elif not state.searcher.up_to_date():
            state.refresh()
        return state


searchers = SearcherPool()
