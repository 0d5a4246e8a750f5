"""Who an ID token signs in: the rules after Authlib has checked the token itself.

- The email must be verified by the provider (`email_verified`, or Entra ID's `xms_edov`) and,
  when OIDC_ALLOWED_DOMAINS is set, in one of those domains.
- A user is found by the provider's issuer and subject. The first sign-in creates them (just in
  time) with the role their groups give (OIDC_ROLE_MAP) or OIDC_DEFAULT_ROLE; later sign-ins
  update their name, and their role when the token carries the groups claim.
- An existing local account with the same email is never taken over silently: it is linked only
  when the admin allowed it (OIDC_LINK_EXISTING) — the email is verified by then.
- A deactivated or deleted user is refused, as everywhere.
"""

from __future__ import annotations

import secrets

from sqlalchemy import select

from enablement.audit.log import record
from enablement.auth import services as auth_services
from enablement.auth.role_map import parse_role_map, role_for_groups
from enablement.errors import DomainError
from enablement.extensions import db
from enablement.models import Role, User, utcnow


class SsoRefused(Exception):
    """The provider signed someone in whom the hub won't: `reason` is for the audit log,
    `message` for the person."""

    def __init__(self, reason: str, message: str):
        super().__init__(reason)
        self.reason = reason
        self.message = message


def _allowed_domains(config) -> set[str]:
    return {d.strip().lower().lstrip("@") for d in (config.get("OIDC_ALLOWED_DOMAINS") or "")
            .split(",") if d.strip()}


def _verified(claims) -> bool:
    return any(claims.get(name) in (True, "true", "True") for name in ("email_verified",
                                                                       "xms_edov"))


def checked_email(claims, config) -> str:
    raw = claims.get("email")
    if not isinstance(raw, str) or not raw:
        raise SsoRefused("no email", "Your identity provider didn't share your email address.")
    try:
        email = auth_services.normalise_email(raw)
    except DomainError:
        raise SsoRefused("invalid email", "Your identity provider's email address for you "
                                          "isn't one the hub can use.") from None
    if not _verified(claims):
        raise SsoRefused("email not verified", "Your identity provider hasn't verified your "
                                               "email address, so the hub can't use it.")
    domains = _allowed_domains(config)
    if domains and email.rsplit("@", 1)[1] not in domains:
        raise SsoRefused("domain not allowed", "Accounts from this email domain can't sign in "
                                               "to this hub.")
    return email


def _role_from(claims, config) -> str | None:
    """The role the groups claim gives; None when the token has no groups claim at all."""
    claim = config.get("OIDC_ROLE_CLAIM") or "groups"
    if claim not in claims:
        return None
    groups = claims[claim]
    groups = [groups] if isinstance(groups, str) else groups if isinstance(groups, list) else []
    mapped = role_for_groups([str(g) for g in groups], parse_role_map(config.get("OIDC_ROLE_MAP")))
    default = (config.get("OIDC_DEFAULT_ROLE") or Role.REP.value).lower()
    return mapped or (default if default in {r.value for r in Role} else Role.REP.value)


def _name_from(claims, email: str) -> str:
    joined = " ".join(str(claims[k]) for k in ("given_name", "family_name") if claims.get(k))
    return (str(claims.get("name") or "") or joined or email.split("@")[0]).strip()[:120]


def sign_in(claims, issuer: str, config) -> User:
    """The user these checked ID token claims sign in, created or updated; SsoRefused if none."""
    subject = claims.get("sub")
    if not isinstance(subject, str) or not subject or len(subject) > 255:
        raise SsoRefused("no subject", "Your identity provider's answer was incomplete.")
    email = checked_email(claims, config)
    role = _role_from(claims, config)
    user = db.session.scalar(select(User).where(User.sso_issuer == issuer,
                                                User.sso_subject == subject))
    if user is None:
        user = _link_or_create(email, claims, issuer, subject, role, config)
    elif not user.active:
        raise SsoRefused("deactivated", "Your hub account is deactivated. Ask your hub's admin.")
    else:
        _update(user, claims, email, role)
    user.last_login_at = utcnow()
    record("auth.login", user, user, details={"method": "sso"})
    return user


def _link_or_create(email, claims, issuer, subject, role, config) -> User:
    existing = auth_services.find_user(email)
    if existing is None:
        user = auth_services.create_user(email, _name_from(claims, email),
                                         role or config.get("OIDC_DEFAULT_ROLE") or "rep",
                                         secrets.token_urlsafe(24), actor="sso", via="sso")
        user.sso_issuer, user.sso_subject = issuer, subject
        return user
    if not existing.active:
        raise SsoRefused("deactivated", "Your hub account is deactivated. Ask your hub's admin.")
    if existing.sso_subject is not None or not config.get("OIDC_LINK_EXISTING"):
        raise SsoRefused("existing account not linked", (
            "A hub account with your email already exists. Ask your hub's admin to allow "
            "linking it to single sign-on (OIDC_LINK_EXISTING), or sign in with your password."))
    existing.sso_issuer, existing.sso_subject = issuer, subject
    record("user.linked", existing, existing, details={"issuer": issuer})
    _update(existing, claims, email, role)
    return existing


def _update(user: User, claims, email: str, role: str | None) -> None:
    """Name and role from the claims (a role change that would leave no admin is skipped)."""
    name = _name_from(claims, email)
    try:
        auth_services.update_user("sso", user, name=name, role=role or user.role,
                                  active=user.active)
    except DomainError:
        auth_services.update_user("sso", user, name=name, role=user.role, active=user.active)
    if email != user.email and auth_services.find_user(email) is None:
        record("user.updated", "sso", user, details={"email": f"{user.email} -> {email}"})
        user.email = email
