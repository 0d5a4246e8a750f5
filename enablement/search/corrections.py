"""Corrections ("did you mean"): unknown words of a query replaced by the closest known words.

Candidates come from the spelling field (the unstemmed words of published titles and summaries),
within two typos and sharing the first letter; of those the closest wins, and of equally close
ones the word most documents use. Only what reps may see counts: a word is known, and a candidate
offered, only when a published document has it (a draft's title must not leak through "did you
mean"). The corrector and each word's correction are kept per searcher.
"""

from __future__ import annotations

import re

from enablement.search import query as querying
from enablement.search import whoosh_internals
from enablement.search.searchers import SearcherState

MAX_CORRECTABLE = 30  # longer "words" are not typos worth correcting
CORRECTION_CANDIDATES = 8


def correction(state: SearcherState, parsed: querying.ParsedQuery) -> str | None:
    """The query with unknown words replaced by the closest words in the index, if any."""
    replacements = {}
    for unit in parsed.units:
        for word in unit.text.split():
            word_stems = querying.stems(word)
            if len(word) > MAX_CORRECTABLE or not word_stems \
                    or all(_known(state, s) for s in word_stems):
                continue
            key = word.lower()
            if key not in state.corrections:
                state.corrections[key] = _best_correction(state, key)
            if state.corrections[key]:
                replacements[word] = state.corrections[key]
    if not replacements:
        return None
    corrected = parsed.text
    for word, replacement in replacements.items():
        corrected = _replace_word(corrected, word, replacement)
    return corrected if corrected.lower() != parsed.text.lower() else None


def close_words(state: SearcherState, word: str) -> list[str]:
    """Words of the index within two typos of `word`, from a corrector over the spelling
    field's words, built on first use and kept for this searcher."""
    if state.corrector is None:
        # In memory: Whoosh's reader corrector falls back to measuring every word of the
        # index against the typo when the index has more than one segment.
        state.corrector = whoosh_internals.word_corrector(state.spelling())
    # Typos rarely hit the first letter; keeping it makes finding candidates much cheaper.
    return whoosh_internals.close_words(state.corrector, word, limit=CORRECTION_CANDIDATES,
                                        prefix=1)


def _known(state: SearcherState, stem: str) -> bool:
    """Whether a published document has the word (one only drafts have is still a typo)."""
    reader = state.searcher.reader()
    if not any(reader.doc_frequency(f, stem) for f in querying.TEXT_FIELDS):
        return False
    return bool(state.sets.word(stem) & state.docs("status", "published"))


def _best_correction(state: SearcherState, word: str) -> str | None:
    """Of the close words, the closest, and of those the one most documents use."""
    ranked = []
    for candidate in close_words(state, word):
        # A word kept from a deleted document's segment, or from a document since unpublished,
        # may be used nowhere a rep can see.
        frequency = (state.sets.text(querying.stems(candidate))
                     & state.docs("status", "published")).bit_count()
        if frequency:
            ranked.append((whoosh_internals.edit_distance(word, candidate), -frequency,
                           candidate))
    return min(ranked)[2] if ranked else None


def _replace_word(text: str, word: str, replacement: str) -> str:
    return re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", replacement, text, count=1)
