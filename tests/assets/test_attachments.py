"""Uploads of PDF, Word and PowerPoint attachments: what is accepted, what is refused, and why."""

from __future__ import annotations

import dataclasses
import errno
import hashlib
import io
import os
import pathlib
import re
import subprocess
import zipfile

import docx
import pptx
import pypdf
import pytest
from pypdf.errors import DependencyError

from enablement.assets import attachments, extraction
from enablement.assets.attachments import (
    ALLOWED_KINDS,
    AttachmentError,
    StoredFile,
    delete_stored,
    detect_kind,
    extract_text,
    safe_filename,
    store_upload,
    stored_path,
)
from tests.filefactory import (
    make_docx,
    make_encrypted_pdf,
    make_pdf,
    make_pptx,
    make_zip,
    make_zip_bomb_docx,
)

MB = 1024 * 1024
STORED_NAME = re.compile(r"[0-9a-f]{32}\.(pdf|docx|pptx)")
NOT_ALLOWED = "Only PDF, Word (.docx) and PowerPoint (.pptx) files can be attached"

PDF = make_pdf("Quarterly pricing overview")
DOCX = make_docx(
    ["Battlecard against Acme", "Lead with   onboarding\tspeed."],
    table=[["Competitor", "Weakness"], ["Acme", "Slow support"]],
)
PPTX = make_pptx(
    ["Welcome to the roadmap", "Pricing tiers"],
    notes=["Open with the customer story"],
    table=[["Tier", "Price"], ["Pro", "49 EUR"]],
    group=["Grouped claim"],
)


@pytest.fixture
def upload_dir(tmp_path: pathlib.Path) -> pathlib.Path:
    return tmp_path / "uploads"


def upload(data: bytes, upload_dir: pathlib.Path, name: str = "file", max_bytes: int = 10 * MB):
    return store_upload(io.BytesIO(data), name, upload_dir, max_bytes)


def refused(data: bytes, upload_dir: pathlib.Path, match: str, **kwargs) -> AttachmentError:
    """Upload `data`, expect a refusal matching `match`, and check nothing was left behind."""
    with pytest.raises(AttachmentError, match=match) as caught:
        upload(data, upload_dir, **kwargs)
    assert list(upload_dir.iterdir()) == []
    return caught.value


def docx_parts(parts: dict[str, bytes]) -> bytes:
    return make_zip({"[Content_Types].xml": b"<Types/>", **parts})


# --- accepted files ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "name", "kind", "expected_words"),
    [
        (PDF, "pricing.pdf", "pdf", ["Quarterly pricing overview"]),
        (
            DOCX,
            "battlecard.docx",
            "docx",
            ["Battlecard against Acme", "Lead with onboarding speed.", "Acme Slow support"],
        ),
        (
            PPTX,
            "roadmap.pptx",
            "pptx",
            [
                "Welcome to the roadmap",
                "Pricing tiers",
                "Open with the customer story",
                "Pro 49 EUR",
                "Grouped claim",
            ],
        ),
    ],
    ids=["pdf", "docx", "pptx"],
)
def test_each_kind_is_stored_with_its_text(upload_dir, data, name, kind, expected_words):
    stored = upload(data, upload_dir, name=name)

    assert isinstance(stored, StoredFile)
    assert STORED_NAME.fullmatch(stored.stored_name)
    assert stored.stored_name.endswith(f".{kind}")
    assert (stored.filename, stored.kind, stored.mimetype) == (name, kind, ALLOWED_KINDS[kind])
    assert stored.size == len(data)
    assert stored.sha256 == hashlib.sha256(data).hexdigest()
    for words in expected_words:
        assert words in stored.text
    assert list(upload_dir.iterdir()) == [upload_dir / stored.stored_name]
    assert (upload_dir / stored.stored_name).read_bytes() == data


def test_a_known_file_is_refused_before_its_text_is_read(upload_dir, monkeypatch):
    monkeypatch.setattr(attachments, "extract_text", pytest.fail)  # no reading process started
    sha256 = hashlib.sha256(PDF).hexdigest()
    with pytest.raises(attachments.AlreadyStored) as caught:
        store_upload(io.BytesIO(PDF), "again.pdf", upload_dir, MB, known={sha256})
    assert caught.value.sha256 == sha256
    assert list(upload_dir.iterdir()) == []


def test_text_is_one_line_with_single_spaces(upload_dir):
    stored = upload(make_docx(["  Lots   of\tspace  ", "", "next\n\nline"]), upload_dir)
    assert stored.text == "Lots of space next line"


def test_text_is_safe_for_a_database():
    text, stopped = extraction.normalise(["nul\x00byte", "bell\x07", "lone \ud800 surrogate"],
                                         extraction.LIMITS)
    assert (text, stopped) == ("nul byte bell lone ? surrogate", None)
    text.encode("utf-8")


def test_word_tables_inside_table_cells_are_read(tmp_path):
    document = docx.Document()
    outer = document.add_table(rows=1, cols=1)
    outer.cell(0, 0).add_table(rows=1, cols=1).cell(0, 0).text = "Nested price"
    path = tmp_path / "nested.docx"
    document.save(path)
    assert "Nested price" in extract_text(path, "docx").text


def test_slides_whose_notes_page_has_no_notes_box_are_read(tmp_path):
    deck = pptx.Presentation(io.BytesIO(make_pptx(["Slide words"], notes=["gone"])))
    notes_box = deck.slides[0].notes_slide.notes_placeholder.element
    notes_box.getparent().remove(notes_box)
    path = tmp_path / "deck.pptx"
    deck.save(path)
    assert extract_text(path, "pptx").text == "Slide words"


def test_upload_dir_is_created_when_missing(tmp_path):
    upload_dir = tmp_path / "a" / "b"
    stored = upload(PDF, upload_dir)
    assert (upload_dir / stored.stored_name).is_file()


def test_file_exactly_at_the_limit_is_accepted(upload_dir):
    assert upload(PDF, upload_dir, max_bytes=len(PDF)).size == len(PDF)


def test_work_in_progress_file_is_kept_inside_upload_dir(upload_dir, monkeypatch):
    seen = []
    real_extract = attachments.extract_text

    def spy(path, kind):
        seen.append((pathlib.Path(path), sorted(p.name for p in upload_dir.iterdir())))
        return real_extract(path, kind)

    monkeypatch.setattr(attachments, "extract_text", spy)
    stored = upload(PDF, upload_dir)

    [(temp_path, contents)] = seen
    assert temp_path.parent == upload_dir
    assert contents == [temp_path.name]
    assert not STORED_NAME.fullmatch(temp_path.name)  # never downloadable while in progress
    assert list(upload_dir.iterdir()) == [upload_dir / stored.stored_name]


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EDQUOT])
def test_a_full_disk_is_a_clear_refusal_leaving_nothing_behind(upload_dir, monkeypatch, code):
    real_copy = attachments._copy_limited

    def fill_up(stream, out, max_bytes):
        real_copy(io.BytesIO(PDF[:100]), out, max_bytes)  # part of the file got written
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(attachments, "_copy_limited", fill_up)
    with pytest.raises(AttachmentError, match="no room left to store files"):
        upload(PDF, upload_dir)
    assert list(upload_dir.iterdir()) == []


def test_other_disk_errors_are_not_dressed_up(upload_dir, monkeypatch):
    def broken(stream, out, max_bytes):
        raise OSError(errno.EIO, "I/O error")

    monkeypatch.setattr(attachments, "_copy_limited", broken)
    with pytest.raises(OSError, match="I/O error"):
        upload(PDF, upload_dir)
    assert list(upload_dir.iterdir()) == []


def test_pdf_protected_only_against_editing_is_accepted(upload_dir):
    stored = upload(make_encrypted_pdf("Owner-locked brochure", user_password=""), upload_dir)
    assert stored.kind == "pdf"
    assert "Owner-locked brochure" in stored.text


# --- limits on extracted text -------------------------------------------------------------


def limited(monkeypatch, **changes) -> None:
    monkeypatch.setattr(extraction, "LIMITS", dataclasses.replace(extraction.LIMITS, **changes))


def test_every_word_read_is_marked_complete(upload_dir):
    assert upload(DOCX, upload_dir).text_status == "complete"


def test_text_is_capped(upload_dir, monkeypatch):
    limited(monkeypatch, max_chars=30)
    stored = upload(make_docx(["word " * 20] * 5), upload_dir)
    assert stored.text == ("word " * 20)[:30]
    assert stored.text_status == "partial"


def test_long_pdf_stops_reading_once_the_text_cap_is_reached(tmp_path, monkeypatch):
    pages_read = []
    real_extract = pypdf.PageObject.extract_text

    def counting_extract(page, *args, **kwargs):
        pages_read.append(page)
        return real_extract(page, *args, **kwargs)

    monkeypatch.setattr(pypdf.PageObject, "extract_text", counting_extract)
    path = tmp_path / "long.pdf"
    path.write_bytes(make_pdf("Twenty characters!!", pages=3))
    text, stopped = extraction.read_text(path, "pdf", dataclasses.replace(extraction.LIMITS,
                                                                          max_chars=20))
    assert text == "Twenty characters!! "[:20]
    assert stopped == "only the first 20 characters are kept"
    assert len(pages_read) == 1


def test_only_the_first_pdf_pages_are_read(upload_dir, monkeypatch):
    limited(monkeypatch, max_pdf_pages=2)
    stored = upload(make_pdf("Handbook", pages=3), upload_dir)
    assert "Page 2" in stored.text
    assert "Page 3" not in stored.text
    assert stored.text_status == "partial"


def test_a_pdf_of_exactly_the_page_budget_is_complete(upload_dir, monkeypatch):
    limited(monkeypatch, max_pdf_pages=3)
    stored = upload(make_pdf("Handbook", pages=3), upload_dir)
    assert "Page 3" in stored.text
    assert stored.text_status == "complete"


# --- kind is judged by content --------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "name", "kind", "filename"),
    [
        (PDF, "deck.pptx", "pdf", "deck.pdf"),
        (DOCX, "notes.pdf", "docx", "notes.docx"),
        (PPTX, "roadmap.docx", "pptx", "roadmap.pptx"),
        (PDF, "report.pdf.exe", "pdf", "report.pdf"),
        (PDF, "no extension", "pdf", "no_extension.pdf"),
    ],
)
def test_kind_comes_from_content_not_name(upload_dir, data, name, kind, filename):
    stored = upload(data, upload_dir, name=name)
    assert (stored.kind, stored.filename, stored.mimetype) == (kind, filename, ALLOWED_KINDS[kind])
    assert stored.stored_name.endswith(f".{kind}")


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"<!DOCTYPE html><html><script>alert(1)</script></html>", "page.pdf"),
        (b"MZ\x90\x00\x03\x00\x00\x00" + bytes(200), "setup.docx"),
        (make_zip({"readme.txt": b"hello"}), "archive.pptx"),
        (b"Just some plain notes.\n", "x.pdf"),
        (b"  %PDF-1.4 leading junk is not a PDF", "junk.pdf"),
        (docx_parts({"word/other.xml": b"<x/>"}), "almost.docx"),
        (make_zip({"word/document.xml": b"<x/>"}), "no-content-types.docx"),
        (b"PK\x03\x04 truncated zip", "broken.docx"),
    ],
    ids=[
        "html",
        "exe",
        "plain-zip",
        "text",
        "junk-before-pdf",
        "zip-no-main",
        "zip-no-ct",
        "bad-zip",
    ],
)
def test_files_that_are_not_pdf_word_or_powerpoint_are_refused(upload_dir, data, name):
    refused(data, upload_dir, re.escape(NOT_ALLOWED), name=name)


@pytest.mark.parametrize(
    ("head", "data", "kind"),
    [
        (b"%PDF-1.7", b"", "pdf"),
        (DOCX[:8], DOCX, "docx"),
        (PPTX[:8], PPTX, "pptx"),
        (b"", b"", None),
        (b"%PDF", b"", None),
        (b"PK\x03\x04", make_zip({"a": b"b"}), None),
    ],
)
def test_detect_kind(tmp_path, head, data, kind):
    path = tmp_path / "file"
    path.write_bytes(data)
    assert detect_kind(head, path) == kind


# --- names given by the user ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "filename"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\win.ini", "win.pdf"),
        ("/absolute/path.pdf", "path.pdf"),
        ("con.pdf", "_con.pdf"),
        ("\x00evil.pdf", "evil.pdf"),
        ("<script>.pdf", "script.pdf"),
        ("a" * 300 + ".pdf", "a" * 116 + ".pdf"),
        ("", "attachment.pdf"),
        ("..", "attachment.pdf"),
        ("Präsentation Q3.pdf", "Prasentation_Q3.pdf"),
    ],
)
def test_hostile_names_are_made_safe_and_files_stay_in_upload_dir(tmp_path, name, filename):
    upload_dir = tmp_path / "uploads"
    stored = upload(PDF, upload_dir, name=name)

    assert stored.filename == filename
    assert sorted(tmp_path.rglob("*")) == [upload_dir, upload_dir / stored.stored_name]


@pytest.mark.parametrize(
    ("name", "kind", "filename"),
    [
        ("Präsentation Q3.pptx", "pptx", "Prasentation_Q3.pptx"),
        ("Q3.2024 results.pdf", "pdf", "Q3.2024_results.pdf"),
        ("my deck (final) v2.pptx", "pptx", "my_deck_final_v2.pptx"),
        ("报告.docx", "docx", "attachment.docx"),
        (".pdf", "pdf", "attachment.pdf"),
        ("LPT1", "docx", "_LPT1.docx"),
        ("name....pdf", "pdf", "name.pdf"),
        ("tab\there\r\n.docx", "docx", "tabhere.docx"),
        ("x" * 300, "docx", "x" * 115 + ".docx"),
    ],
)
def test_safe_filename(name, kind, filename):
    result = safe_filename(name, kind)
    assert result == filename
    assert len(result) <= 120


# --- refusals ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("max_bytes", "shown"),
    [(1024, "1 KB"), (100, "1 KB"), (MB, "1 MB"), (int(2.5 * MB), "2.5 MB")],
)
def test_too_large_is_refused_without_reading_everything(upload_dir, max_bytes, shown):
    stream = io.BytesIO(b"%PDF-" + bytes(max_bytes + 1_000_000))
    with pytest.raises(AttachmentError, match=re.escape(f"The file is larger than {shown}.")):
        store_upload(stream, "big.pdf", upload_dir, max_bytes)
    assert list(upload_dir.iterdir()) == []
    assert stream.tell() < max_bytes + 100_000


def test_empty_file_is_refused(upload_dir):
    refused(b"", upload_dir, "The file is empty.")


@pytest.mark.parametrize(
    ("data", "label"),
    [
        (b"%PDF-1.4 garbage", "a PDF"),
        (b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF", "a PDF"),
        (docx_parts({"word/document.xml": b"<not xml"}), "a Word document"),
        (
            make_zip({"[Content_Types].xml": b"<oops", "ppt/presentation.xml": b"<x/>"}),
            "a PowerPoint presentation",
        ),
    ],
    ids=["pdf-garbage", "pdf-no-xref", "docx", "pptx"],
)
def test_damaged_files_are_refused_cleanly(upload_dir, data, label):
    refused(data, upload_dir, re.escape(f"This file looks like {label} but could not be read"))


def test_password_protected_pdf_is_refused(upload_dir):
    refused(make_encrypted_pdf("Top secret"), upload_dir, "This PDF is password-protected")


def read_in_this_process(tmp_path, data: bytes, kind: str):
    """The reader's own code, run here so a test can break a parser with monkeypatch."""
    path = tmp_path / f"file.{kind}"
    path.write_bytes(data)
    return extraction.read_text(path, kind, extraction.LIMITS)


def test_pdf_encrypted_beyond_what_we_can_open_is_refused(tmp_path, monkeypatch):
    def needs_crypto_library(self, password):
        raise DependencyError("cryptography>=3.1 is required for AES algorithm")

    monkeypatch.setattr(pypdf.PdfReader, "decrypt", needs_crypto_library)
    with pytest.raises(AttachmentError, match="encrypted in a way we cannot open"):
        read_in_this_process(tmp_path, make_encrypted_pdf("AES"), "pdf")


def test_zip_bomb_is_refused(upload_dir):
    error = refused(make_zip_bomb_docx(), upload_dir, "unpacks to more than 200 MB")
    assert error.__cause__ is None


def test_office_file_with_too_many_parts_is_refused(upload_dir, monkeypatch):
    limited(monkeypatch, max_zip_entries=3)
    refused(DOCX, upload_dir, "unpacks to more than")


def test_office_file_using_unusual_compression_is_refused(upload_dir):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_BZIP2) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    refused(out.getvalue(), upload_dir, "looks like a Word document but could not be read")


def test_unexpected_parser_failure_becomes_a_refusal(tmp_path, monkeypatch):
    def parser_bug(path):
        raise RuntimeError("bug deep inside the parser")

    monkeypatch.setattr(pptx, "Presentation", parser_bug)
    damaged = "looks like a PowerPoint presentation but could not be read"
    with pytest.raises(AttachmentError, match=damaged) as caught:
        read_in_this_process(tmp_path, PPTX, "pptx")
    assert isinstance(caught.value.__cause__, RuntimeError)


@pytest.mark.parametrize("interruption", [KeyboardInterrupt, SystemExit])
def test_interruptions_are_not_swallowed_but_leave_nothing_behind(
    upload_dir, monkeypatch, interruption
):
    readers = []

    class InterruptedWhileWaiting(subprocess.Popen):
        def wait(self, timeout=None):
            if not readers:
                readers.append(self.pid)
                raise interruption()
            return super().wait(timeout)

    monkeypatch.setattr(extraction.subprocess, "Popen", InterruptedWhileWaiting)
    with pytest.raises(interruption):
        upload(DOCX, upload_dir)
    assert list(upload_dir.iterdir()) == []
    with pytest.raises(ProcessLookupError):  # the reader was stopped and reaped, not left behind
        os.kill(readers[0], 0)


def test_broken_upload_stream_leaves_nothing_behind(upload_dir):
    class Disconnecting(io.BytesIO):
        def read(self, size=-1):
            if self.tell() > 0:
                raise OSError("client went away")
            return super().read(size)

    with pytest.raises(OSError, match="client went away"):
        store_upload(Disconnecting(PDF * 100), "x.pdf", upload_dir, 10 * MB)
    assert list(upload_dir.iterdir()) == []


# --- finding and deleting stored files -------------------------------------------------------


def test_stored_path_and_delete_stored(upload_dir):
    stored = upload(PDF, upload_dir)

    path = stored_path(upload_dir, stored.stored_name)
    assert path == upload_dir / stored.stored_name
    assert path.read_bytes() == PDF

    delete_stored(upload_dir, stored.stored_name)
    assert list(upload_dir.iterdir()) == []
    delete_stored(upload_dir, stored.stored_name)  # already gone: nothing to do


BAD_STORED_NAMES = [
    "../x.pdf",
    "abc.pdf",
    "",
    "/etc/passwd",
    "0" * 32 + ".exe",
    "A" * 32 + ".pdf",
    "0" * 32 + ".pdf\n",
    "0" * 32 + ".pdf/../../x",
    "../" + "0" * 32 + ".pdf",
    None,
]


@pytest.mark.parametrize("name", BAD_STORED_NAMES)
def test_names_we_did_not_generate_are_rejected(tmp_path, name):
    victim = tmp_path / "x.pdf"
    victim.write_bytes(b"keep me")
    upload_dir = tmp_path / "uploads"
    upload_dir.mkdir()

    with pytest.raises(ValueError, match="Not a stored attachment name"):
        stored_path(upload_dir, name)
    with pytest.raises(ValueError, match="Not a stored attachment name"):
        delete_stored(upload_dir, name)
    assert victim.read_bytes() == b"keep me"
