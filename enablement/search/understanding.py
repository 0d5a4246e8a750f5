"""What a rep's words name: kinds of asset, markets and personas, taken as filters.

"hospital case study" asks for the word hospital among case studies, not for documents that
happen to say "case" and "study"; "healthcare" asks for what is tagged Healthcare. The words
that name something are taken out of the query and become filters, shown to the rep as chips
("Case studies · Healthcare") that each lead back to the same search with those words searched
as words (`literal=`). Market and persona words keep counting for the order, so a case study
that talks about healthcare still comes before one that is only tagged with it.

What is recognised, as whole words (plurals and hyphens as typed: "case studies",
"one-pager"/"one pager"):
- kinds: case study, testimonial, email template, white paper (whitepaper), sales aid, news, and
  the sales aids' types battle card, one-pager, talk track;
- markets: the slug, the name and each part of a name made of several ("Retail & Grocery":
  "retail", "grocery"), from feeds.yml;
- personas: the names on published assets.
Quoted words are always words. A detection whose words are in `literal` is not made.

A market word is also ordinary text ("retail" is a market and a word in a construction story).
The rule that serves reps: the market wins, and its chip says so; if nothing tagged with it
matches the rest of the query, the search service searches the words as words instead and says
that (see service.search).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from enablement.assets.kinds import KINDS, SALES_AID_TYPES
from enablement.models import AssetKind
from enablement.search import query as querying

MAX_LITERAL = 10  # `literal=` values a search link may carry
MAX_PATTERN_WORDS = 4
NEWS = "news"
_OWN_SINGULAR = {"news"}  # "news" is not the plural of "new"
_NAME_PARTS = re.compile(r"\s*(?:&|\+|/|,|\band\b)\s*", re.IGNORECASE)

# (words, kind, sales aid type): singular forms; plurals match too (see _key).
KIND_WORDS: tuple[tuple[str, str, str], ...] = (
    ("case study", AssetKind.CASE_STUDY, ""),
    ("testimonial", AssetKind.TESTIMONIAL, ""),
    ("email template", AssetKind.EMAIL_TEMPLATE, ""),
    ("white paper", AssetKind.WHITE_PAPER, ""),
    ("whitepaper", AssetKind.WHITE_PAPER, ""),
    ("sales aid", AssetKind.SALES_AID, ""),
    ("battle card", AssetKind.SALES_AID, "battle_card"),
    ("battlecard", AssetKind.SALES_AID, "battle_card"),
    ("one pager", AssetKind.SALES_AID, "one_pager"),
    ("onepager", AssetKind.SALES_AID, "one_pager"),
    ("talk track", AssetKind.SALES_AID, "talk_track"),
    ("news", NEWS, ""),
)
AID_TYPE_PLURALS = {slug: f"{label}s" for slug, label in SALES_AID_TYPES if slug != "other"}


@dataclass(frozen=True)
class Detection:
    """Words of the query that name a kind, a market or a persona."""

    facet: str  # the search facet it filters: "kind", "market" or "persona"
    value: str  # the facet value: a kind, a market slug, a persona
    label: str  # what the rep's chip says
    aid_type: str = ""  # for sales aids: which type ("battle_card"), if the words said
    words: str = ""  # as typed

    @property
    def key(self) -> str:
        """What `literal=` carries to have these words searched as words."""
        return ":".join(part for part in (self.facet, self.value, self.aid_type) if part)

    @property
    def boosts(self) -> bool:
        """Market and persona words still count for the order (they are in the tags field)."""
        return self.facet in ("market", "persona")


@dataclass
class Understanding:
    text: str  # what is left to search as words (quoted phrases kept quoted)
    detections: list[Detection]

    def filters(self) -> dict[str, list[str]]:
        """Facet name → the values the detections select (OR within a facet, as facets are)."""
        found: dict[str, list[str]] = {}
        for detection in self.detections:
            values = found.setdefault(detection.facet, [])
            if detection.value not in values:
                values.append(detection.value)
        return found

    def aid_types(self) -> list[str]:
        """The sales aid types asked for, unless a plain "sales aid" asked for them all."""
        aids = [d for d in self.detections if d.value == AssetKind.SALES_AID]
        if not aids or any(not d.aid_type for d in aids):
            return []
        return list(dict.fromkeys(d.aid_type for d in aids))

    def boost_words(self) -> str:
        return " ".join(d.words for d in self.detections if d.boosts)


@dataclass(frozen=True)
class Names:
    """The names a query is read for: word keys (see _key) → what they name, longest first."""

    patterns: tuple[tuple[tuple[str, ...], Detection], ...]

    @classmethod
    def build(cls, markets: dict[str, str], personas: Iterable[str]) -> Names:
        """From the markets (slug → name) and the personas of published assets."""
        found: list[tuple[tuple[str, ...], Detection]] = []

        def add(words: str, detection: Detection) -> None:
            keys = _keys(words)
            if keys and len(keys) <= MAX_PATTERN_WORDS \
                    and all(existing != keys for existing, _ in found):
                found.append((keys, detection))

        for words, kind, aid_type in KIND_WORDS:
            label = AID_TYPE_PLURALS.get(aid_type) or (KINDS[kind].plural if kind in KINDS
                                                      else "News")
            add(words, Detection("kind", kind, label, aid_type))
        for slug, name in markets.items():
            market = Detection("market", slug, name)
            add(slug.replace("-", " "), market)
            add(name, market)
            parts = [part for part in _NAME_PARTS.split(name) if part.strip()]
            for part in parts if len(parts) > 1 else ():
                add(part, market)
        for persona in sorted(personas):
            add(persona, Detection("persona", persona, persona))
        # Longest first, so "email template" wins over a persona called "Email".
        found.sort(key=lambda pattern: -len(pattern[0]))
        return cls(tuple(found))


def _key(word: str) -> str:
    """A word as names are compared: lower case, plural made singular (Harman's S-stemmer).
    Not the index's stems: they would read "dispatch" as the persona Dispatcher, "safety
    management" as the Safety Manager."""
    word = word.lower()
    if word in _OWN_SINGULAR or len(word) < 4:
        return word
    if word.endswith("ies") and not word.endswith(("eies", "aies")):
        return word[:-3] + "y"
    if word.endswith("es") and not word.endswith(("aes", "ees", "oes")):
        return word[:-1]
    if word.endswith("s") and not word.endswith(("us", "ss")):
        return word[:-1]
    return word


def _keys(text: str) -> tuple[str, ...]:
    return tuple(_key(word) for word in re.findall(r"\w+", text))


def understand(text: str, names: Names, literal: Iterable[str] = ()) -> Understanding:
    """Take the words that name a kind, market or persona out of `text` (a cleaned query)."""
    units = querying.parse(text).units
    off = set(literal)
    keys = [None if unit.quoted else _key(unit.text) for unit in units]
    detections: list[Detection] = []
    left: list[querying.Unit] = []
    i = 0
    while i < len(units):
        match = None
        if keys[i] is not None:
            for pattern, detection in names.patterns:
                span = keys[i:i + len(pattern)]
                if tuple(span) == pattern and detection.key not in off:
                    match = pattern, detection
                    break
        if match is None:
            left.append(units[i])
            i += 1
            continue
        pattern, detection = match
        words = " ".join(unit.text for unit in units[i:i + len(pattern)])
        detections.append(Detection(detection.facet, detection.value, detection.label,
                                    detection.aid_type, words))
        i += len(pattern)
    if not detections:
        return Understanding(text, [])
    rest = " ".join(f'"{unit.text}"' if unit.quoted else unit.text for unit in left)
    return Understanding(rest, detections)


@functools.cache
def _kind_names() -> Names:
    return Names.build({}, ())


def kinds_named(text: str) -> set[str]:
    """The kinds `text` names, read as a query is ("case studies", "battle card" → sales_aid),
    whatever the markets and personas."""
    return {detection.value for detection in understand(text, _kind_names()).detections}
