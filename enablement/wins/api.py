"""Wins in the JSON API: the board with its totals, and recording a deal (a CRM's webhook too)."""

from __future__ import annotations

from flask import jsonify, request, url_for
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from enablement.api.common import api_blueprint, json_body, paging
from enablement.api.openapi import register_paths
from enablement.errors import ValidationError
from enablement.extensions import db
from enablement.models import Role
from enablement.security import role_required
from enablement.wins import services
from enablement.wins.openapi import document

bp = api_blueprint("wins_api", __name__)
register_paths(document)


@bp.get("/wins")
@role_required(Role.REP)
def list_wins():
    raw = request.args.get("days", "")
    days = None
    if raw:
        if not raw.isdigit() or not 1 <= int(raw) <= 3660:
            raise ValidationError("Invalid period.", {"days": "Use a whole number of days "
                                                              "from 1 to 3660."})
        days = int(raw)
    page, per_page = paging(default_per_page=50, max_per_page=200)
    since = services.period_start(days)
    found = services.recent_wins(since, limit=per_page, offset=(page - 1) * per_page)
    return jsonify({"items": [services.win_json(w, current_user) for w in found], "page": page,
                    "per_page": per_page, "days": days,
                    "summary": services.summary_json(services.summary(since))})


@bp.post("/wins")
@role_required(Role.REP)
def record_win():
    """Record a won deal; a CRM sending the same external_id again gets the first win back."""
    body = json_body()
    data = {k: v for k, v in body.items() if k not in ("rep", "lead_marketer")}
    try:
        win, created = services.record_win(current_user, data)
        db.session.commit()
    except IntegrityError:
        # The same deal arrived twice at once: the other request stored it first.
        db.session.rollback()
        win, created = services.existing_win(body.get("external_id")), False
        if win is None:
            raise
    response = jsonify(services.win_json(win, current_user))
    response.headers["Location"] = url_for("wins.index", _anchor=f"win-{win.id}")
    return response, 201 if created else 200
