"""How much a document scores for a word: BM25F as Robertson and Zaragoza define it.

A word's occurrences in each text field are weighted by the field's boost (title 3, summary 2,
tags 3: folded into the stored weights at indexing) and divided by the field's length relative
to its average, then added up across fields and saturated once:

    tf  = sum over fields of  boost × count / (1 − B + B × length / average length)
    score = idf × (K1 + 1) × tf / (K1 + tf)

Whoosh's own "BM25F" saturates each field on its own and sums the results, so a word in a
title and a body counts almost twice, and it takes idf per field (a word rare in titles looks
rare everywhere). Both cost ranking quality on natural-language questions: on CISI
(benchmarks/relevance_bench.py) nDCG@10 was 0.336 with Whoosh's, 0.397 with this one (feedback
off), against a plain BM25's 0.382.
idf is read at query time from the live documents holding the word in any field, so it never
drifts; only the average lengths embedded in the stored part do (matching.STATS_DRIFT).
"""

from __future__ import annotations

import math

K1 = 1.2  # Whoosh's and Lucene's defaults, not tuned on any test collection
B = 0.75


def length_divisors(lengths: list[float], average: float) -> list[float]:
    """For each stored length, what a count in a field of that length is divided by."""
    average = average or 1.0
    return [1 - B + B * length / average for length in lengths]


def saturated(tf: float) -> float:
    """A word's combined, length-normalised count as its score before idf."""
    return (K1 + 1) * tf / (K1 + tf)


def idf(doc_count: int, doc_frequency: int) -> float:
    """Robertson–Spärck Jones idf as Lucene takes it (never negative)."""
    return math.log(1 + (doc_count - doc_frequency + 0.5) / (doc_frequency + 0.5))
