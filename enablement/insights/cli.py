"""`flask insights remind`: the weekly nudge to owners of stale assets (run it daily from cron;
each owner still hears at most once a week)."""

from __future__ import annotations

import click
from flask import url_for
from flask.cli import AppGroup

from enablement.extensions import db
from enablement.insights.reminders import send_reminders
from enablement.models import User
from enablement.notifications import mail
from enablement.notifications.services import notify

insights_cli = AppGroup("insights", help="Insights for marketing: reminders about stale assets.")


def notify_owner(user: User, message: str, url: str) -> None:
    """A notification in the hub, and an email (sent after the commit) where SMTP is set up."""
    notify(user.id, message, url)
    try:  # a full link when SERVER_NAME is configured; the path otherwise
        link = url_for("dashboard.index", _anchor="freshness", _external=True)
    except RuntimeError:
        link = url
    mail.queue(mail.Mail(
        to=user.email, subject="Your assets need a look",
        body=f"Hi {user.name},\n\n{message}\n\nSee them under Freshness on the Insights page:"
             f"\n{link}\n\nYou get this at most once a week.\n\n— Enablement Hub\n"))


@insights_cli.command("remind")
@click.option("--dry-run", is_flag=True, help="Say who would be reminded; send nothing.")
def remind_command(dry_run: bool):
    """Remind owners of assets past their review date or unused for 90 days (weekly at most)."""
    run = send_reminders(notify_owner, dry_run=dry_run)
    if dry_run:
        db.session.rollback()
        names = ", ".join(user.email for user in run.reminded) or "nobody"
        click.echo(f"Would remind: {names}.")
    else:
        db.session.commit()
    click.echo(run.summary())
