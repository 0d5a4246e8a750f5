"""Domain errors raised by services, and how every error is shown: a page, or JSON under /api/."""

from __future__ import annotations

import contextlib
import itertools

from flask import Flask, jsonify, make_response, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError
from werkzeug.exceptions import HTTPException

from enablement.extensions import db, login_manager


class DomainError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: str, fields: dict[str, str] | None = None):
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


class ValidationError(DomainError):
    status = 422
    code = "validation_error"


class NotFound(DomainError):
    status = 404
    code = "not_found"


class Forbidden(DomainError):
    status = 403
    code = "forbidden"


class Conflict(DomainError):
    status = 409
    code = "conflict"


HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "too_many_requests",
    500: "internal_error",
    503: "service_unavailable",
}

FRIENDLY_MESSAGES = {
    400: "The request could not be understood.",
    401: "Please sign in.",
    403: "You don't have access to this page.",
    404: "We couldn't find that page. It may have been moved, archived or deleted.",
    405: "That action isn't allowed here.",
    413: "The upload is too large.",
    429: "Too many attempts. Please wait a few minutes and try again.",
    500: "Something went wrong on our side. Nothing you entered was saved; please try again.",
}
# What SQLAlchemy raises when the database is down, restarting or locked: expected now and then,
# so web (503), worker and drains say so in one line, not with a traceback.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)


def unavailable_reason(error: SQLAlchemyError) -> object:
    """The driver's own words for why the database could not be used."""
    return getattr(error, "orig", None) or error


DATABASE_DOWN = ("The hub can't reach its database right now. Nothing you entered was saved; "
                 "please try again in a minute.")


def wants_json() -> bool:
    return request.path.startswith("/api/")


# An answer names at most this many fields, each once: a body of 500,000 unknown keys once
# earned a 13 MB answer naming every one.
MAX_ERROR_FIELDS = 20
_MAX_FIELD_NAME = 100
_MAX_FIELD_MESSAGE = 500


def capped_fields(fields: dict | None) -> tuple[dict[str, str], int]:
    """The first MAX_ERROR_FIELDS fields, names and messages cut to a sane length, and how many
    more there were."""
    fields = fields or {}
    shown = {str(name)[:_MAX_FIELD_NAME]: str(message)[:_MAX_FIELD_MESSAGE]
             for name, message in itertools.islice(fields.items(), MAX_ERROR_FIELDS)}
    return shown, len(fields) - len(shown)


def error_response(status: int, message: str, fields: dict | None = None, code: str | None = None):
    fields, more = capped_fields(fields)
    if more:
        message = f"{message} ({more:,} more {'field' if more == 1 else 'fields'} not shown.)"
    if wants_json():
        body = {"error": {"code": code or HTTP_CODES.get(status, "error"), "message": message,
                          "fields": fields}}
        return make_response(jsonify(body), status)
    return make_response(
        render_template("error.html", status=status, message=message, fields=fields), status)


def register(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        db.session.rollback()
        return error_response(error.status, error.message, error.fields, error.code)

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return error_response(
            400, "Your form expired or was sent from elsewhere. Reload the page and try again.",
            code="csrf_failed",
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        status = error.code or 500
        message = FRIENDLY_MESSAGES.get(status, error.description)
        if status == 413:
            limit = app.config["MAX_UPLOAD_MB"]
            message = f"The upload is too large: files can be at most {limit} MB."
        response = error_response(status, message)
        if getattr(error, "valid_methods", None):
            response.headers["Allow"] = ", ".join(error.valid_methods)
        if status == 401 and wants_json():
            response.headers["WWW-Authenticate"] = 'Bearer realm="api"'
        return response

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)  # (DATABASE_UNAVAILABLE: one handler per class)
    def database_unavailable(error: SQLAlchemyError):
        """The database is down, restarting or locked: a 503 that says so, not a bug report."""
        with contextlib.suppress(SQLAlchemyError):
            db.session.rollback()
        app.logger.error("database unavailable on %s %s: %s", request.method, request.path,
                         unavailable_reason(error))
        # The page is shown as to a signed-out user: looking the user up needs the database.
        login_manager._update_request_context_with_user()
        response = error_response(503, DATABASE_DOWN, code="database_unavailable")
        response.headers["Retry-After"] = "30"
        return response

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        db.session.rollback()
        app.logger.exception("unhandled error on %s %s", request.method, request.path)
        return error_response(500, FRIENDLY_MESSAGES[500])
