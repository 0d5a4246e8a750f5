"""Content requests in the JSON API: ask, list, read, comment, and marketing's owner, expected
date, link, status and draft."""

from __future__ import annotations

from flask import jsonify, request, url_for
from flask_login import current_user

from enablement.api.common import api_blueprint, json_body, paging
from enablement.api.openapi import register_paths
from enablement.errors import ValidationError
from enablement.extensions import db
from enablement.models import Role
from enablement.requests import services
from enablement.requests.openapi import document
from enablement.security import role_required

bp = api_blueprint("requests_api", __name__)
register_paths(document)


@bp.get("/requests")
@role_required(Role.REP)
def list_requests():
    page, per_page = paging()
    status = request.args.get("status") or None
    if status and status not in services.STATUSES:
        raise ValidationError("Unknown status.", {"status": f"Use {services.STATUS_CHOICES}."})
    scope = request.args.get("scope", "mine")
    if scope not in ("mine", "all"):
        raise ValidationError("Unknown scope.", {"scope": "Use mine or all (marketing)."})
    mine = scope == "mine"
    items = services.visible_requests(current_user, status, mine=mine, limit=per_page,
                                              offset=(page - 1) * per_page)
    return jsonify({
        "items": [services.request_json(r, current_user) for r in items],
        "total": services.count_requests(current_user, status, mine=mine),
        "page": page, "per_page": per_page,
    })


@bp.post("/requests")
@role_required(Role.REP)
def create_request():
    body = json_body()
    content_request = services.create_request(
        current_user, body.get("text"), body.get("market"), body.get("kind"),
        body.get("search_query"))
    db.session.commit()
    response = jsonify(services.request_json(content_request, current_user))
    response.headers["Location"] = url_for("requests_api.get_request",
                                           request_id=content_request.id)
    return response, 201


@bp.get("/requests/<int:request_id>")
@role_required(Role.REP)
def get_request(request_id: int):
    content_request = services.get_request(current_user, request_id)
    return jsonify(services.request_json(content_request, current_user, comments=True))


CHANGEABLE = ("status", "asset_id", "owner_id", "expected_on", "draft_confirmed")


@bp.patch("/requests/<int:request_id>")
@role_required(Role.MARKETING)
def change_request(request_id: int):
    content_request = services.get_request(current_user, request_id)
    body = json_body()
    unknown = {name: "Unknown field." for name in body if name not in CHANGEABLE}
    if unknown:
        raise ValidationError(f"Only {', '.join(CHANGEABLE)} can change.", unknown)
    if "draft_confirmed" in body and body["draft_confirmed"] is not True:
        raise ValidationError("Confirm with true.", {
            "draft_confirmed": "Send true once the draft's real content is written."})
    if "owner_id" in body:
        services.set_owner(current_user, content_request, body["owner_id"])
    if "expected_on" in body:
        services.set_expected_on(current_user, content_request, body["expected_on"])
    if "asset_id" in body:
        services.link_asset(current_user, content_request, body["asset_id"])
    if "draft_confirmed" in body:
        services.confirm_draft(current_user, content_request)
    if "status" in body:
        services.set_status(current_user, content_request, body["status"])
    db.session.commit()
    return jsonify(services.request_json(content_request, current_user, comments=True))


@bp.post("/requests/<int:request_id>/comments")
@role_required(Role.REP)
def comment_on_request(request_id: int):
    content_request = services.get_request(current_user, request_id)
    body = json_body()
    unknown = {name: "Unknown field." for name in body if name != "body"}
    if unknown:
        raise ValidationError("Only body can be sent.", unknown)
    comment = services.add_comment(current_user, content_request, body.get("body"))
    db.session.commit()
    response = jsonify(services.comment_json(comment, content_request))
    response.headers["Location"] = url_for("requests_api.get_request", request_id=request_id)
    return response, 201


@bp.post("/requests/<int:request_id>/draft")
@role_required(Role.MARKETING)
def draft_for_request(request_id: int):
    content_request = services.get_request(current_user, request_id)
    body = json_body()
    kind = body.get("kind")
    if kind is not None and not isinstance(kind, str):
        raise ValidationError("Unknown kind.", {"kind": "Use a kind's slug."})
    asset = services.start_draft(current_user, content_request, kind)
    db.session.commit()
    response = jsonify(services.request_json(content_request, current_user, comments=True))
    response.headers["Location"] = url_for("api.get_asset", asset_id=asset.id)
    return response, 201
