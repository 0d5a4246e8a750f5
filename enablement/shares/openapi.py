"""Shares' part of the OpenAPI document, with the limits the service enforces."""

from __future__ import annotations

from enablement.api.openapi import (
    AUTH_ERRORS,
    DATE_TIME,
    INVALID,
    PAGING,
    PERSON,
    error_response,
    id_parameter,
    json_operation,
    ok_response,
)
from enablement.shares.services import (
    ACCOUNT_MAX,
    ASSETS_MAX,
    EMAIL_MAX,
    EXPIRY_DEFAULT_DAYS,
    EXPIRY_MAX_DAYS,
    NOTE_MAX,
    PASSCODE_MAX,
    PASSCODE_MIN,
    RECIPIENT_NAME_MAX,
)

SHARE_ID = id_parameter("share_id")
NOT_YOURS = "No such share, or not yours (only its owner and admins see a share)."


def _paths() -> dict:
    return {
        "/shares": {
            "get": {
                "summary": "Your shares, the latest buyer activity first",
                "parameters": [
                    {"name": "scope", "in": "query",
                     "schema": {"type": "string", "enum": ["mine", "all"], "default": "mine"},
                     "description": "`all`: everyone's (admins)."}, *PAGING],
                "responses": {"200": ok_response("A page of shares.", "SharePage"),
                              "422": error_response("Invalid scope or paging."), **AUTH_ERRORS},
            },
            "post": json_operation(
                "Share published assets with a buyer", "ShareInput",
                {"201": ok_response("The share; `url` is the buyer link.", "Share")},
                {"422": "Invalid fields, named in `fields`; an asset that may not be shared "
                        "(draft, archived, internal only, an email template, a testimonial "
                        "without public permission) names `asset_ids`."}),
        },
        "/shares/{share_id}": {
            "parameters": [SHARE_ID],
            "get": {"summary": "One of your shares",
                    "responses": {"200": ok_response("The share.", "Share"),
                                  "404": error_response(NOT_YOURS), **AUTH_ERRORS}},
            "patch": json_operation(
                "Change, extend or revoke a share", "ShareChange",
                {"200": ok_response("The changed share.", "Share")},
                {"404": NOT_YOURS, "422": INVALID},
                description="`expires_in_days` counts from today. `revoked: true` ends the link "
                            "for good. `passcode: \"\"` removes the passcode."),
            "delete": {"summary": "Revoke a share (its activity is kept)",
                       "responses": {"204": {"description": "Revoked."},
                                     "404": error_response(NOT_YOURS), **AUTH_ERRORS}},
        },
        "/shares/{share_id}/activity": {
            "parameters": [SHARE_ID],
            "get": {
                "summary": "What the buyer read: views, visitors, time per asset and PDF page",
                "description": "A view counts only once the buyer page's own script reported "
                               "it visible for 2 seconds: link previews, mail scanners and "
                               "HEAD requests never count.",
                "responses": {"200": ok_response("The activity.", "ShareActivity"),
                              "404": error_response(NOT_YOURS), **AUTH_ERRORS}},
        },
    }


def _fields() -> dict:
    return {
        "account": {"type": "string", "minLength": 1, "maxLength": ACCOUNT_MAX},
        "recipient_name": {"type": "string", "maxLength": RECIPIENT_NAME_MAX},
        "recipient_email": {"type": "string", "format": "email", "maxLength": EMAIL_MAX},
        "note": {"type": "string", "maxLength": NOTE_MAX, "description": "Markdown."},
        "expires_in_days": {"type": "integer", "minimum": 1, "maximum": EXPIRY_MAX_DAYS,
                            "default": EXPIRY_DEFAULT_DAYS},
        "allow_download": {"type": "boolean", "default": False},
        "passcode": {"type": "string", "minLength": PASSCODE_MIN, "maxLength": PASSCODE_MAX},
        "require_email": {"type": "boolean", "default": False},
    }


def _schemas() -> dict:
    ids = {"type": "array", "items": {"type": "integer"}, "maxItems": ASSETS_MAX}
    seconds_pages = {"type": "array", "items": {"type": "object", "properties": {
        "page": {"type": "integer"}, "seconds": {"type": "number"}}}}
    return {
        "ShareInput": {"type": "object", "required": ["asset_ids", "account"],
                       "additionalProperties": False,
                       "properties": {"asset_ids": {**ids, "minItems": 1}, **_fields()}},
        "ShareChange": {"type": "object", "additionalProperties": False, "properties": {
            **_fields(), "passcode": {"type": "string", "maxLength": PASSCODE_MAX},
            "revoked": {"const": True}, "add_asset_ids": ids, "remove_asset_ids": ids}},
        "Share": {"type": "object", "properties": {
            "id": {"type": "integer"},
            "url": {"type": ["string", "null"], "format": "uri",
                    "description": "The buyer link (null if the hub's SECRET_KEY changed)."},
            **{k: v for k, v in _fields().items() if k != "passcode"},
            "passcode": {"type": "boolean", "description": "Whether one is set."},
            "created_at": DATE_TIME, "expires_at": DATE_TIME,
            "expired": {"type": "boolean"}, "revoked": {"type": "boolean"},
            "views": {"type": "integer"},
            "last_activity_at": {"type": ["string", "null"], "format": "date-time"},
            "owner": PERSON,
            "assets": {"type": "array", "items": {"type": "object", "properties": {
                "id": {"type": "integer"}, "title": {"type": "string"},
                "kind": {"type": "string"},
                "available": {"type": "boolean",
                              "description": "false once archived, unpublished or marked "
                                             "internal: the buyer sees it as no longer "
                                             "available."}}}}}},
        "SharePage": {"type": "object", "properties": {
            "items": {"type": "array", "items": {"$ref": "#/components/schemas/Share"}},
            "total": {"type": "integer"}, "page": {"type": "integer"},
            "per_page": {"type": "integer"}}},
        "ShareActivity": {"type": "object", "properties": {
            "views": {"type": "integer"}, "visitors": {"type": "integer"},
            "downloads": {"type": "integer"},
            "assets": {"type": "array", "items": {"type": "object", "properties": {
                "asset_id": {"type": "integer"}, "views": {"type": "integer"},
                "seconds": {"type": "number"}, "pages": seconds_pages}}},
            "events": {"type": "array", "description": "Newest first.", "items": {
                "type": "object", "properties": {
                    "type": {"type": "string", "enum": ["view", "download"]},
                    "at": DATE_TIME,
                    "visitor": {"type": "string",
                                "description": "Their email when the share asked for it, "
                                               "else \"new visitor\"."},
                    "seconds": {"type": "number"}, "asset_id": {"type": "integer"},
                    "filename": {"type": ["string", "null"]},
                    "assets": {"type": "array", "items": {"type": "object", "properties": {
                        "asset_id": {"type": "integer"}, "seconds": {"type": "number"},
                        "pages": seconds_pages}}}}}}}},
    }


def document() -> dict:
    return {"paths": _paths(), "schemas": _schemas()}
