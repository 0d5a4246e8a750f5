"""Weekly reminders to owners of stale assets, and `flask insights remind`."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from enablement.extensions import db
from enablement.insights.reminders import reminder_message, send_reminders
from enablement.models import Notification, Reminder
from tests.insights.support import NOW, ago, use


@pytest.fixture
def stale(app, create_asset, create_user):
    """Maya owns an overdue and an unused asset; Dan one unused; Ray's assets are fresh."""
    maya = create_user("marketing", name="Maya", email="maya@example.com")
    dan = create_user("marketing", name="Dan", email="dan@example.com")
    ray = create_user("marketing", name="Ray", email="ray@example.com")
    rep = create_user("rep")
    create_asset(owner=maya, title="Overdue", review_by=NOW.date() - timedelta(days=1))
    unused = [create_asset(owner=maya, title="Unused"), create_asset(owner=dan, title="Idle")]
    used = create_asset(owner=ray, title="Popular")
    for asset in (*unused, used):
        asset.published_at = ago(days=120)
    db.session.commit()
    use(used, rep, when=ago(days=3))
    return {"maya": maya, "dan": dan, "ray": ray}


def test_each_owner_is_told_once_a_week(stale):
    told = []
    run = send_reminders(lambda user, message, url: told.append((user.name, message, url)))
    db.session.commit()
    assert sorted(told) == [
        ("Dan", "1 of your assets needs a look: 1 not used by reps in 90 days.",
         "/insights#freshness"),
        ("Maya", "2 of your assets need a look: 1 past its review date and 1 not used by reps "
                 "in 90 days.", "/insights#freshness")]
    assert (len(run.reminded), run.assets, run.recently_reminded) == (2, 3, 0)
    assert {r.user_id for r in db.session.scalars(select(Reminder))} == {
        stale["maya"].id, stale["dan"].id}

    told.clear()
    again = send_reminders(lambda *args: told.append(args), now=NOW + timedelta(days=6))
    assert told == [] and again.recently_reminded == 2

    later = send_reminders(lambda *args: told.append(args), now=NOW + timedelta(days=7, hours=1))
    db.session.commit()
    assert len(told) == 2 and len(later.reminded) == 2
    assert db.session.get(Reminder, stale["maya"].id).sent_at > NOW + timedelta(days=7)


def test_inactive_owners_and_ownerless_assets_are_counted_not_told(stale, create_asset):
    stale["dan"].active = False
    db.session.commit()
    told = []
    run = send_reminders(lambda user, *rest: told.append(user.name))
    assert told == ["Maya"] and run.unowned == 1
    assert "1 stale asset without an owner" in run.summary()


def test_a_dry_run_tells_nobody_and_remembers_nothing(stale):
    run = send_reminders(lambda *args: pytest.fail("told someone"), dry_run=True)
    assert {u.name for u in run.reminded} == {"Maya", "Dan"}
    assert db.session.scalar(select(Reminder)) is None


@pytest.mark.parametrize(("overdue", "unused", "text"), [
    (1, 0, "1 of your assets needs a look: 1 past its review date."),
    (2, 0, "2 of your assets need a look: 2 past their review date."),
    (0, 3, "3 of your assets need a look: 3 not used by reps in 90 days."),
])
def test_reminder_messages(overdue, unused, text):
    assert reminder_message(overdue, unused) == text


def test_the_command_notifies_in_the_hub_and_emails_once(app, stale, runner, inbox,
                                                         mail_config):
    app.config.update(mail_config)
    result = runner.invoke(args=["insights", "remind"])
    assert result.exit_code == 0, result.output
    assert "Reminded 2 owners about 3 stale assets; 0 already reminded this week" in result.output
    notes = db.session.scalars(select(Notification).order_by(Notification.user_id)).all()
    assert [(n.user_id, n.url) for n in notes] == [(stale["maya"].id, "/insights#freshness"),
                                                   (stale["dan"].id, "/insights#freshness")]
    assert sorted(to for to, _ in inbox.messages) == [["dan@example.com"], ["maya@example.com"]]
    body = inbox.messages[0][1].get_content()
    assert "Insights page" in body and "at most once a week" in body
    assert "http://hub.test/insights#freshness" in body

    result = runner.invoke(args=["insights", "remind"])
    assert "Reminded 0 owners about 0 stale assets; 2 already reminded this week" in result.output
    assert len(inbox.messages) == 2 and len(db.session.scalars(select(Notification)).all()) == 2


def test_the_command_without_smtp_only_notifies(app, stale, runner, inbox):
    result = runner.invoke(args=["insights", "remind", "--dry-run"])
    assert "Would remind: " in result.output and "maya@example.com" in result.output
    assert db.session.scalar(select(Notification)) is None
    assert runner.invoke(args=["insights", "remind"]).exit_code == 0
    assert len(db.session.scalars(select(Notification)).all()) == 2
    assert inbox.messages == []  # a mail server was listening; without MAIL_SERVER none is sent
