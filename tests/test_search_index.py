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


@pytest.fixture(params=["checked word by word", "common pairs"])
def doc_sets(request, tmp_path):
    """The same small library, with phrases of common words looked up as pairs or not."""
    common = frozenset({"cost", "ownership", "crew", "cold", "storag", "site"}) \
        if request.param == "common pairs" else frozenset()
    ix = whoosh_index.create_in(str(tmp_path), search_index.build_schema())
    with search_index.writer(ix) as writer:
        for number, texts in TEXTS.items():
            writer.add_document(**search_index.index_fields(_document(number, *texts), common))
    searcher = ix.searcher()
    yield matching.DocSets(searcher, common)
    searcher.close()


def found(doc_sets, text):
    return {doc_sets.searcher.stored_fields(n)["id"]
            for n in matching.members(doc_sets.text(search_index.stems(text)))}


def test_quick_stems_are_exactly_what_the_index_stores():
    text = ("The Regulations, re-scheduling U.S. crews 3.5x faster; İstanbul ÉCOLE a I x9 "
            "Straße e-mail foo_bar café's 2024-01-05 v1.2.3")
    assert search_index.stems(text) == [t.text for t in StemmingAnalyzer()(text)]


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
    common = search_index.choose_common_words(documents)
    assert {"crew", "site", "schedul"} <= common
    assert "word7" not in common
    assert search_index.choose_common_words(documents[:10]) == frozenset()


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


def test_the_common_words_travel_with_the_rebuilt_index(app, create_asset, monkeypatch):
    monkeypatch.setattr(search_index, "MIN_SAMPLE", 2)
    for n in range(4):
        create_asset(title=f"Crew schedule {n}", body="Crews schedule site visits.")
    maintenance.reindex()
    generation = index_location().current_dir()
    assert {"crew", "schedul"} <= search_index.read_common_words(generation)
    state = service.searchers.get(index_location())
    assert state.sets.common == search_index.read_common_words(generation)
    assert state.sets.term(search_index.PAIRS_FIELD, "crew schedul")


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
