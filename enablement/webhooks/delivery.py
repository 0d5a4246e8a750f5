"""Sending webhook deliveries after the commit: signed, bounded, logged, retried for a day.

Who sends: the worker, every round. Without a live worker (`make run`), the web process sends
after the response of a request that committed deliveries, and looks for due retries at most every
WEBHOOKS_WEB_RETRY_EVERY seconds; with a live worker, only the worker sends.

Each try first claims its delivery (an UPDATE that only one process can win, moving the next
attempt a lease ahead), commits, and only then posts: two processes never send the same try, and
one that dies mid-send leaves a delivery that is tried again once the lease runs out.

Every try is posted through enablement/outbound.py (the news poller's checked connections): no
private or loopback receiver unless WEBHOOKS_ALLOW_PRIVATE_NETWORKS, a connect, read and total
deadline, no redirects followed, and at most WEBHOOKS_MAX_RESPONSE_BYTES of the answer read.

The waits after failed tries double from WEBHOOKS_RETRY_BASE_SECONDS (30 s, 1, 2, 4 … minutes)
until WEBHOOKS_RETRY_HOURS after the event, when one last try is made. A delivery whose day ran
out while its receiver had not answered anything well since it was made disables the receiver,
and the admins are told.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, url_for
from sqlalchemy import or_, select, update

from enablement.extensions import db
from enablement.heartbeat import worker_status
from enablement.models import Role, User, WebhookAttempt, WebhookDelivery, WebhookEndpoint, utcnow
from enablement.notifications import mail
from enablement.notifications.services import notify
from enablement.outbound import (
    BlockedAddress,
    Reach,
    TooLarge,
    describe_error,
    guarded,
    read_capped,
)
from enablement.outbound import new_session as new_http_session
from enablement.webhooks import keys
from enablement.webhooks.events import PENDING_FLAG

USER_AGENT = "EnablementHub-Webhooks/1"
EXCERPT_CHARS = 1000  # of each answer, kept with the try
LEASE = timedelta(minutes=2)  # longer than one try's total deadline
BATCH = 50
WEB_BATCH = 10


@dataclass
class Outcome:
    status: int | None = None
    error: str | None = None
    excerpt: str = ""
    duration_ms: int = 0

    @property
    def ok(self) -> bool:
        return self.error is None and self.status is not None and 200 <= self.status < 300


def reach() -> Reach:
    config = current_app.config
    return Reach(allow_private=bool(config["WEBHOOKS_ALLOW_PRIVATE_NETWORKS"]),
                 setting="WEBHOOKS_ALLOW_PRIVATE_NETWORKS", what="webhook receivers")


def backoff(failed_tries: int) -> timedelta:
    """How long to wait after the `failed_tries`-th failed try: doubling from the base."""
    base = float(current_app.config["WEBHOOKS_RETRY_BASE_SECONDS"])
    return timedelta(seconds=base * 2 ** min(failed_tries - 1, 30))


def post(url: str, body: bytes, headers: dict[str, str]) -> Outcome:
    """POST `body` once, within the deadlines; never raises for what the network does."""
    config = current_app.config
    connect = float(config["WEBHOOKS_CONNECT_TIMEOUT"])
    read = float(config["WEBHOOKS_READ_TIMEOUT"])
    total = float(config["WEBHOOKS_TOTAL_TIMEOUT"])
    started = time.monotonic()
    outcome = Outcome()
    session = new_http_session()
    try:
        with guarded(reach(), total) as guard:
            response = session.post(url, data=body, headers=headers, stream=True,
                                    allow_redirects=False, timeout=(min(connect, total), read))
            with response:
                outcome.status = response.status_code
                try:
                    answer = read_capped(response, int(config["WEBHOOKS_MAX_RESPONSE_BYTES"]))
                    outcome.excerpt = answer[:EXCERPT_CHARS * 4].decode(
                        "utf-8", "replace")[:EXCERPT_CHARS]
                except TooLarge:
                    cap = int(config["WEBHOOKS_MAX_RESPONSE_BYTES"])
                    outcome.excerpt = f"(an answer longer than {cap:,} bytes: not read)"
                if guard.expired:
                    raise TimeoutError("total deadline passed")
            if 300 <= outcome.status < 400:
                outcome.error = f"answered {outcome.status}: redirects are not followed"
            elif not outcome.ok:
                outcome.error = f"answered {outcome.status}"
    except BlockedAddress as error:
        outcome.error = f"refused: {error}"
    except Exception as error:  # anything the network does is this try's failure
        if time.monotonic() - started >= total:
            outcome.error = f"took longer than {total:g} s in total (total deadline)"
        else:
            outcome.error = describe_error(error, connect, read)
    finally:
        session.close()
        outcome.duration_ms = int((time.monotonic() - started) * 1000)
    return outcome


def _target(delivery: WebhookDelivery) -> tuple[str | None, dict[str, str]]:
    """Where the delivery goes and its headers; (None, reason) when it can't be sent."""
    body = delivery.body.encode()
    endpoint = delivery.endpoint
    headers = {"Content-Type": "application/json", "User-Agent": USER_AGENT}
    if endpoint is None:
        return current_app.config.get("SLACK_WEBHOOK_URL") or None, headers
    if endpoint.format == "slack":
        return endpoint.url, headers
    secret = keys.decrypt(endpoint.secret_ciphertext)
    if secret is None:
        return None, {"error": "the signing secret can't be read (SECRET_KEY changed): make a "
                               "new secret on the receiver's page"}
    headers.update({"X-Hub-Event": delivery.event, "X-Hub-Delivery": delivery.uid,
                    "X-Hub-Signature": keys.signature(secret, int(time.time()), body)})
    return endpoint.url, headers


def _claim(delivery_id: int, attempts: int, now: datetime) -> bool:
    """Take the next try of a due delivery; False when another process took it first."""
    result = db.session.execute(
        update(WebhookDelivery)
        .where(WebhookDelivery.id == delivery_id, WebhookDelivery.state == "pending",
               WebhookDelivery.attempts == attempts, WebhookDelivery.next_attempt_at <= now)
        .values(attempts=attempts + 1, next_attempt_at=now + LEASE)
        .execution_options(synchronize_session=False))
    db.session.commit()
    return result.rowcount == 1


def attempt(delivery: WebhookDelivery, now: datetime) -> Outcome:
    """One try of a claimed delivery, recorded with its outcome (the caller commits)."""
    url, headers = _target(delivery)
    if url is None:
        outcome = Outcome(error=headers.get("error", "SLACK_WEBHOOK_URL is no longer set"))
    else:
        outcome = post(url, delivery.body.encode(), headers)
    db.session.add(WebhookAttempt(delivery_id=delivery.id, at=now, status=outcome.status,
                                  duration_ms=outcome.duration_ms, error=outcome.error,
                                  response_excerpt=outcome.excerpt))
    delivery.last_status, delivery.last_error = outcome.status, outcome.error
    endpoint = delivery.endpoint
    if outcome.ok:
        delivery.state, delivery.delivered_at, delivery.next_attempt_at = "delivered", now, None
        if endpoint is not None:
            endpoint.failure_streak, endpoint.last_success_at = 0, now
        return outcome
    if endpoint is not None:
        endpoint.failure_streak += 1
    if now >= delivery.give_up_at:
        delivery.state, delivery.next_attempt_at = "failed", None
        _disable_if_dead(endpoint, delivery, now)
    else:
        delivery.next_attempt_at = min(now + backoff(delivery.attempts), delivery.give_up_at)
    return outcome


def _disable_if_dead(endpoint: WebhookEndpoint | None, delivery: WebhookDelivery,
                     now: datetime) -> None:
    """A receiver that answered nothing well for a whole retry window is switched off."""
    if endpoint is None or not endpoint.active:
        return
    if endpoint.last_success_at is not None and endpoint.last_success_at >= delivery.created_at:
        return
    endpoint.active = False
    endpoint.disabled_reason = (
        f"Switched off {now:%Y-%m-%d %H:%M} UTC: {endpoint.failure_streak} tries in a row failed "
        f"over {current_app.config['WEBHOOKS_RETRY_HOURS']:g} hours (last: "
        f"{delivery.last_error}).")
    tell_admins(endpoint)


def tell_admins(endpoint: WebhookEndpoint) -> None:
    """Every active admin hears, in the hub and by email, that a receiver was switched off."""
    path = url_for("webhooks.edit", endpoint_id=endpoint.id, _external=False)
    link = url_for("webhooks.edit", endpoint_id=endpoint.id, _external=True)
    message = (f"Webhook receiver {endpoint.url[:120]} was switched off after failing for "
               f"{current_app.config['WEBHOOKS_RETRY_HOURS']:g} hours. Check it, then switch it "
               "back on.")
    admins = db.session.scalars(select(User).where(User.active.is_(True),
                                                   User.role == Role.ADMIN.value))
    for admin in admins:
        notify(admin.id, message, path)
        mail.queue(mail.Mail(to=admin.email, subject="A webhook receiver was switched off",
                             body=f"{message}\n\n{endpoint.disabled_reason}\n\n{link}\n"))


def deliver_due(now: datetime | None = None, limit: int = BATCH,
                budget: float | None = None) -> int:
    """Try every delivery that is due (up to `limit`, and none started after `budget` seconds);
    returns how many were tried."""
    started = time.monotonic()
    now = now or utcnow()
    due = db.session.execute(
        select(WebhookDelivery.id, WebhookDelivery.attempts)
        .outerjoin(WebhookEndpoint, WebhookEndpoint.id == WebhookDelivery.endpoint_id)
        .where(WebhookDelivery.state == "pending", WebhookDelivery.next_attempt_at <= now,
               or_(WebhookDelivery.endpoint_id.is_(None), WebhookEndpoint.active.is_(True)))
        .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id).limit(limit)).all()
    db.session.commit()
    tried = 0
    for delivery_id, attempts in due:
        if budget is not None and time.monotonic() - started > budget:
            break  # the rest stay due for the next look
        if not _claim(delivery_id, attempts, now):
            continue
        delivery = db.session.get(WebhookDelivery, delivery_id)
        try:
            attempt(delivery, now)
            db.session.commit()
        except Exception:  # the lease runs out and the delivery is tried again
            db.session.rollback()
            current_app.logger.exception("webhook delivery %s failed unexpectedly", delivery_id)
        tried += 1
    return tried


# ---------------------------------------------------------------- from the web process


LAST_WEB_LOOK = "webhooks_last_web_look"


def deliver_after_request(response):
    """Without a live worker, send after the response: what this request committed, and due
    retries now and then."""
    app = current_app._get_current_object()
    committed = db.session.info.pop(PENDING_FLAG, False)
    every = float(app.config["WEBHOOKS_WEB_RETRY_EVERY"])
    # The first look for retries comes one period after the process's first request: a request
    # that committed nothing to send touches no database to find out.
    looked = app.extensions.setdefault(LAST_WEB_LOOK, time.monotonic())
    if not committed and time.monotonic() - looked < every:
        return response
    try:
        if worker_status().alive:
            return response
    except Exception:  # the database is down: the next request looks again
        db.session.rollback()
        return response
    app.extensions[LAST_WEB_LOOK] = time.monotonic()

    def send_after_response() -> None:
        with app.app_context():
            try:
                # A web worker is held while it sends: a few at most, for one try's deadline.
                deliver_due(limit=WEB_BATCH, budget=float(app.config["WEBHOOKS_TOTAL_TIMEOUT"]))
            except Exception:
                app.logger.exception("webhook deliveries from the web process failed")
            finally:
                db.session.remove()

    response.call_on_close(send_after_response)
    return response
