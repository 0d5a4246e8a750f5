"""Small writes merge small segments in tiers and never rewrite a rebuilt index."""

from dataclasses import dataclass

from whoosh import index as whoosh_index

from enablement.search import index as search_index
from enablement.search import merging


@dataclass(eq=False)
class FakeSegment:
    docs: int
    deleted: int = 0

    def doc_count_all(self):
        return self.docs

    def deleted_count(self):
        return self.deleted


def test_a_rebuilt_library_of_100k_is_not_merged_by_the_next_small_write():
    # Whoosh's own policy merged all 21 of these: the whole index, rewritten by one drain.
    segments = [FakeSegment(5000) for _ in range(20)] + [FakeSegment(1)]
    assert merging.segments_to_merge(segments) == []


def test_a_full_tier_is_merged_and_the_smallest_full_tier_first():
    ones = [FakeSegment(1) for _ in range(merging.MERGE_FACTOR)]
    hundreds = [FakeSegment(150) for _ in range(merging.MERGE_FACTOR)]
    assert merging.segments_to_merge(ones[1:] + hundreds[1:]) == []
    assert merging.segments_to_merge(ones + hundreds) == ones
    assert merging.segments_to_merge(ones[1:] + hundreds) == hundreds


def test_segments_with_nothing_live_are_dropped_and_live_counts_decide_the_tier():
    gone = FakeSegment(40, deleted=40)
    shrunk = [FakeSegment(120, deleted=115) for _ in range(merging.MERGE_FACTOR)]  # 5 live each
    assert merging.segments_to_merge([gone, FakeSegment(40)]) == [gone]
    assert merging.segments_to_merge(shrunk) == shrunk


def test_segments_the_size_a_rebuild_writes_are_never_merged_by_small_writes():
    assert merging.LARGE_SEGMENT_DOCS <= search_index.BULK_CHUNK // search_index.BULK_PROCS
    large = [FakeSegment(merging.LARGE_SEGMENT_DOCS) for _ in range(3 * merging.MERGE_FACTOR)]
    assert merging.segments_to_merge(large) == []


def _add(ix, number):
    with search_index.writer(ix) as writer:
        writer.update_document(doc_key=f"asset:{number}", type="asset", id=number,
                               status="published", title=f"Crew checklist {number}")


def test_many_small_writes_keep_the_segment_count_bounded_and_lose_nothing(tmp_path,
                                                                          monkeypatch):
    # A rebuild in miniature: five segments of the size it writes. Whoosh's own policy merged
    # all of them into the first small write's segment.
    monkeypatch.setattr(merging, "LARGE_SEGMENT_DOCS", 5)
    ix = whoosh_index.create_in(str(tmp_path), search_index.build_schema())
    for first in range(0, 25, 5):
        bulk = ix.writer(**search_index.WRITER_OPTIONS)
        for number in range(first, first + 5):
            bulk.add_document(doc_key=f"asset:{number}", type="asset", id=number,
                              status="published", title=f"Crew checklist {number}")
        bulk.commit(merge=False)
    rebuilt = {segment.segment_id() for segment in ix._segments()}
    for number in range(25, 25 + 2 * merging.MERGE_FACTOR + 3):
        _add(ix, number)
        segments = ix._segments()
        assert rebuilt <= {segment.segment_id() for segment in segments}
        assert len(segments) <= len(rebuilt) + 2 * merging.MERGE_FACTOR
    _add(ix, 3)  # an update deletes in a rebuilt segment, still without rewriting it
    assert rebuilt <= {segment.segment_id() for segment in ix._segments()}
    with ix.searcher() as searcher:
        assert searcher.doc_count() == 25 + 2 * merging.MERGE_FACTOR + 3
        assert sorted(f["id"] for f in searcher.all_stored_fields()) \
            == list(range(25 + 2 * merging.MERGE_FACTOR + 3))
