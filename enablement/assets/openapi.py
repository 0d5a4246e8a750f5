"""The asset page's JSON routes in the OpenAPI document: personalising an email template and
counting copies (the asset routes themselves are in api/openapi.py)."""

from __future__ import annotations

from enablement.api.openapi import (
    ASSET_ID,
    AUTH_ERRORS,
    error_response,
    json_operation,
    ok_response,
)
from enablement.assets import personalise


def _paths() -> dict:
    return {
        "/assets/{asset_id}/render": {
            "parameters": [ASSET_ID],
            "post": json_operation(
                "Fill in an email template's merge fields", "RenderInput",
                {"200": ok_response("The filled-in email.", "RenderedEmail")},
                {"404": "No such asset, or not visible to you.",
                 "422": "Not an email template, or bad fields."},
                description="Placeholders are `{{ name }}`; values are inserted as plain text "
                            "(escaped in `body_html`), never evaluated. `rep_name` and "
                            "`rep_email` default to the caller's, `market` to the asset's only "
                            "market (or the `market` slug sent). Fields left empty are listed "
                            "in `missing` and stay visible as `{{ name }}`."),
        },
        "/assets/{asset_id}/copies": {
            "parameters": [ASSET_ID],
            "post": {
                "summary": "Count a copy of the asset's text (the copy buttons call this)",
                "responses": {"204": {"description": "Counted."},
                              "404": error_response("No such asset, or not visible to you."),
                              **AUTH_ERRORS},
            },
        },
    }


def _schemas() -> dict:
    return {
        "RenderInput": {"type": "object", "properties": {
            "fields": {"type": "object", "maxProperties": personalise.FIELDS_MAX,
                       "propertyNames": {"pattern": personalise.NAME.pattern},
                       "additionalProperties": {"type": ["string", "number", "null"],
                                                "maxLength": personalise.VALUE_MAX}},
            "market": {"type": "string", "description": "Market slug for `{{ market }}`."}}},
        "RenderedEmail": {"type": "object", "required": ["subject", "body", "missing"],
                          "properties": {
                              "subject": {"type": "string"}, "body": {"type": "string"},
                              "body_html": {"type": "string",
                                            "description": "The body as HTML for rich-text "
                                                           "mail clients."},
                              "missing": {"type": "array", "items": {"type": "string"}}}},
    }


def document() -> dict:
    return {"paths": _paths(), "schemas": _schemas()}
