"""The market query language of feeds.yml: parsed once into a tree, matched against news items.

    construction OR contractor* OR "building permit" OR (OSHA AND (fall OR scaffold*))
    (hospital* OR HIPAA) -"pet health" -title:recipe

Words are whole words, case-insensitive and stemmed with the analyzer the search index uses, so
`nurses` matches "nurse". `"phrases"` match consecutive words. `word*` matches words that start
with `word`. Terms next to each other must all match (AND); `OR` offers alternatives; `-` or
`NOT` excludes; parentheses group. `title:`, `text:`, `url:`, `feed:` and `category:` limit a term
or a group to one part of the item. Nothing is ever evaluated as code: the tree is plain data.

A match returns the terms that made it, so the digest can say why an item was tagged.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field

from enablement.search.index import word_stems

FIELDS = ("title", "text", "url", "feed", "category")
DEFAULT_FIELDS = ("title", "text", "category")
OPERATORS = ("AND", "OR", "NOT")
MIN_PREFIX = 2
# Words in different categories must not form a phrase across them.
CATEGORY_GAP = 1000


class QueryError(ValueError):
    """What is wrong with a query, and at which character (1-based) of it."""

    def __init__(self, message: str, position: int | None = None):
        where = f" (at character {position})" if position else ""
        super().__init__(f"{message}{where}")
        self.message = message
        self.position = position


def analyse(text: str, offset: int = 0) -> list[tuple[str, str, int]]:
    """(stem, word as written and lower-cased, position) for each word search would index."""
    if not text:
        return []
    return [(stem, word, position)
            for position, (word, stem) in enumerate(word_stems(text), start=offset)]


@dataclass
class FieldText:
    """One part of an item, analysed once for every query that looks at it."""

    positions: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    words: dict[str, int] = field(default_factory=dict)  # word as written → first position
    _sorted: list[str] | None = None

    def words_starting_with(self, prefix: str) -> list[str]:
        """Words as written that start with `prefix` (a binary search, not a scan)."""
        if self._sorted is None:
            self._sorted = sorted(self.words)
        start = bisect_left(self._sorted, prefix)
        end = bisect_left(self._sorted, prefix + "\U0010ffff", start)
        return self._sorted[start:end]

    @classmethod
    def of(cls, *texts: str) -> FieldText:
        result = cls()
        offset = 0
        for text in texts:
            tokens = analyse(text, offset)
            for stem, surface, pos in tokens:
                result.positions[stem].append(pos)
                result.words.setdefault(surface, pos)
            if tokens:
                offset = tokens[-1][2] + CATEGORY_GAP
        return result


class Document:
    """An item as the query language sees it."""

    def __init__(self, *, title: str = "", text: str = "", url: str = "", feed: str = "",
                 categories: list[str] | tuple[str, ...] = ()):
        self._raw = {"title": (title,), "text": (text,), "feed": (feed,),
                     "category": tuple(categories)}
        self.url = (url or "").lower()
        self._fields: dict[str, FieldText] = {}

    def field(self, name: str) -> FieldText:
        if name not in self._fields:
            self._fields[name] = FieldText.of(*self._raw[name])
        return self._fields[name]


# ---------------------------------------------------------------- the tree


class Node:
    def match(self, doc: Document) -> list[str] | None:
        """The labels of the terms that matched, or None when the node does not match."""
        raise NotImplementedError

    def has_positive(self) -> bool:
        raise NotImplementedError


@dataclass
class Term(Node):
    label: str
    fields: tuple[str, ...]
    stems: tuple[tuple[str, int], ...] = ()  # (stem, position relative to the first)
    prefix: str = ""  # for word*
    raw: str = ""  # for url:, matched as a substring

    def match(self, doc: Document) -> list[str] | None:
        for name in self.fields:
            found = self._match_field(doc, name)
            if found is not None:
                return [found]
        return None

    def _match_field(self, doc: Document, name: str) -> str | None:
        if name == "url":
            return self.label if self.raw and self.raw in doc.url else None
        text = doc.field(name)
        if self.prefix:
            hits = text.words_starting_with(self.prefix)
            return min(hits, key=text.words.__getitem__) if hits else None
        first, _ = self.stems[0]
        candidates = text.positions.get(first)
        if not candidates:
            return None
        if len(self.stems) == 1:
            return self.label
        for start in candidates:
            if all(start + rel in text.positions.get(stem, ()) for stem, rel in self.stems[1:]):
                return self.label
        return None

    def has_positive(self) -> bool:
        return True


@dataclass
class And(Node):
    children: list[Node]

    def match(self, doc: Document) -> list[str] | None:
        labels: list[str] = []
        for child in self.children:
            found = child.match(doc)
            if found is None:
                return None
            labels.extend(found)
        return labels

    def has_positive(self) -> bool:
        return any(child.has_positive() for child in self.children)


@dataclass
class Or(Node):
    children: list[Node]

    def match(self, doc: Document) -> list[str] | None:
        labels: list[str] | None = None
        for child in self.children:
            found = child.match(doc)
            if found is not None:
                labels = (labels or []) + found
        return labels

    def has_positive(self) -> bool:
        return all(child.has_positive() for child in self.children)


@dataclass
class Not(Node):
    child: Node

    def match(self, doc: Document) -> list[str] | None:
        return None if self.child.match(doc) is not None else []

    def has_positive(self) -> bool:
        return False


@dataclass
class Query:
    """A compiled query: `match(doc)` gives the matching terms (deduplicated) or None."""

    source: str
    root: Node

    def match(self, doc: Document) -> list[str] | None:
        found = self.root.match(doc)
        if found is None:
            return None
        return list(dict.fromkeys(found))

    def __str__(self) -> str:
        return self.source


# ---------------------------------------------------------------- tokens


@dataclass
class _Token:
    kind: str  # "(", ")", "AND", "OR", "NOT", "-", "field", "word", "phrase"
    text: str
    position: int  # 1-based


_FIELD = re.compile(r"([A-Za-z]+):")
_BREAK = set(' \t\r\n()"')


def _tokens(source: str) -> list[_Token]:
    tokens: list[_Token] = []
    i = 0
    while i < len(source):
        char = source[i]
        if char.isspace():
            i += 1
        elif char in "()":
            tokens.append(_Token(char, char, i + 1))
            i += 1
        elif char == '"':
            end = source.find('"', i + 1)
            if end < 0:
                raise QueryError("this quote is never closed", i + 1)
            tokens.append(_Token("phrase", source[i + 1:end], i + 1))
            i = end + 1
        elif char == "-" and i + 1 < len(source) and not source[i + 1].isspace():
            tokens.append(_Token("-", "-", i + 1))
            i += 1
        else:
            field_match = _FIELD.match(source, i)
            after_field = bool(tokens) and tokens[-1].kind == "field" and \
                tokens[-1].position + len(tokens[-1].text) + 1 == i + 1
            if field_match and not after_field:
                tokens.append(_Token("field", field_match.group(1), i + 1))
                i = field_match.end()
                continue
            start = i
            while i < len(source) and source[i] not in _BREAK:
                i += 1
            word = source[start:i]
            kind = word if word in OPERATORS and not after_field else "word"
            tokens.append(_Token(kind, word, start + 1))
    return tokens


# ---------------------------------------------------------------- parser


class _Parser:
    def __init__(self, source: str):
        self.source = source
        self.tokens = _tokens(source)
        self.i = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def parse(self) -> Node:
        node = self.or_expr(DEFAULT_FIELDS)
        token = self.peek()
        if token is not None:
            raise QueryError("this `)` has no matching `(`", token.position)
        return node

    def or_expr(self, fields) -> Node:
        children = [self.and_expr(fields)]
        while (token := self.peek()) is not None and token.kind == "OR":
            self.take()
            if self.peek() is None or self.peek().kind in (")", "OR", "AND"):
                raise QueryError("`OR` needs a term on both sides", token.position)
            children.append(self.and_expr(fields))
        return children[0] if len(children) == 1 else Or(children)

    def and_expr(self, fields) -> Node:
        children = [self.unary(fields)]
        while (token := self.peek()) is not None and token.kind not in (")", "OR"):
            if token.kind == "AND":
                self.take()
                if self.peek() is None or self.peek().kind in (")", "OR", "AND"):
                    raise QueryError("`AND` needs a term on both sides", token.position)
            children.append(self.unary(fields))
        return children[0] if len(children) == 1 else And(children)

    def unary(self, fields) -> Node:
        token = self.peek()
        if token is None:
            raise QueryError("the query ends where a term was expected", len(self.source) or None)
        if token.kind in ("NOT", "-"):
            self.take()
            if self.peek() is None or self.peek().kind in (")", "OR", "AND"):
                raise QueryError(f"`{token.text}` must be followed by what to exclude",
                                 token.position)
            return Not(self.unary(fields))
        return self.primary(fields)

    def primary(self, fields) -> Node:
        token = self.take()
        if token.kind == "(":
            if self.peek() is None:
                raise QueryError("this `(` is never closed", token.position)
            if self.peek().kind == ")":
                raise QueryError("these parentheses are empty", token.position)
            node = self.or_expr(fields)
            closing = self.peek()
            if closing is None or closing.kind != ")":
                raise QueryError("this `(` is never closed", token.position)
            self.take()
            return node
        if token.kind == "field":
            name = token.text.lower()
            if name not in FIELDS:
                raise QueryError(
                    f"unknown field `{token.text}:`; use {', '.join(f + ':' for f in FIELDS)}",
                    token.position)
            following = self.peek()
            if following is None or following.kind not in ("word", "phrase", "("):
                raise QueryError(f"`{token.text}:` must be followed by a word, a phrase or (…)",
                                 token.position)
            return self.primary((name,))
        if token.kind == ")":
            raise QueryError("this `)` has no matching `(`", token.position)
        if token.kind == "AND" or token.kind == "OR":
            raise QueryError(f"`{token.text}` needs a term on both sides", token.position)
        return _term(token, fields)


def _label(token: _Token, fields) -> str:
    text = f'"{token.text}"' if token.kind == "phrase" else token.text
    return text if fields == DEFAULT_FIELDS else f"{fields[0]}:{text}"


def _term(token: _Token, fields) -> Term:
    text = token.text
    if fields == ("url",):
        raw = text.rstrip("*").strip().lower()
        if not raw:
            raise QueryError("`url:` needs some text to look for", token.position)
        return Term(label=_label(token, fields), fields=fields, raw=raw)
    if token.kind == "word" and "*" in text:
        if text.index("*") != len(text) - 1:
            raise QueryError(f"`{text}`: `*` only works at the end of a word", token.position)
        prefix = text[:-1].lower()
        if len(prefix) < MIN_PREFIX or len(analyse(prefix)) > 1 or \
                not re.fullmatch(r"\w+(\.?\w+)*", prefix):
            raise QueryError(f"`{text}`: a wildcard needs one word of at least {MIN_PREFIX} "
                             "letters before the `*`", token.position)
        return Term(label=_label(token, fields), fields=fields, prefix=prefix)
    if token.kind == "phrase" and not text.strip():
        raise QueryError("this phrase is empty", token.position)
    tokens = analyse(text)
    if not tokens:
        what = "phrase" if token.kind == "phrase" else "word"
        raise QueryError(f"the {what} `{text}` is ignored by search (too short or too common); "
                         "remove it or put it in a longer phrase", token.position)
    first = tokens[0][2]
    stems = tuple((stem, pos - first) for stem, _, pos in tokens)
    return Term(label=_label(token, fields), fields=fields, stems=stems)


def compile_query(source: str) -> Query | None:
    """The compiled query, or None for an empty one; raises QueryError saying what is wrong."""
    if source is None or not str(source).strip():
        return None
    source = str(source)
    root = _Parser(source).parse()
    if not root.has_positive():
        raise QueryError("the query only excludes (or one of its `OR` alternatives does), so it "
                         "would match almost everything; add a term to look for")
    return Query(source, root)
