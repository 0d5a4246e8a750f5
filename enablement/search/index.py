"""The Whoosh index: its schema, where it lives, and the document written for each asset.

The index directory holds generations (`gen-<n>/`) and a `CURRENT` file naming the live one, so a
rebuild can be swapped in with one atomic rename while readers keep using the old generation.
"""

from __future__ import annotations

import fcntl
import os
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import DATETIME, ID, KEYWORD, NUMERIC, TEXT, Schema

from enablement.models import Asset

CURRENT_FILE = "CURRENT"


def build_schema() -> Schema:
    text = StemmingAnalyzer()
    return Schema(
        doc_key=ID(unique=True, stored=True),
        type=ID(stored=True),
        id=NUMERIC(stored=True, sortable=True),
        kind=ID(stored=True),
        status=ID(stored=True),
        title=TEXT(analyzer=text, stored=True, field_boost=3.0, spelling=True),
        summary=TEXT(analyzer=text, stored=True, field_boost=2.0, spelling=True),
        body=TEXT(analyzer=text, stored=True, spelling=True),
        attachments=TEXT(analyzer=text, stored=True),
        markets=KEYWORD(commas=True, stored=True, lowercase=True),
        personas=KEYWORD(commas=True, stored=True),
        stages=KEYWORD(commas=True, stored=True),
        products=KEYWORD(commas=True, stored=True),
        published_at=DATETIME(stored=True, sortable=True),
        updated_at=DATETIME(stored=True, sortable=True),
    )


def doc_key(doc_type: str, doc_id: int) -> str:
    return f"{doc_type}:{doc_id}"


def asset_document(asset: Asset) -> dict:
    """What search knows about an asset: its words, its tags and its state."""
    details = " ".join(str(v) for v in _flatten(asset.details or {}))
    return {
        "doc_key": doc_key("asset", asset.id),
        "type": "asset",
        "id": asset.id,
        "kind": asset.kind,
        "status": asset.status,
        "title": asset.title,
        "summary": asset.summary or "",
        "body": "\n".join(part for part in (asset.body or "", details) if part),
        "attachments": "\n".join(a.text for a in asset.attachments if a.text),
        "markets": ",".join(asset.markets),
        "personas": ",".join(asset.personas),
        "stages": ",".join(asset.stages),
        "products": ",".join(asset.products),
        "published_at": asset.published_at.replace(tzinfo=None) if asset.published_at else None,
        "updated_at": asset.updated_at.replace(tzinfo=None) if asset.updated_at else None,
    }


def _flatten(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _flatten(item)
    elif isinstance(value, list):
        for item in value:
            yield from _flatten(item)
    elif isinstance(value, str):
        yield value


class IndexLocation:
    """The index directory with its generations."""

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)

    def current_dir(self) -> Path | None:
        try:
            name = (self.root / CURRENT_FILE).read_text().strip()
        except FileNotFoundError:
            return None
        return self.root / name if name else None

    def open(self) -> whoosh_index.Index:
        """The live index, created empty on first use."""
        current = self.current_dir()
        if current is None or not whoosh_index.exists_in(current):
            with self.exclusive():
                current = self.current_dir()
                if current is None or not whoosh_index.exists_in(current):
                    current = self.new_generation()
                    self.make_current(current)
        return whoosh_index.open_dir(str(current))

    @contextmanager
    def exclusive(self):
        """Serialise creating and swapping generations between processes."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / ".swap.lock", "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def new_generation(self) -> Path:
        self.root.mkdir(parents=True, exist_ok=True)
        path = Path(tempfile.mkdtemp(prefix=f"gen-{time.time_ns()}-", dir=self.root))
        whoosh_index.create_in(str(path), build_schema())
        return path

    def make_current(self, generation: Path) -> None:
        """Point readers and writers at `generation`, atomically."""
        fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".current-")
        with os.fdopen(fd, "w") as handle:
            handle.write(generation.name)
        os.replace(tmp, self.root / CURRENT_FILE)

    def old_generations(self) -> list[Path]:
        current = self.current_dir()
        return [
            path
            for path in self.root.glob("gen-*")
            if path.is_dir() and (current is None or path.name != current.name)
        ]
