"""The worker process of a deployment: `flask --app app worker`.

One worker runs beside any number of web processes. It polls the news feeds on their schedule,
applies the search outbox (the only index writer when SEARCH_DRAIN_IN_WEB is off), sends webhook
deliveries (the only sender while it is alive), the weekly stale-asset reminders and the weekly
email people opt in to, and drops audit events past AUDIT_RETENTION_DAYS. Every step survives its
own failures; SIGTERM stops it between steps.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable

import click
from flask import current_app

from enablement.audit.log import prune as prune_audit_log
from enablement.errors import DATABASE_UNAVAILABLE, unavailable_reason
from enablement.extensions import db
from enablement.heartbeat import beat, worker_name
from enablement.insights.reminders import notify_owner, send_reminders
from enablement.news.poller import PollerUnavailable, poll, seconds_until_next_poll
from enablement.search.outbox import drain
from enablement.shares.cli import purge_old_activity
from enablement.webhooks.delivery import deliver_due
from enablement.weekly.sending import send_due as send_weekly_email

DRAIN_EVERY = 2.0  # seconds: how stale the index may get when web processes don't write it
REMINDERS_EVERY = 6 * 3600.0  # owners still hear at most once a week; this only looks
WEEKLY_EMAIL_EVERY = 300.0  # looks for people due their weekly email (each gets one a week)
WEEKLY_EMAIL_BATCH = 30.0  # seconds of sending per round, so heartbeats and drains go on
AUDIT_PRUNE_EVERY = 24 * 3600.0


class Worker:
    def __init__(self, echo: Callable[[str], None], clock: Callable[[], float] = time.monotonic):
        self.echo = echo
        self.clock = clock
        self.name = worker_name()
        self.next_poll = 0.0
        self.next_reminders = 0.0
        self.next_weekly_email = 0.0
        self.next_beat = 0.0
        self.next_audit_prune = 0.0

    def step(self) -> None:
        """One round: beat, drain, then poll, remind and send weekly emails when due."""
        now = self.clock()
        if now >= self.next_beat:
            self._guarded("heartbeat", self._beat)
            self.next_beat = now + float(current_app.config["WORKER_HEARTBEAT_EVERY"])
        self._guarded("search drain", self._drain)
        self._guarded("webhooks", self._deliver_webhooks)
        if now >= self.next_poll or self._feed_due():
            self._guarded("news poll", self._poll)
            # Look again after the usual sleep unless the schedule says sooner (or can't be read).
            self.next_poll = self.clock() + float(current_app.config["NEWS_LOOP_MAX_SLEEP"])
            self._guarded("news schedule", self._schedule_next_poll)
        if now >= self.next_reminders:
            self._guarded("reminders", self._remind)
            self._guarded("share retention", self._forget_old_share_activity)
            self.next_reminders = self.clock() + REMINDERS_EVERY
        if now >= self.next_weekly_email:
            self.next_weekly_email = self.clock() + WEEKLY_EMAIL_EVERY
            self._guarded("weekly email", self._weekly_email)
        if now >= self.next_audit_prune:
            self._guarded("audit retention", self._prune_audit_log)
            self.next_audit_prune = self.clock() + AUDIT_PRUNE_EVERY

    def _beat(self) -> None:
        beat(self.name)
        db.session.commit()

    def _schedule_next_poll(self) -> None:
        wait = seconds_until_next_poll()
        if wait is not None:
            self.next_poll = min(self.next_poll, self.clock() + max(wait, 1.0))

    def _feed_due(self) -> bool:
        """A feed an admin asked to retry is polled on the next round, not after the sleep."""
        try:
            wait = seconds_until_next_poll()
        except Exception:  # the poll step itself reports why the schedule can't be read
            return False
        finally:
            db.session.close()  # every round asks: no transaction stays open through the sleep
        return wait is not None and wait <= 0

    def _drain(self) -> None:
        result = drain()
        if result.applied:
            self.echo(f"search: applied {result.applied} pending changes")

    def _deliver_webhooks(self) -> None:
        tried = deliver_due()
        if tried:
            self.echo(f"webhooks: tried {tried} deliveries")

    def _poll(self) -> None:
        try:
            report = poll()
        except PollerUnavailable as error:
            self.echo(f"news: cannot poll: {error}")
            return
        self.echo(f"news: {report.summary()}")

    def _remind(self) -> None:
        run = send_reminders(notify_owner)
        db.session.commit()
        if run.reminded:
            self.echo(f"reminders: {run.summary()}")

    def _weekly_email(self) -> None:
        run = send_weekly_email(claimer=self.name, budget=WEEKLY_EMAIL_BATCH)
        if run and (run.sent or run.failed):
            self.echo(run.summary())
        if run and run.more:
            self.next_weekly_email = self.clock()  # the rest on the next round

    def _prune_audit_log(self) -> None:
        removed = prune_audit_log(int(current_app.config["AUDIT_RETENTION_DAYS"]))
        db.session.commit()
        if removed:
            self.echo(f"audit: removed {removed} events past retention")

    def _forget_old_share_activity(self) -> None:
        removed = purge_old_activity()
        db.session.commit()
        if removed:
            self.echo(f"shares: forgot {removed} buyer visit(s) past the retention period")

    def _guarded(self, what: str, step: Callable[[], None]) -> None:
        try:
            step()
        except DATABASE_UNAVAILABLE as error:
            db.session.rollback()
            reason = unavailable_reason(error)
            current_app.logger.warning("worker: %s: database unavailable: %s", what, reason)
            self.echo(f"{what} failed: database unavailable ({reason}); trying again shortly")
        except Exception as error:  # a disk hiccup or a bug must not end the worker either
            db.session.rollback()
            current_app.logger.exception("worker: %s failed", what)
            self.echo(f"{what} failed: {error!r}; trying again shortly")
        finally:
            db.session.close()


def run(stop: threading.Event, echo: Callable[[str], None], tick: float = DRAIN_EVERY) -> int:
    """Work until `stop` is set; returns the number of rounds."""
    worker = Worker(echo)
    rounds = 0
    while not stop.is_set():
        worker.step()
        rounds += 1
        stop.wait(tick)
    return rounds


@click.command("worker")
def worker_command():
    """Run the worker: poll news, keep the search index current, send reminders and the weekly
    email."""
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    click.echo("Worker started; SIGTERM or Ctrl-C stops it after the current step.")
    rounds = run(stop, click.echo)
    click.echo(f"Worker stopped after {rounds} rounds.")
