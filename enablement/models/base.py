"""Types and defaults shared by every table."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime

from enablement.extensions import db

# The whole numbers SQLite's driver can bind (a 64-bit integer): a larger id or count fails inside
# the driver, a 500, so input from a URL or a JSON body is checked against these first.
SMALLEST_INT, LARGEST_INT = -(2**63), 2**63 - 1
# Row ids are `Integer` columns: 32-bit on PostgreSQL, which refuses a larger number with an error
# (a 500) rather than finding no row. No row can have a larger id on either database we run on.
LARGEST_ID = 2**31 - 1


def as_id(value) -> int | None:
    """A row id from what a form or JSON body sent (an int or a digit string), or None when it
    can't be one (past LARGEST_ID, the database answers with an error, not an empty answer)."""
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        value = int(value)  # isdigit alone lets '²' through, which int() refuses
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= LARGEST_ID:
        return value
    return None


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
