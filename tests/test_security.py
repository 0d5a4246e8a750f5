"""Who may reach what: safe redirects, security headers, the role matrix over every route, CSRF."""

from __future__ import annotations

import functools
import io
import itertools
import os
import re
import uuid
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import current_app
from sqlalchemy import select

from enablement.assets import services as asset_services
from enablement.auth import services as auth_services
from enablement.extensions import db
from enablement.models import (
    ApiToken,
    AssetStatus,
    Role,
    WebhookDelivery,
    WebhookEndpoint,
    utcnow,
)
from enablement.scim.views import SCIM_TOKEN
from enablement.search import synonyms
from enablement.security import PUBLIC, is_safe_next
from enablement.shares import services as share_services
from enablement.webhooks import keys
from enablement.weekly.unsubscribe import token_for as unsubscribe_token_for
from tests import filefactory
from tests.conftest import PASSWORD, make_app

ROLES = ("anonymous", "rep", "marketing", "admin")
SKIPPED_ENDPOINTS = {"static", "bootstrap.static"}
# Called by Slack, not by people: no session and no CSRF token, but a signature over the body
# (enablement/slack/signature.py), so an unsigned request is a 401 for everyone. tests/slack
# checks the signature against slack-sdk's own verifier.
SIGNED_BY_SLACK = {"slack.command", "slack.events"}
CSRF_INPUT = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
_numbers = itertools.count(1)


# ---------------------------------------------------------------- safe redirects


@pytest.mark.parametrize(("target", "safe"), [
    ("/", True),
    ("/assets/", True),
    ("/assets/12?tab=files#top", True),
    ("/search?q=a%2F%2Fb", True),
    ("/assets//12", True),
    (None, False),
    ("", False),
    ("assets/", False),
    ("//evil.com", False),
    ("///evil.com", False),
    ("////evil.com", False),
    ("/\\evil.com", False),
    ("\\\\evil.com", False),
    ("/\\/evil.com", False),
    ("https://evil.com", False),
    ("http:/evil.com", False),
    ("HTTPS://evil.com/", False),
    ("javascript:alert(1)", False),
    ("data:text/html,hi", False),
    ("/\tevil", False),
    ("/\nevil", False),
    ("/\r\nLocation: https://evil.com", False),
    ("/\x00evil", False),
    (" /assets/", False),
])
def test_is_safe_next(target, safe):
    assert is_safe_next(target) is safe


# ---------------------------------------------------------------- security headers


def _assert_security_headers(response):
    headers = response.headers
    csp = headers["Content-Security-Policy"]
    directives = {d.split()[0]: d.split()[1:] for d in csp.split(";") if d.strip()}
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "*" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] in ("same-origin", "strict-origin-when-cross-origin",
                                          "no-referrer")


RESPONSE_KINDS = [
    ("/login", 200, "text/html"),
    ("/", 302, None),                                   # redirect to sign in
    ("/healthz", 200, "application/json"),
    ("/api/v1/openapi.json", 200, "application/json"),
    ("/api/v1/assets", 401, "application/json"),
    ("/no-such-page", 404, "text/html"),
    ("/api/v1/no-such-thing", 404, "application/json"),
    ("/logout", 405, "text/html"),
    ("/static/css/hub.css", 200, "text/css"),
    ("/bootstrap/static/js/bootstrap.min.js", 200, None),
]


def test_security_headers_on_every_kind_of_response(client):
    for path, status, content_type in RESPONSE_KINDS:
        with client.get(path) as response:
            assert response.status_code == status, path
            if content_type:
                assert response.mimetype == content_type, path
            _assert_security_headers(response)


def test_security_headers_on_signed_in_pages_and_errors(client, login_as):
    login_as("rep")
    for path, status in (("/", 200), ("/assets/", 200), ("/admin/users/", 403),
                         ("/assets/999999", 404)):
        response = client.get(path)
        assert response.status_code == status, path
        _assert_security_headers(response)


def test_security_headers_on_a_500(app, client, login_as, monkeypatch):
    login_as("rep")

    def broken(*args, **kwargs):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(asset_services, "list_assets", broken)
    for path in ("/", "/api/v1/assets"):
        response = client.get(path)
        assert response.status_code == 500
        assert b"database on fire" not in response.data
        _assert_security_headers(response)


def test_hsts_once_the_hub_is_served_over_https(tmp_path):
    app = make_app(tmp_path, SESSION_COOKIE_SECURE=True)
    with app.app_context():
        db.create_all()
        client = app.test_client()
        for path in ("/login", "/no-such-page", "/api/v1/assets", "/static/css/hub.css"):
            with client.get(path) as response:
                assert response.headers["Strict-Transport-Security"] == "max-age=31536000", path
        db.engine.dispose()


def test_no_hsts_while_served_over_plain_http(client):
    assert "Strict-Transport-Security" not in client.get("/login").headers


# ---------------------------------------------------------------- the role matrix


def _endpoints(app) -> list[tuple]:
    """Every (rule, method) the app serves, except static files."""
    pairs = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint)):
        if rule.endpoint in SKIPPED_ENDPOINTS:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            pairs.append((rule, method))
    return pairs


def test_every_view_declares_its_least_role(app):
    undeclared = [
        rule.endpoint for rule, _ in _endpoints(app)
        if getattr(app.view_functions[rule.endpoint], "least_role", None)
        not in {PUBLIC, SCIM_TOKEN, *(r.value for r in Role)}
    ]
    assert undeclared == [], (
        "Decorate these views with @role_required(...) or @public: " + ", ".join(undeclared))
    assert len(_endpoints(app)) >= 20  # the app's routes were really found


@functools.cache
def _pdf() -> bytes:
    return filefactory.make_pdf("Scheduling guide")


def _make_samples(count: int = 1, status=AssetStatus.PUBLISHED) -> list[dict]:
    """`count` sets of real objects for URL variables: an asset with an attachment, a user and
    a token each. Made in one transaction, so the search index catches up in one go."""
    owner = auth_services.create_user(f"sample-owner{next(_numbers)}@example.com", "Owner",
                                      "marketing", PASSWORD)
    made = []
    for _ in range(count):
        n = next(_numbers)
        asset = asset_services.create_asset(owner, "white_paper", {
            "title": f"Scheduling guide {n}", "summary": "A guide.", "markets": ["construction"],
            "abstract": "How field teams schedule.",
        })
        attachment = asset_services.attach_file(
            owner, asset, io.BytesIO(_pdf()), "guide.pdf", current_app.config["UPLOAD_DIR"],
            10 * 1024 * 1024)
        if status == AssetStatus.PUBLISHED:
            asset_services.change_status(owner, asset, AssetStatus.PUBLISHED)
        user = auth_services.create_user(f"sample-user{n}@example.com", "Sam Sample", "rep",
                                         PASSWORD)
        auth_services.create_token(user, "sample")
        group = synonyms.add_synonyms(owner, f"crane{n}, hoist{n}")
        # A buyer link to the asset (buyer pages are public: every role must get through).
        token = share_services.create_share(user, {
            "asset_ids": [asset.id], "account": "Sample Co", "allow_download": True})[1] \
            if status == AssetStatus.PUBLISHED else "placeholder"
        made.append((asset, attachment, user, _webhook_sample(), group, token))
    db.session.commit()
    return [
        {"asset_id": asset.id, "attachment_id": attachment.id, "user_id": user.id,
         "token_id": db.session.scalar(select(ApiToken.id).where(ApiToken.user_id == user.id)),
         "kind": "case_study", "doc_type": "asset", "doc_id": asset.id, "token": token,
         "page_number": 1, "weekly.unsubscribe:token": unsubscribe_token_for(user),
         "endpoint_id": delivery.endpoint_id, "delivery_id": delivery.id, "synonym_id": group.id}
        for asset, attachment, user, delivery, group, token in made
    ]


def _webhook_sample() -> WebhookDelivery:
    """A webhook receiver with one failed delivery. Its loopback address is refused at send time
    (private addresses are off here), so pings and redeliveries the matrix makes go nowhere."""
    endpoint = WebhookEndpoint(url="http://127.0.0.1:9/hook", events=["asset.published"],
                               secret_ciphertext=keys.encrypt(keys.new_secret()))
    db.session.add(endpoint)
    db.session.flush()
    delivery = WebhookDelivery(endpoint_id=endpoint.id, uid=str(uuid.uuid4()), event="ping",
                               body="{}", state="failed", give_up_at=utcnow())
    db.session.add(delivery)
    db.session.flush()
    return delivery


def _url(rule, samples: dict) -> tuple[str, bool]:
    """The rule's URL filled with sample values, and whether every value is a real object.

    A URL variable without a sample gets a placeholder: the matrix still proves who is turned
    away, but can't prove the right roles get in (they may see a 404). When you add a route with
    a new URL variable, make a real object for it in `_make_samples`.
    """
    values, complete = {}, True
    for name in rule.arguments:
        if f"{rule.endpoint}:{name}" in samples:  # two features name different things `token`
            values[name] = samples[f"{rule.endpoint}:{name}"]
        elif name in samples:
            values[name] = samples[name]
        else:
            complete = False
            values[name] = 999_999 if f"<int:{name}>" in rule.rule else "placeholder"
    return rule.build(values)[1], complete


def _sign_in(client, user) -> None:
    with client.session_transaction() as session:
        session.clear()
        if user is not None:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True


def _request(client, method: str, url: str):
    if url.startswith("/api/"):
        return client.open(url, method=method, json={})
    return client.open(url, method=method, data={})


def _is_login_redirect(response) -> bool:
    return response.status_code in (302, 303) and \
        urlsplit(response.headers.get("Location", "")).path == "/login"


def _problems_with_inline_code(page: str) -> list[str]:
    """What the Content-Security-Policy would block on this page (so users would see it broken)."""
    problems = []
    for tag in re.findall(r"<script\b[^>]*>", page):
        if "src=" not in tag:
            problems.append(f"inline script {tag}")
    problems += [f"inline style attribute {m}" for m in re.findall(r"<[^>]+\sstyle=[^>]*>", page)]
    problems += [f"inline handler {m}" for m in re.findall(r"<[^>]+\son[a-z]+=[^>]*>", page)]
    problems += ["inline <style> block"] * len(re.findall(r"<style\b", page))
    return problems


def _check(rule, method, role, least, response, real_objects=True) -> str | None:
    """What is wrong with this response for this role, or None."""
    status = response.status_code
    where = f"{method} {rule.rule} as {role} (least role {least})"
    if status >= 500:
        return f"{where}: {status}"
    if rule.endpoint in SIGNED_BY_SLACK:
        return None if status == 401 else f"{where}: unsigned, expected 401, got {status}"
    if least == SCIM_TOKEN:  # the identity provider's token only: no session gets in
        if status != 401 or response.mimetype != "application/scim+json":
            return f"{where}: expected a 401 SCIM error, got {status} {response.mimetype}"
        return None
    if least != PUBLIC and role == "anonymous":
        if rule.rule.startswith("/api/"):
            if status != 401 or not response.is_json:
                return f"{where}: expected a 401 JSON error, got {status}"
        elif not _is_login_redirect(response):
            return f"{where}: expected a redirect to /login, got {status}"
        elif method == "GET":
            target = parse_qs(urlsplit(response.headers["Location"]).query).get("next")
            if target != [urlsplit(response.request.url).path]:
                return f"{where}: the login redirect lost the page ({target})"
        return None
    if least != PUBLIC and Role(role).rank < Role(least).rank:
        return None if status == 403 else f"{where}: expected 403, got {status}"
    signing_out = rule.endpoint == "auth.logout"  # which ends, as it should, on the login page
    if status in (401, 403, 405) or (_is_login_redirect(response) and not signing_out):
        return f"{where}: refused with {status}"
    if not real_objects:
        return None
    if status == 404:
        return f"{where}: 404 for a real object"
    if method == "GET" and status >= 400:
        return f"{where}: GET failed with {status}"
    if response.mimetype == "text/html":
        problems = _problems_with_inline_code(response.get_data(as_text=True))
        if problems:
            return f"{where}: the CSP blocks {problems[:3]}"
    return None


def test_role_matrix(app, create_user):
    users = {"anonymous": None, **{role.value: create_user(role.value) for role in Role}}
    clients = {role: app.test_client() for role in ROLES}
    def let_in(role, least):
        if least == SCIM_TOKEN:
            return False
        return least == PUBLIC or role != "anonymous" and Role(role).rank >= Role(least).rank

    # Reads first, on shared objects. A write that should get through gets objects of its own,
    # so a DELETE run for one role can't turn the next role's request into a 404.
    pairs = sorted(_endpoints(app), key=lambda pair: pair[1] != "GET")
    leasts = {rule.endpoint: app.view_functions[rule.endpoint].least_role for rule, _ in pairs}
    writes_let_in = sum(method != "GET" and let_in(role, leasts[rule.endpoint])
                        for rule, method in pairs for role in ROLES)
    shared, *fresh = _make_samples(1 + writes_let_in)
    failures = []
    checked = 0
    for rule, method in pairs:
        least = leasts[rule.endpoint]
        for role in ROLES:
            own = method != "GET" and let_in(role, least)
            samples = fresh.pop() if own else shared
            client = clients[role]
            _sign_in(client, users[role])
            url, real_objects = _url(rule, samples)
            with _request(client, method, url) as response:
                problem = _check(rule, method, role, least, response, real_objects)
            if problem:
                failures.append(problem)
            checked += 1
            db.session.rollback()
    assert failures == []
    assert checked == 4 * len(pairs)


def test_role_matrix_notices_a_missing_check(app, create_user):
    """The matrix's checks are not vacuous: an admin page open to reps is reported."""
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == "users.index")
    client = app.test_client()
    _sign_in(client, create_user("rep"))
    response = client.get("/admin/users/")
    assert _check(rule, "GET", "rep", "admin", response) is None  # really refused
    response.status_code = 200
    assert _check(rule, "GET", "rep", "admin", response) is not None


def test_inline_code_detector_finds_what_the_csp_blocks():
    page = ('<script src="/static/js/hub.js"></script><script>alert(1)</script>'
            '<div style="color:red"><button onclick="go()">Go</button></div><style>p{}</style>')
    assert len(_problems_with_inline_code(page)) == 4
    assert _problems_with_inline_code('<script src="/x.js"></script><p class="x">Hi</p>') == []


# ---------------------------------------------------------------- CSRF on the HTML UI


def _snapshot(upload_dir: str) -> dict:
    """Every row of every table (but the search outbox, which drains on its own) and every file."""
    db.session.expire_all()
    rows = {
        table.name: sorted(map(tuple, db.session.execute(select(table)).all()), key=repr)
        for table in db.metadata.sorted_tables if table.name != "search_outbox"
    }
    db.session.rollback()
    files = sorted(os.listdir(upload_dir)) if os.path.isdir(upload_dir) else []
    return {"rows": rows, "files": files}


# Routes a mail client posts to without a session: authorised by a signed token in the URL, so a
# CSRF token can't be asked for (RFC 8058 one-click unsubscribe). A bad signature changes nothing
# (tests/weekly/test_unsubscribe.py).
SIGNED_LINK_POSTS = {"weekly.unsubscribe"}

KNOWN_FORMS = {
    "auth.login", "auth.logout", "users.create", "users.edit", "users.create_token",
    "users.revoke_token", "assets.create", "assets.edit", "assets.delete", "assets.change_status",
    "assets.upload", "assets.remove_attachment",
}


def _form_data(endpoint: str, samples: dict) -> dict:
    """What a user would really submit to each form (so a missing CSRF check would show)."""
    return {
        "auth.login": {"email": "csrf-admin@example.com", "password": PASSWORD},
        "users.create": {"email": "planted@example.com", "name": "Planted", "role": "admin",
                         "password": "planted password"},
        "users.edit": {"name": "Renamed", "role": "admin", "active": "y"},
        "users.create_token": {"name": "Planted token"},
        "assets.create": {"title": "Planted asset", "summary": "x", "intent": "save"},
        "assets.edit": {"title": "Defaced", "summary": "A guide.", "markets": ["construction"],
                        "abstract": "How field teams schedule."},
        "assets.change_status": {"status": "published"},
        # Not the sample's own guide.pdf: the same file twice on one asset is refused.
        "assets.upload": {"file": (io.BytesIO(filefactory.make_pdf("Planted")), "planted.pdf")},
    }.get(endpoint, {})


def test_every_html_post_route_needs_the_csrf_token(csrf_app):
    admin = auth_services.create_user("csrf-admin@example.com", "Admin", "admin", PASSWORD)
    db.session.commit()
    client = csrf_app.test_client()
    upload_dir = csrf_app.config["UPLOAD_DIR"]
    # Buyer pages (/s/<token>) never use the hub's session, so they can't use its CSRF token:
    # their gate forms echo a key from the buyer's own cookie instead (tests/shares/test_buyer.py
    # checks that a post without it changes nothing), and the beacon takes no form at all.
    routes = [(rule, method) for rule, method in _endpoints(csrf_app)
              if method != "GET" and not rule.rule.startswith(("/api/", "/scim/", "/s/"))
              and rule.endpoint not in SIGNED_LINK_POSTS | SIGNED_BY_SLACK]
    assert {rule.endpoint for rule, _ in routes} >= KNOWN_FORMS
    changed_with_token = set()
    pool = _make_samples(2 * len(routes), status=AssetStatus.DRAFT)
    for rule, method in routes:
        for with_token in (False, True):
            samples = pool.pop()
            _sign_in(client, None if rule.endpoint == "auth.login" else admin)
            token = CSRF_INPUT.search(client.get("/login" if rule.endpoint == "auth.login"
                                                 else "/").get_data(as_text=True)).group(1)
            before = _snapshot(upload_dir)
            data = _form_data(rule.endpoint, samples)
            if with_token:
                data["csrf_token"] = token
            response = client.open(_url(rule, samples)[0], method=method, data=data)
            after = _snapshot(upload_dir)
            if not with_token:
                assert response.status_code == 400, (rule.endpoint, response.status_code)
                assert "Your form expired" in response.get_data(as_text=True)
                assert after == before, rule.endpoint
                if rule.endpoint == "auth.logout":
                    assert client.get("/").status_code == 200  # still signed in
            else:
                assert response.status_code < 500, (rule.endpoint, response.status_code)
                if rule.endpoint in KNOWN_FORMS:
                    assert response.status_code < 400, (rule.endpoint, response.status_code)
                if after != before:
                    changed_with_token.add(rule.endpoint)
    # The same requests with the token do change things, so the refusals above mean something.
    assert changed_with_token >= KNOWN_FORMS - {"auth.logout"}
