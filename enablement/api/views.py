"""JSON API v1: assets, with bearer tokens or the browser session."""

from __future__ import annotations

from flask import current_app, jsonify, request, url_for
from flask_login import current_user

from enablement.api.common import api_blueprint, json_body, paging
from enablement.api.openapi import openapi_document
from enablement.api.serializers import asset_json, search_hit_json
from enablement.assets import attachments as files
from enablement.assets import services
from enablement.assets.kinds import KINDS
from enablement.errors import ValidationError
from enablement.extensions import db
from enablement.models import AssetStatus, Role
from enablement.search import service as search_service
from enablement.search.answer_links import answer_json
from enablement.search.forms import params_from as search_params_from
from enablement.security import public, role_required

bp = api_blueprint("api", __name__)

MAX_PER_PAGE = 100


def _check_status(status) -> None:
    if not isinstance(status, str) or status not in {s.value for s in AssetStatus}:
        raise ValidationError("Unknown status.", {"status": "Use draft, published or archived."})


def _respond(asset, status: int = 200):
    usage = services.usage_for([asset.id])[asset.id]
    return jsonify(asset_json(asset, usage)), status


@bp.get("/assets")
@role_required(Role.REP)
def list_assets():
    page, per_page = paging(max_per_page=MAX_PER_PAGE)
    kind = request.args.get("kind") or None
    if kind and kind not in KINDS:
        raise ValidationError("Unknown kind.", {"kind": f"Use one of {', '.join(KINDS)}."})
    status = request.args.get("status") or None
    if status and status not in {s.value for s in AssetStatus}:
        raise ValidationError("Unknown status.", {"status": "Use draft, published or archived."})
    result = services.list_assets(current_user, kind=kind, market=request.args.get("market"),
                                  status=status, page=page, per_page=per_page)
    usage = services.usage_for([a.id for a in result.items])
    return jsonify({
        "items": [asset_json(a, usage[a.id]) for a in result.items],
        "total": result.total, "page": result.page, "per_page": result.per_page,
    })


@bp.post("/assets")
@role_required(Role.MARKETING)
def create_asset():
    body = json_body()
    kind = body.pop("kind", None)
    status = body.pop("status", AssetStatus.DRAFT)
    if not isinstance(kind, str) or kind not in KINDS:
        raise ValidationError("Unknown kind.", {"kind": f"Use one of {', '.join(KINDS)}."})
    _check_status(status)
    asset = services.create_asset(current_user, kind, body, status=status)
    db.session.commit()
    response, code = _respond(asset, 201)
    response.headers["Location"] = url_for("api.get_asset", asset_id=asset.id)
    return response, code


@bp.get("/assets/<int:asset_id>")
@role_required(Role.REP)
def get_asset(asset_id: int):
    return _respond(services.get_visible_asset(current_user, asset_id))


@bp.patch("/assets/<int:asset_id>")
@role_required(Role.MARKETING)
def update_asset(asset_id: int):
    asset = services.get_visible_asset(current_user, asset_id)
    body = json_body()
    if body.pop("kind", asset.kind) != asset.kind:
        raise ValidationError("The kind of an asset cannot change.",
                              {"kind": "Create a new asset instead."})
    status = body.pop("status", None)
    if status is not None:
        _check_status(status)
    services.edit_asset(current_user, asset, body, status=status, partial=True)
    db.session.commit()
    return _respond(asset)


@bp.delete("/assets/<int:asset_id>")
@role_required(Role.MARKETING)
def delete_asset(asset_id: int):
    asset = services.get_visible_asset(current_user, asset_id)
    stored = services.delete_asset(current_user, asset)
    db.session.commit()
    for name in stored:
        files.delete_stored(current_app.config["UPLOAD_DIR"], name)
    return "", 204


@bp.get("/openapi.json")
@public
def openapi():
    return jsonify(openapi_document())


@bp.get("/search")
@role_required(Role.REP)
def search():
    """The search page's results as JSON: published assets and news, facets, suggestion."""
    params = search_params_from(request.args)
    if not 1 <= params.per_page <= search_service.MAX_PER_PAGE or params.page < 1:
        raise ValidationError("Invalid paging.", {
            "per_page": f"Use a whole number from 1 to {search_service.MAX_PER_PAGE}."})
    found = search_service.search(current_user, params, source="api")
    answers = search_service.ask(params.q) if search_service.wants_answers(params) else []
    if search_service.wants_answers(params):
        search_service.record_answers(current_user, found.log_id, len(answers))
    db.session.commit()
    return jsonify({
        "query": found.query,
        "total": found.total,
        "page": params.page,
        "per_page": params.per_page,
        "results": [search_hit_json(hit) for hit in found.hits],
        "facets": found.facets,
        "suggestion": found.suggestion,
        "corrected_from": found.corrected_from,
        "relaxed": found.relaxed,
        "synonyms": [{"term": term, "also": others} for term, others in found.synonyms],
        # Words taken as filters; pass `literal` back to search them as words instead.
        "understood": [{"filter": d.facet, "value": d.value, "label": d.label, "words": d.words,
                        "literal": d.key} for d in found.understood],
        # The passages that answer a question (or any query with ask=1), best first.
        "answers": [answer_json(answer) for answer in answers],
    })
