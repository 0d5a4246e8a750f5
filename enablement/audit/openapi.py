"""The audit log's part of the OpenAPI document."""

from __future__ import annotations

from enablement.api.openapi import AUTH_ERRORS, DATE_TIME, PAGING, error_response, ok_response
from enablement.audit.log import ACTIONS

DATE = {"type": "string", "format": "date"}


def document() -> dict:
    return {
        "paths": {"/audit": {"get": {
            "summary": "The audit log, newest first (admins)",
            "description": "Sign-ins, sign-outs, users and roles, tokens, publishing and "
                           "settings. `ip` is the network the request came from (an IPv4 /24, "
                           "an IPv6 /48), null for the command line. Events older than "
                           "AUDIT_RETENTION_DAYS are removed by the worker.",
            "parameters": [
                {"name": "action", "in": "query", "schema": {"type": "string"},
                 "description": "An action (`auth.login`) or a group of them (`auth`): "
                                f"{', '.join(ACTIONS)}."},
                {"name": "actor", "in": "query", "schema": {"type": "string", "maxLength": 254},
                 "description": "Who acted: their email, or part of a name or label such as "
                                "`scim` or `cli` (case ignored)."},
                {"name": "since", "in": "query", "schema": DATE,
                 "description": "From this day (UTC) on."},
                {"name": "until", "in": "query", "schema": DATE,
                 "description": "Up to and including this day (UTC)."},
                *PAGING,
            ],
            "responses": {"200": ok_response("A page of events.", "AuditPage"),
                          "422": error_response("Invalid filter or paging."), **AUTH_ERRORS},
        }}},
        "schemas": {
            "AuditEvent": {"type": "object", "properties": {
                "id": {"type": "integer"}, "at": DATE_TIME,
                "action": {"type": "string", "enum": list(ACTIONS)},
                "actor": {"type": "string", "description": "An email, `scim:<token name>`, "
                                                           "`cli` or `system`."},
                "target": {"type": "string"},
                "ip": {"type": ["string", "null"], "description": "A network, e.g. "
                                                                  "203.0.113.0/24."},
                "details": {"type": "object", "description": "Short facts, e.g. the old and "
                                                            "new role; never a secret."}},
                "required": ["id", "at", "action", "actor", "target", "ip"]},
            "AuditPage": {"type": "object", "properties": {
                "items": {"type": "array", "items": {"$ref": "#/components/schemas/AuditEvent"}},
                "total": {"type": "integer"}, "page": {"type": "integer"},
                "per_page": {"type": "integer"}}, "required": ["items", "total"]},
        },
    }
