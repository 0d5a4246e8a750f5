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

CURRENT_FILE = "CURRENT"
SCHEMA_FILE = "SCHEMA_VERSION"
# Bump when build_schema() changes: an index built with another version needs `search reindex`.
SCHEMA_VERSION = "3"


def build_schema() -> Schema:
    text = StemmingAnalyzer()
    return Schema(
        doc_key=ID(unique=True, stored=True),
        type=ID(stored=True),
        id=NUMERIC(stored=True, sortable=True),
        kind=ID(stored=True),
        status=ID(stored=True),
        # chars=True stores where each word is, so highlights need no re-tokenising.
        title=TEXT(analyzer=text, stored=True, field_boost=3.0, spelling=True, chars=True),
        summary=TEXT(analyzer=text, stored=True, field_boost=2.0, spelling=True, chars=True),
        body=TEXT(analyzer=text, stored=True, spelling=True, chars=True),
        attachments=TEXT(analyzer=text, stored=True, chars=True),
        markets=KEYWORD(commas=True, stored=True, lowercase=True),
        personas=KEYWORD(commas=True, stored=True),
        stages=KEYWORD(commas=True, stored=True),
        products=KEYWORD(commas=True, stored=True),
        source=ID(stored=True),  # where a news item came from (feed name)
        published_at=DATETIME(stored=True, sortable=True),
        updated_at=DATETIME(stored=True, sortable=True),
    )


def doc_key(doc_type: str, doc_id: int) -> str:
    return f"{doc_type}:{doc_id}"


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
        (path / SCHEMA_FILE).write_text(SCHEMA_VERSION)
        return path

    def is_outdated(self) -> bool:
        """True when the live index was built with an older schema than this code's."""
        current = self.current_dir()
        if current is None:
            return False
        try:
            return (current / SCHEMA_FILE).read_text().strip() != SCHEMA_VERSION
        except FileNotFoundError:
            return True

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
