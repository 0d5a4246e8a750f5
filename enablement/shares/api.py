"""Shares in the JSON API: make one (the full buyer link comes back), list, read, change, revoke,
and read what the buyer did (its owner and admins only)."""

from __future__ import annotations

from flask import jsonify, request, url_for
from flask_login import current_user

from enablement.api.common import api_blueprint, json_body, paging
from enablement.api.openapi import register_paths
from enablement.assets.visibility import asset_ref
from enablement.errors import ValidationError
from enablement.extensions import db
from enablement.models import Role, Share, utcnow
from enablement.routing import absolute_url
from enablement.security import role_required
from enablement.shares import activity, services, tokens
from enablement.shares.openapi import document
from enablement.shares.rules import is_shareable
from enablement.web import iso

bp = api_blueprint("shares_api", __name__)
register_paths(document)


def share_json(share: Share, token: str | None = None) -> dict:
    """A share as its owner (or an admin) sees it; an asset they may no longer open is named
    as such (assets/visibility.py), never by its title."""
    token = token or tokens.unseal(share.token_sealed)
    return {
        "id": share.id,
        "url": absolute_url(url_for("buyer.page", token=token)) if token else None,
        "account": share.account,
        "recipient_name": share.recipient_name,
        "recipient_email": share.recipient_email,
        "note": share.note,
        "created_at": iso(share.created_at),
        "expires_at": iso(share.expires_at),
        "expired": share.expires_at <= utcnow(),
        "revoked": share.revoked_at is not None,
        "allow_download": share.allow_download,
        "require_email": share.require_email,
        "passcode": share.passcode_hash is not None,
        "views": share.views or 0,
        "last_activity_at": iso(share.last_activity_at),
        "owner": {"id": share.owner.id, "name": share.owner.name},
        "assets": [{"id": item.asset_id, "title": asset_ref(current_user, item.asset).title,
                    "kind": item.asset.kind, "available": is_shareable(item.asset)}
                   for item in share.items],
    }


@bp.get("/shares")
@role_required(Role.REP)
def list_shares():
    page, per_page = paging()
    scope = request.args.get("scope", "mine")
    if scope not in ("mine", "all") or (scope == "all" and not current_user.has_role(Role.ADMIN)):
        raise ValidationError("Unknown scope.", {"scope": "Use mine (or all, for admins)."})
    everyone = scope == "all"
    items = services.list_shares(current_user, everyone=everyone, limit=per_page,
                                 offset=(page - 1) * per_page)
    return jsonify({"items": [share_json(s) for s in items],
                    "total": services.count_shares(current_user, everyone=everyone),
                    "page": page, "per_page": per_page})


@bp.post("/shares")
@role_required(Role.REP)
def create_share():
    share, token = services.create_share(current_user, json_body())
    db.session.commit()
    response = jsonify(share_json(share, token))
    response.headers["Location"] = url_for("shares_api.get_share", share_id=share.id)
    return response, 201


@bp.get("/shares/<int:share_id>")
@role_required(Role.REP)
def get_share(share_id: int):
    return jsonify(share_json(services.get_share(current_user, share_id)))


@bp.patch("/shares/<int:share_id>")
@role_required(Role.REP)
def change_share(share_id: int):
    share = services.get_share(current_user, share_id)
    body = json_body()
    add = body.pop("add_asset_ids", None)
    remove = body.pop("remove_asset_ids", None)
    services.update_share(current_user, share, body)
    if add is not None:
        services.add_assets(current_user, share, add)
    if remove is not None:
        if not isinstance(remove, list) or not all(isinstance(i, int) for i in remove):
            raise ValidationError("Unknown asset.", {"remove_asset_ids": "A list of ids."})
        for asset_id in remove:
            services.remove_asset(current_user, share, asset_id)
    db.session.commit()
    return jsonify(share_json(share))


@bp.delete("/shares/<int:share_id>")
@role_required(Role.REP)
def revoke_share(share_id: int):
    """Revoking is all a delete does: the activity stays for the rep and for insights."""
    share = services.get_share(current_user, share_id)
    services.update_share(current_user, share, {"revoked": True})
    db.session.commit()
    return "", 204


@bp.get("/shares/<int:share_id>/activity")
@role_required(Role.REP)
def share_activity(share_id: int):
    return jsonify(activity.activity_json(services.get_share(current_user, share_id)))
