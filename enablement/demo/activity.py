"""Two months of believable rep activity for the demo company, so /insights and /wins have
something to show on first run: views, copies and downloads, votes, searches (some that found
nothing), open requests and won deals. Deterministic: the same every time."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from enablement.extensions import db
from enablement.models import (
    Asset,
    AssetStatus,
    ContentRequest,
    Feedback,
    LeadSource,
    Role,
    SearchLog,
    UsageEvent,
    User,
    Win,
    utcnow,
)
from enablement.search.service import normalise_query

DAYS = 60

SEARCHES_THAT_FOUND_SOMETHING = [
    "osha", "hipaa", "cold storage", "battle card crewgrid", "roi", "no-shows",
    "home health scheduling", "dispatch", "storm outage", "return on investment",
]
SEARCHES_THAT_FOUND_NOTHING = [
    "cold storage midwest case study", "union overtime rules", "spanish email template",
    "forklift certification", "cannabis compliance", "school district transportation",
]
REQUESTS = [
    ("A case study for cold-storage logistics in the Midwest", "logistics", "case_study"),
    ("Spanish version of the no-show follow-up email", "hospitality", "email_template"),
    ("Battle card against ShiftPilot's new dispatch module", None, "sales_aid"),
]
WINS = [
    ("Great Lakes Cold Chain", "logistics", Decimal("84000"), "marketing"),
    ("Mercy Ridge Home Health", "healthcare", Decimal("126500"), "marketing"),
    ("Tri-County Electric Co-op", "energy", Decimal("58200"), "sales"),
    ("Summit Peak Builders", "construction", Decimal("97000"), "partner"),
    ("Harborview Hotels Group", "hospitality", Decimal("43800"), "marketing"),
]
COMMENTS = {
    True: ["Used this on a discovery call, the metrics landed.", "Prospect asked for the PDF.",
           "Exactly what the CFO wanted to see.", ""],
    False: ["Numbers feel dated; can we refresh them?", "Too long to send as-is.", ""],
}


def _days_ago(rng: random.Random) -> timedelta:
    """Within the last two months, more of it recent (so the default 30-day view is busy)."""
    return timedelta(days=DAYS * rng.random() ** 1.6)


@dataclass
class ActivityResult:
    events: int = 0
    votes: int = 0
    searches: int = 0
    requests: int = 0
    wins: int = 0


def load_activity(seed: int = 7) -> ActivityResult:
    """Add demo activity by the demo reps; does not commit."""
    rng = random.Random(seed)  # noqa: S311  # nosec B311 - made-up demo activity, by seed
    now = utcnow()
    reps = db.session.scalars(select(User).where(User.role == Role.REP).order_by(User.id)).all()
    marketers = db.session.scalars(
        select(User).where(User.role == Role.MARKETING).order_by(User.id)).all()
    published = db.session.scalars(
        select(Asset).where(Asset.status == AssetStatus.PUBLISHED).order_by(Asset.id)).all()
    result = ActivityResult()
    if not reps or not published:
        return result

    # Popularity is uneven, as in real libraries: a few assets do most of the work.
    weights = [1 / (rank + 1) ** 0.8 for rank in range(len(published))]
    shuffled = published[:]
    rng.shuffle(shuffled)
    for _ in range(420):
        asset = rng.choices(shuffled, weights)[0]
        action = rng.choices(["views", "downloads", "copies"], [8, 2, 1])[0]
        if action == "copies" and asset.kind != "email_template":
            action = "views"
        if action == "downloads" and not asset.attachments:
            action = "views"
        db.session.add(UsageEvent(asset_id=asset.id, user_id=rng.choice(reps).id, action=action,
                                  created_at=now - _days_ago(rng)))
        result.events += 1

    for asset in shuffled[:14]:
        for rep in rng.sample(reps, k=min(len(reps), rng.randint(1, 3))):
            helpful = rng.random() < 0.78
            db.session.add(Feedback(asset_id=asset.id, user_id=rep.id, helpful=helpful,
                                    comment=rng.choice(COMMENTS[helpful])))
            result.votes += 1

    for text, count in [(q, rng.randint(2, 6)) for q in SEARCHES_THAT_FOUND_SOMETHING] + \
                       [(q, rng.randint(1, 4)) for q in SEARCHES_THAT_FOUND_NOTHING]:
        found_nothing = text in SEARCHES_THAT_FOUND_NOTHING
        for _ in range(count):
            db.session.add(SearchLog(
                user_id=rng.choice(reps).id, query=text, normalized_query=normalise_query(text),
                filters={}, result_count=0 if found_nothing else rng.randint(1, 9),
                took_ms=round(rng.uniform(3, 25), 1), source="web",
                clicked_doc=None if found_nothing or rng.random() < 0.2
                else f"asset:{rng.choice(published).id}",
                created_at=now - _days_ago(rng),
            ))
            result.searches += 1

    for text, market, kind in REQUESTS:
        db.session.add(ContentRequest(requester_id=rng.choice(reps).id, text=text, market=market,
                                      kind=kind, search_query=text.lower()[:80],
                                      created_at=now - timedelta(days=rng.randint(2, 20))))
        result.requests += 1

    for account, market, amount, source in WINS:
        helped = [a for a in published if market in a.markets]
        win = Win(account=account, market=market, amount=amount,
                  closed_on=date.today() - timedelta(days=rng.randint(1, DAYS - 1)),
                  rep_id=rng.choice(reps).id, lead_source=LeadSource(source).value,
                  lead_marketer_id=rng.choice(marketers).id if source == "marketing" else None,
                  note="Closed after the security review; the case study sealed it.")
        win.assets = rng.sample(helped, k=min(2, len(helped)))
        db.session.add(win)
        result.wins += 1
    db.session.flush()
    return result
