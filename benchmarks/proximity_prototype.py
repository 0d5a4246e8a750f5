"""Would a proximity signal improve document ranking for long questions? A prototype, measured.

    .venv/bin/python -m benchmarks.proximity_prototype

Issue 15 asked for document ranking to reward a question's words standing close together, as
answers do. Before building it into the search service (it needs word positions of the best
hundred documents per question), this prototype measures it on the same CISI questions as
relevance_bench.py, in plain Python over the hub's own words: BM25F as scoring.py computes it
(title boost 3, k1 1.2, b 0.75), relevance feedback as feedback.py does (10 documents, 10 words,
0.5), and a BM25TP-style bonus (Rasolofo and Savoy 2003: each pair of different question words
within 5 positions adds 1/distance², saturated per pair and weighed by the rarer word's idf),
re-ranking the first 100. The hub does not ship it: see the table.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from benchmarks.relevance_bench import (
    DEFAULT_DATA,
    average_precision,
    ndcg_at_10,
    read_judgements,
    read_smart,
)
from enablement.search import feedback, scoring
from enablement.search.index import stems

WINDOW = 5
RERANKED = 100
BOOSTS = {"T": 3.0, "W": 1.0}


class Collection:
    def __init__(self, documents: dict[int, dict[str, str]]):
        self.ids = list(documents)
        self.documents = documents
        self.fields = {f: {d: stems(documents[d].get(f, "")) for d in self.ids} for f in BOOSTS}
        self.words = {d: self.fields["T"][d] + self.fields["W"][d] for d in self.ids}
        self.average = {f: sum(map(len, self.fields[f].values())) / len(self.ids) for f in BOOSTS}
        self.postings: dict[str, dict[int, float]] = defaultdict(dict)
        for f, boost in BOOSTS.items():
            for d, words in self.fields[f].items():
                norm = 1 - scoring.B + scoring.B * len(words) / self.average[f]
                for word, count in Counter(words).items():
                    self.postings[word][d] = self.postings[word].get(d, 0.0) + boost * count / norm
        self.idf = {w: scoring.idf(len(self.ids), len(p)) for w, p in self.postings.items()}

    def bm25f(self, weights: dict[str, float]) -> dict[int, float]:
        scores: dict[int, float] = defaultdict(float)
        for word, weight in weights.items():
            for d, tf in self.postings.get(word, {}).items():
                scores[d] += weight * self.idf[word] * scoring.saturated(tf)
        return scores

    def with_feedback(self, words: dict[str, float]) -> dict[int, float]:
        first = sorted(self.bm25f(words).items(), key=lambda item: -item[1])
        stored = {d: {"doc_key": f"cisi:{d}", "title": self.documents[d].get("T", ""),
                      "body": self.documents[d].get("W", "")} for d, _ in first[:10]}
        return self.bm25f(feedback.expanded(words, first, stored.__getitem__))

    def proximity(self, words: dict[str, float], scores: dict[int, float], alpha: float
                  ) -> dict[int, float]:
        result = dict(scores)
        for d, _ in sorted(scores.items(), key=lambda item: -item[1])[:RERANKED]:
            places = [(i, w) for i, w in enumerate(self.words[d]) if w in words]
            pairs: dict[tuple[str, str], float] = defaultdict(float)
            for n, (i, first) in enumerate(places):
                for j, second in places[n + 1:]:
                    if j - i > WINDOW:
                        break
                    if first != second:
                        pairs[tuple(sorted((first, second)))] += 1 / (j - i) ** 2
            result[d] += alpha * sum(min(self.idf[a], self.idf[b]) * scoring.saturated(v)
                                     for (a, b), v in pairs.items())
        return result


def main() -> None:
    documents = read_smart(DEFAULT_DATA / "CISI.ALL")
    relevant = read_judgements(DEFAULT_DATA / "CISI.REL")
    queries = read_smart(DEFAULT_DATA / "CISI.QRY")
    questions = {q: " ".join(queries[q].get(f, "") for f in "TW")[:400]
                 for q in sorted(relevant) if q in queries}
    collection = Collection(documents)

    def measure(rank) -> tuple[float, float]:
        ndcg = ap = 0.0
        for q, text in questions.items():
            scores = rank(dict(Counter(stems(text))))
            ranked = [d for d, _ in sorted(scores.items(), key=lambda item: (-item[1], item[0]))]
            ndcg += ndcg_at_10(ranked, relevant[q])
            ap += average_precision(ranked, relevant[q])
        return ndcg / len(questions), ap / len(questions)

    rows = {"BM25F": lambda w: collection.bm25f(w),
            "BM25F + feedback": collection.with_feedback}
    for alpha in (0.1, 0.3, 1.0):
        rows[f"BM25F + proximity {alpha}"] = \
            lambda w, a=alpha: collection.proximity(w, collection.bm25f(w), a)
        # feedback's weights sum to 1: the bonus is scaled alike (the question's half)
        rows[f"BM25F + feedback + proximity {alpha}"] = lambda w, a=alpha: collection.proximity(
            w, collection.with_feedback(w), a * feedback.ORIGINAL_WEIGHT / sum(w.values()))
    print(f"CISI, {len(questions)} questions (first 400 characters, as the hub searches)\n")
    print(f"{'ranking':36} {'nDCG@10':>8} {'MAP@100':>8}")
    for name, rank in rows.items():
        ndcg, ap = measure(rank)
        print(f"{name:36} {ndcg:8.4f} {ap:8.4f}")


if __name__ == "__main__":
    main()
