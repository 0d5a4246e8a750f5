import pytest

from enablement.search import matching
from tests.search.support import VOCABULARIES, small_index


def _fixture_id(param):
    name, seek_share = param
    return f"{name}, positions {'by block' if seek_share == 0 else 'by seeking'}"


@pytest.fixture(params=[(name, seek_share) for name in VOCABULARIES for seek_share in (0, 1)],
                ids=_fixture_id)
def doc_sets(request, tmp_path, monkeypatch):
    """The same small library, with phrases of common words looked up as pairs and runs or
    not, and word positions read block by block or document by document."""
    name, seek_share = request.param
    monkeypatch.setattr(matching, "SEEK_SHARE", seek_share)
    vocabulary = VOCABULARIES[name]
    searcher = small_index(tmp_path, vocabulary).searcher()
    yield matching.DocSets(searcher, vocabulary)
    searcher.close()
