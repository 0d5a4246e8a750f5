"""The asset page's JSON routes in the OpenAPI document: personalising an email template,
counting copies and the documents attached (the asset routes themselves are in api/openapi.py)."""

from __future__ import annotations

from enablement.api.openapi import (
    ASSET_ID,
    AUTH_ERRORS,
    error_response,
    id_parameter,
    json_content,
    json_operation,
    ok_response,
)
from enablement.assets import personalise
from enablement.assets.attachments import ALLOWED_KINDS, MAX_NAME_CHARS
from enablement.models.assets import TextStatus

ATTACHMENT_ID = id_parameter("attachment_id")


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
        "/assets/{asset_id}/attachments": {
            "parameters": [ASSET_ID],
            "get": {
                "summary": "The documents attached to an asset",
                "responses": {"200": ok_response("Oldest first.", "AttachmentList"),
                              "404": error_response("No such asset, or not visible to you."),
                              **AUTH_ERRORS},
            },
            "post": {
                "summary": "Attach a document (PDF, Word or PowerPoint)",
                "description": "The same checks as the publishing pages: the file must really "
                               "be a PDF, .docx or .pptx by its content (its name is not "
                               "trusted), within `MAX_UPLOAD_MB`, not password-protected, not a "
                               "zip bomb, and not already attached to this asset. Its name is "
                               "made safe and its text is read for search (within limits: "
                               "`text_status` says how much).",
                "requestBody": {"required": True, "content": {"multipart/form-data": {
                    "schema": {"type": "object", "required": ["file"], "properties": {
                        "file": {"type": "string", "format": "binary",
                                 "contentMediaType": "application/octet-stream"}}}}}},
                "responses": {
                    "201": {"description": "Attached; `Location` downloads it.",
                            "headers": {"Location": {"schema": {"type": "string"}}},
                            "content": json_content("AttachmentUploaded")},
                    "400": error_response("The form expired (a browser session without its "
                                          "CSRF token)."),
                    "404": error_response("No such asset."),
                    "413": error_response("The request is larger than the upload limit."),
                    "422": error_response("No file, not a document, too large, encrypted, "
                                          "unreadable or already attached: `fields.file` "
                                          "says which."),
                    **AUTH_ERRORS},
            },
        },
        "/assets/{asset_id}/attachments/{attachment_id}": {
            "parameters": [ASSET_ID, ATTACHMENT_ID],
            "delete": {
                "summary": "Remove a document from an asset (and its file)",
                "responses": {"204": {"description": "Removed."},
                              "400": error_response("The form expired (a browser session "
                                                    "without its CSRF token)."),
                              "404": error_response("No such asset, or no such document on "
                                                    "it."),
                              "422": error_response("A published white paper keeps its only "
                                                    "document (`fields.file`)."),
                              **AUTH_ERRORS},
            },
        },
    }


def _attachment_schema() -> dict:
    return {"type": "object", "additionalProperties": False,
            "required": ["id", "filename", "size", "content_type", "kind", "text_status", "url"],
            "properties": {
                "id": {"type": "integer"},
                "filename": {"type": "string", "maxLength": MAX_NAME_CHARS,
                             "description": "The uploaded name, made safe, ending in the "
                                            "file's real kind."},
                "size": {"type": "integer", "minimum": 1, "description": "Bytes."},
                "content_type": {"type": "string", "enum": list(ALLOWED_KINDS.values())},
                "kind": {"type": "string", "enum": list(ALLOWED_KINDS)},
                "text_status": {
                    "type": "string", "enum": [s.value for s in TextStatus],
                    "description": "How much of the file's text search knows: partial when the "
                                   "file is longer than the hub reads, not_extracted when "
                                   "reading it hit the time or memory limit (the file is kept)."},
                "url": {"type": "string", "format": "uri",
                        "description": "Downloads the file (counted as a download)."}}}


def _schemas() -> dict:
    uploaded = _attachment_schema()
    uploaded["properties"] = {**uploaded["properties"], "warnings": {
        "type": "array", "items": {"type": "string"},
        "description": "E.g. the text could not be read, or other assets carry the same file."}}
    uploaded["required"] = [*uploaded["required"], "warnings"]
    return {
        "Attachment": _attachment_schema(),
        "AttachmentUploaded": uploaded,
        "AttachmentList": {"type": "object", "required": ["items"],
                           "additionalProperties": False, "properties": {
                               "items": {"type": "array", "items": {
                                   "$ref": "#/components/schemas/Attachment"}}}},
        "RenderInput": {"type": "object", "additionalProperties": False, "properties": {
            "fields": {"type": "object", "maxProperties": personalise.FIELDS_MAX,
                       "propertyNames": {"pattern": personalise.NAME.pattern},
                       "additionalProperties": {"type": ["string", "number", "null"],
                                                "maxLength": personalise.VALUE_MAX}},
            "market": {"type": "string", "description": "Market slug for `{{ market }}`."}}},
        "RenderedEmail": {"type": "object", "required": ["subject", "body", "body_html",
                                                         "missing"],
                          "additionalProperties": False, "properties": {
                              "subject": {"type": "string"}, "body": {"type": "string"},
                              "body_html": {"type": "string",
                                            "description": "The body as HTML for rich-text "
                                                           "mail clients."},
                              "missing": {"type": "array", "items": {"type": "string"}}}},
    }


def document() -> dict:
    return {"paths": _paths(), "schemas": _schemas()}
