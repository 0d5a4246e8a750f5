"""Whether reps find the right thing: judged queries over the demo company, scored.

    .venv/bin/python -m benchmarks.search_relevance

The demo (Fieldline's 46 assets and 35 news stories) is loaded into a scratch hub with the
shipped feeds.yml and searched through the hub's own search service, as the search page calls
it. Each query below lists what a rep would want, by title: 2 for what they came for, 1 for
what also helps. "Plain" queries name no kind, market or persona; "understood" ones do. The
table gives, per query and on average per group, nDCG@10 (graded, the order of the first ten),
MRR (where the first grade-2 answer stands), recall@10 (how many of the judged answers are in
the first ten) and the wrong answers among the first three (judged 0: anything not listed).
"""

from __future__ import annotations

import argparse
import math
import shutil
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# query -> {title prefix: grade}. Titles are matched by their start, so long ones stay short here.
PLAIN = {
    "missed visits": {
        "St. Brigid Health System reduces missed home-health visits": 2,
        "St. Brigid Health System: missed visits down 38%": 2,
    },
    "lockout tagout": {
        "Kessler Precision Components cuts lockout/tagout": 2,
        "Kessler Precision Components": 1,
        "Lockout/tagout citations remain a top-ten OSHA violation": 2,
    },
    "cold chain": {
        "Coldline Freight cuts temperature excursions": 2,
        "Cold Chain Without Gaps": 2,
        "Coldline Freight: \"Spoilage claims": 1,
        "Cold outreach: cold storage and refrigerated carriers": 1,
        "Cold chain operators add temperature logging": 2,
    },
    "crewgrid": {
        "Battle card: Fieldline vs. CrewGrid": 2,
        "Cold outreach: construction safety leaders": 1,
    },
    "return on investment": {
        "Talk track: the CFO conversation and the return on investment model": 2,
        "Re-engage a stalled deal with the CFO return on investment case": 2,
        "The True Cost of a Missed Shift": 1,
    },
    "osha recordkeeping": {
        "OSHA Recordkeeping in the Field": 2,
        "Cold outreach: construction safety leaders (OSHA recordkeeping)": 2,
        "Harbor & Pine Builders cuts safety paperwork": 1,
    },
    "room turnaround": {
        "Alder Bay Resorts turns rooms 19 minutes faster": 2,
        "Alder Bay Resorts: rooms ready 19 minutes sooner": 2,
    },
    "outage restoration": {
        "Prairie Wind Electric Cooperative restores": 2,
        "Storm-Ready Dispatch": 2,
        "Prairie Wind Electric Cooperative: every crew briefed": 1,
        "Electric cooperative upgrades substations to speed outage response": 1,
    },
    "store resets": {
        "Brightwell Markets completes 94% of store resets": 2,
        "Brightwell Markets: resets on time": 2,
        "Merchandising teams move resets to overnight crews": 1,
    },
    "hipaa": {
        "HIPAA-Ready Field Workforce Management": 2,
        "Security, privacy and IT FAQ": 2,
        "HIPAA settlement puts mobile devices of field clinicians in focus": 1,
        "St. Brigid Health System: missed visits down 38%": 1,
    },
    "hospital": {
        "Lakeview Regional Medical Center": 2,
        "HIPAA-Ready Field Workforce Management for Home Health and Hospital Teams": 2,
        "St. Brigid Health System reduces missed home-health visits": 1,
        "St. Brigid Health System: missed visits down 38%": 1,
    },
    "spoilage claims": {
        "Coldline Freight: \"Spoilage claims are down $640K a year\"": 2,
        "Coldline Freight cuts temperature excursions": 2,
        "Cold chain operators add temperature logging after spoilage claims": 2,
    },
    "shift coverage": {
        "Harvest Table Restaurant Group on shift coverage": 2,
        "The True Cost of a Missed Shift": 1,
        "Hospice providers expand weekend coverage": 1,
    },
    "equipment utilization": {
        "Ironbridge Civil recovers $1.2M in idle equipment": 2,
    },
}

UNDERSTOOD = {
    "hospital case study": {
        "Lakeview Regional Medical Center": 2,
        "St. Brigid Health System reduces missed home-health visits": 2,
    },
    "healthcare case study": {
        "Lakeview Regional Medical Center": 2,
        "St. Brigid Health System reduces missed home-health visits": 2,
    },
    "battle card": {
        "Battle card: Fieldline vs. CrewGrid": 2,
        "Battle card: Fieldline vs. ShiftPilot": 2,
        "Battle card: Fieldline vs. spreadsheets": 2,
    },
    "hospitality testimonials": {
        "Alder Bay Resorts: rooms ready 19 minutes sooner": 2,
        "Harvest Table Restaurant Group on shift coverage": 2,
    },
    "cfo one-pager": {
        "One-pager: the Fieldline platform at a glance": 2,
    },
    "logistics white paper": {
        "Cold Chain Without Gaps": 2,
        "The True Cost of a Missed Shift": 1,
    },
}


def make_app(workdir: Path):
    from enablement import create_app

    return create_app({
        "INSTANCE_PATH": str(workdir / "instance"),
        "DATABASE_URL": f"sqlite:///{workdir / 'hub.sqlite3'}",
        "SEARCH_INDEX_DIR": str(workdir / "index"),
        "UPLOAD_DIR": str(workdir / "uploads"),
        "FEEDS_FILE": str(REPO / "feeds.yml"),
        "SECRET_KEY": "benchmark",
        "SERVER_NAME": "hub.bench",
    })


def grade(judged: dict[str, int], title: str) -> int:
    return max((g for prefix, g in judged.items() if title.startswith(prefix)), default=0)


def scores(titles: list[str], judged: dict[str, int]) -> dict[str, float]:
    gains = [grade(judged, t) for t in titles[:10]]
    dcg = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(gains))
    ideal = sorted(judged.values(), reverse=True)[:10]
    idcg = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    first = next((i for i, t in enumerate(titles) if grade(judged, t) == 2), None)
    found = {p for p in judged for t in titles[:10] if t.startswith(p)}
    return {"ndcg": dcg / idcg if idcg else 0.0,
            "mrr": 1 / (first + 1) if first is not None else 0.0,
            "recall": len(found) / len(judged),
            "wrong3": sum(1 for g in gains[:3] if g == 0)}


def run(queries: dict[str, dict[str, int]], verbose: bool) -> dict[str, float]:
    from enablement.extensions import db
    from enablement.search import service

    totals = {"ndcg": 0.0, "mrr": 0.0, "recall": 0.0, "wrong3": 0.0}
    for q, judged in queries.items():
        found = service.search(None, service.SearchParams(q=q, per_page=10), source="bench")
        db.session.rollback()
        titles = [hit.plain_title for hit in found.hits]
        result = scores(titles, judged)
        for key in totals:
            totals[key] += result[key]
        print(f"  {q:28} nDCG@10 {result['ndcg']:.2f}  MRR {result['mrr']:.2f}  "
              f"recall@10 {result['recall']:.2f}  wrong in top 3: {result['wrong3']}"
              f"  ({found.total} results)")
        if verbose:
            for n, title in enumerate(titles[:5], 1):
                print(f"      {n}. [{grade(judged, title)}] {title[:80]}")
    return {key: value / len(queries) for key, value in totals.items()}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="show the first five of each")
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="search-relevance-"))
    try:
        app = make_app(workdir)
        with app.app_context():
            from enablement.extensions import db

            db.create_all()
            loaded = app.test_cli_runner().invoke(args=["demo", "load"])
            if loaded.exit_code:
                raise SystemExit(loaded.output)
            averages = {}
            for name, queries in (("plain", PLAIN), ("understood", UNDERSTOOD)):
                print(f"{name} queries ({len(queries)}):")
                averages[name] = run(queries, args.verbose)
            print(f"\n{'':12} {'nDCG@10':>8} {'MRR':>6} {'recall@10':>10} {'wrong in top 3':>15}")
            for name, avg in averages.items():
                print(f"{name:12} {avg['ndcg']:8.3f} {avg['mrr']:6.3f} {avg['recall']:10.3f} "
                      f"{avg['wrong3']:15.2f}")
            db.session.remove()
            db.engine.dispose()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
