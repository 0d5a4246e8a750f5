"""What every JSON API blueprint shares: the /api/v1 prefix, CSRF rules and JSON bodies.

Each feature keeps its endpoints in its own blueprint made here, so features can grow their API
without editing each other's modules.
"""

from __future__ import annotations

import json
import math
import re

from flask import Blueprint, current_app, request
from flask_login import current_user

from enablement.errors import DomainError, ValidationError
from enablement.extensions import csrf
from enablement.models.base import LARGEST_INT, SMALLEST_INT
from enablement.pagination import MAX_PAGE

API_PREFIX = "/api/v1"


def protect_cookie_sessions():
    """Browser sessions need the CSRF token for writes; bearer-token clients don't."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    if not current_app.config.get("WTF_CSRF_ENABLED", True):
        return  # CSRF switched off app-wide (tests); the app-level check honours it the same way
    if request.headers.get("Authorization", "").lower().startswith("bearer "):
        return
    # Nobody signed in: nothing for a forged request to ride on; the route's role check answers
    # 401 (a CSRF 400 would tell a client without a token the wrong thing to fix).
    if current_user.is_authenticated:
        csrf.protect()


def api_blueprint(name: str, import_name: str) -> Blueprint:
    """A blueprint under /api/v1 with the API's CSRF rules."""
    blueprint = Blueprint(name, import_name, url_prefix=API_PREFIX)
    csrf.exempt(blueprint)
    blueprint.before_request(protect_cookie_sessions)
    return blueprint


# Our bodies nest three deep at most (an asset's metrics: a list of objects in the body).
MAX_JSON_DEPTH = 10
_LONG_DIGITS = re.compile(rb"\d{20}")
_JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{},]')
_TOO_DEEP = f"Nest lists and objects at most {MAX_JSON_DEPTH} levels deep."


class _TooLarge:
    """Stands in for a whole number of more digits than any column holds (never parsed)."""


_TOO_LARGE = _TooLarge()


def _whole_number(digits: str) -> int | _TooLarge:
    # Parsing thousands of digits costs time and ends in a ValueError that can't name the field.
    return int(digits) if len(digits.lstrip("-")) <= 19 else _TOO_LARGE


def json_body() -> dict:
    """The request's JSON object, or a 4xx that says what to send and names the field at fault.

    Nothing a client can send makes this fail with a 500: values nested deeper than
    MAX_JSON_DEPTH, whole numbers no database column holds, and NaN or infinity are refused here,
    by field, before any feature sees them.
    """
    if not request.is_json:
        raise DomainError("Send a JSON object with Content-Type: application/json.")
    raw = request.get_data(cache=True)
    # Only a body with a run of 20 digits can hold a number too large: the others take the
    # parser's fast path for whole numbers.
    parse_int = _whole_number if _LONG_DIGITS.search(raw) else None
    try:
        body = json.loads(raw, parse_int=parse_int, parse_constant=_refuse_constant)
    except RecursionError:  # the parser gave up somewhere past ~900 levels
        raise ValidationError("The JSON is nested too deeply.",
                              {_field_nesting_too_deep(raw): _TOO_DEEP}) from None
    except ValueError:  # not JSON, not UTF-8, or more digits than Python turns into a number
        raise DomainError("The request body is not valid JSON.") from None
    if not isinstance(body, dict):
        raise DomainError("The request body must be a JSON object.")
    problems = {}
    for name, value in body.items():
        if isinstance(value, str) or value is None or type(value) is bool or (
                type(value) is int and SMALLEST_INT <= value <= LARGEST_INT):
            continue  # most fields: nothing to look into
        problem = _value_problem(value)
        if problem:
            problems[name] = problem
    if problems:
        raise ValidationError("Some fields need attention.", problems)
    return body


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not JSON")


def _value_problem(value) -> str | None:
    """What is wrong with one field's value, looking all the way down; None when nothing is."""
    pending = [(value, 2)]  # the body itself is the first level
    while pending:
        item, depth = pending.pop()
        if isinstance(item, dict | list):
            if depth > MAX_JSON_DEPTH:
                return _TOO_DEEP
            pending.extend((inner, depth + 1)
                           for inner in (item.values() if isinstance(item, dict) else item))
        elif item is _TOO_LARGE or (isinstance(item, float) and not math.isfinite(item)) or (
                isinstance(item, int) and not SMALLEST_INT <= item <= LARGEST_INT):
            return "This number is too large."
    return None


def _field_nesting_too_deep(raw: bytes) -> str:
    """The top-level field under which `raw` nests past MAX_JSON_DEPTH ("body" if none)."""
    depth, key = 0, "body"
    in_object = expect_key = False  # the body is an object; the next string is one of its keys
    for token in _JSON_TOKENS.finditer(raw.decode("utf-8", "replace")):
        text = token.group()
        if text in ("[", "{"):
            depth += 1
            if depth > MAX_JSON_DEPTH:
                return key
            if depth == 1:
                in_object = expect_key = text == "{"
        elif text in ("]", "}"):
            depth -= 1
        elif depth == 1 and text == ",":
            expect_key = in_object
        elif depth == 1 and expect_key:
            key, expect_key = json.loads(text), False
    return key


def paging(default_per_page: int = 20, max_per_page: int = 100) -> tuple[int, int]:
    """page and per_page from the query string, or a 422 naming the bad one."""
    errors = {}
    values = {}
    for name, default, upper in (("page", 1, MAX_PAGE), ("per_page", default_per_page,
                                                         max_per_page)):
        raw = request.args.get(name, default)
        try:
            values[name] = int(raw)
            if not 1 <= values[name] <= upper:
                raise ValueError
        except ValueError:
            errors[name] = f"Use a whole number from 1 to {upper:,}."
    if errors:
        raise ValidationError("Invalid paging.", errors)
    return values["page"], values["per_page"]
