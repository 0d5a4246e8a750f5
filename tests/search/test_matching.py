"""Which documents match: words and phrases as bitmaps, read once per segment and kept across
searcher refreshes."""

from enablement.search import index as search_index
from enablement.search import matching, service
from enablement.search.outbox import drain, index_location


def found(doc_sets, text):
    return {doc_sets.searcher.stored_fields(n)["id"]
            for n in matching.members(doc_sets.text(search_index.stems(text)))}


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


def test_the_best_in_each_group_are_scored_once_and_ranked_as_top_ranks_them(doc_sets):
    words = set(search_index.stems("crews cost"))
    matched = doc_sets.word("crew") | doc_sets.word("cost")
    first = matched & ~(1 << 0)  # every matched document but the first
    groups = [first, matched & ~first]
    best = doc_sets.top_in_groups(words, matched, groups, 10)
    assert best[0] == doc_sets.top(words, first, 10)
    assert best[1] == doc_sets.top(words, matched & ~first, 10)
    assert len(best[0]) + len(best[1]) == matched.bit_count()


def test_a_document_s_segment_key_is_its_segment_and_number_there(doc_sets):
    for segment_id, (reader, offset) in zip(doc_sets.segment_ids, doc_sets.leaves, strict=True):
        for local in (0, reader.doc_count_all() - 1):
            assert doc_sets.segment_key(offset + local) == (segment_id, local)


def test_the_shared_lru_keeps_what_was_used_last():
    from enablement.search.lru import LockedLru

    made = []
    kept = LockedLru(2)
    for key in ("a", "b", "a", "c", "a", "b"):
        kept.get_or_make(key, lambda key=key: made.append(key) or key.upper())
    assert made == ["a", "b", "c", "b"]  # "b" was the least recently used when "c" came
    assert kept.get_or_make("a", lambda: "never") == "A"
