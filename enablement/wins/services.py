"""Recording won deals and adding them up: who closed them, the assets that helped, who sourced
the lead."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from flask import url_for
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from enablement.assets.visibility import asset_ref
from enablement.errors import ValidationError
from enablement.extensions import db
from enablement.markets import markets
from enablement.models import Asset, AssetStatus, LeadSource, Role, User, Win, WinAsset
from enablement.text import clean_text

ACCOUNT_MAX = 200
NOTE_MAX = 2000
EXTERNAL_ID_MAX = 100
ASSETS_MAX = 20
AMOUNT_MAX = Decimal("999999999999.99")  # Numeric(14, 2)
LEAD_SOURCES = tuple(s.value for s in LeadSource)
LEAD_SOURCE_LABELS = {"marketing": "Marketing", "sales": "Sales (self-sourced)",
                      "partner": "Partner", "other": "Other"}


# ---------------------------------------------------------------- recording


def existing_win(external_id) -> Win | None:
    """The win a CRM already sent with this deal id, if any."""
    if not isinstance(external_id, str) or not external_id.strip():
        return None
    return db.session.scalar(select(Win).where(Win.external_id == external_id.strip()))


def record_win(actor: User, data: dict) -> tuple[Win, bool]:
    """Record a won deal; with a CRM's `external_id` seen before, return that win unchanged.

    `data` holds account, market, amount, closed_on, asset_ids, lead_source, note, external_id,
    and who: `rep` / `lead_marketer` (users) or `rep_email` / `lead_marketer_email`.
    Returns the win and whether it is new.
    """
    found = existing_win(data.get("external_id"))
    if found is not None:
        return found, False
    cleaned = clean_win(actor, data)
    win = Win(recorded_by_id=actor.id, **{k: v for k, v in cleaned.items() if k != "assets"})
    win.assets = cleaned["assets"]
    db.session.add(win)
    db.session.flush()
    return win, True


def clean_win(actor: User, data: dict) -> dict[str, Any]:
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {}

    def check(name, function, *args):
        try:
            return function(*args)
        except ValueError as error:
            errors[name] = str(error)
            return None

    cleaned["account"] = check("account", clean_text, data.get("account"), "The account",
                               ACCOUNT_MAX, True)
    if "account" not in errors and not cleaned["account"]:
        errors["account"] = "Name the account you won."
    cleaned["market"] = check("market", _market, data.get("market"))
    cleaned["amount"] = check("amount", _amount, data.get("amount"))
    cleaned["closed_on"] = check("closed_on", _closed_on, data.get("closed_on"))
    cleaned["note"] = check("note", clean_text, data.get("note"), "The note", NOTE_MAX, False)
    cleaned["external_id"] = check("external_id", clean_text, data.get("external_id"),
                                   "The external id", EXTERNAL_ID_MAX, True) or None
    cleaned["assets"] = check("asset_ids", _assets, data.get("asset_ids"))
    rep = check("rep_email", _rep, actor, data)
    cleaned["rep_id"] = rep.id if rep else None
    source, marketer = (check("lead_source", _lead, data) or (None, None))
    cleaned["lead_source"] = source
    cleaned["lead_marketer_id"] = marketer.id if marketer else None
    if errors:
        raise ValidationError("The win needs a little more.", errors)
    return cleaned


def _market(value) -> str | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str) or value not in markets():
        raise ValueError(f"Unknown market. Markets are: {', '.join(markets())}.")
    return value


def _amount(value) -> Decimal:
    if value is None or value == "":
        raise ValueError("Give the deal's amount, e.g. 48000.")
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError("The amount is a number, e.g. 48000 or 48000.50.")
    text = str(value).strip().replace(",", "").replace("_", "")
    text = text[1:] if text[:1] in "$€£" else text
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError("The amount is a number, e.g. 48000 or 48000.50.") from None
    if not amount.is_finite() or amount < 0:
        raise ValueError("The amount is a positive number.")
    if amount > AMOUNT_MAX:
        raise ValueError("That amount is too large.")
    return amount.quantize(Decimal("0.01"))


def _closed_on(value) -> date:
    if value in (None, ""):
        return date.today()
    if isinstance(value, date):
        parsed = value
    else:
        try:
            parsed = date.fromisoformat(str(value).strip()[:10]) if isinstance(value, str) \
                else None
        except ValueError:
            parsed = None
        if parsed is None:
            raise ValueError("Use a date like 2026-03-31.")
    if parsed > date.today() + timedelta(days=1):  # a day of slack for time zones
        raise ValueError("A deal is won when it closes: that date is in the future.")
    if parsed.year < 2000:
        raise ValueError("That date is too long ago.")
    return parsed


def _assets(value) -> list[Asset]:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        value = [v for v in value.split(",") if v.strip()]
    if not isinstance(value, list | tuple):
        raise ValueError("A list of asset ids, e.g. [12, 40].")
    ids: list[int] = []
    for item in value:
        if isinstance(item, str) and item.strip().isdigit():
            item = int(item)
        if isinstance(item, bool) or not isinstance(item, int):
            raise ValueError("A list of asset ids, e.g. [12, 40].")
        if item not in ids:
            ids.append(item)
    if len(ids) > ASSETS_MAX:
        raise ValueError(f"At most {ASSETS_MAX} assets.")
    found = {a.id: a for a in db.session.scalars(select(Asset).where(Asset.id.in_(ids)))}
    bad = [i for i in ids if i not in found or found[i].status != AssetStatus.PUBLISHED]
    if bad:
        raise ValueError("Only published assets can be credited: "
                         f"{', '.join(map(str, bad))} {'is' if len(bad) == 1 else 'are'} not.")
    return [found[i] for i in ids]


def _user_by(value, by_email: bool) -> User | None:
    if by_email:
        if not isinstance(value, str):
            return None
        return db.session.scalar(
            select(User).where(func.lower(User.email) == value.strip().lower())
        )
    if isinstance(value, User):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    return db.session.get(User, value) if isinstance(value, int) \
        and not isinstance(value, bool) else None


def _rep(actor: User, data: dict) -> User:
    """Who closed the deal: the actor, unless marketing records it for someone else."""
    if data.get("rep_email") not in (None, ""):
        rep = _user_by(data["rep_email"], by_email=True)
    elif data.get("rep") not in (None, ""):
        rep = _user_by(data["rep"], by_email=False)
    else:
        return actor
    if rep is None or not rep.active:
        raise ValueError("No one in the hub has that email.")
    if rep.id != actor.id and not actor.has_role(Role.MARKETING):
        raise ValueError("Record your own wins; marketing can record them for others.")
    return rep


def _lead(data: dict) -> tuple[str, User | None]:
    """Who sourced the lead, and the marketer who generated it when marketing did."""
    by_email = data.get("lead_marketer_email") not in (None, "")
    named = by_email or data.get("lead_marketer") not in (None, "")
    source = data.get("lead_source") or None
    if source is None:
        source = LeadSource.MARKETING.value if named else LeadSource.SALES.value
    if source not in LEAD_SOURCES:
        raise ValueError(f"Use one of: {', '.join(LEAD_SOURCES)}.")
    if not named:
        return source, None
    marketer = _user_by(data["lead_marketer_email" if by_email else "lead_marketer"], by_email)
    if marketer is None or not marketer.active or not marketer.has_role(Role.MARKETING):
        raise ValueError("The lead's marketer must be someone in marketing.")
    if source != LeadSource.MARKETING:
        raise ValueError("Only a lead marketing sourced names a marketer.")
    return source, marketer


# ---------------------------------------------------------------- reading


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


def creditable_assets(limit: int = 500) -> list[Asset]:
    """The published assets a rep can credit, by title."""
    return list(db.session.scalars(
        select(Asset).where(Asset.status == AssetStatus.PUBLISHED)
        .order_by(func.lower(Asset.title)).limit(limit)
    ))


def marketers() -> list[User]:
    return list(db.session.scalars(
        select(User).where(User.role.in_([Role.MARKETING.value, Role.ADMIN.value]),
                           User.active.is_(True)).order_by(func.lower(User.name))
    ))


def active_users() -> list[User]:
    return list(db.session.scalars(
        select(User).where(User.active.is_(True)).order_by(func.lower(User.name))
    ))


# ---------------------------------------------------------------- shapes


def money(amount: Decimal | float | int) -> str:
    """12500 → "12,500"; 12500.5 → "12,500.50" (the hub has no currency setting)."""
    amount = Decimal(amount)
    if amount == amount.to_integral_value():
        return f"{amount:,.0f}"
    return f"{amount:,.2f}"


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
        "wins": result.wins, "amount": float(result.amount),
        "with_content": result.with_content,
        "with_content_amount": float(result.with_content_amount),
        "marketing_sourced": result.marketing_sourced,
        "leaderboards": {"closers": board(result.closers),
                         "content": board(result.content_marketers),
                         "leads": board(result.lead_marketers)},
    }
