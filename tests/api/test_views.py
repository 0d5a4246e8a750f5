"""The JSON API under /api/v1: assets, authentication, errors and the OpenAPI document."""

from __future__ import annotations

import os
import re

import pytest

from enablement.assets import services as asset_services
from enablement.assets.kinds import KINDS, METRICS_MAX, SUMMARY_MAX, TAGS_PER_FACET, TITLE_MAX
from enablement.auth import services as auth_services
from enablement.extensions import db
from enablement.models import ApiToken, Asset, AssetStatus, User
from tests.conftest import FAST_HASH, KIND_DEFAULTS, PASSWORD, make_app

USAGE_KEYS = {"views", "copies", "downloads", "helpful", "not_helpful", "wins"}
CSRF_INPUT = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


@pytest.fixture(scope="module")
def _refusals_app(tmp_path_factory):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(auth_services, "generate_password_hash", FAST_HASH)
        app = make_app(tmp_path_factory.mktemp("refusals"))
        with app.app_context():
            db.create_all()
            owner = auth_services.create_user("owner@example.com", "Owner", "marketing", PASSWORD)
            fields = {k: v for k, v in full_body("case_study").items() if k != "kind"}
            asset = asset_services.create_asset(owner, "case_study", fields,
                                                status=AssetStatus.PUBLISHED)
            token = auth_services.create_token(owner)
            db.session.commit()
            app.config["TEST_ASSET_ID"] = asset.id
            app.config["TEST_HEADERS"] = {"Authorization": f"Bearer {token}"}
            db.session.remove()
        yield app
        with app.app_context():
            db.engine.dispose()


class Refusals:
    """A marketing client on an app shared by the tests of refused input.

    Those tests only send what the API must refuse, and each checks nothing was saved, so they
    share one app with one published case study rather than each building its own.
    """

    def __init__(self, app):
        self.client = app.test_client()
        self.headers = app.config["TEST_HEADERS"]
        self.asset_url = f"/api/v1/assets/{app.config['TEST_ASSET_ID']}"

    def asset(self) -> dict:
        return self.client.get(self.asset_url, headers=self.headers).get_json()


@pytest.fixture
def refusals(_refusals_app):
    with _refusals_app.app_context():
        api = Refusals(_refusals_app)
        before = api.asset()
        count = db.session.query(Asset).count()
        yield api
        # Whatever was refused left everything as it was.
        assert api.asset() == before
        db.session.expire_all()
        assert db.session.query(Asset).count() == count


@pytest.fixture
def token_for(runner):
    """A bearer token for `user`, made the way admins make them: `flask tokens create EMAIL`."""

    def make(user):
        result = runner.invoke(args=["tokens", "create", user.email])
        assert result.exit_code == 0, result.output
        return result.output.split()[-1]

    return make


@pytest.fixture
def bearer(create_user, token_for):
    """Authorization headers for a new user with `role`."""

    def make(role="marketing"):
        return {"Authorization": f"Bearer {token_for(create_user(role))}"}

    return make


def full_body(kind: str, **fields) -> dict:
    """A complete asset of `kind` as an API client sends it."""
    body = {
        "kind": kind,
        "title": f"A {kind} for the API",
        "summary": "Reps read this in lists.",
        "body": "## Why\nBecause.",
        "markets": ["construction"],
        "personas": ["Operations Director"],
        "stages": ["evaluation"],
        "products": ["Fieldline Schedule"],
        "review_by": "2030-01-31",
        **KIND_DEFAULTS[kind],
    }
    body.update(fields)
    return body


def assert_error(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.data
    assert response.is_json, response.data
    error = response.get_json()["error"]
    assert set(error) == {"code", "message", "fields"}
    assert isinstance(error["message"], str) and error["message"]
    assert isinstance(error["fields"], dict)
    if code:
        assert error["code"] == code
    return error


def titles(response) -> set[str]:
    assert response.status_code == 200, response.data
    return {item["title"] for item in response.get_json()["items"]}


# ---------------------------------------------------------------- listing


def test_list_shows_assets_with_paging_info(client, bearer, create_asset):
    create_asset(title="Harbor case")
    response = client.get("/api/v1/assets", headers=bearer("rep"))
    data = response.get_json()
    assert response.status_code == 200
    assert data["total"] == 1 and data["page"] == 1 and data["per_page"] == 20
    assert [item["title"] for item in data["items"]] == ["Harbor case"]


FILTERS = [
    ("kind=email_template", {"Cold email"}),
    ("kind=case_study", {"Harbor case", "Clinic case"}),
    ("market=healthcare", {"Clinic case"}),
    ("market=construction", {"Harbor case", "Cold email"}),
    ("market=logistics", set()),
    ("kind=case_study&market=construction", {"Harbor case"}),
]


def test_list_filters_by_kind_and_market(client, bearer, create_asset):
    owner = create_asset(title="Harbor case").owner
    create_asset(title="Clinic case", markets=["healthcare"], owner=owner)
    create_asset("email_template", title="Cold email", owner=owner)
    headers = bearer("rep")
    for query, expected in FILTERS:
        response = client.get(f"/api/v1/assets?{query}", headers=headers)
        assert titles(response) == expected, query
        assert response.get_json()["total"] == len(expected), query


def test_marketing_filters_by_status(client, bearer, create_asset):
    create_asset(title="Live")
    create_asset(title="Work in progress", status=AssetStatus.DRAFT)
    create_asset(title="Retired", status=AssetStatus.ARCHIVED)
    headers = bearer("marketing")
    assert titles(client.get("/api/v1/assets", headers=headers)) == {
        "Live", "Work in progress", "Retired"}
    assert titles(client.get("/api/v1/assets?status=draft", headers=headers)) == {
        "Work in progress"}
    assert titles(client.get("/api/v1/assets?status=archived", headers=headers)) == {"Retired"}


def test_list_pages_through_results(client, bearer, create_asset):
    owner = None
    for n in range(5):
        owner = create_asset(title=f"Asset {n}", owner=owner).owner
    headers = bearer("rep")
    seen = []
    for page in (1, 2, 3):
        data = client.get(f"/api/v1/assets?per_page=2&page={page}", headers=headers).get_json()
        assert data["total"] == 5 and data["page"] == page and data["per_page"] == 2
        seen += [item["title"] for item in data["items"]]
    assert sorted(seen) == [f"Asset {n}" for n in range(5)]
    beyond = client.get("/api/v1/assets?per_page=2&page=4", headers=headers).get_json()
    assert beyond["items"] == [] and beyond["total"] == 5
    assert client.get("/api/v1/assets?per_page=100", headers=headers).status_code == 200


@pytest.mark.parametrize(("query", "field"), [
    ("per_page=0", "per_page"),
    ("per_page=101", "per_page"),
    ("per_page=-5", "per_page"),
    ("per_page=ten", "per_page"),
    ("per_page=1.5", "per_page"),
    ("page=0", "page"),
    ("page=x", "page"),
    ("kind=brochure", "kind"),
    ("status=deleted", "status"),
])
def test_list_refuses_bad_paging_and_filters(refusals, query, field):
    error = assert_error(refusals.client.get(f"/api/v1/assets?{query}",
                                             headers=refusals.headers), 422, "validation_error")
    assert field in error["fields"]


def test_reps_never_see_drafts_or_archived_assets(client, bearer, create_asset):
    live = create_asset(title="Live")
    draft = create_asset(title="Work in progress", status=AssetStatus.DRAFT)
    archived = create_asset(title="Retired", status=AssetStatus.ARCHIVED)
    headers = bearer("rep")
    assert titles(client.get("/api/v1/assets", headers=headers)) == {"Live"}
    for status in ("draft", "archived"):
        data = client.get(f"/api/v1/assets?status={status}", headers=headers).get_json()
        assert data["items"] == [] and data["total"] == 0
    for hidden in (draft, archived):
        assert_error(client.get(f"/api/v1/assets/{hidden.id}", headers=headers), 404, "not_found")
    assert client.get(f"/api/v1/assets/{live.id}", headers=headers).status_code == 200


# ---------------------------------------------------------------- one asset


def test_asset_json_carries_id_url_fields_and_usage(client, auth, bearer, create_asset,
                                                    create_user):
    asset = create_asset(review_by="2030-06-30")
    data = client.get(f"/api/v1/assets/{asset.id}", headers=bearer("rep")).get_json()
    assert data["id"] == asset.id
    assert data["url"] == f"http://hub.test/assets/{asset.id}"
    assert data["kind"] == "case_study" and data["status"] == "published"
    assert data["title"] == "Harbor & Pine cut missed site visits by 38%"
    assert data["markets"] == ["construction"] and data["stages"] == ["evaluation"]
    assert data["personas"] == ["Operations Director"]
    assert data["products"] == ["Fieldline Schedule"]
    assert data["review_by"] == "2030-06-30"
    assert data["customer"] == "Harbor & Pine Builders"
    assert data["metrics"] == [{"value": "38%", "label": "fewer missed visits"}]
    assert data["usage"] == dict.fromkeys(USAGE_KEYS, 0)

    # A rep opening the asset's page counts as a view.
    auth.login(create_user("rep"))
    assert client.get(data["url"]).status_code == 200
    again = client.get(f"/api/v1/assets/{asset.id}", headers=bearer("rep")).get_json()
    assert again["usage"]["views"] == 1


def test_asset_json_lists_attachments(client, bearer, create_asset):
    paper = create_asset("white_paper")
    data = client.get(f"/api/v1/assets/{paper.id}", headers=bearer("rep")).get_json()
    [attachment] = data["attachments"]
    assert attachment["filename"] == "guide.pdf" and attachment["kind"] == "pdf"
    assert attachment["size"] > 0
    assert attachment["url"].startswith(f"http://hub.test/assets/{paper.id}/attachments/")


def test_get_unknown_asset_is_404(client, bearer):
    assert_error(client.get("/api/v1/assets/999999", headers=bearer("marketing")), 404,
                 "not_found")


# ---------------------------------------------------------------- creating


def test_create_each_kind_with_its_own_fields(client, bearer):
    headers = bearer("marketing")
    for kind in KINDS:
        response = client.post("/api/v1/assets", json=full_body(kind), headers=headers)
        assert response.status_code == 201, (kind, response.data)
        data = response.get_json()
        assert response.headers["Location"].endswith(f"/api/v1/assets/{data['id']}")
        assert data["kind"] == kind and data["status"] == "draft"
        assert data["review_by"] == "2030-01-31"
        for name, value in KIND_DEFAULTS[kind].items():
            assert data[name] == value, (kind, name)
        # The Location header leads to the same asset.
        fetched = client.get(response.headers["Location"], headers=headers)
        assert fetched.status_code == 200
        assert fetched.get_json() == data


def test_create_published_assets_reps_can_see(client, bearer):
    headers, rep = bearer("marketing"), bearer("rep")
    created = set()
    for kind in KINDS:
        if KINDS[kind].needs_attachment_to_publish:
            continue
        response = client.post("/api/v1/assets", json=full_body(kind, status="published"),
                               headers=headers)
        assert response.status_code == 201, (kind, response.data)
        data = response.get_json()
        assert data["status"] == "published" and data["published_at"]
        assert client.get(f"/api/v1/assets/{data['id']}", headers=rep).status_code == 200
        created.add(data["title"])
    assert len(created) == 4
    assert titles(client.get("/api/v1/assets", headers=rep)) == created


def test_create_published_white_paper_needs_its_document(client, bearer):
    headers = bearer("marketing")
    response = client.post("/api/v1/assets", json=full_body("white_paper", status="published"),
                           headers=headers)
    error = assert_error(response, 422, "validation_error")
    assert "attachments" in error["fields"]
    assert client.get("/api/v1/assets", headers=headers).get_json()["total"] == 0


def test_create_published_with_incomplete_data_names_missing_fields(client, bearer):
    headers = bearer("marketing")
    response = client.post("/api/v1/assets", headers=headers, json={
        "kind": "case_study", "title": "Half done", "status": "published"})
    error = assert_error(response, 422, "validation_error")
    assert {"summary", "markets", "customer", "challenge", "solution", "results"} <= set(
        error["fields"])
    # Nothing was half-saved.
    assert client.get("/api/v1/assets", headers=headers).get_json()["total"] == 0
    assert db.session.query(Asset).count() == 0


def test_create_minimal_draft(client, bearer):
    response = client.post("/api/v1/assets", headers=bearer("marketing"),
                           json={"kind": "sales_aid", "title": "Battle card v0"})
    assert response.status_code == 201, response.data
    data = response.get_json()
    assert data["status"] == "draft" and data["aid_type"] == "" and data["markets"] == []


def test_created_asset_is_owned_by_the_token_user(client, create_user, token_for):
    author = create_user("marketing", name="Mara Keller")
    response = client.post("/api/v1/assets", json=full_body("case_study"),
                           headers={"Authorization": f"Bearer {token_for(author)}"})
    assert response.get_json()["owner"] == {"id": author.id, "name": "Mara Keller"}


# ---------------------------------------------------------------- validation (422)

LONG_TITLE = "x" * (TITLE_MAX + 1)


@pytest.mark.parametrize(("body", "field"), [
    ({"title": LONG_TITLE}, "title"),
    ({"title": ""}, "title"),
    ({"title": "   "}, "title"),
    ({"title": None}, "title"),
    ({"summary": "s" * (SUMMARY_MAX + 1)}, "summary"),
    ({"colour": "red"}, "colour"),
    ({"subject": "A field of email templates"}, "subject"),
    ({"markets": ["atlantis"]}, "markets"),
    ({"markets": ["construction", "atlantis"]}, "markets"),
    ({"stages": ["lunch"]}, "stages"),
    ({"review_by": "31/12/2030"}, "review_by"),
    ({"review_by": "2030-02-30"}, "review_by"),
    ({"review_by": 20301231}, "review_by"),
    ({"title": 42}, "title"),
    ({"summary": ["a", "list"]}, "summary"),
    ({"markets": 5}, "markets"),
    ({"markets": [1, 2]}, "markets"),
    ({"personas": {"cfo": True}}, "personas"),
    ({"customer": 12}, "customer"),
    ({"metrics": {"value": "38%", "label": "fewer"}}, "metrics"),
    ({"metrics": ["38%"]}, "metrics"),
    ({"metrics": [{"value": "38%"}]}, "metrics"),
    ({"metrics": [{"value": 38, "label": "fewer"}]}, "metrics"),
    ({"metrics": [{"value": "", "label": "fewer"}]}, "metrics"),
    ({"metrics": [{"value": "1", "label": "l"}] * (METRICS_MAX + 1)}, "metrics"),
    ({"metrics": [{"value": "1" * 41, "label": "l"}]}, "metrics"),
    ({"personas": [f"Persona {n}" for n in range(TAGS_PER_FACET + 1)]}, "personas"),
    ({"products": ["p" * 101]}, "products"),
    ({"kind": "brochure"}, "kind"),
    ({"kind": None}, "kind"),
    ({"kind": ["case_study"]}, "kind"),
    ({"status": "live"}, "status"),
    ({"status": ["published"]}, "status"),
    ({"kind": "testimonial", "permission": "yes"}, "permission"),
    ({"kind": "sales_aid", "aid_type": "brochure"}, "aid_type"),
    ({"kind": "sales_aid", "aid_type": ["battle_card"]}, "aid_type"),
    ({"kind": "sales_aid", "aid_type": {"battle_card": True}}, "aid_type"),
])
def test_create_refuses_invalid_input_naming_the_field(refusals, body, field):
    payload = {"kind": "case_study", "title": "Valid title", **body}
    response = refusals.client.post("/api/v1/assets", json=payload, headers=refusals.headers)
    error = assert_error(response, 422, "validation_error")
    assert field in error["fields"], error


def test_title_of_exactly_the_limit_is_accepted(client, bearer):
    response = client.post("/api/v1/assets", headers=bearer("marketing"),
                           json={"kind": "case_study", "title": "x" * TITLE_MAX})
    assert response.status_code == 201
    assert response.get_json()["title"] == "x" * TITLE_MAX


# ---------------------------------------------------------------- updating


def test_patch_changes_only_the_fields_sent(client, bearer, create_asset):
    asset = create_asset()
    response = client.patch(f"/api/v1/assets/{asset.id}", headers=bearer("marketing"),
                            json={"summary": "A sharper summary.", "markets": ["healthcare"]})
    assert response.status_code == 200, response.data
    data = response.get_json()
    assert data["summary"] == "A sharper summary." and data["markets"] == ["healthcare"]
    assert data["title"] == "Harbor & Pine cut missed site visits by 38%"
    assert data["customer"] == "Harbor & Pine Builders"
    assert data["stages"] == ["evaluation"] and data["status"] == "published"
    stored = client.get(f"/api/v1/assets/{asset.id}", headers=bearer("rep")).get_json()
    assert stored["summary"] == "A sharper summary."


def test_patch_kind_fields(client, bearer, create_asset, create_user):
    owner, headers = create_user("marketing"), bearer("marketing")
    for kind in KINDS:
        asset = create_asset(kind, status=AssetStatus.DRAFT, owner=owner)
        field = next(f for f in KINDS[kind].fields if f.type in ("line", "text", "choice"))
        value = field.choices[-1][0] if field.type == "choice" else f"New {field.label}"
        response = client.patch(f"/api/v1/assets/{asset.id}", headers=headers,
                                json={field.name: value})
        assert response.status_code == 200, response.data
        assert response.get_json()[field.name] == value
        assert client.get(f"/api/v1/assets/{asset.id}", headers=headers).get_json()[
            field.name] == value


def test_patch_moves_through_statuses(client, bearer, create_asset):
    asset = create_asset(status=AssetStatus.DRAFT)
    headers, rep = bearer("marketing"), bearer("rep")
    url = f"/api/v1/assets/{asset.id}"
    assert client.get(url, headers=rep).status_code == 404

    published = client.patch(url, json={"status": "published"}, headers=headers)
    assert published.status_code == 200 and published.get_json()["status"] == "published"
    assert client.get(url, headers=rep).status_code == 200

    archived = client.patch(url, json={"status": "archived"}, headers=headers)
    assert archived.get_json()["status"] == "archived"
    assert client.get(url, headers=rep).status_code == 404
    assert titles(client.get("/api/v1/assets", headers=rep)) == set()

    back = client.patch(url, json={"status": "draft"}, headers=headers)
    assert back.get_json()["status"] == "draft"
    assert client.get(url, headers=rep).status_code == 404


def test_patch_can_complete_and_publish_a_draft_in_one_request(client, bearer, create_asset):
    asset = create_asset(status=AssetStatus.DRAFT, summary="", markets=[])
    response = client.patch(f"/api/v1/assets/{asset.id}", headers=bearer("marketing"), json={
        "summary": "Now complete.", "markets": ["logistics"], "status": "published"})
    assert response.status_code == 200, response.data
    assert response.get_json()["status"] == "published"


def test_patch_can_unpublish_and_empty_fields_in_one_request(client, bearer, create_asset):
    asset = create_asset()
    response = client.patch(f"/api/v1/assets/{asset.id}", headers=bearer("marketing"),
                            json={"summary": "", "status": "draft"})
    assert response.status_code == 200, response.data
    assert response.get_json()["summary"] == "" and response.get_json()["status"] == "draft"


def test_patch_publishing_an_incomplete_draft_names_missing_fields(client, bearer, create_asset):
    asset = create_asset(status=AssetStatus.DRAFT, summary="")
    headers = bearer("marketing")
    error = assert_error(client.patch(f"/api/v1/assets/{asset.id}", headers=headers,
                                      json={"status": "published"}), 422, "validation_error")
    assert "summary" in error["fields"]
    assert client.get(f"/api/v1/assets/{asset.id}", headers=headers).get_json()["status"] == "draft"


@pytest.mark.parametrize(("change", "field"), [
    ({"summary": ""}, "summary"),
    ({"markets": []}, "markets"),
    ({"customer": ""}, "customer"),
    ({"results": None}, "results"),
])
def test_patch_cannot_make_a_published_asset_incomplete(refusals, change, field):
    assert refusals.asset()[field]
    error = assert_error(refusals.client.patch(refusals.asset_url, headers=refusals.headers,
                                               json=change), 422, "validation_error")
    assert field in error["fields"]
    assert refusals.asset()["status"] == "published"


def test_patch_refuses_a_kind_change(client, bearer, create_asset):
    asset = create_asset()
    headers = bearer("marketing")
    error = assert_error(client.patch(f"/api/v1/assets/{asset.id}", headers=headers,
                                      json={"kind": "testimonial"}), 422, "validation_error")
    assert "kind" in error["fields"]
    assert client.get(f"/api/v1/assets/{asset.id}", headers=headers).get_json()["kind"] == (
        "case_study")
    # Sending the same kind back is fine (clients often echo the whole object).
    same = client.patch(f"/api/v1/assets/{asset.id}", headers=headers,
                        json={"kind": "case_study", "title": "Renamed"})
    assert same.status_code == 200 and same.get_json()["title"] == "Renamed"


@pytest.mark.parametrize(("change", "field"), [
    ({"title": LONG_TITLE}, "title"),
    ({"title": ""}, "title"),
    ({"colour": "red"}, "colour"),
    ({"markets": ["atlantis"]}, "markets"),
    ({"status": "live"}, "status"),
    ({"status": 1}, "status"),
])
def test_patch_refuses_invalid_input(refusals, change, field):
    error = assert_error(refusals.client.patch(refusals.asset_url, headers=refusals.headers,
                                               json=change), 422, "validation_error")
    assert field in error["fields"]


def test_patch_unknown_asset_is_404(client, bearer):
    assert_error(client.patch("/api/v1/assets/999999", json={"title": "x"},
                              headers=bearer("marketing")), 404, "not_found")


# ---------------------------------------------------------------- deleting


def test_delete_removes_the_asset_and_its_files(app, client, bearer, create_asset):
    paper = create_asset("white_paper")
    upload_dir = app.config["UPLOAD_DIR"]
    stored = [a.stored_name for a in paper.attachments]
    assert stored and all(os.path.exists(os.path.join(upload_dir, s)) for s in stored)
    headers = bearer("marketing")

    response = client.delete(f"/api/v1/assets/{paper.id}", headers=headers)
    assert response.status_code == 204 and response.data == b""
    assert not any(os.path.exists(os.path.join(upload_dir, s)) for s in stored)
    assert_error(client.get(f"/api/v1/assets/{paper.id}", headers=headers), 404, "not_found")
    assert_error(client.delete(f"/api/v1/assets/{paper.id}", headers=headers), 404, "not_found")
    assert client.get("/api/v1/assets", headers=headers).get_json()["total"] == 0


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize("send", [
    {"data": "title=Form+post", "content_type": "application/x-www-form-urlencoded"},
    {"data": '{"kind": "case_study", "title": "Valid"}', "content_type": "text/plain"},
    {"data": "{not json", "content_type": "application/json"},
    {"data": "", "content_type": "application/json"},
    {"json": ["kind", "case_study"]},
    {"json": "case_study"},
    {"json": None},
])
def test_body_must_be_a_json_object(refusals, send):
    assert_error(refusals.client.post("/api/v1/assets", headers=refusals.headers, **send), 400,
                 "bad_request")
    assert_error(refusals.client.patch(refusals.asset_url, headers=refusals.headers, **send), 400,
                 "bad_request")


def _revoked(user, token):
    auth_services.revoke_token(db.session.scalar(db.select(ApiToken).where(
        ApiToken.user_id == user.id)))
    db.session.commit()
    return token


def _deactivated(user, token):
    db.session.get(User, user.id).active = False
    db.session.commit()
    return token


ENDPOINTS = [
    ("get", "/api/v1/assets"),
    ("get", "/api/v1/assets/{id}"),
    ("post", "/api/v1/assets"),
    ("patch", "/api/v1/assets/{id}"),
    ("delete", "/api/v1/assets/{id}"),
]


@pytest.mark.parametrize("make_header", [
    lambda user, token: None,
    lambda user, token: "Bearer ehub_not-a-real-token",
    lambda user, token: "Bearer ",
    lambda user, token: f"Basic {token}",
    lambda user, token: f"Bearer {_revoked(user, token)}",
    lambda user, token: f"Bearer {_deactivated(user, token)}",
], ids=["no-token", "bad-token", "empty-token", "not-bearer", "revoked", "deactivated-user"])
def test_requests_without_valid_credentials_get_401(client, create_user, create_asset, token_for,
                                                    make_header):
    asset = create_asset()
    user = create_user("admin")
    token = token_for(user)
    # The token works before it is broken, so the 401 is about the credential.
    assert client.get("/api/v1/assets",
                      headers={"Authorization": f"Bearer {token}"}).status_code == 200
    header = make_header(user, token)
    headers = {"Authorization": header} if header else {}
    for method, path in ENDPOINTS:
        response = getattr(client, method)(path.format(id=asset.id), headers=headers,
                                           json={"kind": "sales_aid", "title": "Changed"})
        assert_error(response, 401, "unauthorized")
        assert response.headers["WWW-Authenticate"].startswith("Bearer"), (method, path)
    db.session.expire_all()
    assert db.session.query(Asset).count() == 1
    assert db.session.get(Asset, asset.id).title == "Harbor & Pine cut missed site visits by 38%"


@pytest.mark.parametrize(("method", "path", "body"), [
    ("post", "/api/v1/assets", {"kind": "sales_aid", "title": "Rep card"}),
    ("patch", "/api/v1/assets/{id}", {"title": "Rep was here"}),
    ("delete", "/api/v1/assets/{id}", None),
])
def test_reps_cannot_write(client, bearer, create_asset, method, path, body):
    asset = create_asset()
    response = getattr(client, method)(path.format(id=asset.id), json=body,
                                       headers=bearer("rep"))
    assert_error(response, 403, "forbidden")
    db.session.expire_all()
    assert db.session.query(Asset).count() == 1
    assert db.session.get(Asset, asset.id).title == "Harbor & Pine cut missed site visits by 38%"


def test_unknown_api_path_is_json_404(client, bearer):
    assert_error(client.get("/api/v1/nothing-here", headers=bearer("rep")), 404, "not_found")


WRONG_METHODS = [
    ("put", "/api/v1/assets/{id}", {"GET", "PATCH", "DELETE"}),
    ("delete", "/api/v1/assets", {"GET", "POST"}),
    ("post", "/api/v1/assets/{id}", {"GET", "PATCH", "DELETE"}),
    ("post", "/api/v1/openapi.json", {"GET"}),
]


def test_wrong_method_is_json_405(client, bearer, create_asset):
    asset = create_asset()
    headers = bearer("marketing")
    for method, path, allowed in WRONG_METHODS:
        response = getattr(client, method)(path.format(id=asset.id), headers=headers)
        assert_error(response, 405, "method_not_allowed")
        assert allowed <= {m.strip() for m in response.headers["Allow"].split(",")}, path
    assert client.get(f"/api/v1/assets/{asset.id}", headers=headers).status_code == 200


# ---------------------------------------------------------------- CSRF and the browser session


def _signed_in_csrf_client(csrf_app, role="marketing"):
    """A browser: signs in through the login form (which itself needs the CSRF token)."""
    user = auth_services.create_user(f"{role}-browser@example.com", "Browser User", role,
                                     PASSWORD)
    db.session.commit()
    client = csrf_app.test_client()
    token = CSRF_INPUT.search(client.get("/login").get_data(as_text=True)).group(1)
    response = client.post("/login", data={"email": user.email, "password": PASSWORD,
                                           "csrf_token": token})
    assert response.status_code == 302, response.data
    page = client.get("/").get_data(as_text=True)
    return client, user, CSRF_INPUT.search(page).group(1)


def test_cookie_session_write_without_csrf_token_is_refused(csrf_app):
    client, _, _ = _signed_in_csrf_client(csrf_app)
    response = client.post("/api/v1/assets", json={"kind": "sales_aid", "title": "Forged"})
    assert_error(response, 400, "csrf_failed")
    response = client.post("/api/v1/assets", json={"kind": "sales_aid", "title": "Forged"},
                           headers={"X-CSRFToken": "not-the-token"})
    assert_error(response, 400, "csrf_failed")
    assert db.session.query(Asset).count() == 0


def test_a_write_without_any_credentials_is_a_401_not_a_csrf_error(csrf_app):
    """Nobody is signed in, so there is no session to forge: the client is told to sign in."""
    client = csrf_app.test_client()
    assert_error(client.post("/api/v1/assets", json={"kind": "sales_aid", "title": "x"}), 401,
                 "unauthorized")
    assert_error(client.delete("/api/v1/assets/1"), 401, "unauthorized")
    assert db.session.query(Asset).count() == 0


def test_cookie_session_write_with_csrf_token_works(csrf_app):
    client, user, token = _signed_in_csrf_client(csrf_app)
    response = client.post("/api/v1/assets", json={"kind": "sales_aid", "title": "From the page"},
                           headers={"X-CSRFToken": token})
    assert response.status_code == 201, response.data
    asset_id = response.get_json()["id"]
    assert response.get_json()["owner"]["id"] == user.id
    # Reads need no token; PATCH and DELETE do.
    assert client.get(f"/api/v1/assets/{asset_id}").status_code == 200
    assert_error(client.patch(f"/api/v1/assets/{asset_id}", json={"title": "x"}), 400,
                 "csrf_failed")
    assert client.patch(f"/api/v1/assets/{asset_id}", json={"title": "Renamed"},
                        headers={"X-CSRFToken": token}).status_code == 200
    assert_error(client.delete(f"/api/v1/assets/{asset_id}"), 400, "csrf_failed")
    assert client.delete(f"/api/v1/assets/{asset_id}",
                         headers={"X-CSRFToken": token}).status_code == 204


def test_bearer_writes_need_no_csrf_token(csrf_app):
    user = auth_services.create_user("integration@example.com", "CRM", "marketing", PASSWORD)
    token = auth_services.create_token(user, "CRM webhook")
    db.session.commit()
    client = csrf_app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    response = client.post("/api/v1/assets", json={"kind": "sales_aid", "title": "From CRM"},
                           headers=headers)
    assert response.status_code == 201, response.data
    url = response.headers["Location"]
    assert client.patch(url, json={"title": "Renamed"}, headers=headers).status_code == 200
    assert client.delete(url, headers=headers).status_code == 204


def test_a_bearer_header_replaces_the_browser_session(csrf_app):
    """A request that brings a token acts as that token's user, never as the signed-in browser,
    so a made-up token can't be used to skip the CSRF check."""
    client, _, _ = _signed_in_csrf_client(csrf_app)
    forged = {"Authorization": "Bearer ehub_made-up"}
    assert_error(client.get("/api/v1/assets", headers=forged), 401, "unauthorized")
    assert_error(client.post("/api/v1/assets", json={"kind": "sales_aid", "title": "Forged"},
                             headers=forged), 401, "unauthorized")
    assert db.session.query(Asset).count() == 0
    assert client.get("/api/v1/assets").status_code == 200  # the session itself still works


def test_bearer_requests_do_not_start_a_browser_session(client, bearer):
    response = client.get("/api/v1/assets", headers=bearer("rep"))
    assert response.status_code == 200
    assert "session=" not in response.headers.get("Set-Cookie", "")
    # ...so the next request without the header is anonymous.
    assert client.get("/api/v1/assets").status_code == 401


# ---------------------------------------------------------------- the OpenAPI document


@pytest.fixture
def openapi(client):
    response = client.get("/api/v1/openapi.json")  # public: no token needed
    assert response.status_code == 200
    return response.get_json()


def _resolve(document: dict, ref: str) -> dict:
    assert ref.startswith("#/"), ref
    node = document
    for part in ref[2:].split("/"):
        node = node[part]
    return node


def _refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def test_openapi_document_has_a_valid_shape(openapi):
    assert openapi["openapi"].startswith("3.1")
    assert openapi["info"]["title"] and openapi["info"]["version"]
    assert openapi["servers"] == [{"url": "/api/v1"}]
    assert openapi["paths"]
    for path, item in openapi["paths"].items():
        assert path.startswith("/")
        operations = {k: v for k, v in item.items() if k in HTTP_METHODS}
        assert operations, path
        for method, operation in operations.items():
            assert operation["responses"], (path, method)
            for status in operation["responses"]:
                assert re.fullmatch(r"[1-5]\d\d|default", status), (path, method, status)
        for name in re.findall(r"{(\w+)}", path):
            params = item.get("parameters", []) + [
                p for op in operations.values() for p in op.get("parameters", [])]
            assert any(p["name"] == name and p["in"] == "path" and p["required"]
                       for p in params), (path, name)
    for ref in set(_refs(openapi)):
        assert isinstance(_resolve(openapi, ref), dict), ref
    assert openapi["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"


def _api_routes(app) -> set[tuple[str, str]]:
    routes = set()
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/"):
            continue
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule[len("/api/v1"):])
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            routes.add((path, method.lower()))
    return routes


def _documented(openapi) -> set[tuple[str, str]]:
    return {(path, method) for path, item in openapi["paths"].items()
            for method in item if method in HTTP_METHODS}


def test_every_api_route_is_documented(app, openapi):
    routes = _api_routes(app)
    assert ("/assets/{asset_id}", "patch") in routes  # the conversion works
    assert routes - _documented(openapi) == set()


def test_every_write_documents_the_csrf_refusal_and_ids_stop_at_32_bits(openapi):
    for path, item in openapi["paths"].items():
        for method, operation in item.items():
            if method in ("post", "patch", "delete"):
                assert "400" in operation["responses"], (method, path)
        ids = [p for p in item.get("parameters", []) if p["name"].endswith("_id")]
        assert all(p["schema"] == {"type": "integer", "minimum": 0, "maximum": 2**31 - 1}
                   for p in ids), path
    assert len([p for p in openapi["paths"] if "_id}" in p]) >= 10


def test_every_documented_operation_exists(app, openapi):
    assert _documented(openapi) - _api_routes(app) == set()


def kind_input(openapi, kind: str) -> dict:
    """The creation schema of one kind, which AssetInput's oneOf names for it."""
    mapping = openapi["components"]["schemas"]["AssetInput"]["discriminator"]["mapping"]
    return _resolve(openapi, mapping[kind])


def test_openapi_limits_match_the_common_field_limits(openapi):
    assert set(openapi["components"]["schemas"]["AssetInput"]["discriminator"]["mapping"]) \
        == set(KINDS)
    for kind in KINDS:
        schema = kind_input(openapi, kind)
        assert schema["additionalProperties"] is False
        assert schema["required"] == ["kind", "title"]
        properties = schema["properties"]
        assert properties["kind"] == {"const": kind}
        assert properties["title"]["maxLength"] == TITLE_MAX
        assert properties["summary"]["maxLength"] == SUMMARY_MAX
        assert properties["personas"]["maxItems"] == TAGS_PER_FACET
        assert set(properties["status"]["enum"]) == {s.value for s in AssetStatus}
        assert properties["markets"]["items"]["enum"] == ["construction", "healthcare",
                                                          "logistics"]
        others = {f.name for k, spec in KINDS.items() if k != kind for f in spec.fields} \
            - {f.name for f in KINDS[kind].fields}
        assert not others & set(properties), kind  # another kind's fields are unknown here


def test_openapi_says_what_publishing_on_creation_needs(openapi):
    for kind, spec in KINDS.items():
        variants = kind_input(openapi, kind)["anyOf"]
        published = [v for v in variants if v["properties"]["status"].get("const") == "published"]
        if spec.needs_attachment_to_publish:
            assert published == []  # its document comes after: created as a draft
            continue
        [needs] = published
        assert set(needs["required"]) == {"status", "summary", "markets"} | {
            f.name for f in spec.fields if f.required_to_publish}


def test_openapi_kind_field_limits_match_kinds_and_are_enforced(client, bearer, openapi):
    headers = bearer("marketing")
    checked = 0
    for kind, field in [(k, f) for k, spec in KINDS.items() for f in spec.fields]:
        documented = kind_input(openapi, kind)["properties"][field.name]
        if field.type in ("line", "text"):
            assert documented["maxLength"] == field.max_length, field.name
            limit, make = field.max_length, lambda n: "y" * n
        elif field.type == "metrics":
            assert documented["maxItems"] == METRICS_MAX
            label = documented["items"]["properties"]["label"]
            assert label["maxLength"] == field.max_length, field.name
            limit, make = field.max_length, lambda n: [{"value": "1", "label": "y" * n}]
        elif field.type == "choice":
            assert documented["enum"] == ["", *(c for c, _ in field.choices)]
            continue
        else:
            assert documented["type"] == "boolean"
            continue
        too_long = client.post("/api/v1/assets", headers=headers, json={
            "kind": kind, "title": "Limits", field.name: make(limit + 1)})
        assert field.name in assert_error(too_long, 422, "validation_error")["fields"]
        at_limit = client.post("/api/v1/assets", headers=headers, json={
            "kind": kind, "title": "Limits", field.name: make(limit)})
        assert at_limit.status_code == 201, (field.name, at_limit.data)
        checked += 1
    assert checked == sum(f.type in ("line", "text", "metrics")
                          for spec in KINDS.values() for f in spec.fields)
