"""Wins' part of the OpenAPI document, with the limits the service enforces."""

from __future__ import annotations

from enablement.api.openapi import (
    AUTH_ERRORS,
    DATE_TIME,
    INVALID,
    PAGE,
    PERSON,
    error_response,
    exact,
    id_parameter,
    json_operation,
    ok_response,
)
from enablement.wins.services import (
    ACCOUNT_MAX,
    AMOUNT_MAX,
    ASSETS_MAX,
    EXTERNAL_ID_MAX,
    LEAD_SOURCES,
    NOTE_MAX,
)

CURRENCY = {"type": "string", "pattern": "^[A-Z]{3}$",
            "description": "ISO 4217 code of every amount: the hub's CURRENCY setting."}


def _paths() -> dict:
    return {
        "/wins": {
            "get": {
                "summary": "Won deals, latest first, with totals and leaderboards",
                "parameters": [
                    {"name": "days", "in": "query",
                     "schema": {"type": "integer", "minimum": 1, "maximum": 3660},
                     "description": "Only deals closed in the last `days` days."},
                    {"name": "page", "in": "query", "schema": PAGE},
                    {"name": "per_page", "in": "query",
                     "schema": {"type": "integer", "minimum": 1, "maximum": 200,
                                "default": 50}},
                ],
                "responses": {"200": ok_response("Wins and the period's summary.", "WinList"),
                              "422": error_response("Invalid period or paging."), **AUTH_ERRORS},
            },
            "post": json_operation(
                "Record a won deal (a CRM's closed-won webhook too)", "WinInput",
                {"201": ok_response("Recorded.", "Win"),
                 "200": ok_response("Already recorded with this external_id.", "Win")},
                {"409": "This external_id is on record with other details; the body also "
                        "carries `win`.",
                 "422": INVALID},
                description=(
                    "`external_id` (the CRM's deal id) is reserved for integrations: a bearer "
                    "token of marketing or an admin. From anyone else it is a 403 naming the "
                    "field. Sending the same deal again returns the win first recorded (200) "
                    "instead of a duplicate; other details under a known `external_id` change "
                    "nothing: a 409 that names the win on record (`win`: `{id, url}`), and "
                    "admins see both versions on /wins to settle.")),
        },
        "/wins/{win_id}": {
            "parameters": [id_parameter("win_id")],
            "patch": json_operation(
                "Correct a win (who recorded it, or an admin)", "WinPatch",
                {"200": ok_response("Saved.", "Win")},
                {"404": "No such win.", "409": "Another win has that external_id.",
                 "422": INVALID},
                description="Only the fields sent change, checked as when recording. Credited "
                            "assets the caller can't open stay credited. `external_id` only "
                            "from an integration, as for POST."),
        },
    }


def _schemas() -> dict:
    money = {"type": "number", "minimum": 0, "maximum": float(AMOUNT_MAX)}
    board = {"type": "array", "items": exact({
        "user": PERSON, "wins": {"type": "integer"}, "amount": {"type": "number"}})}
    return {
        "WinInput": {"type": "object", "required": ["account", "amount"],
                     "additionalProperties": False, "properties": {
            "account": {"type": "string", "minLength": 1, "maxLength": ACCOUNT_MAX},
            "market": {"type": ["string", "null"], "description": "Market slug."},
            "amount": {"type": ["number", "string"],
                       "description": "In the hub's currency (the CURRENCY setting), e.g. "
                                      "48000 or \"48000.50\"; its sign or code may be "
                                      "written, another currency's is refused."},
            "closed_on": {"type": "string", "format": "date",
                          "description": "Defaults to today."},
            "asset_ids": {"type": "array", "maxItems": ASSETS_MAX,
                          "items": {"type": "integer"},
                          "description": "Published assets that helped."},
            "lead_source": {"type": "string", "enum": list(LEAD_SOURCES),
                            "description": "Defaults to marketing when a lead marketer is "
                                           "named, sales otherwise."},
            "lead_marketer_email": {"type": "string", "format": "email"},
            "rep_email": {"type": "string", "format": "email",
                          "description": "Who closed it; defaults to the caller. Marketing "
                                         "may name someone else."},
            "note": {"type": "string", "maxLength": NOTE_MAX},
            "external_id": {"type": "string", "maxLength": EXTERNAL_ID_MAX,
                            "description": "The CRM's deal id, for idempotent webhooks; "
                                           "integrations only (a token of marketing or an "
                                           "admin)."}}},
        "WinPatch": {"type": "object", "description": "Any fields of WinInput.",
                     "properties": {}},
        "Win": exact({
            "id": {"type": "integer"}, "account": {"type": "string"},
            "market": {"type": ["string", "null"]}, "amount": money,
            "currency": CURRENCY,
            "closed_on": {"type": "string", "format": "date"}, "rep": PERSON,
            "lead_source": {"type": "string", "enum": list(LEAD_SOURCES)},
            "lead_marketer": PERSON,
            "assets": {"type": "array", "description": (
                "The assets credited. One the caller may no longer open (a rep, once it went "
                "back to draft or was archived) is shown as {\"id\": null, \"title\": "
                "\"an asset no longer published\", ...} with no kind, owner or url."),
                "items": exact({
                    "id": {"type": ["integer", "null"]}, "title": {"type": "string"},
                    "kind": {"type": ["string", "null"]}, "owner": PERSON,
                    "url": {"type": ["string", "null"], "format": "uri"}})},
            "note": {"type": "string"}, "external_id": {"type": ["string", "null"]},
            "created_at": DATE_TIME, "url": {"type": "string", "format": "uri"}}),
        "WinList": exact({
            "items": {"type": "array", "items": {"$ref": "#/components/schemas/Win"}},
            "page": {"type": "integer"}, "per_page": {"type": "integer"},
            "days": {"type": ["integer", "null"]},
            "summary": exact({
                "wins": {"type": "integer"}, "amount": {"type": "number"},
                "currency": CURRENCY,
                "with_content": {"type": "integer"},
                "with_content_amount": {"type": "number"},
                "marketing_sourced": {"type": "integer"},
                "leaderboards": exact({
                    "closers": board, "content": board, "leads": board})})}),
    }


def document() -> dict:
    schemas = _schemas()
    schemas["WinPatch"]["properties"] = schemas["WinInput"]["properties"]
    error = {"$ref": "#/components/schemas/Error/properties/error"}
    schemas["WinConflict"] = exact({"error": error, "win": exact({
        "id": {"type": "integer"}, "url": {"type": "string", "format": "uri"}})})
    paths = _paths()
    paths["/wins"]["post"]["responses"]["409"]["content"] = {
        "application/json": {"schema": {"$ref": "#/components/schemas/WinConflict"}}}
    return {"paths": paths, "schemas": schemas}
