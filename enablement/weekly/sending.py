"""Sending the weekly email: once per person per week, whoever sends it and however often.

Before a person's email is written, a row (person, week) is inserted and committed: the claim. The
pair is unique, so when two workers (or a worker restarted mid-run) reach the same person, only
the first insert succeeds and only its owner sends. A claim whose sender died before it could
record the result stays "sending" and is never retried: a lost email is better than two.
A mail server that refuses or can't be reached marks the claim "failed", and a later round
(after RETRY_AFTER, at most MAX_ATTEMPTS in all, within the send window) claims it again with a
conditional UPDATE, which again only one worker can win.

Commits happen here, per person, on purpose: a claim must be visible to other workers before the
email goes out, and the result recorded right after.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import exists, or_, select, update
from sqlalchemy.exc import IntegrityError

from enablement.extensions import db
from enablement.models import (
    SendStatus,
    User,
    WeeklyEmailSend,
    WeeklyEmailSubscription,
    utcnow,
)
from enablement.notifications import mail
from enablement.weekly import services
from enablement.weekly.compose import compose
from enablement.weekly.content import gather
from enablement.weekly.schedule import in_send_window, send_moment, week_key

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 3
RETRY_AFTER = timedelta(minutes=15)


@dataclass
class WeeklyRun:
    week: str
    sent: int = 0
    empty: int = 0  # nothing to say this week: no email
    failed: int = 0
    taken: int = 0  # someone else had claimed them: another worker, or a run before a restart
    more: bool = False  # stopped at its time budget with people still due

    def summary(self) -> str:
        return (f"weekly email {self.week}: {self.sent} sent, {self.empty} with nothing to say, "
                f"{self.failed} failed, {self.taken} already claimed")


def current_week(now: datetime | None = None) -> str:
    config = current_app.config
    return week_key(send_moment(now or utcnow(), config["WEEKLY_EMAIL_WEEKDAY"],
                                config["WEEKLY_EMAIL_HOUR"]))


def send_due(now: datetime | None = None, claimer: str = "",
             budget: float | None = None) -> WeeklyRun | None:
    """Send this week's email to everyone who opted in and hasn't had it; None outside the send
    window or without a mail server (then nothing is claimed, so nothing is lost).

    With a `budget` (seconds) it stops once that is spent and says there is `more`: the worker
    keeps beating and draining between batches (about 70 ms an email, benchmarks/).
    """
    now = now or utcnow()
    deadline = time.monotonic() + budget if budget is not None else None
    config = current_app.config
    if not mail.enabled() or not in_send_window(now, config["WEEKLY_EMAIL_WEEKDAY"],
                                                config["WEEKLY_EMAIL_HOUR"]):
        return None
    run = WeeklyRun(current_week(now))
    due = due_user_ids(run.week, now)
    for done, user_id in enumerate(due, start=1):
        _claim_and_send(user_id, run, now, claimer)
        if deadline is not None and time.monotonic() >= deadline:  # at least one a call
            run.more = done < len(due)
            break
    return run


def send_to(user: User, now: datetime | None = None, claimer: str = "cli") -> WeeklyRun:
    """Send `user` this week's email now, whatever the hour (still once per week)."""
    now = now or utcnow()
    run = WeeklyRun(current_week(now))
    _claim_and_send(user.id, run, now, claimer)
    return run


def preview(user: User, now: datetime | None = None) -> mail.Mail | None:
    """The email `user` would get now (None: nothing to say), claiming and sending nothing."""
    content = gather(user, services.chosen_markets(user), now or utcnow(),
                     int(current_app.config["WEEKLY_EMAIL_MAX_ITEMS"]))
    return compose(content) if content.has_news else None


def due_user_ids(week: str, now: datetime) -> list[int]:
    """People opted in, active, without this week's email (or with a failed one to retry)."""
    this_week = (WeeklyEmailSend.user_id == WeeklyEmailSubscription.user_id) & \
        (WeeklyEmailSend.week == week)
    retry = exists().where(this_week, WeeklyEmailSend.status == SendStatus.FAILED.value,
                           WeeklyEmailSend.attempts < MAX_ATTEMPTS,
                           WeeklyEmailSend.claimed_at <= now - RETRY_AFTER)
    ids = list(db.session.scalars(
        select(WeeklyEmailSubscription.user_id).join(User)
        .where(WeeklyEmailSubscription.active.is_(True), User.active.is_(True),
               or_(~exists().where(this_week), retry))
        .order_by(WeeklyEmailSubscription.user_id)))
    db.session.rollback()  # no transaction stays open while emails go out
    return ids


def claim(user_id: int, week: str, now: datetime, claimer: str) -> int | None:
    """Take the right to send `user_id` the email of `week`: the claim's id, or None when it is
    someone else's (already sent, being sent, or retried by another worker)."""
    existing = db.session.scalar(select(WeeklyEmailSend).where(
        WeeklyEmailSend.user_id == user_id, WeeklyEmailSend.week == week))
    if existing is None:
        row = WeeklyEmailSend(user_id=user_id, week=week, status=SendStatus.SENDING.value,
                              attempts=1, claimed_by=claimer[:200], claimed_at=now)
        db.session.add(row)
        try:
            db.session.commit()
        except IntegrityError:  # another worker inserted the same (person, week) first
            db.session.rollback()
            return None
        return row.id
    retried = db.session.execute(
        update(WeeklyEmailSend)
        .where(WeeklyEmailSend.id == existing.id,
               WeeklyEmailSend.status == SendStatus.FAILED.value,
               WeeklyEmailSend.attempts < MAX_ATTEMPTS,
               WeeklyEmailSend.claimed_at <= now - RETRY_AFTER)
        .values(status=SendStatus.SENDING.value, attempts=WeeklyEmailSend.attempts + 1,
                claimed_by=claimer[:200], claimed_at=now)
        .execution_options(synchronize_session=False))
    db.session.commit()
    return existing.id if retried.rowcount == 1 else None


def _claim_and_send(user_id: int, run: WeeklyRun, now: datetime, claimer: str) -> None:
    claim_id = claim(user_id, run.week, now, claimer)
    if claim_id is None:
        run.taken += 1
        return
    try:
        status = _write_and_send(user_id, now)
    except Exception:  # one person's email must not stop everyone else's
        db.session.rollback()
        log.exception("weekly email to user %s failed", user_id)
        status = SendStatus.FAILED
    row = db.session.get(WeeklyEmailSend, claim_id)
    row.status, row.finished_at = status.value, utcnow()
    db.session.commit()
    setattr(run, status.value, getattr(run, status.value) + 1)  # run.sent, .empty or .failed


def _write_and_send(user_id: int, now: datetime) -> SendStatus:
    user = db.session.get(User, user_id)
    if user is None or not user.active or not services.is_subscribed(user):
        return SendStatus.EMPTY  # left or turned it off since the list was made
    message = preview(user, now)
    if message is None:
        return SendStatus.EMPTY
    return SendStatus.SENT if mail.send(message, current_app.config) else SendStatus.FAILED
