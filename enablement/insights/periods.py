"""The period every insights report covers, and the rep usage each one counts.

Both the reports (dashboard.py) and the shared metrics (metrics.py) build on these; the metrics
need nothing from the reports, so the two never import each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import and_, select

from enablement.errors import ValidationError
from enablement.models import Role, UsageEvent, User

PRESETS = (7, 30, 90)
DEFAULT_DAYS = 30
MAX_DAYS = 366
# Dates outside these bounds are refused by name: 9999-12-31 has no next day to end a period
# on (an OverflowError, a 500, before this), and nothing the hub records predates 2000.
EARLIEST = date(2000, 1, 1)
FUTURE_DAYS = 366  # a period may end up to a year ahead (a quarter being planned)


@dataclass(frozen=True)
class Period:
    """Whole UTC days from `first` to `last`, both included."""

    first: date
    last: date
    preset: int | None = None  # 7, 30 or 90 when chosen as "last N days"

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def starts_at(self) -> datetime:
        return datetime.combine(self.first, time(), UTC)

    @property
    def ends_at(self) -> datetime:  # exclusive
        return datetime.combine(self.last + timedelta(days=1), time(), UTC)

    @property
    def bucket(self) -> str:
        return "day" if self.days <= 31 else "week"

    @property
    def label(self) -> str:
        if self.preset:
            return f"last {self.preset} days"
        return f"{self.first.isoformat()} to {self.last.isoformat()}"

    def previous(self) -> Period:
        """The same number of days just before, to compare with."""
        return Period(self.first - timedelta(days=self.days), self.first - timedelta(days=1))

    def as_json(self) -> dict:
        return {"from": self.first.isoformat(), "to": self.last.isoformat(), "days": self.days,
                "preset": self.preset, "bucket": self.bucket}


def today_utc() -> date:
    return datetime.now(UTC).date()


def latest_allowed(today: date | None = None) -> date:
    """The last day a period may end on."""
    return (today or today_utc()) + timedelta(days=FUTURE_DAYS)


def parse_period(args, today: date | None = None) -> Period:
    """The period from `days=N`, or from `from=` and `to=` dates; 422 naming the bad field."""
    today = today or today_utc()
    raw_from, raw_to = (args.get("from") or "").strip(), (args.get("to") or "").strip()
    if raw_from or raw_to:
        errors, dates = {}, {}
        latest = latest_allowed(today)
        for name, raw in (("from", raw_from), ("to", raw_to)):
            try:
                dates[name] = date.fromisoformat(raw)
            except ValueError:
                errors[name] = "Use a date like 2025-03-31." if raw else "Give both dates."
            else:
                if not EARLIEST <= dates[name] <= latest:
                    errors[name] = (f"Use a date from {EARLIEST.isoformat()} to "
                                    f"{latest.isoformat()}.")
        if not errors and dates["from"] > dates["to"]:
            errors["from"] = "The start must be on or before the end."
        elif not errors and (dates["to"] - dates["from"]).days + 1 > MAX_DAYS:
            errors["to"] = f"Choose at most {MAX_DAYS} days."
        if errors:
            raise ValidationError("Choose a valid period.", errors)
        return Period(dates["from"], dates["to"])
    raw_days = (args.get("days") or "").strip() or str(DEFAULT_DAYS)
    try:
        days = int(raw_days)
        if not 1 <= days <= MAX_DAYS:
            raise ValueError
    except ValueError:
        raise ValidationError("Choose a valid period.", {
            "days": f"Use a whole number of days from 1 to {MAX_DAYS}."}) from None
    return Period(today - timedelta(days=days - 1), today, days if days in PRESETS else None)


def in_period(column, period: Period):
    return and_(column >= period.starts_at, column < period.ends_at)


def rep_usage(*conditions):
    """Usage events by reps (marketing previewing its own assets is not use)."""
    return (select(UsageEvent).join(User, User.id == UsageEvent.user_id)
            .where(User.role == Role.REP.value, *conditions))
