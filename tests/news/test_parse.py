"""Parsing feed bytes: sanitised HTML, plain titles, UTC dates, keys, and bad feeds explained."""

from __future__ import annotations

import codecs
from datetime import UTC, datetime, timedelta

import pytest

from enablement.news.parse import (
    CONTENT_MAX,
    SUMMARY_MAX,
    canonical_link,
    choose_key_kind,
    key_for,
    parse_feed,
    plain_text,
    sanitise_feed_html,
)
from tests.news.support import FEEDS, numbered_items, rss, rss_item

NOW = datetime(2025, 6, 12, 12, 0, tzinfo=UTC)
BASE = "https://feeds.example/x/feed.xml"
RSS_HEADERS = {"Content-Type": "application/rss+xml; charset=utf-8"}


def parse(body: bytes, headers=None, **kwargs):
    return parse_feed(body, RSS_HEADERS if headers is None else headers, BASE, NOW, **kwargs)


# ---------------------------------------------------------------- hostile HTML


def test_hostile_html_is_sanitised_before_it_is_stored():
    entry = parse((FEEDS / "hostile.xml").read_bytes()).entries[0]
    stored = (entry.summary + entry.content).lower()
    for forbidden in ("<script", "onclick", "onerror", "javascript:", "<iframe", "<form",
                      "<input", "<button", "<svg", "<style", "style=", "<object", "<math",
                      "document.cookie", "alert(", "<!--", "<h2", "<div"):
        assert forbidden not in stored, forbidden
    assert '<a href="https://good.example/read" rel="noopener noreferrer nofollow">' in \
        entry.summary
    assert 'target=' not in entry.summary
    assert '<img alt="site photo" src="https://img.example/a.png">' in entry.summary
    assert "<h3>Heading three</h3>" in entry.summary
    # Relative links were resolved against the feed's address, never left pointing into the hub.
    assert 'href="https://feeds.example/relative/path"' in entry.summary
    assert 'href="mailto:press@hostile.example"' in entry.content


def test_titles_and_authors_are_plain_text():
    entry = parse((FEEDS / "hostile.xml").read_bytes()).entries[0]
    assert entry.title == "Contractor wins & loses"
    atom = parse((FEEDS / "atom.xml").read_bytes(), {"content-type": "application/atom+xml"})
    assert atom.entries[0].author == "Dana <Reporter>"  # escaped when shown, never markup


@pytest.mark.parametrize(("markup", "expected"), [
    ('<p onmouseover="x()">Hi</p>', "<p>Hi</p>"),
    ('<a href="javascript:alert(1)">x</a>', '<a rel="noopener noreferrer nofollow">x</a>'),
    ('<a href="data:text/html,hi">x</a>', '<a rel="noopener noreferrer nofollow">x</a>'),
    ('<a href="/admin">x</a>', '<a rel="noopener noreferrer nofollow">x</a>'),
    ('<img src="x" onerror="alert(1)">', "<img>"),
    ("<script>alert(1)</script>ok", "ok"),
    ("<style>p{}</style>ok", "ok"),
    ("<form><input><button>Go</button></form>ok", "ok"),
    ('<iframe src="https://e.example"></iframe>ok', "ok"),
    ("<svg><script>alert(1)</script></svg>ok", "ok"),
    ("<table><tr><td>cell</td></tr></table>", "cell"),
    ("<h1>Big</h1><h4>small</h4>", "Big<h4>small</h4>"),
    ("<b>a</b><strong>b</strong><i>c</i><em>d</em><code>e</code><pre>f</pre>",
     "<b>a</b><strong>b</strong><i>c</i><em>d</em><code>e</code><pre>f</pre>"),
    ("<ul><li>one</li></ul><ol><li>two</li></ol><blockquote>q</blockquote><br>",
     "<ul><li>one</li></ul><ol><li>two</li></ol><blockquote>q</blockquote><br>"),
])
def test_the_allowlist(markup, expected):
    assert sanitise_feed_html(markup) == expected


def test_summary_and_content_are_capped_and_stay_well_formed():
    long_summary = "<p>" + "<b>word</b> " * 5000 + "</p>"
    long_content = "<p>" + "x" * (CONTENT_MAX + 5000) + "</p>"
    body = rss(rss_item("Long", guid="long", description=long_summary,
                        raw=f"<content:encoded><![CDATA[{long_content}]]></content:encoded>"),
               extra="").replace(b'<rss version="2.0">', b'<rss version="2.0" xmlns:content='
                                 b'"http://purl.org/rss/1.0/modules/content/">')
    entry = parse(body).entries[0]
    assert len(entry.summary) <= SUMMARY_MAX
    assert len(entry.content) <= CONTENT_MAX
    assert entry.summary.endswith("</p>") and entry.summary.count("<b>") == \
        entry.summary.count("</b>")


def test_plain_text_keeps_words_apart():
    assert plain_text("<p>one</p><p>two</p><script>no</script>&amp; three") == "one two & three"


# ---------------------------------------------------------------- links and keys


@pytest.mark.parametrize(("link", "canonical"), [
    ("HTTPS://News.Example/Story?id=1&utm_source=rss&utm_medium=x#top",
     "https://news.example/Story?id=1"),
    ("http://news.example:80/a?fbclid=1&gclid=2&b=3", "http://news.example/a?b=3"),
    ("https://news.example:8443/a", "https://news.example:8443/a"),
    ("/relative/story", "https://feeds.example/relative/story"),
    ("javascript:alert(1)", ""),
    ("ftp://news.example/file", ""),
    ("https://user:pw@news.example/", ""),
    ("http://[::1", ""),
    ("", ""),
])
def test_canonical_links(link, canonical):
    assert canonical_link(link, BASE) == canonical


def test_entries_without_guid_link_or_date_still_get_stable_keys():
    body = rss(rss_item("Only a title", description="Some words"),
               rss_item("Another title"),
               rss_item(None, link="https://news.example/only-link"),
               rss_item(None, description="<p>Only content, no title or link</p>"),
               rss_item(None))  # nothing at all: skipped
    parsed = parse(body)
    assert parsed.skipped == 1
    titles = [e.title for e in parsed.entries]
    assert titles == ["Only a title", "Another title", "https://news.example/only-link",
                      "Only content, no title or link"]
    assert all(e.published is None and e.guid == "" for e in parsed.entries)
    keys = [key_for(e.keys, "guid") for e in parsed.entries]
    assert keys == [key_for(e.keys, "guid") for e in parse(body).entries]  # stable
    assert len(set(keys)) == 4
    assert keys[2].startswith("link:") and keys[0].startswith("hash:")


def test_feeds_with_unreliable_guids_move_to_the_next_kind_of_key():
    good = parse(rss(*numbered_items(40, now=NOW))).entries
    assert choose_key_kind(good) == "guid"
    # One repeated guid in 40 (2.5 %) is tolerated; the repeat is then a duplicate.
    one_repeat = parse(rss(*numbered_items(39, now=NOW),
                           rss_item("Again", guid="story-0", link="https://news.example/z"))).entries
    assert choose_key_kind(one_repeat) == "guid"
    # The same guid on every entry (a feed bug seen in the wild): use links instead.
    same = [rss_item(f"Story {i}", guid="same", link=f"https://news.example/{i}")
            for i in range(10)]
    assert choose_key_kind(parse(rss(*same)).entries) == "link"
    # Same guid and same link on every entry: link+date+title.
    same_link = [rss_item(f"Story {i}", guid="same", link="https://news.example/",
                          date=NOW - timedelta(hours=i)) for i in range(10)]
    assert choose_key_kind(parse(rss(*same_link)).entries) == "linkdate"
    # Never back: once on links, a feed stays on links.
    assert choose_key_kind(good, "link") == "link"
    assert choose_key_kind([], "hash") == "hash"


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize(("date", "believed"), [
    (NOW - timedelta(days=2), True),
    (NOW + timedelta(minutes=30), True),  # clocks differ a little
    (NOW + timedelta(hours=2), False),  # in the future: first sight instead
    (datetime(1989, 12, 31, tzinfo=UTC), False),  # before 1990: a placeholder date
])
def test_dates_are_utc_and_only_believed_when_plausible(date, believed):
    entry = parse(rss(rss_item("Dated", guid="d", date=date))).entries[0]
    assert entry.source_date == date.replace(microsecond=0)
    assert entry.published == (date.replace(microsecond=0) if believed else None)


def test_time_zones_are_converted_to_utc():
    entry = parse((FEEDS / "atom.xml").read_bytes(), {"content-type": "application/atom+xml"}) \
        .entries[0]
    assert entry.published == datetime(2025, 6, 10, 6, 0, tzinfo=UTC)
    assert entry.url == "https://feeds.example/x/stories/hipaa-training"
    assert entry.categories == ["Compliance"]
    assert "<p>The full story.</p>" in entry.content


# ---------------------------------------------------------------- bad feeds


def test_malformed_xml_with_entries_is_read_with_a_warning():
    parsed = parse((FEEDS / "malformed-with-entries.xml").read_bytes())
    assert parsed.error is None
    assert parsed.warning.startswith("the feed has errors but could be read")
    assert [e.title for e in parsed.entries] == ["Freight rates climb & carriers cheer",
                                                 "Second story about cold storage"]


@pytest.mark.parametrize(("body", "error"), [
    ((FEEDS / "not-a-feed.html").read_bytes(), "not a readable RSS or Atom feed"),
    (b"", "empty body"),
    (b"   \n", "empty body"),
    (b"\x89PNG\r\n\x1a\n\x00\x00binary", "not a readable RSS or Atom feed"),
    (b'<?xml version="1.0"?><rss version="2.0"><channel><title>Cut off', "not a readable"),
])
def test_bodies_that_are_not_feeds_are_errors(body, error):
    parsed = parse(body, {"content-type": "text/html"})
    assert error in parsed.error
    assert parsed.entries == []


def test_an_empty_valid_feed_is_a_success():
    parsed = parse((FEEDS / "empty.xml").read_bytes())
    assert (parsed.error, parsed.warning, parsed.entries) == (None, None, [])
    assert parsed.ttl == 3 * 3600


def test_a_wrongly_declared_encoding_is_recovered():
    parsed = parse((FEEDS / "declared-utf8-but-latin1.xml").read_bytes())
    assert parsed.error is None
    assert "windows-1252" in parsed.warning
    assert parsed.entries[0].title == "Café contractor naïve résumé"
    assert "Crème brûlée" in parsed.entries[0].summary


@pytest.mark.parametrize(("encoding", "header"), [
    ("utf-16", "application/rss+xml"),
    ("iso-8859-1", "application/rss+xml; charset=iso-8859-1"),
    ("windows-1252", "text/xml"),
    ("utf-8", "application/rss+xml; charset=iso-8859-1"),  # the header lies, the XML doesn't
])
def test_other_encodings(encoding, header):
    body = rss(rss_item("Grüße from the café", guid="enc"), encoding=encoding)
    if encoding == "utf-16":
        assert body.startswith(codecs.BOM_UTF16_LE) or body.startswith(codecs.BOM_UTF16_BE)
    parsed = parse(body, {"content-type": header})
    assert parsed.error is None
    assert parsed.entries[0].title in ("Grüße from the café", "GrÃ¼Ãe from the cafÃ©")


def test_response_headers_reach_feedparser_with_lower_case_keys():
    # With `Content-Type` (capitalised) feedparser 6.0 flags this valid feed as malformed.
    parsed = parse(rss(rss_item("Fine", guid="f")), {"Content-Type": "application/rss+xml"})
    assert parsed.warning is None


def test_at_most_max_entries_newest_first():
    items = numbered_items(30, now=NOW)
    parsed = parse(rss(*reversed(items)), max_entries=10)
    assert [e.guid for e in parsed.entries] == [f"story-{i}" for i in range(10)]
