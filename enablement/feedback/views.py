"""Feedback in the browser: the form on an asset's page (and its own page without script), and
what the asset page shows of everyone's feedback."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from enablement.assets import services as assets
from enablement.errors import ValidationError
from enablement.extensions import db
from enablement.feedback import services
from enablement.feedback.forms import FeedbackForm
from enablement.models import Asset, Feedback, Role
from enablement.security import role_required
from enablement.web import show_form_errors

bp = Blueprint("feedback", __name__)


@dataclass
class AssetFeedback:
    own: Feedback | None
    form: FeedbackForm
    everyone: list[Feedback] | None  # None: the viewer may not read others' feedback


@bp.app_context_processor
def template_functions() -> dict:
    return {"asset_feedback": asset_feedback}


def asset_feedback(asset: Asset) -> AssetFeedback:
    """The feedback part of an asset's page, for the signed-in user."""
    own = services.own_feedback(current_user, asset)
    readable = services.may_read_feedback(current_user, asset)
    return AssetFeedback(
        own=own,
        form=FeedbackForm(formdata=None, data={"comment": own.comment if own else ""}),
        everyone=services.feedback_on(current_user, asset) if readable else None,
    )


@bp.route("/assets/<int:asset_id>/feedback", methods=["GET", "POST"])
@role_required(Role.REP)
def give(asset_id: int):
    asset = assets.get_visible_asset(current_user, asset_id)
    own = services.own_feedback(current_user, asset)
    form = FeedbackForm() if request.method == "POST" else \
        FeedbackForm(data={"comment": own.comment if own else ""})
    if form.validate_on_submit():
        try:
            services.give_feedback(current_user, asset, form.helpful.data == "yes",
                                   form.comment.data)
        except ValidationError as error:
            db.session.rollback()
            show_form_errors(form, error)
        else:
            db.session.commit()
            flash("Thanks: the asset's owner sees your feedback.", "success")
            return redirect(url_for("assets.detail", asset_id=asset.id, _anchor="feedback"))
    status = 422 if request.method == "POST" else 200
    return render_template("feedback/give.html", asset=asset, form=form, own=own), status
