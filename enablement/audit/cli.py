"""`flask audit prune`: drop audit events past AUDIT_RETENTION_DAYS (the worker does it daily)."""

import click
from flask import current_app
from flask.cli import AppGroup

from enablement.audit.log import prune
from enablement.extensions import db

audit_cli = AppGroup("audit", help="The audit log.")


@audit_cli.command("prune")
def prune_command():
    """Remove events older than AUDIT_RETENTION_DAYS (0 keeps everything)."""
    days = int(current_app.config["AUDIT_RETENTION_DAYS"])
    removed = prune(days)
    db.session.commit()
    click.echo(f"Removed {removed} audit events older than {days} days." if days
               else "AUDIT_RETENTION_DAYS is 0: every audit event is kept.")
