"""What the asset page shows from insights, built for the signed-in user.

The asset page belongs to the assets blueprint; templates call these helpers (registered as
template functions by the insights blueprint) so assets need not know about insights.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_login import current_user

from enablement.insights import feedback as feedback_service
from enablement.insights import wins
from enablement.insights.forms import FeedbackForm
from enablement.models import Asset, Feedback, Win


@dataclass
class AssetPanel:
    own_feedback: Feedback | None
    feedback_form: FeedbackForm
    feedback: list[Feedback] | None  # None: the viewer may not read others' feedback
    wins: list[Win]


def asset_panel(asset: Asset) -> AssetPanel:
    """Everything insights adds to an asset's page for the signed-in user."""
    user = current_user
    own = feedback_service.own_feedback(user, asset)
    form = FeedbackForm(formdata=None, data={"comment": own.comment if own else ""})
    readable = feedback_service.may_read_feedback(user, asset)
    return AssetPanel(
        own_feedback=own,
        feedback_form=form,
        feedback=feedback_service.feedback_on(user, asset) if readable else None,
        wins=wins.recent_wins(asset_id=asset.id, limit=10),
    )


def template_functions() -> dict:
    return {"asset_insights": asset_panel, "money": wins.money}
