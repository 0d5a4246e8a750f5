"""Webhooks: the receivers admins register, and the outbox of deliveries to them with each try."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from enablement.extensions import db
from enablement.models.base import UTCDateTime, utcnow
from enablement.models.users import User


class WebhookEndpoint(db.Model):
    """A URL that is sent the events it subscribes to: signed JSON (`hub`), or a Slack channel's
    incoming webhook (`slack`), optionally for one market only."""

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2000))
    description: Mapped[str] = mapped_column(String(200), default="")
    format: Mapped[str] = mapped_column(String(10), default="hub")  # hub | slack
    events: Mapped[list] = mapped_column(JSON, default=list)
    market: Mapped[str | None] = mapped_column(String(50))  # slack: only this market's news
    # The signing secret, encrypted with a key derived from SECRET_KEY (webhooks/keys.py): it has
    # to be read back to sign, so it can't be hashed like an API token.
    secret_ciphertext: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(default=True)
    failure_streak: Mapped[int] = mapped_column(default=0)  # failed tries since the last success
    last_success_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    disabled_reason: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    created_by: Mapped[User | None] = relationship()


class WebhookDelivery(db.Model):
    """One event for one receiver: written in the transaction that caused the event, sent after
    its commit, tried again with growing waits until `give_up_at`. `uid` (X-Hub-Delivery) and
    `body` never change, so a receiver can drop a delivery it has already handled."""

    __table_args__ = (Index("ix_webhook_delivery_state_next", "state", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # None: the Slack channel of the SLACK_WEBHOOK_URL setting, which has no row.
    endpoint_id: Mapped[int | None] = mapped_column(
        ForeignKey("webhook_endpoint.id", ondelete="CASCADE"), index=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    event: Mapped[str] = mapped_column(String(40))
    body: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(10), default="pending")  # pending|delivered|failed
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=utcnow)
    give_up_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_status: Mapped[int | None]
    last_error: Mapped[str | None] = mapped_column(Text)

    endpoint: Mapped[WebhookEndpoint | None] = relationship()
    tries: Mapped[list[WebhookAttempt]] = relationship(
        back_populates="delivery", cascade="all, delete-orphan", passive_deletes=True,
        order_by="WebhookAttempt.id")


class WebhookAttempt(db.Model):
    """One try at sending a delivery: what the receiver answered and how long it took."""

    id: Mapped[int] = mapped_column(primary_key=True)
    delivery_id: Mapped[int] = mapped_column(
        ForeignKey("webhook_delivery.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status: Mapped[int | None]  # the HTTP status; None when no answer came
    duration_ms: Mapped[int] = mapped_column(default=0)
    error: Mapped[str | None] = mapped_column(Text)
    response_excerpt: Mapped[str] = mapped_column(Text, default="")

    delivery: Mapped[WebhookDelivery] = relationship(back_populates="tries")
