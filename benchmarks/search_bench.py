"""How fast reps get answers: the hub's search against SQLite FTS5 on one synthetic library.

    .venv/bin/python -m benchmarks.search_bench                  # 10,000 assets
    .venv/bin/python -m benchmarks.search_bench --docs 100000    # the large-customer case
    .venv/bin/python -m benchmarks.search_bench --profile        # where a query's time goes

The library (benchmarks/corpus.py) is loaded into a scratch database, indexed by the hub's own
`search reindex` code, and queried through the hub's own search service with highlights, facets,
corrections and logging, exactly as the search page calls it. The same documents and queries go
through SQLite FTS5 in the same run, query by query in turn, so a noisy shared machine slows both
alike. Searching runs in a fresh process, so the memory a searcher adds is measured on its own.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import multiprocessing
import os
import pstats
import resource
import shutil
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from sqlalchemy import insert

from benchmarks import corpus, fts5

QUERY_KINDS = ("words", "phrase", "typo", "filtered", "paged")
# 8-20-word questions, timed with the answer panel (the search and the answers both).
QUESTION = "question"
ALL_KINDS = (*QUERY_KINDS, QUESTION)
TAG_FACETS = ("markets", "personas", "stages", "products")


def rss_mb() -> float:
    """This process's resident memory."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def make_app(workdir: Path, **settings):
    """A hub whose files all live in `workdir`; `settings` add to or replace the defaults."""
    from enablement import create_app

    return create_app({
        "INSTANCE_PATH": str(workdir / "instance"),
        "DATABASE_URL": f"sqlite:///{workdir / 'hub.sqlite3'}",
        "SEARCH_INDEX_DIR": str(workdir / "index"),
        "UPLOAD_DIR": str(workdir / "uploads"),
        "SECRET_KEY": "benchmark",
        "SERVER_NAME": "hub.bench",
        **settings,
    })


# ------------------------------------------------------------------ building


def load_library(size: int, seed: int, batch: int = 1000) -> None:
    """Put the synthetic library into the hub's database (bypassing the outbox on purpose)."""
    from enablement.extensions import db
    from enablement.models import Asset, AssetTag, Attachment, User

    db.create_all()
    with db.engine.begin() as connection:
        connection.execute(insert(User.__table__), [{
            "id": 1, "email": "bench@example.com", "name": "Bench", "role": "marketing",
            "password_hash": "x", "active": True,
        }])
        assets, tags, files = [], [], []
        for asset in corpus.library(size, seed):
            assets.append(_asset_row(asset))
            tags.extend({"asset_id": asset.id, "facet": facet, "value": value}
                        for facet in TAG_FACETS for value in getattr(asset, facet))
            files.extend(_attachment_row(asset, n, a) for n, a in enumerate(asset.attachments))
            if len(assets) >= batch:
                _flush(connection, (Asset, assets), (AssetTag, tags), (Attachment, files))
        _flush(connection, (Asset, assets), (AssetTag, tags), (Attachment, files))


def _asset_row(asset: corpus.Asset) -> dict:
    return {"id": asset.id, "kind": asset.kind, "title": asset.title, "summary": asset.summary,
            "body": asset.body, "status": asset.status, "details": asset.details,
            "owner_id": 1, "created_at": asset.updated_at, "updated_at": asset.updated_at,
            "published_at": asset.published_at}


def _attachment_row(asset: corpus.Asset, n: int, attachment: corpus.Attachment) -> dict:
    return {"asset_id": asset.id, "stored_name": f"{asset.id}-{n}", "filename": "paper.pdf",
            "kind": "pdf", "mimetype": "application/pdf", "size": len(attachment.text),
            "sha256": "0" * 64, "text": attachment.text, "uploaded_by_id": 1,
            "created_at": asset.updated_at}


def _flush(connection, *tables) -> None:
    for model, rows in tables:
        if rows:
            connection.execute(insert(model.__table__), rows)
            rows.clear()


def cpu_seconds() -> float:
    """CPU time of this process and of the finished worker processes it started."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), \
        resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def reindex() -> tuple[int, float, float]:
    """The hub's full `search reindex`: documents read from the database, written, swapped in."""
    from enablement.search import maintenance

    started, cpu = time.perf_counter(), cpu_seconds()
    count = maintenance.reindex()
    return count, time.perf_counter() - started, cpu_seconds() - cpu


def build_fts5(path: Path, size: int, seed: int) -> tuple[int, float]:
    from enablement.search.documents import asset_document

    started = time.perf_counter()
    count = fts5.build(str(path), (asset_document(a) for a in corpus.library(size, seed)))
    return count, time.perf_counter() - started


def folder_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


# ------------------------------------------------------------------ searching


def search_worker(workdir: str, queries: list[corpus.BenchQuery],
                  warmup: list[corpus.BenchQuery], rounds: int, profile: bool) -> dict:
    """Runs in a fresh process: opens a searcher, warms it up with other queries of the same
    mix (as a few minutes of live traffic would), then times each query on the hub and FTS5."""
    from enablement.extensions import db
    from enablement.search import service

    app = make_app(Path(workdir))
    with app.app_context():
        gc.collect()
        before = rss_mb()
        started = time.perf_counter()
        service.searchers.get(service.index_location())
        open_ms = (time.perf_counter() - started) * 1000
        for query in warmup:
            _hub_search(service, db, query)
        gc.collect()
        searcher_mb = rss_mb() - before

        fts = fts5.Searcher(str(Path(workdir) / "fts.sqlite3"))
        for query in queries:
            fts.search(query)
        hub_ms: dict[str, list[float]] = {kind: [] for kind in ALL_KINDS}
        hub_cpu: dict[str, list[float]] = {kind: [] for kind in ALL_KINDS}
        fts_ms: dict[str, list[float]] = {kind: [] for kind in ALL_KINDS}
        totals = {}
        profiler = cProfile.Profile() if profile else None
        for _ in range(rounds):
            for number, query in enumerate(queries):
                started, cpu = time.perf_counter(), time.thread_time()
                if profiler:
                    profiler.enable()
                total = _hub_search(service, db, query)
                if profiler:
                    profiler.disable()
                hub_ms[query.kind].append((time.perf_counter() - started) * 1000)
                hub_cpu[query.kind].append((time.thread_time() - cpu) * 1000)
                started = time.perf_counter()
                fts_total, _ = fts.search(query)
                fts_ms[query.kind].append((time.perf_counter() - started) * 1000)
                totals[number] = (total, fts_total)
    report = None
    if profiler:
        stream = io.StringIO()
        pstats.Stats(profiler, stream=stream).sort_stats("cumulative").print_stats(45)
        report = stream.getvalue()
    return {"hub": hub_ms, "hub_cpu": hub_cpu, "fts": fts_ms, "searcher_mb": searcher_mb,
            "open_ms": open_ms,
            "totals": totals, "profile": report, "load": os.getloadavg()[0]}


def _hub_search(service, db, query: corpus.BenchQuery) -> int:
    params = service.SearchParams(q=query.q, filters=dict(query.filters), page=query.page)
    results = service.search(None, params, source="bench")
    if query.kind == QUESTION:
        service.ask(query.q)
    db.session.rollback()  # the search log row: a real request commits it, we drop it
    return results.total


# ------------------------------------------------------------------ report


def percentiles(values: list[float]) -> tuple[float, float, float]:
    if len(values) < 2:
        value = values[0] if values else 0.0
        return value, value, value
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return statistics.median(values), cuts[94], cuts[98]


def print_table(args, built: dict, searched: dict) -> None:
    hub, fts = searched["hub"], searched["fts"]
    rows = [("indexing, docs/s", f"{built['hub_docs_per_s']:,.0f}",
             f"{built['fts_docs_per_s']:,.0f}",
             f"{built['hub_docs_per_s'] / built['fts_docs_per_s']:.2f}")]
    rows.append(("full reindex, s", f"{built['hub_s']:.1f}", f"{built['fts_s']:.1f}",
                 f"{built['hub_s'] / built['fts_s']:.2f}"))
    rows.append(("full reindex, CPU s (all processes)", f"{built['hub_cpu_s']:.1f}", "", ""))
    for kind in ("all", *ALL_KINDS):
        ours = [v for k in QUERY_KINDS for v in hub[k]] if kind == "all" else hub[kind]
        theirs = [v for k in QUERY_KINDS for v in fts[k]] if kind == "all" else fts[kind]
        p_ours, p_theirs = percentiles(ours), percentiles(theirs)
        name = "question + answers" if kind == QUESTION else kind
        label = f"query {name} (n={len(ours) // args.rounds}) p50/p95/p99 ms"
        rows.append((label, "/".join(f"{v:.1f}" for v in p_ours),
                     "/".join(f"{v:.1f}" for v in p_theirs),
                     "/".join(f"{a / b:.1f}" if b else "-" for a, b in zip(p_ours, p_theirs,
                                                                         strict=True))))
    cpu = [v for k in QUERY_KINDS for v in searched["hub_cpu"][k]]
    rows.append(("query all, CPU ms p50/p95/p99", "/".join(f"{v:.1f}" for v in percentiles(cpu)),
                 "", ""))
    rows.append(("searcher RAM added, MB", f"{searched['searcher_mb']:.0f}", "-", ""))
    rows.append(("searcher open, ms", f"{searched['open_ms']:.0f}", "-", ""))
    rows.append(("index on disk, MB", f"{built['hub_mb']:.0f}", f"{built['fts_mb']:.0f}",
                 f"{built['hub_mb'] / built['fts_mb']:.2f}"))
    width = max(len(r[0]) for r in rows)
    print(f"\nSearch benchmark: {args.docs:,} assets, {len(searched['totals'])} queries x "
          f"{args.rounds} rounds, seed {args.seed}, {os.cpu_count()} CPUs, Python "
          f"{sys.version.split()[0]}; load average {built['load']:.1f} while indexing, "
          f"{searched['load']:.1f} while searching")
    print(f"{'':{width}}  {'hub (Whoosh)':>18}  {'SQLite FTS5':>18}  {'hub / FTS5':>16}")
    for label, ours, theirs, ratio in rows:
        print(f"{label:{width}}  {ours:>18}  {theirs:>18}  {ratio:>16}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--questions", type=int, default=60, help="8-20-word questions")
    parser.add_argument("--rounds", type=int, default=1, help="timed passes over the queries")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workdir", help="keep the library, index and FTS5 table here")
    parser.add_argument("--reuse", action="store_true", help="search an existing --workdir")
    parser.add_argument("--profile", action="store_true", help="cProfile the hub's queries")
    args = parser.parse_args(argv)

    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="search-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        built = _build(args, workdir)
        queries = corpus.queries(args.queries, seed=args.seed + 4, library_size=args.docs) \
            + corpus.questions(args.questions, seed=args.seed + 6)
        warmup = corpus.queries(args.queries, seed=args.seed + 5, library_size=args.docs) \
            + corpus.questions(args.questions, seed=args.seed + 7)
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
            searched = pool.submit(search_worker, str(workdir), queries, warmup, args.rounds,
                                   args.profile).result()
        print_table(args, built, searched)
        if searched["profile"]:
            print(searched["profile"])
    finally:
        if not args.workdir:
            shutil.rmtree(workdir, ignore_errors=True)


def _build(args, workdir: Path) -> dict:
    stamp = workdir / "built.txt"
    if args.reuse and stamp.exists():
        return eval(stamp.read_text())  # noqa: S307 - our own file, written below
    app = make_app(workdir)
    with app.app_context():
        print(f"Loading {args.docs:,} assets into the hub's database…", flush=True)
        load_library(args.docs, args.seed)
        print("Reindexing with the hub's `search reindex`…", flush=True)
        count, hub_s, hub_cpu_s = reindex()
        from enablement.search.outbox import index_location

        hub_mb = folder_mb(index_location().current_dir())
    print("Building the FTS5 table…", flush=True)
    fts_count, fts_s = build_fts5(workdir / "fts.sqlite3", args.docs, args.seed)
    built = {"hub_docs_per_s": count / hub_s, "hub_s": hub_s, "hub_cpu_s": hub_cpu_s,
             "hub_mb": hub_mb, "load": os.getloadavg()[0],
             "fts_docs_per_s": fts_count / fts_s, "fts_s": fts_s,
             "fts_mb": (workdir / "fts.sqlite3").stat().st_size / 2**20}
    stamp.write_text(repr(built))
    return built


if __name__ == "__main__":
    main()
