"""`flask shares purge`: forget buyer activity older than SHARE_ACTIVITY_RETENTION_DAYS (the
worker does it every few hours; this is for deployments without one, e.g. from cron)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from enablement.extensions import db
from enablement.shares.activity import purge

shares_cli = AppGroup("shares", help="Shares with buyers: retention of what they read.")


def purge_old_activity() -> int:
    return purge(days=int(current_app.config["SHARE_ACTIVITY_RETENTION_DAYS"]))


@shares_cli.command("purge")
def purge_command():
    """Forget buyer visits, reading time and downloads past the retention period."""
    removed = purge_old_activity()
    db.session.commit()
    days = current_app.config["SHARE_ACTIVITY_RETENTION_DAYS"]
    click.echo(f"Forgot {removed} buyer visit{'' if removed == 1 else 's'} older than {days} days.")
