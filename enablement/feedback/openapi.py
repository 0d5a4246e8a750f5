"""Feedback's part of the OpenAPI document, with the limits the service enforces."""

from __future__ import annotations

from enablement.api.openapi import (
    ASSET_ID,
    AUTH_ERRORS,
    DATE_TIME,
    INVALID,
    PERSON,
    error_response,
    exact,
    json_operation,
    ok_response,
)
from enablement.feedback.services import COMMENT_MAX


def _paths() -> dict:
    return {
        "/assets/{asset_id}/feedback": {
            "parameters": [ASSET_ID],
            "get": {
                "summary": "Feedback on an asset: everyone's for its owner and marketing, "
                           "your own otherwise",
                "responses": {"200": ok_response("Feedback and the vote counts.", "FeedbackList"),
                              "404": error_response("No such asset, or not visible to you."),
                              **AUTH_ERRORS},
            },
            "post": json_operation(
                "Say whether the asset helped (one verdict per person; sending again changes "
                "it)", "FeedbackInput",
                {"201": ok_response("Recorded.", "Feedback"),
                 "200": ok_response("Your earlier feedback, changed.", "Feedback")},
                {"404": "No such asset, or not visible to you.", "422": INVALID}),
        },
    }


def _schemas() -> dict:
    return {
        "FeedbackInput": {"type": "object", "required": ["helpful"],
                          "additionalProperties": False, "properties": {
            "helpful": {"type": "boolean"},
            "comment": {"type": "string", "maxLength": COMMENT_MAX}}},
        "Feedback": exact({
            "id": {"type": "integer"}, "asset_id": {"type": "integer"},
            "helpful": {"type": "boolean"}, "comment": {"type": "string"}, "user": PERSON,
            "created_at": DATE_TIME, "updated_at": DATE_TIME}),
        "FeedbackList": exact({
            "items": {"type": "array", "items": {"$ref": "#/components/schemas/Feedback"}},
            "helpful": {"type": "integer"}, "not_helpful": {"type": "integer"}}),
    }


def document() -> dict:
    return {"paths": _paths(), "schemas": _schemas()}
