"""The asset form in one pass (enablement/assets/publishing.py): fields, documents and publishing
saved together or not at all; the same document twice; the preview that writes nothing."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import func, select

from enablement.assets import attachments, publishing
from enablement.errors import Forbidden, ValidationError
from enablement.extensions import db
from enablement.models import Asset, AssetRevision, AssetStatus, AssetTag, Attachment, UsageEvent
from tests.conftest import KIND_DEFAULTS
from tests.filefactory import make_docx, make_pdf

MB = 1024 * 1024
PDF = make_pdf("Scheduling crews under OSHA rules")
DOCX = make_docx(["Appendix: crew rota templates"])
TABLES = (Asset, AssetTag, Attachment, AssetRevision, UsageEvent)


@pytest.fixture
def app(emptied_app):
    return emptied_app


@pytest.fixture
def marketing(create_user):
    return create_user("marketing")


@pytest.fixture
def upload_dir(app) -> Path:
    return Path(app.config["UPLOAD_DIR"])


def files_in(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir()) if directory.exists() else []


def rows() -> dict[str, int]:
    return {model.__name__: db.session.scalar(select(func.count()).select_from(model))
            for model in TABLES}


def upload(data: bytes, name: str) -> publishing.Upload:
    return publishing.Upload(io.BytesIO(data), name)


def form_data(kind: str = "white_paper", **fields) -> dict:
    data = {"title": "Scheduling under OSHA rules", "summary": "What field teams must log.",
            "body": "", "markets": ["construction"], "stages": [], "personas": "",
            "products": "", "review_by": "", **KIND_DEFAULTS[kind]}
    data.update(fields)
    return data


def save(actor, upload_dir, uploads=(), **kwargs):
    kwargs.setdefault("kind", "white_paper" if "asset" not in kwargs else None)
    data = kwargs.pop("data", None) or form_data(kwargs["kind"] or kwargs["asset"].kind)
    return publishing.save(actor, data, list(uploads), upload_dir=str(upload_dir),
                           max_bytes=MB, **kwargs)


def test_a_white_paper_is_saved_with_its_document_and_published_in_one_pass(marketing,
                                                                            upload_dir):
    saved = save(marketing, upload_dir, [upload(PDF, "guide.pdf")], publish=True)
    db.session.commit()

    asset = db.session.get(Asset, saved.asset.id)
    assert asset.status == AssetStatus.PUBLISHED
    assert [a.filename for a in asset.attachments] == ["guide.pdf"]
    assert files_in(upload_dir) == saved.stored == [asset.attachments[0].stored_name]
    assert [r.action for r in reversed(asset.revisions)] == ["created", "attached", "published"]
    assert saved.warnings == []


@pytest.mark.parametrize(("bad", "message"), [
    (b"<html><script>alert(1)</script></html>", "Only PDF, Word (.docx) and PowerPoint"),
    (b"%PDF-1.7\n" + bytes(MB), "larger than 1 MB"),
    (b"", "The file is empty."),
], ids=["not-a-document", "too-large", "empty"])
def test_a_refused_document_leaves_no_asset_and_no_file_not_even_the_good_one(
        marketing, upload_dir, bad, message):
    with pytest.raises(ValidationError) as refused:
        save(marketing, upload_dir, [upload(PDF, "guide.pdf"), upload(bad, "notes.pdf")])
    db.session.rollback()

    assert refused.value.fields["files"].startswith("notes.pdf was not attached: ")
    assert message in refused.value.fields["files"]
    assert files_in(upload_dir) == []
    assert set(rows().values()) == {0}


def test_publishing_refused_for_what_is_missing_leaves_nothing(marketing, upload_dir,
                                                              monkeypatch):
    """Refused before any document is stored or read: that takes a process and some time."""
    monkeypatch.setattr(publishing.services, "attach_file", pytest.fail)
    with pytest.raises(ValidationError) as refused:
        save(marketing, upload_dir, [upload(PDF, "guide.pdf")], publish=True,
             data=form_data(summary="", markets=[]))
    db.session.rollback()

    assert set(refused.value.fields) == {"summary", "markets"}
    assert files_in(upload_dir) == []
    assert set(rows().values()) == {0}


def test_an_edit_with_a_bad_field_stores_no_file_and_changes_nothing(marketing, upload_dir,
                                                                     create_asset):
    asset = create_asset("case_study", status=AssetStatus.DRAFT, owner=marketing)
    before = rows()
    with pytest.raises(ValidationError) as refused:
        save(marketing, upload_dir, [upload(PDF, "guide.pdf")], asset=asset,
             data=form_data("case_study", title="x" * 201))
    db.session.rollback()

    assert "title" in refused.value.fields
    assert files_in(upload_dir) == []
    assert rows() == before
    assert db.session.get(Asset, asset.id).title == "Harbor & Pine cut missed site visits by 38%"


def test_an_edit_and_its_documents_are_saved_together(marketing, upload_dir, create_asset):
    asset = create_asset("case_study", status=AssetStatus.DRAFT, owner=marketing)
    saved = save(marketing, upload_dir, [upload(PDF, "guide.pdf"), upload(DOCX, "rota.docx")],
                 asset=asset, data=form_data("case_study", title="Crews on time"))
    db.session.commit()

    db.session.expire_all()
    stored = db.session.get(Asset, asset.id)
    assert stored.title == "Crews on time"
    assert [a.filename for a in stored.attachments] == ["guide.pdf", "rota.docx"]
    assert len(files_in(upload_dir)) == 2 == len(saved.stored)


def test_the_same_document_again_is_not_attached_twice_and_says_so(marketing, upload_dir):
    first = save(marketing, upload_dir, [upload(PDF, "guide.pdf")])
    db.session.commit()
    stored_before = files_in(upload_dir)

    again = save(marketing, upload_dir, [upload(PDF, "guide-final.pdf"), upload(DOCX, "rota.docx")],
                 asset=first.asset)
    db.session.commit()

    assert [a.filename for a in first.asset.attachments] == ["guide.pdf", "rota.docx"]
    assert again.warnings == ["guide-final.pdf is already attached to this asset (as guide.pdf), "
                              "so it wasn't added again."]
    assert len(files_in(upload_dir)) == len(stored_before) + 1  # the copy was not kept


def test_a_document_already_attached_is_not_read_again(marketing, upload_dir, monkeypatch):
    first = save(marketing, upload_dir, [upload(PDF, "guide.pdf")])
    db.session.commit()
    monkeypatch.setattr(attachments, "extract_text", pytest.fail)  # its text is known
    again = save(marketing, upload_dir, [upload(PDF, "guide-final.pdf")], asset=first.asset)
    assert "guide-final.pdf is already attached" in again.warnings[0]


def test_the_same_document_chosen_twice_in_one_save_is_attached_once(marketing, upload_dir):
    saved = save(marketing, upload_dir, [upload(PDF, "guide.pdf"), upload(PDF, "copy.pdf")])
    db.session.commit()

    assert [a.filename for a in saved.asset.attachments] == ["guide.pdf"]
    assert "copy.pdf is already attached to this asset (as guide.pdf)" in saved.warnings[0]
    assert files_in(upload_dir) == saved.stored


def test_a_document_other_assets_carry_is_attached_with_a_warning_naming_them(
        marketing, upload_dir, create_asset):
    create_asset("white_paper", owner=marketing, title="The scheduling guide")  # has guide.pdf
    other = create_asset("case_study", status=AssetStatus.DRAFT, owner=marketing)
    pdf = db.session.scalars(select(Attachment)).one()
    data = (Path(upload_dir) / pdf.stored_name).read_bytes()

    saved = save(marketing, upload_dir, [upload(data, "same-guide.pdf")], asset=other)
    db.session.commit()

    assert [a.filename for a in other.attachments] == ["same-guide.pdf"]
    assert saved.warnings == ["same-guide.pdf is also attached to “The scheduling guide”. If this "
                              "asset replaces that one, archive the old one."]
    assert publishing.same_file_elsewhere(other, pdf.sha256) == ["The scheduling guide"]


def test_only_marketing_saves(create_user, upload_dir):
    with pytest.raises(Forbidden):
        save(create_user("rep"), upload_dir, [upload(PDF, "guide.pdf")])
    assert files_in(upload_dir) == []


# --- the preview -----------------------------------------------------------------------------


def test_a_preview_shows_the_form_as_an_asset_and_writes_nothing(marketing, upload_dir):
    before = rows()
    shown = publishing.preview(marketing, "white_paper", form_data(summary=""),
                               upload_names=("C:\\Users\\mara\\guide.pdf",))

    assert shown.errors == {}
    assert shown.asset.title == "Scheduling under OSHA rules"
    assert shown.asset.markets == ["construction"]
    assert shown.asset.details == {"abstract": KIND_DEFAULTS["white_paper"]["abstract"]}
    assert [a.filename for a in shown.asset.attachments] == ["guide.pdf"]
    assert shown.problems == {"summary": "Add a summary: reps see it in lists and search results."}
    assert shown.asset not in db.session
    db.session.commit()
    assert rows() == before
    assert files_in(upload_dir) == []


def test_a_preview_of_an_edit_leaves_the_stored_asset_and_its_documents_alone(
        marketing, create_asset):
    asset = create_asset("white_paper", owner=marketing)
    [document] = asset.attachments
    shown = publishing.preview(marketing, "white_paper", form_data(title="New title"),
                               existing=asset, upload_names=("appendix.docx",))
    db.session.commit()

    assert [a.filename for a in shown.asset.attachments] == ["guide.pdf", "appendix.docx"]
    assert shown.asset.status == AssetStatus.PUBLISHED
    assert shown.problems == {}
    db.session.expire_all()
    stored = db.session.get(Asset, asset.id)
    assert stored.title == "Harbor & Pine cut missed site visits by 38%"
    assert [a.id for a in stored.attachments] == [document.id]
    assert len(stored.revisions) == 3  # created, attached, published: nothing from the preview


def test_a_preview_of_an_email_template_renders_its_text(marketing):
    shown = publishing.preview(marketing, "email_template", form_data("email_template"))
    assert shown.email.subject == "Quick idea for {{company}}"
    assert shown.merge_labels == ["Company", "First name", "Your name"]


def test_a_preview_of_a_form_with_errors_says_what_to_fix(marketing):
    shown = publishing.preview(marketing, "case_study", form_data("case_study", title=""))
    assert shown.asset is None
    assert shown.errors == {"title": "Give the asset a title."}


@pytest.mark.parametrize(("name", "shown"), [
    ("guide.pdf", "guide.pdf"),
    ("C:\\fakepath\\guide.pdf", "guide.pdf"),
    ("../../etc/passwd", "passwd"),
    ("bad\x00\x1bname.pdf", "badname.pdf"),
    ("", "The file"),
    ("a" * 200 + ".pdf", "a" * 79 + "…"),
])
def test_file_names_in_messages_are_the_users_own_cut_short(name, shown):
    assert publishing.shown_name(name) == shown
