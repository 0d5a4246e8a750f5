"""What marketing sees on /insights: usage, feedback, content gaps, coverage and freshness.

Every report is a few GROUP BY queries over a period; nothing here loops over rows to query more.
Reading functions never write. Content gaps have their own module (gaps.py).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import case, exists, func, select
from sqlalchemy.orm import aliased, selectinload

from enablement.assets.kinds import KINDS
from enablement.extensions import db
from enablement.insights import gaps, question_gaps
from enablement.insights.metrics import shared_metrics
from enablement.insights.periods import Period, in_period, rep_usage, today_utc
from enablement.markets import markets
from enablement.models import (
    Asset,
    AssetStatus,
    AssetTag,
    ContentRequest,
    Feedback,
    RequestStatus,
    Role,
    UsageEvent,
    User,
    Win,
    WinAsset,
)
from enablement.shares.insights import buyer_engagement

ACTIONS = ("views", "copies", "downloads")
UNUSED_DAYS = 90  # published assets no rep opened for this long are "stale"
LIST_LIMIT = 10
LONG_LIST_LIMIT = 50
COMMENTS_PER_ASSET = 5


# ---------------------------------------------------------------- shared pieces


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


Owner = aliased(User)


def _asset_row(row) -> dict:
    return {"id": row.id, "title": row.title, "kind": row.kind,
            "owner": {"id": row.owner_id, "name": row.owner_name} if row.owner_id else None}


# ---------------------------------------------------------------- usage


def _usage_counts(period: Period):
    events = rep_usage(in_period(UsageEvent.created_at, period)).subquery()
    return (select(events.c.asset_id,
                   *[func.sum(case((events.c.action == action, 1), else_=0)).label(action)
                     for action in ACTIONS],
                   func.count().label("total"))
            .where(events.c.action.in_(ACTIONS))
            .group_by(events.c.asset_id).subquery())


def asset_usage(period: Period, *, most: bool, limit: int = LIST_LIMIT) -> list[dict]:
    """Published assets by how much reps used them in the period (least: never-used first)."""
    counts = _usage_counts(period)
    total = func.coalesce(counts.c.total, 0)
    order = (total.desc(), Asset.title) if most else (total, Asset.published_at, Asset.title)
    query = (select(Asset.id, Asset.title, Asset.kind, Asset.published_at, Asset.owner_id,
                    Owner.name.label("owner_name"),
                    *[func.coalesce(counts.c[a], 0).label(a) for a in ACTIONS],
                    total.label("total"))
             .outerjoin(counts, counts.c.asset_id == Asset.id)
             .outerjoin(Owner, Owner.id == Asset.owner_id)
             .where(Asset.status == AssetStatus.PUBLISHED.value))
    if most:
        query = query.where(counts.c.total > 0)
    rows = db.session.execute(query.order_by(*order).limit(limit))
    return [{**_asset_row(r), "published_at": r.published_at,
             **{a: int(r._mapping[a]) for a in ACTIONS}, "total": int(r.total)} for r in rows]


def usage_over_time(period: Period) -> list[dict]:
    """Rep usage per day (periods up to 31 days) or per 7-day stretch from the period's start."""
    events = rep_usage(in_period(UsageEvent.created_at, period),
                       UsageEvent.action.in_(ACTIONS)).subquery()
    day = func.date(events.c.created_at)
    rows = db.session.execute(select(day, events.c.action, func.count())
                              .group_by(day, events.c.action))
    step = 1 if period.bucket == "day" else 7
    buckets = []
    start = period.first
    while start <= period.last:
        end = min(start + timedelta(days=step - 1), period.last)
        buckets.append({"start": start, "end": end, **dict.fromkeys(ACTIONS, 0)})
        start = end + timedelta(days=1)
    for value, action, count in rows:
        index = (_as_date(value) - period.first).days // step
        if 0 <= index < len(buckets):
            buckets[index][action] += count
    for bucket in buckets:
        bucket["total"] = sum(bucket[a] for a in ACTIONS)
    return buckets


# ---------------------------------------------------------------- feedback


def feedback(period: Period, limit: int = LIST_LIMIT) -> list[dict]:
    """Assets rated in the period, worst first (most "not helpful" votes by share, then count),
    each with its latest comments."""
    rated = in_period(Feedback.updated_at, period)
    helpful = func.sum(case((Feedback.helpful.is_(True), 1), else_=0))
    not_helpful = func.sum(case((Feedback.helpful.is_(False), 1), else_=0))
    share = helpful * 1.0 / func.count()
    rows = db.session.execute(
        select(Asset.id, Asset.title, Asset.kind, Asset.owner_id, Owner.name.label("owner_name"),
               helpful.label("helpful"), not_helpful.label("not_helpful"))
        .select_from(Feedback)
        .join(Asset, Asset.id == Feedback.asset_id)
        .outerjoin(Owner, Owner.id == Asset.owner_id)
        .where(rated)
        .group_by(Asset.id, Asset.title, Asset.kind, Asset.owner_id, Owner.name)
        .order_by(share, not_helpful.desc(), Asset.title)
        .limit(limit)
    ).all()
    items = {r.id: {**_asset_row(r), "helpful": int(r.helpful),
                    "not_helpful": int(r.not_helpful), "comments": []} for r in rows}
    if items:
        comments = db.session.execute(
            select(Feedback.asset_id, Feedback.helpful, Feedback.comment, Feedback.updated_at,
                   User.name)
            .outerjoin(User, User.id == Feedback.user_id)
            .where(rated, Feedback.asset_id.in_(items), Feedback.comment != "")
            .order_by(Feedback.helpful, Feedback.updated_at.desc())
        )
        for asset_id, was_helpful, comment, at, name in comments:
            if len(items[asset_id]["comments"]) < COMMENTS_PER_ASSET:
                items[asset_id]["comments"].append(
                    {"helpful": was_helpful, "comment": comment, "at": at, "by": name})
    return list(items.values())


# ---------------------------------------------------------------- requests


def open_requests(limit: int = LONG_LIST_LIMIT) -> list[ContentRequest]:
    """Requests still waiting for content (open, or planned with a draft), oldest first.

    A to-do list: shown whatever the period, because an old open request still needs an answer.
    """
    return list(db.session.scalars(
        select(ContentRequest)
        .where(ContentRequest.status.in_([RequestStatus.OPEN.value, RequestStatus.PLANNED.value]))
        .options(selectinload(ContentRequest.requester), selectinload(ContentRequest.asset))
        .order_by(ContentRequest.status, ContentRequest.created_at)
        .limit(limit)
    ))


# ---------------------------------------------------------------- coverage


def coverage() -> dict:
    """Published assets per market and kind right now, with the empty cells named."""
    rows = db.session.execute(
        select(AssetTag.value, Asset.kind, func.count(func.distinct(Asset.id)))
        .join(Asset, Asset.id == AssetTag.asset_id)
        .where(AssetTag.facet == "markets", Asset.status == AssetStatus.PUBLISHED.value)
        .group_by(AssetTag.value, Asset.kind)
    )
    known = markets()
    counts = {slug: dict.fromkeys(KINDS, 0) for slug in known}
    for market, kind, count in rows:
        if market in counts and kind in KINDS:
            counts[market][kind] = count
    return {
        "markets": [{"slug": m.slug, "name": m.name} for m in known.values()],
        "kinds": [{"slug": slug, "label": spec.label} for slug, spec in KINDS.items()],
        "counts": counts,
        "empty": [[m, k] for m in counts for k in KINDS if not counts[m][k]],
    }


# ---------------------------------------------------------------- freshness


def review_overdue(today: date | None = None, limit: int = LONG_LIST_LIMIT) -> list[dict]:
    """Published assets past their review-by date, longest overdue first."""
    today = today or today_utc()
    rows = db.session.execute(
        select(Asset.id, Asset.title, Asset.kind, Asset.review_by, Asset.owner_id,
               Owner.name.label("owner_name"))
        .outerjoin(Owner, Owner.id == Asset.owner_id)
        .where(Asset.status == AssetStatus.PUBLISHED.value, Asset.review_by < today)
        .order_by(Asset.review_by, Asset.title).limit(limit)
    )
    return [{**_asset_row(r), "review_by": r.review_by,
             "days_overdue": (today - r.review_by).days} for r in rows]


def unused_assets(now: datetime | None = None, limit: int = LONG_LIST_LIMIT) -> list[dict]:
    """Published assets, out for at least 90 days, that no rep used in the last 90 days."""
    cutoff = (now or datetime.now(UTC)) - timedelta(days=UNUSED_DAYS)
    used = rep_usage(UsageEvent.asset_id == Asset.id)
    last_used = (select(func.max(UsageEvent.created_at)).join(User, User.id == UsageEvent.user_id)
                 .where(UsageEvent.asset_id == Asset.id, User.role == Role.REP.value)
                 .scalar_subquery())
    rows = db.session.execute(
        select(Asset.id, Asset.title, Asset.kind, Asset.published_at, Asset.owner_id,
               Owner.name.label("owner_name"), last_used.label("last_used_at"))
        .outerjoin(Owner, Owner.id == Asset.owner_id)
        .where(Asset.status == AssetStatus.PUBLISHED.value, Asset.published_at <= cutoff,
               ~exists(used.where(UsageEvent.created_at >= cutoff)
                       .with_only_columns(UsageEvent.id)))
        .order_by(Owner.name, Asset.title).limit(limit)
    )
    return [{**_asset_row(r), "published_at": r.published_at, "last_used_at": r.last_used_at}
            for r in rows]


# ---------------------------------------------------------------- the summary


def _rep_usage_before(period: Period) -> tuple[int, int]:
    """(views, copies and downloads; different assets used) by reps in the period."""
    events = rep_usage(in_period(UsageEvent.created_at, period)).subquery()
    uses, assets = db.session.execute(select(
        func.sum(case((events.c.action.in_(ACTIONS), 1), else_=0)),
        func.count(func.distinct(events.c.asset_id)))).one()
    return int(uses or 0), assets


def _wins_before(period: Period) -> int:
    return db.session.scalar(select(func.count(Win.id)).where(
        Win.closed_on >= period.first, Win.closed_on <= period.last,
        exists().where(WinAsset.win_id == Win.id)))


def _waiting_requests() -> int:
    return db.session.scalar(select(func.count(ContentRequest.id)).where(
        ContentRequest.status.in_([RequestStatus.OPEN.value, RequestStatus.PLANNED.value])))


def summary(period: Period, sections: dict) -> list[dict]:
    """The handful of numbers the page opens with, each beside the same number for the period
    just before (`previous`; None where a comparison means nothing, e.g. requests waiting now),
    and `better` saying which way is good."""
    before = period.previous()
    uses_before, used_before = _rep_usage_before(before)
    now = {m["metric"]: m["value"] for m in sections["metrics"]}
    usage = sum(bucket["total"] for bucket in sections["over_time"])
    short = sections["gaps"]
    return [
        {"key": "rep_usage", "label": "Rep views, copies, downloads", "value": usage,
         "previous": uses_before, "better": "higher", "section": "usage"},
        {"key": "assets_used_by_reps", "label": "Assets reps used",
         "value": now["assets_used_by_reps"], "previous": used_before,
         "better": "higher", "section": "usage"},
        {"key": "searches_short", "label": "Searches that came up short",
         "value": short.gap_searches, "better": "lower", "section": "gaps",
         "previous": gaps.search_gaps(before, limit=0, aside=short.aside).gap_searches},
        {"key": "requests_waiting", "label": "Requests waiting",
         "value": _waiting_requests(), "previous": None, "better": "lower", "section": "gaps"},
        {"key": "wins_with_content", "label": "Wins with content",
         "value": now["wins_with_content"], "previous": _wins_before(before),
         "better": "higher", "section": "metrics"},
        {"key": "review_overdue", "label": "Past their review date",
         "value": len(sections["overdue"]), "previous": None, "better": "lower",
         "section": "freshness", "capped": len(sections["overdue"]) >= LONG_LIST_LIMIT},
    ]


# ---------------------------------------------------------------- everything at once


def report(period: Period) -> dict:
    """Every section of /insights for the period: what the page and the API both show."""
    sections = {
        "period": period,
        "metrics": shared_metrics(period),
        "most_used": asset_usage(period, most=True),
        "least_used": asset_usage(period, most=False),
        "over_time": usage_over_time(period),
        "feedback": feedback(period),
        "gaps": gaps.search_gaps(period),
        "questions": question_gaps.unanswered_questions(period),
        "requests": open_requests(),
        "coverage": coverage(),
        "overdue": review_overdue(),
        "unused": unused_assets(),
        "buyers": buyer_engagement(period),
    }
    sections["summary"] = summary(period, sections)
    return sections
