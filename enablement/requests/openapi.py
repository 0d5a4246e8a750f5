"""Content requests' part of the OpenAPI document, with the limits the service enforces."""

from __future__ import annotations

from enablement.api.openapi import (
    AUTH_ERRORS,
    DATE_TIME,
    PAGING,
    error_response,
    json_content,
    ok_response,
)
from enablement.assets.kinds import KINDS
from enablement.requests.services import STATUSES, TEXT_MAX

REQUEST_ID = {"name": "request_id", "in": "path", "required": True,
              "schema": {"type": "integer"}}


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
            "post": {
                "summary": "Ask marketing for content",
                "requestBody": {"required": True, "content": json_content("ContentRequestInput")},
                "responses": {"201": ok_response("Recorded.", "ContentRequest"),
                              "400": error_response("Not a JSON object."),
                              "422": error_response("Invalid fields, named in `fields`."),
                              **AUTH_ERRORS},
            },
        },
        "/requests/{request_id}": {
            "parameters": [REQUEST_ID],
            "get": {
                "summary": "One content request (yours, or any for marketing)",
                "responses": {"200": ok_response("The request.", "ContentRequest"),
                              "404": error_response("No such request."), **AUTH_ERRORS},
            },
            "patch": {
                "summary": "Link the asset that answers a request, or change its status",
                "description": "Linking a published asset, or publishing the linked one later, "
                               "marks the request done and tells the requester.",
                "requestBody": {"required": True, "content": json_content("ContentRequestChange")},
                "responses": {"200": ok_response("The changed request.", "ContentRequest"),
                              "400": error_response("Not a JSON object."),
                              "404": error_response("No such request."),
                              "422": error_response("Invalid fields, named in `fields`."),
                              **AUTH_ERRORS},
            },
        },
        "/requests/{request_id}/draft": {
            "parameters": [REQUEST_ID],
            "post": {
                "summary": "Start a draft asset for a request, linked to it",
                "requestBody": {"required": False, "content": {"application/json": {
                    "schema": {"type": "object", "properties": {
                        "kind": {"type": "string", "enum": list(KINDS),
                                 "description": "Defaults to the request's kind."}}}}}},
                "responses": {"201": ok_response("The request, now linked to the new draft "
                                                 "(its URL in Location).", "ContentRequest"),
                              "404": error_response("No such request."),
                              "422": error_response("No kind to draft."), **AUTH_ERRORS},
            },
        },
    }


def _schemas() -> dict:
    asset_ref = {"type": ["object", "null"], "properties": {
        "id": {"type": "integer"}, "title": {"type": "string"},
        "status": {"type": "string"}, "url": {"type": "string", "format": "uri"}}}
    return {
        "ContentRequestInput": {"type": "object", "required": ["text"], "properties": {
            "text": {"type": "string", "minLength": 1, "maxLength": TEXT_MAX},
            "market": {"type": ["string", "null"], "description": "Market slug."},
            "kind": {"type": ["string", "null"], "enum": [*KINDS, None]},
            "search_query": {"type": ["string", "null"], "maxLength": 400,
                             "description": "The search that found nothing."}}},
        "ContentRequestChange": {"type": "object", "additionalProperties": False,
                                 "properties": {
                                     "status": {"type": "string", "enum": list(STATUSES)},
                                     "asset_id": {"type": "integer"}}},
        "ContentRequest": {"type": "object", "properties": {
            "id": {"type": "integer"}, "text": {"type": "string"},
            "market": {"type": ["string", "null"]}, "kind": {"type": ["string", "null"]},
            "search_query": {"type": ["string", "null"]},
            "status": {"type": "string", "enum": list(STATUSES)},
            "asset": asset_ref,
            "requester": {"type": ["object", "null"], "description": "Marketing only."},
            "created_at": DATE_TIME, "updated_at": DATE_TIME,
            "fulfilled_at": {"type": ["string", "null"], "format": "date-time"},
            "url": {"type": "string", "format": "uri"}}},
        "ContentRequestPage": {"type": "object", "properties": {
            "items": {"type": "array",
                      "items": {"$ref": "#/components/schemas/ContentRequest"}},
            "total": {"type": "integer"}, "page": {"type": "integer"},
            "per_page": {"type": "integer"}}},
    }


def document() -> dict:
    return {"paths": _paths(), "schemas": _schemas()}
