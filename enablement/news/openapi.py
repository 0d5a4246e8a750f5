"""The news API's part of the OpenAPI document: the digest, one item with marketing's talking
points and pin, and a market's Atom feed."""

from __future__ import annotations

from enablement.api.openapi import (
    AUTH_ERRORS,
    INVALID,
    PAGE,
    error_response,
    id_parameter,
    json_operation,
    ok_response,
)
from enablement.news.services import MAX_DAYS, TALKING_POINTS_MAX

MAX_PER_PAGE = 100


def _item() -> dict:
    return {"type": "object", "additionalProperties": False,
            "required": ["id", "title", "url", "hub_url", "source", "published_at", "markets",
                         "matched", "talking_points", "talking_points_html", "pinned"],
            "properties": {
                "id": {"type": "integer"},
                "title": {"type": "string", "description": "Plain text."},
                "url": {"type": "string", "format": "uri", "description": "The story."},
                "hub_url": {"type": "string", "format": "uri",
                            "description": "The item's page in the hub."},
                "source": {"type": "string", "description": "The feed's name."},
                "published_at": {"type": "string", "format": "date-time"},
                "markets": {"type": "array", "items": {"type": "string"}},
                "matched": {"type": "object",
                            "additionalProperties": {"type": "array", "items": {"type": "string"}},
                            "description": "Market slug → the query terms that tagged the item "
                                           "(empty when its feed did)."},
                "talking_points": {"type": ["string", "null"], "description": "Markdown."},
                "talking_points_html": {"type": ["string", "null"],
                                        "description": "Rendered and sanitised."},
                "pinned": {"type": "boolean"},
            }}


def _paths() -> dict:
    market = {"name": "market", "in": "query", "schema": {"type": "string"},
              "description": "A market slug from feeds.yml."}
    days = {"name": "days", "in": "query",
            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_DAYS, "default": 7},
            "description": "How far back to look. Pinned items are included whatever their age."}
    return {
        "/news": {"get": {
            "summary": "The news digest: items tagged to markets, newest first",
            "parameters": [
                market, days,
                {"name": "page", "in": "query", "schema": PAGE},
                {"name": "per_page", "in": "query",
                 "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE,
                            "default": 20}},
            ],
            "responses": {
                "200": ok_response("A page of news items.", "NewsPage"),
                "422": error_response("Unknown market or invalid days/paging, named in "
                                      "`fields`."),
                **AUTH_ERRORS,
            }}},
        "/news/{item_id}": {
            "parameters": [id_parameter("item_id")],
            "get": {"summary": "One news item",
                    "responses": {"200": ok_response("The item.", "NewsItem"),
                                  "404": error_response("No such item (old news is removed)."),
                                  **AUTH_ERRORS}},
            "patch": json_operation(
                "Marketing's talking points and pin on a news item", "NewsItemChange",
                {"200": ok_response("The changed item.", "NewsItem")},
                {"404": "No such item.", "422": INVALID},
                description="Talking points are Markdown, shown to reps sanitised; empty or "
                            "null removes them. A pinned item stays at the top of its markets "
                            "in the digest whatever its age."),
        },
        "/news/{market}.atom": {"get": {
            "summary": "A market's news as an Atom feed (last 30 days), for feed readers",
            "description": "Readers that can't send a bearer token use the personal URL shown on "
                           "the digest page, which carries a `key`.",
            "parameters": [
                {"name": "market", "in": "path", "required": True, "schema": {"type": "string"}},
                {"name": "key", "in": "query", "schema": {"type": "string"},
                 "description": "Personal feed key; revoked when the password changes."},
            ],
            "responses": {"200": {"description": "Atom 1.0.",
                                  "content": {"application/atom+xml": {}}},
                          "401": error_response("Not signed in, and no valid `key`."),
                          "404": error_response("No such market.")},
        }},
    }


def _schemas() -> dict:
    return {
        "NewsItem": _item(),
        "NewsPage": {"type": "object", "additionalProperties": False,
                     "required": ["items", "total", "page", "per_page", "market", "days"],
                     "properties": {
                         "items": {"type": "array",
                                   "items": {"$ref": "#/components/schemas/NewsItem"}},
                         "total": {"type": "integer"}, "page": {"type": "integer"},
                         "per_page": {"type": "integer"},
                         "market": {"type": ["string", "null"]}, "days": {"type": "integer"}}},
        "NewsItemChange": {"type": "object", "additionalProperties": False, "properties": {
            "talking_points": {"type": ["string", "null"], "maxLength": TALKING_POINTS_MAX,
                               "description": "Markdown; counted after trimming."},
            "pinned": {"type": "boolean"}}},
    }


def document() -> dict:
    return {"paths": _paths(), "schemas": _schemas()}
