"""The yardstick: the same library and queries through SQLite FTS5, ranked by bm25() with snippet().

Words are stemmed by FTS5's porter tokenizer, title and summary weigh more than the body (as in
the hub), drafts and archived assets are filtered out, and each query also counts its matches (the
results page shows a total). FTS5 has no spelling correction and no facets: a typo simply finds
nothing, which flatters its timings.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable

from benchmarks.corpus import BenchQuery

FACET_COLUMNS = {"kind": "kind", "market": "markets", "persona": "personas", "stage": "stages"}
_PHRASE = re.compile(r'"([^"]*)"')
_WORD = re.compile(r"\w+")


def build(path: str, documents: Iterable[dict]) -> int:
    """Index `documents` (the hub's search documents) into a fresh FTS5 table."""
    connection = sqlite3.connect(path)
    connection.execute(
        "CREATE VIRTUAL TABLE docs USING fts5(title, summary, body, attachments, "
        "kind UNINDEXED, status UNINDEXED, markets UNINDEXED, personas UNINDEXED, "
        "stages UNINDEXED, tokenize='porter unicode61')"
    )
    count = 0
    with connection:
        for document in documents:
            connection.execute(
                "INSERT INTO docs (rowid, title, summary, body, attachments, kind, status, "
                "markets, personas, stages) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (document["id"], document["title"], document["summary"], document["body"],
                 document.get("attachments", ""), document["kind"], document["status"],
                 f",{document.get('markets', '')},", f",{document.get('personas', '')},",
                 f",{document.get('stages', '')},"),
            )
            count += 1
    connection.execute("INSERT INTO docs(docs) VALUES ('optimize')")
    connection.commit()
    connection.close()
    return count


def match_expression(text: str) -> str:
    """Quoted phrases stay phrases, other words are ANDed; nothing reaches FTS5's syntax."""
    parts = [f'"{" ".join(_WORD.findall(p))}"' for p in _PHRASE.findall(text) if _WORD.findall(p)]
    rest = _PHRASE.sub(" ", text)
    parts += [f'"{word}"' for word in _WORD.findall(rest)]
    return " ".join(parts)


class Searcher:
    def __init__(self, path: str):
        self.connection = sqlite3.connect(path)

    def search(self, query: BenchQuery, per_page: int = 10) -> tuple[int, list]:
        expression = match_expression(query.q)
        if not expression:
            return 0, []
        where, args = ["docs MATCH ?", "status = 'published'"], [expression]
        for name, values in query.filters.items():
            column = FACET_COLUMNS[name]
            if name == "kind":
                where.append(f"kind IN ({', '.join('?' for _ in values)})")
                args.extend(values)
            else:
                where.append("(" + " OR ".join(f"{column} LIKE ?" for _ in values) + ")")
                args.extend(f"%,{value},%" for value in values)
        condition = " AND ".join(where)
        total = self.connection.execute(f"SELECT count(*) FROM docs WHERE {condition}",
                                        args).fetchone()[0]
        rows = self.connection.execute(
            f"SELECT rowid, title, snippet(docs, -1, '<mark>', '</mark>', ' … ', 24) "
            f"FROM docs WHERE {condition} ORDER BY bm25(docs, 3.0, 2.0, 1.0, 1.0) "
            f"LIMIT ? OFFSET ?",
            [*args, per_page, (query.page - 1) * per_page],
        ).fetchall()
        return total, rows
