"""The asset page's JSON routes: an email template filled in, and a copy counted."""

from __future__ import annotations

from flask import jsonify
from flask_login import current_user

from enablement.api.common import api_blueprint, json_body
from enablement.api.openapi import register_paths
from enablement.assets import personalise, services
from enablement.assets.openapi import document
from enablement.assets.usage import record_usage
from enablement.extensions import db
from enablement.models import Role
from enablement.security import role_required

bp = api_blueprint("assets_api", __name__)
register_paths(document)


@bp.post("/assets/<int:asset_id>/render")
@role_required(Role.REP)
def render_asset(asset_id: int):
    asset = services.get_visible_asset(current_user, asset_id)
    body = json_body()
    market = body.get("market")
    rendered = personalise.render_for(current_user, asset, body.get("fields"),
                                      market if isinstance(market, str) else None)
    return jsonify(rendered.as_json())


@bp.post("/assets/<int:asset_id>/copies")
@role_required(Role.REP)
def record_copy(asset_id: int):
    """The asset page's copy buttons call this: one insert, nothing to read back."""
    asset = services.get_visible_asset(current_user, asset_id)
    record_usage(current_user, asset, "copies")
    db.session.commit()
    return "", 204
