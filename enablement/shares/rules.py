"""Which assets may leave the company: the one rule every way of sharing goes through."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from enablement.extensions import db
from enablement.models import Asset, AssetKind, AssetStatus


def share_refusal(asset: Asset) -> str | None:
    """Why `asset` can't be put in front of a buyer, or None when it can.

    The same rule decides what a share may hold and what its buyer page still shows: an asset
    archived, unpublished or marked internal after it was shared is "no longer available".
    """
    if asset.status != AssetStatus.PUBLISHED:
        return "Only published assets can be shared."
    if asset.internal_only:
        return "Marketing marked this asset internal only."
    if asset.kind == AssetKind.EMAIL_TEMPLATE:
        return "Email templates are for your own emails: they can't be shared."
    if asset.kind == AssetKind.TESTIMONIAL and not (asset.details or {}).get("permission"):
        return "We don't have permission to use this testimonial publicly."
    return None


def is_shareable(asset: Asset) -> bool:
    return share_refusal(asset) is None


def shareable_ids(asset_ids: Iterable[int]) -> set[int]:
    """Which of `asset_ids` may be shared, in one query (a page of search results)."""
    wanted = set(asset_ids)
    if not wanted:
        return set()
    assets = db.session.scalars(select(Asset).where(Asset.id.in_(wanted)))
    return {asset.id for asset in assets if is_shareable(asset)}
