"""Webhooks' part of the OpenAPI document."""

from __future__ import annotations

from enablement.api.openapi import (
    AUTH_ERRORS,
    DATE_TIME,
    INVALID,
    PAGING,
    error_response,
    id_parameter,
    json_operation,
    ok_response,
)
from enablement.webhooks.events import EVENTS, FORMATS, SLACK_EVENTS
from enablement.webhooks.services import DESCRIPTION_MAX, URL_MAX

ENDPOINT_ID = id_parameter("endpoint_id")
DELIVERY_ID = id_parameter("delivery_id")
NOT_FOUND = error_response("No such webhook receiver.")
SIGNING = ("Each delivery is a POST of JSON `{id, event, created_at, data}` with headers "
           "`X-Hub-Event`, `X-Hub-Delivery` (the id; the same on every retry) and "
           "`X-Hub-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of \"<t>.<body>\" keyed with the "
           "secret>`. A non-2xx answer is retried with doubling waits for a day.")


def _paths() -> dict:
    return {
        "/webhooks": {
            "get": {"summary": "Webhook receivers (admins)",
                    "responses": {"200": ok_response("Every receiver.", "WebhookList"),
                                  **AUTH_ERRORS}},
            "post": json_operation(
                "Register a webhook receiver (admins)", "WebhookInput",
                {"201": ok_response("Registered; `secret` is shown this once.",
                                    "WebhookCreated")},
                {"422": INVALID + " Private and loopback receivers are refused unless "
                                  "WEBHOOKS_ALLOW_PRIVATE_NETWORKS=1."},
                description=SIGNING),
        },
        "/webhooks/{endpoint_id}": {
            "parameters": [ENDPOINT_ID],
            "get": {"summary": "One webhook receiver",
                    "responses": {"200": ok_response("The receiver.", "Webhook"),
                                  "404": NOT_FOUND, **AUTH_ERRORS}},
            "patch": json_operation(
                "Change a receiver; `active: true` switches a disabled one back on",
                "WebhookInput", {"200": ok_response("The changed receiver.", "Webhook")},
                {"404": "No such webhook receiver.", "422": INVALID}),
            "delete": {"summary": "Delete a receiver and its deliveries",
                       "responses": {"204": {"description": "Deleted."}, "404": NOT_FOUND,
                                     **AUTH_ERRORS}},
        },
        "/webhooks/{endpoint_id}/deliveries": {
            "parameters": [ENDPOINT_ID],
            "get": {"summary": "What was sent to a receiver, newest first, with every try",
                    "parameters": PAGING,
                    "responses": {"200": ok_response("A page of deliveries.",
                                                     "WebhookDeliveryPage"),
                                  "404": NOT_FOUND,
                                  "422": error_response("Invalid paging."), **AUTH_ERRORS}},
        },
        "/webhooks/{endpoint_id}/ping": {
            "parameters": [ENDPOINT_ID],
            "post": {"summary": "Queue a `ping` delivery to the receiver",
                     "responses": {"202": ok_response("Queued.", "WebhookDelivery"),
                                   "404": NOT_FOUND, **AUTH_ERRORS}},
        },
        "/webhooks/{endpoint_id}/deliveries/{delivery_id}/redeliver": {
            "parameters": [ENDPOINT_ID, DELIVERY_ID],
            "post": {"summary": "Send a delivery again (same id and body), retried for a day",
                     "responses": {"202": ok_response("Queued.", "WebhookDelivery"),
                                   "404": error_response("No such receiver or delivery."),
                                   **AUTH_ERRORS}},
        },
    }


def _schemas() -> dict:
    events = sorted({*EVENTS, *SLACK_EVENTS})
    endpoint = {
        "id": {"type": "integer"}, "url": {"type": "string", "format": "uri"},
        "description": {"type": "string"},
        "format": {"type": "string", "enum": list(FORMATS)},
        "events": {"type": "array", "items": {"type": "string", "enum": events}},
        "market": {"type": ["string", "null"]}, "active": {"type": "boolean"},
        "failure_streak": {"type": "integer", "description": "Failed tries since the last "
                                                             "success."},
        "disabled_reason": {"type": ["string", "null"]}, "created_at": DATE_TIME}
    delivery = {
        "id": {"type": "integer"},
        "delivery": {"type": "string", "description": "X-Hub-Delivery: the same on retries."},
        "event": {"type": "string"},
        "state": {"type": "string", "enum": ["pending", "delivered", "failed"]},
        "attempts": {"type": "integer"}, "created_at": DATE_TIME,
        "next_attempt_at": {"type": ["string", "null"], "format": "date-time"},
        "delivered_at": {"type": ["string", "null"], "format": "date-time"},
        "last_status": {"type": ["integer", "null"]}, "last_error": {"type": ["string", "null"]},
        "tries": {"type": "array", "items": {"type": "object", "properties": {
            "at": DATE_TIME, "status": {"type": ["integer", "null"]},
            "duration_ms": {"type": "integer"}, "error": {"type": ["string", "null"]},
            "response_excerpt": {"type": "string"}}}}}
    return {
        "WebhookInput": {"type": "object", "additionalProperties": False, "properties": {
            "url": {"type": "string", "maxLength": URL_MAX, "format": "uri"},
            "events": {"type": "array", "minItems": 1, "items": {"type": "string",
                                                                 "enum": events},
                       "description": "hub receivers: " + ", ".join(EVENTS) +
                                      "; slack receivers: " + ", ".join(SLACK_EVENTS) + "."},
            "format": {"type": "string", "enum": list(FORMATS), "default": "hub"},
            "market": {"type": ["string", "null"],
                       "description": "Slack receivers: only this market's news."},
            "description": {"type": ["string", "null"], "maxLength": DESCRIPTION_MAX},
            "active": {"type": "boolean"}},
            "description": "`url` and `events` are required to register."},
        "Webhook": {"type": "object", "properties": endpoint},
        "WebhookCreated": {"type": "object", "required": ["id", "secret"], "properties": {
            **endpoint, "secret": {"type": "string", "description": "Shown once."}}},
        "WebhookList": {"type": "object", "properties": {
            "items": {"type": "array", "items": {"$ref": "#/components/schemas/Webhook"}}}},
        "WebhookDelivery": {"type": "object", "properties": delivery},
        "WebhookDeliveryPage": {"type": "object", "properties": {
            "items": {"type": "array", "items": {"$ref": "#/components/schemas/WebhookDelivery"}},
            "total": {"type": "integer"}, "page": {"type": "integer"},
            "per_page": {"type": "integer"}}},
    }


def document() -> dict:
    return {"paths": _paths(), "schemas": _schemas()}
