"""SCIM Users: the hub's users as RFC 7643 resources, and the provider's changes to them.

A provider owns the profile it sends (name, displayName, emails), which is kept as sent and given
back unchanged; the hub's own name and sign-in email are taken from it. Deleting a user keeps the
row, so their assets, feedback, requests and wins keep their author, but ends their sessions,
revokes their API tokens and hides them from SCIM (a later POST of the same person revives them).
"""

from __future__ import annotations

import re
import secrets

from sqlalchemy import Select, false, func, or_, select

from enablement.audit.log import record
from enablement.auth import services as auth_services
from enablement.errors import DomainError, ValidationError
from enablement.extensions import db
from enablement.models import ScimGroup, ScimGroupMember, User, utcnow
from enablement.models.base import as_id
from enablement.routing import absolute_url
from enablement.scim import protocol
from enablement.scim.errors import ScimError
from enablement.scim.schema import USER_SCHEMA

TEXT_MAX = 254
NAME_PARTS = ("formatted", "familyName", "givenName")
EMAILS_MAX = 10
# The lookups providers make before each change, answered by the database.
_SIMPLE_EQ = re.compile(r'^\s*(userName|externalId|id)\s+eq\s+("(?:[^"\\]|\\.)*")\s*$', re.I)


def location(user: User) -> str:
    return absolute_url(f"/scim/v2/Users/{user.id}")


def user_resource(user: User, with_groups: bool = True) -> dict:
    """The user as SCIM shows them."""
    resource = {"schemas": [USER_SCHEMA], "id": str(user.id),
                "userName": user.user_name or user.email}
    if user.external_id:
        resource["externalId"] = user.external_id
    profile = user.scim_profile
    if profile is None:  # a user the hub made itself: shown from its own fields
        profile = {"name": {"formatted": user.name}, "displayName": user.name,
                   "emails": [{"value": user.email, "type": "work", "primary": True}]}
    resource.update({key: profile[key] for key in ("name", "displayName", "emails")
                     if profile.get(key) not in (None, {}, [])})
    resource["active"] = user.active
    groups = db.session.scalars(select(ScimGroup).join(ScimGroupMember)
                                .where(ScimGroupMember.user_id == user.id)
                                .order_by(ScimGroup.id)).all() if with_groups else []
    if groups:
        resource["groups"] = [{"value": str(g.id), "display": g.display_name,
                               "$ref": absolute_url(f"/scim/v2/Groups/{g.id}")} for g in groups]
    resource["meta"] = {"resourceType": "User", "created": user.created_at.isoformat(),
                        "location": location(user)}
    return resource


def get_user(user_id: str) -> User:
    user = db.session.get(User, as_id(user_id)) if as_id(user_id) is not None else None
    if user is None or user.deleted_at is not None:
        raise ScimError(404, f"No user {user_id}.")
    return user


def list_users(filter_text: str | None) -> Select | list[User]:
    """Users (not deleted) matching the filter, by id: a query to page in the database for no
    filter and for `userName`, `externalId` or `id eq "…"` (what providers send before each
    change), else the list of users the filter keeps, looked at one by one."""
    query = select(User).where(User.deleted_at.is_(None)).order_by(User.id)
    simple = _SIMPLE_EQ.match(filter_text or "")
    if simple:
        value = protocol._literal(simple[2])
        value = value.lower() if isinstance(value, str) else ""
        attribute = protocol.canonical(simple[1])
        if attribute == "userName":
            return query.where(or_(func.lower(User.user_name) == value,
                                   User.user_name.is_(None) & (func.lower(User.email) == value)))
        if attribute == "externalId":
            return query.where(func.lower(User.external_id) == value)
        return query.where(User.id == as_id(value)) if as_id(value) is not None \
            else query.where(false())
    if not filter_text:
        return query
    predicate = protocol.parse_filter(filter_text, USER_SCHEMA)
    with_groups = "groups" in filter_text.lower()
    return [user for user in db.session.scalars(query)
            if predicate(user_resource(user, with_groups))]


# ---------------------------------------------------------------- changes


def _text(value, field: str, required: bool = False) -> str | None:
    if value is None or value == "":
        if required:
            raise ScimError(400, f"{field} is required.", "invalidValue")
        return None
    if not isinstance(value, str) or len(value) > TEXT_MAX:
        raise ScimError(400, f"{field} is text of at most {TEXT_MAX} characters.", "invalidValue")
    return value


def _boolean(value, field: str) -> bool:
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"  # Entra ID sends "False"
    if not isinstance(value, bool):
        raise ScimError(400, f"{field} is true or false.", "invalidValue")
    return value


def _profile(document: dict) -> dict:
    """name, displayName and emails from a resource, checked."""
    profile: dict = {}
    name = document.get("name")
    if name is not None:
        if not isinstance(name, dict):
            raise ScimError(400, "name is an object.", "invalidValue")
        parts = {key: _text(name.get(key), f"name.{key}") for key in NAME_PARTS}
        profile["name"] = {key: value for key, value in parts.items() if value is not None}
    profile["displayName"] = _text(document.get("displayName"), "displayName")
    emails = document.get("emails")
    if emails is not None:
        if not isinstance(emails, list) or len(emails) > EMAILS_MAX or \
                not all(isinstance(e, dict) for e in emails):
            raise ScimError(400, f"emails is a list of at most {EMAILS_MAX} objects.",
                            "invalidValue")
        profile["emails"] = [
            {key: value for key, value in (
                ("value", _text(e.get("value"), "emails.value")),
                ("type", _text(e.get("type"), "emails.type")),
                ("primary", None if e.get("primary") is None
                 else _boolean(e.get("primary"), "emails.primary"))) if value is not None}
            for e in emails]
    return {key: value for key, value in profile.items() if value not in (None, {}, [])}


def _sign_in_email(user_name: str, profile: dict) -> str:
    emails = [e for e in profile.get("emails", []) if e.get("value")]
    chosen = next((e["value"] for e in emails if e.get("primary")), None) or \
        (emails[0]["value"] if emails else (user_name if "@" in user_name else None))
    if chosen is None:
        raise ScimError(400, "The hub needs an email: send emails, or a userName that is one.",
                        "invalidValue")
    try:
        return auth_services.normalise_email(chosen)
    except ValidationError:
        raise ScimError(400, f"{chosen!r} is not an email address.", "invalidValue") from None


def _display_name(profile: dict, email: str) -> str:
    name = profile.get("name", {})
    joined = " ".join(p for p in (name.get("givenName"), name.get("familyName")) if p)
    return (profile.get("displayName") or name.get("formatted") or joined
            or email.split("@")[0])[:120]


def _holder(user_name: str, email: str, exclude: User | None) -> User | None:
    """Another user who already has this userName or email (deleted ones included)."""
    query = select(User).where(or_(func.lower(User.user_name) == user_name.lower(),
                                   func.lower(User.email) == email.lower(),
                                   User.user_name.is_(None)
                                   & (func.lower(User.email) == user_name.lower())))
    if exclude is not None:
        query = query.where(User.id != exclude.id)
    return db.session.scalars(query).first()


def create_user(document: dict, actor) -> User:
    """A provisioned user (role rep until a group gives another); a deleted user with the same
    userName or email comes back instead."""
    user_name = _text(document.get("userName"), "userName", required=True)
    profile = _profile(document)
    email = _sign_in_email(user_name, profile)
    existing = _holder(user_name, email, None)
    if existing is not None and existing.deleted_at is None:
        raise ScimError(409, "A user with this userName or email exists.", "uniqueness")
    if existing is not None:
        existing.deleted_at = None
        return replace_user(existing, {"active": True, **document}, actor)
    try:
        user = auth_services.create_user(email, _display_name(profile, email), "rep",
                                         secrets.token_urlsafe(24), actor=actor, via="scim")
    except DomainError as error:
        raise ScimError(409 if error.status == 409 else 400, error.message,
                        "uniqueness" if error.status == 409 else "invalidValue") from None
    _set_fields(user, document, user_name, profile)
    if "active" in document and not _boolean(document["active"], "active"):
        _change_access(user, False, actor)
    return user


def _set_fields(user: User, document: dict, user_name: str, profile: dict) -> None:
    user.user_name = user_name
    user.external_id = _text(document.get("externalId"), "externalId")
    user.scim_profile = profile


def replace_user(user: User, document: dict, actor) -> User:
    """PUT: the user becomes what `document` says (active stays as it was when not sent)."""
    user_name = _text(document.get("userName"), "userName", required=True)
    profile = _profile(document)
    email = _sign_in_email(user_name, profile)
    if _holder(user_name, email, user) is not None:
        raise ScimError(409, "Another user has this userName or email.", "uniqueness")
    name = _display_name(profile, email)
    if (email, name) != (user.email, user.name):
        record("user.updated", actor, user, details={
            key: f"{old} -> {new}" for key, old, new in (("email", user.email, email),
                                                         ("name", user.name, name)) if old != new})
    user.email, user.name = email, name
    _set_fields(user, document, user_name, profile)
    if "active" in document:
        _change_access(user, _boolean(document["active"], "active"), actor)
    db.session.flush()
    return user


def patch_user(user: User, body: dict, actor) -> User:
    document = protocol.apply_patch(user_resource(user), body, USER_SCHEMA)
    return replace_user(user, document, actor)


def _change_access(user: User, active: bool, actor) -> None:
    if active == user.active:
        return
    try:
        auth_services.update_user(actor, user, name=user.name, role=user.role, active=active)
    except DomainError as error:
        raise ScimError(400, error.message, "mutability") from None


def delete_user(user: User, actor) -> None:
    """Gone for SCIM and sign-in at once; the row stays for attribution."""
    _change_access(user, False, actor)
    user.deleted_at = utcnow()
    for membership in db.session.scalars(select(ScimGroupMember)
                                         .where(ScimGroupMember.user_id == user.id)):
        db.session.delete(membership)
    record("user.deleted", actor, user, details={"via": "scim"})
    db.session.flush()
