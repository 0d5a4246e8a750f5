"""`flask demo load` and `flask setup` (first-run setup used by `make run`)."""

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import func, select

from enablement.assets.attachments import delete_stored
from enablement.auth import services as auth
from enablement.demo.activity import load_activity
from enablement.demo.files import DemoContentError
from enablement.demo.loader import load_demo
from enablement.demo.news import load_demo_news
from enablement.demo.shares import load_shares
from enablement.extensions import db
from enablement.models import Role, User
from enablement.search.maintenance import reindex
from enablement.search.outbox import drain, index_location

demo_cli = AppGroup("demo", help="Demo content.")

ADMIN_EMAIL = "admin@example.com"


def _load_and_report() -> None:
    config = current_app.config
    stored: list[str] = []
    try:
        result = load_demo(config["UPLOAD_DIR"], config["MAX_UPLOAD_MB"] * 1024 * 1024)
        stored = result.stored
        if not result.loaded:
            click.echo("The hub already has assets; demo content not loaded.")
            return
        news = load_demo_news()  # offline news, so the digest is full without internet
        activity = load_activity()  # so /insights and /wins aren't empty on first run
        shared = load_shares()  # and "My shares" and buyer engagement neither
        db.session.commit()
    except BaseException as error:
        db.session.rollback()  # nothing of a half-loaded demo stays: no rows, no stored PDFs
        for name in stored:
            delete_stored(config["UPLOAD_DIR"], name)
        if isinstance(error, DemoContentError):
            raise click.ClickException(str(error)) from error
        raise
    drain()
    click.echo(f"Loaded {result.assets} demo assets.")
    click.echo(f"Loaded {news} demo news items.")
    click.echo(f"Loaded demo activity: {activity.events} uses, {activity.votes} votes, "
               f"{activity.searches} searches, {activity.requests} requests, "
               f"{activity.wins} wins.")
    click.echo(f"Loaded {shared.shares} demo shares with {shared.visits} buyer visits.")
    if result.passwords:
        click.echo("Demo accounts (passwords shown once):")
        for email, password in result.passwords.items():
            user = auth.find_user(email)
            click.echo(f"  {user.role:10} {email:36} {password}")


@demo_cli.command("load")
def load_command():
    """Load the demo company's users and assets into an empty hub."""
    _load_and_report()


@click.command("setup")
@click.option("--no-demo", is_flag=True, help="Don't load demo content.")
def setup_command(no_demo):
    """First run: create an admin with a random password, and load demo content."""
    if not db.session.scalar(select(func.count(User.id))):
        password = auth.generate_password()
        auth.create_user(ADMIN_EMAIL, "Admin", Role.ADMIN, password)
        db.session.commit()
        click.echo(f"Created admin {ADMIN_EMAIL} with password {password} (shown once).")
    else:
        click.echo("Sign in with your account. Forgot it? "
                   "flask --app app users reset-password EMAIL")
    if index_location().is_outdated():
        click.echo("The search index was built by an older version; rebuilding it…")
        count = reindex()
        click.echo(f"Reindexed {count} documents.")
    if not no_demo:
        _load_and_report()
