"""Everything search takes from Whoosh 2.7.4 beyond its public API, in one place.

Search is fast because it does not walk Whoosh's matchers one posting at a time: it reads whole
blocks of postings, the length columns and the deletion lists as Whoosh stores them (scored with
scoring.py's BM25F), splits text into words in one pass instead of a chain of filters, and
writes segments with a writer that reads each length column once. Each of those depends on how
Whoosh 2.7.4 (pinned exactly) lays out its files and computes its numbers, so they live here,
behind the named functions below, and tests/search/test_whoosh_internals.py checks each against
what Whoosh itself gives. The rest of enablement/search imports only a short list of Whoosh's
public modules (tests/search/test_whoosh_boundary.py); README.md beside this file says what to
re-check before upgrading Whoosh.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from itertools import accumulate
from pickle import loads  # noqa: S403  # nosec B403 - Whoosh's own posting values, as Whoosh reads them

import numpy as np
from whoosh.analysis import STOP_WORDS, StemmingAnalyzer, Token
from whoosh.automata.fsa import find_all_matches
from whoosh.automata.lev import levenshtein_automaton
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3Codec, W3PerDocReader, W3Segment, _lenfield
from whoosh.idsets import DocIdSet
from whoosh.lang.porter import stem
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import SegmentReader, TermNotFound
from whoosh.spelling import ListCorrector
from whoosh.support.levenshtein import damerau_levenshtein
from whoosh.util.numeric import byte_to_length

from enablement.search.stemming import STEM_OVERRIDES

# ------------------------------------------------------------------ words
#
# Exactly the terms of Whoosh's StemmingAnalyzer(stemfn=stem_word): its tokenizer's pattern, lower
# case, stop words and single letters dropped, Porter stems except for the reviewed words of
# stemming.py, which keep their own term.

_TOKEN = re.compile(r"\w+(?:\.?\w+)*", re.UNICODE)
_stems: dict[str, str] = {}
# Words whose stems are kept: news tagging stems every polled item here too, so a long-running
# worker keeps meeting new words (names, numbers); past this many the cache starts again.
MAX_CACHED_STEMS = 200_000


def stem_word(word: str) -> str:
    """The term indexed for one lower-cased word: its Porter stem, or its reviewed override."""
    return STEM_OVERRIDES.get(word) or stem(word)


_WHOOSH_ANALYZER = StemmingAnalyzer(stemfn=stem_word, cachesize=-1)


def stemmed_words(text: str) -> Iterator[tuple[int, re.Match, str]]:
    """(number among all words, the word's match, its stem) for each word the index keeps:
    lower-cased, stop words and single letters dropped."""
    for number, match in enumerate(_TOKEN.finditer(text)):
        word = match.group().lower()
        if len(word) < 2 or word in STOP_WORDS:
            continue
        stemmed = _stems.get(word)
        if stemmed is None:
            if len(_stems) >= MAX_CACHED_STEMS:
                _stems.clear()
            stemmed = _stems[word] = stem_word(word)
        yield number, match, stemmed


def stems(text: str) -> list[str]:
    """The stems the index keeps for `text`, in order (stemmed_words without the matches:
    feedback stems ten documents per question)."""
    found = []
    known = _stems.get
    for word in _TOKEN.findall(text):
        word = word.lower()
        if len(word) < 2 or word in STOP_WORDS:
            continue
        stemmed = known(word)
        if stemmed is None:
            if len(_stems) >= MAX_CACHED_STEMS:
                _stems.clear()
            stemmed = _stems[word] = stem_word(word)
        found.append(stemmed)
    return found


def word_stems(text: str) -> list[tuple[str, str]]:
    """(word as written, lower-cased; its stem) for each word the index keeps, in order."""
    return [(match.group().lower(), stemmed) for _, match, stemmed in stemmed_words(text)]


def stemming_tokens(value, positions=False, chars=False, keeporiginal=False, removestops=True,
                    start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
    """Whoosh's StemmingAnalyzer(stemfn=stem_word) tokens for `value` in one pass instead of a
    chain of four generators (a rebuild spends much of its time here); options it does not speed
    up are handed to Whoosh's own analyzer."""
    if not tokenize or not removestops or keeporiginal:
        yield from _WHOOSH_ANALYZER(value, positions=positions, chars=chars,
                                    keeporiginal=keeporiginal, removestops=removestops,
                                    start_pos=start_pos, start_char=start_char,
                                    tokenize=tokenize, mode=mode, **kwargs)
        return
    token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
    token.boost = 1.0
    token.stopped = False
    pos = None
    for number, match, stemmed in stemmed_words(value):
        token.text = stemmed
        if positions:
            # Whoosh's StopFilter keeps the first kept word's own position, then counts on.
            pos = token.pos = start_pos + number if pos is None else pos + 1
        if chars:
            token.startchar = start_char + match.start()
            token.endchar = start_char + match.end()
        yield token


# ------------------------------------------------------------------ writing
#
# While flushing a segment, Whoosh asks for a document's field length once per posting, and each
# answer is a seek and a read of one byte in the lengths column: about a third of the time a
# rebuild spends writing postings. WriterCodec reads each field's lengths column once. The
# segments it writes name Whoosh's plain codec, so the index on disk is exactly what Whoosh
# writes and reads without this module.

_LENGTHS = [None] + [byte_to_length(n) for n in range(1, 256)]  # 0: no length stored


class WriterCodec(W3Codec):
    def new_segment(self, storage, indexname):
        return W3Segment(W3Codec(), indexname)

    def per_document_reader(self, storage, segment):
        return _LengthsInMemory(storage, segment)


class _LengthsInMemory(W3PerDocReader):
    def __init__(self, storage, segment):
        super().__init__(storage, segment)
        self._lengths_by_field: dict[str, bytes | None] = {}

    def doc_field_length(self, docnum, fieldname, default=0):
        lengths = self._lengths_by_field.get(fieldname, b"")
        if lengths == b"":
            lengths = self._lengths_by_field[fieldname] = _column_bytes(self, fieldname)
        if lengths is None:
            return default
        if docnum > self._doccount:
            raise IndexError(f"Asked for docnum {docnum!r} of {self._doccount}")
        return _LENGTHS[lengths[docnum]] if docnum < len(lengths) else None


def _column_bytes(perdoc, fieldname: str) -> bytes | None:
    """A segment's lengths column for `fieldname`: one byte per document, as stored."""
    column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    if column is None:
        return None
    return column._dbfile.get(column._basepos, column._count)


def merge_segment(writer, segment) -> None:
    """Copy `segment`'s live documents into `writer`'s new segment (for a merge policy)."""
    reader = SegmentReader(writer.storage, writer.schema, segment)
    writer.add_reader(reader)
    reader.close()


# ------------------------------------------------------------------ reading a segment


def segment_id(reader) -> object:
    """A name for the segment `reader` reads (anything else is never shared between searchers)."""
    segment = reader.segment() if hasattr(reader, "segment") else None
    return segment.segment_id() if segment is not None else object()


def deleted_docs(reader) -> Iterable[int]:
    """The segment's deleted document numbers, from its deletion list in one read."""
    if not reader.has_deletions():
        return ()
    perdoc = getattr(reader, "_perdoc", None)
    if perdoc is None:
        return (local for local in range(reader.doc_count_all()) if reader.is_deleted(local))
    return perdoc.deleted_docs()


def length_bytes(reader, fieldname: str) -> bytes:
    """Each document's length byte for `fieldname` in one segment (0: no length)."""
    count = reader.doc_count_all()
    perdoc = getattr(reader, "_perdoc", None)
    raw = (_column_bytes(perdoc, fieldname) if perdoc is not None else None) or b""
    return raw + bytes(max(0, count - len(raw)))


def field_lengths() -> list[float]:
    """The field length each of the 256 length bytes Whoosh stores stands for (byte 0: none)."""
    return [byte_to_length(n) for n in range(256)]


def average_field_length(searcher, fieldname: str) -> float:
    return searcher.avg_field_length(fieldname) or 1.0


def read_term(reader, fieldname: str, text: str, divisors: list[float] | None = None,
              lengths: bytes = b"") -> tuple[int, np.ndarray, np.ndarray]:
    """One pass over a segment's postings of `text`, a block at a time: which documents hold it
    (a bitmap, bit n is the segment's document n) and, given `divisors` (for each length byte,
    see scoring.length_divisors) and `lengths` (length_bytes), those documents in order with
    their weight (the count times the field's boost) divided by their length's divisor."""
    count = reader.doc_count_all()
    found, weights = array("I"), []
    for ids, matcher in _blocks(reader, fieldname, text):
        found.extend(ids)
        if divisors:
            weights.append(np.asarray(_block_weights(matcher), dtype=np.float64)[:len(ids)])
    docnums = np.frombuffer(found, dtype=np.uint32) if found else np.zeros(0, np.uint32)
    flags = np.zeros(count, dtype=np.uint8)
    flags[docnums] = 1
    bits = int.from_bytes(np.packbits(flags, bitorder="little").tobytes(), "little")
    if not divisors or not found:
        return bits, docnums, np.zeros(0)
    by_length = np.asarray(divisors)[np.frombuffer(lengths, dtype=np.uint8)[docnums]]
    return bits, docnums, np.concatenate(weights) / by_length


def positions_by_seeking(reader, offset: int, fieldname: str, word: str,
                         local_wanted: list[int]) -> Iterator[tuple[int, list[int]]]:
    """(offset + document, positions of `word`) for the `local_wanted` documents of the segment
    (ascending) that hold it, jumping from one to the next: cheap for a few documents."""
    matcher = _raw_matcher(reader, fieldname, word)
    if matcher is None:
        return
    found, values = [], []
    for local in local_wanted:
        if _seek(matcher, local):
            found.append(offset + local)
            values.append(matcher.value())
    yield from zip(found, _decode_positions(values), strict=True)


def positions_by_block(reader, offset: int, fieldname: str, word: str,
                       local_wanted: list[int]) -> Iterator[tuple[int, list[int]]]:
    """The same as positions_by_seeking, reading every block: cheaper for many documents."""
    flags = set(local_wanted)
    for ids, matcher in _blocks(reader, fieldname, word):
        hits = [(j, offset + local) for j, local in enumerate(ids) if local in flags]
        if hits:
            values = _block_values(matcher)
            decoded = _decode_positions([values[j] for j, _ in hits])
            yield from zip((docnum for _, docnum in hits), decoded, strict=True)


def characters(reader, fieldname: str, word: str,
               local_docnums: list[int]) -> Iterator[tuple[int, list[tuple[int, int, int]]]]:
    """(document, [(position, start char, end char)] of `word`) for the `local_docnums` of the
    segment (ascending) whose `fieldname` holds it."""
    try:
        postings = reader.postings(fieldname, word)
    except TermNotFound:
        return
    for local in local_docnums:
        if _seek(postings, local):
            yield local, postings.value_as("characters")


# Whoosh's matchers step through postings one document at a time in Python; reading each block
# of (up to 128) document numbers at once is what makes word sets cheap. This leans on the W3
# codec's block matcher; another codec's matcher is read one posting at a time.


def _raw_matcher(reader, fieldname: str, text: str):
    try:
        matcher = reader.postings(fieldname, text)
    except TermNotFound:
        return None
    if isinstance(matcher, FilterMatcher):
        matcher = matcher.child  # deletions are removed later, by the caller's own sets
    return matcher


def _blocks(reader, fieldname: str, text: str) -> Iterator[tuple[tuple[int, ...], object]]:
    """(document numbers, matcher positioned on that block) for each block of postings."""
    matcher = _raw_matcher(reader, fieldname, text)
    if matcher is None:
        return
    if not hasattr(matcher, "_read_ids"):  # another codec: one posting at a time
        while matcher.is_active():
            yield (matcher.id(),), matcher
            matcher.next()
        return
    while matcher.is_active():
        yield _block_ids(matcher), matcher
        matcher._next_block()


def _block_ids(matcher) -> tuple[int, ...]:
    """The current block's document numbers (Whoosh's own reader adds up the stored gaps one
    Python step at a time)."""
    if matcher._ids is None:
        if matcher._data is None:
            matcher._read_data()
        ids = matcher._data[0]
        matcher._ids = ids if matcher._byteids else tuple(accumulate(ids))
    return matcher._ids


def _seek(matcher, docnum: int) -> bool:
    """Move a matcher forward to `docnum`; True when that document has the term. Jumps whole
    blocks, then bisects within one, instead of stepping a posting at a time."""
    if not matcher.is_active():
        return False
    if not hasattr(matcher, "_read_ids"):
        matcher.skip_to(docnum)
        return matcher.is_active() and matcher.id() == docnum
    if docnum > matcher.block_max_id():
        matcher._skip_to_block(lambda: docnum > matcher.block_max_id())
        if not matcher.is_active():
            return False
    ids = _block_ids(matcher)
    matcher._i = bisect_left(ids, docnum, matcher._i)
    return ids[matcher._i] == docnum


def _decode_positions(values: list[bytes]) -> list[list[int]]:
    """Positions from postings of a `chars=True` field. Whoosh's Characters format keeps a
    4-byte weight, then a pickled list of (position delta, start delta, length) without the
    pickle's header and end; unpickling a block's worth in one list is much cheaper than one
    call per posting."""
    bodies = b"".join(v[4:-1] if v.endswith(b".") else v[4:] for v in values)
    lists = loads(b"(" + bodies + b"l.")  # noqa: S301  # nosec B301 - our index's own postings; only the worker may write it
    return [list(accumulate(code[0] for code in codes)) for codes in lists]


def _block_weights(matcher):
    if not hasattr(matcher, "_read_weights"):
        return [matcher.weight()]
    matcher._read_weights()
    return matcher._weights


def _block_values(matcher) -> list:
    if not hasattr(matcher, "_read_values"):
        return [matcher.value()]
    matcher._read_values()
    return matcher._values


# ------------------------------------------------------------------ searching with Whoosh


class _Flags(DocIdSet):
    """A bitmap as Whoosh's search filter: answers "is document n in it?" in constant time."""

    def __init__(self, bits: int, size: int):
        self.flags = format(bits, f"0{size}b")[::-1] if size else ""
        self.count = bits.bit_count()

    def __len__(self) -> int:
        return self.count

    def __contains__(self, docnum: int) -> bool:
        return docnum < len(self.flags) and self.flags[docnum] == "1"


def search_filter(bits: int, size: int) -> DocIdSet:
    """The documents of bitmap `bits` (of a library of `size`) as a `filter=` for
    Searcher.search()."""
    return _Flags(bits, size)


# ------------------------------------------------------------------ spelling


class _WordListCorrector(ListCorrector):
    """Whoosh's corrector over a sorted word list, walking the list once: 2.7.4 walks it once
    per edit distance, with the same largest-distance automaton each time."""

    def _suggestions(self, text, maxdist, prefix):
        automaton = levenshtein_automaton(text, maxdist, prefix).to_dfa()
        for word in find_all_matches(automaton, self.Skipper(self.wordlist)):
            yield 0 - maxdist, word


def word_corrector(words: list[str]) -> ListCorrector:
    """Whoosh's corrector over `words` (sorted)."""
    return _WordListCorrector(words)


def close_words(corrector: ListCorrector, word: str, limit: int, prefix: int) -> list[str]:
    """Up to `limit` words of the corrector within two typos of `word` that share its first
    `prefix` letters, as Whoosh's ListCorrector.suggest() gives them."""
    if not corrector.wordlist:
        return []  # Whoosh's skipper fails on an empty list
    return corrector.suggest(word, limit=limit, prefix=prefix)


def edit_distance(first: str, second: str) -> int:
    """Typos between two words (Damerau-Levenshtein, as Whoosh measures them)."""
    return damerau_levenshtein(first, second)
