"""The wins board: deals won in a period, the totals and who to celebrate, and the JSON shapes
the API answers with."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from flask import url_for
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from enablement.assets.visibility import asset_ref
from enablement.extensions import db
from enablement.models import Asset, LeadSource, User, Win, WinAsset
from enablement.money import currency


def period_start(days: int | None) -> date | None:
    return date.today() - timedelta(days=days) if days else None


def recent_wins(since: date | None = None, limit: int = 50, *, offset: int = 0,
                asset_id: int | None = None) -> list[Win]:
    """Wins closed since `since`, latest first (those an asset helped win, with `asset_id`)."""
    query = select(Win).order_by(Win.closed_on.desc(), Win.id.desc()).offset(offset).limit(limit)
    if since:
        query = query.where(Win.closed_on >= since)
    if asset_id is not None:
        query = query.where(Win.id.in_(select(WinAsset.win_id)
                                       .where(WinAsset.asset_id == asset_id)))
    return list(db.session.scalars(query.options(
        selectinload(Win.rep), selectinload(Win.lead_marketer),
        selectinload(Win.assets).selectinload(Asset.owner),
    )))


@dataclass
class Standing:
    user: User
    wins: int
    amount: Decimal


@dataclass
class WinsSummary:
    wins: int = 0
    amount: Decimal = Decimal(0)
    with_content: int = 0
    with_content_amount: Decimal = Decimal(0)
    marketing_sourced: int = 0
    closers: list[Standing] = field(default_factory=list)
    content_marketers: list[Standing] = field(default_factory=list)
    lead_marketers: list[Standing] = field(default_factory=list)


def summary(since: date | None = None, top: int = 5) -> WinsSummary:
    """Totals for the period and who to celebrate: closers, content owners, lead generators."""
    in_period = select(Win.id, Win.amount, Win.rep_id, Win.lead_marketer_id, Win.lead_source)
    if since:
        in_period = in_period.where(Win.closed_on >= since)
    wins = in_period.subquery()
    result = WinsSummary()
    count, amount = db.session.execute(
        select(func.count(), func.coalesce(func.sum(wins.c.amount), 0))
    ).one()
    result.wins, result.amount = count, _decimal(amount)
    helped = select(WinAsset.win_id).distinct().subquery()
    count, amount = db.session.execute(
        select(func.count(), func.coalesce(func.sum(wins.c.amount), 0))
        .join(helped, helped.c.win_id == wins.c.id)
    ).one()
    result.with_content, result.with_content_amount = count, _decimal(amount)
    result.marketing_sourced = db.session.scalar(
        select(func.count()).select_from(wins)
        .where(wins.c.lead_source == LeadSource.MARKETING.value)) or 0
    result.closers = _standings(
        select(wins.c.rep_id, func.count(), func.sum(wins.c.amount))
        .where(wins.c.rep_id.is_not(None)).group_by(wins.c.rep_id), top)
    result.lead_marketers = _standings(
        select(wins.c.lead_marketer_id, func.count(), func.sum(wins.c.amount))
        .where(wins.c.lead_marketer_id.is_not(None)).group_by(wins.c.lead_marketer_id), top)
    # A marketer is credited once per win however many of their assets helped.
    owners = (select(WinAsset.win_id, Asset.owner_id)
              .join(Asset, Asset.id == WinAsset.asset_id)
              .where(Asset.owner_id.is_not(None)).distinct().subquery())
    result.content_marketers = _standings(
        select(owners.c.owner_id, func.count(), func.sum(wins.c.amount))
        .join(wins, wins.c.id == owners.c.win_id).group_by(owners.c.owner_id), top)
    return result


def _standings(query, top: int) -> list[Standing]:
    rows = [(user_id, count, _decimal(amount)) for user_id, count, amount
            in db.session.execute(query)]
    rows.sort(key=lambda row: (-row[2], -row[1], row[0]))
    rows = rows[:top]
    users = {u.id: u for u in db.session.scalars(
        select(User).where(User.id.in_([row[0] for row in rows])))}
    return [Standing(users[user_id], count, amount)
            for user_id, count, amount in rows if user_id in users]


def _decimal(value) -> Decimal:
    """A sum as money: SQLite may hand back a float, PostgreSQL a Decimal."""
    return Decimal(str(value or 0)).quantize(Decimal("0.01"))


# ---------------------------------------------------------------- shapes


def _person(user: User | None) -> dict | None:
    return {"id": user.id, "name": user.name} if user is not None else None


def _asset_json(viewer: User | None, asset: Asset) -> dict:
    """A credited asset as the viewer may see it: an asset since taken back is a placeholder."""
    shown = asset_ref(viewer, asset)
    if not shown.visible:
        return {"id": None, "title": shown.title, "kind": None, "owner": None, "url": None}
    return {"id": shown.id, "title": shown.title, "kind": shown.kind,
            "owner": _person(asset.owner),
            "url": url_for("assets.detail", asset_id=asset.id, _external=True)}


def win_json(win: Win, viewer: User | None) -> dict:
    """The win for the API, its credited assets as `viewer` may see them."""
    return {
        "id": win.id,
        "account": win.account,
        "market": win.market,
        "amount": float(win.amount),
        "currency": currency(),
        "closed_on": win.closed_on.isoformat(),
        "rep": _person(win.rep),
        "lead_source": win.lead_source,
        "lead_marketer": _person(win.lead_marketer),
        "assets": [_asset_json(viewer, a) for a in win.assets],
        "note": win.note,
        "external_id": win.external_id,
        "created_at": win.created_at.isoformat(),
        "url": url_for("wins.index", _anchor=f"win-{win.id}", _external=True),
    }


def summary_json(result: WinsSummary) -> dict:
    def board(standings: list[Standing]) -> list[dict]:
        return [{"user": _person(s.user), "wins": s.wins, "amount": float(s.amount)}
                for s in standings]

    return {
        "wins": result.wins, "amount": float(result.amount), "currency": currency(),
        "with_content": result.with_content,
        "with_content_amount": float(result.with_content_amount),
        "marketing_sourced": result.marketing_sourced,
        "leaderboards": {"closers": board(result.closers),
                         "content": board(result.content_marketers),
                         "leads": board(result.lead_marketers)},
    }
