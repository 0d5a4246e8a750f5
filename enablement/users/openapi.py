"""The users API's part of the OpenAPI document (admins only), with the limits it enforces."""

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
from enablement.auth.services import MIN_PASSWORD_LENGTH
from enablement.models import Role

EMAIL_MAX, NAME_MAX, PASSWORD_MAX = 254, 120, 200  # the admin page's form limits
ROLES = {"type": "string", "enum": [r.value for r in Role]}


def _paths() -> dict:
    return {
        "/users": {
            "get": {"summary": "Everyone with an account, by id (admins)",
                    "parameters": PAGING,
                    "responses": {"200": ok_response("A page of users.", "UserPage"),
                                  "422": error_response("Invalid paging."), **AUTH_ERRORS}},
            "post": json_operation(
                "Add a user (admins)", "UserInput",
                {"201": ok_response("Added; `password` is there only when generated.",
                                    "NewUser")},
                {"409": "A user with this email exists (`fields.email`).", "422": INVALID},
                description="Without `password` one is generated and returned once."),
        },
        "/users/{user_id}": {
            "parameters": [id_parameter("user_id")],
            "get": {"summary": "One user (admins)",
                    "responses": {"200": ok_response("The user.", "User"),
                                  "404": error_response("No such user."), **AUTH_ERRORS}},
            "patch": json_operation(
                "Change a user's name or role, or deactivate them (admins)", "UserChange",
                {"200": ok_response("The changed user.", "User")},
                {"404": "No such user.",
                 "422": "Invalid fields, the last active admin, or yourself deactivated."},
                description="A new role or `active: false` ends the user's sessions; a "
                            "deactivated user's API tokens stop working."),
        },
    }


def _schemas() -> dict:
    user = {"type": "object", "additionalProperties": False,
            "required": ["id", "email", "name", "role", "active", "created_at",
                         "last_login_at"],
            "properties": {
                "id": {"type": "integer"}, "email": {"type": "string", "format": "email"},
                "name": {"type": "string"}, "role": ROLES, "active": {"type": "boolean"},
                "created_at": DATE_TIME,
                "last_login_at": {"type": ["string", "null"], "format": "date-time"}}}
    new_user = {**user, "properties": {**user["properties"], "password": {
        "type": "string", "description": "The generated password, shown this once."}}}
    return {
        "User": user,
        "NewUser": new_user,
        "UserPage": {"type": "object", "additionalProperties": False,
                     "required": ["items", "total", "page", "per_page"], "properties": {
                         "items": {"type": "array", "items": {"$ref": "#/components/schemas/User"}},
                         "total": {"type": "integer"}, "page": {"type": "integer"},
                         "per_page": {"type": "integer"}}},
        "UserInput": {"type": "object", "additionalProperties": False, "required": ["email"],
                      "properties": {
                          "email": {"type": "string", "format": "email", "maxLength": EMAIL_MAX},
                          "name": {"type": "string", "maxLength": NAME_MAX},
                          "role": {**ROLES, "default": "rep"},
                          "password": {"type": "string", "minLength": MIN_PASSWORD_LENGTH,
                                       "maxLength": PASSWORD_MAX}}},
        "UserChange": {"type": "object", "additionalProperties": False, "properties": {
            "name": {"type": "string", "maxLength": NAME_MAX}, "role": ROLES,
            "active": {"type": "boolean", "description": "false deactivates."}}},
    }


def document() -> dict:
    return {"paths": _paths(), "schemas": _schemas()}
