"""What a person may learn about an asset: the one rule every title, link and snippet goes through.

Reps may open published assets only; marketing and admins open everything. Anywhere an asset is
mentioned to someone (wins, notifications, emails, feedback lists, insights, feeds, facets), the
mention goes through `asset_ref` so a draft's or archived asset's title never reaches a person
who couldn't open it.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for

from enablement.models import Asset, AssetStatus, Role, User

UNPUBLISHED_TITLE = "an asset no longer published"


def can_open(user: User | None, asset: Asset) -> bool:
    """Whether `user` may open `asset` (None: nobody signed in, e.g. an outgoing email's reader)."""
    if user is not None and user.has_role(Role.MARKETING):
        return True
    return asset.status == AssetStatus.PUBLISHED


@dataclass(frozen=True)
class AssetRef:
    """An asset as `user` may see it mentioned: its title and link, or a placeholder."""

    id: int | None
    title: str
    kind: str | None
    url: str | None  # None when the viewer couldn't open it
    visible: bool


def asset_ref(user: User | None, asset: Asset | None) -> AssetRef:
    if asset is None or not can_open(user, asset):
        return AssetRef(id=None, title=UNPUBLISHED_TITLE, kind=None, url=None, visible=False)
    return AssetRef(id=asset.id, title=asset.title, kind=asset.kind,
                    url=url_for("assets.detail", asset_id=asset.id), visible=True)
