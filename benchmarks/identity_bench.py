"""How fast provisioning and the audit log answer in a large company's hub.

    .venv/bin/python benchmarks/identity_bench.py [--users 10000] [--events 200000]

Prints a table of median times: SCIM lookups a provider makes before every change (`userName eq`),
a page of users, a filter the database can't answer (`externalId eq`, checked user by user), a
deactivation; the audit log's first page (all, by action, by who), the API's page and the whole
CSV export. Targets: SCIM `userName eq` and a deactivation under 50 ms; an audit page under
200 ms at 200,000 events. Runs in a temporary instance folder; touches nothing of yours.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask import g  # noqa: E402
from sqlalchemy import insert  # noqa: E402

from enablement import create_app  # noqa: E402
from enablement.auth import services as auth_services  # noqa: E402
from enablement.extensions import db  # noqa: E402
from enablement.models import AuditEvent, User  # noqa: E402
from enablement.scim import tokens  # noqa: E402

ACTIONS = ["auth.login", "auth.login_failed", "asset.published", "user.role_changed"]


def timed(call, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        runs.append((time.perf_counter() - started) * 1000)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--events", type=int, default=200_000)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="identity-bench-"))
    app = create_app({"INSTANCE_PATH": str(root), "SECRET_KEY": "bench", "TESTING": True,
                      "WTF_CSRF_ENABLED": False, "SEARCH_INDEX_DIR": str(root / "index")})
    # Requests below run inside this app context: give each its own `g` (Flask-Login caches the
    # user there), as a server does.
    app.before_request_funcs.setdefault(None, []).insert(0, lambda: g.__dict__.clear())
    with app.app_context():
        db.create_all()
        now = datetime.now(UTC)
        db.session.execute(insert(User), [
            {"email": f"person{n}@example.com", "name": f"Person {n}", "role": "rep",
             "password_hash": "x", "user_name": f"person{n}@example.com",
             "external_id": f"ext-{n}", "created_at": now} for n in range(args.users)])
        admin = auth_services.create_user("bench-admin@example.com", "Admin", "admin",
                                          "bench password!")
        db.session.execute(insert(AuditEvent), [
            {"action": ACTIONS[n % 4], "actor": f"person{n % args.users}@example.com",
             "target": f"person{(n * 7) % args.users}@example.com", "target_type": "user",
             "ip": "203.0.113.0/24", "details": {}, "at": now - timedelta(seconds=n)}
            for n in range(args.events)])
        api_token = auth_services.create_token(admin, "bench")
        _, secret = tokens.create_token("bench")
        db.session.commit()
        client = app.test_client()
        browser = app.test_client()
        browser.post("/login", data={"email": "bench-admin@example.com",
                                     "password": "bench password!"})
        scim = {"Authorization": f"Bearer {secret}"}
        api = {"Authorization": f"Bearer {api_token}"}
        middle = args.users // 2

        def deactivate_and_back():
            body = {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                    "Operations": [{"op": "replace", "path": "active", "value": False}]}
            client.patch(f"/scim/v2/Users/{middle}", json=body, headers=scim)
            body["Operations"][0]["value"] = True
            client.patch(f"/scim/v2/Users/{middle}", json=body, headers=scim)

        def get(url, headers):
            return lambda: client.get(url, headers=headers)

        rows = [
            ("SCIM userName eq", timed(get(
                f'/scim/v2/Users?filter=userName eq "person{middle}@example.com"', scim), 30)),
            ("SCIM page of 100 users", timed(get("/scim/v2/Users?startIndex=5001&count=100",
                                                 scim), 10)),
            ("SCIM externalId eq (user by user)", timed(get(
                f'/scim/v2/Users?filter=externalId eq "ext-{middle}"', scim), 3)),
            ("SCIM deactivate + reactivate", timed(deactivate_and_back, 10)),
            ("audit API, newest 20", timed(get("/api/v1/audit", api), 10)),
            ("audit API, action=auth.login", timed(get("/api/v1/audit?action=auth.login",
                                                      api), 10)),
            ("audit API, actor=email", timed(get(
                f"/api/v1/audit?actor=person{middle}@example.com", api), 10)),
            ("audit API, actor contains", timed(get(f"/api/v1/audit?actor=person{middle}",
                                                    api), 3)),
            ("audit page /admin/audit", timed(lambda: browser.get("/admin/audit/"), 10)),
            ("audit CSV, everything",
             timed(lambda: browser.get("/admin/audit/export.csv").data, 1)),
        ]
    print(f"{args.users:,} users, {args.events:,} audit events (SQLite)")
    print(f"{'what':40} {'median ms':>10}")
    for name, ms in rows:
        print(f"{name:40} {ms:10.1f}")


if __name__ == "__main__":
    main()
