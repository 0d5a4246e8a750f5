"""Wins in the JSON API: the board with its totals, and recording a deal (a CRM's webhook too)."""

from __future__ import annotations

from flask import jsonify, request, url_for
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from enablement.api.common import api_blueprint, json_body, paging
from enablement.api.openapi import register_paths
from enablement.errors import Conflict, NotFound, ValidationError
from enablement.extensions import db
from enablement.models import Role, Win
from enablement.security import role_required
from enablement.wins import board, conflicts, services
from enablement.wins.openapi import document

bp = api_blueprint("wins_api", __name__)
register_paths(document)


@bp.get("/wins")
@role_required(Role.REP)
def list_wins():
    raw = request.args.get("days", "")
    days = None
    if raw:
        if not raw.isdecimal() or not 1 <= int(raw) <= 3660:
            raise ValidationError("Invalid period.", {"days": "Use a whole number of days "
                                                              "from 1 to 3660."})
        days = int(raw)
    page, per_page = paging(default_per_page=50, max_per_page=200)
    since = board.period_start(days)
    found = board.recent_wins(since, limit=per_page, offset=(page - 1) * per_page)
    return jsonify({"items": [board.win_json(w, current_user) for w in found], "page": page,
                    "per_page": per_page, "days": days,
                    "summary": board.summary_json(board.summary(since))})


def _integration() -> bool:
    """Whether the caller is an integration: it signs with an API token, not a browser session.
    (A request bearing a token acts as the token's user only: see auth/views.load_user.)"""
    return request.headers.get("Authorization", "").lower().startswith("bearer ")


@bp.post("/wins")
@role_required(Role.REP)
def record_win():
    """Record a won deal; an integration sending the same deal again gets the first win back,
    and other details under a known external_id are a 409 an admin sees on /wins."""
    body = json_body()
    data = {k: v for k, v in body.items() if k not in ("rep", "lead_marketer")}
    try:
        try:
            win, created = services.record_win(current_user, data, integration=_integration())
            db.session.commit()
        except IntegrityError:
            # The same deal arrived twice at once: the other request stored it first.
            db.session.rollback()
            win, created = services.record_win(current_user, data, integration=_integration())
    except services.ExternalIdConflict as conflict:
        db.session.rollback()
        return _conflict_response(conflict)
    response = jsonify(board.win_json(win, current_user))
    response.headers["Location"] = url_for("wins.index", _anchor=f"win-{win.id}")
    return response, 201 if created else 200


def _conflict_response(conflict: services.ExternalIdConflict):
    """409 naming the win on record; the version sent is kept for an admin to settle."""
    conflicts.note_conflict(current_user, conflict)
    db.session.commit()
    win = conflict.win
    return jsonify({
        "error": {"code": conflict.code, "message": conflict.message, "fields": conflict.fields},
        "win": {"id": win.id, "url": url_for("wins.index", _anchor=f"win-{win.id}",
                                             _external=True)},
    }), 409


@bp.patch("/wins/<int:win_id>")
@role_required(Role.REP)
def update_win(win_id: int):
    """Correct a win: who recorded it, or an admin; only the fields sent change."""
    win = db.session.get(Win, win_id)
    if win is None:
        raise NotFound("We couldn't find that win.")
    data = {k: v for k, v in json_body().items() if k not in ("rep", "lead_marketer")}
    try:
        services.update_win(current_user, win, data, partial=True, integration=_integration())
        db.session.commit()
    except IntegrityError:
        db.session.rollback()  # another win took the external_id in the meantime
        raise Conflict("Another win has that external_id.",
                       {"external_id": "Already the external_id of another win."}) from None
    return jsonify(board.win_json(win, current_user))
