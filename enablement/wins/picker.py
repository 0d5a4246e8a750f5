"""The win form's "assets that helped": what is chosen, the person's recently used, then every
other published asset, each as the person may see it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select

from enablement.assets.visibility import asset_ref
from enablement.extensions import db
from enablement.models import Asset, AssetStatus, UsageEvent, User, Win, WinAsset, utcnow
from enablement.models.base import as_id
from enablement.wins.services import ASSETS_MAX

PICKER_MAX = 1000  # published assets listed in the form; more are named as left out
RECENT_MAX = 8
RECENT_DAYS = 180


def creditable_assets(limit: int = PICKER_MAX) -> list[Asset]:
    """The published assets a rep can credit, by title."""
    return list(db.session.scalars(
        select(Asset).where(Asset.status == AssetStatus.PUBLISHED)
        .order_by(func.lower(Asset.title), Asset.id).limit(limit)
    ))


def recently_used(user: User, limit: int = RECENT_MAX) -> list[Asset]:
    """The published assets `user` opened, copied, downloaded or credited lately, latest first."""
    since = utcnow() - timedelta(days=RECENT_DAYS)
    used = (select(UsageEvent.asset_id.label("asset_id"),
                   func.max(UsageEvent.created_at).label("at"))
            .where(UsageEvent.user_id == user.id, UsageEvent.created_at >= since)
            .group_by(UsageEvent.asset_id))
    credited = (select(WinAsset.asset_id.label("asset_id"), func.max(Win.created_at).label("at"))
                .join(Win, Win.id == WinAsset.win_id)
                .where((Win.recorded_by_id == user.id) | (Win.rep_id == user.id),
                       Win.created_at >= since)
                .group_by(WinAsset.asset_id))
    both = used.union_all(credited).subquery()
    latest = (select(both.c.asset_id, func.max(both.c.at).label("at"))
              .group_by(both.c.asset_id).subquery())
    return list(db.session.scalars(
        select(Asset).join(latest, latest.c.asset_id == Asset.id)
        .where(Asset.status == AssetStatus.PUBLISHED)
        .order_by(latest.c.at.desc(), Asset.id).limit(limit)))


@dataclass
class PickerItem:
    value: str  # the asset's id, as the form sends it
    title: str
    kind: str | None
    status: str | None = None  # shown when not published (marketing correcting a win)
    checked: bool = False


@dataclass
class PickerGroup:
    label: str
    items: list[PickerItem]


@dataclass
class Picker:
    groups: list[PickerGroup]
    total: int  # published assets there are
    listed: int  # of those, in the form
    most: int = ASSETS_MAX  # how many one win may credit


def picker(user: User, chosen: list[str]) -> Picker:
    """The form's "assets that helped": what is chosen first (never dropped, even when it is no
    longer published: it shows as asset_ref lets `user` see it), then `user`'s recently used,
    then every other published asset by title."""
    ids = [i for i in dict.fromkeys(as_id(str(v)) for v in chosen or []) if i is not None]
    ids = ids[:ASSETS_MAX * 5]
    found = {a.id: a for a in db.session.scalars(select(Asset).where(Asset.id.in_(ids)))}
    picked = []
    for asset_id in ids:
        shown = asset_ref(user, found.get(asset_id))
        asset = found.get(asset_id)
        picked.append(PickerItem(
            str(asset_id), shown.title, shown.kind, checked=True,
            status=asset.status if shown.visible and asset.status != AssetStatus.PUBLISHED
            else None))
    recent = [a for a in recently_used(user) if a.id not in found]
    seen = set(ids) | {a.id for a in recent}
    listed = creditable_assets()
    rest = [a for a in listed if a.id not in seen]
    groups = [PickerGroup("Chosen", picked),
              PickerGroup("Recently used by you", [PickerItem(str(a.id), a.title, a.kind)
                                                   for a in recent]),
              PickerGroup("Other published assets" if picked or recent
                          else "Published assets",
                          [PickerItem(str(a.id), a.title, a.kind) for a in rest])]
    total = db.session.scalar(select(func.count()).select_from(Asset)
                              .where(Asset.status == AssetStatus.PUBLISHED)) or 0
    return Picker([g for g in groups if g.items], total=total, listed=len(listed))
