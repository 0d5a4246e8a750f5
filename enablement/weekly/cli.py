"""`flask weekly-email …`: see or send one person's weekly email, or send everyone's that is due
(what the worker does, for deployments that run it from cron instead)."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import func, select

from enablement.extensions import db
from enablement.models import User
from enablement.notifications import mail
from enablement.weekly import services
from enablement.weekly.sending import preview, send_due, send_to

weekly_cli = AppGroup("weekly-email", help="The weekly email people opt in to.")


def _user(email: str) -> User:
    user = db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))
    if user is None:
        raise click.ClickException(f"No user {email}.")
    return user


@weekly_cli.command("preview")
@click.argument("email")
@click.option("--html", is_flag=True, help="Print the HTML part instead of the plain text.")
def preview_command(email: str, html: bool):
    """Print the email EMAIL would get now; sends and records nothing."""
    user = _user(email)
    message = preview(user)
    db.session.rollback()
    if message is None:
        click.echo(f"Nothing to say to {user.email} this week: no email would be sent.")
        return
    click.echo(f"To: {message.to}\nSubject: {message.subject}\n")
    click.echo(message.html if html else message.body)


@weekly_cli.command("send")
@click.argument("email")
def send_command(email: str):
    """Send EMAIL this week's email now, whatever the day (still at most once a week)."""
    user = _user(email)
    if not mail.enabled():
        raise click.ClickException("No mail server: set MAIL_SERVER first.")
    if not services.is_subscribed(user):
        raise click.ClickException(f"{user.email} hasn't turned the weekly email on.")
    run = send_to(user)
    click.echo(run.summary())
    if run.failed:
        raise click.ClickException("The mail server didn't take it; see the log.")


@weekly_cli.command("run")
def run_command():
    """Send the weekly email to everyone due now (the worker does this on its own)."""
    run = send_due(claimer="cli")
    click.echo(run.summary() if run else
               "Not sending now: outside the send window, or no mail server.")
