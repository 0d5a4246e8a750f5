"""Your notifications in the JSON API: read them, and mark them read (as opening the page does)."""

from __future__ import annotations

from flask import jsonify
from flask_login import current_user

from enablement.api.common import api_blueprint
from enablement.api.openapi import (
    AUTH_ERRORS,
    DATE_TIME,
    error_response,
    ok_response,
    register_paths,
)
from enablement.extensions import db
from enablement.models import Role
from enablement.notifications import services
from enablement.routing import absolute_url
from enablement.security import role_required
from enablement.web import iso

bp = api_blueprint("notifications_api", __name__)


def _shown_json(shown: services.Shown) -> dict:
    note = shown.note
    url = shown.url
    return {"id": note.id, "message": shown.message,
            "url": absolute_url(url) if url.startswith("/") else (url or None),
            "created_at": iso(note.created_at), "read": note.read_at is not None}


@bp.get("/notifications")
@role_required(Role.REP)
def list_notifications():
    """The newest 50, as the notifications page shows them; reading them doesn't mark them."""
    notes = services.recent(current_user)
    return jsonify({"items": [_shown_json(s) for s in services.as_seen_by(current_user, notes)],
                    "unread": services.unread_count(current_user)})


@bp.post("/notifications/read")
@role_required(Role.REP)
def mark_read():
    marked = services.mark_all_read(current_user)
    db.session.commit()
    return jsonify({"marked": marked, "unread": 0})


def document() -> dict:
    item = {"type": "object", "additionalProperties": False,
            "required": ["id", "message", "url", "created_at", "read"], "properties": {
                "id": {"type": "integer"}, "message": {"type": "string"},
                "url": {"type": ["string", "null"], "format": "uri",
                        "description": "What it is about; null when that is no longer yours "
                                       "to open (e.g. an asset back in draft)."},
                "created_at": DATE_TIME, "read": {"type": "boolean"}}}
    return {"paths": {
        "/notifications": {"get": {
            "summary": "What the hub told you, newest first (the 50 latest)",
            "responses": {"200": ok_response("Your notifications.", "NotificationList"),
                          **AUTH_ERRORS}}},
        "/notifications/read": {"post": {
            "summary": "Mark all your notifications read",
            "responses": {"200": ok_response("How many were unread.", "NotificationsRead"),
                          "400": error_response("A browser session without its CSRF token."),
                          **AUTH_ERRORS}}},
    }, "schemas": {
        "Notification": item,
        "NotificationList": {"type": "object", "additionalProperties": False,
                             "required": ["items", "unread"], "properties": {
                                 "items": {"type": "array", "items": {
                                     "$ref": "#/components/schemas/Notification"}},
                                 "unread": {"type": "integer", "minimum": 0}}},
        "NotificationsRead": {"type": "object", "additionalProperties": False,
                              "required": ["marked", "unread"], "properties": {
                                  "marked": {"type": "integer", "minimum": 0},
                                  "unread": {"type": "integer", "const": 0}}},
    }}


register_paths(document)
