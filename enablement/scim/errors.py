"""SCIM's error: `{"schemas": [Error], "status": "404", "scimType": …, "detail": …}`."""

from __future__ import annotations

import json

from flask import Response

ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error"
MEDIA_TYPE = "application/scim+json"


class ScimError(Exception):
    def __init__(self, status: int, detail: str, scim_type: str | None = None):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.scim_type = scim_type


def scim_response(body: dict, status: int = 200) -> Response:
    return Response(json.dumps(body), status=status, mimetype=MEDIA_TYPE)


def error_body(status: int, detail: str, scim_type: str | None = None) -> dict:
    body = {"schemas": [ERROR_SCHEMA], "status": str(status), "detail": detail[:500]}
    if scim_type:
        body["scimType"] = scim_type
    return body


def error_response(status: int, detail: str, scim_type: str | None = None) -> Response:
    response = scim_response(error_body(status, detail, scim_type), status)
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="scim"'
    return response
