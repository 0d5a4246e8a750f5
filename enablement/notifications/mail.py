"""Email the hub sends where SMTP is configured (MAIL_SERVER), always after the commit.

Services queue a message on the session; it is sent once the transaction that caused it has
committed, and forgotten if it rolls back. A mail server that is down or refuses the message is
logged, never shown to the user as an error: the change itself was saved.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from flask import current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from enablement.extensions import db

log = logging.getLogger(__name__)
PENDING = "pending_mail"


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str  # plain text
    html: str = ""  # an HTML alternative to `body`, already escaped by whoever built it
    headers: tuple[tuple[str, str], ...] = ()  # extra headers, e.g. List-Unsubscribe


def enabled() -> bool:
    return has_app_context() and bool(current_app.config.get("MAIL_SERVER"))


def queue(mail: Mail) -> None:
    """Send `mail` after the current transaction commits (nothing happens without MAIL_SERVER)."""
    if enabled() and mail.to:
        db.session.info.setdefault(PENDING, []).append(mail)


def send(mail: Mail, config) -> bool:
    """Deliver one message now; False (and a log line) when the server can't be reached."""
    message = EmailMessage()
    sender = config.get("MAIL_FROM") or "enablement-hub@localhost"
    message["From"] = sender if "<" in sender else formataddr(("Enablement Hub", sender))
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message["Message-ID"] = make_msgid(domain="enablement-hub")
    for name, value in mail.headers:
        message[name] = value
    message.set_content(mail.body)
    if mail.html:
        message.add_alternative(mail.html, subtype="html")
    try:
        with smtplib.SMTP(config["MAIL_SERVER"], int(config.get("MAIL_PORT") or 25),
                          timeout=float(config.get("MAIL_TIMEOUT") or 10)) as smtp:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls(context=ssl.create_default_context())
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        log.error("could not email %s (%r): %s", mail.to, mail.subject, error)
        return False
    return True


@event.listens_for(Session, "after_commit")
def _send_after_commit(session: Session) -> None:
    mails = session.info.pop(PENDING, None)
    if not mails:
        return
    if not has_app_context():
        log.error("dropping %d email(s) committed outside an app context", len(mails))
        return
    config = current_app.config
    for mail in mails:
        try:
            send(mail, config)
        except Exception:  # the commit has happened: never turn it into an error page
            log.exception("unexpected error emailing %s", mail.to)


@event.listens_for(Session, "after_soft_rollback")
def _forget_after_rollback(session: Session, previous_transaction) -> None:
    if previous_transaction.parent is None:  # the whole transaction, not a savepoint
        session.info.pop(PENDING, None)
