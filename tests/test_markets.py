"""Target markets from feeds.yml: parsing, clear errors, and reloading when admins edit the file."""

from __future__ import annotations

import os
import textwrap

import pytest

from enablement.markets import (
    Market,
    MarketRegistry,
    MarketsFileError,
    market_name,
    markets,
    parse_markets,
)

GOOD = textwrap.dedent(
    """\
    markets:
      construction:
        name: Construction
        query: 'construction OR OSHA'
      healthcare:
        name: Healthcare
    feeds: []
    """
)

EDITED = textwrap.dedent(
    """\
    markets:
      logistics:
        name: Logistics
        query: freight
    """
)

BROKEN = textwrap.dedent(
    """\
    markets:
      construction:
        name: Construction
       query: broken indentation
    """
)


# --- parse_markets ----------------------------------------------------------------------


def test_parse_markets_reads_slugs_names_and_queries_in_file_order():
    parsed = parse_markets(GOOD)
    assert list(parsed) == ["construction", "healthcare"]
    assert parsed["construction"] == Market("construction", "Construction", "construction OR OSHA")
    assert parsed["healthcare"] == Market("healthcare", "Healthcare", "")


def test_parse_markets_trims_names_and_accepts_digits_and_dashes():
    parsed = parse_markets("markets:\n  k12-schools:\n    name: '  K-12 schools  '\n")
    assert parsed == {"k12-schools": Market("k12-schools", "K-12 schools", "")}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (BROKEN, r"^line 4: "),
        ("markets:\n  construction:\n    name: \"Construction\n", r"^line \d+: "),
        ("markets: [construction, healthcare\n", r"^line \d+: "),
        ("", "needs a `markets:` section"),
        ("feeds: []\n", "needs a `markets:` section"),
        ("markets:\n", "needs a `markets:` section"),
        ("markets:\n  - construction\n", "needs a `markets:` section"),
        ("- just a list\n", "needs a `markets:` section"),
        ("markets:\n  Construction:\n    name: Construction\n", "market `Construction`: slugs"),
        ("markets:\n  heavy civil:\n    name: Heavy civil\n", "market `heavy civil`: slugs"),
        ("markets:\n  -dash-first:\n    name: Dash\n", "market `-dash-first`: slugs"),
        (f"markets:\n  {'a' * 51}:\n    name: Long\n", "slugs are lower-case"),
        ("markets:\n  construction:\n    query: x\n", "market `construction` needs a `name`"),
        ("markets:\n  construction:\n    name: '   '\n", "market `construction` needs a `name`"),
        ("markets:\n  construction: Construction\n", "market `construction` needs a `name`"),
        ("markets:\n  construction:\n", "market `construction` needs a `name`"),
    ],
    ids=["bad-indent", "unclosed-quote", "unclosed-list", "empty-file", "no-markets",
         "empty-markets", "markets-as-list", "not-a-mapping", "upper-case-slug", "space-in-slug",
         "leading-dash", "slug-too-long", "no-name", "blank-name", "name-not-a-mapping",
         "null-market"],
)
def test_parse_markets_refuses_bad_files_with_a_useful_message(text, message):
    with pytest.raises(MarketsFileError, match=message):
        parse_markets(text)


def test_yaml_syntax_errors_name_the_line_where_the_problem_is():
    text = "markets:\n  construction:\n    name: Construction\n  healthcare:\n    name: [Health\n"
    with pytest.raises(MarketsFileError) as caught:
        parse_markets(text)
    assert str(caught.value).startswith("line 6:")


# --- MarketRegistry: reloads on change, keeps the last good version -----------------------


@pytest.fixture
def feeds_file(tmp_path):
    path = tmp_path / "feeds.yml"
    path.write_text(GOOD, encoding="utf-8")
    os.utime(path, (1_000_000, 1_000_000))
    return path


def rewrite(path, text, mtime):
    """Replace the file's content and give it a distinct modification time."""
    path.write_text(text, encoding="utf-8")
    os.utime(path, (mtime, mtime))


def test_registry_loads_the_file(app, feeds_file):
    registry = MarketRegistry(str(feeds_file))
    assert list(registry.all()) == ["construction", "healthcare"]
    assert registry.error is None


def test_registry_reloads_when_the_file_changes(app, feeds_file):
    registry = MarketRegistry(str(feeds_file))
    assert "construction" in registry.all()
    rewrite(feeds_file, EDITED, 1_000_100)
    assert list(registry.all()) == ["logistics"]
    assert registry.error is None


def test_registry_does_not_reread_an_unchanged_file(app, feeds_file):
    registry = MarketRegistry(str(feeds_file))
    first = registry.all()
    # Same mtime: the content is trusted to be what was read before.
    rewrite(feeds_file, EDITED, 1_000_000)
    assert registry.all() is first


def test_an_invalid_edit_keeps_the_previous_markets_and_explains_why(app, feeds_file, caplog):
    registry = MarketRegistry(str(feeds_file))
    registry.all()
    rewrite(feeds_file, BROKEN, 1_000_100)
    assert list(registry.all()) == ["construction", "healthcare"]
    assert registry.error is not None
    assert str(feeds_file) in registry.error
    assert "line 4" in registry.error
    assert "keeping previous markets" in caplog.text


def test_fixing_the_file_clears_the_error(app, feeds_file):
    registry = MarketRegistry(str(feeds_file))
    registry.all()
    rewrite(feeds_file, "markets:\n  Bad Slug:\n    name: x\n", 1_000_100)
    registry.all()
    assert "Bad Slug" in registry.error
    rewrite(feeds_file, EDITED, 1_000_200)
    assert list(registry.all()) == ["logistics"]
    assert registry.error is None


def test_a_missing_file_keeps_the_previous_markets_and_reports_it(app, feeds_file):
    registry = MarketRegistry(str(feeds_file))
    registry.all()
    feeds_file.unlink()
    assert list(registry.all()) == ["construction", "healthcare"]
    assert str(feeds_file) in registry.error
    assert "No such file" in registry.error


def test_a_restored_file_clears_the_missing_file_error(app, feeds_file):
    registry = MarketRegistry(str(feeds_file))
    registry.all()
    feeds_file.unlink()
    registry.all()
    assert registry.error
    # Restored from a backup that kept its original modification time (cp -p, rsync -t).
    rewrite(feeds_file, GOOD, 1_000_000)
    assert list(registry.all()) == ["construction", "healthcare"]
    assert registry.error is None


def test_a_file_that_never_existed_gives_no_markets_and_an_error(app, tmp_path):
    registry = MarketRegistry(str(tmp_path / "nowhere.yml"))
    assert registry.all() == {}
    assert "nowhere.yml" in registry.error


def test_a_file_invalid_from_the_start_gives_no_markets_and_an_error(app, feeds_file):
    rewrite(feeds_file, BROKEN, 1_000_100)
    registry = MarketRegistry(str(feeds_file))
    assert registry.all() == {}
    assert "line 4" in registry.error


# --- markets() and market_name() inside the app ---------------------------------------------


def test_app_markets_come_from_the_configured_feeds_file(app):
    assert list(markets()) == ["construction", "healthcare", "logistics"]
    assert market_name("healthcare") == "Healthcare"
    assert market_name("retired-market") == "retired-market"


def test_app_follows_a_changed_feeds_file_setting(app, feeds_file):
    assert "logistics" in markets()
    app.config["FEEDS_FILE"] = str(feeds_file)
    assert list(markets()) == ["construction", "healthcare"]
    rewrite(feeds_file, EDITED, 1_000_100)
    assert list(markets()) == ["logistics"]
    assert market_name("logistics") == "Logistics"
