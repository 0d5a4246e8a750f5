"""The insights API's part of the OpenAPI document, with the limits the services enforce."""

from __future__ import annotations

from enablement.api.openapi import error_response
from enablement.assets.kinds import KINDS
from enablement.insights.requests import STATUSES, TEXT_MAX

REQUEST_ID = {"name": "request_id", "in": "path", "required": True,
              "schema": {"type": "integer"}}
PAGING = [
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}},
    {"name": "per_page", "in": "query",
     "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}},
]
COMMON = {"401": error_response("Not signed in, or the token is invalid."),
          "403": error_response("Your role does not allow this.")}
PERSON = {"type": ["object", "null"], "properties": {"id": {"type": "integer"},
                                                     "name": {"type": "string"}}}
DATE_TIME = {"type": "string", "format": "date-time"}


def _ref(name: str) -> dict:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}}


def _ok(description: str, schema: str) -> dict:
    return {"description": description, "content": _ref(schema)}


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
                "responses": {"200": _ok("A page of requests.", "ContentRequestPage"),
                              "422": error_response("Invalid filter or paging."), **COMMON},
            },
            "post": {
                "summary": "Ask marketing for content",
                "requestBody": {"required": True, "content": _ref("ContentRequestInput")},
                "responses": {"201": _ok("Recorded.", "ContentRequest"),
                              "400": error_response("Not a JSON object."),
                              "422": error_response("Invalid fields, named in `fields`."),
                              **COMMON},
            },
        },
        "/requests/{request_id}": {
            "parameters": [REQUEST_ID],
            "get": {
                "summary": "One content request (yours, or any for marketing)",
                "responses": {"200": _ok("The request.", "ContentRequest"),
                              "404": error_response("No such request."), **COMMON},
            },
            "patch": {
                "summary": "Link the asset that answers a request, or change its status",
                "description": "Linking a published asset, or publishing the linked one later, "
                               "marks the request done and tells the requester.",
                "requestBody": {"required": True, "content": _ref("ContentRequestChange")},
                "responses": {"200": _ok("The changed request.", "ContentRequest"),
                              "400": error_response("Not a JSON object."),
                              "404": error_response("No such request."),
                              "422": error_response("Invalid fields, named in `fields`."),
                              **COMMON},
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
                "responses": {"201": _ok("The request, now linked to the new draft (its URL "
                                         "in Location).", "ContentRequest"),
                              "404": error_response("No such request."),
                              "422": error_response("No kind to draft."), **COMMON},
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
