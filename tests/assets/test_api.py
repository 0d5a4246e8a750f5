"""Documents through the API (/api/v1/assets/<id>/attachments): the same checks as the publishing
pages, the same roles, and a white paper published end to end without a browser."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from enablement.assets import services as asset_services
from enablement.auth import services as auth_services
from enablement.extensions import db
from enablement.models import AssetRevision, AssetStatus, Attachment
from tests.conftest import KIND_DEFAULTS, PASSWORD
from tests.filefactory import (
    make_docx,
    make_encrypted_pdf,
    make_pdf,
    make_pptx,
    make_zip_bomb_docx,
)

MB = 1024 * 1024
PDF = make_pdf("Scheduling crews under OSHA rules")
DOCX = make_docx(["Battle card against Acme", "Lead with onboarding speed."])
PPTX = make_pptx(["Roadmap 2026", "Pricing tiers"], notes=["Open with the customer story"])
ATTACHMENT_KEYS = {"id", "filename", "size", "content_type", "kind", "text_status", "url"}
NOT_A_DOCUMENT = "Only PDF, Word (.docx) and PowerPoint (.pptx) files can be attached"


@pytest.fixture
def app(emptied_app):
    return emptied_app


@pytest.fixture
def upload_dir(app) -> Path:
    return Path(app.config["UPLOAD_DIR"])


@pytest.fixture
def bearer(create_user):
    """Authorization headers for a new user with `role`."""

    def make(role="marketing"):
        token = auth_services.create_token(create_user(role))
        db.session.commit()
        return {"Authorization": f"Bearer {token}"}

    return make


def files_in(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir()) if directory.exists() else []


def attachments() -> int:
    return db.session.scalar(select(func.count()).select_from(Attachment))


def upload(client, asset_id: int, data: bytes, name: str, headers: dict | None = None):
    boundary, body = encode_multipart({"file": FileStorage(io.BytesIO(data), name)})
    return client.post(f"/api/v1/assets/{asset_id}/attachments", data=body, headers=headers,
                       content_type=f"multipart/form-data; boundary={boundary}")


def error_of(response, status: int) -> dict:
    assert response.status_code == status, response.data
    error = response.get_json()["error"]
    assert set(error) == {"code", "message", "fields"}
    return error


@pytest.mark.parametrize(
    ("data", "name", "kind", "content_type", "words"),
    [(PDF, "guide.pdf", "pdf", "application/pdf", "Scheduling crews"),
     (DOCX, "card.docx", "docx",
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Battle card"),
     (PPTX, "deck.pptx", "pptx",
      "application/vnd.openxmlformats-officedocument.presentationml.presentation",
      "customer story")],
    ids=["pdf", "docx", "pptx"],
)
def test_a_document_is_attached_with_its_text_and_listed(client, bearer, create_asset, upload_dir,
                                                         data, name, kind, content_type, words):
    headers = bearer("marketing")
    asset = create_asset("case_study", status=AssetStatus.DRAFT)
    response = upload(client, asset.id, data, name, headers)

    assert response.status_code == 201, response.data
    body = response.get_json()
    stored = db.session.scalars(select(Attachment)).one()
    assert body == {"id": stored.id, "filename": name, "size": len(data),
                    "content_type": content_type, "kind": kind, "text_status": "complete",
                    "url": f"http://hub.test/assets/{asset.id}/attachments/{stored.id}",
                    "warnings": []}
    assert response.headers["Location"] == body["url"]
    assert words in stored.text
    assert files_in(upload_dir) == [stored.stored_name]
    assert (upload_dir / stored.stored_name).read_bytes() == data

    listed = client.get(f"/api/v1/assets/{asset.id}/attachments", headers=headers)
    assert listed.status_code == 200
    assert listed.get_json() == {"items": [{k: v for k, v in body.items() if k != "warnings"}]}
    asset_json = client.get(f"/api/v1/assets/{asset.id}", headers=headers).get_json()
    assert [a["id"] for a in asset_json["attachments"]] == [stored.id]
    revision = db.session.scalars(select(AssetRevision).where(
        AssetRevision.action == "attached")).one()
    assert revision.changes == {"file": [None, name]}


def test_a_white_paper_is_published_through_the_api_alone_and_found_by_its_words(client,
                                                                                  bearer):
    headers = bearer("marketing")
    created = client.post("/api/v1/assets", headers=headers, json={
        "kind": "white_paper", "title": "Scheduling under OSHA", "summary": "For site managers.",
        "markets": ["construction"], **KIND_DEFAULTS["white_paper"]})
    assert created.status_code == 201, created.data
    asset_url = created.headers["Location"]
    refused = client.patch(asset_url, headers=headers, json={"status": "published"})
    assert "attachments" in error_of(refused, 422)["fields"]

    document = make_pdf("Crane lift permits need a signed rota")
    assert upload(client, created.get_json()["id"], document, "permits.pdf",
                  headers).status_code == 201
    published = client.patch(asset_url, headers=headers, json={"status": "published"})
    assert published.status_code == 200, published.data

    found = client.get("/api/v1/search?q=crane+permits", headers=bearer("rep")).get_json()
    assert [(r["type"], r["id"]) for r in found["results"]] == [("asset", published.json["id"])]


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"<html><body><script>alert(1)</script></body></html>", "report.pdf", NOT_A_DOCUMENT),
        (b"MZ\x90\x00 not a document", "deck.pptx", NOT_A_DOCUMENT),
        (b"", "empty.pdf", "The file is empty."),
        (make_encrypted_pdf("Top secret"), "locked.pdf", "This PDF is password-protected"),
        (make_zip_bomb_docx(), "bomb.docx", "unpacks to more than 200 MB"),
    ],
    ids=["html-named-pdf", "exe-named-pptx", "empty", "encrypted-pdf", "zip-bomb"],
)
def test_hostile_and_broken_files_are_refused_by_their_content(client, bearer, create_asset,
                                                               upload_dir, data, name, message):
    asset = create_asset("case_study", status=AssetStatus.DRAFT)
    error = error_of(upload(client, asset.id, data, name, bearer()), 422)
    assert message in error["message"] and message in error["fields"]["file"]
    assert error["code"] == "validation_error"
    assert files_in(upload_dir) == [] and attachments() == 0


def test_a_hostile_file_name_is_made_safe(client, bearer, create_asset, upload_dir, tmp_path):
    asset = create_asset("case_study", status=AssetStatus.DRAFT)
    response = upload(client, asset.id, PDF, "../../etc/CON.pdf.exe", bearer())
    assert response.status_code == 201, response.data
    assert response.get_json()["filename"] == "_CON.pdf"
    assert not (tmp_path / "etc").exists() and len(files_in(upload_dir)) == 1


@pytest.fixture
def small_uploads(app, monkeypatch):
    """Uploads limited to 1 MB, the request body to 2 MB (as the config derives it)."""
    monkeypatch.setitem(app.config, "MAX_UPLOAD_MB", 1)
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 2 * MB)


def test_a_file_over_the_limit_is_refused_naming_the_limit(client, bearer, create_asset,
                                                           upload_dir, small_uploads):
    asset = create_asset("case_study", status=AssetStatus.DRAFT)
    error = error_of(upload(client, asset.id, b"%PDF-1.7\n" + bytes(MB + MB // 2), "big.pdf",
                            bearer()), 422)
    assert error["fields"]["file"] == "The file is larger than 1 MB."
    too_large = upload(client, asset.id, b"%PDF-1.7\n" + bytes(3 * MB), "huge.pdf", bearer())
    error = error_of(too_large, 413)
    assert error["message"] == "The upload is too large: files can be at most 1 MB."
    assert files_in(upload_dir) == [] and attachments() == 0


def test_the_same_document_twice_is_refused_and_one_on_another_asset_is_warned(
        client, bearer, create_asset, upload_dir):
    headers = bearer()
    older = create_asset("case_study", title="Scheduling guide (2025)")
    newer = create_asset("case_study", status=AssetStatus.DRAFT)
    assert upload(client, older.id, PDF, "guide.pdf", headers).status_code == 201
    again = error_of(upload(client, older.id, PDF, "guide-v2.pdf", headers), 422)
    assert again["fields"]["file"] == ("This file is already attached to this asset, "
                                       "as guide.pdf.")
    elsewhere = upload(client, newer.id, PDF, "guide.pdf", headers)
    assert elsewhere.status_code == 201
    assert elsewhere.get_json()["warnings"] == [
        "guide.pdf is also attached to “Scheduling guide (2025)”. If this asset replaces that "
        "one, archive the old one."]
    assert attachments() == 2 and len(files_in(upload_dir)) == 2


@pytest.mark.parametrize("send", [
    lambda client, url, headers: client.post(url, headers=headers, json={"file": "guide.pdf"}),
    lambda client, url, headers: client.post(url, headers=headers, data={"file": "guide.pdf"},
                                             content_type="multipart/form-data"),
    lambda client, url, headers: client.post(url, headers=headers,
                                             data={"other": (io.BytesIO(PDF), "guide.pdf")}),
], ids=["json", "form-field-not-a-file", "wrong-field"])
def test_a_request_without_a_file_asks_for_one(client, bearer, create_asset, send):
    asset = create_asset("case_study", status=AssetStatus.DRAFT)
    error = error_of(send(client, f"/api/v1/assets/{asset.id}/attachments", bearer()), 422)
    assert error["fields"] == {"file": "Choose a file to upload."}
    assert attachments() == 0


def test_an_upload_whose_commit_fails_leaves_no_file(client, bearer, create_asset, upload_dir,
                                                     monkeypatch):
    headers = bearer()
    asset = create_asset("case_study", status=AssetStatus.DRAFT)

    def lost_connection():
        raise ConnectionError("the database went away")

    with monkeypatch.context() as patch:
        patch.setattr(db.session, "commit", lost_connection)
        assert upload(client, asset.id, PDF, "rota.pdf", headers).status_code == 500
    assert files_in(upload_dir) == []


def test_removing_a_document_deletes_its_file(client, bearer, create_asset, upload_dir):
    headers = bearer()
    asset = create_asset("case_study", status=AssetStatus.DRAFT)
    attachment_id = upload(client, asset.id, PDF, "guide.pdf", headers).get_json()["id"]
    url = f"/api/v1/assets/{asset.id}/attachments/{attachment_id}"
    assert client.delete(url, headers=headers).status_code == 204
    assert attachments() == 0 and files_in(upload_dir) == []
    assert error_of(client.delete(url, headers=headers), 404)["code"] == "not_found"


def test_a_published_white_paper_keeps_its_only_document(client, bearer, create_asset,
                                                         upload_dir):
    paper = create_asset("white_paper")
    [attachment] = paper.attachments
    response = client.delete(f"/api/v1/assets/{paper.id}/attachments/{attachment.id}",
                             headers=bearer())
    assert error_of(response, 422)["fields"] == {"file": "Attach a replacement first, or "
                                                         "unpublish."}
    assert attachments() == 1 and files_in(upload_dir) == [attachment.stored_name]


def test_a_document_is_only_found_under_its_own_asset(client, bearer, create_asset):
    headers = bearer()
    paper, other = create_asset("white_paper"), create_asset("case_study")
    attachment_id = paper.attachments[0].id
    response = client.delete(f"/api/v1/assets/{other.id}/attachments/{attachment_id}",
                             headers=headers)
    assert error_of(response, 404)["code"] == "not_found"
    assert attachments() == 1


def test_reps_list_documents_of_published_assets_only_and_change_none(client, bearer,
                                                                      create_asset, upload_dir):
    rep = bearer("rep")
    paper = create_asset("white_paper")
    draft = create_asset("white_paper", status=AssetStatus.DRAFT)
    listed = client.get(f"/api/v1/assets/{paper.id}/attachments", headers=rep).get_json()
    assert [a["filename"] for a in listed["items"]] == ["guide.pdf"]
    assert error_of(client.get(f"/api/v1/assets/{draft.id}/attachments", headers=rep),
                    404)["code"] == "not_found"
    assert error_of(upload(client, paper.id, PPTX, "deck.pptx", rep), 403)["code"] == "forbidden"
    attachment_id = paper.attachments[0].id
    assert error_of(client.delete(f"/api/v1/assets/{paper.id}/attachments/{attachment_id}",
                                  headers=rep), 403)["code"] == "forbidden"
    assert error_of(upload(client, paper.id, PPTX, "deck.pptx"), 401)["code"] == "unauthorized"
    assert attachments() == 2 and len(files_in(upload_dir)) == 2


def test_a_browser_session_needs_the_csrf_token_to_upload(csrf_app):
    owner = auth_services.create_user("owner@example.com", "Owner", "marketing", PASSWORD)
    asset = asset_services.create_asset(owner, "case_study", {"title": "Draft"})
    db.session.commit()
    client = csrf_app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = owner.get_id()
    response = upload(client, asset.id, PDF, "guide.pdf")
    assert error_of(response, 400)["code"] == "csrf_failed"
    assert files_in(Path(csrf_app.config["UPLOAD_DIR"])) == []
