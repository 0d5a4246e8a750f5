"""People, their roles, API tokens, sign-in throttling and secrets waiting to be shown once."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from enablement.extensions import db
from enablement.models.base import UTCDateTime, utcnow


class Role(enum.StrEnum):
    REP = "rep"
    MARKETING = "marketing"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return list(Role).index(self)

    @property
    def label(self) -> str:
        return self.value.capitalize()


class User(UserMixin, db.Model):
    __table_args__ = (UniqueConstraint("sso_issuer", "sso_subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20), default=Role.REP.value)
    password_hash: Mapped[str] = mapped_column(String(256))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Part of every session's user id: raising it ends all of the user's sessions at once
    # (auth.services.end_sessions), copied cookies included.
    session_version: Mapped[int] = mapped_column(default=1, server_default="1")
    # Provisioning (SCIM): the provider's userName and externalId, and the profile as it sent it
    # (name, displayName, emails), given back unchanged. A user the provider deletes keeps their
    # row (their assets, feedback and wins keep their author) but is gone from SCIM and sign-in.
    user_name: Mapped[str | None] = mapped_column(String(254), unique=True)
    external_id: Mapped[str | None] = mapped_column(String(254))
    scim_profile: Mapped[dict | None] = mapped_column(JSON)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Single sign-on: the provider's issuer and subject that this user signs in as.
    sso_issuer: Mapped[str | None] = mapped_column(String(255))
    sso_subject: Mapped[str | None] = mapped_column(String(255))

    def get_id(self) -> str:
        """What the session cookie carries: Flask-Login's "alternative id", so a session made
        before the last end_sessions() no longer finds its user."""
        return f"{self.id}:{self.session_version}"

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active  # a deleted user is also inactive

    def has_role(self, least: Role | str) -> bool:
        return Role(self.role).rank >= Role(least).rank

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"


class ApiToken(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()


class LoginThrottle(db.Model):
    """Recent failed sign-ins for one email from one source, and until when they slow it down.

    `source` is the client's address (an IPv6 client's /64), or ACCOUNT_WIDE for the failures of
    every source together, which slow down only sources the account has never signed in from.
    """

    __table_args__ = (UniqueConstraint("email", "source"),)

    ACCOUNT_WIDE = "*"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    source: Mapped[str] = mapped_column(String(64))
    failures: Mapped[int] = mapped_column(default=0)
    last_failure_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)


class KnownSource(db.Model):
    """A source a user has signed in from (a keyed hash, not the address), so an attack on the
    account from elsewhere doesn't lock them out."""

    __table_args__ = (UniqueConstraint("user_id", "source_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    source_hash: Mapped[str] = mapped_column(String(64))
    last_seen: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ShownOnceSecret(db.Model):
    """A generated password or new API token, encrypted with a key that only the creating
    browser's session holds, until the next page shows it and deletes it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    viewer_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(300))
    ciphertext: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
