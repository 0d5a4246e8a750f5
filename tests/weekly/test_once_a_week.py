"""Once per person per week, whatever happens to the workers: restarted, crashed mid-send, two at
once on the same database, or a mail server that is down for a while."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from enablement import worker
from enablement.extensions import db
from enablement.models import SendStatus, WeeklyEmailSend, utcnow
from enablement.notifications import mail
from enablement.weekly import sending
from enablement.weekly.sending import MAX_ATTEMPTS, RETRY_AFTER, current_week, send_due
from tests.conftest import make_app
from tests.mailserver import free_port


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def rows():
    db.session.expire_all()
    return list(db.session.scalars(select(WeeklyEmailSend).order_by(WeeklyEmailSend.id)))


@pytest.fixture
def three_reps(subscribe, add_news):
    add_news("Contractor news of the week")
    return [subscribe() for _ in range(3)]


def test_a_restarted_worker_does_not_send_the_week_again(three_reps, inbox):
    lines = []
    worker.Worker(lines.append, clock=Clock()).step()
    assert len(inbox.messages) == 3
    assert any("3 sent" in line for line in lines)
    worker.Worker(lines.append, clock=Clock()).step()  # a new process: its timers start at zero
    assert len(inbox.messages) == 3
    assert {row.status for row in rows()} == {SendStatus.SENT.value}


def test_a_worker_killed_mid_send_loses_that_email_rather_than_doubling_it(
        three_reps, inbox, monkeypatch):
    """The claim is committed before the email goes out: a process that dies after claiming
    (here, interrupted inside the mail server call) leaves "sending", which nobody retries."""
    first, *others = [(u.id, u.email) for u in three_reps]
    real_send = mail.send

    def dies_on_the_first(message, config):
        if message.to == first[1]:
            raise KeyboardInterrupt  # not an error the worker catches: the process ends
        return real_send(message, config)

    monkeypatch.setattr(mail, "send", dies_on_the_first)
    with pytest.raises(KeyboardInterrupt):
        worker.Worker(print, clock=Clock()).step()
    db.session.rollback()
    monkeypatch.setattr(mail, "send", real_send)
    worker.Worker(print, clock=Clock()).step()  # restarted
    assert sorted(to for [to], _ in inbox.messages) == sorted(email for _, email in others)
    statuses = {row.user_id: row.status for row in rows()}
    assert statuses[first[0]] == SendStatus.SENDING.value


def test_two_workers_at_once_send_each_email_once(app, app_config, tmp_path, three_reps, inbox,
                                                  monkeypatch):
    emails = sorted(u.email for u in three_reps)
    """Two worker processes on the same database (two apps here, each with its own connection
    pool) both find the same three people due at the same moment; the unique claim lets one send
    each email."""
    other = make_app(tmp_path, **app_config)
    start = threading.Barrier(2, timeout=10)
    real_due = sending.due_user_ids

    def due_then_race(week, now):
        ids = real_due(week, now)
        start.wait()  # both have the full list before either claims
        return ids

    monkeypatch.setattr(sending, "due_user_ids", due_then_race)
    runs, errors = {}, []

    def work(name, flask_app):
        try:
            with flask_app.app_context():
                runs[name] = send_due(claimer=name)
                db.session.remove()
        except Exception as error:  # reported below, with the thread's name
            errors.append((name, error))

    threads = [threading.Thread(target=work, args=(name, flask_app))
               for name, flask_app in (("a", app), ("b", other))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    with other.app_context():
        db.engine.dispose()
    assert errors == []
    assert sorted(to for [to], _ in inbox.messages) == emails
    assert runs["a"].sent + runs["b"].sent == 3
    assert runs["a"].taken + runs["b"].taken == 3


def test_the_database_refuses_a_second_claim_for_the_same_week(three_reps):
    rep = three_reps[0]
    db.session.add(WeeklyEmailSend(user_id=rep.id, week="2026-W49", claimed_by="a"))
    db.session.commit()
    db.session.add(WeeklyEmailSend(user_id=rep.id, week="2026-W49", claimed_by="b"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_a_mail_server_that_is_down_is_retried_later_that_week(app, subscribe, add_news, inbox):
    rep = subscribe()
    add_news("Contractor news")
    port = app.config["MAIL_PORT"]
    app.config["MAIL_PORT"] = free_port()  # nothing listens there
    now = utcnow()

    assert send_due(now).failed == 1
    assert send_due(now + timedelta(minutes=1)).taken == 0  # not retried straight away
    [row] = rows()
    assert (row.status, row.attempts) == (SendStatus.FAILED.value, 1)

    app.config["MAIL_PORT"] = port
    run = send_due(now + RETRY_AFTER)
    assert run.sent == 1
    [row] = rows()
    assert (row.status, row.attempts, row.week) == (SendStatus.SENT.value, 2, current_week(now))
    assert [to for [to], _ in inbox.messages] == [rep.email]


def test_retries_stop_after_a_few_attempts(app, subscribe, add_news, inbox):
    subscribe()
    add_news("Contractor news")
    app.config["MAIL_PORT"] = free_port()
    now = utcnow()
    for attempt in range(MAX_ATTEMPTS + 2):
        send_due(now + attempt * RETRY_AFTER)
    [row] = rows()
    assert (row.status, row.attempts) == (SendStatus.FAILED.value, MAX_ATTEMPTS)


def test_a_long_run_goes_in_batches_so_the_worker_keeps_beating(three_reps, inbox, monkeypatch):
    """With thousands of people the worker sends for WEEKLY_EMAIL_BATCH seconds a round, then
    beats and drains, then goes on where it stopped on the very next round."""
    monkeypatch.setattr(worker, "WEEKLY_EMAIL_BATCH", 0.0)  # one email per round
    lines = []
    busy = worker.Worker(lines.append, clock=Clock())
    sent = []
    for _ in range(5):
        busy.step()
        sent.append(len(inbox.messages))
    assert sent == [1, 2, 3, 3, 3]
    assert {row.status for row in rows()} == {SendStatus.SENT.value}
