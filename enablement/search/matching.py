"""Which documents match: words, quoted phrases and facet values as sets of document numbers.

A set is a Python int used as a bitmap (bit n is document n), so combining words and filters,
counting the total and counting every facet value are a few machine-speed operations, even at
100,000 documents. Each word's set is read once from the index and cached for the searcher's life.

Phrases keep their exact meaning (the words adjacent, in order, within one field, as the index
sees them: stop words are not indexed, so they are not checked either). A pair of the index's
common words, or one of its frequent runs of them, is looked up in the `pairs` field (see
index.Vocabulary); anything else is checked against word positions, but only in documents that
hold every pair of the phrase.
"""

from __future__ import annotations

import functools
import re
from array import array
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping

import numpy as np

from enablement.search import scoring, whoosh_internals
from enablement.search.index import PAIRS_FIELD, RUN_LENGTHS, TEXT_FIELDS, Vocabulary, pair_term

CACHE_BYTES = 64 * 1024 * 1024  # whole-library sets, kept per searcher
SEGMENT_CACHE_BYTES = 160 * 1024 * 1024  # what was read from each segment, kept across refreshes
# How far the library's size may move before scores computed earlier are read again.
STATS_DRIFT = 0.01
# Positions are looked up document by document (jumping over blocks of postings) when the
# documents to check are fewer than this share of the word's postings, else read block by block.
SEEK_SHARE = 0.05
_ONE = re.compile("1")


def union(sets: Iterable[int]) -> int:
    result = 0
    for bits in sets:
        result |= bits
    return result


def intersection(sets: Iterable[int]) -> int:
    sets = list(sets)
    result = sets[0] if sets else 0
    for bits in sets[1:]:
        result &= bits
    return result


def from_members(docnums: Iterable[int], size: int) -> int:
    flags = bytearray(b"0") * size
    for docnum in docnums:
        flags[docnum] = 49  # "1"
    return int(flags[::-1], 2) if size else 0


def members(bits: int) -> list[int]:
    """The document numbers in `bits`, ascending."""
    return [m.start() for m in _ONE.finditer(format(bits, "b")[::-1])]


class _Term:
    """One word of one field in one segment, as read from the index: which documents hold it
    (numbered within the segment) and, for text fields, each one's length-normalised weight
    (summed over the fields by _summed: each one's score before idf)."""

    __slots__ = ("bits", "docnums", "scores")

    def __init__(self, bits: int, docnums: array, scores: array):
        self.bits, self.docnums, self.scores = bits, docnums, scores

    def nbytes(self) -> int:
        return self.bits.bit_length() // 8 + self.docnums.nbytes + self.scores.nbytes + 200


class _Found:
    """A word, phrase or facet value across the searcher's segments: its bitmap over the whole
    library, and the segments' own reads (by the segment's first document number) for scores."""

    __slots__ = ("bits", "parts", "fields")

    def __init__(self, bits: int, parts: dict[int, _Term] | None = None,
                 fields: dict[str, int] | None = None):
        self.bits, self.parts, self.fields = bits, parts or {}, fields or {}

    def nbytes(self, size: int) -> int:
        return (1 + len(self.fields)) * size // 8 + 50 * len(self.parts) + 200


class SegmentReads:
    """What was read from each segment, kept across searcher refreshes.

    Segments never change once written (deletions are applied through DocSets.alive), so after a
    drain only the new segment needs reading. Scores were computed with the library's statistics
    (document count, average field length) of when they were read; once the library has grown or
    shrunk by more than STATS_DRIFT since, a refreshed searcher starts afresh.
    """

    def __init__(self, doc_count: int, limit: int = SEGMENT_CACHE_BYTES):
        self.doc_count = doc_count
        self.limit = limit
        self._reads: OrderedDict[tuple, _Term] = OrderedDict()
        self._bytes = 0

    def fits(self, doc_count: int) -> bool:
        return abs(doc_count - self.doc_count) <= STATS_DRIFT * max(self.doc_count, 1)

    def get(self, key: tuple) -> _Term | None:
        read = self._reads.get(key)
        if read is not None:
            self._reads.move_to_end(key)
        return read

    def put(self, key: tuple, read: _Term) -> None:
        self._reads[key] = read
        self._bytes += read.nbytes()
        while self._bytes > self.limit and len(self._reads) > 1:
            _, dropped = self._reads.popitem(last=False)
            self._bytes -= dropped.nbytes()


class DocSets:
    """Document sets for one searcher. Words read from the index are kept per segment in a
    SegmentReads handed from each searcher to its refreshed successor (up to
    SEGMENT_CACHE_BYTES), and as whole-library sets for this searcher (up to CACHE_BYTES), or a
    `share` of both for a secondary index (the passages); least recently used go first."""

    def __init__(self, searcher, vocabulary: Vocabulary, reads: SegmentReads | None = None,
                 text_fields: tuple[str, ...] = TEXT_FIELDS, share: float = 1.0):
        self.searcher = searcher
        self.text_fields = text_fields
        self.cache_bytes = int(CACHE_BYTES * share)
        self.vocabulary = vocabulary
        self.size = searcher.doc_count_all()
        self.leaves = list(searcher.reader().leaf_readers())
        self.segment_ids = [whoosh_internals.segment_id(reader) for reader, _ in self.leaves]
        live = searcher.doc_count()
        self.reads = reads if reads is not None and reads.fits(live) \
            else SegmentReads(live, int(SEGMENT_CACHE_BYTES * share))
        self._cache: OrderedDict[tuple[str, str], _Found] = OrderedDict()
        self._cached_bytes = 0
        self._lengths: dict[tuple[int, str], bytes] = {}
        self._length_divisors: dict[str, list[float]] = {}

    # -------------------------------------------------------------- reading sets

    @functools.cached_property
    def alive(self) -> int:
        """Every document not deleted."""
        deleted = []
        for reader, offset in self.leaves:
            deleted.extend(offset + local for local in whoosh_internals.deleted_docs(reader))
        return ((1 << self.size) - 1) & ~from_members(deleted, self.size)

    @functools.cached_property
    def live_count(self) -> int:
        return self.alive.bit_count()

    def idf(self, stem: str) -> float:
        """How rare the word is among live documents (in any text field)."""
        return scoring.idf(self.live_count, (self._word(stem).bits & self.alive).bit_count())

    def segment_key(self, docnum: int) -> tuple[object, int]:
        """The document's segment and its number there: a name for it that outlives this
        searcher (segments never change; an edited document is written to a new one)."""
        i = bisect_right(self.leaves, docnum, key=lambda leaf: leaf[1]) - 1
        return self.segment_ids[i], docnum - self.leaves[i][1]

    def live_term(self, fieldname: str, text: str) -> int:
        """Documents whose `fieldname` holds `text`, deletions excluded."""
        return self.term(fieldname, text) & self.alive

    def term(self, fieldname: str, text: str) -> int:
        """Documents whose `fieldname` holds `text`, deleted ones too (see live_term): searches
        start from live facet sets, so words need not pay for it again."""
        if fieldname in self.text_fields:
            return self._word(text).fields[fieldname]
        key = (fieldname, text)
        cached = self._cache.get(key)
        if cached is None:
            cached = self._read(fieldname, text)
            self._remember(key, cached)
        else:
            self._cache.move_to_end(key)
        return cached.bits

    def _word(self, stem: str) -> _Found:
        """A word across the text fields: where it is, and what each document scores for it
        before idf (scoring.py's BM25F: the fields' normalised counts added, then saturated)."""
        key = (" word", stem)
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            return cached
        reads = {fieldname: self._read(fieldname, stem) for fieldname in self.text_fields}
        parts = {}
        for segment_id, (_, offset) in zip(self.segment_ids, self.leaves, strict=True):
            segment_key = (segment_id, " word", stem)
            summed = self.reads.get(segment_key)
            if summed is None:
                summed = _summed([read.parts[offset] for read in reads.values()
                                  if offset in read.parts])
                self.reads.put(segment_key, summed)
            if len(summed.docnums):
                parts[offset] = summed
        word = _Found(union(read.bits for read in reads.values()), parts,
                      {fieldname: read.bits for fieldname, read in reads.items()})
        self._remember(key, word)
        return word

    def _remember(self, key: tuple[str, str], found: _Found) -> None:
        self._cache[key] = found
        self._cached_bytes += found.nbytes(self.size)
        while self._cached_bytes > self.cache_bytes and len(self._cache) > 1:
            _, dropped = self._cache.popitem(last=False)
            self._cached_bytes -= dropped.nbytes(self.size)

    def _read(self, fieldname: str, text: str) -> _Found:
        """`text` in `fieldname` across the segments: each segment read once (see SegmentReads),
        the whole-library bitmap put together from theirs."""
        bits, parts = 0, {}
        for segment_id, (reader, offset) in zip(self.segment_ids, self.leaves, strict=True):
            key = (segment_id, fieldname, text)
            read = self.reads.get(key)
            if read is None:
                read = self._read_segment(reader, offset, fieldname, text)
                self.reads.put(key, read)
            if read.bits:
                bits |= read.bits << offset
                parts[offset] = read
        return _Found(bits, parts)

    def _divisors(self, fieldname: str) -> list[float]:
        """For text fields, what a count is divided by for each stored length byte."""
        if fieldname not in self._length_divisors:
            self._length_divisors[fieldname] = scoring.length_divisors(
                whoosh_internals.field_lengths(),
                whoosh_internals.average_field_length(self.searcher, fieldname))
        return self._length_divisors[fieldname]

    def _read_segment(self, reader, offset: int, fieldname: str, text: str) -> _Term:
        """One segment's read of `text`: the bitmap and, for text fields, each document's
        length-normalised weight."""
        if fieldname not in self.text_fields:
            return _Term(*whoosh_internals.read_term(reader, fieldname, text))
        lengths = self._segment_lengths(reader, offset, fieldname)
        return _Term(*whoosh_internals.read_term(reader, fieldname, text,
                                                 self._divisors(fieldname), lengths))

    def word(self, stem: str) -> int:
        """Documents with the (stemmed) word in any text field."""
        return union(self._word(stem).fields.values())

    def text(self, words: list[str]) -> int:
        """Documents matching one word, or all the words as a phrase."""
        if not words:
            return 0
        if len(words) == 1:
            return self.word(words[0])
        return self.phrase(words)

    # -------------------------------------------------------------- phrases

    def phrase(self, words: list[str]) -> int:
        """Documents where `words` stand next to each other, in order, in one text field.

        Kept with the words read from the index: checking positions of a phrase found in a third
        of the library is the one thing here that costs more than a few milliseconds.
        """
        key = (" phrase", " ".join(words))
        cached = self._cache.get(key)
        if cached is None:
            cached = _Found(self._phrase(words))
            self._remember(key, cached)
        else:
            self._cache.move_to_end(key)
        return cached.bits

    def _phrase(self, words: list[str]) -> int:
        vocabulary = self.vocabulary
        parts = []
        for i, (first, second) in enumerate(zip(words, words[1:], strict=False)):
            run = next((words[i:i + n] for n in sorted(RUN_LENGTHS, reverse=True)
                        if tuple(words[i:i + n]) in vocabulary.runs), None)
            if run:
                parts.append(self.term(PAIRS_FIELD, pair_term(*run)))
            elif vocabulary.is_pair(first, second):
                parts.append(self.term(PAIRS_FIELD, pair_term(first, second)))
            else:
                parts.append(self.word(first) & self.word(second))
        candidates = intersection(parts)
        if (len(words) == 2 and vocabulary.is_pair(*words)) or tuple(words) in vocabulary.runs:
            return candidates  # indexed whole: nothing left to check
        found = 0
        # Shortest fields first: a document already found there needs no look at its body.
        for fieldname in sorted(self.text_fields, key=lambda f: f == "body"):
            in_field = candidates & ~found \
                & intersection(self.term(fieldname, w) for w in set(words))
            if in_field:
                found |= self._check_positions(fieldname, words, in_field)
        return found

    def _check_positions(self, fieldname: str, words: list[str], candidates: int) -> int:
        """The candidates where the words' positions in `fieldname` line up."""
        starts: dict[int, set[int]] | None = None  # document -> where the phrase could start
        wanted = members(candidates)
        for i, word in enumerate(words):
            found: dict[int, set[int]] = {}
            for docnum, positions in self._positions(fieldname, word, wanted):
                shifted = {p - i for p in positions}
                if starts is not None:
                    shifted &= starts[docnum]
                if shifted:
                    found[docnum] = shifted
            starts = found
            if not starts:
                return 0
            wanted = sorted(starts)
        return from_members(starts, self.size)

    def positions(self, fieldname: str, word: str,
                  docnums: list[int]) -> Iterator[tuple[int, list[int]]]:
        """(document, positions of the stemmed `word` in `fieldname`) for those of `docnums`
        (ascending) that have it."""
        return self._positions(fieldname, word, docnums)

    def _positions(self, fieldname: str, word: str,
                   wanted: list[int]) -> Iterator[tuple[int, list[int]]]:
        """(document, positions of `word`) for the `wanted` documents (ascending) that have it."""
        for reader, offset, local_wanted in by_segment(self.leaves, self.size, wanted):
            if len(local_wanted) < SEEK_SHARE * reader.doc_frequency(fieldname, word):
                yield from whoosh_internals.positions_by_seeking(reader, offset, fieldname, word,
                                                                 local_wanted)
            else:
                yield from whoosh_internals.positions_by_block(reader, offset, fieldname, word,
                                                               local_wanted)

    # -------------------------------------------------------------- ranking

    def top(self, words: Iterable[str] | Mapping[str, float], matched: int, count: int
            ) -> list[tuple[int, float]]:
        """The `count` best of the `matched` documents as (document, score), best first:
        scoring.py's BM25F summed over the query's words."""
        return self.top_in_groups(words, matched, [matched], count)[0]

    def top_in_groups(self, words: Iterable[str] | Mapping[str, float], matched: int,
                      groups: list[int],
                      count: int) -> list[list[tuple[int, float]]]:
        """For each of `groups` (bitmaps), the `count` best of the `matched` documents in it,
        as top() ranks them; the documents are scored once for all groups. `words` may map each
        word to its weight in the query (a word said twice counts twice, as BM25 counts a
        query's words; feedback.py gives fractions)."""
        times = words if isinstance(words, Mapping) else dict.fromkeys(words, 1)
        scores = np.zeros(self.size)
        for stem in sorted(times):
            weight = times[stem] * self.idf(stem)
            for offset, read in self._word(stem).parts.items():
                scores[offset + read.docnums] += weight * read.scores
        matched_mask = as_mask(matched, self.size)
        best = []
        for group in groups:
            inside = matched_mask if group & matched == matched \
                else as_mask(group & matched, self.size)
            best.append(_best(scores, np.flatnonzero(inside & (scores > 0)), count))
        return best

    def _segment_lengths(self, reader, offset: int, fieldname: str) -> bytes:
        """Each document's length byte for `fieldname` in one segment."""
        key = (offset, fieldname)
        if key not in self._lengths:
            self._lengths[key] = whoosh_internals.length_bytes(reader, fieldname)
        return self._lengths[key]


def _summed(reads: list[_Term]) -> _Term:
    """One segment's reads of a word in several fields as one score per document (before
    idf): the fields' normalised weights added up, then saturated (scoring.py)."""
    reads = [read for read in reads if len(read.docnums)]
    if not reads:
        return _Term(0, np.zeros(0, dtype=np.uint32), np.zeros(0))
    found = np.concatenate([read.docnums for read in reads])
    weights = np.concatenate([read.scores for read in reads])
    docnums, where = np.unique(found, return_inverse=True)
    return _Term(0, docnums, scoring.saturated(np.bincount(where, weights=weights)))


def _best(scores: np.ndarray, candidates: np.ndarray, count: int) -> list[tuple[int, float]]:
    """The `count` best `candidates` by score, best first; equal scores lowest number first."""
    values = scores[candidates]
    if len(candidates) > count:
        kth = np.partition(values, len(values) - count)[len(values) - count]
        keep = values >= kth
        candidates, values = candidates[keep], values[keep]
    order = np.lexsort((candidates, -values))[:count]
    return [(int(candidates[i]), float(values[i])) for i in order]


def as_mask(bits: int, size: int) -> np.ndarray:
    """A bitmap as an array of `size` booleans."""
    raw = np.frombuffer(bits.to_bytes((size + 7) // 8, "little"), dtype=np.uint8)
    return np.unpackbits(raw, bitorder="little")[:size].astype(bool)


def by_segment(leaves: list[tuple[object, int]], size: int, docnums: Iterable[int]
               ) -> Iterator[tuple[object, int, list[int]]]:
    """(segment reader, its first document number, `docnums` inside it numbered from there,
    ascending) for each segment holding some of `docnums`."""
    docnums = sorted(docnums)
    for i, (reader, offset) in enumerate(leaves):
        end = leaves[i + 1][1] if i + 1 < len(leaves) else size
        inside = docnums[bisect_left(docnums, offset):bisect_left(docnums, end)]
        if inside:
            yield reader, offset, [d - offset for d in inside]
