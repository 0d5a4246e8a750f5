"""`flask users ...` and `flask tokens ...`."""

import click
from flask.cli import AppGroup
from sqlalchemy import select

from enablement.auth import services
from enablement.errors import DomainError
from enablement.extensions import db
from enablement.models import Role, User

users_cli = AppGroup("users", help="Manage users and roles.")
tokens_cli = AppGroup("tokens", help="Manage API tokens.")

ROLE_CHOICE = click.Choice([r.value for r in Role])


def _fail(error: DomainError):
    details = "; ".join(f"{k}: {v}" for k, v in error.fields.items())
    raise click.ClickException(f"{error.message} {details}".strip())


@users_cli.command("create")
@click.argument("email")
@click.option("--role", type=ROLE_CHOICE, default="rep", show_default=True)
@click.option("--name", default="", help="Display name (defaults to the email's local part).")
@click.option("--password", default=None, help="Leave out to generate one and print it.")
def create_user_command(email, role, name, password):
    """Add a user who can sign in with EMAIL."""
    generated = password is None
    password = password or services.generate_password()
    try:
        user = services.create_user(email, name, role, password)
    except DomainError as error:
        _fail(error)
    db.session.commit()
    click.echo(f"Created {user.role} {user.email}.")
    if generated:
        click.echo(f"Password (shown once): {password}")


@users_cli.command("list")
def list_users_command():
    """Show every user with role and status."""
    for user in db.session.scalars(select(User).order_by(User.email)):
        state = "active" if user.active else "inactive"
        click.echo(f"{user.email:40} {user.role:10} {state}")


@users_cli.command("set-role")
@click.argument("email")
@click.argument("role", type=ROLE_CHOICE)
def set_role_command(email, role):
    """Give EMAIL another role."""
    user = services.find_user(email)
    if user is None:
        raise click.ClickException(f"No user {email}.")
    try:
        services.update_user(None, user, name=user.name, role=role, active=user.active)
    except DomainError as error:
        _fail(error)
    db.session.commit()
    click.echo(f"{user.email} is now {role}.")


@users_cli.command("reset-password")
@click.argument("email")
@click.option("--password", default=None, help="Leave out to generate one and print it.")
def reset_password_command(email, password):
    """Set a new password for EMAIL."""
    user = services.find_user(email)
    if user is None:
        raise click.ClickException(f"No user {email}.")
    generated = password is None
    password = password or services.generate_password()
    try:
        services.set_password(user, password)
    except DomainError as error:
        _fail(error)
    db.session.commit()
    click.echo(f"Password for {user.email} changed.")
    if generated:
        click.echo(f"Password (shown once): {password}")


@tokens_cli.command("create")
@click.argument("email")
@click.option("--name", default="", help="What the token is for, e.g. 'CRM webhook'.")
def create_token_command(email, name):
    """Print a new API bearer token acting as EMAIL (the token is the last word)."""
    user = services.find_user(email)
    if user is None or not user.active:
        raise click.ClickException(f"No active user {email}.")
    token = services.create_token(user, name)
    db.session.commit()
    click.echo(f"API token for {user.email} (shown once): {token}")
