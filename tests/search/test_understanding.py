"""Search understands what reps type: kinds, markets and personas named in a query are filters.

The unit tests read queries against a small table of names; the rest search the demo company
(its 46 assets and 35 news stories, loaded once for the module) as a rep does.
"""

from pathlib import Path

import pytest
from sqlalchemy import select

from enablement.auth import services as auth_services
from enablement.extensions import db
from enablement.models import Asset, AssetStatus, NewsItem, SearchLog
from enablement.search import service
from enablement.search.understanding import Names, understand
from tests.conftest import FAST_HASH, PASSWORD, make_app

SHIPPED_FEEDS = Path(__file__).parents[2] / "feeds.yml"
MARKETS = {"healthcare": "Healthcare", "retail": "Retail & Grocery", "hospitality": "Hospitality",
           "logistics": "Logistics & Transportation", "oil-gas": "Oil and Gas"}
NAMES = Names.build(MARKETS, ["CFO", "IT Director", "Operations Director", "Safety Manager",
                             "Dispatcher"])


def read(text, literal=()):
    understood = understand(text, NAMES, literal)
    return understood.text, [(d.facet, d.value, d.aid_type, d.words)
                             for d in understood.detections]


# ------------------------------------------------------------------ reading a query


@pytest.mark.parametrize(("typed", "rest", "found"), [
    ("hospital case study", "hospital", [("kind", "case_study", "", "case study")]),
    ("Case Studies hospital", "hospital", [("kind", "case_study", "", "Case Studies")]),
    ("testimonials", "", [("kind", "testimonial", "", "testimonials")]),
    ("email templates for nurses", "for nurses",
     [("kind", "email_template", "", "email templates")]),
    ("white paper", "", [("kind", "white_paper", "", "white paper")]),
    ("whitepapers", "", [("kind", "white_paper", "", "whitepapers")]),
    ("battle cards", "", [("kind", "sales_aid", "battle_card", "battle cards")]),
    ("one-pager", "", [("kind", "sales_aid", "one_pager", "one pager")]),
    ("one pagers", "", [("kind", "sales_aid", "one_pager", "one pagers")]),
    ("talk track", "", [("kind", "sales_aid", "talk_track", "talk track")]),
    ("OSHA news", "OSHA", [("kind", "news", "", "news")]),
    ("healthcare", "", [("market", "healthcare", "", "healthcare")]),
    ("Healthcare case study", "",
     [("market", "healthcare", "", "Healthcare"), ("kind", "case_study", "", "case study")]),
    # a market by its slug, its name, or a part of a name made of several
    ("logistics & transportation", "",
     [("market", "logistics", "", "logistics transportation")]),
    ("grocery resets", "resets", [("market", "retail", "", "grocery")]),
    ("oil gas pipelines", "pipelines", [("market", "oil-gas", "", "oil gas")]),
    # personas by name, stop words and all
    ("IT director security", "security", [("persona", "IT Director", "", "IT director")]),
    ("cfo one-pager", "", [("persona", "CFO", "", "cfo"),
                           ("kind", "sales_aid", "one_pager", "one pager")]),
    ("safety managers", "", [("persona", "Safety Manager", "", "safety managers")]),
    ("CFOs", "", [("persona", "CFO", "", "CFOs")]),
    # what names nothing stays words: plurals are matched, not every word sharing a stem
    ("safety management", "safety management", []),
    ("dispatch board", "dispatch board", []),
    ("testimony", "testimony", []),
    ("hospitality", "", [("market", "hospitality", "", "hospitality")]),
    ("hospital", "hospital", []),
    ("studies of cases", "studies of cases", []),
    ("new cards", "new cards", []),
])
def test_words_that_name_a_kind_market_or_persona_become_filters(typed, rest, found):
    assert read(typed) == (rest, found)


def test_quoted_words_are_always_words():
    assert read('"case study" hospital') == ('"case study" hospital', [])
    assert read('"retail" investors') == ('"retail" investors', [])


def test_a_detection_turned_off_leaves_its_words_as_words():
    assert read("healthcare case study", literal=["kind:case_study"]) == (
        "case study", [("market", "healthcare", "", "healthcare")])
    assert read("battle card", literal=["kind:sales_aid:battle_card"]) == ("battle card", [])
    assert read("battle card", literal=["kind:sales_aid"]) == (
        "", [("kind", "sales_aid", "battle_card", "battle card")])  # another detection's key


# ------------------------------------------------------------------ the demo company


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    app = make_app(tmp_path_factory.mktemp("demo-search"), FEEDS_FILE=str(SHIPPED_FEEDS))
    with pytest.MonkeyPatch.context() as patch, app.app_context():
        patch.setattr(auth_services, "generate_password_hash", FAST_HASH)
        db.create_all()
        loaded = app.test_cli_runner().invoke(args=["demo", "load"])
        assert loaded.exit_code == 0, loaded.output
        auth_services.create_user("rita.rep@example.com", "Rita Rep", "rep", PASSWORD)
        db.session.commit()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def hub(demo):
    with demo.app_context():
        yield demo
        db.session.rollback()  # the searches' log rows
        db.session.remove()


@pytest.fixture
def rep(hub):
    return auth_services.find_user("rita.rep@example.com")


def search(user, q, **params):
    return service.search(user, service.SearchParams(q=q, per_page=50, **params))


def published_assets(market=None):
    assets = db.session.scalars(select(Asset).where(
        Asset.status == AssetStatus.PUBLISHED.value)).all()
    return [asset for asset in assets if market is None or market in asset.markets]


def test_hospital_case_study_finds_the_two_healthcare_case_studies(rep):
    found = search(rep, "hospital case study")
    titles = [hit.plain_title for hit in found.hits]
    assert titles[0].startswith(("Lakeview Regional Medical Center", "St. Brigid Health System"))
    assert {title.split()[0] for title in titles[:2]} == {"Lakeview", "St."}
    assert all(hit.kind == "case_study" for hit in found.hits)
    assert not any("hospitality" in hit.plain_title.lower() for hit in found.hits[:3])
    assert [d.label for d in found.understood] == ["Case studies"]


def test_healthcare_finds_everything_tagged_healthcare_tagged_ones_first(rep):
    everywhere = len(service.markets())
    tagged = published_assets("healthcare")
    news = [item for item in db.session.scalars(select(NewsItem)).all()
            if "healthcare" in item.markets and not item.suppressed]
    assert len(tagged) == 16 and news

    found = search(rep, "healthcare")

    assert found.total == len(tagged) + len(news)
    assert {hit.id for hit in found.hits if hit.type == "asset"} == {a.id for a in tagged}
    assert {hit.id for hit in found.hits if hit.type == "news"} == {item.id for item in news}
    # What is only for healthcare first, then what it shares with more markets, all last.
    tagged_with = [len(hit.markets) for hit in found.hits]
    assert tagged_with == sorted(tagged_with) and tagged_with[-1] == everywhere
    assert found.hits[0].kind != "sales_aid"  # not the competitor battle card
    assert [d.label for d in found.understood] == ["Healthcare"]


def test_filtering_by_market_puts_assets_tagged_with_it_first(rep):
    everywhere = len(service.markets())
    found = search(rep, "discovery", filters={"market": ["logistics"]})
    for_all = [len(hit.markets) == everywhere for hit in found.hits]
    assert found.total > 3 and for_all == sorted(for_all) and any(for_all) and not all(for_all)


def test_battle_card_lists_only_battle_cards(rep):
    battle_cards = {asset.id for asset in published_assets()
                    if (asset.details or {}).get("aid_type") == "battle_card"}
    found = search(rep, "battle cards")
    assert {hit.id for hit in found.hits} == battle_cards and found.total == 3
    assert found.facets["kind"]["sales_aid"] == 3  # the other kinds: what choosing them adds
    assert [d.label for d in found.understood] == ["Battle cards"]


def test_a_market_word_is_a_market_and_its_chip_gives_the_word_back(rep):
    """The rule for a word that is a market and ordinary text: the market wins, visibly; with
    the chip removed the word is searched like any other."""
    found = search(rep, "retail")
    retail = {asset.id for asset in published_assets("retail")}
    assert {hit.id for hit in found.hits if hit.type == "asset"} == retail
    as_word = search(rep, "retail", literal=["market:retail"])
    assert not as_word.understood
    assert any("retail" not in hit.markets for hit in as_word.hits) or \
        as_word.total < found.total


def test_when_nothing_tagged_matches_the_words_are_searched_as_words(rep):
    """ShiftPilot is in healthcare's and hospitality's battle card, never in a white paper."""
    found = search(rep, "shiftpilot white paper")
    assert found.total and not found.understood
    assert [d.label for d in found.not_understood] == ["White papers"]
    assert any("ShiftPilot" in hit.plain_title for hit in found.hits)


def test_words_only_a_draft_has_are_never_offered_as_corrections(rep):
    """Northgate Packaging is a draft case study: its name must not leak through "did you mean"."""
    for typed in ("nortgate", "northgte packaging"):
        found = search(rep, typed)
        assert (found.suggestion, found.corrected_from) == (None, None), typed
        assert not any("Northgate" in hit.plain_title for hit in found.hits)


@pytest.mark.parametrize("typed", ["fix rate", "packaging", "field service"])
def test_facets_count_only_the_results_a_rep_can_see(rep, typed):
    found = search(rep, typed)
    assert found.total <= 50 and found.total == len(found.hits)
    assert found.facets["type"] == _count(hit.type for hit in found.hits)
    assert found.facets["kind"] == _count(hit.kind for hit in found.hits)
    assert found.facets["market"] == _count(m for hit in found.hits for m in hit.markets)


def _count(values):
    counts = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return counts


def test_a_facets_counts_leave_out_its_own_selection(rep):
    """With Case studies chosen, the other kinds still show what choosing them would add."""
    both = search(rep, "hospital")
    chosen = search(rep, "hospital", filters={"kind": ["case_study"]})
    assert chosen.facets["kind"] == both.facets["kind"]
    assert len(chosen.facets["kind"]) > 1
    assert chosen.facets["market"] == _count(m for hit in chosen.hits for m in hit.markets)


def test_the_log_says_what_was_understood(rep):
    found = search(rep, "hospital case study")
    entry = db.session.get(SearchLog, found.log_id)
    assert entry.query == "hospital case study"
    assert entry.filters == {"understood": ["kind:case_study"]}
