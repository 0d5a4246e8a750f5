"""Users, passwords, sign-in throttling and API tokens, as plain functions that never commit."""

from __future__ import annotations

import functools
import hashlib
import secrets
from datetime import timedelta

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import delete, func, select
from werkzeug.security import check_password_hash, generate_password_hash

from enablement.errors import Conflict, ValidationError
from enablement.extensions import db
from enablement.models import ApiToken, LoginFailure, Role, User, utcnow

MIN_PASSWORD_LENGTH = 10
TOKEN_PREFIX = "ehub_"  # noqa: S105  # nosec B105 - marks our API tokens; not a secret


class TooManyAttempts(Exception):
    """Sign-in refused without checking the password, after repeated failures."""


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


def create_user(email: str, name: str, role: str, password: str) -> User:
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
    return user


def set_password(user: User, password: str) -> None:
    check_password_strength(password)
    user.password_hash = generate_password_hash(password)


def count_admins() -> int:
    return db.session.scalar(
        select(func.count(User.id)).where(User.role == Role.ADMIN.value, User.active.is_(True))
    )


def update_user(actor: User, user: User, *, name: str, role: str, active: bool) -> None:
    """Change a user's name, role or access; the last active admin cannot lock everyone out."""
    if role not in {r.value for r in Role}:
        raise ValidationError("Unknown role.", {"role": f"Choose one of {', '.join(Role)}."})
    losing_admin = user.role == Role.ADMIN and user.active and (role != Role.ADMIN or not active)
    if losing_admin and count_admins() <= 1:
        raise ValidationError(
            "The hub needs at least one active admin.",
            {"role": "Make someone else an admin first."},
        )
    if user.id == actor.id and not active:
        raise ValidationError("You cannot deactivate yourself.", {"active": "Ask another admin."})
    user.name = name.strip()[:120] or user.name
    user.role = role
    user.active = active


def authenticate(email: str, password: str, ip: str, config) -> User | None:
    """The user these credentials belong to, or None; raises TooManyAttempts when throttled."""
    email = email.strip().lower()
    window_start = utcnow() - timedelta(minutes=config["LOGIN_FAILURE_WINDOW_MINUTES"])
    db.session.execute(delete(LoginFailure).where(LoginFailure.created_at < window_start))
    by_email = db.session.scalar(
        select(func.count(LoginFailure.id)).where(LoginFailure.email == email)
    )
    by_ip = db.session.scalar(select(func.count(LoginFailure.id)).where(LoginFailure.ip == ip))
    if by_email >= config["LOGIN_MAX_FAILURES"] or by_ip >= config["LOGIN_MAX_FAILURES_PER_IP"]:
        raise TooManyAttempts()
    user = find_user(email)
    # Check a password even for unknown emails, so timing doesn't reveal who has an account.
    stored_hash = user.password_hash if user else _dummy_hash()
    if check_password_hash(stored_hash, password) and user and user.active:
        db.session.execute(delete(LoginFailure).where(LoginFailure.email == email))
        user.last_login_at = utcnow()
        return user
    db.session.add(LoginFailure(email=email[:254], ip=ip[:64]))
    return None


@functools.cache
def _dummy_hash() -> str:
    return generate_password_hash(secrets.token_urlsafe(16))


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(user: User, name: str = "") -> str:
    """A new bearer token for `user`; only its hash is stored, so show it once."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    db.session.add(ApiToken(user=user, name=name[:80], token_hash=hash_token(token)))
    db.session.flush()
    return token


def user_for_token(token: str) -> User | None:
    api_token = db.session.scalar(
        select(ApiToken).where(ApiToken.token_hash == hash_token(token),
                               ApiToken.revoked_at.is_(None))
    )
    if api_token is None or not api_token.user.active:
        return None
    return api_token.user


def revoke_token(token: ApiToken) -> None:
    token.revoked_at = utcnow()
