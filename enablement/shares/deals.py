"""What buyers read in the deals a rep wins: a win credits the assets the buyer actually spent
time on in the rep's shares with that account, beside the assets the rep names."""

from __future__ import annotations

from sqlalchemy import func, select

from enablement.extensions import db
from enablement.models import Asset, AssetStatus, Share, ShareDwell, ShareVisit


def same_account(account: str):
    """Share.account equal to `account`, ignoring case and surrounding spaces."""
    return func.lower(func.trim(Share.account)) == account.strip().lower()


def assets_buyers_read(rep_id: int | None, account: str) -> list[Asset]:
    """Published assets a buyer read (any counted time) in `rep_id`'s shares with `account`."""
    if not rep_id or not (account or "").strip():
        return []
    read = (select(ShareDwell.asset_id)
            .join(ShareVisit, ShareVisit.id == ShareDwell.visit_id)
            .join(Share, Share.id == ShareVisit.share_id)
            .where(Share.owner_id == rep_id, same_account(account), ShareDwell.ms > 0))
    return list(db.session.scalars(
        select(Asset).where(Asset.id.in_(read), Asset.status == AssetStatus.PUBLISHED)
        .order_by(Asset.id)))


def share_accounts(rep_id: int, limit: int = 50) -> list[str]:
    """The accounts of `rep_id`'s shares, most recently active first: what the win form
    suggests, since a win with one of them credits what its buyers read."""
    rows = db.session.execute(
        select(Share.account, func.max(func.coalesce(Share.last_activity_at, Share.created_at)))
        .where(Share.owner_id == rep_id).group_by(Share.account)
        .order_by(func.max(func.coalesce(Share.last_activity_at, Share.created_at)).desc())
        .limit(limit)).all()
    return [account for account, _ in rows]
