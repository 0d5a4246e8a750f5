"""What outside identity systems leave with the hub: SCIM bearer tokens and single sign-on
attempts in flight."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from enablement.extensions import db
from enablement.models.base import UTCDateTime, utcnow


class ScimToken(db.Model):
    """The identity provider's key to /scim/v2; only its SHA-256 is kept."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ScimGroup(db.Model):
    """A group the identity provider pushed. Its display name gives its members a hub role
    when it names one (rep, marketing, admin) or OIDC_ROLE_MAP maps it to one."""

    id: Mapped[int] = mapped_column(primary_key=True)
    display_name: Mapped[str] = mapped_column(String(200), unique=True)
    external_id: Mapped[str | None] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    members: Mapped[list[ScimGroupMember]] = relationship(
        back_populates="group", cascade="all, delete-orphan")


class ScimGroupMember(db.Model):
    group_id: Mapped[int] = mapped_column(ForeignKey("scim_group.id", ondelete="CASCADE"),
                                          primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"),
                                         primary_key=True, index=True)

    group: Mapped[ScimGroup] = relationship(back_populates="members")


class SsoState(db.Model):
    """A sign-in sent to the identity provider and not yet back: its state, nonce and PKCE
    verifier. Deleted when the provider's answer is used, so an answer can't be replayed."""

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    value: Mapped[str] = mapped_column(Text)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
