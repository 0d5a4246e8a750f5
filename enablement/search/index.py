"""The Whoosh index: its schema, where it lives, and the document written for each asset.

The index directory holds generations (`gen-<n>/`) and a `CURRENT` file naming the live one, so a
rebuild can be swapped in with one atomic rename while readers keep using the old generation.

Besides the words of each text field, every document carries three derived fields: `tags`, the
names of its markets (and their slugs), personas, sales stages and products, searched and weighted
like its title; `spelling`, the unstemmed words of a published document's title and summary (what
"did you mean" suggests from: never a draft's words); and `pairs`, each
two adjacent words that are both among the index's most common words, and each of the library's
frequent runs of three or four of them (what makes a quoted phrase of common words one lookup
instead of a scan of word positions across a large part of the library). Which words are common
and which runs frequent is the generation's Vocabulary, chosen from a sample when the index is
rebuilt.
"""

from __future__ import annotations

import fcntl
import os
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.analysis import LowercaseFilter, RegexTokenizer, Tokenizer
from whoosh.fields import DATETIME, ID, KEYWORD, NUMERIC, TEXT, Schema

from enablement.search import whoosh_internals
from enablement.search.merging import merge_tiers

# The words the index keeps, for every caller (news tagging stems with these too).
from enablement.search.whoosh_internals import stems, word_stems  # noqa: F401

CURRENT_FILE = "CURRENT"
SCHEMA_FILE = "SCHEMA_VERSION"
COMMON_WORDS_FILE = "COMMON_WORDS"
FREQUENT_RUNS_FILE = "FREQUENT_RUNS"
# Bump when build_schema() or what index_fields() writes changes: an index built with another
# version needs `search reindex`.
SCHEMA_VERSION = "9"

TAGS_FIELD = "tags"
TEXT_FIELDS = ("title", "summary", "body", "attachments", TAGS_FIELD)
SPELLING_FIELD = "spelling"
PAIRS_FIELD = "pairs"
SPELLING_SOURCES = ("title", "summary")
TAG_SOURCES = ("markets", "personas", "stages", "products")
# A word is common when at least this share of documents has it: a phrase of two such words
# would otherwise mean checking word positions in that many documents (about 50 µs each).
COMMON_SHARE = 0.1
MAX_COMMON_WORDS = 1000
# A run of three or four common words in at least this share of documents is indexed whole: the
# positions of a phrase found in more documents than that take longer to check than a query may.
RUN_SHARE = 0.05
RUN_LENGTHS = (3, 4)
MAX_RUNS = 4000
MIN_SAMPLE = 200  # below this many documents every phrase is cheap to check word by word

# Segments are plain files, never one compound file: Whoosh copies each part of a compound file
# into memory when a searcher opens it (1.24 GB per searcher at 100k documents), while plain
# files are read on demand.
WRITER_OPTIONS = {"compound": False}
WRITER_CODEC = whoosh_internals.WriterCodec()
# A rebuild keeps each worker's postings in memory and writes a segment per chunk, instead of
# spilling to sorted runs on disk and merging them (twice the work per word).
BULK_LIMIT_MB = 1024
BULK_CHUNK = 10_000
BULK_PROCS = 2
OPEN_ATTEMPTS = 5


class StemmingTokenizer(Tokenizer):
    """Exactly the tokens of Whoosh's StemmingAnalyzer() (words lower-cased, stop words and single
    letters dropped, the rest stemmed), in one pass: see whoosh_internals.stemming_tokens.

    The index's schema refers to this class by its module path: moving it means a reindex.
    """

    def __call__(self, value, *args, **kwargs):
        return whoosh_internals.stemming_tokens(value, *args, **kwargs)


def text_analyzer() -> StemmingTokenizer:
    """Words lower-cased, stop words and single letters dropped, the rest stemmed."""
    return StemmingTokenizer()


def pair_term(*words: str) -> str:
    """The `pairs` term of two adjacent words, or of a frequent run."""
    return " ".join(words)


@dataclass(frozen=True)
class Vocabulary:
    """A generation's common words (any two adjacent ones are indexed as a pair) and frequent
    runs of three or four of them (indexed whole); empty for a small library, where every phrase
    is cheap to check."""

    common: frozenset[str] = frozenset()
    runs: frozenset[tuple[str, ...]] = frozenset()

    def is_pair(self, first: str, second: str) -> bool:
        return first in self.common and second in self.common

    def terms(self, words: list[str]) -> set[str]:
        """The `pairs` terms of a text's stems: its common pairs and frequent runs."""
        common = self.common
        if not common:
            return set()
        found = {pair_term(a, b) for a, b in zip(words, words[1:], strict=False)
                 if a in common and b in common}
        if self.runs and found:
            runs = self.runs
            for length in RUN_LENGTHS:
                found.update(pair_term(*run) for run in _runs(words, length) if run in runs)
        return found


def _runs(words: list[str], length: int):
    return zip(*(words[i:] for i in range(length)), strict=False)


def build_schema() -> Schema:
    text = text_analyzer()
    return Schema(
        doc_key=ID(unique=True, stored=True),
        type=ID(stored=True),
        id=NUMERIC(stored=True, sortable=True),
        kind=ID(stored=True),
        subtype=ID(),  # a sales aid's type (battle_card, one_pager, talk_track, other)
        status=ID(stored=True),
        # chars=True stores where each word is, so highlights need no re-tokenising.
        title=TEXT(analyzer=text, stored=True, field_boost=3.0, chars=True),
        summary=TEXT(analyzer=text, stored=True, field_boost=2.0, chars=True),
        body=TEXT(analyzer=text, stored=True, chars=True),
        attachments=TEXT(analyzer=text, stored=True, chars=True),
        # Derived by index_fields(): what the document is tagged with, as words, so an asset
        # for the CFO is found by "cfo" as surely as if its title said so.
        tags=TEXT(analyzer=text, field_boost=3.0, chars=True),
        # Derived by index_fields(); both stay scorable only so Whoosh keeps their lengths in a
        # column instead of looking for a missing file once per word while writing.
        spelling=TEXT(analyzer=RegexTokenizer() | LowercaseFilter(), phrase=False),
        pairs=TEXT(analyzer=RegexTokenizer(r"[^|]+"), phrase=False),
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


@dataclass(frozen=True)
class TagLabels:
    """What tag values are called: market slug → name (feeds.yml), stage → label."""

    markets: Mapping[str, str] = field(default_factory=dict)
    stages: Mapping[str, str] = field(default_factory=dict)


def tag_text(document: dict, labels: TagLabels) -> str:
    """The document's tags as words: market names and slugs, personas, stage labels, products."""
    found: list[str] = []
    for source in TAG_SOURCES:
        for value in (document.get(source) or "").split(","):
            if not value:
                continue
            if source == "markets":
                name = labels.markets.get(value, value)
                found.append(name)
                if not set(stems(value)) <= set(stems(name)):
                    found.append(value)  # "healthcare" beside "Healthcare" adds nothing
            else:
                found.append(labels.stages.get(value, value) if source == "stages" else value)
    return "\n".join(dict.fromkeys(found))


NO_LABELS = TagLabels()


def index_fields(document: dict, vocabulary: Vocabulary, labels: TagLabels = NO_LABELS) -> dict:
    """The document as written to the index: its own fields plus the derived tag words,
    spelling words and common-word runs (see the module docstring). Without `labels` tags are
    written as their slugs."""
    written = dict(document)
    written[TAGS_FIELD] = tag_text(document, labels)
    # Corrections come only from what reps may see: a draft's words never become suggestions.
    written[SPELLING_FIELD] = " ".join(document.get(f) or "" for f in SPELLING_SOURCES) \
        if document.get("status") == "published" else ""
    runs: set[str] = set()
    if vocabulary.common:
        for fieldname in TEXT_FIELDS:
            runs |= vocabulary.terms(stems(written.get(fieldname) or ""))
    written[PAIRS_FIELD] = "|".join(sorted(runs))
    return written


def choose_vocabulary(documents: Iterable[dict]) -> Vocabulary:
    """The words in at least COMMON_SHARE of `documents` (a sample of the library), and the runs
    of them in at least RUN_SHARE."""
    samples = [[stems(document.get(f) or "") for f in TEXT_FIELDS] for document in documents]
    if len(samples) < MIN_SAMPLE:
        return Vocabulary()
    counts: Counter[str] = Counter()
    for fields in samples:
        counts.update({word for words in fields for word in words})
    common = frozenset(word for word, n in counts.most_common(MAX_COMMON_WORDS)
                       if n >= COMMON_SHARE * len(samples))
    runs: Counter[tuple[str, ...]] = Counter()
    for fields in samples:
        runs.update({run for words in fields for length in RUN_LENGTHS
                     for run in _runs(words, length) if common.issuperset(run)})
    frequent = frozenset(run for run, n in runs.most_common(MAX_RUNS)
                         if n >= RUN_SHARE * len(samples))
    return Vocabulary(common, frequent)


def read_vocabulary(generation: Path) -> Vocabulary:
    try:
        common = frozenset((generation / COMMON_WORDS_FILE).read_text().split())
    except FileNotFoundError:
        return Vocabulary()
    try:
        lines = (generation / FREQUENT_RUNS_FILE).read_text().splitlines()
    except FileNotFoundError:
        lines = []
    return Vocabulary(common, frozenset(tuple(line.split()) for line in lines if line.strip()))


def write_vocabulary(generation: Path, vocabulary: Vocabulary) -> None:
    (generation / COMMON_WORDS_FILE).write_text("\n".join(sorted(vocabulary.common)))
    (generation / FREQUENT_RUNS_FILE).write_text(
        "\n".join(sorted(" ".join(run) for run in vocabulary.runs)))


def writer(index: whoosh_index.Index, **options):
    """A writer for small changes (the outbox drain, drift fixes); it merges segments by tiers
    (see merging.py)."""
    small = index.writer(**WRITER_OPTIONS, codec=WRITER_CODEC, **options)
    small.mergetype = merge_tiers
    return small


def bulk_writer(index: whoosh_index.Index):
    """A writer for rebuilding: documents are split between BULK_PROCS processes, each writing
    its own segments, and nothing is merged at commit (a final merge would run on one core)."""
    options = {**WRITER_OPTIONS, "limitmb": BULK_LIMIT_MB, "codec": WRITER_CODEC}
    if BULK_PROCS > 1:
        return index.writer(procs=BULK_PROCS, multisegment=True, batchsize=250, **options)
    return index.writer(**options)


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
        for attempt in range(1, OPEN_ATTEMPTS):
            try:
                return self._open_current()
            except FileNotFoundError:
                # Another process committed (removing the table of contents Whoosh had just
                # found) or swapped in a rebuild between finding the files and opening them.
                time.sleep(0.01 * attempt)
        return self._open_current()

    def _open_current(self) -> whoosh_index.Index:
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
        path.chmod(0o755)  # web processes on other hosts or users read what the worker writes
        whoosh_index.create_in(str(path), build_schema())
        (path / SCHEMA_FILE).write_text(SCHEMA_VERSION)
        return path

    def vocabulary(self, generation: Path | None = None) -> Vocabulary:
        """The live generation's (or `generation`'s) vocabulary, read once."""
        generation = generation or self.current_dir()
        if generation is None:
            return Vocabulary()
        cached = getattr(self, "_vocabulary", None)
        if cached is None or cached[0] != generation:
            cached = self._vocabulary = (generation, read_vocabulary(generation))
        return cached[1]

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
        os.fchmod(fd, 0o644)  # readable by web processes that cannot write the index
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
