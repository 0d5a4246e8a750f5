"""From the bytes of a feed to clean entries: plain-text titles, sanitised HTML, UTC dates, keys.

Parsing never touches the network or the database, so it is tested on bytes.
"""

from __future__ import annotations

import calendar
import hashlib
import html
import io
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import feedparser
import nh3

MAX_ENTRIES = 200
TITLE_MAX = 500
AUTHOR_MAX = 200
SUMMARY_MAX = 20_000
CONTENT_MAX = 200_000
CATEGORY_MAX = 100
CATEGORIES_MAX = 20
GUID_MAX = 1000
URL_MAX = 2000
EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)
FUTURE_SLACK = timedelta(hours=1)

# The allowlist of POLLER.md: feedparser's sanitiser still lets forms, SVG and styles through.
FEED_TAGS = {"a", "p", "br", "ul", "ol", "li", "b", "strong", "i", "em", "blockquote", "code",
             "pre", "h3", "h4", "img"}
FEED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt"}}
URL_SCHEMES = {"http", "https", "mailto"}
# Dropped with everything inside them, not just unwrapped: their text is never content.
DROP_WITH_CONTENT = {"script", "style", "iframe", "form", "svg", "math", "noscript", "template",
                     "object", "embed", "select", "textarea", "button", "title", "head"}
BLOCK_TAGS = {"p", "br", "li", "ul", "ol", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6",
              "div", "section", "article", "td", "th", "tr", "table", "hr", "dd", "dt"}
TRACKING_PARAMS = ("fbclid", "gclid")
KEY_KINDS = ("guid", "link", "linkdate", "hash")
KEY_SWITCH_SHARE = 0.05  # more blank or repeated keys than this: use the next kind of key

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TAG = re.compile(r"<[^>]*>")


def _absolute_only(tag: str, attribute: str, value: str) -> str | None:
    """Links and images must be absolute: a relative one would point into the hub."""
    if attribute in ("href", "src"):
        scheme = urlsplit(value.strip()).scheme.lower()
        return value if scheme in URL_SCHEMES else None
    return value


def sanitise_feed_html(markup: str | None, limit: int | None = None, *,
                       images: bool = True) -> str:
    """Feed HTML reduced to the allowlist; safe to store and to show.

    `images=False` drops images too: the hub's pages only load images from the hub itself
    (Content-Security-Policy), so a story's pictures would show as broken icons there.
    """
    if not markup:
        return ""
    cleaned = nh3.clean(
        _CONTROL.sub("", markup), tags=FEED_TAGS if images else FEED_TAGS - {"img"},
        clean_content_tags=DROP_WITH_CONTENT, attributes=FEED_ATTRIBUTES,
        url_schemes=URL_SCHEMES, attribute_filter=_absolute_only,
        link_rel="noopener noreferrer nofollow", strip_comments=True,
    ).strip()
    if limit is not None and len(cleaned) > limit:
        # Cut, then clean again so the cut can't leave a tag open or half a tag behind.
        cleaned = nh3.clean(cleaned[:limit].rsplit("<", 1)[0], tags=FEED_TAGS,
                            attributes=FEED_ATTRIBUTES, url_schemes=URL_SCHEMES,
                            link_rel="noopener noreferrer nofollow").strip()
    return cleaned


def plain_text(markup: str | None, limit: int | None = None, *, sanitised: bool = False) -> str:
    """The words of some HTML (or text), one line, without tags.

    `sanitised`: the HTML already went through `sanitise_feed_html` (no scripts or styles whose
    text would count as words), so the tags can simply be dropped.
    """
    if not markup:
        return ""
    text = markup
    if not sanitised:
        # Keep block tags for a moment so their edges become spaces ("<p>a</p><p>b</p>" → "a b").
        text = nh3.clean(_CONTROL.sub("", markup), tags=BLOCK_TAGS, attributes={},
                         clean_content_tags=DROP_WITH_CONTENT)
    text = " ".join(html.unescape(_TAG.sub(" ", text)).split())
    return text[:limit] if limit else text


def canonical_link(link: str | None, base: str = "") -> str:
    """An http(s) link without fragment and tracking parameters, or "" for anything else."""
    if not link:
        return ""
    link = _CONTROL.sub("", link).strip()
    try:
        parts = urlsplit(urljoin(base, link) if base else link)
        port = parts.port
    except ValueError:
        return ""
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return ""
    host = parts.hostname.lower()
    if ":" in host:
        host = f"[{host}]"
    if port and not (scheme == "http" and port == 80 or scheme == "https" and port == 443):
        host = f"{host}:{port}"
    if parts.username or parts.password:
        return ""
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not k.lower().startswith("utm_") and k.lower() not in TRACKING_PARAMS]
    url = urlunsplit((scheme, host, parts.path or "/", urlencode(query, doseq=True), ""))
    return url if len(url) <= URL_MAX else ""


def _sha(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()


def key_values(*, guid: str, url: str, title: str, date_key: str,
               summary: str) -> dict[str, str | None]:
    """What identifies an entry, by kind of key, from its normalised fields (stored ones too)."""
    return {
        "guid": guid or None,
        "link": url or None,
        "linkdate": f"{url}\n{date_key}\n{title}" if url else None,
        "hash": f"{title}\n{date_key}\n{summary}",
    }


def make_key(kind: str, value: str) -> str:
    return f"{kind}:{_sha(value)[:40]}"


def key_for(values: dict[str, str | None], kind: str) -> str:
    """The entry's key by `kind`, falling back to the next kinds when that one is blank."""
    for candidate in KEY_KINDS[KEY_KINDS.index(kind):]:
        if values.get(candidate):
            return make_key(candidate, values[candidate])
    return make_key("hash", values["hash"] or "")


def all_keys(values: dict[str, str | None]) -> list[str]:
    """The entry's key under every kind (tombstones keep them all)."""
    return [make_key(kind, value) for kind, value in values.items() if value]


def choose_key_kind(entries: list[Entry], current: str = "guid") -> str:
    """The kind of key this feed should use: the first, from `current` on, that is reliable.

    A kind is unreliable when more than 5 % of a fetch's entries have it blank or repeated
    (FreshRSS's rule). Feeds only ever move to a later kind, never back.
    """
    if not entries:
        return current
    for kind in KEY_KINDS[KEY_KINDS.index(current):]:
        seen: set[str] = set()
        bad = 0
        for entry in entries:
            value = entry.keys.get(kind)
            if not value or value in seen:
                bad += 1
            elif value:
                seen.add(value)
        if bad / len(entries) <= KEY_SWITCH_SHARE:
            return kind
    return "hash"


@dataclass
class Entry:
    guid: str
    url: str
    title: str
    author: str
    summary: str
    content: str
    categories: list[str]
    source_date: datetime | None  # the feed's date, whatever it says
    published: datetime | None  # the feed's date if believable, else None (use first sight)
    keys: dict[str, str | None] = field(default_factory=dict)
    content_hash: str = ""


@dataclass
class ParsedFeed:
    entries: list[Entry] = field(default_factory=list)
    title: str = ""
    ttl: int | None = None  # seconds
    warning: str | None = None
    error: str | None = None
    skipped: int = 0  # entries without title, link and content


def _plain(value, limit: int) -> str:
    return " ".join(_CONTROL.sub("", str(value or "")).split())[:limit]


def _title(entry) -> str:
    detail = entry.get("title_detail") or {}
    title = entry.get("title") or ""
    if "html" in (detail.get("type") or ""):
        return plain_text(title, TITLE_MAX)
    return _plain(title, TITLE_MAX)


def _date(entry) -> datetime | None:
    for name in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(name)
        if parsed:
            try:
                return datetime.fromtimestamp(calendar.timegm(parsed), UTC)
            except (OverflowError, ValueError, OSError):
                return None
    return None


def believable(date: datetime | None, now: datetime) -> datetime | None:
    """The date, unless it is missing, before 1990 or more than an hour in the future."""
    if date is None or date < EARLIEST or date > now + FUTURE_SLACK:
        return None
    return date


def _content(entry) -> str:
    best = ""
    for part in entry.get("content") or []:
        value = part.get("value") or ""
        if "html" in (part.get("type") or "text/html") and len(value) > len(best):
            best = value
        elif not best:
            best = html.escape(value)
    return best


def normalise_entry(entry, base: str, now: datetime) -> Entry | None:
    """One feedparser entry, cleaned; None when it has no title, no link and no content."""
    url = canonical_link(entry.get("link"), base)
    title = _title(entry)
    summary = sanitise_feed_html(entry.get("summary"), SUMMARY_MAX)
    content = sanitise_feed_html(_content(entry), CONTENT_MAX)
    if content == summary:
        content = ""
    if not title and not url and not plain_text(summary or content, sanitised=True):
        return None
    if not title:
        title = plain_text(summary or content, 120, sanitised=True) or url[:TITLE_MAX]
    categories = []
    for tag in entry.get("tags") or []:
        term = _plain(tag.get("term") or tag.get("label"), CATEGORY_MAX)
        if term and term not in categories:
            categories.append(term)
    source_date = _date(entry)
    guid = _plain(entry.get("id"), GUID_MAX)
    date_key = source_date.isoformat() if source_date else ""
    values = key_values(guid=guid, url=url, title=title, date_key=date_key, summary=summary)
    return Entry(
        guid=guid, url=url, title=title, author=_plain(entry.get("author"), AUTHOR_MAX),
        summary=summary, content=content, categories=categories[:CATEGORIES_MAX],
        source_date=source_date, published=believable(source_date, now), keys=values,
        content_hash=content_hash(title, url, summary, content, categories),
    )


def content_hash(title: str, url: str, summary: str, content: str, categories) -> str:
    """What an edit changes (dates left out: a re-dated item is not an edit)."""
    return _sha("\x00".join([title, url, summary, content, "\x01".join(categories)]))


def _ttl(parsed) -> int | None:
    try:
        minutes = int(str(parsed.feed.get("ttl", "")).strip())
    except ValueError:
        return None
    return minutes * 60 if minutes > 0 else None


def parse_feed(body: bytes, headers: dict[str, str] | None = None, url: str = "",
               now: datetime | None = None, max_entries: int = MAX_ENTRIES) -> ParsedFeed:
    """The entries of a feed body; errors and warnings in words an admin understands."""
    now = now or datetime.now(UTC)
    headers = {k.lower(): v for k, v in (headers or {}).items()}
    # Lower-case keys: with `Content-Type`, feedparser 6.0 flags valid feeds as malformed.
    response_headers = {k: headers[k] for k in ("content-type", "content-language")
                        if headers.get(k)}
    if url:
        response_headers["content-location"] = url
    if not body or not body.strip():
        return ParsedFeed(error="the server sent an empty body, not a feed")
    parsed = feedparser.parse(io.BytesIO(body), response_headers=response_headers)
    problem = parsed.get("bozo_exception")
    problem_text = " ".join(str(problem).split())[:300] if problem else ""
    if not parsed.entries and (not parsed.get("version") or parsed.bozo and not parsed.feed):
        what = f": {problem_text}" if problem_text else ""
        return ParsedFeed(error=f"not a readable RSS or Atom feed{what}")
    result = ParsedFeed(title=_plain(parsed.feed.get("title"), 200), ttl=_ttl(parsed))
    if parsed.bozo:
        result.warning = f"the feed has errors but could be read: {problem_text}"
    raw_entries = list(parsed.entries)
    if len(raw_entries) > max_entries:
        # Newest first; undated entries keep their place at the top, where feeds put new ones.
        raw_entries.sort(key=lambda e: -(calendar.timegm(_date(e).timetuple())
                                         if _date(e) else float("inf")))
        raw_entries = raw_entries[:max_entries]
    for raw in raw_entries:
        entry = normalise_entry(raw, url, now)
        if entry is None:
            result.skipped += 1
        else:
            result.entries.append(entry)
    return result
