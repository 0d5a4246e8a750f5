"""Shared fixtures: a real app on a real SQLite file (or PostgreSQL schema) and Whoosh index in a
temp dir."""

from __future__ import annotations

import functools
import hashlib
import io
import itertools
import os
from pathlib import Path

import pytest
import sqlalchemy
from aiosmtpd.controller import Controller
from flask import g
from werkzeug.security import generate_password_hash

from enablement import create_app
from enablement.assets import services as asset_services
from enablement.auth import services as auth_services
from enablement.extensions import db
from enablement.models import AssetStatus
from tests import filefactory
from tests.mailserver import MAIL_SETTINGS, Inbox, free_port

DATA = Path(__file__).parent / "data"
PASSWORD = "correct horse battery"
_emails = itertools.count(1)


FAST_HASH = functools.partial(generate_password_hash, method="pbkdf2:sha256:1")


@pytest.fixture(autouse=True)
def fast_password_hashing(request, monkeypatch):
    """One cheap hash round: scrypt's deliberate cost would dominate the suite's run time.
    A test that needs the production hashing asks for `real_password_hashing`."""
    if "real_password_hashing" not in request.fixturenames:
        monkeypatch.setattr(auth_services, "generate_password_hash", FAST_HASH)


@pytest.fixture
def real_password_hashing():
    """Marks a test that needs the production password hashing."""


def _fresh_globals():
    g.__dict__.clear()


# With TEST_DATABASE_URL (e.g. postgresql+psycopg://hub:hub@127.0.0.1/hub_test) the suite runs on
# that server; each test directory gets its own schema, as each gets its own SQLite file otherwise.
TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")
SCHEMA_PREFIX = "test_"


def _database_config(tmp_path: Path) -> dict:
    if not TEST_DATABASE_URL:
        return {"DATABASE_URL": f"sqlite:///{tmp_path / 'hub.sqlite3'}"}
    schema = SCHEMA_PREFIX + hashlib.sha1(str(tmp_path).encode()).hexdigest()[:16]
    engine = sqlalchemy.create_engine(TEST_DATABASE_URL)
    with engine.begin() as connection:
        connection.execute(sqlalchemy.text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
    engine.dispose()
    return {
        "DATABASE_URL": TEST_DATABASE_URL,
        "SQLALCHEMY_ENGINE_OPTIONS": {
            "pool_pre_ping": True,
            "connect_args": {"options": f"-csearch_path={schema}"},
        },
    }


@pytest.fixture(scope="session", autouse=True)
def _drop_test_schemas():
    """Leave the test server as we found it."""
    yield
    if not TEST_DATABASE_URL:
        return
    engine = sqlalchemy.create_engine(TEST_DATABASE_URL)
    with engine.connect() as connection:
        schemas = connection.execute(sqlalchemy.text(
            "SELECT nspname FROM pg_namespace WHERE nspname LIKE :prefix"
        ), {"prefix": SCHEMA_PREFIX + "%"}).scalars().all()
    for schema in schemas:  # one transaction each: dropping all at once runs out of locks
        with engine.begin() as connection:
            connection.execute(sqlalchemy.text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()


def make_app(tmp_path: Path, **overrides):
    config = {
        "TESTING": True,
        "INSTANCE_PATH": str(tmp_path / "instance"),
        **_database_config(tmp_path),
        "SEARCH_INDEX_DIR": str(tmp_path / "index"),
        "UPLOAD_DIR": str(tmp_path / "uploads"),
        "FEEDS_FILE": str(DATA / "feeds.yml"),
        "SECRET_KEY": "test-secret",
        "WTF_CSRF_ENABLED": False,
        "SERVER_NAME": "hub.test",
    }
    config.update(overrides)
    app = create_app(config)
    # Tests keep an app context pushed, and Flask reuses it for test requests; give each request
    # a fresh `g` (where Flask-Login caches the user), as a real server does.
    app.before_request_funcs.setdefault(None, []).insert(0, _fresh_globals)
    return app


@pytest.fixture
def app_config() -> dict:
    """Settings `app` adds to the test defaults; a test module overrides this fixture to give its
    tests another app (e.g. one that sends mail: `mail_config`)."""
    return {}


@pytest.fixture
def app(tmp_path, app_config):
    app = make_app(tmp_path, **app_config)
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="module")
def shared_app(tmp_path_factory, request):
    """One app for a whole test module, for modules that make many apps' worth of tests."""
    app = make_app(tmp_path_factory.mktemp(request.module.__name__.rsplit(".", 1)[-1]))
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def emptied_app(shared_app, tmp_path, monkeypatch):
    """`shared_app` standing in for `app`: each test gets empty tables and its own upload folder,
    much faster than building an app (every route and template) per test."""
    monkeypatch.setitem(shared_app.config, "UPLOAD_DIR", str(tmp_path / "uploads"))
    with shared_app.app_context():
        yield shared_app
        db.session.remove()
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
        db.session.commit()
        db.session.remove()


@pytest.fixture
def csrf_app(tmp_path):
    """An app with CSRF protection on, as in production."""
    app = make_app(tmp_path, WTF_CSRF_ENABLED=True)
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def inbox():
    """A real SMTP server on 127.0.0.1 for the test, keeping what it is sent."""
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port(),
                            authenticator=handler.authenticate, auth_require_tls=False)
    controller.start()
    handler.port = controller.port
    yield handler
    controller.stop()


@pytest.fixture
def mail_config(inbox) -> dict:
    """Settings that send the app's mail to `inbox`: `app_config` for modules that test email."""
    return {**MAIL_SETTINGS, "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": inbox.port}


@pytest.fixture
def count_rows(app):
    """How many rows a table has now: `count_rows(Win)` (a refused request leaves none behind)."""
    return lambda model: db.session.scalar(sqlalchemy.select(sqlalchemy.func.count())
                                           .select_from(model))


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def create_user(app):
    def factory(role="rep", email=None, name=None, password=PASSWORD):
        email = email or f"user{next(_emails)}@example.com"
        user = auth_services.create_user(email, name or f"{role.title()} User", role, password)
        db.session.commit()
        return user

    return factory


@pytest.fixture
def create_asset(app, create_user):
    """An asset made through the service, complete enough to publish unless told otherwise."""

    def factory(kind="case_study", status=AssetStatus.PUBLISHED, owner=None, **fields):
        owner = owner or create_user("marketing")
        asset = asset_services.create_asset(owner, kind, asset_fields(kind, **fields))
        if kind == "white_paper":
            asset_services.attach_file(
                owner, asset, io.BytesIO(filefactory.make_pdf("Scheduling guide")),
                "guide.pdf", app.config["UPLOAD_DIR"], 10 * 1024 * 1024,
            )
        if status != AssetStatus.DRAFT:
            asset_services.change_status(owner, asset, AssetStatus.PUBLISHED)
        if status == AssetStatus.ARCHIVED:
            asset_services.change_status(owner, asset, AssetStatus.ARCHIVED)
        db.session.commit()
        return asset

    return factory


def asset_fields(kind: str = "case_study", **fields) -> dict:
    """Everything an asset of `kind` needs to be published (apart from a white paper's file)."""
    return {
        "title": "Harbor & Pine cut missed site visits by 38%",
        "summary": "How a regional builder scheduled crews across 40 sites.",
        "body": "## Why it matters\nCrews arrive on time.",
        "markets": ["construction"],
        "stages": ["evaluation"],
        "personas": ["Operations Director"],
        "products": ["Fieldline Schedule"],
        **KIND_DEFAULTS[kind],
        **fields,
    }


KIND_DEFAULTS = {
    "case_study": {"customer": "Harbor & Pine Builders", "industry": "Construction",
                   "challenge": "Missed visits.", "solution": "Crew scheduling.",
                   "results": "38% fewer missed visits.",
                   "metrics": [{"value": "38%", "label": "fewer missed visits"}]},
    "email_template": {"subject": "Quick idea for {{company}}",
                       "email_body": "Hi {{first_name}},\n\nBest,\n{{rep_name}}"},
    "testimonial": {"quote": "We finally know where every crew is.", "person": "Dana Ruiz",
                    "person_title": "COO", "company": "Harbor & Pine", "permission": True},
    "white_paper": {"abstract": "How field teams schedule under OSHA rules."},
    "sales_aid": {"aid_type": "battle_card"},
}


class AuthActions:
    def __init__(self, client):
        self.client = client

    def login(self, user_or_email, password=PASSWORD, **kwargs):
        email = getattr(user_or_email, "email", user_or_email)
        return self.client.post("/login", data={"email": email, "password": password}, **kwargs)

    def logout(self):
        return self.client.post("/logout")


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture
def login_as(client, create_user, auth):
    """Sign the test client in as a new user with `role`; returns the user."""

    def factory(role="rep"):
        user = create_user(role)
        response = auth.login(user)
        assert response.status_code == 302, response.data
        return user

    return factory
