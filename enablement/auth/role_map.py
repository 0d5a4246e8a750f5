"""Which hub role a set of identity-provider groups gives: shared by single sign-on (the ID
token's groups claim) and SCIM (the groups a provider pushes).

A group named like a role (rep, marketing, admin; case ignored) gives that role; OIDC_ROLE_MAP
adds the provider's own names: "Hub Admins=admin, Field Marketing=marketing" (or a JSON object).
Several matching groups give the highest of their roles."""

from __future__ import annotations

import json
from collections.abc import Iterable

from enablement.models import Role


def parse_role_map(raw) -> dict[str, str]:
    """{group name, lowercased: role} from the setting (a dict, JSON text or "a=b, c=d")."""
    if isinstance(raw, dict):
        pairs = raw.items()
    elif isinstance(raw, str) and raw.strip().startswith("{"):
        pairs = json.loads(raw).items()
    else:
        pairs = (item.rsplit("=", 1) for item in str(raw or "").split(",") if "=" in item)
    mapping = {}
    for group, role in pairs:
        role = str(role).strip().lower()
        if role not in {r.value for r in Role}:
            raise ValueError(f"OIDC_ROLE_MAP maps {group!r} to {role!r}, which is not a role "
                             f"(use {', '.join(Role)})")
        mapping[str(group).strip().lower()] = role
    return mapping


def role_of_group(name: str, role_map: dict[str, str]) -> str | None:
    """The role one group gives, or None."""
    key = (name or "").strip().lower()
    if key in {r.value for r in Role}:
        return key
    return role_map.get(key)


def role_for_groups(names: Iterable[str], role_map: dict[str, str]) -> str | None:
    """The highest role the groups give, or None when none gives one."""
    roles = [Role(role) for name in names if (role := role_of_group(name, role_map))]
    return max(roles, key=lambda r: r.rank).value if roles else None
