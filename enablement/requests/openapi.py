"""Content requests' part of the OpenAPI document, with the limits the service enforces."""

from __future__ import annotations

from enablement.api.openapi import (
    AUTH_ERRORS,
    DATE_TIME,
    INVALID,
    PAGING,
    PERSON,
    error_response,
    exact,
    id_parameter,
    json_operation,
    ok_response,
)
from enablement.assets.kinds import KINDS
from enablement.markets import markets
from enablement.requests.services import (
    COMMENT_MAX,
    EXPECTED_MAX_DAYS,
    STATUS_LABELS,
    STATUSES,
    TEXT_MAX,
)

REQUEST_ID = id_parameter("request_id")


def _paths() -> dict:
    return {
        "/requests": {
            "get": {
                "summary": "Your content requests and their status",
                "parameters": [
                    {"name": "status", "in": "query",
                     "schema": {"type": "string", "enum": list(STATUSES)}},
                    {"name": "scope", "in": "query",
                     "schema": {"type": "string", "enum": ["mine", "all"], "default": "mine"},
                     "description": "`all`: everyone's (marketing and admin)."},
                    *PAGING,
                ],
                "responses": {"200": ok_response("A page of requests.", "ContentRequestPage"),
                              "422": error_response("Invalid filter or paging."), **AUTH_ERRORS},
            },
            "post": json_operation(
                "Ask marketing for content", "ContentRequestInput",
                {"201": ok_response("Recorded.", "ContentRequest")}, {"422": INVALID}),
        },
        "/requests/{request_id}": {
            "parameters": [REQUEST_ID],
            "get": {
                "summary": "One content request (yours, or any for marketing)",
                "responses": {"200": ok_response("The request.", "ContentRequest"),
                              "404": error_response("No such request."), **AUTH_ERRORS},
            },
            "patch": json_operation(
                "Answer a request: its owner, expected date, asset, draft or status",
                "ContentRequestChange",
                {"200": ok_response("The changed request.", "ContentRequest")},
                {"404": "No such request.", "422": INVALID},
                description="Linking a published asset, or publishing the linked one later, "
                            "marks the request done and tells the requester; `planned` tells "
                            "them too. `done` is refused (422 naming `status`) while the linked "
                            "asset is unpublished: publish it first or unlink it "
                            "(`asset_id: null`). The first marketer to change a request becomes "
                            "its owner unless `owner_id` names someone."),
        },
        "/requests/{request_id}/comments": {
            "parameters": [REQUEST_ID],
            "post": json_operation(
                "Comment on a request (its requester, or marketing)", "RequestCommentInput",
                {"201": ok_response("The comment.", "RequestComment")},
                {"404": "No such request.", "422": "Empty or too long, named in `fields`."},
                description="The other side is told in the hub and by email; further comments "
                            "before they read the first are grouped, without more email."),
        },
        "/requests/{request_id}/draft": {
            "parameters": [REQUEST_ID],
            "post": {
                "summary": "Start a draft asset for a request, linked to it",
                "description": "The draft holds the rep's words; it can be published only after "
                               "its author confirms the real content (`draft_confirmed: true`).",
                "requestBody": {"required": False, "content": {"application/json": {
                    "schema": {"type": "object", "properties": {
                        "kind": {"type": "string", "enum": list(KINDS),
                                 "description": "Defaults to the request's kind."}}}}}},
                "responses": {"201": ok_response("The request, now linked to the new draft "
                                                 "(its URL in Location).", "ContentRequest"),
                              "400": error_response("Not a JSON object."),
                              "404": error_response("No such request."),
                              "422": error_response("No kind to draft."), **AUTH_ERRORS},
            },
        },
    }


def _schemas() -> dict:
    asset_ref = {**exact({
        "id": {"type": "integer"}, "title": {"type": "string"},
        "status": {"type": "string"}, "url": {"type": "string", "format": "uri"}}),
        "type": ["object", "null"]}
    return {
        "ContentRequestInput": {"type": "object", "required": ["text"],
                                "additionalProperties": False, "properties": {
            "text": {"type": "string", "minLength": 1, "maxLength": TEXT_MAX},
            "market": {"type": ["string", "null"], "enum": [*markets(), None],
                       "description": "Market slug."},
            "kind": {"type": ["string", "null"], "enum": [*KINDS, None]},
            "search_query": {"type": ["string", "null"], "maxLength": 400,
                             "description": "The search that found nothing."}}},
        "ContentRequestChange": {"type": "object", "additionalProperties": False,
                                 "properties": {
                                     "status": {"type": "string", "enum": list(STATUSES)},
                                     "asset_id": {"type": ["integer", "null"],
                                                  "description": "null unlinks."},
                                     "owner_id": {"type": ["integer", "null"],
                                                  "description": "An active marketing user."},
                                     "expected_on": {
                                         "type": ["string", "null"], "format": "date",
                                         "description": "From today to "
                                                        f"{EXPECTED_MAX_DAYS} days ahead."},
                                     "draft_confirmed": {
                                         "const": True,
                                         "description": "The draft's author: its real "
                                                        "content is written."}}},
        "RequestCommentInput": {"type": "object", "required": ["body"],
                                "additionalProperties": False, "properties": {
                                    "body": {"type": "string", "minLength": 1,
                                             "maxLength": COMMENT_MAX}}},
        "RequestComment": exact({
            "id": {"type": "integer"}, "author": PERSON,
            "from": {"type": "string", "enum": ["requester", "marketing"]},
            "body": {"type": "string"}, "created_at": DATE_TIME}),
        "ContentRequest": exact({
            "id": {"type": "integer"}, "text": {"type": "string"},
            "market": {"type": ["string", "null"]}, "kind": {"type": ["string", "null"]},
            "search_query": {"type": ["string", "null"]},
            "status": {"type": "string", "enum": list(STATUSES)},
            "status_label": {"type": "string", "enum": list(STATUS_LABELS.values()),
                             "description": "The status as people read it everywhere."},
            "asset": asset_ref,
            "owner": PERSON,
            "expected_on": {"type": ["string", "null"], "format": "date"},
            "comments": {"type": "array",
                         "items": {"$ref": "#/components/schemas/RequestComment"},
                         "description": "Oldest first; only when one request is returned."},
            "draft": {**exact({"asset_id": {"type": "integer"}, "author": PERSON,
                               "confirmed_at": {"type": ["string", "null"],
                                                "format": "date-time"}}),
                      "type": ["object", "null"], "description": "Marketing only: the draft "
                      "started from the request and when its author confirmed it."},
            "requester": {**exact({"id": {"type": "integer"}, "name": {"type": "string"},
                                   "email": {"type": "string", "format": "email"}}),
                          "type": ["object", "null"], "description": "Marketing only."},
            "created_at": DATE_TIME, "updated_at": DATE_TIME,
            "fulfilled_at": {"type": ["string", "null"], "format": "date-time"},
            "url": {"type": "string", "format": "uri"}},
            optional=("comments", "draft", "requester")),
        "ContentRequestPage": exact({
            "items": {"type": "array",
                      "items": {"$ref": "#/components/schemas/ContentRequest"}},
            "total": {"type": "integer"}, "page": {"type": "integer"},
            "per_page": {"type": "integer"}}),
    }


def document() -> dict:
    return {"paths": _paths(), "schemas": _schemas()}
