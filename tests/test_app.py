"""The app as a whole: config layers, health check, error pages."""

import json

import pytest
from sqlalchemy import text

from enablement.extensions import db
from tests.conftest import make_app


def test_healthz_ok_once_db_and_index_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json["status"] == "ok"


def test_healthz_names_the_index_when_it_is_broken(tmp_path):
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("the index path is a file, so no index can be opened there")
    app = make_app(tmp_path, SEARCH_INDEX_DIR=str(blocked))
    with app.app_context():
        db.create_all()
        response = app.test_client().get("/healthz")
        db.session.remove()
        db.engine.dispose()
    assert response.status_code == 503
    assert response.json["status"] == "error"
    assert response.json["checks"]["database"] == "ok"
    assert response.json["checks"]["index"].startswith("error")


def test_healthz_names_the_database_when_it_is_down(app, client, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("database unreachable")

    monkeypatch.setattr(db.session, "execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json == {"status": "error",
                             "checks": {"database": "error: RuntimeError", "index": "ok"},
                             "worker": {"status": "down", "last_seen": None}}


def test_healthz_is_degraded_but_up_while_changes_wait_too_long_for_the_index(app, client):
    from datetime import timedelta

    from enablement.models import SearchOutbox, utcnow

    app.config["SEARCH_MAX_LAG"] = 60
    db.session.add(SearchOutbox(doc_type="asset", doc_id=1, created_at=utcnow()))
    db.session.commit()
    assert client.get("/healthz").json["status"] == "ok"  # a fresh change: the worker is on it

    db.session.add(SearchOutbox(doc_type="asset", doc_id=2,
                                created_at=utcnow() - timedelta(seconds=90)))
    db.session.commit()
    response = client.get("/healthz")
    assert response.status_code == 200  # still serving: a load balancer must keep it
    assert response.json["status"] == "degraded"
    assert response.json["checks"]["index_updates"].startswith(
        "error: 2 changes waiting for the index for 9")  # 90 s, or a second more


def _database_gone(*args, **kwargs):
    from sqlalchemy.exc import OperationalError

    raise OperationalError("SELECT 1", {}, ConnectionRefusedError("connection refused"))


def test_a_database_outage_is_a_503_page_that_says_so(app, client, login_as, monkeypatch):
    from enablement.extensions import login_manager

    login_as("rep")
    # Even looking up who is signed in fails; the error page must not try again.
    monkeypatch.setattr(login_manager, "_user_callback", _database_gone)
    response = client.get("/assets/")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert b"can&#39;t reach its database" in response.data or \
        b"can't reach its database" in response.data
    assert db.session.execute(text("SELECT 1")).scalar() == 1  # back once the database is


def test_a_database_outage_is_a_json_503_on_the_api(app, client, login_as, monkeypatch):
    from enablement.assets import services

    login_as("rep")
    monkeypatch.setattr(services, "list_assets", _database_gone)
    response = client.get("/api/v1/assets")
    assert response.status_code == 503
    assert response.json["error"]["code"] == "database_unavailable"


def test_unknown_page_is_a_friendly_404(client, login_as):
    login_as("rep")
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert b"couldn&#39;t find" in response.data or b"couldn't find" in response.data


def test_unknown_api_path_is_json_404(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"


def test_unexpected_error_rolls_back_and_shows_500(app, client, login_as, monkeypatch):
    login_as("rep")
    from enablement.assets import services

    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(services, "list_assets", explode)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = client.get("/assets/")
    assert response.status_code == 500
    assert b"Nothing you entered was saved" in response.data
    assert db.session.execute(text("SELECT 1")).scalar() == 1  # session still usable


def test_secret_key_is_generated_once_into_the_instance_folder(tmp_path):
    first = make_app(tmp_path, SECRET_KEY=None)
    second = make_app(tmp_path, SECRET_KEY=None)
    key_file = tmp_path / "instance" / "secret_key"
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"] == key_file.read_text()
    assert len(first.config["SECRET_KEY"]) == 64
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"


def test_environment_overrides_defaults_and_tests_override_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("MAX_UPLOAD_MB", "3")
    monkeypatch.setenv("SESSION_COOKIE_SECURE", "1")
    app = make_app(tmp_path)
    assert app.config["MAX_UPLOAD_MB"] == 3
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert make_app(tmp_path, MAX_UPLOAD_MB=7).config["MAX_UPLOAD_MB"] == 7


def test_instance_config_file_is_read(tmp_path):
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "config.py").write_text("PER_PAGE = 5\n")
    assert make_app(tmp_path).config["PER_PAGE"] == 5


def test_paths_default_into_the_instance_folder(tmp_path):
    from enablement import create_app

    instance = tmp_path / "instance"
    app = create_app({"INSTANCE_PATH": str(instance)})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{instance / 'enablement.sqlite3'}"
    assert app.config["SEARCH_INDEX_DIR"] == str(instance / "search-index")
    assert app.config["UPLOAD_DIR"] == str(instance / "uploads")
    assert app.config["FEEDS_FILE"].endswith("feeds.yml")


@pytest.mark.parametrize("path", ["/login", "/healthz", "/api/v1/openapi.json"])
def test_public_pages_answer_without_signing_in(client, path):
    assert client.get(path).status_code == 200


def test_openapi_is_json(client):
    document = json.loads(client.get("/api/v1/openapi.json").data)
    assert document["openapi"].startswith("3.1")


def test_behind_a_trusted_proxy_the_client_address_is_used(tmp_path):
    app = make_app(tmp_path, TRUSTED_PROXIES=1)
    seen = {}

    @app.get("/_probe")
    def probe():
        from flask import request

        seen["ip"] = request.remote_addr
        return "ok"

    probe.least_role = "public"
    app.test_client().get("/_probe", headers={"X-Forwarded-For": "203.0.113.9"})
    assert seen["ip"] == "203.0.113.9"


def test_marketing_pages_fold_into_more_on_phones_and_reps_see_neither(client, login_as):
    login_as("rep")
    page = client.get("/").get_data(as_text=True)
    assert 'class="nav-more"' not in page and "(press /)" not in page
    assert 'aria-keyshortcuts="/"' in page
    client.post("/logout")
    login_as("admin")
    page = client.get("/").get_data(as_text=True)
    more = page[page.index('class="nav-more"'):]
    assert "<summary>More</summary>" in more and "Insights" in more and "Users" in more
