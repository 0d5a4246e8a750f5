"""Publishing and browsing assets through the browser: forms, previews, files, and who sees what."""

from __future__ import annotations

import io
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markupsafe import escape
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from enablement.assets import hooks, services
from enablement.assets.usage import usage_for
from enablement.auth import services as auth_services
from enablement.extensions import db
from enablement.models import Asset, AssetRevision, AssetStatus, AssetTag, Attachment, UsageEvent
from tests.conftest import PASSWORD
from tests.filefactory import make_docx, make_pdf, make_pptx

MB = 1024 * 1024
STORED_NAME = re.compile(r"[0-9a-f]{32}\.(pdf|docx|pptx)")
PDF = make_pdf("Scheduling crews under OSHA rules")
DOCX = make_docx(["Battle card against Acme", "Lead with onboarding speed."])
PPTX = make_pptx(["Roadmap 2026", "Pricing tiers"], notes=["Open with the customer story"])


@pytest.fixture
def app(emptied_app):
    """conftest's `app`, built once for this module (see `emptied_app`)."""
    return emptied_app


@pytest.fixture
def upload_dir(app) -> Path:
    return Path(app.config["UPLOAD_DIR"])


def page(response) -> str:
    return response.get_data(as_text=True)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def files_in(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir()) if directory.exists() else []


def fresh(asset_id: int) -> Asset | None:
    """The asset as stored now, not as this test's session remembers it."""
    db.session.expire_all()
    return db.session.get(Asset, asset_id)


# What marketing types into each kind's form, as the browser posts it.
KIND_FORM = {
    "case_study": {
        "customer": "Harbor & Pine Builders", "industry": "Construction",
        "challenge": "Crews missed site visits.", "solution": "Crew scheduling.",
        "results": "38% fewer missed visits.",
        "metrics": "38% | fewer missed visits\r\n\r\n2x | faster planning",
    },
    "email_template": {"subject": "Quick idea for {{company}}",
                       "email_body": "Hi {{first_name}},\r\n\r\nBest,\r\n{{rep_name}}"},
    "testimonial": {"quote": "We finally know where every crew is.", "person": "Dana Ruiz",
                    "person_title": "COO", "company": "Harbor & Pine", "permission": "y"},
    "white_paper": {"abstract": "How field teams schedule under OSHA rules."},
    "sales_aid": {"aid_type": "battle_card"},
}

# What the service should have stored from KIND_FORM.
KIND_STORED = {
    "case_study": {
        "customer": "Harbor & Pine Builders", "industry": "Construction",
        "challenge": "Crews missed site visits.", "solution": "Crew scheduling.",
        "results": "38% fewer missed visits.",
        "metrics": [{"value": "38%", "label": "fewer missed visits"},
                    {"value": "2x", "label": "faster planning"}],
    },
    "email_template": {"subject": "Quick idea for {{company}}",
                       "email_body": "Hi {{first_name}},\n\nBest,\n{{rep_name}}"},
    "testimonial": {"quote": "We finally know where every crew is.", "person": "Dana Ruiz",
                    "person_title": "COO", "company": "Harbor & Pine", "permission": True},
    "white_paper": {"abstract": "How field teams schedule under OSHA rules."},
    "sales_aid": {"aid_type": "battle_card"},
}


def form(kind: str = "case_study", intent: str = "save", **overrides) -> dict:
    data = {
        "title": "Harbor & Pine cut missed site visits by 38%",
        "summary": "How a regional builder scheduled crews across 40 sites.",
        "body": "## Why it matters\r\nCrews arrive on time.",
        "markets": ["construction", "healthcare"],
        "stages": ["discovery", "evaluation"],
        "personas": "Operations Director, CFO, cfo",
        "products": "Fieldline Schedule",
        "review_by": "2026-12-31",
        **KIND_FORM[kind],
        "intent": intent,
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def download(client, url: str):
    """GET a file, read it all and close it (send_file keeps the file open until then)."""
    response = client.get(url)
    response.get_data()
    response.close()
    return response


def upload(client, asset_id: int, data: bytes, name: str):
    # Encoded here, in memory: the test client spools big bodies to a temp file it never closes.
    boundary, body = encode_multipart({"file": FileStorage(io.BytesIO(data), name)})
    return client.post(f"/assets/{asset_id}/attachments", data=body,
                       content_type=f"multipart/form-data; boundary={boundary}")


# --- creating assets through the form -------------------------------------------------------


def test_new_asset_page_offers_every_kind(client, login_as):
    login_as("marketing")
    html = page(client.get("/assets/new"))
    for kind in KIND_FORM:
        assert f'href="/assets/new/{kind}"' in html


@pytest.mark.parametrize("kind", list(KIND_FORM))
def test_each_kind_form_shows_its_own_fields(client, login_as, kind):
    login_as("marketing")
    response = client.get(f"/assets/new/{kind}")
    assert response.status_code == 200
    for name in KIND_FORM[kind]:
        assert f'name="{name}"' in page(response)


@pytest.mark.parametrize("kind", list(KIND_FORM))
def test_marketing_creates_each_kind_through_the_form(client, login_as, kind):
    author = login_as("marketing")
    intent = "save" if kind == "white_paper" else "publish"  # a white paper needs its file first
    response = client.post(f"/assets/new/{kind}", data=form(kind, intent))

    asset = db.session.scalars(select(Asset)).one()
    assert response.status_code == 302
    assert response.location == f"/assets/{asset.id}"
    assert asset.kind == kind
    assert asset.owner_id == author.id
    assert asset.status == ("draft" if kind == "white_paper" else "published")
    assert asset.title == "Harbor & Pine cut missed site visits by 38%"
    assert asset.body == "## Why it matters\nCrews arrive on time."
    assert asset.markets == ["construction", "healthcare"]
    assert asset.stages == ["discovery", "evaluation"]
    assert asset.personas == ["Operations Director", "CFO"]
    assert asset.products == ["Fieldline Schedule"]
    assert asset.review_by == date(2026, 12, 31)
    assert asset.details == KIND_STORED[kind]

    detail = client.get(response.location)
    assert detail.status_code == 200
    assert "Harbor &amp; Pine cut missed site visits by 38%" in page(detail)
    flashed = "Draft saved" if kind == "white_paper" else "Published: reps can now find it."
    assert flashed in page(detail)


def test_an_unticked_permission_box_means_no_permission(client, login_as):
    login_as("marketing")
    client.post("/assets/new/testimonial", data=form("testimonial", permission=None))
    asset = db.session.scalars(select(Asset)).one()
    assert asset.details["permission"] is False
    assert "Internal only" in page(client.get(f"/assets/{asset.id}"))


def test_saving_a_draft_keeps_it_from_reps(client, login_as):
    login_as("marketing")
    client.post("/assets/new/case_study", data=form(intent="save"))
    asset = db.session.scalars(select(Asset)).one()
    assert asset.status == "draft"
    assert asset.published_at is None


TYPED = {
    "title": "Crews & sites <fast>",
    "summary": "Summary typed by Mara & kept",
    "body": "Body paragraph *typed* & kept",
}
TYPED_SHOWN = {
    "title": "Crews &amp; sites &lt;fast&gt;",
    "summary": "Summary typed by Mara &amp; kept",
    "body": "Body paragraph *typed* &amp; kept",
}


@pytest.mark.parametrize(
    ("kind", "overrides", "field", "message"),
    [
        ("case_study", {"title": ""}, "title", "Give the asset a title."),
        ("case_study", {"title": "   "}, "title", "Give the asset a title."),
        ("case_study", {"title": "x" * 201}, "title", "at most 200 characters (this is 201)"),
        ("case_study", {"summary": "s" * 1001}, "summary", "at most 1,000 characters"),
        ("case_study", {"customer": "c" * 201}, "customer", "at most 200 characters"),
        ("case_study", {"markets": ["construction", "mars"]}, "markets", "Unknown market: mars"),
        ("case_study", {"stages": ["demo"]}, "stages", "Unknown sales stage: demo"),
        ("case_study", {"personas": "p" * 101}, "personas", "at most 100 characters"),
        ("case_study", {"metrics": "38% fewer missed visits"}, "metrics",
         "Each metric needs a value and a label"),
        ("case_study", {"review_by": "31/12/2026"}, "review_by", "Use a date like 2026-12-31."),
        ("case_study", {"intent": "publish", "customer": ""}, "customer",
         "Customer is needed before publishing."),
        ("case_study", {"intent": "publish", "markets": None}, "markets",
         "Tag at least one market"),
        ("email_template", {"intent": "publish", "subject": ""}, "subject",
         "Subject is needed before publishing."),
        ("testimonial", {"quote": "q" * 2001}, "quote", "at most 2,000 characters"),
        ("testimonial", {"intent": "publish", "person": ""}, "person",
         "Person is needed before publishing."),
        ("white_paper", {"abstract": "a" * 5001}, "abstract", "at most 5,000 characters"),
        ("sales_aid", {"aid_type": "poster"}, "aid_type", "Choose one of: battle_card"),
        ("sales_aid", {"intent": "publish", "aid_type": ""}, "aid_type",
         "Type is needed before publishing."),
    ],
    ids=["blank-title", "spaces-title", "long-title", "long-summary", "long-customer",
         "unknown-market", "unknown-stage", "long-persona", "metric-without-label",
         "bad-date", "publish-without-customer", "publish-without-market",
         "publish-without-subject", "long-quote", "publish-without-person", "long-abstract",
         "unknown-aid-type", "publish-without-aid-type"],
)
def test_form_errors_are_shown_by_field_and_keep_what_was_typed(client, login_as, kind,
                                                                overrides, field, message):
    login_as("marketing")
    data = form(kind, **{**TYPED, **overrides})
    response = client.post(f"/assets/new/{kind}", data=data)

    assert response.status_code == 422
    html = page(response)
    assert "Nothing was saved yet" in html
    error = re.search(rf'id="{field}-error"[^>]*>([^<]*)<', html)
    assert error, f"no error shown next to {field}"
    assert message in error.group(1)
    for name, shown in TYPED_SHOWN.items():
        if name not in overrides:
            assert shown in html, f"{name} was not kept"
    for name, value in data.items():
        if isinstance(value, str) and name not in ("intent", "aid_type", "permission") and value:
            assert str(escape(value)) in html, f"{name} was not kept"
    assert count(Asset) == 0
    assert count(AssetTag) == 0
    assert count(AssetRevision) == 0


def test_publishing_a_new_white_paper_asks_for_its_document_and_keeps_nothing(client, login_as):
    login_as("marketing")
    response = client.post("/assets/new/white_paper", data=form("white_paper", "publish"))
    assert response.status_code == 422
    assert "Attach the document before publishing." in page(response)
    assert "How field teams schedule under OSHA rules." in page(response)
    assert count(Asset) == 0


def test_checked_boxes_stay_checked_after_an_error(client, login_as):
    login_as("marketing")
    html = page(client.post("/assets/new/case_study",
                            data=form(title="", markets=["healthcare"], stages=["closing"])))
    assert re.search(r'<input checked[^>]*value="healthcare"', html)
    assert not re.search(r'<input checked[^>]*value="construction"', html)
    assert re.search(r'<input checked[^>]*value="closing"', html)


def test_unknown_kind_is_not_found(client, login_as):
    login_as("marketing")
    assert client.get("/assets/new/podcast").status_code == 404
    assert client.post("/assets/new/podcast", data=form()).status_code == 404


# --- editing and history ----------------------------------------------------------------------


def test_edit_form_shows_the_stored_values(client, login_as, create_asset):
    login_as("marketing")
    asset = create_asset("case_study", personas=["CFO", "COO"], review_by="2026-06-30")
    html = page(client.get(f"/assets/{asset.id}/edit"))
    assert 'value="Harbor &amp; Pine cut missed site visits by 38%"' in html
    assert 'value="CFO, COO"' in html
    assert "38% | fewer missed visits</textarea>" in html
    assert 'value="2026-06-30"' in html
    assert re.search(r'<input checked[^>]*value="construction"', html)


def test_an_edit_is_saved_and_its_revision_is_shown_in_the_history(client, login_as,
                                                                   create_asset):
    editor = login_as("marketing")
    asset = create_asset("case_study")
    response = client.post(f"/assets/{asset.id}/edit", data=form(
        title="Harbor & Pine: 38% fewer missed visits", markets=["construction", "logistics"],
        customer="Harbor and Pine"))
    assert response.status_code == 302
    assert response.location == f"/assets/{asset.id}"
    assert "Changes saved." in page(client.get(response.location))

    stored = fresh(asset.id)
    assert stored.title == "Harbor & Pine: 38% fewer missed visits"
    assert stored.markets == ["construction", "logistics"]
    assert stored.details["customer"] == "Harbor and Pine"
    revision = stored.revisions[0]
    assert (revision.action, revision.user_id) == ("edited", editor.id)

    history = client.get(f"/assets/{asset.id}/history")
    assert history.status_code == 200
    html = page(history)
    assert f"<strong>Edited</strong> by {editor.name}" in html
    assert "Harbor &amp; Pine cut missed site visits by 38%" in html  # before
    assert "Harbor &amp; Pine: 38% fewer missed visits" in html  # after
    assert "construction, logistics" in html
    assert "<strong>Created</strong>" in html
    assert "<strong>Published</strong>" in html


def test_history_shows_metrics_and_cleared_values_in_plain_words(client, login_as, create_asset):
    login_as("marketing")
    asset = create_asset("case_study", personas=[])
    client.post(f"/assets/{asset.id}/edit", data=form(
        metrics="38% | fewer missed visits\n2x | faster planning", personas="CFO",
        review_by=""))
    html = page(client.get(f"/assets/{asset.id}/history"))
    row = re.search(r'<th scope="row">metrics</th>\s*<td[^>]*>([^<]*)</td>\s*<td[^>]*>([^<]*)<',
                    html)
    assert row.groups() == ("38% fewer missed visits",
                            "38% fewer missed visits, 2x faster planning")
    row = re.search(r'<th scope="row">personas</th>\s*<td[^>]*>([^<]*)</td>\s*<td[^>]*>([^<]*)<',
                    html)
    assert row.groups() == ("—", "CFO")
    assert "&#39;value&#39;" not in html


def test_saving_an_unchanged_form_adds_no_revision(client, login_as, create_asset):
    login_as("marketing")
    asset = create_asset("sales_aid")
    before = count(AssetRevision)
    edit_form = form("sales_aid", markets=["construction"], stages=["evaluation"],
                     personas="Operations Director", review_by="",
                     title="Harbor & Pine cut missed site visits by 38%",
                     body="## Why it matters\nCrews arrive on time.")
    assert client.post(f"/assets/{asset.id}/edit", data=edit_form).status_code == 302
    assert count(AssetRevision) == before


def test_a_failed_edit_changes_nothing_and_keeps_what_was_typed(client, login_as, create_asset):
    login_as("marketing")
    asset = create_asset("case_study")
    revisions = count(AssetRevision)
    response = client.post(f"/assets/{asset.id}/edit", data=form(
        title="A brand new title", summary="", markets=["logistics"], customer="New customer"))

    assert response.status_code == 422
    html = page(response)
    assert "Add a summary" in re.search(r'id="summary-error"[^>]*>([^<]*)<', html).group(1)
    assert 'value="A brand new title"' in html
    assert 'value="New customer"' in html
    stored = fresh(asset.id)
    assert stored.title == "Harbor & Pine cut missed site visits by 38%"
    assert stored.summary == "How a regional builder scheduled crews across 40 sites."
    assert stored.markets == ["construction"]
    assert stored.details["customer"] == "Harbor & Pine Builders"
    assert stored.status == "published"
    assert count(AssetRevision) == revisions


def test_a_draft_can_be_saved_and_published_from_the_edit_form(client, login_as, create_asset):
    login_as("marketing")
    asset = create_asset("sales_aid", status=AssetStatus.DRAFT)
    response = client.post(f"/assets/{asset.id}/edit", data=form("sales_aid", "publish"))
    assert response.status_code == 302
    assert fresh(asset.id).status == "published"


# --- preview and status buttons ---------------------------------------------------------------


def test_a_draft_preview_warns_that_reps_cannot_see_it_and_lists_what_is_missing(
        client, login_as, create_asset):
    login_as("marketing")
    asset = create_asset("case_study", status=AssetStatus.DRAFT, summary="", customer="")
    html = page(client.get(f"/assets/{asset.id}"))
    assert "Preview of a draft" in html
    assert "reps can't see this case study" in html
    assert "Before it can be published:" in html
    assert "Add a summary: reps see it in lists and search results." in html
    assert "Customer is needed before publishing." in html
    assert 'value="published"' not in html  # no Publish button while something is missing


def test_a_complete_draft_offers_the_publish_button(client, login_as, create_asset):
    login_as("marketing")
    asset = create_asset("case_study", status=AssetStatus.DRAFT)
    html = page(client.get(f"/assets/{asset.id}"))
    assert "Preview of a draft" in html
    assert "Before it can be published" not in html
    assert 'value="published"' in html


def test_an_archived_asset_says_so(client, login_as, create_asset):
    login_as("marketing")
    asset = create_asset("case_study", status=AssetStatus.ARCHIVED)
    html = page(client.get(f"/assets/{asset.id}"))
    assert "Archived:</strong> reps can't see this case study" in html


def test_a_published_asset_has_no_warning(client, login_as, create_asset):
    login_as("marketing")
    html = page(client.get(f"/assets/{create_asset('case_study').id}"))
    assert "reps can't see this" not in html


@pytest.mark.parametrize(
    ("start", "target", "flashed"),
    [
        ("draft", "published", "Published: reps can now find it."),
        ("published", "archived", "Archived: reps no longer see it."),
        ("published", "draft", "Moved back to draft: reps no longer see it."),
        ("archived", "published", "Published: reps can now find it."),
    ],
)
def test_status_buttons(client, login_as, create_asset, start, target, flashed):
    login_as("marketing")
    asset = create_asset("case_study", status=start)
    response = client.post(f"/assets/{asset.id}/status", data={"status": target},
                           follow_redirects=True)
    assert response.status_code == 200
    assert response.request.path == f"/assets/{asset.id}"
    assert flashed in page(response)
    assert fresh(asset.id).status == target


def test_publishing_an_incomplete_draft_explains_why_and_keeps_it_a_draft(client, login_as,
                                                                          create_asset):
    login_as("marketing")
    asset = create_asset("case_study", status=AssetStatus.DRAFT, customer="")
    response = client.post(f"/assets/{asset.id}/status", data={"status": "published"},
                           follow_redirects=True)
    assert "Customer is needed before publishing." in page(response)
    assert "This asset isn&#39;t ready to publish." in page(response)
    assert fresh(asset.id).status == "draft"


def test_an_unknown_status_is_refused(client, login_as, create_asset):
    login_as("marketing")
    asset = create_asset("case_study")
    response = client.post(f"/assets/{asset.id}/status", data={"status": "live"},
                           follow_redirects=True)
    assert "Use draft, published or archived." in page(response)
    assert fresh(asset.id).status == "published"


# --- delete -----------------------------------------------------------------------------------


def test_delete_removes_the_asset_and_its_files(client, login_as, create_asset, upload_dir):
    login_as("marketing")
    asset = create_asset("white_paper")
    assert len(files_in(upload_dir)) == 1
    response = client.post(f"/assets/{asset.id}/delete", follow_redirects=True)
    assert response.request.path == "/assets/"
    assert "Deleted “Harbor &amp; Pine cut missed site visits by 38%”." in page(response)
    assert fresh(asset.id) is None
    assert count(Attachment) == 0
    assert files_in(upload_dir) == []
    assert client.get(f"/assets/{asset.id}").status_code == 404


# --- uploads and downloads --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "name", "words"),
    [(PDF, "guide.pdf", "Scheduling crews"), (DOCX, "card.docx", "Battle card against Acme"),
     (PPTX, "deck.pptx", "Open with the customer story")],
    ids=["pdf", "docx", "pptx"],
)
def test_a_real_document_is_attached_and_listed_with_its_text_length(
        client, login_as, create_asset, upload_dir, data, name, words):
    login_as("marketing")
    asset = create_asset("case_study", status=AssetStatus.DRAFT)
    response = upload(client, asset.id, data, name)
    assert response.status_code == 303
    assert response.location == f"/assets/{asset.id}/edit"

    attachment = db.session.scalars(select(Attachment)).one()
    assert attachment.filename == name
    assert words in attachment.text
    assert files_in(upload_dir) == [attachment.stored_name]

    html = page(client.get(response.location))
    assert f"Attached {name}; its text is now searchable." in html
    assert f">{name}</a>" in html
    assert f"{len(attachment.text)} characters of text" in html
    assert f"Download {name}" in page(client.get(f"/assets/{asset.id}"))


def test_a_white_paper_can_be_published_once_its_document_is_attached(client, login_as):
    login_as("marketing")
    client.post("/assets/new/white_paper", data=form("white_paper"))
    asset = db.session.scalars(select(Asset)).one()
    upload(client, asset.id, PDF, "guide.pdf")
    client.post(f"/assets/{asset.id}/status", data={"status": "published"})
    assert fresh(asset.id).status == "published"


@pytest.fixture
def small_uploads(app, monkeypatch):
    """Uploads limited to 1 MB, the request body to 2 MB (as the config derives it)."""
    monkeypatch.setitem(app.config, "MAX_UPLOAD_MB", 1)
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 2 * MB)


def test_an_upload_over_the_request_limit_gets_a_clear_413(client, login_as, create_asset,
                                                          upload_dir, small_uploads):
    login_as("marketing")
    asset = create_asset("case_study", status=AssetStatus.DRAFT)
    response = upload(client, asset.id, b"%PDF-1.7\n" + bytes(3 * MB), "huge.pdf")
    assert response.status_code == 413
    assert "The upload is too large: files can be at most 1 MB." in page(response)
    assert files_in(upload_dir) == []
    assert count(Attachment) == 0


def test_an_upload_over_the_file_limit_is_refused_with_a_message(client, login_as, create_asset,
                                                                upload_dir, small_uploads):
    login_as("marketing")
    asset = create_asset("case_study", status=AssetStatus.DRAFT)
    response = upload(client, asset.id, b"%PDF-1.7\n" + bytes(MB + MB // 2), "big.pdf")
    assert response.status_code == 303
    assert "The file is larger than 1 MB." in page(client.get(response.location))
    assert files_in(upload_dir) == []
    assert count(Attachment) == 0


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"<html><body><script>alert(1)</script></body></html>", "report.pdf",
         "Only PDF, Word (.docx) and PowerPoint (.pptx) files can be attached"),
        (b"MZ\x90\x00 not a document", "deck.pptx",
         "Only PDF, Word (.docx) and PowerPoint (.pptx) files can be attached"),
        (b"", "empty.pdf", "The file is empty."),
    ],
    ids=["html-named-pdf", "exe-named-pptx", "empty"],
)
def test_files_that_are_not_documents_are_refused_by_their_content(
        client, login_as, create_asset, upload_dir, data, name, message):
    login_as("marketing")
    asset = create_asset("case_study", status=AssetStatus.DRAFT)
    response = upload(client, asset.id, data, name)
    assert response.status_code == 303
    assert message in page(client.get(response.location))
    assert files_in(upload_dir) == []
    assert count(Attachment) == 0


def test_an_upload_without_a_file_asks_for_one(client, login_as, create_asset):
    login_as("marketing")
    asset = create_asset("case_study", status=AssetStatus.DRAFT)
    response = client.post(f"/assets/{asset.id}/attachments", data={},
                           content_type="multipart/form-data", follow_redirects=True)
    assert "Choose a file to upload." in page(response)
    assert count(Attachment) == 0


def test_a_hostile_file_name_is_stored_safely_and_downloaded_under_a_safe_name(
        client, login_as, create_asset, upload_dir, tmp_path):
    login_as("marketing")
    asset = create_asset("case_study")
    upload(client, asset.id, PDF, "../../etc/passwd.pdf")

    attachment = db.session.scalars(select(Attachment)).one()
    assert attachment.filename == "passwd.pdf"
    assert STORED_NAME.fullmatch(attachment.stored_name)
    assert files_in(upload_dir) == [attachment.stored_name]
    assert not (tmp_path / "etc").exists()
    assert not (upload_dir.parent.parent / "etc").exists()

    response = download(client, f"/assets/{asset.id}/attachments/{attachment.id}")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == "attachment; filename=passwd.pdf"
    assert response.mimetype == "application/pdf"
    assert response.data == PDF


def test_a_download_is_counted(client, login_as, create_asset):
    asset = create_asset("white_paper")
    login_as("rep")
    [attachment] = asset.attachments
    for _ in range(2):
        response = download(client, f"/assets/{asset.id}/attachments/{attachment.id}")
        assert response.status_code == 200
        assert response.headers["Content-Disposition"] == "attachment; filename=guide.pdf"
    assert usage_for([asset.id])[asset.id]["downloads"] == 2
    assert "2 downloads" in page(client.get(f"/assets/{asset.id}"))


def test_an_attachment_is_only_found_under_its_own_asset(client, login_as, create_asset):
    login_as("marketing")
    paper, other = create_asset("white_paper"), create_asset("case_study")
    attachment_id = paper.attachments[0].id
    assert client.get(f"/assets/{other.id}/attachments/{attachment_id}").status_code == 404
    assert client.get(f"/assets/{paper.id}/attachments/999").status_code == 404
    assert count(UsageEvent) == 0


def test_removing_an_attachment_deletes_its_file(client, login_as, create_asset, upload_dir):
    login_as("marketing")
    asset = create_asset("case_study", status=AssetStatus.DRAFT)
    upload(client, asset.id, PDF, "guide.pdf")
    attachment = db.session.scalars(select(Attachment)).one()
    response = client.post(f"/assets/{asset.id}/attachments/{attachment.id}/delete",
                           follow_redirects=True)
    assert "Attachment removed." in page(response)
    assert count(Attachment) == 0
    assert files_in(upload_dir) == []


def test_a_published_white_paper_keeps_its_only_document(client, login_as, create_asset,
                                                         upload_dir):
    login_as("marketing")
    asset = create_asset("white_paper")
    [attachment] = asset.attachments
    response = client.post(f"/assets/{asset.id}/attachments/{attachment.id}/delete",
                           follow_redirects=True)
    assert "A published white paper needs its document." in page(response)
    assert count(Attachment) == 1
    assert files_in(upload_dir) == [attachment.stored_name]


# --- what reps see ----------------------------------------------------------------------------


@pytest.fixture
def library(create_asset):
    return {
        "case": create_asset("case_study", title="Published construction case",
                             markets=["construction"]),
        "aid": create_asset("sales_aid", title="Published healthcare battle card",
                            markets=["healthcare"]),
        "paper": create_asset("white_paper", title="Published construction paper",
                              markets=["construction"]),
        "draft": create_asset("white_paper", status=AssetStatus.DRAFT,
                              title="Secret draft paper", markets=["construction"]),
        "archived": create_asset("white_paper", status=AssetStatus.ARCHIVED,
                                 title="Retired archived paper", markets=["construction"]),
    }


HIDDEN = ("Secret draft paper", "Retired archived paper")


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("", ["Published construction case", "Published healthcare battle card",
              "Published construction paper"]),
        ("?kind=case_study", ["Published construction case"]),
        ("?market=construction", ["Published construction case", "Published construction paper"]),
        ("?kind=white_paper&market=construction", ["Published construction paper"]),
        ("?market=healthcare", ["Published healthcare battle card"]),
        ("?kind=testimonial", []),
        ("?status=draft", ["Published construction case", "Published healthcare battle card",
                           "Published construction paper"]),
        ("?status=archived&kind=white_paper", ["Published construction paper"]),
    ],
    ids=["all", "kind", "market", "kind-and-market", "other-market", "empty-kind",
         "status-ignored", "status-ignored-with-kind"],
)
def test_reps_browse_published_assets_by_kind_and_market(client, login_as, library, query, shown):
    login_as("rep")
    response = client.get(f"/assets/{query}")
    assert response.status_code == 200
    html = page(response)
    titles = re.findall(r'<h3 class="h6 mb-1"><a href="/assets/\d+">([^<]*)</a>', html)
    assert sorted(titles) == sorted(shown)
    assert f"{len(shown)} asset" in html
    for title in HIDDEN:
        assert title not in html


def test_rep_filter_counts_leave_out_drafts_and_archived(client, login_as, library):
    login_as("rep")
    html = page(client.get("/assets/"))
    assert "Case studies (1)" in html
    assert "White papers (1)" in html
    assert "Construction (2)" in html
    assert 'name="status"' not in html  # reps get no status filter


def test_reps_open_published_assets_and_download_their_files(client, login_as, library):
    login_as("rep")
    paper = library["paper"]
    html = page(client.get(f"/assets/{paper.id}"))
    assert "Published construction paper" in html
    assert "Download guide.pdf" in html
    assert "Manage" not in html  # no edit, publish or delete buttons for reps
    response = download(client, f"/assets/{paper.id}/attachments/{paper.attachments[0].id}")
    assert response.status_code == 200
    assert response.data.startswith(b"%PDF-")


@pytest.mark.parametrize("key", ["draft", "archived"])
def test_reps_get_not_found_for_hidden_assets_even_by_guessing_urls(client, login_as, library,
                                                                    key):
    asset = library[key]
    login_as("rep")
    responses = {
        "detail": client.get(f"/assets/{asset.id}"),
        "download": client.get(f"/assets/{asset.id}/attachments/{asset.attachments[0].id}"),
    }
    for name, response in responses.items():
        assert response.status_code == 404, name
        assert asset.title not in page(response), name
        assert response.headers.get("Content-Disposition") is None
    assert count(UsageEvent) == 0


@pytest.mark.parametrize("key", ["draft", "archived", "case"])
@pytest.mark.parametrize("path", ["/edit", "/history"])
def test_reps_cannot_open_marketing_pages_of_any_asset(client, login_as, library, key, path):
    """Edit and history need marketing: a rep is refused the same way whether or not the asset
    exists or is published, so the answer gives nothing away."""
    login_as("rep")
    response = client.get(f"/assets/{library[key].id}{path}")
    assert response.status_code == 403
    assert library[key].title not in page(response)
    assert client.get(f"/assets/99999{path}").status_code == 403


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("post", "/status", {"status": "archived"}),
        ("post", "/delete", {}),
        ("post", "/edit", {"title": "Hijacked"}),
    ],
    ids=["status", "delete", "edit"],
)
def test_reps_cannot_change_assets(client, login_as, library, method, path, data):
    login_as("rep")
    asset = library["case"]
    response = getattr(client, method)(f"/assets/{asset.id}{path}", data=data)
    assert response.status_code == 403
    stored = fresh(asset.id)
    assert (stored.title, stored.status) == ("Published construction case", "published")


def test_reps_cannot_upload_or_remove_files(client, login_as, library, upload_dir):
    login_as("rep")
    paper = library["paper"]
    before = files_in(upload_dir)
    assert upload(client, paper.id, PDF, "mine.pdf").status_code == 403
    assert client.post(
        f"/assets/{paper.id}/attachments/{paper.attachments[0].id}/delete").status_code == 403
    assert files_in(upload_dir) == before
    assert count(Attachment) == 3


def test_reps_cannot_create_assets(client, login_as):
    login_as("rep")
    assert client.get("/assets/new").status_code == 403
    assert client.get("/assets/new/case_study").status_code == 403
    assert client.post("/assets/new/case_study", data=form(intent="publish")).status_code == 403
    assert count(Asset) == 0
    assert "New asset" not in page(client.get("/assets/"))


def test_reps_never_see_drafts_on_the_home_page(client, login_as, library):
    login_as("rep")
    html = page(client.get("/"))
    assert "Published construction case" in html
    assert "Drafts waiting to be published" not in html
    for title in HIDDEN:
        assert title not in html


def test_marketing_sees_drafts_with_a_badge(client, login_as, library):
    login_as("marketing")
    html = page(client.get("/assets/"))
    assert "5 assets" in html
    card = re.search(r'<article class="asset-card">((?:(?!</article>).)*Secret draft paper.*?)'
                     r"</article>", html, re.S)
    assert card and "status-draft" in card.group(1) and ">Draft</span>" in card.group(1)
    card = re.search(r'<article class="asset-card">((?:(?!</article>).)*'
                     r"Retired archived paper.*?)</article>", html, re.S)
    assert card and ">Archived</span>" in card.group(1)
    card = re.search(r'<article class="asset-card">((?:(?!</article>).)*'
                     r"Published construction case.*?)</article>", html, re.S)
    assert card and "status-badge" not in card.group(1)

    drafts_only = page(client.get("/assets/?status=draft"))
    assert "Secret draft paper" in drafts_only and "Published construction case" not in drafts_only

    home = page(client.get("/"))
    assert "Drafts waiting to be published" in home
    assert "Secret draft paper" in home


def test_signed_out_visitors_are_sent_to_sign_in(client, library):
    response = client.get(f"/assets/{library['case'].id}")
    assert response.status_code == 302
    assert response.location.startswith("/login")


# --- nothing a marketer types can run in a rep's browser ------------------------------------

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
MD_LINK = "[x](javascript:alert(1))"
A_TAG = '<a href="javascript:alert(1)">x</a>'
IFRAME = '<iframe src="https://evil.example"></iframe>'
PAYLOAD = f"{SCRIPT} {IMG} {MD_LINK} {A_TAG} {IFRAME}"


class DangerScanner(HTMLParser):
    """Collects every piece of markup on a page that a browser would run or load."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        src = values.get("src") or ""
        if tag == "script" and not (src.startswith("/") and not src.startswith("//")):
            self.found.append(f"<script {values}>")
        if tag in ("iframe", "img", "object", "embed", "svg", "frame", "base"):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            if name in ("href", "src", "action", "formaction") and re.match(
                    r"\s*(javascript|data|vbscript):", value or "", re.I):
                self.found.append(f"<{tag} {name}={value}>")


def assert_harmless(html: str) -> None:
    scanner = DangerScanner()
    scanner.feed(html)
    assert scanner.found == []
    assert "<script>alert" not in html
    assert "<img src=x onerror" not in html
    assert "<iframe" not in html
    assert not re.search(r"""<[a-z][^<>]*\bhref\s*=\s*["']?\s*javascript:""", html, re.I)


HOSTILE = {
    "case_study": {"customer": PAYLOAD[:200], "industry": IMG, "challenge": PAYLOAD,
                   "solution": PAYLOAD, "results": PAYLOAD,
                   "metrics": [{"value": IMG, "label": PAYLOAD[:120]},
                               {"value": SCRIPT, "label": A_TAG}]},
    "email_template": {"subject": PAYLOAD[:200], "email_body": PAYLOAD},
    "testimonial": {"quote": PAYLOAD, "person": PAYLOAD[:200], "person_title": IFRAME,
                    "company": A_TAG},
    "white_paper": {"abstract": PAYLOAD},
}


@pytest.fixture
def hostile(create_asset):
    def factory(kind, status=AssetStatus.PUBLISHED):
        return create_asset(
            kind, status=status, title=PAYLOAD[:200], summary=PAYLOAD,
            body=f"# Heading\n\n{PAYLOAD}\n\n<b onclick=alert(1)>bold</b>",
            personas=[SCRIPT, IMG], products=[A_TAG, IFRAME], **HOSTILE[kind],
        )

    return factory


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_hostile_content_is_shown_as_text_on_the_asset_page(client, login_as, hostile, kind):
    asset = hostile(kind)
    login_as("rep")
    html = page(client.get(f"/assets/{asset.id}"))
    assert_harmless(html)
    # The text is there, escaped: the test is looking at the real content.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<h1>Heading</h1>" in html  # Markdown in the body still renders
    assert html.count("&lt;img src=x onerror=alert(1)&gt;") >= 3


def test_hostile_content_is_harmless_in_lists_and_on_the_home_page(client, login_as, hostile):
    published, draft = hostile("case_study"), hostile("testimonial", AssetStatus.DRAFT)
    login_as("rep")
    for url in ("/assets/", "/assets/?market=construction", "/"):
        html = page(client.get(url))
        assert_harmless(html)
        assert f'href="/assets/{published.id}"' in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html

    login_as("marketing")
    for url in ("/assets/", "/", f"/assets/{draft.id}", f"/assets/{published.id}/edit"):
        html = page(client.get(url))
        assert_harmless(html)
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert f'href="/assets/{draft.id}"' in page(client.get("/"))


def test_hostile_edits_are_harmless_in_the_history(client, login_as, hostile):
    asset = hostile("case_study")
    login_as("marketing")
    client.post(f"/assets/{asset.id}/edit", data=form(title="Clean title"))
    html = page(client.get(f"/assets/{asset.id}/history"))
    assert "Clean title" in html
    assert_harmless(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_hostile_input_typed_into_a_failed_form_is_harmless(client, login_as):
    login_as("marketing")
    response = client.post("/assets/new/case_study", data=form(
        title=PAYLOAD[:200], summary=PAYLOAD, body=PAYLOAD, customer=PAYLOAD[:200],
        personas=f"{SCRIPT}, {IMG}", metrics="no label here"))
    assert response.status_code == 422
    html = page(response)
    assert_harmless(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_hostile_input_and_file_names_are_harmless_in_the_preview(client, login_as):
    login_as("marketing")
    data = form(title=PAYLOAD[:200], summary=PAYLOAD, body=PAYLOAD, customer=PAYLOAD[:200],
                personas=f"{SCRIPT}, {IMG}")
    response = post_form(client, "/assets/new/case_study/preview",
                         with_files(data, (PDF, f"{SCRIPT}.pdf")))
    assert response.status_code == 200
    html = page(response)
    assert_harmless(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# --- one pass: fields, documents, publishing and preview on the same form -------------------


def with_files(data: dict, *files: tuple[bytes, str]) -> dict:
    """Form data with documents chosen in the form's file field."""
    return {**data, "files": [FileStorage(io.BytesIO(content), name) for content, name in files]}


def post_form(client, url: str, data: dict, **kwargs):
    """POST the form as a browser does, encoded in memory (see `upload`)."""
    fields = MultiDict()
    for name, value in data.items():
        for item in value if isinstance(value, list) else [value]:
            fields.add(name, item)
    boundary, body = encode_multipart(fields)
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}",
                       **kwargs)


def test_the_form_offers_documents_drop_and_preview_and_loads_its_script(client, login_as):
    login_as("marketing")
    html = page(client.get("/assets/new/case_study"))
    assert 'enctype="multipart/form-data"' in html
    assert re.search(r'<input accept="\.pdf,\.docx,\.pptx"[^>]*id="files" multiple name="files"'
                     r' type="file"', html)
    assert "data-drop-zone" in html and 'data-max-bytes="26214400"' in html
    assert re.search(r'<button[^>]*formtarget="_blank"[^>]*formaction="/assets/new/case_study/'
                     r'preview"[^>]*>Preview in a new tab</button>', html)
    assert '<script src="/static/js/asset-form.js"></script>' in html


@pytest.mark.parametrize("kind", list(KIND_FORM))
def test_the_form_marks_what_saving_and_publishing_need(client, login_as, kind):
    """What the form marks "needed to publish" is exactly what publishing an empty draft asks
    for, so the marks can't drift from the rule."""
    marketer = login_as("marketing")
    html = page(client.get(f"/assets/new/{kind}"))
    draft = services.create_asset(marketer, kind, {"title": "Empty"})
    asked = {"files" if name == "attachments" else name
             for name in services.publish_problems(draft)}
    db.session.rollback()

    publish_marked = set(re.findall(
        r'<(?:label class="form-label" for="(\w+)"|legend class="form-label fs-6")[^>]*>'
        r'[^<]*<span class="field-need field-need-publish">', html))
    legends = re.findall(r'<fieldset[^>]*>\s*<legend class="form-label fs-6">[^<]*<span class='
                         r'"field-need field-need-publish">.*?id="(\w+)-0"', html, re.S)
    assert (publish_marked - {""}) | set(legends) == asked
    assert '<label class="form-label" for="title">Title</label>' in html  # hub.css marks it
    assert re.search(r'<input class="form-control" id="title" name="title" required', html)
    assert html.count(" required") == 1  # nothing else stops a draft being saved
    assert "needed to publish</span> can wait until you publish" in html


@pytest.mark.parametrize("publish", [False, True], ids=["draft", "publish"])
def test_a_new_asset_and_its_documents_are_saved_in_one_submit(client, login_as, upload_dir,
                                                             publish):
    login_as("marketing")
    response = post_form(client, "/assets/new/white_paper", with_files(
        form("white_paper", "publish" if publish else "save"), (PDF, "guide.pdf"),
        (DOCX, "battle-card.docx")))

    asset = db.session.scalars(select(Asset)).one()
    assert response.status_code == 302
    assert asset.status == ("published" if publish else "draft")
    assert [a.filename for a in asset.attachments] == ["guide.pdf", "battle-card.docx"]
    assert files_in(upload_dir) == sorted(a.stored_name for a in asset.attachments)
    shown = page(client.get(response.location))
    assert "Attached guide.pdf, battle-card.docx." in shown
    assert ("Published: reps can now find it." if publish else "Draft saved") in shown


@pytest.mark.parametrize(("content", "name", "message"), [
    (b"MZ\x90\x00 not a document", "setup.pdf",
     "setup.pdf was not attached: Only PDF, Word (.docx) and PowerPoint (.pptx) files"),
    (b"%PDF-1.7\n" + bytes(MB + MB // 2), "big.pdf", "big.pdf was not attached: The file is "
     "larger than 1 MB."),
], ids=["not-a-document", "too-large"])
def test_a_refused_document_keeps_everything_typed_and_saves_nothing(
        client, login_as, upload_dir, small_uploads, content, name, message):
    login_as("marketing")
    data = form(**TYPED, customer="Harbor & Pine Builders")
    response = post_form(client, "/assets/new/case_study",
                         with_files(data, (PDF, "guide.pdf"), (content, name)))

    assert response.status_code == 422
    html = page(response)
    error = re.search(r'id="files-error"[^>]*>([^<]*)<', html)
    assert error and message in error.group(1)
    assert re.search(r'<input[^>]*aria-describedby="files-help files-error"[^>]*'
                     r'aria-invalid="true"', html)
    assert f'<li><a href="#files">{message}' in html  # the list above the form links to it
    for shown in TYPED_SHOWN.values():
        assert shown in html
    assert "You had chosen guide.pdf, " in html and "choose them again" in html
    assert count(Asset) == count(Attachment) == count(AssetRevision) == 0
    assert files_in(upload_dir) == []


def test_publishing_what_is_not_ready_lists_the_missing_fields_with_links(client, login_as,
                                                                         upload_dir):
    login_as("marketing")
    response = post_form(client, "/assets/new/case_study", with_files(
        form(intent="publish", summary="", customer="", markets=None), (PDF, "guide.pdf")))

    assert response.status_code == 422
    html = page(response)
    summary = re.search(r'<div class="alert alert-danger error-summary" role="alert" '
                        r'id="error-summary" tabindex="-1"[^>]*>(.*?)</div>', html, re.S)
    assert summary, "no list of problems above the form"
    assert "This asset isn&#39;t ready to publish." in summary.group(1)
    links = re.findall(r'<li><a href="#([\w-]+)">([^<]*)</a></li>', summary.group(1))
    assert links == [
        ("summary", "Add a summary: reps see it in lists and search results."),
        ("customer", "Customer is needed before publishing."),
        ("markets-0", "Tag at least one market so reps can find it."),
    ]
    assert 'id="markets-0"' in html and 'id="customer"' in html
    assert count(Asset) == 0 and files_in(upload_dir) == []


def test_an_edit_and_a_new_document_are_saved_together(client, login_as, create_asset,
                                                       upload_dir):
    login_as("marketing")
    asset = create_asset("case_study", status=AssetStatus.DRAFT)
    response = post_form(client, f"/assets/{asset.id}/edit", with_files(
        form(title="Typed before uploading"), (PDF, "guide.pdf")))

    assert response.status_code == 302
    stored = fresh(asset.id)
    assert stored.title == "Typed before uploading"
    assert [a.filename for a in stored.attachments] == ["guide.pdf"]
    assert "Changes saved. Attached guide.pdf." in page(client.get(response.location))


def test_an_edit_with_a_refused_document_keeps_the_typing_and_changes_nothing(
        client, login_as, create_asset, upload_dir):
    login_as("marketing")
    asset = create_asset("case_study", status=AssetStatus.DRAFT)
    revisions = count(AssetRevision)
    response = post_form(client, f"/assets/{asset.id}/edit", with_files(
        form(title="Typed before uploading"), (b"not a document", "notes.pdf")))

    assert response.status_code == 422
    assert 'value="Typed before uploading"' in page(response)
    assert fresh(asset.id).title == "Harbor & Pine cut missed site visits by 38%"
    assert count(Attachment) == 0 and count(AssetRevision) == revisions
    assert files_in(upload_dir) == []


def test_the_edit_form_lists_documents_with_remove_buttons_outside_the_form(client, login_as,
                                                                           create_asset):
    login_as("marketing")
    asset = create_asset("white_paper")
    [document] = asset.attachments
    html = page(client.get(f"/assets/{asset.id}/edit"))
    assert f'form="remove-attachment-{document.id}">Remove' in html
    remove = re.search(rf'<form method="post" id="remove-attachment-{document.id}" action="'
                       rf'/assets/{asset.id}/attachments/{document.id}/delete"', html)
    assert remove and remove.start() > html.index("</form>")  # forms can't nest
    assert f'data-attached="[&#34;{document.sha256}&#34;]"' in html
    assert 'data-attached-names="[&#34;guide.pdf&#34;]"' in html


def same_bytes(upload_dir: Path, asset: Asset) -> bytes:
    """The bytes of an asset's first document (PDFs made twice differ in their creation time)."""
    return (upload_dir / asset.attachments[0].stored_name).read_bytes()


def test_the_same_document_through_the_form_is_not_added_twice_and_says_so(
        client, login_as, create_asset, upload_dir):
    login_as("marketing")
    asset = create_asset("white_paper")
    stored = files_in(upload_dir)
    response = post_form(client, f"/assets/{asset.id}/edit", with_files(
        form("white_paper"), (same_bytes(upload_dir, asset), "guide-v2.pdf")),
        follow_redirects=True)

    assert response.status_code == 200
    assert ("guide-v2.pdf is already attached to this asset (as guide.pdf), so it wasn&#39;t "
            "added again.") in page(response)
    assert count(Attachment) == 1 and files_in(upload_dir) == stored


def test_the_same_document_through_the_upload_button_is_refused(client, login_as,
                                                                 create_asset, upload_dir):
    login_as("marketing")
    asset = create_asset("white_paper")
    stored = files_in(upload_dir)
    response = upload(client, asset.id, same_bytes(upload_dir, asset), "again.pdf")
    assert response.status_code == 303
    assert ("This file is already attached to this asset, as guide.pdf."
            in page(client.get(response.location)))
    assert count(Attachment) == 1 and files_in(upload_dir) == stored


def test_an_upload_whose_commit_fails_leaves_no_file(client, login_as, create_asset,
                                                     upload_dir, monkeypatch):
    login_as("marketing")
    asset = create_asset(status=AssetStatus.DRAFT)
    stored = files_in(upload_dir)

    def lost_connection():
        raise ConnectionError("the database went away")

    with monkeypatch.context() as patch:
        patch.setattr(db.session, "commit", lost_connection)
        assert upload(client, asset.id, make_pdf("Crew rota"), "rota.pdf").status_code == 500
    assert files_in(upload_dir) == stored


def test_a_document_other_assets_carry_is_attached_with_a_warning(client, login_as,
                                                                  create_asset, upload_dir):
    login_as("marketing")
    older = create_asset("white_paper", title="Scheduling guide (2025)")
    response = post_form(client, "/assets/new/white_paper", with_files(
        form("white_paper"), (same_bytes(upload_dir, older), "guide.pdf")),
        follow_redirects=True)
    assert "guide.pdf is also attached to “Scheduling guide (2025)”." in page(response)
    assert count(Attachment) == 2


# --- the preview ------------------------------------------------------------------------------


def everything() -> dict[str, int]:
    return {model.__name__: count(model)
            for model in (Asset, AssetTag, Attachment, AssetRevision, UsageEvent)}


def test_the_preview_shows_the_typed_asset_as_reps_see_it_and_saves_nothing(
        client, login_as, upload_dir):
    login_as("marketing")
    response = post_form(client, "/assets/new/case_study/preview", with_files(
        form(summary=""), (PDF, "guide.pdf")))

    assert response.status_code == 200
    html = page(response)
    assert "Preview, not saved." in html
    assert '<h1 class="h2">Harbor &amp; Pine cut missed site visits by 38%</h1>' in html
    assert "Harbor &amp; Pine Builders" in html and "fewer missed visits" in html
    assert "Download guide.pdf" in html and "attached when you save" in html
    assert "/attachments/" not in html  # nothing to download yet
    assert "Before it can be published:" in html and "Add a summary" in html
    assert "Manage" not in html and "Did this help?" not in html  # what reps see, no more
    assert set(everything().values()) == {0}
    assert files_in(upload_dir) == []


def test_the_preview_of_an_edit_changes_nothing(client, login_as, create_asset):
    login_as("marketing")
    asset = create_asset("case_study")
    before = everything()
    response = post_form(client, f"/assets/{asset.id}/preview", form(title="Not saved yet"))
    assert response.status_code == 200
    html = page(response)
    assert '<h1 class="h2">Not saved yet</h1>' in html
    assert "once it&#39;s published" not in html  # it already is
    assert everything() == before
    assert fresh(asset.id).title == "Harbor & Pine cut missed site visits by 38%"


def test_the_preview_of_an_email_template_shows_its_text(client, login_as):
    login_as("marketing")
    html = page(post_form(client, "/assets/new/email_template/preview", form("email_template")))
    assert "Reps fill in: Company, First name, Your name." in html
    assert '<mark class="merge-missing-field">{{company}}</mark>' in html


def test_the_preview_of_a_form_with_errors_says_what_to_fix(client, login_as):
    login_as("marketing")
    response = post_form(client, "/assets/new/case_study/preview", form(title=""))
    assert response.status_code == 422
    assert "Fix these in the form first" in page(response)
    assert "Give the asset a title." in page(response)


def test_the_preview_is_for_marketing_only(client, login_as, create_asset):
    asset = create_asset("case_study")
    login_as("rep")
    assert client.post("/assets/new/case_study/preview", data=form()).status_code == 403
    assert client.post(f"/assets/{asset.id}/preview", data=form()).status_code == 403
    login_as("marketing")
    assert client.post("/assets/new/podcast/preview", data=form()).status_code == 404
    assert client.get("/assets/new/case_study/preview").status_code == 405


def test_the_preview_needs_the_forms_csrf_token(csrf_app):
    with csrf_app.app_context():  # this module's `app` is another app, on another database
        auth_services.create_user("mara@example.com", "Mara", "marketing", PASSWORD)
        db.session.commit()
    marketer = type("Signed", (), {"email": "mara@example.com"})
    client = csrf_app.test_client()
    login_page = page(client.get("/login"))
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page).group(1)
    client.post("/login", data={"email": marketer.email, "password": PASSWORD,
                                "csrf_token": token})
    assert client.post("/assets/new/case_study/preview", data=form()).status_code == 400
    html = page(client.get("/assets/new/case_study"))
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    assert token, "the asset form carries no CSRF token"
    response = client.post("/assets/new/case_study/preview",
                           data={**form(), "csrf_token": token.group(1)})
    assert response.status_code == 200
    assert "Preview, not saved." in page(response)
    with csrf_app.app_context():
        assert count(Asset) == 0


# --- readiness on the asset page, and whose views count ------------------------------------


def test_a_drafts_missing_parts_link_to_their_fields_in_the_edit_form(client, login_as,
                                                                      create_asset):
    login_as("marketing")
    asset = create_asset("white_paper", status=AssetStatus.DRAFT, summary="", markets=[])
    for document in list(asset.attachments):
        services.remove_attachment(document.uploaded_by, document)
    db.session.commit()
    html = page(client.get(f"/assets/{asset.id}"))
    links = re.findall(r'<li><a href="/assets/\d+/edit#([\w-]+)">', html)
    assert links == ["summary", "markets-0", "files"]
    assert 'href="#publish-problems">Publish: 3 things missing</a>' in html


def test_marketing_opening_a_draft_is_not_a_view(client, login_as, create_asset):
    login_as("marketing")
    draft = create_asset("case_study", status=AssetStatus.DRAFT)
    for _ in range(3):
        html = page(client.get(f"/assets/{draft.id}"))
    assert "0 views" in html
    assert count(UsageEvent) == 0


def test_only_reps_opening_copying_and_downloading_count(client, login_as, create_asset):
    paper = create_asset("white_paper")
    [document] = paper.attachments
    for role in ("marketing", "admin", "rep"):
        login_as(role)
        client.get(f"/assets/{paper.id}")
        download(client, f"/assets/{paper.id}/attachments/{document.id}")
        client.post(f"/api/v1/assets/{paper.id}/copies")
    usage = usage_for([paper.id])[paper.id]
    assert (usage["views"], usage["downloads"], usage["copies"]) == (1, 1, 1)
    assert "2 views" in page(client.get(f"/assets/{paper.id}"))  # the rep's, then this one


def test_what_another_feature_holds_publishing_back_for_is_listed_too(client, login_as,
                                                                     create_asset, monkeypatch):
    """A publish check registered by another feature (a request's draft awaiting its author)
    has no field on the form: it is listed above the form and in the preview, unlinked."""
    login_as("marketing")
    asset = create_asset("case_study", status=AssetStatus.DRAFT)
    waiting = "Its author confirms the real content first."
    monkeypatch.setattr(hooks, "_publish_checks", [
        lambda checked: {"request": waiting} if checked.id == asset.id else {}])

    response = client.post(f"/assets/{asset.id}/edit", data=form(intent="publish"))
    assert response.status_code == 422
    summary = re.search(r'id="error-summary".*?</ul>', page(response), re.S).group(0)
    assert f"<li>{waiting}</li>" in summary
    assert fresh(asset.id).status == "draft"

    html = page(post_form(client, f"/assets/{asset.id}/preview", form()))
    assert "Before it can be published:" in html and waiting in html
    html = page(client.get(f"/assets/{asset.id}"))
    assert f"<li>{waiting}</li>" in html  # no link: the edit form has no such field
