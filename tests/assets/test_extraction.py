"""Reading an attachment's words in a separate, limited process.

A small hostile file costs a few seconds and never the web worker's memory; it is kept and
marked rather than lost. Budgets stop long documents early and keep what was read.
"""

from __future__ import annotations

import dataclasses
import io
import logging
import pathlib
import resource
import time

import pytest
from sqlalchemy import select

from enablement.assets import extraction
from enablement.assets.attachments import store_upload
from enablement.extensions import db
from enablement.models import Attachment
from tests.filefactory import (
    make_docx,
    make_paragraph_flood_docx,
    make_pdf,
    make_pdf_pages,
    make_pptx,
    make_shared_stream_pdf,
)

MB = 1024 * 1024


@pytest.fixture(scope="module")
def hostile():
    """The two files from the issue: small to send, expensive to read."""
    return {
        # 94 KB that unpacks to 20 MB of one-letter paragraphs (24 s and 400 MB in the worker).
        "docx": make_paragraph_flood_docx(600_000),
        # 7.5 KB: 30 pages that all draw one 1 MB content stream (6 s; 400 s at 2,000 pages).
        "pdf": make_shared_stream_pdf(pages=30, stream_bytes=1_000_000),
    }


def limited(monkeypatch, **changes) -> extraction.Limits:
    limits = dataclasses.replace(extraction.LIMITS, **changes)
    monkeypatch.setattr(extraction, "LIMITS", limits)
    return limits


def upload(data: bytes, upload_dir: pathlib.Path, name: str):
    return store_upload(io.BytesIO(data), name, upload_dir, 25 * MB)


def peak_memory_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_a_hostile_file_costs_seconds_not_the_worker_and_is_kept_marked(
        tmp_path, monkeypatch, hostile, kind):
    limits = limited(monkeypatch, cpu_seconds=2, reading_seconds=1.0)
    memory_before = peak_memory_mb()
    started = time.monotonic()

    stored = upload(hostile[kind], tmp_path, f"brochure.{kind}")

    assert time.monotonic() - started < limits.wall_seconds + 2
    assert peak_memory_mb() - memory_before < 100  # the parser's memory was another process's
    assert stored.text_status in ("partial", "not_extracted")
    assert (tmp_path / stored.stored_name).read_bytes() == hostile[kind]


def test_a_reader_over_its_cpu_time_is_stopped_and_the_file_kept(tmp_path, monkeypatch, caplog):
    # One page whose 4 MB of drawing instructions take far longer than a second to read.
    limited(monkeypatch, cpu_seconds=1, reading_seconds=0.5)
    data = make_shared_stream_pdf(pages=1, stream_bytes=4_000_000)
    with caplog.at_level(logging.WARNING, logger=extraction.__name__):
        stored = upload(data, tmp_path, "price-list.pdf")
    assert (stored.text, stored.text_status) == ("", "not_extracted")
    assert "needed more than 1 s of CPU time" in caplog.text
    assert (tmp_path / stored.stored_name).is_file()


def test_a_reader_over_its_memory_is_stopped_and_the_file_kept(
        tmp_path, monkeypatch, hostile, caplog):
    limited(monkeypatch, memory_bytes=200 * MB)
    with caplog.at_level(logging.WARNING, logger=extraction.__name__):
        stored = upload(hostile["docx"], tmp_path, "handbook.docx")
    assert (stored.text, stored.text_status) == ("", "not_extracted")
    assert "needed more than 200 MB of memory" in caplog.text
    assert (tmp_path / stored.stored_name).is_file()


def test_a_reader_over_its_time_is_killed_and_the_file_kept(
        tmp_path, monkeypatch, hostile, caplog):
    limits = limited(monkeypatch, wall_seconds=0.5)
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger=extraction.__name__):
        stored = upload(hostile["docx"], tmp_path, "handbook.docx")
    assert time.monotonic() - started < limits.wall_seconds + 1
    assert (stored.text, stored.text_status) == ("", "not_extracted")
    assert "took longer than 0.5 s" in caplog.text


def test_reading_stops_at_the_paragraph_budget_and_keeps_what_it_read(tmp_path, monkeypatch):
    limited(monkeypatch, max_parts=10)
    stored = upload(make_docx([f"point{n}" for n in range(1, 51)]), tmp_path, "notes.docx")
    assert stored.text == " ".join(f"point{n}" for n in range(1, 11))
    assert stored.text_status == "partial"


def test_reading_stops_when_its_cpu_budget_is_spent_and_keeps_what_it_read(
        tmp_path, monkeypatch):
    limited(monkeypatch, reading_seconds=0)  # spent on start-up: one page, then stop
    stored = upload(make_pdf("Handbook", pages=3), tmp_path, "handbook.pdf")
    assert stored.text == "Handbook Page 1"
    assert stored.text_status == "partial"


# --- what marketing and the API see ---------------------------------------------------------


def test_an_unread_upload_is_kept_and_marked_on_the_page_and_in_the_api(
        client, login_as, create_asset, monkeypatch, hostile):
    from werkzeug.datastructures import FileStorage
    from werkzeug.test import encode_multipart

    limited(monkeypatch, memory_bytes=200 * MB)
    login_as("marketing")
    asset = create_asset("case_study")
    boundary, body = encode_multipart(
        {"file": FileStorage(io.BytesIO(hostile["docx"]), "handbook.docx")})
    response = client.post(f"/assets/{asset.id}/attachments", data=body,
                           content_type=f"multipart/form-data; boundary={boundary}",
                           follow_redirects=True)

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "its text could not be read within the hub&#39;s limits" in html
    assert "Text not extracted" in html
    attachment = db.session.scalars(select(Attachment)).one()
    assert (attachment.filename, attachment.text, attachment.text_status) == (
        "handbook.docx", "", "not_extracted")
    download = client.get(f"/assets/{asset.id}/attachments/{attachment.id}")
    assert download.get_data() == hostile["docx"]
    download.close()
    [listed] = client.get(f"/api/v1/assets/{asset.id}").get_json()["attachments"]
    assert listed["text_status"] == "not_extracted"


def test_pages_and_slides_are_kept_so_answers_can_cite_them(tmp_path):
    """Where each PDF page and each slide starts is kept with the text (a blank page too, so the
    numbers stay right); Word files have no pages."""
    pdf = tmp_path / "paper.pdf"
    pdf.write_bytes(make_pdf_pages(["Cold chain basics.", "", "Audit results in week two."]))
    read = extraction.extract_text(pdf, "pdf")
    starts = read.page_starts
    assert len(starts) == 3
    assert read.text[starts[0]:starts[1]].strip() == "Cold chain basics."
    assert starts[1] == starts[2]  # the blank page
    assert read.text[starts[2]:] == "Audit results in week two."

    deck = tmp_path / "deck.pptx"
    deck.write_bytes(make_pptx(["First slide words", "Second slide words"]))
    slides = extraction.extract_text(deck, "pptx")
    assert slides.text[slides.page_starts[1]:].startswith("Second slide")

    word = tmp_path / "memo.docx"
    word.write_bytes(make_docx(["One paragraph.", "Two paragraphs."]))
    assert extraction.extract_text(word, "docx").page_starts is None
