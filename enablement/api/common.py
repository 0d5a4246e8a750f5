"""What every JSON API blueprint shares: the /api/v1 prefix, CSRF rules and JSON bodies.

Each feature keeps its endpoints in its own blueprint made here, so features can grow their API
without editing each other's modules.
"""

from __future__ import annotations

from flask import Blueprint, current_app, request

from enablement.errors import DomainError, ValidationError
from enablement.extensions import csrf

API_PREFIX = "/api/v1"


def protect_cookie_sessions():
    """Browser sessions need the CSRF token for writes; bearer-token clients don't."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    if not current_app.config.get("WTF_CSRF_ENABLED", True):
        return  # CSRF switched off app-wide (tests); the app-level check honours it the same way
    if not request.headers.get("Authorization", "").lower().startswith("bearer "):
        csrf.protect()


def api_blueprint(name: str, import_name: str) -> Blueprint:
    """A blueprint under /api/v1 with the API's CSRF rules."""
    blueprint = Blueprint(name, import_name, url_prefix=API_PREFIX)
    csrf.exempt(blueprint)
    blueprint.before_request(protect_cookie_sessions)
    return blueprint


def json_body() -> dict:
    """The request's JSON object, or a 400 that says what to send."""
    if not request.is_json:
        raise DomainError("Send a JSON object with Content-Type: application/json.")
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise DomainError("The request body must be a JSON object.")
    return body


def paging(default_per_page: int = 20, max_per_page: int = 100) -> tuple[int, int]:
    """page and per_page from the query string, or a 422 naming the bad one."""
    errors = {}
    values = {}
    for name, default, upper in (("page", 1, 1_000_000), ("per_page", default_per_page,
                                                          max_per_page)):
        raw = request.args.get(name, default)
        try:
            values[name] = int(raw)
            if not 1 <= values[name] <= upper:
                raise ValueError
        except ValueError:
            errors[name] = f"Use a whole number from 1 to {upper}."
    if errors:
        raise ValidationError("Invalid paging.", errors)
    return values["page"], values["per_page"]
