"""`flask insights remind`: the weekly nudge to owners of stale assets (run it daily from cron;
each owner still hears at most once a week)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from enablement.extensions import db
from enablement.insights.reminders import notify_owner, send_reminders

insights_cli = AppGroup("insights", help="Insights for marketing: reminders about stale assets.")


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
