"""PDF pages for buyers: rendered once with pypdfium2, cached by the file's hash."""

from __future__ import annotations

import hashlib

import pytest

from enablement.shares import pages
from tests import filefactory


@pytest.fixture
def pdf(tmp_path):
    data = filefactory.make_pdf("Scheduling guide", pages=3)
    path = tmp_path / "guide.pdf"
    path.write_bytes(data)
    return path, hashlib.sha256(data).hexdigest()


def test_pages_are_rendered_once_then_served_from_the_cache(pdf, tmp_path):
    path, sha = pdf
    cache = str(tmp_path / "cache")
    layout = pages.layout(path, sha, cache)
    assert layout.count == 3 and all(w == pages.WIDTH and h > w for w, h in layout.sizes)
    image = pages.page_image(path, sha, cache, 2)
    assert image.read_bytes().startswith(b"\x89PNG") and image.parent.name == sha
    stamp = image.stat().st_mtime_ns
    path.unlink()  # from now on only the cache can answer
    assert pages.page_image(path, sha, cache, 2).stat().st_mtime_ns == stamp
    assert pages.layout(path, sha, cache) == layout


@pytest.mark.parametrize("page", [0, 4, -1])
def test_a_page_outside_the_document_is_refused(pdf, tmp_path, page):
    path, sha = pdf
    with pytest.raises(pages.PageError):
        pages.page_image(path, sha, str(tmp_path / "cache"), page)


def test_an_unreadable_file_or_a_bad_hash_is_refused(tmp_path):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 not really")
    with pytest.raises(pages.PageError):
        pages.layout(broken, "a" * 64, str(tmp_path / "cache"))
    with pytest.raises(pages.PageError):
        pages.layout(broken, "../../etc", str(tmp_path / "cache"))
