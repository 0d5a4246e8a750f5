"""Files that marketing attaches to sales assets: PDF, Word and PowerPoint.

Every upload goes through `store_upload`, which refuses anything that is not
really one of those three kinds, keeps a copy under a random name, and pulls
out the text so the asset can be found by search (in a separate, limited process:
see extraction.py). A file whose text could not be read within the limits is kept
and marked, not refused.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import pathlib
import re
import uuid
import zipfile
from collections.abc import Collection
from dataclasses import dataclass
from typing import BinaryIO

from werkzeug.utils import secure_filename

from enablement.assets.extraction import AttachmentError, extract_text
from enablement.models.assets import TextStatus

__all__ = ["AlreadyStored", "AttachmentError", "StoredFile", "commit_or_delete", "delete_stored",
           "detect_kind", "extract_text", "safe_filename", "store_upload", "stored_path"]

ALLOWED_KINDS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
MAX_NAME_CHARS = 120

_CHUNK = 64 * 1024
_MIB = 1024 * 1024
_STORED_NAME = re.compile(r"[0-9a-f]{32}\.(pdf|docx|pptx)")
_OFFICE_MAIN_PART = {"docx": "word/document.xml", "pptx": "ppt/presentation.xml"}
# A trailing extension, plus a document extension just before it ("report.pdf.exe").
_EXTENSION = re.compile(r"(\.(pdf|docx?|pptx?))?\.[A-Za-z0-9]{1,5}$", re.IGNORECASE)
_CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f]")
_WINDOWS_DEVICE_NAMES = {"CON", "PRN", "AUX", "NUL"} | {
    f"{port}{n}" for port in ("COM", "LPT") for n in range(1, 10)
}

logger = logging.getLogger(__name__)


class AlreadyStored(AttachmentError):
    """The upload has the same bytes as a file the caller named as known: it is not stored."""

    def __init__(self, sha256: str):
        super().__init__("This file is already stored.")
        self.sha256 = sha256


@dataclass(frozen=True)
class StoredFile:
    """An accepted attachment: where it is kept, what to call it, and what it says."""

    stored_name: str
    filename: str
    kind: str
    mimetype: str
    size: int
    sha256: str
    text: str
    text_status: TextStatus
    page_starts: list[int] | None = None


def detect_kind(head: bytes, path: str | os.PathLike[str]) -> str | None:
    """Say which allowed kind the file really is, judging by its content, never its name.

    `head` is the start of the file; `path` is used to look inside Office files.
    """
    if head.startswith(b"%PDF-"):
        return "pdf"
    if not head.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except Exception:  # a zip whose directory can't be read is not an Office file
        return None
    if "[Content_Types].xml" not in names:
        return None
    for kind, main_part in _OFFICE_MAIN_PART.items():
        if main_part in names:
            return kind
    return None


def safe_filename(name: str, kind: str) -> str:
    """Turn the name the user uploaded into a harmless download name ending in the real kind."""
    name = re.split(r"[\\/]", name or "")[-1]
    name = _CONTROL_CHARS.sub("", name)
    stem = secure_filename(_EXTENSION.sub("", name))
    if stem.split(".")[0].upper() in _WINDOWS_DEVICE_NAMES:
        stem = f"_{stem}"
    stem = stem[: MAX_NAME_CHARS - len(kind) - 1].rstrip("._-")
    return f"{stem or 'attachment'}.{kind}"


def store_upload(
    stream: BinaryIO, original_name: str, upload_dir: str | os.PathLike[str], max_bytes: int,
    known: Collection[str] = (),
) -> StoredFile:
    """Accept an uploaded file into `upload_dir`, or refuse it with an AttachmentError.

    An accepted file whose SHA-256 is in `known` raises AlreadyStored before its text is read
    (reading takes a separate process). Nothing is left behind in `upload_dir` when the file is
    refused.
    """
    upload_dir = pathlib.Path(upload_dir)
    upload_dir.mkdir(parents=True, exist_ok=True)
    token = uuid.uuid4().hex
    # Same directory as the final file so the rename is atomic; a dot name that
    # stored_path() never accepts, so a half-written upload can't be served.
    temp_path = upload_dir / f".{token}.part"
    try:
        with open(temp_path, "xb") as out:
            size, sha256, head = _copy_limited(stream, out, max_bytes)
        if size == 0:
            raise AttachmentError("The file is empty.")
        kind = detect_kind(head, temp_path)
        if kind is None:
            raise AttachmentError(
                "Only PDF, Word (.docx) and PowerPoint (.pptx) files can be attached; "
                "this file is not one of them."
            )
        if sha256 in known:
            raise AlreadyStored(sha256)
        extracted = extract_text(temp_path, kind)
        stored_name = f"{token}.{kind}"
        os.replace(temp_path, upload_dir / stored_name)
    except OSError as error:
        temp_path.unlink(missing_ok=True)
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            logger.error("uploads: no space left in %s (%s)", upload_dir, error)
            raise AttachmentError(
                "There is no room left to store files on the hub, so this file was not saved. "
                "Please tell your administrator."
            ) from error
        raise
    except BaseException:
        temp_path.unlink(missing_ok=True)
        raise
    return StoredFile(
        stored_name=stored_name,
        filename=safe_filename(original_name, kind),
        kind=kind,
        mimetype=ALLOWED_KINDS[kind],
        size=size,
        sha256=sha256,
        text=extracted.text,
        text_status=TextStatus(extracted.status),
        page_starts=extracted.page_starts,
    )


def stored_path(upload_dir: str | os.PathLike[str], stored_name: str) -> pathlib.Path:
    """Where a stored attachment lives; ValueError if the name is not one we generated."""
    # fullmatch, not ^...$: "$" would also accept a trailing newline.
    if not isinstance(stored_name, str) or not _STORED_NAME.fullmatch(stored_name):
        raise ValueError(f"Not a stored attachment name: {stored_name!r}")
    return pathlib.Path(upload_dir) / stored_name


def delete_stored(upload_dir: str | os.PathLike[str], stored_name: str) -> None:
    """Remove a stored attachment if it is still there; ValueError if the name is not ours."""
    stored_path(upload_dir, stored_name).unlink(missing_ok=True)


def commit_or_delete(session, upload_dir: str | os.PathLike[str], stored: Collection[str]) -> None:
    """Commit the request's work; if that fails, the files stored for it go too (both or
    neither), for the pages and the API alike."""
    try:
        session.commit()
    except BaseException:
        session.rollback()
        for name in stored:
            delete_stored(upload_dir, name)
        raise


def _copy_limited(stream: BinaryIO, out: BinaryIO, max_bytes: int) -> tuple[int, str, bytes]:
    """Copy the upload, refusing it as soon as it passes `max_bytes`.

    Returns the size, the SHA-256 and the first bytes (enough to recognise a kind).
    """
    size, digest, head = 0, hashlib.sha256(), b""
    while chunk := stream.read(_CHUNK):
        size += len(chunk)
        if size > max_bytes:
            raise AttachmentError(f"The file is larger than {_human_size(max_bytes)}.")
        digest.update(chunk)
        out.write(chunk)
        if len(head) < 8:
            head += chunk[: 8 - len(head)]
    return size, digest.hexdigest(), head


def _human_size(num_bytes: int) -> str:
    if num_bytes >= _MIB:
        return f"{num_bytes / _MIB:.1f}".removesuffix(".0") + " MB"
    return f"{max(1, round(num_bytes / 1024))} KB"
