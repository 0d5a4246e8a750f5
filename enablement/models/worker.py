"""The worker's heartbeat: when each worker process last finished a round."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from enablement.extensions import db
from enablement.models.base import UTCDateTime, utcnow


class WorkerHeartbeat(db.Model):
    """One row per worker host and process; the web pages read the newest."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)  # "host:pid"
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
