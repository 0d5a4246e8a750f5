"""Long queries: what the best first answers say, added to what the rep typed (RM3).

A rep's question is a handful of words for something the library says in its own words: "how do
we keep cold chain records for inspectors" finds documents about temperature logs and audits,
and those documents share words the question never used. Relevance feedback (RM3, as Lucene's
Anserini runs it) reads the best documents of a first BM25F pass, takes the words most likely in
them (each document weighted by its score), and ranks again with the question's words weighing
half and those words the other half. The documents shown are still only those the rep's own
words match (ranking.matches); feedback only changes their order.

Parameters are the usual published defaults (10 documents, 10 words, the original weighing
0.5), chosen once, not per query: benchmarks/relevance_bench.py measures them on CISI.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Mapping

from enablement.search import whoosh_internals
from enablement.search.lru import LockedLru

FEEDBACK_DOCUMENTS = 10
FEEDBACK_WORDS = 10
ORIGINAL_WEIGHT = 0.5
# What is read of each feedback document: its start (title, summary, body, then attachments)
# says what it is about; reading a 300-page attachment whole would cost more than it tells.
FEEDBACK_CHARS = 2500
READ_FIELDS = ("title", "summary", "body", "attachments")
# Each document's words, as read for feedback: the same documents answer many questions.
_documents: LockedLru[tuple[Counter[str], int]] = LockedLru(4096)


def expanded(words: Mapping[str, float], first: list[tuple[int, float]],
             stored_fields: Callable[[int], Mapping[str, object]],
             key: Callable[[int], Hashable] | None = None) -> dict[str, float]:
    """The query's `words` (stem → how often said) with feedback words from the `first`
    (document number, score) of a first pass; `stored_fields(docnum)` gives a document's stored
    fields, and `key(docnum)`, when given, a name for that version of the document under which
    its words are kept. Weights sum to 1: the original words ORIGINAL_WEIGHT, the feedback words
    the rest."""
    scored = [(docnum, score) for docnum, score in first[:FEEDBACK_DOCUMENTS] if score > 0]
    total_said = sum(words.values())
    if not scored or not total_said:
        return dict(words)
    model: Counter[str] = Counter()
    total_score = sum(score for _, score in scored)
    for docnum, score in scored:
        def read(docnum=docnum):
            return _words_of(stored_fields(docnum))
        counts, length = read() if key is None else _documents.get_or_make(key(docnum), read)
        for stem, count in counts.items():
            model[stem] += score / total_score * count / length
    chosen = model.most_common(FEEDBACK_WORDS)
    chosen_total = sum(weight for _, weight in chosen)
    result = {stem: ORIGINAL_WEIGHT * said / total_said for stem, said in words.items()}
    for stem, weight in chosen:
        result[stem] = result.get(stem, 0.0) + (1 - ORIGINAL_WEIGHT) * weight / chosen_total
    return result


def _words_of(fields: Mapping[str, object]) -> tuple[Counter[str], int]:
    """How often the start of a document says each word, and how many words that start holds
    (at least 1)."""
    text = "\n".join(str(fields.get(name) or "") for name in READ_FIELDS)[:FEEDBACK_CHARS]
    stems = whoosh_internals.stems(text)
    return Counter(stems), max(len(stems), 1)
