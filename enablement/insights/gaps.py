"""Content gaps: what reps searched for and didn't find, with the noise left out.

Only reps' searches count (marketing trying the search box is not demand). A logged query that is
not plausibly a search (no letters, longer than a sentence, markup, one key held down) is left
out, and so is a misspelling of a search that found something: the content exists, the spelling
didn't. Searches that differ by a typo in one word fold into one gap, "also searched as" the
others. Marketing can set a gap aside: dismissed (comes back only if several reps search it
again) or snoozed for 30 days.

Reading functions never write; the draft starter and the set-aside ones flush and leave the commit
to the caller.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import case, func, select

from enablement.assets import services as asset_services
from enablement.assets.kinds import KINDS, TITLE_MAX
from enablement.errors import Forbidden, ValidationError
from enablement.extensions import db
from enablement.insights.periods import Period, in_period
from enablement.models import (
    Asset,
    AssetStatus,
    ContentRequest,
    RequestStatus,
    Role,
    SearchLog,
    User,
)
from enablement.models.search import GapSetAside
from enablement.requests import services as content_requests
from enablement.search import understanding, whoosh_internals
from enablement.search.service import normalise_query

LIST_LIMIT = 20
# Grouped searches read per report: every gap group first, then the searches reps opened (what a
# misspelling is compared with). 2,000 groups is months of a 200-rep team's distinct searches.
CANDIDATES = 2000
SNOOZE_DAYS = 30
RETURN_AFTER_REPS = 3  # a dismissed gap comes back when this many reps search it again

# ---------------------------------------------------------------- is it a search at all?

MAX_CHARS = 100  # a long sentence; real searches in the demo log are under 60
MAX_WORDS = 12
MAX_WORD_CHARS = 40  # longer than any word a rep types ("pneumonoultramicroscopic…" aside)
_CODE = re.compile(
    r"<\s*/?\s*[a-z!?]"  # a tag: <script>, </b>, <!--
    r"|[{%$#]\{|\}\}|\{%"  # template and interpolation syntax: {{ }}, {% %}, ${ }, #{ }
    r"|javascript:|\$\(|`"  # script URLs, shell substitution
    r"|'\s*(or|and)\s|\b(or|and)\s+\S+\s*=\s*\S+"  # ' OR 1=1
    r"|;\s*(drop|delete|insert|update|select|shutdown)\b|\bunion\s+(all\s+)?select\b"
    r"|--\s*$|/\*|\.\./",
    re.IGNORECASE)


def not_a_search(text: str) -> str | None:
    """Why a logged query is not plausibly a rep looking for content, or None if it is."""
    text = " ".join(text.split())
    visible = text.replace(" ", "")
    letters = sum(1 for c in visible if c.isalpha())
    if not letters:
        return "no letters"
    if len(text) > MAX_CHARS or len(text.split()) > MAX_WORDS:
        return "longer than a sentence"
    if len(set(visible.lower())) == 1:
        return "one character repeated"
    if max(len(word) for word in text.split()) > MAX_WORD_CHARS:
        return "a word longer than any real one"
    if _CODE.search(text):
        return "code or markup"
    word_chars = sum(1 for c in visible if c.isalnum())
    if word_chars * 3 < len(visible) or _symbols(visible) * 2 > len(visible):
        return "mostly symbols"
    return None


def _symbols(text: str) -> int:
    return sum(1 for c in text if unicodedata.category(c)[0] in "SP" and c not in "-'&./+")


# ---------------------------------------------------------------- typos


def is_typo_of(a: str, b: str) -> bool:
    """Two normalised searches the same but for a typo in one word of four letters or more
    (one edit; two in words of eight or more), edits counted as search's "did you mean" counts
    them. `hipa baa` ~ `hipaa baa`; `hr` !~ `pr`."""
    words_a, words_b = a.split(), b.split()
    if len(words_a) != len(words_b):
        return False
    differ = [(x, y) for x, y in zip(words_a, words_b, strict=True) if x != y]
    if len(differ) != 1:
        return False
    x, y = differ[0]
    shorter = min(len(x), len(y))
    if shorter < 4 or any(c.isdigit() for c in x + y):  # 2024 vs 2025 is not a typo
        return False
    limit = 1 if shorter < 8 else 2
    return whoosh_internals.edit_distance(x, y) <= limit


def _masks(normalized: str) -> list[tuple[str, ...]]:
    """Keys two searches share when they differ in one word: each word in turn blanked."""
    words = tuple(normalized.split())
    return [(*words[:i], "", *words[i + 1:]) for i in range(len(words))]


# ---------------------------------------------------------------- the report


@dataclass
class _Group:
    """Reps' searches in the period with one normalised query."""

    normalized: str
    example: str
    searches: int
    found_nothing: int
    not_opened: int
    opened: int
    found_as_typed: int  # the most results the words found as typed
    last_at: datetime
    members: list[_Group] = field(default_factory=list)

    @property
    def gap_searches(self) -> int:
        return self.found_nothing + self.not_opened

    @property
    def keys(self) -> list[str]:
        return [self.normalized, *(m.normalized for m in self.members)]


@dataclass
class Gaps:
    """What the content-gap panel shows: the gaps, and what was left out of them and why."""

    searches: list[dict]
    total: int  # gaps in the period, shown or not
    gap_searches: int  # searches that came up short, in all of them
    left_out: dict[str, int]  # searches left out: "not_searches", "misspellings"
    set_aside: list[dict]
    aside: dict[str, GapSetAside]  # set aside now, by normalised query (to reuse)


def _reps_searches(*columns):
    """`columns` of the searches reps logged (marketing trying the search box is not demand)."""
    return (select(*columns).join(User, User.id == SearchLog.user_id)
            .where(User.role == Role.REP.value))


def _groups(period: Period) -> list[_Group]:
    found_nothing = func.sum(case((SearchLog.result_count == 0, 1), else_=0))
    not_opened = func.sum(case(((SearchLog.result_count > 0) & SearchLog.clicked_doc.is_(None),
                                1), else_=0))
    opened = func.sum(case((SearchLog.clicked_doc.is_not(None), 1), else_=0))
    # What the words found as typed: a search the hub corrected found the correction's results,
    # a relaxed one those of fewer words ("hipa baa" finds the "baa" assets).
    found_as_typed = func.max(case((SearchLog.note.in_(("corrected", "relaxed")), 0),
                                   else_=SearchLog.result_count))
    rows = db.session.execute(
        _reps_searches(SearchLog.normalized_query, func.max(SearchLog.query), func.count(),
                       found_nothing, not_opened, opened, found_as_typed,
                       func.max(SearchLog.created_at))
        .where(in_period(SearchLog.created_at, period))
        .group_by(SearchLog.normalized_query)
        .order_by((found_nothing + not_opened).desc(), func.count().desc(),
                  SearchLog.normalized_query)
        .limit(CANDIDATES))
    return [_Group(normalized, example, searches, int(nothing), int(unopened), int(opened_),
                   int(most_results or 0), last_at)
            for normalized, example, searches, nothing, unopened, opened_, most_results, last_at
            in rows]


def _fold(groups: list[_Group], left_out: dict[str, int]) -> list[_Group]:
    """One group per search and its typos, led by the spelling that found something (else the
    most searched); a typo's searches that found nothing are a misspelling when its leader found
    something, not a gap."""
    leaders: list[_Group] = []
    by_mask: dict[tuple[str, ...], list[tuple[_Group, _Group]]] = {}  # (a spelling, its leader)
    for group in sorted(groups, key=lambda g: (not g.opened, not g.found_as_typed,
                                               -g.searches, -g.found_as_typed, g.normalized)):
        leader = next((lead for mask in _masks(group.normalized)
                       for known, lead in by_mask.get(mask, ())
                       if is_typo_of(group.normalized, known.normalized)), None)
        for mask in _masks(group.normalized):
            by_mask.setdefault(mask, []).append((group, leader or group))
        if leader is None:
            leaders.append(group)
            continue
        leader.members.append(group)
        if leader.found_as_typed and group.found_nothing:
            left_out["misspellings"] += group.found_nothing
            group.found_nothing = 0
    return leaders


def _set_aside_now(now: datetime) -> dict[str, GapSetAside]:
    rows = db.session.scalars(select(GapSetAside)).all()
    return {row.normalized_query: row for row in rows
            if row.until is None or row.until > now}


def _searched_again(dismissed: list[tuple[GapSetAside, list[str]]]) -> list[int]:
    """Reps who searched each dismissed gap (any of its spellings) since it was dismissed."""
    if not dismissed:
        return []
    keys = {key for _row, spellings in dismissed for key in spellings}
    rows = db.session.execute(
        _reps_searches(SearchLog.normalized_query, SearchLog.user_id, SearchLog.created_at)
        .where(SearchLog.normalized_query.in_(keys),
               SearchLog.created_at >= min(row.created_at for row, _keys in dismissed))).all()
    return [len({user for normalized, user, at in rows
                 if normalized in spellings and at >= row.created_at})
            for row, spellings in dismissed]


def search_gaps(period: Period, limit: int = LIST_LIMIT, *, now: datetime | None = None,
                aside: dict[str, GapSetAside] | None = None) -> Gaps:
    """Reps' searches in the period that found nothing or that nobody opened a result of,
    grouped by meaning, typos folded in, most frequent first; with any draft already started
    for them and what was left out."""
    now = now or datetime.now(UTC)
    left_out = {"not_searches": 0, "misspellings": 0}
    plausible = []
    for group in _groups(period):
        if not_a_search(group.example) is None:
            plausible.append(group)
        else:
            left_out["not_searches"] += group.gap_searches
    clusters = [c for c in _fold(plausible, left_out) if _total(c, "gap_searches")]
    aside = _set_aside_now(now) if aside is None else aside
    held = {id(c): next(aside[k] for k in c.keys if k in aside)
            for c in clusters if any(k in aside for k in c.keys)}
    dismissed = [c for c in clusters if id(c) in held and held[id(c)].until is None]
    back = {id(c) for c, reps in zip(dismissed, _searched_again(
        [(held[id(c)], c.keys) for c in dismissed]), strict=True) if reps >= RETURN_AFTER_REPS}
    shown = [c for c in clusters if id(c) not in held or id(c) in back]
    hidden = [(c, held[id(c)]) for c in clusters if id(c) in held and id(c) not in back]
    shown.sort(key=lambda c: (-_total(c, "gap_searches"), -_total(c, "found_nothing"),
                              c.normalized))
    gaps = [_gap(cluster) for cluster in shown[:limit]]
    _people(gaps, period)
    _drafts(gaps)
    return Gaps(gaps, len(shown), sum(_total(c, "gap_searches") for c in shown), left_out,
                _set_aside_list(hidden), aside)


def _total(cluster: _Group, name: str) -> int:
    return getattr(cluster, name) + sum(getattr(m, name) for m in cluster.members)


def _gap(cluster: _Group) -> dict:
    groups = [cluster, *cluster.members]
    also = [m.example for m in cluster.members if m.gap_searches]
    return {"normalized_query": cluster.normalized, "example": cluster.example,
            "searches": _total(cluster, "gap_searches"),
            "no_results": _total(cluster, "found_nothing"),
            "no_clicks": _total(cluster, "not_opened"), "people": 0,
            "last_searched_at": max(g.last_at for g in groups if g.gap_searches),
            "title": gap_title(cluster.example), "kind": guess_kind(cluster.example),
            "also_searched_as": also[:5], "draft": None,
            "_keys": [g.normalized for g in groups if g.gap_searches]}


def _people(gaps: list[dict], period: Period) -> None:
    """Different reps behind each gap, across its spellings (one query for all of them)."""
    owner = {key: gap for gap in gaps for key in gap.pop("_keys")}
    if not owner:
        return
    people: dict[str, set[int]] = {}
    for normalized, user_id in db.session.execute(
            _reps_searches(SearchLog.normalized_query, SearchLog.user_id).distinct()
            .where(SearchLog.normalized_query.in_(owner),
                   in_period(SearchLog.created_at, period),
                   (SearchLog.result_count == 0) | SearchLog.clicked_doc.is_(None))):
        people.setdefault(owner[normalized]["normalized_query"], set()).add(user_id)
    for gap in gaps:
        gap["people"] = len(people.get(gap["normalized_query"], ()))


def _drafts(gaps: list[dict]) -> None:
    if not gaps:
        return
    drafts = db.session.execute(
        select(Asset.id, Asset.title).where(
            Asset.status == AssetStatus.DRAFT.value,
            func.lower(Asset.title).in_({g["title"].lower() for g in gaps}))
    ).all()
    by_title = {title.lower(): asset_id for asset_id, title in drafts}
    for gap in gaps:
        gap["draft"] = by_title.get(gap["title"].lower())


def _set_aside_list(hidden: list[tuple[_Group, GapSetAside]]) -> list[dict]:
    """The gaps hidden now because marketing set them aside, to bring back."""
    return [{"normalized_query": row.normalized_query, "example": cluster.example,
             "searches": _total(cluster, "gap_searches"),
             "state": "dismissed" if row.until is None else "snoozed",
             "until": row.until, "by": row.by.name if row.by else None, "at": row.created_at}
            for cluster, row in hidden]


# ---------------------------------------------------------------- setting a gap aside


def set_aside(actor: User, normalized_query: str, how: str, *,
              now: datetime | None = None) -> GapSetAside:
    """Dismiss a gap (it comes back only if reps search it again) or snooze it for 30 days."""
    if not actor.has_role(Role.MARKETING):
        raise Forbidden("Only marketing sets content gaps aside.")
    if how not in ("dismiss", "snooze"):
        raise ValidationError("Dismiss or snooze?", {"how": "Choose dismiss or snooze."})
    normalized = _known_query(normalized_query)
    now = now or datetime.now(UTC)
    row = db.session.scalar(select(GapSetAside).where(
        GapSetAside.normalized_query == normalized))
    if row is None:
        row = GapSetAside(normalized_query=normalized)
        db.session.add(row)
    row.until = now + timedelta(days=SNOOZE_DAYS) if how == "snooze" else None
    row.created_at = now
    row.by_id = actor.id
    db.session.flush()
    return row


def bring_back(actor: User, normalized_query: str) -> None:
    """Show a dismissed or snoozed gap again."""
    if not actor.has_role(Role.MARKETING):
        raise Forbidden("Only marketing sets content gaps aside.")
    row = db.session.scalar(select(GapSetAside).where(
        GapSetAside.normalized_query == (normalized_query or "").strip()))
    if row is None:
        raise ValidationError("That gap isn't set aside.",
                              {"query": "That gap isn't dismissed or snoozed."})
    db.session.delete(row)
    db.session.flush()


def _known_query(normalized_query: str) -> str:
    normalized = (normalized_query or "").strip()
    if not normalized or len(normalized) > 400 or db.session.scalar(
            select(SearchLog.id).where(SearchLog.normalized_query == normalized).limit(1)) is None:
        raise ValidationError("Which gap?", {"query": "Choose a search from the list."})
    return normalized


# ---------------------------------------------------------------- a draft from a gap


def gap_title(example: str) -> str:
    """The title a draft started from a search gets: what was typed, capitalised."""
    text = " ".join(example.split())[:TITLE_MAX]
    return text[:1].upper() + text[1:]


# Words that suggest a kind without naming it, kinds in the order they are tried; the words that
# name one ("case studies", "battle card") are read as search reads them (understanding.py).
KIND_HINTS = {
    "case_study": ("customer story", "success story"),
    "email_template": ("email", "template", "e-mail"),
    "testimonial": ("quote", "reference"),
    "white_paper": ("guide", "report"),
    "sales_aid": ("competitor", "vs"),
}


def guess_kind(text: str) -> str | None:
    """The kind a search most likely asked for, to preselect when starting a draft."""
    named = understanding.kinds_named(text)
    words = f" {' '.join(text.lower().split())} "
    return next((kind for kind, hints in KIND_HINTS.items()
                 if kind in named or any(f" {hint} " in words for hint in hints)), None)


def start_draft_from_gap(actor: User, example: str, kind: str | None = None) -> Asset:
    """A draft titled after a search that found nothing; open requests made from the same search
    are linked to it and marked planned. A gap that already has a draft keeps it."""
    title = gap_title(example or "")
    if not title:
        raise ValidationError("Which search?", {"query": "The search text is missing."})
    existing = db.session.scalar(select(Asset).where(
        Asset.status == AssetStatus.DRAFT.value, func.lower(Asset.title) == title.lower()))
    if existing is not None:
        return existing
    asset = asset_services.create_asset(actor, _known_kind(kind), {"title": title})
    normalized = normalise_query(example)
    waiting = db.session.scalars(select(ContentRequest).where(
        ContentRequest.status == RequestStatus.OPEN.value, ContentRequest.asset_id.is_(None),
        ContentRequest.search_query.is_not(None))).all()
    for request in waiting:
        if normalise_query(request.search_query) == normalized:
            content_requests.link_asset(actor, request, asset.id)
    db.session.flush()
    return asset


def _known_kind(kind: str | None) -> str:
    if kind in KINDS:
        return kind
    if not kind:
        return next(iter(KINDS))
    raise ValidationError("Unknown kind.", {"kind": f"Choose one of {', '.join(KINDS)}."})
