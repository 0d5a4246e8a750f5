"""What the asset page shows from insights, built for the signed-in user.

The asset page belongs to the assets blueprint; templates call these helpers (registered as
template functions by the insights blueprint) so assets need not know about insights.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import request
from flask_login import current_user

from enablement.insights import feedback as feedback_service
from enablement.insights import render, wins
from enablement.insights.forms import FeedbackForm, MergeForm
from enablement.models import Asset, AssetKind, Feedback, User, Win


@dataclass
class MergeField:
    name: str
    label: str
    value: str
    error: str = ""


@dataclass
class MergePanel:
    """An email template's merge fields with the rep's values, and the email they make."""

    fields: list[MergeField]
    email: render.RenderedEmail
    subject_template: str
    body_template: str
    form: MergeForm

    @property
    def missing_labels(self) -> list[str]:
        return [render.field_label(name) for name in self.email.missing]


def merge_panel(user: User, asset: Asset, values: dict[str, str] | None = None,
                errors: dict[str, str] | None = None, market: str | None = None) -> MergePanel:
    """The personalisation panel: `values` as typed, or what the hub can fill in for the rep."""
    subject, body = render.template_parts(asset)
    if values is None:
        values = render.defaults(user, asset, market)
    names = render.placeholders(subject, body)
    errors = errors or {}
    fields = [MergeField(name, render.field_label(name), values.get(name, ""),
                         errors.get(f"fields.{name}", "")) for name in names]
    safe_values = {k: v for k, v in values.items() if f"fields.{k}" not in errors}
    return MergePanel(fields, render.render_email(asset, safe_values), subject, body,
                      MergeForm(formdata=None))


@dataclass
class AssetPanel:
    merge: MergePanel | None
    own_feedback: Feedback | None
    feedback_form: FeedbackForm
    feedback: list[Feedback] | None  # None: the viewer may not read others' feedback
    wins: list[Win]


def asset_panel(asset: Asset) -> AssetPanel:
    """Everything insights adds to an asset's page for the signed-in user."""
    user = current_user
    merge = None
    if asset.kind == AssetKind.EMAIL_TEMPLATE:
        merge = merge_panel(user, asset, market=request.args.get("market"))
    own = feedback_service.own_feedback(user, asset)
    form = FeedbackForm(formdata=None, data={"comment": own.comment if own else ""})
    readable = feedback_service.may_read_feedback(user, asset)
    return AssetPanel(
        merge=merge,
        own_feedback=own,
        feedback_form=form,
        feedback=feedback_service.feedback_on(user, asset) if readable else None,
        wins=wins.recent_wins(asset_id=asset.id, limit=10),
    )


def template_functions() -> dict:
    return {"asset_insights": asset_panel, "money": wins.money}
