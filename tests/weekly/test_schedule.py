"""Which week it is for the weekly email, and settings that would silently never send."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from enablement.weekly.schedule import in_send_window, next_moment, send_moment, week_key
from tests.conftest import make_app


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.mark.parametrize(("now", "moment"), [
    ("2026-12-07 07:00", "2026-12-07 07:00"),  # Monday 07:00 exactly
    ("2026-12-07 06:59", "2026-11-30 07:00"),  # a minute early: last week's
    ("2026-12-09 15:30", "2026-12-07 07:00"),  # Wednesday
    ("2026-12-13 23:59", "2026-12-07 07:00"),  # Sunday night
    ("2027-01-04 08:00", "2027-01-04 07:00"),  # across the new year
])
def test_the_latest_send_moment(now, moment):
    assert send_moment(at(now), "monday", 7) == at(moment)


def test_each_week_has_its_own_name_across_years():
    start = at("2026-01-05 07:00")
    names = [week_key(send_moment(start + timedelta(days=7 * n, hours=3), "monday", 7))
             for n in range(160)]
    assert len(set(names)) == 160
    assert names[0] == "2026-W02"
    assert week_key(at("2027-01-01 07:00")) == "2026-W53"  # a Friday send day at the year's end


def test_the_send_window_is_a_day_from_the_moment():
    assert in_send_window(at("2026-12-07 07:00"), "monday", 7)
    assert in_send_window(at("2026-12-08 06:59"), "monday", 7)
    assert not in_send_window(at("2026-12-08 07:00"), "monday", 7)
    assert next_moment(at("2026-12-09 10:00"), "friday", 16) == at("2026-12-11 16:00")


@pytest.mark.parametrize("setting", [
    {"WEEKLY_EMAIL_WEEKDAY": "mon"},
    {"WEEKLY_EMAIL_HOUR": 24},
    {"WEEKLY_EMAIL_HOUR": "7"},
    {"WEEKLY_EMAIL_LINK_DAYS": 0},
])
def test_settings_that_would_never_send_stop_the_hub_starting(tmp_path, setting):
    with pytest.raises(ValueError, match="WEEKLY_EMAIL_"):
        make_app(tmp_path, **setting)


def test_the_environment_sets_day_and_hour(tmp_path, monkeypatch):
    monkeypatch.setenv("WEEKLY_EMAIL_WEEKDAY", " Friday ")
    monkeypatch.setenv("WEEKLY_EMAIL_HOUR", "16")
    app = make_app(tmp_path)
    assert (app.config["WEEKLY_EMAIL_WEEKDAY"], app.config["WEEKLY_EMAIL_HOUR"]) == ("friday", 16)
