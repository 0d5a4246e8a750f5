"""The audit log, as an admin reads it: events from real sign-ins, admin changes, tokens and
publishing; /admin/audit with filters and CSV; GET /api/v1/audit for admins' tokens; retention."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import select

from enablement.audit.log import network_of, prune, record
from enablement.auth import services as auth_services
from enablement.extensions import db
from enablement.models import AssetStatus, AuditEvent, User
from enablement.models.audit import AuditLogIsAppendOnly
from enablement.worker import Worker
from tests.conftest import PASSWORD


def events(action=None):
    query = select(AuditEvent).order_by(AuditEvent.id)
    if action:
        query = query.where(AuditEvent.action == action)
    return db.session.scalars(query).all()


def bearer_for(user):
    token = auth_services.create_token(user, "audit test")
    db.session.commit()
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.parametrize(("address", "network"), [
    ("203.0.113.77", "203.0.113.0/24"),
    ("2001:db8:1234:5678::1", "2001:db8:1234::/48"),
    ("::ffff:198.51.100.9", "198.51.100.0/24"),
    ("not an address", None),
    (None, None),
])
def test_addresses_are_kept_as_their_network(address, network):
    assert network_of(address) == network


def test_sign_ins_and_sign_outs_are_recorded_with_the_network_not_the_address(
        app, client, create_user, auth):
    user = create_user("rep")
    environ = {"REMOTE_ADDR": "203.0.113.77"}
    assert auth.login(user, "wrong password!", environ_base=environ).status_code == 401
    assert auth.login("my secret password", environ_base=environ).status_code == 401
    assert auth.login(user, environ_base=environ).status_code == 302
    client.post("/logout", environ_base=environ)
    failed = events("auth.login_failed")
    assert [(e.actor, e.details["reason"]) for e in failed] == [
        (user.email, "wrong password"), ("(not an email)", "unknown account")]
    login, = events("auth.login")
    assert (login.actor, login.target, login.ip) == (user.email, user.email, "203.0.113.0/24")
    assert events("auth.logout")[0].actor == user.email
    stored = " ".join(f"{e.actor} {e.target} {e.details}" for e in events())
    assert PASSWORD not in stored and "wrong password!" not in stored
    assert "my secret password" not in stored and "203.0.113.77" not in stored


def test_admin_changes_to_a_user_are_recorded_and_deactivation_revokes_tokens(
        app, client, login_as, create_user):
    admin = login_as("admin")
    response = client.post("/admin/users/new", data={"email": "new@example.com", "name": "New",
                                                      "role": "rep", "password": "long enough pw"})
    assert response.status_code == 302
    user = auth_services.find_user("new@example.com")
    headers = bearer_for(user)
    assert client.get("/api/v1/assets", headers=headers).status_code == 200
    client.post(f"/admin/users/{user.id}", data={"name": "New", "role": "marketing",
                                                  "active": "y"})
    client.post(f"/admin/users/{user.id}", data={"name": "New", "role": "marketing"})
    actions = [(e.action, e.actor, e.target) for e in events() if e.target == user.email]
    assert ("user.created", admin.email, user.email) in actions
    assert ("user.role_changed", admin.email, user.email) in actions
    assert ("user.deactivated", admin.email, user.email) in actions
    assert [e.details for e in events("user.role_changed")] == [{"from": "rep", "to": "marketing"}]
    revoked = events("token.revoked")
    assert len(revoked) == 1 and revoked[0].actor == admin.email
    # Reactivating doesn't bring the token back.
    client.post(f"/admin/users/{user.id}", data={"name": "New", "role": "marketing",
                                                  "active": "y"})
    assert client.get("/api/v1/assets", headers=headers).status_code == 401
    assert events("user.reactivated")


def test_publishing_archiving_and_deleting_assets_are_recorded(app, client, create_user,
                                                               create_asset, auth):
    marketer = create_user("marketing")
    asset = create_asset(owner=marketer, status=AssetStatus.DRAFT)
    auth.login(marketer)
    headers = bearer_for(marketer)
    client.patch(f"/api/v1/assets/{asset.id}", json={"status": "published"}, headers=headers)
    client.patch(f"/api/v1/assets/{asset.id}", json={"status": "archived"}, headers=headers)
    client.delete(f"/api/v1/assets/{asset.id}", headers=headers)
    trail = [(e.action, e.actor, e.target) for e in events() if e.target_type == "asset"]
    title = asset.title
    assert trail == [("asset.published", marketer.email, title),
                     ("asset.archived", marketer.email, title),
                     ("asset.deleted", marketer.email, title)]


def test_the_log_is_append_only(app, create_user):
    create_user("rep")
    event = events()[0]
    event.action = "auth.login"
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.get(AuditEvent, event.id))
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()


def test_details_never_carry_a_secret(app):
    with pytest.raises(ValueError, match="secrets"):
        record("settings.changed", "cli", "x", details={"client_secret": "s3cret"})


def test_admin_page_filters_and_exports_csv(app, client, login_as, create_user):
    rep = create_user("rep", email="=cmd@example.com")
    admin = login_as("admin")
    auth_services.create_token(rep, "crm", actor=admin)
    db.session.commit()
    app.test_client().post("/login", data={"email": rep.email, "password": "not it at all"})
    page = client.get("/admin/audit/?action=token.created").get_data(as_text=True)
    assert "token.created" in page and "crm of =cmd@example.com" in page
    assert "auth.login<" not in page
    page = client.get("/admin/audit/?action=auth").get_data(as_text=True)
    assert "<code>auth.login</code>" in page and "<code>token.created</code>" not in page
    response = client.get("/admin/audit/export.csv?actor=cmd")
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert rows and all(r["actor"] == "'=cmd@example.com" for r in rows)  # no formula
    assert {r["action"] for r in rows} == {"auth.login_failed"}
    assert client.get("/admin/audit/?since=yesterday").status_code == 422


def test_admin_page_is_for_admins_only(app, client, login_as):
    login_as("marketing")
    assert client.get("/admin/audit/").status_code == 403
    assert client.get("/admin/audit/export.csv").status_code == 403


def test_api_lists_events_for_admin_tokens_only(app, client, create_user):
    admin = create_user("admin")
    marketer = create_user("marketing")
    assert client.get("/api/v1/audit", headers=bearer_for(marketer)).status_code == 403
    assert client.get("/api/v1/audit").status_code == 401
    response = client.get("/api/v1/audit?action=token.created&per_page=1",
                          headers=bearer_for(admin))
    body = response.get_json()
    assert response.status_code == 200 and body["total"] == 2 and len(body["items"]) == 1
    item = body["items"][0]
    assert set(item) >= {"id", "at", "action", "actor", "target", "ip"}
    assert item["action"] == "token.created" and item["target"] == f"audit test of {admin.email}"
    refused = client.get("/api/v1/audit?action=nope", headers=bearer_for(admin))
    assert refused.status_code == 422 and "action" in refused.get_json()["error"]["fields"]


def test_retention_drops_old_events_in_the_worker(app, create_user):
    create_user("rep")
    old = AuditEvent(action="auth.login", actor="old@example.com",
                     at=events()[0].at - timedelta(days=400))
    db.session.add(old)
    db.session.commit()
    app.config["AUDIT_RETENTION_DAYS"] = 365
    Worker(echo=lambda _: None).step()
    assert [e.actor for e in events()] == ["cli"]
    assert prune(0) == 0  # 0 keeps everything


def test_cli_changes_are_attributed_to_the_command_line(app, runner):
    result = runner.invoke(args=["users", "create", "cli@example.com", "--role", "admin",
                                 "--password", "long enough pw"])
    assert result.exit_code == 0
    runner.invoke(args=["users", "set-role", "cli@example.com", "rep"])
    user = db.session.scalar(select(User).where(User.email == "cli@example.com"))
    assert user is not None
    assert [(e.action, e.actor) for e in events()][:1] == [("user.created", "cli")]
    result = runner.invoke(args=["audit", "prune"])
    assert "Removed 0 audit events" in result.output


def test_settings_changes_are_recorded(app, create_user):
    from enablement.insights.metrics import METRICS, set_target
    from enablement.search.synonyms import add_synonyms, delete_synonyms

    admin = create_user("admin")
    metric = next(iter(METRICS))
    set_target(admin, metric, 30, "12")
    set_target(admin, metric, 30, "")
    synonym = add_synonyms(admin, "ROI, return on investment")
    delete_synonyms(admin, synonym)
    db.session.commit()
    changed = [(e.actor, e.target, e.details) for e in events("settings.changed")]
    assert changed == [
        (admin.email, f"target: {metric}, 30 days", {"from": None, "to": "12.00"}),
        (admin.email, f"target: {metric}, 30 days", {"from": "12.00", "to": None}),
        (admin.email, "synonyms: ROI, return on investment", {"added": True}),
        (admin.email, "synonyms: ROI, return on investment", {"removed": True}),
    ]
