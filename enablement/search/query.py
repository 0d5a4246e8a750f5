"""Turning what a rep typed into words and phrases, without ever handing raw text to a parser.

Anything typed is plain text: quotes make phrases (an unbalanced quote is ignored), everything else
is words. Operators, field syntax and markup are just more words, so no input can break the query.
Which documents match is worked out in search.matching; the Whoosh query built here ranks them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from whoosh import query as wq

from enablement.search.index import TEXT_FIELDS, stems

# A long question is searched whole up to here (what the search log keeps of it, too).
MAX_QUERY_CHARS = 400
# From this many words or phrases a query is a question or a pasted paragraph: it matches any of
# its words (ranking.matches) and gets relevance feedback (feedback.py).
LONG_QUERY_UNITS = 5
_PHRASE = re.compile(r'"([^"]*)"')
_WORD = re.compile(r"\w+", re.UNICODE)

__all__ = ["TEXT_FIELDS", "ParsedQuery", "Unit", "build", "parse", "stems", "words"]


def clean_text(raw: str) -> str:
    text = unicodedata.normalize("NFKC", raw or "")
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    return " ".join(text.split())


@dataclass
class Unit:
    """One thing the rep asked for: a word or a phrase, plus synonyms that may stand for it."""

    text: str
    phrase: bool
    alternatives: list[str] = field(default_factory=list)
    quoted: bool = False  # typed in quotes: always words, never a name (see understanding.py)

    def stems(self) -> list[str]:
        return stems(self.text)


@dataclass
class ParsedQuery:
    text: str  # the cleaned query as searched
    units: list[Unit]
    truncated: bool = False

    def is_empty(self) -> bool:
        return not any(unit.stems() for unit in self.units)

    def is_long(self) -> bool:
        return sum(1 for unit in self.units if unit.stems()) >= LONG_QUERY_UNITS


def parse(raw: str, synonyms: list[list[str]] | None = None) -> ParsedQuery:
    """Split a typed query into words and quoted phrases, and attach synonyms."""
    text = clean_text(raw)
    truncated = len(text) > MAX_QUERY_CHARS
    if truncated:
        text = text[:MAX_QUERY_CHARS].rsplit(" ", 1)[0] or text[:MAX_QUERY_CHARS]
    if text.count('"') % 2:
        # An unbalanced quote is a typo, not a phrase: drop the last one.
        cut = text.rfind('"')
        text_for_units = text[:cut] + " " + text[cut + 1:]
    else:
        text_for_units = text

    units: list[Unit] = []
    position = 0
    for match in _PHRASE.finditer(text_for_units):
        units.extend(_words(text_for_units[position:match.start()]))
        phrase = " ".join(_WORD.findall(match.group(1)))
        if phrase:
            units.append(Unit(phrase, phrase=" " in phrase, quoted=True))
        position = match.end()
    units.extend(_words(text_for_units[position:]))
    units = _apply_synonyms(units, synonyms or [])
    return ParsedQuery(text=text, units=units, truncated=truncated)


def _words(text: str) -> list[Unit]:
    return [Unit(word, phrase=False) for word in _WORD.findall(text)]


def _apply_synonyms(units: list[Unit], groups: list[list[str]]) -> list[Unit]:
    """Merge runs of words that spell a synonym (e.g. `return on investment`) into one unit
    whose alternatives are the other members of the group."""
    if not groups:
        return units
    members = []
    for group in groups:
        for member in group:
            key = tuple(stems(member))
            if key:
                members.append((key, member, group))
    members.sort(key=lambda m: -len(m[0]))  # longest match first

    result: list[Unit] = []
    i = 0
    while i < len(units):
        matched = False
        for key, _member, group in members:
            span, stems_seen, j = [], [], i
            while j < len(units) and len(stems_seen) < len(key):
                span.append(units[j])
                stems_seen.extend(units[j].stems())
                j += 1
            if tuple(stems_seen) == key and span:
                text = " ".join(u.text for u in span)
                others = [m for m in group if tuple(stems(m)) != key]
                result.append(Unit(text, phrase=len(key) > 1 or span[0].phrase,
                                   alternatives=others))
                i = j
                matched = True
                break
        if not matched:
            result.append(units[i])
            i += 1
    return result


def words(parsed: ParsedQuery) -> set[str]:
    """Every stem the rep's words, phrases and their synonyms stand for: what ranks the results
    and what gets highlighted."""
    return {stem for unit in parsed.units for text in (unit.text, *unit.alternatives)
            for stem in stems(text)}


def word_counts(parsed: ParsedQuery) -> dict[str, int]:
    """Each stem of words(), with how many of the query's words or phrases stand for it: a
    long question that says "titles" three times is mostly about titles."""
    counts: dict[str, int] = {}
    for unit in parsed.units:
        for stem in {stem for text in (unit.text, *unit.alternatives) for stem in stems(text)}:
            counts[stem] = counts.get(stem, 0) + 1
    return counts


def _word(stem: str) -> wq.Query:
    return wq.Or([wq.Term(f, stem) for f in TEXT_FIELDS])


def _clause(text: str) -> wq.Query | None:
    found = stems(text)
    if not found:
        return None
    if len(found) == 1:
        return _word(found[0])
    # A phrase ranks by its words, as Whoosh's own phrase query does; that the words stand
    # together is already checked when matching.
    return wq.And([_word(stem) for stem in found])


def unit_query(unit: Unit) -> wq.Query | None:
    clauses = [c for c in (_clause(t) for t in [unit.text, *unit.alternatives]) if c is not None]
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else wq.Or(clauses)


def build(parsed: ParsedQuery, *, match_all: bool = True) -> wq.Query:
    """The ranking query: every unit must match (or, with match_all=False, any of them)."""
    clauses = [c for c in (unit_query(u) for u in parsed.units) if c is not None]
    if not clauses:
        return wq.NullQuery
    if len(clauses) == 1:
        return clauses[0]
    return wq.And(clauses) if match_all else wq.Or(clauses)
