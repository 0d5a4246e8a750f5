"""Feedback in the JSON API: read an asset's feedback, give or change your own."""

from __future__ import annotations

from flask import jsonify
from flask_login import current_user

from enablement.api.common import api_blueprint, json_body
from enablement.api.openapi import register_paths
from enablement.assets import services as assets
from enablement.assets.usage import usage_for
from enablement.extensions import db
from enablement.feedback import services
from enablement.feedback.openapi import document
from enablement.models import Role
from enablement.security import role_required

bp = api_blueprint("feedback_api", __name__)
register_paths(document)


@bp.get("/assets/<int:asset_id>/feedback")
@role_required(Role.REP)
def list_feedback(asset_id: int):
    asset = assets.get_visible_asset(current_user, asset_id)
    if services.may_read_feedback(current_user, asset):
        items = services.feedback_on(current_user, asset)
    else:
        own = services.own_feedback(current_user, asset)
        items = [own] if own else []
    usage = usage_for([asset.id])[asset.id]
    return jsonify({"items": [services.feedback_json(f) for f in items],
                    "helpful": usage["helpful"], "not_helpful": usage["not_helpful"]})


@bp.post("/assets/<int:asset_id>/feedback")
@role_required(Role.REP)
def give_feedback(asset_id: int):
    asset = assets.get_visible_asset(current_user, asset_id)
    body = json_body()
    feedback, created = services.give_feedback(current_user, asset, body.get("helpful"),
                                               body.get("comment"))
    db.session.commit()
    return jsonify(services.feedback_json(feedback)), 201 if created else 200
