"""`flask users ...` and `flask tokens ...` (auth/cli.py)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from enablement.extensions import db
from enablement.models import ApiToken, User
from tests.auth.support import SHOWN_ONCE, TOKEN, copy_of_session, user_named
from tests.conftest import PASSWORD


def test_cli_create_user_with_password(runner, auth):
    result = runner.invoke(args=["users", "create", "mara@example.com", "--role", "marketing",
                                 "--password", "a long enough password"])
    assert result.exit_code == 0, result.output
    assert "Created marketing mara@example.com." in result.output
    assert "shown once" not in result.output
    assert user_named("mara@example.com").role == "marketing"
    assert auth.login("mara@example.com", password="a long enough password").status_code == 302


def test_cli_create_user_generates_a_password_shown_once(runner, auth):
    result = runner.invoke(args=["users", "create", "Rae@Example.com"])
    assert result.exit_code == 0, result.output
    [password] = SHOWN_ONCE.findall(result.output)
    assert result.output.count(password) == 1
    user = user_named("rae@example.com")
    assert user.role == "rep"
    assert password not in user.password_hash
    assert auth.login("rae@example.com", password=password).status_code == 302


@pytest.mark.parametrize(("args", "message"), [
    (["dup@example.com"], "already exists"),
    (["DUP@example.com", "--role", "admin"], "already exists"),
    (["not-an-email"], "Invalid email"),
    (["short@example.com", "--password", "short"], "Password too short"),
])
def test_cli_create_user_errors(runner, create_user, args, message):
    create_user("rep", email="dup@example.com")
    result = runner.invoke(args=["users", "create", *args])
    assert result.exit_code == 1
    assert message in result.output
    assert db.session.query(User).count() == 1
    assert user_named("dup@example.com").role == "rep"


def test_cli_create_user_refuses_an_unknown_role(runner):
    result = runner.invoke(args=["users", "create", "boss@example.com", "--role", "boss"])
    assert result.exit_code == 2
    assert "Invalid value" in result.output and "boss" in result.output
    assert user_named("boss@example.com") is None


def test_cli_list_users(runner, create_user):
    create_user("admin", email="ada@example.com")
    inactive = create_user("marketing", email="mo@example.com")
    inactive.active = False
    db.session.commit()
    result = runner.invoke(args=["users", "list"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split() == ["ada@example.com", "admin", "active"]
    assert lines[1].split() == ["mo@example.com", "marketing", "inactive"]


def test_cli_set_role(runner, create_user):
    user = create_user("rep")
    result = runner.invoke(args=["users", "set-role", user.email, "marketing"])
    assert result.exit_code == 0, result.output
    assert f"{user.email} is now marketing." in result.output
    assert user_named(user.email).role == "marketing"


@pytest.mark.parametrize(("args", "exit_code"), [
    (["ghost@example.com", "admin"], 1),
    (["{rep}", "overlord"], 2),
])
def test_cli_set_role_errors(runner, create_user, args, exit_code):
    rep = create_user("rep")
    result = runner.invoke(args=["users", "set-role", *[a.format(rep=rep.email) for a in args]])
    assert result.exit_code == exit_code
    assert user_named(rep.email).role == "rep"


def test_cli_set_role_keeps_the_last_admin(runner, create_user):
    admin = create_user("admin")
    result = runner.invoke(args=["users", "set-role", admin.email, "rep"])
    assert result.exit_code == 1
    assert "at least one active admin" in result.output
    assert user_named(admin.email).role == "admin"
    # With a second admin, the first may step down.
    create_user("admin")
    assert runner.invoke(args=["users", "set-role", admin.email, "rep"]).exit_code == 0
    assert user_named(admin.email).role == "rep"


def test_cli_reset_password(runner, auth, create_user):
    user = create_user("rep")
    result = runner.invoke(args=["users", "reset-password", user.email])
    assert result.exit_code == 0, result.output
    [password] = SHOWN_ONCE.findall(result.output)
    assert auth.login(user, password=PASSWORD).status_code == 401
    assert auth.login(user, password=password).status_code == 302


def test_cli_reset_password_with_a_chosen_password(runner, auth, create_user):
    user = create_user("rep")
    result = runner.invoke(args=["users", "reset-password", user.email,
                                 "--password", "brand new passphrase"])
    assert result.exit_code == 0 and "shown once" not in result.output
    assert auth.login(user, password="brand new passphrase").status_code == 302


@pytest.mark.parametrize(("args", "message"), [
    (["ghost@example.com"], "No user ghost@example.com"),
    (["{rep}", "--password", "short"], "Password too short"),
])
def test_cli_reset_password_errors(runner, auth, create_user, args, message):
    rep = create_user("rep")
    result = runner.invoke(args=["users", "reset-password",
                                 *[a.format(rep=rep.email) for a in args]])
    assert result.exit_code == 1 and message in result.output
    assert auth.login(rep).status_code == 302  # the old password still works


def test_cli_token_create(runner, client, create_user):
    user = create_user("rep")
    result = runner.invoke(args=["tokens", "create", user.email, "--name", "CRM"])
    assert result.exit_code == 0
    token = result.output.split()[-1]
    assert TOKEN.fullmatch(token)
    assert client.get("/api/v1/assets",
                      headers={"Authorization": f"Bearer {token}"}).status_code == 200
    stored = db.session.scalar(select(ApiToken).where(ApiToken.user_id == user.id))
    assert stored.name == "CRM" and token not in stored.token_hash


def test_cli_token_create_refuses_unknown_and_inactive_users(runner, create_user):
    result = runner.invoke(args=["tokens", "create", "ghost@example.com"])
    assert result.exit_code == 1 and "No active user ghost@example.com" in result.output
    inactive = create_user("rep")
    inactive.active = False
    db.session.commit()
    result = runner.invoke(args=["tokens", "create", inactive.email])
    assert result.exit_code == 1
    assert db.session.query(ApiToken).count() == 0



@pytest.mark.parametrize("command", [
    ["users", "reset-password", "{email}"],
    ["users", "reset-password", "{email}", "--password", "brand new passphrase"],
    ["users", "set-role", "{email}", "marketing"],
])
def test_cli_changes_end_every_session(app, client, auth, runner, create_user, command):
    """A reset is what an admin does about a stolen password: the thief's copy of the cookie
    stops working at once, as does every session after a change of role."""
    user = create_user("rep")
    assert auth.login(user).status_code == 302
    copy = copy_of_session(app, client)
    assert copy.get("/").status_code == 200
    result = runner.invoke(args=[arg.format(email=user.email) for arg in command])
    assert result.exit_code == 0, result.output
    for browser in (client, copy):
        assert browser.get("/").status_code == 302, command
