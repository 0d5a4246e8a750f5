"""SCIM Groups: the groups a provider pushes. A group named like a role (rep, marketing, admin)
or mapped to one by OIDC_ROLE_MAP gives its members that role; when a user joins or leaves such
a group their role becomes the highest their role groups give (rep when none)."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import func, select

from enablement.auth import services as auth_services
from enablement.auth.role_map import parse_role_map, role_for_groups, role_of_group
from enablement.errors import DomainError
from enablement.extensions import db
from enablement.models import Role, ScimGroup, ScimGroupMember, User
from enablement.models.base import as_id
from enablement.routing import absolute_url
from enablement.scim import protocol
from enablement.scim.errors import ScimError
from enablement.scim.schema import GROUP_SCHEMA

NAME_MAX = 200
MEMBERS_MAX = 10_000


def _role_map() -> dict[str, str]:
    return parse_role_map(current_app.config.get("OIDC_ROLE_MAP"))


def group_resource(group: ScimGroup) -> dict:
    members = db.session.execute(
        select(User.id).join(ScimGroupMember, ScimGroupMember.user_id == User.id)
        .where(ScimGroupMember.group_id == group.id, User.deleted_at.is_(None))
        .order_by(User.id)).all()
    resource = {"schemas": [GROUP_SCHEMA], "id": str(group.id), "displayName": group.display_name}
    if group.external_id:
        resource["externalId"] = group.external_id
    if members:
        resource["members"] = [{"value": str(uid), "$ref": absolute_url(f"/scim/v2/Users/{uid}")}
                               for (uid,) in members]
    resource["meta"] = {"resourceType": "Group", "created": group.created_at.isoformat(),
                        "lastModified": group.updated_at.isoformat(),
                        "location": absolute_url(f"/scim/v2/Groups/{group.id}")}
    return resource


def get_group(group_id: str) -> ScimGroup:
    group = db.session.get(ScimGroup, as_id(group_id)) if as_id(group_id) is not None else None
    if group is None:
        raise ScimError(404, f"No group {group_id}.")
    return group


def list_groups(filter_text: str | None) -> list[ScimGroup]:
    groups = list(db.session.scalars(select(ScimGroup).order_by(ScimGroup.id)))
    if not filter_text:
        return groups
    predicate = protocol.parse_filter(filter_text, GROUP_SCHEMA)
    return [group for group in groups if predicate(group_resource(group))]


def _member_ids(document: dict) -> set[int]:
    members = document.get("members") or []
    if not isinstance(members, list) or len(members) > MEMBERS_MAX:
        raise ScimError(400, f"members is a list of at most {MEMBERS_MAX}.", "invalidValue")
    ids = set()
    for member in members:
        value = member.get("value") if isinstance(member, dict) else None
        user_id = as_id(value)
        user = db.session.get(User, user_id) if user_id is not None else None
        if user is None or user.deleted_at is not None:
            raise ScimError(400, f"No user {value!r} to add to the group.", "invalidValue")
        ids.add(user.id)
    return ids


def _display_name(document: dict, group: ScimGroup | None) -> str:
    name = document.get("displayName")
    if not isinstance(name, str) or not name.strip() or len(name) > NAME_MAX:
        raise ScimError(400, f"displayName is text of 1 to {NAME_MAX} characters.",
                        "invalidValue")
    query = select(ScimGroup).where(func.lower(ScimGroup.display_name) == name.strip().lower())
    if group is not None:
        query = query.where(ScimGroup.id != group.id)
    if db.session.scalars(query).first() is not None:
        raise ScimError(409, "A group with this displayName exists.", "uniqueness")
    return name.strip()


def create_group(document: dict, actor) -> ScimGroup:
    group = ScimGroup(display_name=_display_name(document, None))
    db.session.add(group)
    db.session.flush()
    return replace_group(group, document, actor)


def replace_group(group: ScimGroup, document: dict, actor) -> ScimGroup:
    """PUT: the group's name and members become what `document` says; members whose role
    groups changed get the role those give."""
    old_name, new_name = group.display_name, _display_name(document, group)
    external_id = document.get("externalId")
    if external_id is not None and (not isinstance(external_id, str) or len(external_id) > 254):
        raise ScimError(400, "externalId is text of at most 254 characters.", "invalidValue")
    wanted = _member_ids(document)
    current = {m.user_id for m in group.members}
    group.display_name, group.external_id = new_name, external_id
    group.members = [m for m in group.members if m.user_id in wanted] + [
        ScimGroupMember(user_id=uid) for uid in sorted(wanted - current)]
    db.session.flush()
    old_role, new_role = (role_of_group(name, _role_map()) for name in (old_name, new_name))
    if old_role or new_role:  # a group that gives no role never changes anyone's role
        _sync_roles((current ^ wanted) | (current if old_role != new_role else set()), actor)
    return group


def patch_group(group: ScimGroup, body: dict, actor) -> ScimGroup:
    document = protocol.apply_patch(group_resource(group), body, GROUP_SCHEMA)
    return replace_group(group, document, actor)


def delete_group(group: ScimGroup, actor) -> None:
    members = {m.user_id for m in group.members}
    gave_role = role_of_group(group.display_name, _role_map())
    db.session.delete(group)
    db.session.flush()
    if gave_role:
        _sync_roles(members, actor)


def _sync_roles(user_ids: set[int], actor) -> None:
    """Give each user the role their role groups give (rep when none). Role changes reach the
    audit log through update_user, which also keeps the last admin."""
    role_map = _role_map()
    for user_id in sorted(user_ids):
        user = db.session.get(User, user_id)
        names = db.session.scalars(select(ScimGroup.display_name).join(ScimGroupMember)
                                   .where(ScimGroupMember.user_id == user_id)).all()
        role = role_for_groups(names, role_map) or Role.REP.value
        if user is None or user.role == role:
            continue
        try:
            auth_services.update_user(actor, user, name=user.name, role=role, active=user.active)
        except DomainError as error:
            raise ScimError(400, error.message, "mutability") from None
