"""The period a report covers: the last N days or two dates, as whole UTC days; a bad one names
its field."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from enablement.errors import ValidationError
from enablement.insights.periods import parse_period

TODAY = date(2025, 6, 30)


@pytest.mark.parametrize(("args", "first", "last_day", "preset"), [
    ({}, date(2025, 6, 1), TODAY, 30),
    ({"days": "7"}, date(2025, 6, 24), TODAY, 7),
    ({"days": "90"}, date(2025, 4, 2), TODAY, 90),
    ({"days": "14"}, date(2025, 6, 17), TODAY, None),
    ({"from": "2025-01-01", "to": "2025-01-31"}, date(2025, 1, 1), date(2025, 1, 31), None),
    ({"days": "7", "from": "2025-03-01", "to": "2025-03-01"}, date(2025, 3, 1),
     date(2025, 3, 1), None),
])
def test_the_period_is_whole_utc_days(args, first, last_day, preset):
    period = parse_period(args, TODAY)
    assert (period.first, period.last, period.preset) == (first, last_day, preset)
    assert period.days == (last_day - first).days + 1
    assert period.ends_at - period.starts_at == timedelta(days=period.days)
    assert period.bucket == ("day" if period.days <= 31 else "week")


@pytest.mark.parametrize(("args", "field"), [
    ({"days": "0"}, "days"),
    ({"days": "367"}, "days"),
    ({"days": "seven"}, "days"),
    ({"days": "-3"}, "days"),
    ({"from": "2025-01-01"}, "to"),
    ({"to": "2025-01-01"}, "from"),
    ({"from": "01/02/2025", "to": "2025-02-01"}, "from"),
    ({"from": "2025-02-02", "to": "2025-02-01"}, "from"),
    ({"from": "2023-01-01", "to": "2025-01-01"}, "to"),
    ({"from": "9999-12-31", "to": "9999-12-31"}, "from"),  # no next day: was a 500
    ({"from": "2025-01-01", "to": "9999-12-31"}, "to"),
    ({"from": "0001-01-01", "to": "0001-01-01"}, "from"),
    ({"from": "1999-12-31", "to": "2000-01-05"}, "from"),
    ({"from": "2025-06-01", "to": "2026-07-01"}, "to"),  # more than a year ahead
    ({"from": "2025-01-01", "to": "2025-01-01" * 500}, "to"),
    ({"days": "9" * 400}, "days"),
])
def test_a_bad_period_names_the_field(args, field):
    with pytest.raises(ValidationError) as caught:
        parse_period(args, TODAY)
    assert field in caught.value.fields


def test_dates_at_the_edges_are_allowed():
    assert parse_period({"from": "2000-01-01", "to": "2000-01-01"}, TODAY).days == 1
    ahead = parse_period({"from": "2026-06-01", "to": "2026-07-01"}, TODAY)
    assert ahead.last == TODAY + timedelta(days=366)


def test_the_previous_period_has_as_many_days_just_before():
    period = parse_period({"from": "2025-03-01", "to": "2025-03-31"}, TODAY)
    before = period.previous()
    assert (before.first, before.last) == (date(2025, 1, 29), date(2025, 2, 28))
    assert before.days == period.days
