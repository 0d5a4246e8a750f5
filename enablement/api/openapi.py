"""The OpenAPI 3.1 document, generated from the same field definitions the API validates with."""

from __future__ import annotations

from collections.abc import Callable

from enablement.assets.kinds import KINDS
from enablement.assets.schemas import asset_schemas
from enablement.models import AssetStatus
from enablement.models.base import LARGEST_ID
from enablement.pagination import MAX_PAGE
from enablement.search.query import MAX_QUERY_CHARS as SEARCHED_CHARS

PERSON = {"type": ["object", "null"], "required": ["id", "name"], "additionalProperties": False,
          "properties": {"id": {"type": "integer"}, "name": {"type": "string"}}}


def exact(properties: dict, optional: tuple[str, ...] = (), **extra) -> dict:
    """An object with these properties and no others, each always present but the `optional`
    ones: a response's exact shape."""
    return {"type": "object", "additionalProperties": False,
            "required": [name for name in properties if name not in optional],
            "properties": properties, **extra}


def _error(description: str) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def id_parameter(name: str) -> dict:
    """A path parameter holding a row's id: ids stop where PostgreSQL's integer does (a larger
    number matches no route: a 404)."""
    return {"name": name, "in": "path", "required": True,
            "schema": {"type": "integer", "minimum": 0, "maximum": LARGEST_ID}}


ASSET_ID = id_parameter("asset_id")
PAGE = {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1}
PAGING = [
    {"name": "page", "in": "query", "schema": PAGE},
    {"name": "per_page", "in": "query",
     "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}},
]


def _json(ref: str) -> dict:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}


_providers: list[Callable[[], dict]] = []


def register_paths(provider: Callable[[], dict]) -> None:
    """Let a feature's API module add `{"paths": {...}, "schemas": {...}}` to the document."""
    _providers.append(provider)


CSRF_REFUSED = "A browser session's write without its CSRF token (`X-CSRFToken`)."


def openapi_document() -> dict:
    document = _core_document()
    for provider in _providers:
        extra = provider()
        document["paths"].update(extra.get("paths", {}))
        document["components"]["schemas"].update(extra.get("schemas", {}))
    for item in document["paths"].values():
        for method, operation in item.items():
            if method in ("post", "put", "patch", "delete") and operation.get("security") != []:
                operation["responses"].setdefault("400", _error(CSRF_REFUSED))
    return document


def error_response(description: str) -> dict:
    """A response documented with the API's error shape, for feature modules."""
    return _error(description)


def json_content(schema: str) -> dict:
    """A JSON request body's or response's content: the named component schema."""
    return _json(schema)


def ok_response(description: str, schema: str) -> dict:
    """A successful response carrying the named component schema."""
    return {"description": description, "content": _json(schema)}


AUTH_ERRORS = {"401": _error("Not signed in, or the token is invalid."),
               "403": _error("Your role does not allow this.")}
INVALID = "Invalid fields, named in `fields`."  # a 422's usual description
DATE_TIME = {"type": "string", "format": "date-time"}


def json_operation(summary: str, body: str, ok: dict, errors: dict[str, str], *,
                   description: str = "") -> dict:
    """An operation taking a JSON object (the named component schema): its `ok` responses, its
    `errors` ({status: what went wrong}) in the API's error shape, then the 400 for a body that
    isn't a JSON object and the sign-in errors, which every such operation has."""
    operation = {"summary": summary, **({"description": description} if description else {}),
                 "requestBody": {"required": True, "content": _json(body)}}
    operation["responses"] = {**ok, "400": _error("Not a JSON object."),
                              **{status: _error(text) for status, text in errors.items()},
                              **AUTH_ERRORS}
    return operation


def _core_document() -> dict:
    common_errors = AUTH_ERRORS
    return {
        "openapi": "3.1.0",
        "info": {"title": "Enablement Hub API", "version": "1",
                 "description": "Assets for sales reps. Authenticate with "
                                "`Authorization: Bearer TOKEN` (`flask tokens create EMAIL`). "
                                "Writes need the marketing role."},
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}],
        "paths": {
            "/assets": {
                "get": {
                    "summary": "List assets (reps see published ones only)",
                    "parameters": [
                        {"name": "kind", "in": "query",
                         "schema": {"type": "string", "enum": list(KINDS)}},
                        {"name": "market", "in": "query", "schema": {"type": "string"}},
                        {"name": "status", "in": "query",
                         "schema": {"type": "string", "enum": [s.value for s in AssetStatus]}},
                        *PAGING,
                    ],
                    "responses": {"200": {"description": "A page of assets.",
                                          "content": _json("AssetPage")},
                                  "422": _error("Invalid filter or paging."), **common_errors},
                },
                "post": {
                    "summary": "Create an asset",
                    "requestBody": {"required": True, "content": _json("AssetInput")},
                    "responses": {"201": {"description": "Created.", "content": _json("Asset")},
                                  "400": _error("Not a JSON object."),
                                  "422": _error("Invalid fields, named in `fields`."),
                                  **common_errors},
                },
            },
            "/assets/{asset_id}": {
                "parameters": [ASSET_ID],
                "get": {"summary": "One asset",
                        "responses": {"200": {"description": "The asset.",
                                              "content": _json("Asset")},
                                      "404": _error("No such asset, or not visible to you."),
                                      **common_errors}},
                "patch": {"summary": "Change some fields (and the status)",
                          "requestBody": {"required": True, "content": _json("AssetChange")},
                          "responses": {"200": {"description": "The changed asset.",
                                                "content": _json("Asset")},
                                        "400": _error("Not a JSON object."),
                                        "404": _error("No such asset."),
                                        "422": _error("Invalid fields, named in `fields`."),
                                        **common_errors}},
                "delete": {"summary": "Delete an asset and its files",
                           "responses": {"204": {"description": "Deleted."},
                                         "404": _error("No such asset."), **common_errors}},
            },
            "/search": {
                "get": {
                    "summary": "Search published assets and news (the search page as JSON)",
                    "parameters": [
                        {"name": "q", "in": "query", "required": True,
                         "schema": {"type": "string", "maxLength": SEARCHED_CHARS * 2},
                         "description": "Words; quotes for phrases. Searched as plain text; "
                                        f"only the first {SEARCHED_CHARS} characters count."},
                        *[{"name": name, "in": "query", "style": "form", "explode": True,
                           "schema": {"type": "array", "items": {"type": "string"}},
                           "description": f"Filter by {name}; repeat to allow several."}
                          for name in ("type", "kind", "market", "persona", "stage")],
                        {"name": "literal", "in": "query", "style": "form", "explode": True,
                         "schema": {"type": "array", "maxItems": 10,
                                    "items": {"type": "string", "maxLength": 100}},
                         "description": "Words of `q` that name a kind, market or persona are "
                                        "filters (see `understood`); repeat an `understood` "
                                        "entry's `literal` to search those words as words."},
                        {"name": "ask", "in": "query",
                         "schema": {"type": "string", "enum": ["1"]},
                         "description": "Answer `q` as a question (`answers`) even when it does "
                                        "not read as one (a question word first or a "
                                        "trailing ?)."},
                        {"name": "sort", "in": "query",
                         "schema": {"type": "string", "enum": ["relevance", "newest",
                                                               "most_used"]}},
                        {"name": "page", "in": "query", "schema": PAGE},
                        {"name": "per_page", "in": "query",
                         "schema": {"type": "integer", "minimum": 1, "maximum": 50,
                                    "default": 10}},
                    ],
                    "responses": {"200": {"description": "Results, facets and suggestion.",
                                          "content": _json("SearchResults")},
                                  "422": _error("Invalid paging."), **common_errors},
                },
            },
            "/openapi.json": {
                "get": {"summary": "This document", "security": [],
                        "responses": {"200": {"description": "OpenAPI 3.1 document."}}},
            },
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                **asset_schemas("#/components/schemas/Attachment", PERSON),
                "AssetPage": {"type": "object", "additionalProperties": False,
                              "required": ["items", "total", "page", "per_page"],
                              "properties": {
                    "items": {"type": "array", "items": {"$ref": "#/components/schemas/Asset"}},
                    "total": {"type": "integer"}, "page": {"type": "integer"},
                    "per_page": {"type": "integer"}}},
                "SearchResults": exact({
                    "query": {"type": "string"}, "total": {"type": "integer"},
                    "page": {"type": "integer"}, "per_page": {"type": "integer"},
                    "results": {"type": "array", "items": exact({
                        "type": {"type": "string", "enum": ["asset", "news"]},
                        "id": {"type": "integer"}, "kind": {"type": "string"},
                        "title": {"type": "string"}, "url": {"type": "string", "format": "uri"},
                        "snippet": {"type": "string",
                                    "description": "HTML; only <mark> around matched words."},
                        "markets": {"type": "array", "items": {"type": "string"}},
                        "published_at": {"type": ["string", "null"], "format": "date-time"},
                        "source": {"type": ["string", "null"]}})},
                    "facets": {"type": "object", "additionalProperties": {
                        "type": "object", "additionalProperties": {"type": "integer"}}},
                    "suggestion": {"type": ["string", "null"]},
                    "corrected_from": {"type": ["string", "null"]},
                    "relaxed": {"type": "boolean"},
                    "synonyms": {"type": "array", "items": exact({
                        "term": {"type": "string"},
                        "also": {"type": "array", "items": {"type": "string"}}})},
                    "understood": {
                        "type": "array",
                        "description": "Words of the query taken as filters, e.g. `case study`.",
                        "items": exact({
                            "filter": {"type": "string", "enum": ["kind", "market", "persona"]},
                            "value": {"type": "string"}, "label": {"type": "string"},
                            "words": {"type": "string"}, "literal": {"type": "string"}})},
                    "answers": {
                        "type": "array", "maxItems": 3,
                        "description": "The passages that answer `q`, best first: empty unless "
                                       "`q` reads as a question or `ask=1`.",
                        "items": exact({
                            "type": {"type": "string", "enum": ["asset", "news"]},
                            "id": {"type": "integer"}, "kind": {"type": "string"},
                            "title": {"type": "string"},
                            "passage": {"type": "string",
                                        "description": "HTML; only <mark> around the sentence "
                                                       "that answers."},
                            "page": {"type": ["integer", "null"],
                                     "description": "The attached document's page (or slide)."},
                            "source": {"type": "string",
                                       "description": "e.g. `White paper, page 7`."},
                            "filename": {"type": ["string", "null"],
                                         "description": "The attached file it is from."},
                            "url": {"type": "string", "format": "uri",
                                    "description": "Opens the source; a PDF at its page."}})}}),
                "Error": {"type": "object", "required": ["error"],
                          "additionalProperties": False, "properties": {
                    "error": {"type": "object", "required": ["code", "message", "fields"],
                              "additionalProperties": False, "properties": {
                                  "code": {"type": "string"}, "message": {"type": "string"},
                                  "fields": {"type": "object",
                                             "additionalProperties": {"type": "string"}}}}}},
            },
        },
    }
