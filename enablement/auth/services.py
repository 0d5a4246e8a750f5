"""Users, passwords, sign-in throttling and API tokens, as plain functions that never commit."""

from __future__ import annotations

import functools
import hashlib
import secrets

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from enablement.audit.log import record
from enablement.auth import throttle
from enablement.errors import Conflict, ValidationError
from enablement.extensions import db
from enablement.models import ApiToken, Role, User, utcnow

MIN_PASSWORD_LENGTH = 10
TOKEN_PREFIX = "ehub_"  # noqa: S105  # nosec B105 - marks our API tokens; not a secret


def normalise_email(raw: str) -> str:
    try:
        return validate_email(raw.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as error:
        raise ValidationError("Invalid email address.", {"email": str(error)}) from error


def generate_password() -> str:
    return secrets.token_urlsafe(12)


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            "Password too short.",
            {"password": f"Use at least {MIN_PASSWORD_LENGTH} characters."},
        )


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def create_user(email: str, name: str, role: str, password: str, *, actor=None,
                via: str = "") -> User:
    """A new user; `actor` (a User, a SCIM token, or None for the command line) and `via`
    ("scim", "sso") go into the audit log."""
    email = normalise_email(email)
    if role not in {r.value for r in Role}:
        raise ValidationError("Unknown role.", {"role": f"Choose one of {', '.join(Role)}."})
    check_password_strength(password)
    if find_user(email):
        raise Conflict("A user with this email already exists.", {"email": "Already in use."})
    user = User(
        email=email,
        name=(name or email.split("@")[0]).strip()[:120],
        role=role,
        password_hash=generate_password_hash(password),
    )
    db.session.add(user)
    db.session.flush()
    record("user.created", actor, user, details={"role": role, **({"via": via} if via else {})})
    return user


def end_sessions(user: User) -> None:
    """Sign the user out everywhere: every session made so far, on any device and in any copy of
    its cookie, stops working at its next request. API tokens are not sessions and keep working
    (deactivation stops them)."""
    user.session_version = (user.session_version or 1) + 1


def set_password(user: User, password: str, *, actor=None) -> None:
    check_password_strength(password)
    user.password_hash = generate_password_hash(password)
    end_sessions(user)
    throttle.forget_sources(user)
    record("user.password_changed", actor, user)


def count_admins() -> int:
    return db.session.scalar(
        select(func.count(User.id)).where(User.role == Role.ADMIN.value, User.active.is_(True))
    )


def update_user(actor, user: User, *, name: str, role: str, active: bool) -> None:
    """Change a user's name, role or access; the last active admin cannot lock everyone out.

    `actor` is the admin (a User), a SCIM token, or None for the command line. Deactivating
    ends the user's sessions and revokes their API tokens at once."""
    if role not in {r.value for r in Role}:
        raise ValidationError("Unknown role.", {"role": f"Choose one of {', '.join(Role)}."})
    losing_admin = user.role == Role.ADMIN and user.active and (role != Role.ADMIN or not active)
    if losing_admin and count_admins() <= 1:
        raise ValidationError(
            "The hub needs at least one active admin.",
            {"role": "Make someone else an admin first."},
        )
    if isinstance(actor, User) and user.id == actor.id and not active:
        raise ValidationError("You cannot deactivate yourself.", {"active": "Ask another admin."})
    user.name = name.strip()[:120] or user.name
    if (role, active) != (user.role, user.active):
        # A session keeps what it was allowed to do when it began; a new role or a
        # deactivation starts afresh (and a reactivated user's old cookies stay dead).
        end_sessions(user)
    if role != user.role:
        record("user.role_changed", actor, user, details={"from": user.role, "to": role})
    if active != user.active:
        record("user.reactivated" if active else "user.deactivated", actor, user)
    if not active:
        revoke_tokens_of(user, actor)
    elif user.deleted_at is not None:
        user.deleted_at = None  # an admin brought a deleted user back
    user.role = role
    user.active = active


def authenticate(email: str, password: str, source: str, config) -> User | None:
    """The user these credentials belong to, or None; raises throttle.TooManyAttempts while
    this email is locked for this source (auth/throttle.py says when)."""
    email = email.strip().lower()[:254]
    policy = throttle.Policy.from_config(config)
    now = throttle.utcnow()
    throttle.forget_expired(policy, now)
    user, known = throttle.account_and_known_source(email, source, policy, now)
    try:
        throttle.check(email, source, known, now)
    except throttle.TooManyAttempts:
        record_failed_sign_in(email, user, "locked after repeated failures")
        raise
    # Check a password even for unknown emails, so timing doesn't reveal who has an account.
    stored_hash = user.password_hash if user else _dummy_hash()
    if check_password_hash(stored_hash, password) and user and user.active:
        if not password_sign_in_allowed(user, config):
            record_failed_sign_in(email, user, "password sign-in is off")
            return None
        throttle.record_success(email, source)
        throttle.remember_source(user, source, policy, now)
        user.last_login_at = now
        record("auth.login", user, user, details={"method": "password"})
        return user
    throttle.record_failure(email, source, policy, now)
    reason = "unknown account" if user is None else (
        "deactivated" if not user.active else "wrong password")
    record_failed_sign_in(email, user, reason)
    return None


def password_sign_in_allowed(user: User, config) -> bool:
    """With LOCAL_LOGIN off only the break-glass admins (BREAK_GLASS_ADMINS) use passwords;
    everyone else signs in through single sign-on."""
    if config.get("LOCAL_LOGIN", True):
        return True
    break_glass = {e.strip().lower() for e in (config.get("BREAK_GLASS_ADMINS") or "").split(",")}
    return user.role == Role.ADMIN and user.email.lower() in break_glass


def record_failed_sign_in(typed: str, user: User | None, reason: str) -> None:
    """A refused sign-in in the audit log. What was typed as the email is kept only when it
    looks like one: a password typed into the wrong field must not be kept."""
    record("auth.login_failed", typed if "@" in typed else "(not an email)", user,
           details={"reason": reason})


@functools.cache
def _dummy_hash() -> str:
    return generate_password_hash(secrets.token_urlsafe(16))


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(user: User, name: str = "", *, actor=None) -> str:
    """A new bearer token for `user`; only its hash is stored, so show it once."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    api_token = ApiToken(user=user, name=name[:80], token_hash=hash_token(token))
    db.session.add(api_token)
    db.session.flush()
    record("token.created", actor, api_token)
    return token


def user_for_token(token: str) -> User | None:
    api_token = db.session.scalar(
        select(ApiToken).where(ApiToken.token_hash == hash_token(token),
                               ApiToken.revoked_at.is_(None))
    )
    if api_token is None or not api_token.user.active:
        return None
    return api_token.user


def revoke_token(token: ApiToken, *, actor=None) -> None:
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        record("token.revoked", actor, token)


def revoke_tokens_of(user: User, actor=None) -> None:
    """Revoke every API token of `user` (on deactivation: reactivating doesn't revive them)."""
    for token in db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id,
                                                           ApiToken.revoked_at.is_(None))):
        revoke_token(token, actor=actor)
