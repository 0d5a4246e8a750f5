"""Types and defaults shared by every table."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime

from enablement.extensions import db


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(db.TypeDecorator):
    """Stores UTC and always gives back aware datetimes, on SQLite as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(UTC)
        return value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value
