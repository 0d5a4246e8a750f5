"""feeds.yml for news: markets with compiled queries, feeds, suppress; errors with their line."""

from __future__ import annotations

import os
import textwrap

import pytest

from enablement.news.config import (
    ConfigError,
    NewsConfigRegistry,
    news_config,
    parse_config,
    parse_interval,
)
from tests.news import support

# Fixtures shared by the news tests (a real feed server, an app with tiny deadlines).
feeds_file = support.feeds_file
news_app = support.news_app

GOOD = textwrap.dedent("""\
    markets:
      construction:
        name: Construction
        query: 'construction OR OSHA'
      healthcare:
        name: Healthcare
    suppress: 'title:webinar'
    feeds:
      - id: construction-dive
        name: Construction Dive
        url: https://www.constructiondive.com/feeds/news/
        markets: [construction]
        interval: 2h
      - id: osha
        name: OSHA
        url: https://www.osha.gov/news/newsreleases.xml
    """)


def test_a_good_file_gives_markets_feeds_and_suppress():
    config = parse_config(GOOD)
    assert list(config.markets) == ["construction", "healthcare"]
    assert config.markets["construction"].query is not None
    assert config.markets["healthcare"].query is None  # tagged only through feeds
    assert config.suppress is not None
    assert list(config.feeds) == ["construction-dive", "osha"]
    dive = config.feeds["construction-dive"]
    assert (dive.name, dive.markets, dive.interval, dive.line) == \
        ("Construction Dive", ("construction",), 7200, 9)
    assert config.feeds["osha"].interval is None
    assert config.warnings == []


def _with(old: str, new: str) -> str:
    assert old in GOOD
    return GOOD.replace(old, new)


@pytest.mark.parametrize(("text", "message"), [
    (_with("'construction OR OSHA'", "'construction OR (OSHA'"),
     "line 4: market `construction`: the query this `(` is never closed (at character 17)"),
    (_with("'title:webinar'", "'title:webinar OR'"),
     "line 7: `suppress`: the query `OR` needs a term on both sides"),
    (_with("suppress: 'title:webinar'", "suppress: [a, b]"), "line 7: `suppress` is one query"),
    (_with("  - id: osha\n", "  - id: OSHA\n"), "line 14: feed id `OSHA`"),
    (_with("    name: OSHA\n", ""), "line 14: feed `osha` needs a `name`"),
    (_with("url: https://www.osha.gov/news/newsreleases.xml", "url: ftp://osha.gov/x"),
     "line 16: feed `osha`: `url` must be an http(s) address"),
    (_with("markets: [construction]", "markets: [construction, mining]"),
     "line 12: feed `construction-dive`: unknown market `mining`"),
    (_with("interval: 2h", "interval: often"),
     "line 13: feed `construction-dive`: interval `often` is not like 30m"),
    (_with("interval: 2h", "interval: 2h\n    intervall: 3h"),
     "line 9: unknown feed setting `intervall`"),
    (_with("  - id: osha\n", "  - id: construction-dive\n"),
     "line 14: feed id `construction-dive` is used twice (first on line 9)"),
    ("markets:\n  retail:\n    name: Retail\nfeeds: nope\n",
     "line 4: `feeds` is a list of feeds"),
    (_with("  construction:\n", "  Construction:\n"), "line 2: market `Construction`: slugs"),
    (_with("    name: Healthcare\n", "    name: [Healthcare\n"),
     "line 7: expected ',' or ']'"),
    ("feeds: []\n", "needs a `markets:` section"),
])
def test_errors_name_the_line_and_what_is_wrong(text, message):
    with pytest.raises(ConfigError) as caught:
        parse_config(text)
    assert message in str(caught.value)


def test_intervals_are_clamped_to_15_minutes_to_a_day_with_a_warning():
    config = parse_config(_with("interval: 2h", "interval: 5m"))
    assert config.feeds["construction-dive"].interval == 15 * 60
    assert config.warnings == [
        "line 13: feed `construction-dive`: interval `5m` is outside 15m–24h; using 15m"]
    assert parse_config(_with("interval: 2h", "interval: 3d")).feeds[
        "construction-dive"].interval == 24 * 3600


@pytest.mark.parametrize(("value", "seconds"), [
    ("60m", 3600), ("2h", 7200), ("1d", 86400), ("90s", 90), ("45", 2700), (30, 1800),
    ("1.5h", 5400), ("30 min", 1800),
])
def test_interval_units(value, seconds):
    assert parse_interval(value) == seconds


@pytest.mark.parametrize("value", ["soon", "2w", "", True, "-5m"])
def test_bad_intervals(value):
    with pytest.raises(ValueError):
        parse_interval(value)


def test_unknown_sections_and_shared_urls_are_warnings():
    text = GOOD.replace("url: https://www.osha.gov/news/newsreleases.xml",
                        "url: https://www.constructiondive.com/feeds/news/") + "colour: blue\n"
    config = parse_config(text)
    assert "line 17: unknown section `colour` is ignored" in config.warnings
    assert "line 14: feed `osha` has the same url as `construction-dive`" in config.warnings


def test_a_file_without_feeds_is_valid():
    config = parse_config("markets:\n  retail:\n    name: Retail\n    query: grocer*\n")
    assert config.feeds == {} and config.suppress is None


# ---------------------------------------------------------------- the registry


def _write(path, text, mtime):
    path.write_text(text, encoding="utf-8")
    os.utime(path, (mtime, mtime))


def test_a_broken_edit_keeps_the_previous_configuration(news_app, tmp_path):
    path = tmp_path / "edited.yml"
    _write(path, GOOD, 1_000_000)
    registry = NewsConfigRegistry(str(path), str(tmp_path / "backup.yml"))
    assert list(registry.get().feeds) == ["construction-dive", "osha"]
    _write(path, _with("'construction OR OSHA'", "'construction OR'"), 1_000_100)
    config = registry.get()
    assert list(config.feeds) == ["construction-dive", "osha"]
    assert "line 4" in registry.error and "previous good version stays in force" in registry.error
    _write(path, GOOD.replace("  - id: osha\n", "  - id: osha-news\n"), 1_000_200)
    assert "osha-news" in registry.get().feeds
    assert registry.error is None


def test_the_last_good_version_survives_a_restart(news_app, tmp_path):
    path, backup = tmp_path / "edited.yml", tmp_path / "backup.yml"
    _write(path, GOOD, 1_000_000)
    NewsConfigRegistry(str(path), str(backup)).get()
    assert backup.read_text() == GOOD
    _write(path, "markets: [broken\n", 1_000_100)
    restarted = NewsConfigRegistry(str(path), str(backup))
    assert list(restarted.get().feeds) == ["construction-dive", "osha"]
    assert "using the last good version" in restarted.error


def test_no_good_version_ever_gives_none_and_the_reason(news_app, tmp_path):
    registry = NewsConfigRegistry(str(tmp_path / "missing.yml"), str(tmp_path / "backup.yml"))
    assert registry.get() is None
    assert "missing.yml" in registry.error
    assert registry.get() is None  # asked again: same answer, no crash


def test_the_app_reads_feeds_file(news_app, feeds_file):
    feeds_file.write_text(GOOD)
    assert list(news_config().feeds) == ["construction-dive", "osha"]
