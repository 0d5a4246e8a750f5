"""/scim/v2: provisioning by the company's identity provider (RFC 7644), with its own bearer
tokens. Browser sessions and API tokens never reach it, so it needs no CSRF token."""

from __future__ import annotations

import functools

from flask import Blueprint, g, request
from sqlalchemy import Select, func, select
from werkzeug.exceptions import HTTPException

from enablement.api.common import json_body
from enablement.errors import DomainError
from enablement.extensions import csrf, db
from enablement.models import User
from enablement.models.base import LARGEST_ID
from enablement.scim import groups, schema, tokens, users
from enablement.scim.errors import ScimError, error_response, scim_response
from enablement.scim.protocol import select_attributes

bp = Blueprint("scim", __name__, url_prefix="/scim/v2")
csrf.exempt(bp)

SCIM_TOKEN = "scim_token"  # noqa: S105  # nosec B105 - the least "role": a SCIM token
DEFAULT_COUNT = 100
KNOWN = {"ServiceProviderConfig", "ResourceTypes", "Schemas", "Users", "Groups"}


def scim_token_required(view):
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        header = request.headers.get("Authorization", "")
        token = tokens.token_for(header[7:].strip()) if header.lower().startswith("bearer ") \
            else None
        if token is None:
            return error_response(401, "Send a SCIM bearer token (flask scim token create).")
        # Kept even when the call itself fails and rolls back, or only reads.
        db.session.commit()
        g.scim_token = token
        return view(*args, **kwargs)

    wrapped.least_role = SCIM_TOKEN
    return wrapped


@bp.errorhandler(ScimError)
def scim_error(error: ScimError):
    db.session.rollback()
    return error_response(error.status, error.detail, error.scim_type)


@bp.errorhandler(DomainError)
def domain_error(error: DomainError):
    db.session.rollback()
    detail = " ".join([error.message, *(f"{k}: {v}" for k, v in error.fields.items())])
    return error_response(400 if error.status == 422 else error.status, detail,
                          "invalidValue" if error.status in (400, 422) else None)


@bp.errorhandler(HTTPException)
def http_error(error: HTTPException):
    return error_response(error.code or 500, error.description or "")


def _body() -> dict:
    return json_body()


def _one(resource: dict, status: int = 200):
    resource = select_attributes(resource, _param("attributes"), _param("excludedAttributes"))
    response = scim_response(resource, status)
    if status == 201:
        response.headers["Location"] = resource["meta"]["location"]
    return response


def _param(name: str):
    """A query parameter, or for POST …/.search the same name in the body (RFC 7644 3.4.3)."""
    if request.method == "POST":
        value = _body().get(name)
        if isinstance(value, list):
            value = ",".join(str(v) for v in value)
        return value if value is None or isinstance(value, str | int) else str(value)
    return request.args.get(name)


def _paged(items: list | Select, to_resource):
    """A ListResponse page of `items` (a list, or a query paged by the database)."""
    try:
        start = min(max(1, int(_param("startIndex") or 1)), LARGEST_ID)
        count = min(max(0, int(_param("count") or DEFAULT_COUNT)), schema.MAX_RESULTS)
    except ValueError:
        raise ScimError(400, "startIndex and count are whole numbers.", "invalidValue") from None
    if isinstance(items, Select):
        total = db.session.scalar(select(func.count()).select_from(
            items.order_by(None).subquery()))
        page = list(db.session.scalars(items.offset(start - 1).limit(count)))
    else:
        total, page = len(items), items[start - 1:start - 1 + count]
    attributes, excluded = _param("attributes"), _param("excludedAttributes")
    return scim_response({
        "schemas": [schema.LIST_RESPONSE], "totalResults": total, "startIndex": start,
        "itemsPerPage": len(page),
        "Resources": [select_attributes(to_resource(item), attributes, excluded)
                      for item in page],
    })


# ---------------------------------------------------------------- discovery


@bp.get("/ServiceProviderConfig")
@scim_token_required
def service_provider_config():
    return scim_response(schema.service_provider_config())


@bp.get("/ResourceTypes")
@scim_token_required
def resource_types():
    return _paged(schema.resource_types(), lambda item: item)


@bp.get("/ResourceTypes/<name>")
@scim_token_required
def resource_type(name: str):
    found = [t for t in schema.resource_types() if t["id"] == name]
    if not found:
        raise ScimError(404, f"No resource type {name}.")
    return scim_response(found[0])


@bp.get("/Schemas")
@scim_token_required
def schemas():
    return _paged(schema.schemas(), lambda item: item)


@bp.get("/Schemas/<path:schema_id>")
@scim_token_required
def one_schema(schema_id: str):
    found = [s for s in schema.schemas() if s["id"] == schema_id]
    if not found:
        raise ScimError(404, f"No schema {schema_id}.")
    return scim_response(found[0])


# ---------------------------------------------------------------- users


@bp.get("/Users")
@bp.post("/Users/.search")
@scim_token_required
def list_users():
    return _paged(users.list_users(_param("filter")), users.user_resource)


@bp.post("/Users")
@scim_token_required
def create_user():
    user = users.create_user(_body(), g.scim_token)
    db.session.commit()
    return _one(users.user_resource(user), 201)


@bp.get("/Users/<user_id>")
@scim_token_required
def get_user(user_id: str):
    return _one(users.user_resource(users.get_user(user_id)))


@bp.put("/Users/<user_id>")
@scim_token_required
def replace_user(user_id: str):
    user = users.replace_user(users.get_user(user_id), _body(), g.scim_token)
    db.session.commit()
    return _one(users.user_resource(user))


@bp.patch("/Users/<user_id>")
@scim_token_required
def patch_user(user_id: str):
    user = users.patch_user(users.get_user(user_id), _body(), g.scim_token)
    db.session.commit()
    return _one(users.user_resource(user))


@bp.delete("/Users/<user_id>")
@scim_token_required
def delete_user(user_id: str):
    users.delete_user(users.get_user(user_id), g.scim_token)
    db.session.commit()
    return "", 204


# ---------------------------------------------------------------- groups


@bp.get("/Groups")
@bp.post("/Groups/.search")
@scim_token_required
def list_groups():
    return _paged(groups.list_groups(_param("filter")), groups.group_resource)


@bp.post("/Groups")
@scim_token_required
def create_group():
    group = groups.create_group(_body(), g.scim_token)
    db.session.commit()
    return _one(groups.group_resource(group), 201)


@bp.get("/Groups/<group_id>")
@scim_token_required
def get_group(group_id: str):
    return _one(groups.group_resource(groups.get_group(group_id)))


@bp.put("/Groups/<group_id>")
@scim_token_required
def replace_group(group_id: str):
    group = groups.replace_group(groups.get_group(group_id), _body(), g.scim_token)
    db.session.commit()
    return _one(groups.group_resource(group))


@bp.patch("/Groups/<group_id>")
@scim_token_required
def patch_group(group_id: str):
    group = groups.patch_group(groups.get_group(group_id), _body(), g.scim_token)
    db.session.commit()
    return _one(groups.group_resource(group))


@bp.delete("/Groups/<group_id>")
@scim_token_required
def delete_group(group_id: str):
    groups.delete_group(groups.get_group(group_id), g.scim_token)
    db.session.commit()
    return "", 204


@bp.post("/.search")
@scim_token_required
def search_all():
    """Users and groups at once (RFC 7644 3.4.3)."""
    filter_text = _param("filter")
    found_users = users.list_users(filter_text)
    if isinstance(found_users, Select):
        found_users = list(db.session.scalars(found_users))
    found = [*found_users, *groups.list_groups(filter_text)]
    return _paged(found, lambda item: users.user_resource(item) if isinstance(item, User)
                  else groups.group_resource(item))


@bp.route("/<path:anything>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
@scim_token_required
def unknown(anything: str):
    if anything.split("/")[0] in KNOWN:
        raise ScimError(405, f"{request.method} is not allowed on /scim/v2/{anything}.")
    raise ScimError(404, "No such SCIM endpoint.")
