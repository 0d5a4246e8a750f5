"""Answers to a rep's question: the passages that answer it, best first, with their source.

A question is read as its content words (question words such as "how" or "does" say what kind
of answer is wanted, not what it is about). BM25F (scoring.py) over the passages of the best
documents for the question (passage_index.py; the document's passages read whole) picks the
candidates, published only; each candidate is then
read sentence by sentence, and its order rewards what BM25 cannot see: the question's words in
one sentence (weighted by how rare each is), close together, and in the question's order. The
sentence that does best is the one marked as the answer.
"""

from __future__ import annotations

import html
import math
import re
from collections import Counter
from dataclasses import dataclass

from markupsafe import Markup

from enablement.search import matching, scoring, whoosh_internals
from enablement.search import query as querying
from enablement.search.lru import LockedLru
from enablement.search.matching import DocSets
from enablement.search.passage_index import PARENT_FIELD, TITLE_BOOST
from enablement.search.passages import SENTENCE_END

MAX_ANSWERS = 3
CANDIDATES = 40  # passages BM25 hands to the sentence reading
READ_LIMIT = 400  # passages of the best documents read per question (see _candidates)
RARE_SHARE = 0.05  # past READ_LIMIT, words in at most this share of passages pick them
CACHED_PASSAGES = 20_000  # passages kept read (~1.5 KB each)
# A passage answers only if one of its sentences holds at least this share of the question's
# weight (rarer words weigh more), and at least two of its words when it has two or more.
MIN_COVERAGE = 0.5
# How the parts of a passage's score add up (chosen once on the demo questions, not per query):
# BM25 relative to the best candidate, then the best sentence's share of the question, how
# close its words stand and whether they keep the question's order.
WEIGHTS = {"bm25": 1.0, "sentence": 1.5, "proximity": 0.5, "order": 0.25}
QUESTION_WORDS = frozenset("""
    how what why when where who whom whose which do does did is are was were can could should
    would will shall has have had may might must any anyone anything tell explain
""".split())
_QUESTION_START = re.compile(r"^\W*(" + "|".join(sorted(QUESTION_WORDS)) + r")\b", re.I)


def is_question(text: str) -> bool:
    """Whether a query reads as a question: it ends with "?" or starts with a question word
    ("how", "does", "which"…) and has at least three words."""
    text = " ".join((text or "").split())
    if text.endswith("?") and querying.stems(text):
        return True
    return bool(_QUESTION_START.match(text)) and len(text.split()) >= 3


_QUOTED_OR_WORD = re.compile(r'"[^"]*"|\w+|\W+')


def topic(text: str) -> str:
    """A question without its question words ("how did a contractor cut OSHA paperwork" →
    "a contractor cut OSHA paperwork"), for matching documents: every word of it must match,
    and "how" is in no document about paperwork. Quoted words stay; anything else is as typed."""
    if not is_question(text):
        return text
    kept = "".join(part for part in _QUOTED_OR_WORD.findall(text)
                   if part.lower() not in QUESTION_WORDS)
    return " ".join(kept.split()) if querying.stems(kept) else text


def content_stems(text: str, synonyms: list[list[str]] | None = None) -> list[str]:
    """The stems a question is about, in the question's order, question words left out."""
    parsed = querying.parse(text, synonyms)
    ignored = {stem for word in QUESTION_WORDS for stem in querying.stems(word)}
    found = []
    for unit in parsed.units:
        for alternative in (unit.text, *unit.alternatives):
            for stem in querying.stems(alternative):
                if stem not in found and (unit.quoted or stem not in ignored):
                    found.append(stem)
    return found


@dataclass
class Answer:
    """One passage that answers the question: where it is from and the sentence that answers."""

    key: str  # the passage's key in the passage index: "<doc_key>/<position>"
    type: str
    id: int
    kind: str
    title: str
    passage: Markup  # the passage, the answering sentence in <mark>
    page: int | None
    where: str
    attachment_id: int | None
    filename: str | None
    score: float


def find(passages: DocSets | None, stems: list[str], parents: list[str],
         limit: int = MAX_ANSWERS) -> list[Answer]:
    """The best `limit` passages for the question's `stems` among the `parents` documents' (the
    best documents for the question), published only, one per document, best first; passages
    without a sentence that answers are left out. `passages` is the passage index as document
    sets (SearcherState.passage_sets)."""
    if passages is None or not stems or not parents:
        return []
    # Rarity among passages' own text (every passage of a document carries the document's
    # title, which would make a title word look common); from the term's statistics only.
    frequency = {stem: passages.searcher.doc_frequency("text", stem) for stem in stems}
    idf = {stem: max(scoring.idf(passages.live_count, n), 0.01) for stem, n in frequency.items()}
    best = _candidates(passages, parents, frequency, idf)[:CANDIDATES]
    if not best:
        return []
    top = best[0][0] or 1.0
    scored = []
    for rank, (bm25, fields) in enumerate(best):
        reading = read_sentences(fields["text"], stems, idf, fields.get("title", ""))
        if reading is None:
            continue
        score = (WEIGHTS["bm25"] * bm25 / top + WEIGHTS["sentence"] * reading.coverage
                 + WEIGHTS["proximity"] * reading.proximity + WEIGHTS["order"] * reading.order)
        scored.append((score, rank, fields, reading))
    scored.sort(key=lambda item: (-item[0], item[1]))
    found: list[Answer] = []
    seen: set[str] = set()
    for score, _, fields, reading in scored:
        if fields["parent"] in seen:
            continue
        seen.add(fields["parent"])
        found.append(Answer(
            key=fields["key"], type=fields["type"], id=fields["id"], kind=fields["kind"],
            title=fields["title"], passage=marked(fields["text"], reading.span),
            page=fields.get("page"), where=fields.get("where") or "",
            attachment_id=fields.get("attachment_id"), filename=fields.get("filename"),
            score=round(score, 4)))
        if len(found) == limit:
            break
    return found


def _candidates(passages: DocSets, parents: list[str], frequency: dict[str, int],
                idf: dict[str, float]) -> list[tuple[float, dict]]:
    """The parents' published passages holding a word of the question, as (BM25F, stored
    fields), best first. A document's passages are read whole (their text, stemmed): a
    question's words are often in a third of all passages, and reading their postings across
    a large library costs far more than reading a few documents' passages. Past READ_LIMIT
    passages (documents with long attachments) only those holding one of the question's
    rarer words are read, and at most READ_LIMIT of them, in the documents' order."""
    docnums = matching.union(passages.term(PARENT_FIELD, key) for key in parents) \
        & passages.alive
    if docnums.bit_count() > READ_LIMIT:
        rare = [stem for stem, n in frequency.items() if n <= RARE_SHARE * passages.size]
        if rare:
            docnums &= matching.union(passages.word(stem) for stem in rare)
    wanted = set(frequency)
    average_text = whoosh_internals.average_field_length(passages.searcher, "text")
    average_title = whoosh_internals.average_field_length(passages.searcher, "title")
    titles: dict[str, Counter[str]] = {}
    found = []
    for docnum in matching.members(docnums)[:READ_LIMIT]:
        fields, words = _read(passages, docnum)
        if fields.get("status") != "published":
            continue
        said = Counter(word for word in words if word in wanted)
        title = fields.get("title", "")
        if title not in titles:
            titles[title] = Counter(whoosh_internals.stems(title))
        in_title = titles[title]
        if not said and not any(stem in in_title for stem in wanted):
            continue
        text_norm = 1 - scoring.B + scoring.B * len(words) / average_text
        title_norm = 1 - scoring.B + scoring.B * sum(in_title.values()) / average_title
        bm25 = sum(idf[stem] * scoring.saturated(
            said[stem] / text_norm + TITLE_BOOST * in_title[stem] / title_norm)
            for stem in wanted if said[stem] or in_title[stem])
        found.append((bm25, docnum, fields))
    found.sort(key=lambda item: (-item[0], item[1]))
    return [(bm25, fields) for bm25, _, fields in found]


# Passages as read (stored fields, stems of the text), by segment and number within it.
_passages: LockedLru[tuple[dict, tuple[str, ...]]] = LockedLru(CACHED_PASSAGES)


def _read(passages: DocSets, docnum: int) -> tuple[dict, tuple[str, ...]]:
    """A passage's stored fields and the stems of its text; kept, since the same documents
    answer many questions."""
    def read():
        fields = passages.searcher.stored_fields(docnum)
        stems = fields.pop("stems", None)  # (an index written before it had them)
        return fields, tuple(stems.split() if stems is not None
                             else whoosh_internals.stems(fields.get("text", "")))

    return _passages.get_or_make(passages.segment_key(docnum), read)


@dataclass
class Reading:
    """How well a passage's best sentence answers: its share of the question's weight, how
    close its words stand (1: side by side), whether they keep the question's order (1: all
    do), and where the sentence is in the passage."""

    coverage: float
    proximity: float
    order: float
    span: tuple[int, int]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Where each sentence of a passage starts and ends (as passages.sentences splits it)."""
    spans, start = [], 0
    for match in SENTENCE_END.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def read_sentences(text: str, stems: list[str], idf: dict[str, float], title: str = ""
                   ) -> Reading | None:
    """The passage's best answering sentence, or None when no sentence answers. The document's
    title counts towards what a sentence covers ("Harbor & Pine cuts safety paperwork": its
    sentences need not say "paperwork" again), but the sentence must hold a word itself."""
    wanted = {stem: rank for rank, stem in enumerate(stems)}
    total = sum(idf.values())
    words = [(number, match.start(), stem)
             for number, match, stem in whoosh_internals.stemmed_words(text) if stem in wanted]
    in_title = {stem for stem in whoosh_internals.stems(title) if stem in wanted}
    best: tuple[float, Reading] | None = None
    for start, end in sentence_spans(text):
        inside = [(number, stem) for number, at, stem in words if start <= at < end]
        matched = {stem for _, stem in inside}
        covered = matched | in_title
        coverage = sum(idf[stem] for stem in covered) / total
        if not matched or coverage < MIN_COVERAGE or (len(stems) > 1 and len(covered) < 2):
            continue
        reading = Reading(coverage, _proximity(inside, len(matched)),
                          _order(inside, wanted), (start, end))
        value = coverage * (1 + 0.5 * reading.proximity + 0.25 * reading.order)
        if best is None or value > best[0]:
            best = (value, reading)
    return best[1] if best else None


def _proximity(inside: list[tuple[int, str]], distinct: int) -> float:
    """1 when the sentence's question words stand side by side, less the more words lie
    between them: the shortest run of words holding every one of them, compared with their
    number."""
    if distinct < 2:
        return 0.0
    shortest = math.inf
    last: dict[str, int] = {}
    for number, stem in inside:
        last[stem] = number
        if len(last) == distinct:
            shortest = min(shortest, number - min(last.values()) + 1)
    return distinct / shortest if shortest != math.inf else 0.0


def _order(inside: list[tuple[int, str]], wanted: dict[str, int]) -> float:
    """The share of the sentence's neighbouring question words (first mentions) that come in
    the question's order."""
    first: list[int] = []
    seen: set[str] = set()
    for _, stem in inside:
        if stem not in seen:
            seen.add(stem)
            first.append(wanted[stem])
    if len(first) < 2:
        return 0.0
    return sum(a < b for a, b in zip(first, first[1:], strict=False)) / (len(first) - 1)


def marked(text: str, span: tuple[int, int]) -> Markup:
    """The passage as HTML: escaped, the answering sentence in <mark> (its only markup)."""
    start, end = span
    return Markup(  # noqa: S704  # nosec B704 - every part is escaped; <mark> is ours
        f"{html.escape(text[:start])}<mark>{html.escape(text[start:end])}</mark>"
        f"{html.escape(text[end:])}")
