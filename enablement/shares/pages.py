"""PDF attachments shown to buyers page by page, as images rendered with pypdfium2 and cached.

A buyer reads a PDF in the page without downloading it (downloads may be off), and each page is
its own element, so the page script can time each one. Pages are rendered on first request and
kept under SHARE_PAGE_CACHE_DIR, keyed by the file's SHA-256: the same bytes are rendered once
whichever asset or share shows them, and a replaced file gets new images.
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import pypdfium2

WIDTH = 1100  # pixels: sharp at the page's widest (about 900 CSS px) on a 1x screen
MAX_PAGES = 300  # a longer document shows its first MAX_PAGES pages
# PDFium is not thread-safe; the development server and threaded workers share one process.
_pdfium = threading.Lock()


class PageError(Exception):
    """The document can't be shown page by page (unreadable, or no such page)."""


@dataclass(frozen=True)
class Layout:
    sizes: tuple[tuple[int, int], ...]  # each page's image size in pixels

    @property
    def count(self) -> int:
        return len(self.sizes)


def _folder(cache_dir: str, sha256: str) -> Path:
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise PageError("not a stored document")
    return Path(cache_dir) / sha256


def _write(path: Path, data: bytes) -> None:
    """Write whole or not at all: a worker rendering the same page at the same time only
    replaces a complete file with another."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
    temp.write_bytes(data)
    os.replace(temp, path)


def layout(pdf_path: str | os.PathLike, sha256: str, cache_dir: str) -> Layout:
    """How many pages the document has and each one's image size (cached beside the images)."""
    cached = _folder(cache_dir, sha256) / "layout.json"
    try:
        return Layout(tuple(tuple(size) for size in json.loads(cached.read_text())))
    except (OSError, ValueError, TypeError):
        pass
    sizes = []
    with _pdfium:
        try:
            document = pypdfium2.PdfDocument(str(pdf_path))
        except (pypdfium2.PdfiumError, OSError) as error:
            raise PageError(str(error)) from error
        try:
            for index in range(min(len(document), MAX_PAGES)):
                width, height = document[index].get_size()
                sizes.append((WIDTH, max(1, round(height * WIDTH / max(width, 1)))))
        finally:
            document.close()
    _write(cached, json.dumps(sizes).encode())
    return Layout(tuple(sizes))


def page_image(pdf_path: str | os.PathLike, sha256: str, cache_dir: str, page: int) -> Path:
    """The PNG of page `page` (from 1), rendered now if it isn't cached yet."""
    count = layout(pdf_path, sha256, cache_dir).count
    if not 1 <= page <= count:
        raise PageError("no such page")
    target = _folder(cache_dir, sha256) / f"{page}.png"
    if target.exists():
        return target
    with _pdfium:
        document = pypdfium2.PdfDocument(str(pdf_path))
        try:
            pdf_page = document[page - 1]
            scale = WIDTH / max(pdf_page.get_width(), 1)
            image = pdf_page.render(scale=scale).to_pil()
        finally:
            document.close()
    buffer = BytesIO()
    image.save(buffer, format="PNG", optimize=False, compress_level=3)
    _write(target, buffer.getvalue())
    return target
