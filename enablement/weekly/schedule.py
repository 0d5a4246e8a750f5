"""Which week's email is due: the week starts at WEEKLY_EMAIL_WEEKDAY, WEEKLY_EMAIL_HOUR (UTC).

A week is named by the ISO week of its send moment ("2026-W49"); send moments are exactly seven
days apart, so each falls in its own ISO week and the name is unique.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from enablement.config import WEEKDAYS

# A worker that was down at the send moment still sends when it is back, within this long; after
# that the week is skipped rather than reaching people on the wrong day (and people who opt in
# mid-week hear from the hub on the next send day, not within minutes).
CATCH_UP = timedelta(hours=24)


def send_moment(now: datetime, weekday: str, hour: int) -> datetime:
    """The latest send moment at or before `now`."""
    now = now.astimezone(UTC)
    moment = now.replace(hour=hour, minute=0, second=0, microsecond=0)
    moment -= timedelta(days=(now.weekday() - WEEKDAYS.index(weekday)) % 7)
    return moment if moment <= now else moment - timedelta(days=7)


def week_key(moment: datetime) -> str:
    year, week, _ = moment.isocalendar()
    return f"{year}-W{week:02d}"


def next_moment(now: datetime, weekday: str, hour: int) -> datetime:
    return send_moment(now, weekday, hour) + timedelta(days=7)


def in_send_window(now: datetime, weekday: str, hour: int) -> bool:
    """Whether the worker should be sending now (from the send moment, for CATCH_UP)."""
    return now.astimezone(UTC) < send_moment(now, weekday, hour) + CATCH_UP
