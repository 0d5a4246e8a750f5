"""`flask scim token create|list|revoke`: the identity provider's keys to /scim/v2."""

import click
from flask.cli import AppGroup

from enablement.extensions import db
from enablement.models import ScimToken
from enablement.scim import tokens

scim_cli = AppGroup("scim", help="SCIM provisioning.")
token_cli = AppGroup("token", help="SCIM bearer tokens.")
scim_cli.add_command(token_cli)


@token_cli.command("create")
@click.option("--name", default="SCIM", help="Which provider uses it, e.g. 'Okta'.")
def create_command(name):
    """Print a new SCIM bearer token (the token is the last word)."""
    token, secret = tokens.create_token(name)
    db.session.commit()
    click.echo(f"SCIM token {token.id} ({token.name}), shown once: {secret}")


@token_cli.command("list")
def list_command():
    """Show every SCIM token: id, name, created, last used, revoked."""
    for token in tokens.all_tokens():
        used = token.last_used_at.isoformat(timespec="minutes") if token.last_used_at else "never"
        state = (f"revoked {token.revoked_at.isoformat(timespec='minutes')}"
                 if token.revoked_at else "active")
        click.echo(f"{token.id:>4}  {token.name:30} created "
                   f"{token.created_at.isoformat(timespec='minutes')}  used {used}  {state}")


@token_cli.command("revoke")
@click.argument("token_id", type=int)
def revoke_command(token_id):
    """Revoke the SCIM token TOKEN_ID: the provider's next request is refused."""
    token = db.session.get(ScimToken, token_id) if 0 < token_id < 2**31 else None
    if token is None:
        raise click.ClickException(f"No SCIM token {token_id}.")
    tokens.revoke_token(token)
    db.session.commit()
    click.echo(f"Revoked SCIM token {token.id} ({token.name}).")
