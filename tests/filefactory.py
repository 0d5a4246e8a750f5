"""Builders for real PDF, Word and PowerPoint files, made in memory for tests."""

from __future__ import annotations

import io
import zipfile
import zlib

import docx
import pptx
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from pptx.util import Inches
from pypdf import PdfReader, PdfWriter


def make_pdf(text: str, pages: int = 1) -> bytes:
    """A PDF with `text` on every page; multi-page files also say "Page N" on each page."""
    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    for number in range(1, pages + 1):
        pdf.add_page()
        pdf.multi_cell(0, 8, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if pages > 1:
            pdf.multi_cell(0, 8, f"Page {number}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())


def make_pdf_pages(pages: list[str]) -> bytes:
    """A PDF whose page N says `pages[N - 1]` (an empty string leaves a page blank)."""
    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    for text in pages:
        pdf.add_page()
        if text:
            pdf.multi_cell(0, 8, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())


def make_encrypted_pdf(
    text: str, user_password: str = "secret", owner_password: str = "owner"
) -> bytes:
    """A PDF locked with RC4-128 (needs no extra crypto package to write or read)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(text))))
    writer.encrypt(user_password, owner_password, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_docx(paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    """A Word document with the given paragraphs, then optionally one table (rows of cells)."""
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    if table:
        grid = document.add_table(rows=len(table), cols=max(len(row) for row in table))
        for r, values in enumerate(table):
            for c, value in enumerate(values):
                grid.cell(r, c).text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_pptx(
    slides: list[str],
    notes: list[str] | None = None,
    *,
    table: list[list[str]] | None = None,
    group: list[str] | None = None,
) -> bytes:
    """A deck with one text box per slide and optional speaker notes (matched by position).

    `table` and `group` (texts placed in a grouped set of boxes) go on the first slide.
    """
    deck = pptx.Presentation()
    blank = deck.slide_layouts[6]
    for index, text in enumerate(slides):
        slide = deck.slides.add_slide(blank)
        slide.shapes.add_textbox(Inches(1), Inches(1), Inches(8), Inches(1)).text_frame.text = text
        if notes and index < len(notes):
            slide.notes_slide.notes_text_frame.text = notes[index]
        if index == 0 and table:
            rows, cols = len(table), max(len(row) for row in table)
            frame = slide.shapes.add_table(rows, cols, Inches(1), Inches(2), Inches(8), Inches(2))
            for r, values in enumerate(table):
                for c, value in enumerate(values):
                    frame.table.cell(r, c).text = value
        if index == 0 and group:
            grouped = slide.shapes.add_group_shape()
            for offset, value in enumerate(group):
                top = Inches(5 + offset)
                box = grouped.shapes.add_textbox(Inches(1), top, Inches(4), Inches(1))
                box.text_frame.text = value
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def make_zip_bomb_docx(uncompressed_mib: int = 210) -> bytes:
    """A docx-shaped zip that is tiny on disk but unpacks to `uncompressed_mib` MiB of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
        chunk = bytes(1024 * 1024)
        with archive.open("word/media/padding.bin", "w") as entry:
            for _ in range(uncompressed_mib):
                entry.write(chunk)
    return out.getvalue()


def make_zip(entries: dict[str, bytes]) -> bytes:
    """A plain zip archive with the given entries."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def make_paragraph_flood_docx(paragraphs: int = 600_000) -> bytes:
    """A Word file of about 100 KB whose body unpacks to ~20 MB of one-letter paragraphs."""
    plain = io.BytesIO()
    docx.Document().save(plain)
    paragraph = b"<w:p><w:r><w:t>x</w:t></w:r></w:p>"
    out = io.BytesIO()
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as flood:
        for entry in source.infolist():
            data = source.read(entry.filename)
            if entry.filename == "word/document.xml":
                head, tail = data.split(b"<w:body>")
                data = head + b"<w:body>" + paragraph * paragraphs + tail
            flood.writestr(entry.filename, data, compresslevel=9)
    return out.getvalue()


def make_shared_stream_pdf(pages: int = 30, stream_bytes: int = 1_000_000) -> bytes:
    """A PDF of a few KB whose pages all draw one compressed content stream of `stream_bytes`.

    Written by hand: every page object points at the same stream object, which is what makes
    such a file cheap to send and expensive to read.
    """
    operation = b"BT /F1 12 Tf 10 10 Td (a) Tj ET\n"
    content = zlib.compress(operation * (stream_bytes // len(operation)), 9)
    first_page = 5
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
            b" ".join(b"%d 0 R" % (first_page + n) for n in range(pages)), pages),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(content), content),
    ] + [
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 3 0 R >> >> >>"
    ] * pages
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.writelines(b"%010d 00000 n \n" % offset for offset in offsets)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, xref))
    return out.getvalue()
