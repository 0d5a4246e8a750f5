"""When small index writes merge segments.

Every drain commits a small segment. Whoosh's default policy (MERGE_SMALL) merges every segment
up to the point where the running total of documents falls below a Fibonacci number; a rebuilt
index of 100,000 documents has twenty segments of 5,000, and one more small segment is enough to
put that point past all of them: the next drain rewrote the whole index (over 15 minutes of one
core, holding the writer lock while changes waited).

Instead, segments are merged in tiers of similar size, Lucene-style: once MERGE_FACTOR segments
of one tier (1–9 live documents, 10–99, 100–999, ...) exist, they are merged into one of the next
tier. Segments as large as a rebuild writes are never merged here; a rebuild compacts them.
Each document is thus rewritten about once per tier, and a drain merges at most
MERGE_FACTOR × LARGE_SEGMENT_DOCS documents.
"""

from __future__ import annotations

from collections import defaultdict

from enablement.search import whoosh_internals

MERGE_FACTOR = 10
LARGE_SEGMENT_DOCS = 5000  # the size of a rebuild's segments (index.BULK_CHUNK / BULK_PROCS)


def _live(segment) -> int:
    return segment.doc_count_all() - segment.deleted_count()


def _tier(segment) -> int:
    return len(str(max(1, _live(segment)))) - 1  # 1–9 → 0, 10–99 → 1, ...


def segments_to_merge(segments: list) -> list:
    """The segments to merge now: those of the smallest tier that has MERGE_FACTOR or more,
    plus any left with no live document."""
    empty = [segment for segment in segments if _live(segment) == 0]
    tiers: dict[int, list] = defaultdict(list)
    for segment in segments:
        if 0 < _live(segment) < LARGE_SEGMENT_DOCS:
            tiers[_tier(segment)].append(segment)
    full = [tier for tier, members in tiers.items() if len(members) >= MERGE_FACTOR]
    return empty + (tiers[min(full)] if full else [])


def merge_tiers(writer, segments: list) -> list:
    """A Whoosh merge policy: merges segments_to_merge() into the writer's new segment and
    returns the segments kept as they are."""
    merging = segments_to_merge(segments)
    for segment in merging:
        if _live(segment):
            whoosh_internals.merge_segment(writer, segment)
    return [segment for segment in segments if segment not in merging]
