"""The contract of whoosh_internals: each shortcut gives exactly what Whoosh 2.7.4 itself gives.

These are the tests to run first against any other Whoosh version (see enablement/search/README.md).
"""

import math

import pytest
from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.analysis import StemmingAnalyzer
from whoosh.codec.whoosh3 import W3Codec
from whoosh.reading import TermNotFound
from whoosh.spelling import ListCorrector

from enablement.search import index as search_index
from enablement.search import matching, scoring, whoosh_internals
from enablement.search import query as querying
from tests.search.support import TEXTS, VOCABULARIES, document

WORDS_TEXT = ("The Regulations, re-scheduling U.S. crews 3.5x faster; İstanbul ÉCOLE a I x9 "
              "Hospitality hospitals utilities NEWS "
              "Straße e-mail foo_bar café's 2024-01-05 v1.2.3")
FILLER = ("crew", "site", "visit", "cost", "audit", "storage", "checklist", "quarter", "report")


# ------------------------------------------------------------------ words
#
# The index's words are Whoosh's StemmingAnalyzer's with the reviewed stems of stemming.py.
WHOOSH_ANALYZER = StemmingAnalyzer(stemfn=whoosh_internals.stem_word)


def test_quick_stems_are_exactly_what_the_index_stores():
    assert search_index.stems(WORDS_TEXT) == [t.text for t in WHOOSH_ANALYZER(WORDS_TEXT)]


def test_words_with_their_stems_are_the_analyzer_s_words_as_written():
    theirs = [(WORDS_TEXT[t.startchar:t.endchar].lower(), t.text)
              for t in WHOOSH_ANALYZER(WORDS_TEXT, chars=True)]
    assert search_index.word_stems(WORDS_TEXT) == theirs


@pytest.mark.parametrize("options", [
    {}, {"positions": True, "chars": True}, {"positions": True, "start_pos": 7},
    {"chars": True, "start_char": 11}, {"positions": True, "removestops": False, "mode": "query"},
    {"positions": True, "keeporiginal": True}, {"tokenize": False, "positions": True},
])
def test_the_index_tokenizer_gives_exactly_whooshs_stemming_analyzer_tokens(options):
    text = WORDS_TEXT + ". And the the of OSHA's audits."
    fields = ("text", "pos", "startchar", "endchar", "boost", "stopped", "original")

    def tokens(analyzer):
        return [tuple(getattr(t, f, None) for f in fields) for t in analyzer(text, **options)]

    assert tokens(search_index.text_analyzer()) == tokens(WHOOSH_ANALYZER)
    assert tokens(search_index.text_analyzer())


# ------------------------------------------------------------------ writing


def _each(searcher, field, term):
    matcher = searcher.postings(field, term)
    while matcher.is_active():
        yield matcher
        matcher.next()


def test_the_faster_writer_writes_what_whoosh_itself_writes(tmp_path):
    """Same postings, lengths and scores as Whoosh's plain writer, and segments that name
    Whoosh's own codec (the index opens without our code)."""
    built = {}
    for name, options in (("ours", {"codec": search_index.WRITER_CODEC}), ("whoosh's", {})):
        (tmp_path / name).mkdir()
        ix = whoosh_index.create_in(str(tmp_path / name), search_index.build_schema())
        with ix.writer(**search_index.WRITER_OPTIONS, **options) as writer:
            for number, texts in TEXTS.items():
                writer.add_document(**search_index.index_fields(
                    document(number, *texts), VOCABULARIES["common pairs and runs"]))
        assert all(type(segment.codec()) is W3Codec for segment in ix._segments())
        with ix.searcher() as searcher:
            reader = searcher.reader()
            built[name] = {
                (field, term): (info.doc_frequency(), info.min_length(), info.max_length(),
                                info.max_weight(),
                                [(m.id(), m.weight()) for m in _each(searcher, field, term)])
                for field, term in ((f, t) for f in search_index.TEXT_FIELDS
                                    for t in reader.field_terms(f))
                for info in [reader.term_info(field, term)]
            }
    assert built["ours"] == built["whoosh's"]
    assert built["ours"]


# ------------------------------------------------------------------ reading


@pytest.fixture
def segmented(tmp_path):
    """A library in three segments, each with a deleted document; some words have more
    postings than one block (128) holds."""
    ix = whoosh_index.create_in(str(tmp_path), search_index.build_schema())
    number = 0
    for size in (300, 5, 140):
        writer = ix.writer(**search_index.WRITER_OPTIONS, codec=search_index.WRITER_CODEC)
        for _ in range(size):
            number += 1
            words = [FILLER[(number * k) % len(FILLER)] for k in range(1, 3 + number % 7)]
            writer.add_document(**search_index.index_fields(document(
                number, f"{words[0]} {words[-1]} notes", " ".join(words[:3]),
                " ".join(words * (1 + number % 3))), search_index.Vocabulary()))
        writer.commit(merge=False)
    with ix.writer() as writer:
        for gone in (3, 150, 302, 444):
            writer.delete_by_term("doc_key", f"asset:{gone}")
        writer.mergetype = lambda writer, segments: segments  # keep the segments as they are
    searcher = ix.searcher()
    assert len(list(searcher.reader().leaf_readers())) == 3
    yield searcher
    searcher.close()


def _terms(searcher):
    reader = searcher.reader()
    return [(field, text.decode("utf-8") if isinstance(text, bytes) else text)
            for field in ("title", "body", "status")
            for text in reader.lexicon(field)]


def _postings(reader, field, text, value=None):
    """Whoosh's own walk over a term's postings, one at a time: {document: `value(matcher)`},
    by default its positions and characters."""
    try:
        matcher = reader.postings(field, text)
    except TermNotFound:
        return {}
    found = {}
    while matcher.is_active():
        found[matcher.id()] = value(matcher) if value else (
            matcher.value_as("positions") if field != "status" else None,
            matcher.value_as("characters") if field != "status" else None)
        matcher.next()
    return found


def test_deleted_documents_are_whooshs_own(segmented):
    deletions = 0
    for reader, _ in segmented.reader().leaf_readers():
        expected = [n for n in range(reader.doc_count_all()) if reader.is_deleted(n)]
        assert sorted(whoosh_internals.deleted_docs(reader)) == expected
        deletions += len(expected)
    assert deletions == 4


def test_length_bytes_give_whooshs_own_field_lengths(segmented):
    from whoosh.util.numeric import byte_to_length

    for reader, _ in segmented.reader().leaf_readers():
        for field in search_index.TEXT_FIELDS:
            lengths = whoosh_internals.length_bytes(reader, field)
            assert len(lengths) == reader.doc_count_all()
            assert [byte_to_length(b) for b in lengths] == \
                [reader.doc_field_length(n, field) for n in range(reader.doc_count_all())]


def _normalised(searcher, reader, field, text):
    """What scoring.py divides a document's weight by: its field length against the average."""
    average = searcher.avg_field_length(field)
    return {n: w / (1 - scoring.B + scoring.B * reader.doc_field_length(n, field) / average)
            for n, w in _postings(reader, field, text, lambda m: m.weight()).items()}


def test_a_term_read_by_blocks_gives_whooshs_documents_and_normalised_weights(segmented):
    largest = 0
    for reader, _ in segmented.reader().leaf_readers():
        live = set(range(reader.doc_count_all())) - set(whoosh_internals.deleted_docs(reader))
        for field, text in _terms(segmented):
            divisors = None if field == "status" else scoring.length_divisors(
                whoosh_internals.field_lengths(),
                whoosh_internals.average_field_length(segmented, field))
            lengths = whoosh_internals.length_bytes(reader, field)
            bits, docnums, weights = whoosh_internals.read_term(reader, field, text, divisors,
                                                                lengths)
            postings = _postings(reader, field, text)  # Whoosh leaves out deleted documents
            assert {n for n in matching.members(bits) if n in live} == set(postings)
            if divisors:
                assert list(docnums) == matching.members(bits)
                ours = {n: w for n, w in zip(docnums, weights, strict=True) if n in live}
                theirs = _normalised(segmented, reader, field, text)
                assert ours.keys() == theirs.keys()
                assert all(ours[n] == pytest.approx(theirs[n], rel=1e-9) for n in ours)
                largest = max(largest, len(postings))
    assert largest > 128


@pytest.mark.parametrize("every", [1, 7])
def test_positions_and_characters_are_whooshs_own(segmented, every):
    for reader, offset in segmented.reader().leaf_readers():
        wanted = list(range(0, reader.doc_count_all(), every))
        deleted = set(whoosh_internals.deleted_docs(reader))
        for field, text in _terms(segmented):
            if field == "status":
                continue
            theirs = {n: value for n, value in _postings(reader, field, text).items()
                      if n in set(wanted)}
            expected = {n: list(p) for n, (p, _) in theirs.items()}
            for read in (whoosh_internals.positions_by_block,
                         whoosh_internals.positions_by_seeking):
                ours = {n - offset: p for n, p in read(reader, offset, field, text, wanted)}
                # a deleted document keeps its postings in the segment; callers leave it out
                assert {n: p for n, p in ours.items() if n not in deleted} == expected
            characters = whoosh_internals.characters(reader, field, text, wanted)
            assert {n: list(c) for n, c in characters} \
                == {n: list(c) for n, (_, c) in theirs.items()}


def test_a_bitmap_filters_whooshs_own_search_as_a_set_would(segmented):
    size = segmented.doc_count_all()
    chosen = [n for n in range(size) if n % 3 == 0]
    bits = matching.from_members(chosen, size)
    query = wq.Term("status", "published")
    ours = segmented.search(query, filter=whoosh_internals.search_filter(bits, size), limit=None)
    theirs = segmented.search(query, filter=set(chosen), limit=None)
    assert [hit.docnum for hit in ours] == [hit.docnum for hit in theirs]
    assert len(ours) > 100


def _reference_bm25f(searcher, stems, docnums):
    """BM25F as scoring.py defines it, from nothing but Whoosh's public API, document by
    document: each field's weight over its length normalisation, summed, saturated, times idf
    over the live documents holding the word in any text field."""
    live = searcher.doc_count()
    scores = dict.fromkeys(docnums, 0.0)
    for stem in stems:
        tf: dict[int, float] = {}
        for reader, offset in searcher.reader().leaf_readers():
            deleted = set(whoosh_internals.deleted_docs(reader))
            for field in search_index.TEXT_FIELDS:
                for n, value in _normalised(searcher, reader, field, stem).items():
                    if n not in deleted:
                        tf[offset + n] = tf.get(offset + n, 0.0) + value
        idf = math.log(1 + (live - len(tf) + 0.5) / (len(tf) + 0.5))
        for docnum in docnums:
            if docnum in tf:
                scores[docnum] += idf * (scoring.K1 + 1) * tf[docnum] / (scoring.K1 + tf[docnum])
    return scores


def test_ranking_gives_the_reference_bm25f_scores(doc_sets):
    parsed = querying.parse('crews "cost of ownership"')
    matched = matching.intersection(
        doc_sets.text(querying.stems(u.text)) for u in parsed.units)
    ours = doc_sets.top(querying.words(parsed), matched, 10)
    reference = _reference_bm25f(doc_sets.searcher, querying.words(parsed),
                                 matching.members(matched))
    theirs = sorted(reference.items(), key=lambda item: (-item[1], item[0]))[:10]
    assert len(ours) == len(theirs) > 1
    assert [docnum for docnum, _ in ours] == [docnum for docnum, _ in theirs]
    assert [round(score, 9) for _, score in ours] == [round(score, 9) for _, score in theirs]


# ------------------------------------------------------------------ spelling


WORDS = sorted({"recordkeeping", "refrigeration", "reefer", "records", "crews", "crew", "crow",
                "scaffold", "scaffolding", "cold", "colt", "bold", "audit", "audits"})


@pytest.mark.parametrize("typo", ["recordkeepng", "refrigeraton", "crewz", "cld", "scafold",
                                  "audt", "xyz", "crews"])
@pytest.mark.parametrize(("limit", "prefix"), [(8, 1), (2, 1), (8, 0)])
def test_close_words_are_whooshs_own_corrections(typo, limit, prefix):
    corrector = whoosh_internals.word_corrector(WORDS)
    assert whoosh_internals.close_words(corrector, typo, limit=limit, prefix=prefix) \
        == ListCorrector(WORDS).suggest(typo, limit=limit, prefix=prefix)


def test_an_empty_word_list_has_no_corrections():
    assert whoosh_internals.close_words(whoosh_internals.word_corrector([]), "crewz",
                                        limit=8, prefix=1) == []
