"""What the asset page shows from insights, built for the signed-in user.

The asset page belongs to the assets blueprint; templates call these helpers (registered as
template functions by the insights blueprint) so assets need not know about insights.
"""

from __future__ import annotations

from dataclasses import dataclass

from enablement.insights import wins
from enablement.models import Asset, Win


@dataclass
class AssetPanel:
    wins: list[Win]


def asset_panel(asset: Asset) -> AssetPanel:
    """Everything insights adds to an asset's page for the signed-in user."""
    return AssetPanel(wins=wins.recent_wins(asset_id=asset.id, limit=10))


def template_functions() -> dict:
    return {"asset_insights": asset_panel, "money": wins.money}
