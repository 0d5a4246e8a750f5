"""Whether the worker process is alive: it beats, web pages and /healthz read the beat."""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select

from enablement.extensions import db
from enablement.models import WorkerHeartbeat, utcnow


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def beat(name: str, now: datetime | None = None) -> None:
    """Record that the worker `name` is alive (flushes; the caller commits)."""
    now = now or utcnow()
    row = db.session.scalar(select(WorkerHeartbeat).where(WorkerHeartbeat.name == name))
    if row is None:
        row = WorkerHeartbeat(name=name, started_at=now, last_seen=now)
        db.session.add(row)
    row.last_seen = now
    # Beats of workers gone for a day are history nobody reads.
    db.session.execute(WorkerHeartbeat.__table__.delete().where(
        WorkerHeartbeat.last_seen < now - timedelta(days=1)))
    db.session.flush()


@dataclass(frozen=True)
class WorkerStatus:
    alive: bool
    last_seen: datetime | None

    def as_json(self) -> dict:
        return {"status": "ok" if self.alive else "down",
                "last_seen": self.last_seen.isoformat() if self.last_seen else None}


def worker_status(now: datetime | None = None) -> WorkerStatus:
    """Alive when some worker beat within WORKER_MAX_SILENCE seconds."""
    now = now or utcnow()
    last_seen = db.session.scalar(select(func.max(WorkerHeartbeat.last_seen)))
    if last_seen is None:
        return WorkerStatus(alive=False, last_seen=None)
    silence = (now - last_seen).total_seconds()
    return WorkerStatus(alive=silence <= current_app.config["WORKER_MAX_SILENCE"],
                        last_seen=last_seen)
