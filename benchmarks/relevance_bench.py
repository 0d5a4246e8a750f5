"""How well the hub ranks answers to natural-language questions, against a standard BM25.

    .venv/bin/python -m benchmarks.relevance_bench            # needs the bench extra (bm25s)
    .venv/bin/python -m benchmarks.relevance_bench --data ../shared/data/cisi --verbose

The CISI test collection (1,460 abstracts, 112 questions, judgements for 76 of them; see its
README) is loaded into a scratch hub as published assets (title and abstract) and searched
through the hub's own search service, as the search page calls it. In the same run the same
texts and questions go through two standard BM25s: bm25s (k1 1.5, b 0.75, Lucene's idf) on the
hub's own words (its tokenizer, stop words and stemmer, so only ranking differs), and SQLite
FTS5's bm25() with its porter tokenizer, the question's words ORed. Every system ranks the whole
collection; the table gives nDCG@10 (binary judgements) and MAP over the first 100. Nothing
here is tuned query by query: the hub runs with its shipped settings (BM25F k1 1.2, b 0.75,
the schema's field boosts; feedback from 10 documents, 10 words, the question weighing 0.5), and
once more with feedback off, to show what each part gives.
"""

from __future__ import annotations

import argparse
import math
import re
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert

from benchmarks.search_bench import make_app

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "cisi"
DEPTH = 100  # MAP is computed over each system's first 100
_FIELD = re.compile(r"^\.([A-Z])(?:\s+(.*))?$")


def read_smart(path: Path) -> dict[int, dict[str, str]]:
    """A SMART-format file as {id: {field letter: text}}."""
    records: dict[int, dict[str, list[str]]] = {}
    current: dict[str, list[str]] = {}
    field = None
    for line in path.read_text(encoding="latin-1").splitlines():
        match = _FIELD.match(line)
        if match and match.group(1) == "I":
            current = records[int(match.group(2).split()[0])] = {}
            field = None
        elif match:
            field = match.group(1)
            current.setdefault(field, []).append(match.group(2) or "")
        elif field:
            current[field].append(line)
    return {key: {f: " ".join(" ".join(lines).split()) for f, lines in value.items()}
            for key, value in records.items()}


def read_judgements(path: Path) -> dict[int, set[int]]:
    relevant: dict[int, set[int]] = {}
    for line in path.read_text().splitlines():
        parts = line.split()
        if len(parts) >= 2:
            relevant.setdefault(int(parts[0]), set()).add(int(parts[1]))
    return relevant


def ndcg_at_10(ranked: list[int], relevant: set[int]) -> float:
    dcg = sum(1 / math.log2(i + 2) for i, doc in enumerate(ranked[:10]) if doc in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(10, len(relevant))))
    return dcg / ideal if ideal else 0.0


def average_precision(ranked: list[int], relevant: set[int]) -> float:
    hits, total = 0, 0.0
    for i, doc in enumerate(ranked[:DEPTH]):
        if doc in relevant:
            hits += 1
            total += hits / (i + 1)
    return total / len(relevant) if relevant else 0.0


# ------------------------------------------------------------------ the systems


def load_hub(documents: dict[int, dict[str, str]]) -> None:
    """The abstracts as published assets (bypassing the outbox), then `search reindex`."""
    from datetime import UTC, datetime

    from enablement.extensions import db
    from enablement.models import Asset, User
    from enablement.search import maintenance

    db.create_all()
    now = datetime(2020, 1, 1, tzinfo=UTC)
    with db.engine.begin() as connection:
        connection.execute(insert(User.__table__), [{
            "id": 1, "email": "bench@example.com", "name": "Bench", "role": "marketing",
            "password_hash": "x", "active": True}])
        connection.execute(insert(Asset.__table__), [{
            "id": doc_id, "kind": "white_paper", "title": fields.get("T", "")[:200],
            "summary": "", "body": fields.get("W", ""), "status": "published", "details": {},
            "owner_id": 1, "created_at": now, "updated_at": now, "published_at": now}
            for doc_id, fields in documents.items()])
    maintenance.reindex()


def hub_without_feedback(question: str) -> list[int]:
    """The hub with relevance feedback off: what BM25F and any-word matching give alone."""
    from enablement.search import ranking

    # (Not feedback.expanded: the searcher caches each question's expanded words.)
    weights = ranking.relevance_weights
    ranking.relevance_weights = lambda state, words, matched, **options: words
    try:
        return hub_ranking(question)
    finally:
        ranking.relevance_weights = weights


def hub_ranking(question: str) -> list[int]:
    from enablement.extensions import db
    from enablement.search import service

    ranked: list[int] = []
    for page in (1, 2):
        found = service.search(None, service.SearchParams(q=question, per_page=50, page=page),
                               source="bench")
        db.session.rollback()
        ranked += [hit.id for hit in found.hits]
        if len(found.hits) < 50:
            break
    return ranked


class Bm25s:
    """bm25s over the hub's own words (Porter stems, the hub's stop words)."""

    def __init__(self, documents: dict[int, dict[str, str]]):
        import bm25s

        from enablement.search.index import stems

        self.ids = list(documents)
        corpus = [stems(f"{fields.get('T', '')} {fields.get('W', '')}")
                  for fields in documents.values()]
        self.retriever = bm25s.BM25(k1=1.5, b=0.75, method="lucene")
        self.retriever.index(corpus, show_progress=False)
        self.stems = stems

    def ranking(self, question: str) -> list[int]:
        words = [w for w in self.stems(question) if w in self.retriever.vocab_dict]
        if not words:
            return []
        results, _ = self.retriever.retrieve([words], k=DEPTH, show_progress=False)
        return [self.ids[i] for i in results[0]]


class Fts5:
    """SQLite FTS5 bm25() with its porter tokenizer, title and abstract weighed alike."""

    def __init__(self, documents: dict[int, dict[str, str]]):
        self.connection = sqlite3.connect(":memory:")
        self.connection.execute(
            "CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize='porter unicode61')")
        self.connection.executemany(
            "INSERT INTO docs (rowid, title, body) VALUES (?, ?, ?)",
            [(doc_id, f.get("T", ""), f.get("W", "")) for doc_id, f in documents.items()])

    def ranking(self, question: str) -> list[int]:
        words = {w.lower() for w in re.findall(r"\w+", question)}
        if not words:
            return []
        expression = " OR ".join(f'"{w}"' for w in sorted(words))
        return [row[0] for row in self.connection.execute(
            "SELECT rowid FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?",
            (expression, DEPTH))]


# ------------------------------------------------------------------ the run


def evaluate(name, ranking, questions, relevant, verbose) -> dict[str, float]:
    ndcg = ap = 0.0
    started = time.perf_counter()
    for query_id, question in questions.items():
        ranked = ranking(question)
        ndcg += ndcg_at_10(ranked, relevant[query_id])
        ap += average_precision(ranked, relevant[query_id])
        if verbose:
            print(f"  {name:8} Q{query_id:<4} nDCG@10 {ndcg_at_10(ranked, relevant[query_id]):.3f}")
    count = len(questions)
    return {"ndcg": ndcg / count, "map": ap / count,
            "ms": (time.perf_counter() - started) * 1000 / count}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    documents = read_smart(args.data / "CISI.ALL")
    relevant = read_judgements(args.data / "CISI.REL")
    queries = read_smart(args.data / "CISI.QRY")
    questions = {qid: " ".join(queries[qid].get(f, "") for f in "TW").strip()
                 for qid in sorted(relevant) if qid in queries}
    print(f"CISI: {len(documents)} documents, {len(questions)} judged questions "
          f"({sum(len(q.split()) for q in questions.values()) / len(questions):.0f} words "
          "on average)")
    workdir = Path(tempfile.mkdtemp(prefix="relevance-bench-"))
    try:
        (workdir / "feeds.yml").write_text("markets: {}\nfeeds: []\n")
        app = make_app(workdir, FEEDS_FILE=str(workdir / "feeds.yml"))
        with app.app_context():
            from enablement.extensions import db

            load_hub(documents)
            systems = {"hub": hub_ranking, "hub_no_feedback": hub_without_feedback,
                       "bm25s": Bm25s(documents).ranking,
                       "fts5": Fts5(documents).ranking}
            scores = {name: evaluate(name, ranking, questions, relevant, args.verbose)
                      for name, ranking in systems.items()}
            db.session.remove()
            db.engine.dispose()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    best = max(scores[name]["ndcg"] for name in ("bm25s", "fts5"))
    print(f"\n{'system':28} {'nDCG@10':>8} {'MAP@100':>8} {'ms/query':>9}")
    labels = {"hub": "hub (search service)", "hub_no_feedback": "hub without feedback",
              "bm25s": "bm25s (BM25, hub's words)",
              "fts5": "SQLite FTS5 bm25()"}
    for name, score in scores.items():
        print(f"{labels[name]:28} {score['ndcg']:8.4f} {score['map']:8.4f} {score['ms']:9.1f}")
    print(f"\nhub vs the best BM25 on nDCG@10: {100 * (scores['hub']['ndcg'] / best - 1):+.1f} %")


if __name__ == "__main__":
    main()
