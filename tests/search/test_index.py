"""The index underneath search: phrase matching, common-word pairs, segments that stay on disk."""

import pytest
from whoosh import index as whoosh_index
from whoosh.analysis import StemmingAnalyzer
from whoosh.filedb.compound import CompoundStorage

from enablement.search import index as search_index
from enablement.search import maintenance, matching, service
from enablement.search.outbox import drain, index_location

TEXTS = {
    1: ("Total cost of ownership for field crews", "The cost of ownership drops.",
        "Crews track the total cost of ownership every quarter."),
    2: ("Ownership cost, explained", "Why cost and ownership differ.",
        "Every crew owns its ownership cost."),
    3: ("Cold storage audits", "Cold chain storage without gaps.",
        "Reefer readings for cold storage. Storage cold rooms are checked."),
    4: ("Crew scheduling", "Scheduling crews across sites.",
        "Crews schedule site visits; site crews visit sites daily."),
    5: ("Field notes", "Crews in the field.", "A cost ownership report for crews."),
}


def _document(number, title, summary, body):
    return {"doc_key": f"asset:{number}", "type": "asset", "id": number, "kind": "case_study",
            "status": "published", "title": title, "summary": summary, "body": body}


COMMON = frozenset({"cost", "ownership", "crew", "cold", "storag", "site", "total", "track",
                    "schedul", "visit"})
VOCABULARIES = {
    "checked word by word": search_index.Vocabulary(),
    "common pairs": search_index.Vocabulary(COMMON),
    "common pairs and runs": search_index.Vocabulary(
        COMMON, frozenset({("total", "cost", "ownership"), ("track", "total", "cost"),
                           ("crew", "visit", "site"), ("site", "crew", "schedul"),
                           ("track", "total", "cost", "ownership"),
                           ("crew", "schedul", "site", "visit")})),
}


def _fixture_id(param):
    name, seek_share = param
    return f"{name}, positions {'by block' if seek_share == 0 else 'by seeking'}"


@pytest.fixture(params=[(name, seek_share) for name in VOCABULARIES for seek_share in (0, 1)],
                ids=_fixture_id)
def doc_sets(request, tmp_path, monkeypatch):
    """The same small library, with phrases of common words looked up as pairs and runs or
    not, and word positions read block by block or document by document."""
    name, seek_share = request.param
    monkeypatch.setattr(matching, "SEEK_SHARE", seek_share)
    vocabulary = VOCABULARIES[name]
    ix = whoosh_index.create_in(str(tmp_path), search_index.build_schema())
    with search_index.writer(ix) as writer:
        for number, texts in TEXTS.items():
            writer.add_document(**search_index.index_fields(_document(number, *texts),
                                                            vocabulary))
    searcher = ix.searcher()
    yield matching.DocSets(searcher, vocabulary)
    searcher.close()


def found(doc_sets, text):
    return {doc_sets.searcher.stored_fields(n)["id"]
            for n in matching.members(doc_sets.text(search_index.stems(text)))}


def test_quick_stems_are_exactly_what_the_index_stores():
    text = ("The Regulations, re-scheduling U.S. crews 3.5x faster; İstanbul ÉCOLE a I x9 "
            "Straße e-mail foo_bar café's 2024-01-05 v1.2.3")
    assert search_index.stems(text) == [t.text for t in StemmingAnalyzer()(text)]


@pytest.mark.parametrize("options", [
    {}, {"positions": True, "chars": True}, {"positions": True, "start_pos": 7},
    {"chars": True, "start_char": 11}, {"positions": True, "removestops": False, "mode": "query"},
    {"positions": True, "keeporiginal": True}, {"tokenize": False, "positions": True},
])
def test_the_index_tokenizer_gives_exactly_whooshs_stemming_analyzer_tokens(options):
    text = ("The Regulations, re-scheduling U.S. crews 3.5x faster; İstanbul ÉCOLE a I x9 "
            "Straße e-mail foo_bar café's 2024-01-05 v1.2.3. And the the of OSHA's audits.")
    fields = ("text", "pos", "startchar", "endchar", "boost", "stopped", "original")

    def tokens(analyzer):
        return [tuple(getattr(t, f, None) for f in fields) for t in analyzer(text, **options)]

    assert tokens(search_index.text_analyzer()) == tokens(StemmingAnalyzer())
    assert tokens(search_index.text_analyzer())


def test_a_phrase_needs_its_words_in_order(doc_sets):
    assert found(doc_sets, "cost ownership") == {1, 2, 5}  # 2: "cost and ownership"
    assert found(doc_sets, "ownership cost") == {2}
    assert found(doc_sets, "cold storage") == {3}
    assert found(doc_sets, "storage cold") == {3}  # "Storage cold rooms" in the body


def test_stop_words_inside_a_phrase_are_not_indexed_so_not_checked(doc_sets):
    assert found(doc_sets, "cost of ownership") == found(doc_sets, "cost ownership") == {1, 2, 5}
    assert found(doc_sets, "total cost of ownership") == {1}


def test_longer_phrases_need_every_word_next_to_the_next(doc_sets):
    assert found(doc_sets, "track total cost") == {1}
    assert found(doc_sets, "crews visit sites") == {4}
    # each pair is somewhere in document 4, but never the three words in a row
    assert found(doc_sets, "site crews schedule") == set()
    assert found(doc_sets, "schedule site crews") == set()


def test_a_phrase_does_not_run_from_one_field_into_the_next(doc_sets):
    # document 1's title ends "field crews" and its summary starts "The cost"
    assert found(doc_sets, "crews cost") == set()


def test_common_words_are_those_in_a_fifth_of_the_library():
    documents = [{"title": "Crew schedules", "body": f"word{n} crew" + (" site" if n % 4 else "")}
                 for n in range(search_index.MIN_SAMPLE)]
    vocabulary = search_index.choose_vocabulary(documents)
    assert {"crew", "site", "schedul"} <= vocabulary.common
    assert "word7" not in vocabulary.common
    assert search_index.choose_vocabulary(documents[:10]) == search_index.Vocabulary()


def test_frequent_runs_of_common_words_are_indexed_whole():
    size = search_index.MIN_SAMPLE
    frequent = int(size * search_index.RUN_SHARE) + 1
    documents = [{"title": "Crew schedules",
                  "body": ("crews visit sites daily " if n < frequent else "sites crews visit ")
                  + f"word{n}"} for n in range(size)]
    vocabulary = search_index.choose_vocabulary(documents)
    assert ("crew", "visit", "site") in vocabulary.runs
    assert ("site", "crew", "visit") in vocabulary.runs  # in the rest of the library
    assert not any("daili" in run for run in vocabulary.runs)  # not a common word
    written = search_index.index_fields(documents[0], vocabulary)
    assert "crew visit site" in written[search_index.PAIRS_FIELD].split("|")
    assert "crew visit" in written[search_index.PAIRS_FIELD].split("|")
    four = search_index.choose_vocabulary(
        [{"body": f"crews visit sites weekly {'crews' if n % 2 else ''} word{n}"}
         for n in range(size)])
    assert ("crew", "visit", "site", "weekli") in four.runs
    assert ("visit", "site", "weekli", "crew") in four.runs


def test_the_vocabulary_is_read_back_as_written(tmp_path):
    vocabulary = search_index.Vocabulary(frozenset({"crew", "site"}),
                                         frozenset({("crew", "site", "crew"),
                                                    ("site", "crew", "site", "crew")}))
    search_index.write_vocabulary(tmp_path, vocabulary)
    assert search_index.read_vocabulary(tmp_path) == vocabulary
    assert search_index.read_vocabulary(tmp_path / "missing") == search_index.Vocabulary()


def _segments_are_plain_files(generation):
    ix = whoosh_index.open_dir(str(generation))
    assert ix._segments()
    assert not any(segment.is_compound() for segment in ix._segments())
    assert not list(generation.glob("*.seg"))  # a compound segment file


def test_drained_and_rebuilt_segments_stay_plain_files(app, create_asset):
    create_asset(title="OSHA recordkeeping for field crews")
    drain()
    _segments_are_plain_files(index_location().current_dir())
    maintenance.reindex()
    _segments_are_plain_files(index_location().current_dir())


def test_a_searcher_reads_segments_from_disk_instead_of_copying_them(app, create_asset):
    create_asset(title="OSHA recordkeeping for field crews")
    drain()
    state = service.searchers.get(index_location())
    for reader, _ in state.searcher.reader().leaf_readers():
        assert not isinstance(reader.storage(), CompoundStorage)


def test_a_rebuild_in_several_segments_finds_everything(app, create_asset, monkeypatch,
                                                        create_user):
    monkeypatch.setattr(search_index, "BULK_CHUNK", 2)
    made = [create_asset(title=f"Crew safety checklist number {n}",
                         body=f"Crews sign the safety checklist {n} before work.")
            for n in range(5)]
    maintenance.reindex()
    ix = index_location().open()
    assert len(ix._segments()) >= 3
    results = service.search(create_user(), service.SearchParams(q='"safety checklist"'))
    assert results.total == 5
    assert {hit.id for hit in results.hits} == {asset.id for asset in made}
    assert all("<mark>safety</mark>" in str(hit.title) for hit in results.hits)


def test_the_vocabulary_travels_with_the_rebuilt_index(app, create_asset, create_user,
                                                       monkeypatch):
    monkeypatch.setattr(search_index, "MIN_SAMPLE", 2)
    for n in range(4):
        create_asset(title=f"Crew schedule {n}", body="Crews schedule site visits.")
    maintenance.reindex()
    generation = index_location().current_dir()
    vocabulary = search_index.read_vocabulary(generation)
    assert {"crew", "schedul"} <= vocabulary.common
    assert ("crew", "schedul", "site") in vocabulary.runs
    assert ("crew", "schedul", "site", "visit") in vocabulary.runs
    state = service.searchers.get(index_location())
    assert state.sets.vocabulary == vocabulary
    assert state.sets.term(search_index.PAIRS_FIELD, "crew schedul")
    assert state.sets.term(search_index.PAIRS_FIELD, "crew schedul site")
    # an asset published after the rebuild is written with the same vocabulary
    create_asset(title="Field notes", body="Crews schedule site visits.")
    drain()
    results = service.search(create_user(), service.SearchParams(q='"crews schedule site"'))
    assert results.total == 5


def test_ranking_gives_whooshs_own_bm25f_scores(doc_sets):
    from enablement.search import query as querying

    parsed = querying.parse('crews "cost of ownership"')
    matched = matching.intersection(
        doc_sets.text(querying.stems(u.text)) for u in parsed.units)
    ours = doc_sets.top(querying.words(parsed), matched, 10)
    only = matching.Flags(matched, doc_sets.size)
    theirs = doc_sets.searcher.search(querying.build(parsed), filter=only, limit=10)
    assert [docnum for docnum, _ in ours] == [hit.docnum for hit in theirs]
    assert [round(score, 6) for _, score in ours] == [round(hit.score, 6) for hit in theirs]


def test_corrections_reuse_one_corrector_per_searcher(app, create_asset, create_user):
    create_asset(title="OSHA recordkeeping for field crews")
    drain()
    user = create_user()
    assert service.search(user, service.SearchParams(q="recordkeepng")).corrected_from
    state = service.searchers.get(index_location())
    corrector = state.corrector
    assert corrector is not None
    assert service.search(user, service.SearchParams(q="crewss recordkeepng")).total >= 0
    assert state.corrector is corrector


def test_the_faster_writer_writes_what_whoosh_itself_writes(tmp_path):
    """Same postings, lengths and scores as Whoosh's plain writer, and segments that name
    Whoosh's own codec (the index opens without our code)."""
    from whoosh.codec.whoosh3 import W3Codec

    built = {}
    for name, options in (("ours", {"codec": search_index.WRITER_CODEC}), ("whoosh's", {})):
        (tmp_path / name).mkdir()
        ix = whoosh_index.create_in(str(tmp_path / name), search_index.build_schema())
        with ix.writer(**search_index.WRITER_OPTIONS, **options) as writer:
            for number, texts in TEXTS.items():
                writer.add_document(**search_index.index_fields(
                    _document(number, *texts), VOCABULARIES["common pairs and runs"]))
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


def _each(searcher, field, term):
    matcher = searcher.postings(field, term)
    while matcher.is_active():
        yield matcher
        matcher.next()


def test_a_refreshed_searcher_reads_only_the_new_segments(app, create_asset, create_user,
                                                          monkeypatch):
    monkeypatch.setattr(matching, "STATS_DRIFT", 1.0)  # a tiny library: any change is > 1 %
    rep = create_user()
    for n in range(3):
        create_asset(title=f"Cold chain checklist {n}", body="Reefer readings for auditors.")
    drain()
    assert service.search(rep, service.SearchParams(q="cold reefer")).total == 3
    read = []
    original = matching.DocSets._read_segment
    monkeypatch.setattr(matching.DocSets, "_read_segment",
                        lambda self, reader, *args: read.append(reader.segment().segment_id())
                        or original(self, reader, *args))
    before = service.searchers.get(index_location()).sets.reads
    create_asset(title="Cold chain audit", body="Reefer logs.")
    drain()
    results = service.search(rep, service.SearchParams(q="cold reefer"))
    assert results.total == 4
    state = service.searchers.get(index_location())
    assert state.sets.reads is before
    newest = state.sets.leaves[-1][0].segment().segment_id()
    assert read and set(read) == {newest}


def test_scores_are_read_again_once_the_library_size_moved_more_than_the_drift(
        app, create_asset, create_user):
    rep = create_user()
    create_asset(title="Cold chain checklist", body="Reefer readings.")
    drain()
    service.search(rep, service.SearchParams(q="cold"))
    before = service.searchers.get(index_location()).sets.reads
    create_asset(title="Cold chain audit", body="Reefer logs.")  # the library doubled
    drain()
    service.search(rep, service.SearchParams(q="cold"))
    assert service.searchers.get(index_location()).sets.reads is not before


def test_opening_the_index_while_another_process_commits_tries_again(tmp_path, monkeypatch):
    location = search_index.IndexLocation(tmp_path)
    location.open()
    real_open_dir, failures = whoosh_index.open_dir, []

    def racing_open_dir(path, *args, **kwargs):
        if len(failures) < search_index.OPEN_ATTEMPTS - 1:
            failures.append(path)  # the table of contents just found was removed
            raise FileNotFoundError(path)
        return real_open_dir(path, *args, **kwargs)

    monkeypatch.setattr(whoosh_index, "open_dir", racing_open_dir)
    assert location.open().doc_count() == 0

    def gone(path, *args, **kwargs):
        raise FileNotFoundError(path)

    monkeypatch.setattr(whoosh_index, "open_dir", gone)
    with pytest.raises(FileNotFoundError):
        location.open()  # files that stay missing are still an error
