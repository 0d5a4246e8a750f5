"""Users in the JSON API, for admins: list, add, change a role or deactivate (what /admin/users
does), e.g. for provisioning scripts."""

from __future__ import annotations

from flask import jsonify, url_for
from flask_login import current_user
from sqlalchemy import func, select

from enablement.api.common import api_blueprint, json_body, paging
from enablement.api.openapi import register_paths
from enablement.auth import services
from enablement.errors import NotFound, ValidationError
from enablement.extensions import db
from enablement.models import Role, User
from enablement.security import role_required
from enablement.users.openapi import EMAIL_MAX, NAME_MAX, PASSWORD_MAX, document
from enablement.web import iso

bp = api_blueprint("users_api", __name__)
register_paths(document)

CREATE_FIELDS = {"email", "name", "role", "password"}
CHANGE_FIELDS = {"name", "role", "active"}


def user_json(user: User) -> dict:
    return {"id": user.id, "email": user.email, "name": user.name, "role": user.role,
            "active": user.active, "created_at": iso(user.created_at),
            "last_login_at": iso(user.last_login_at)}


def _checked(body: dict, allowed: set[str]) -> dict:
    """The body's fields, each of the right type and length, or a 422 naming every bad one."""
    errors = {name: "Unknown field." for name in body if name not in allowed}
    limits = {"email": EMAIL_MAX, "name": NAME_MAX, "password": PASSWORD_MAX}
    for name, value in body.items():
        if name in limits and not (isinstance(value, str) and len(value) <= limits[name]):
            errors[name] = f"Send text of at most {limits[name]} characters."
    if "role" in body and not (isinstance(body["role"], str)
                               and body["role"] in {r.value for r in Role}):
        errors["role"] = f"Choose one of {', '.join(Role)}."
    if "active" in body and not isinstance(body["active"], bool):
        errors["active"] = "Send true or false."
    if errors:
        raise ValidationError("Some fields need attention.", errors)
    return body


def _user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound("No such user.")
    return user


@bp.get("/users")
@role_required(Role.ADMIN)
def list_users():
    page, per_page = paging(max_per_page=100)
    total = db.session.scalar(select(func.count()).select_from(User))
    users = db.session.scalars(select(User).order_by(User.id).offset((page - 1) * per_page)
                               .limit(per_page)).all()
    return jsonify({"items": [user_json(u) for u in users], "total": total, "page": page,
                    "per_page": per_page})


@bp.post("/users")
@role_required(Role.ADMIN)
def create_user():
    body = _checked(json_body(), CREATE_FIELDS)
    if "email" not in body:
        raise ValidationError("An email is needed.", {"email": "Give the user's email."})
    password = body.get("password") or services.generate_password()
    user = services.create_user(body["email"], body.get("name", ""), body.get("role", "rep"),
                                password)
    db.session.commit()
    data = user_json(user)
    if not body.get("password"):
        data["password"] = password  # generated: shown this once, as on /admin/users
    response = jsonify(data)
    response.headers["Location"] = url_for("users_api.get_user", user_id=user.id)
    response.headers["Cache-Control"] = "no-store"
    return response, 201


@bp.get("/users/<int:user_id>")
@role_required(Role.ADMIN)
def get_user(user_id: int):
    return jsonify(user_json(_user(user_id)))


@bp.patch("/users/<int:user_id>")
@role_required(Role.ADMIN)
def change_user(user_id: int):
    """A new name, role, or `active: false` to deactivate (their sessions end; tokens stop)."""
    user = _user(user_id)
    body = _checked(json_body(), CHANGE_FIELDS)
    services.update_user(current_user, user, name=body.get("name", user.name),
                         role=body.get("role", user.role), active=body.get("active", user.active))
    db.session.commit()
    return jsonify(user_json(user))
