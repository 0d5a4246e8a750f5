"""The digest, item pages, talking points, pins, the feeds page, the API and Atom feeds."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import feedparser
import pytest
from sqlalchemy import delete, select

from enablement.auth import services as auth_services
from enablement.demo.news import load_demo_news, read_demo_news
from enablement.extensions import db
from enablement.models import (
    FeedState,
    NewsFeed,
    NewsItem,
    NewsItemMarket,
    SearchOutbox,
    utcnow,
)
from enablement.news.atom import feed_key_for
from enablement.news.openapi import document as openapi_document
from enablement.search.outbox import drain
from tests.conftest import PASSWORD
from tests.news import support

# Fixtures shared by the news tests (a real feed server, an app with tiny deadlines).
feeds_file = support.feeds_file
news_app = support.news_app
news_user = support.news_user

# The shipped markets (the demo news is written for them), without the shipped feeds.
SHIPPED = (Path(__file__).parent.parent.parent / "feeds.yml").read_text()
DEMO_MARKETS = SHIPPED[:SHIPPED.index("\nfeeds:\n")] + "\n"
DEMO_NEWS = read_demo_news().items  # the stories `flask demo load` adds


@pytest.fixture
def demo(news_app, feeds_file):
    feeds_file.write([], markets=DEMO_MARKETS)
    count = load_demo_news()
    db.session.commit()
    # Most of these tests don't search: skip indexing (the search test indexes for itself).
    db.session.execute(delete(SearchOutbox))
    db.session.commit()
    return count


@pytest.fixture
def client(news_app):
    return news_app.test_client()


@pytest.fixture
def sign_in(client, news_user):
    def as_role(role: str):
        user = news_user(role)
        response = client.post("/login", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 302
        return user
    return as_role


def html(response) -> str:
    return response.get_data(as_text=True)


def item_titled(title: str) -> NewsItem:
    return db.session.scalar(select(NewsItem).where(NewsItem.title == title))


# ---------------------------------------------------------------- the digest


def test_demo_news_fills_this_weeks_digest_in_every_market(news_app, demo, client, sign_in):
    assert demo == len(DEMO_NEWS) >= 30
    sign_in("rep")
    page = html(client.get("/news"))
    for market in ("Construction", "Healthcare", "Logistics &amp; Transportation", "Manufacturing",
                   "Retail &amp; Grocery", "Utilities &amp; Energy", "Hospitality"):
        assert f">{market} <span" in page, market
    this_week = [spec for spec in DEMO_NEWS if spec["hours"] < 7 * 24]
    assert len(this_week) >= 30
    assert "Hospice providers expand weekend coverage" not in page  # 16 days old
    assert "Spot freight rates climb for a third week as capacity tightens" in page
    assert "tagged Logistics &amp; Transportation: freight, trucking, carriers" in page
    assert "Jobsite Journal (demo)" in page
    assert 'href="/assets/?market=construction"' in page
    assert "<strong>every missed dock appointment now costs more.</strong>" in page


def test_the_digest_is_newest_first_with_pinned_items_on_top(news_app, demo, client, sign_in):
    sign_in("rep")
    page = html(client.get("/news?market=construction"))
    titles = re.findall(r'<a href="/news/\d+">([^<]+)</a>', page)
    assert titles[0].startswith("OSHA opens fall-protection")  # pinned
    assert titles[1:5] == ["Building permit backlog eases in three fast-growing metros",
                           "Same-store sales rise 3.1% as retailers lean on remodels",
                           "Reshoring pushes new factory construction to a record",
                           "Prevailing wage rules expand to state-funded school projects"]


def test_filters_by_market_and_days(news_app, demo, client, sign_in):
    sign_in("rep")
    page = html(client.get("/news?market=healthcare&days=30"))
    assert "Hospice providers expand weekend coverage" in page
    assert "Spot freight rates climb" not in page
    one_day = html(client.get("/news?days=1"))
    assert "Spot freight rates climb" in one_day
    assert "Prevailing wage rules" not in one_day


@pytest.mark.parametrize("query", ["market=mining", "days=0", "days=lots", "days=9999"])
def test_bad_filters_fall_back_to_the_defaults_with_a_warning(news_app, demo, client, sign_in,
                                                              query):
    sign_in("rep")
    response = client.get(f"/news?{query}")
    assert response.status_code == 200
    assert "alert-warning" in html(response)
    assert "Spot freight rates climb" in html(response)


def test_each_market_section_links_to_that_markets_assets(news_app, demo, client, sign_in,
                                                         news_user):
    from enablement.assets import services as assets

    owner = news_user("marketing")
    asset = assets.create_asset(owner, "sales_aid", {
        "title": "Scaffold inspection battle card", "summary": "For OSHA conversations.",
        "markets": ["construction"], "aid_type": "battle_card"})
    assets.change_status(owner, asset, "published")
    db.session.commit()
    sign_in("rep")
    page = html(client.get("/news"))
    section = page.split('id="m-construction"')[1].split('id="m-healthcare"')[0]
    assert f'href="/assets/{asset.id}">Scaffold inspection battle card</a>' in section


def test_the_digest_never_shows_hostile_markup(news_app, demo, client, sign_in):
    # Stored straight into the database, past the poller's sanitiser: the page cleans again.
    item = item_titled("Warehouse labor shortage eases, but turnover stays high")
    item.title = '<script>alert("t")</script>Warehouse news'
    item.summary = ('<p onclick="x()">Warehouse <img src=x onerror=alert(1)>'
                    '<a href="javascript:alert(2)">go</a><script>alert(3)</script></p>')
    item.talking_points = '<script>alert(4)</script> [click](javascript:alert(5)) **bold**'
    db.session.commit()
    sign_in("rep")
    for url in ("/news", f"/news/{item.id}"):
        page = html(client.get(url))
        assert "&lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt;Warehouse news" in page
        assert "<script>alert" not in page, url
        assert not re.search(r"<[^>]*\s(onclick|onerror)=", page), url
        assert 'href="javascript:' not in page, url
        assert "<strong>bold</strong>" in page


def test_suppressed_items_stay_out_of_the_digest(news_app, demo, client, sign_in):
    item = item_titled("Merchandising teams move resets to overnight crews")
    item.suppressed = True
    db.session.commit()
    sign_in("rep")
    assert "Merchandising teams move resets" not in html(client.get("/news?market=retail"))
    page = html(client.get(f"/news/{item.id}"))
    assert "Kept out of the digest and search" in page


def test_an_empty_digest_says_so(news_app, feeds_file, client, sign_in):
    sign_in("rep")
    page = html(client.get("/news"))
    assert "No news in the last week." in page


def test_a_personal_atom_link_for_each_market(news_app, demo, client, sign_in):
    user = sign_in("rep")
    page = html(client.get("/news"))
    link = re.search(r'href="(http://hub.test/api/v1/news/construction.atom\?key=[^"]+)"', page)
    assert link and parse_qs(urlsplit(link.group(1)).query)["key"] == [feed_key_for(user)]


# ---------------------------------------------------------------- items, talking points, pins


def test_an_item_page_shows_the_story_why_and_talking_points(news_app, demo, client, sign_in):
    item = item_titled("Vegetation management budgets jump after wildfire rulings")
    sign_in("rep")
    page = html(client.get(f"/news/{item.id}"))
    assert "tagged Utilities &amp; Energy: utility, utilities" in page
    assert "Regulators want <strong>proof of every trimming cycle</strong>" in page
    assert f'href="{item.url}" rel="noopener noreferrer nofollow"' in page
    assert 'name="talking_points"' not in page  # reps read, marketing writes
    assert client.get("/news/999999").status_code == 404


def test_marketing_adds_talking_points_rendered_safely(news_app, demo, client, sign_in):
    item = item_titled("Warehouse labor shortage eases, but turnover stays high")
    marketer = sign_in("marketing")
    page = html(client.get(f"/news/{item.id}"))
    assert 'name="talking_points"' in page
    response = client.post(f"/news/{item.id}/talking-points", data={
        "talking_points": "Ask about **turnover**.\n\n<img src=x onerror=alert(1)>"})
    assert response.status_code == 302
    db.session.expire_all()
    item = db.session.get(NewsItem, item.id)
    assert item.talking_points.startswith("Ask about **turnover**.")
    assert item.talking_points_by_id == marketer.id
    page = html(client.get(f"/news/{item.id}"))
    assert "Ask about <strong>turnover</strong>." in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page  # shown as text, never as markup
    assert "Ask about <strong>turnover</strong>." in html(client.get("/news?market=logistics"))
    client.post(f"/news/{item.id}/talking-points", data={"talking_points": "  "})
    db.session.expire_all()
    assert db.session.get(NewsItem, item.id).talking_points == ""


def test_talking_points_have_a_limit(news_app, demo, client, sign_in):
    item = item_titled("Warehouse labor shortage eases, but turnover stays high")
    sign_in("marketing")
    response = client.post(f"/news/{item.id}/talking-points",
                           data={"talking_points": "x" * 5001})
    assert response.status_code == 422
    assert "At most 5,000 characters" in html(response)


def test_marketing_pins_and_unpins(news_app, demo, client, sign_in):
    item = item_titled("Warehouse labor shortage eases, but turnover stays high")
    sign_in("marketing")
    client.post(f"/news/{item.id}/pin", data={"pinned": "1"})
    db.session.expire_all()
    assert db.session.get(NewsItem, item.id).pinned
    titles = re.findall(r'<a href="/news/\d+">([^<]+)</a>',
                        html(client.get("/news?market=logistics")))
    assert titles[0] == item.title
    client.post(f"/news/{item.id}/pin", data={"pinned": "0"})
    db.session.expire_all()
    assert not db.session.get(NewsItem, item.id).pinned
    client.post(f"/news/{item.id}/pin")  # no value: toggles
    db.session.expire_all()
    assert db.session.get(NewsItem, item.id).pinned


def test_pinned_items_stay_in_the_digest_past_the_date_range(news_app, demo, client, sign_in):
    item = item_titled("Hospice providers expand weekend coverage")
    item.pinned = True
    db.session.commit()
    sign_in("rep")
    assert "Hospice providers expand weekend coverage" in html(client.get("/news"))


# ---------------------------------------------------------------- the feeds page


def test_admins_see_each_feeds_state_and_can_retry(news_app, feeds_file, client, sign_in):
    feeds_file.write([{"id": "broken-wire", "url": "https://broken.example/feed.xml"},
                      {"id": "fresh", "url": "https://fresh.example/feed.xml"}])
    feed = NewsFeed(key="broken-wire", name="Broken Wire", url="https://broken.example/feed.xml",
                    state=FeedState.GONE.value, error_streak=3,
                    last_error="HTTP 410 Gone: the publisher removed this feed.",
                    moved_to="https://broken.example/new.xml", moved_votes=3)
    db.session.add(feed)
    db.session.commit()
    load_demo_news()
    db.session.commit()
    sign_in("admin")
    page = html(client.get("/news/feeds"))
    assert "HTTP 410 Gone: the publisher removed this feed." in page
    assert "news-state-gone" in page and "3 errors in a row" in page
    assert "Moved permanently to <code>https://broken.example/new.xml</code>" in page
    assert "Demo news that came with the demo content; not polled." in page
    assert page.count("Retry now</button>") == 2  # the two feeds of feeds.yml
    response = client.post("/news/feeds/broken-wire/retry")
    assert response.status_code == 302
    db.session.expire_all()
    feed = db.session.get(NewsFeed, feed.id)
    assert (feed.state, feed.error_streak) == ("error", 0)
    assert feed.next_poll_at <= utcnow()
    assert client.post("/news/feeds/fresh/retry").status_code == 302  # never polled yet
    assert client.post("/news/feeds/nope/retry").status_code == 404


def test_a_broken_feeds_yml_is_shown_to_admins(news_app, feeds_file, client, sign_in):
    feeds_file.write([{"id": "wire", "url": "https://wire.example/feed.xml"}])
    client.application.extensions.pop("news_config", None)
    sign_in("admin")
    client.get("/news/feeds")
    feeds_file.write_text(feeds_file.path.read_text().replace("contractor*", "contractor*)"))
    page = html(client.get("/news/feeds"))
    assert "feeds.yml can&#39;t be used" in page or "feeds.yml can't be used" in page
    assert "line 4: market `construction`: the query this `)` has no matching `(`" in page
    assert "previous good version stays in force" in page
    assert "wire" in page
    assert "feeds.yml has a problem" in html(client.get("/news"))


# ---------------------------------------------------------------- roles


ROUTES = [  # (method, url template, least role)
    ("GET", "/news", "rep"),
    ("GET", "/news/{item}", "rep"),
    ("POST", "/news/{item}/talking-points", "marketing"),
    ("POST", "/news/{item}/pin", "marketing"),
    ("GET", "/news/feeds", "admin"),
    ("POST", "/news/feeds/{feed}/retry", "admin"),
    ("GET", "/api/v1/news", "rep"),
    ("GET", "/api/v1/news/{item}", "rep"),
    ("PATCH", "/api/v1/news/{item}", "marketing"),
    ("GET", "/api/v1/news/construction.atom", "rep"),
]
RANK = {"anonymous": -1, "rep": 0, "marketing": 1, "admin": 2}


def test_every_news_route_is_covered_here(news_app):
    served = {(method, rule.rule) for rule in news_app.url_map.iter_rules()
              if rule.endpoint.startswith(("news.", "news_api."))
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    listed = {(method, re.sub(r"\{(\w+)\}", lambda m: {"item": "<int:item_id>",
                                                      "feed": "<feed_key>"}[m.group(1)], url)
               .replace("construction.atom", "<market>.atom")) for method, url, _ in ROUTES}
    assert served == listed


@pytest.mark.parametrize("role", ["anonymous", "rep", "marketing", "admin"])
def test_role_checks_on_every_news_route(news_app, demo, feeds_file, client, news_user, role):
    feeds_file.write([{"id": "wire", "url": "https://wire.example/feed.xml"}],
                     markets=DEMO_MARKETS)
    item = item_titled("Warehouse labor shortage eases, but turnover stays high")
    if role != "anonymous":
        user = news_user(role)
        client.post("/login", data={"email": user.email, "password": PASSWORD})
    for method, template, least in ROUTES:
        url = template.format(item=item.id, feed="wire")
        body = {"json": {}} if url.startswith("/api/") and method != "GET" else {"data": {}}
        response = client.open(url, method=method, **body)
        where = f"{method} {url} as {role}"
        if role == "anonymous":
            if url.startswith("/api/"):
                assert response.status_code == 401 and response.is_json, where
            else:
                assert response.status_code == 302, where
                assert urlsplit(response.headers["Location"]).path == "/login", where
        elif RANK[role] < RANK[least]:
            assert response.status_code == 403, where
        else:
            assert response.status_code < 400, where
            if response.mimetype == "text/html":
                page = html(response)
                assert not re.search(r"<script\b(?![^>]*\bsrc=)", page), where
                assert not re.search(r"<[^>]+\s(style|on[a-z]+)=", page), where


def test_html_posts_need_the_csrf_token(news_app, feeds_file, news_user):
    news_app.config["WTF_CSRF_ENABLED"] = True
    load_demo_news()
    db.session.commit()
    item = db.session.scalar(select(NewsItem).where(NewsItem.pinned.is_(False)).limit(1))
    before = (item.talking_points, item.pinned)
    admin = news_user("admin")
    client = news_app.test_client()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                      html(client.get("/login"))).group(1)
    client.post("/login", data={"email": admin.email, "password": PASSWORD,
                                "csrf_token": token})
    feeds_file.write([{"id": "wire", "url": "https://wire.example/feed.xml"}])
    for url in (f"/news/{item.id}/talking-points", f"/news/{item.id}/pin",
                "/news/feeds/wire/retry"):
        response = client.post(url, data={"talking_points": "planted", "pinned": "1"})
        assert response.status_code == 400, url
    db.session.expire_all()
    item = db.session.get(NewsItem, item.id)
    assert (item.talking_points, item.pinned) == before
    assert db.session.scalar(select(NewsFeed).where(NewsFeed.key == "wire")) is None
    response = client.post(f"/news/{item.id}/pin", data={"pinned": "1", "csrf_token": token})
    assert response.status_code == 302


# ---------------------------------------------------------------- the API


def test_the_api_lists_news_with_the_agreed_fields(news_app, demo, client, sign_in):
    sign_in("rep")
    body = client.get("/api/v1/news?market=logistics").json
    assert body["total"] == 5 and body["days"] == 7 and body["market"] == "logistics"
    first = body["items"][0]
    assert {"id", "title", "url", "source", "published_at", "markets", "matched",
            "talking_points"} <= set(first)
    assert first["title"] == "Spot freight rates climb for a third week as capacity tightens"
    assert first["source"] == "Freight Lines (demo)"
    assert first["markets"] == ["logistics"]
    assert first["matched"] == {"logistics": ["freight", "trucking", "carriers"]}
    assert first["talking_points"].startswith("- Rates are up")
    assert "<strong>" in first["talking_points_html"]
    assert first["published_at"].endswith("Z")
    assert first["url"].startswith("https://example.com/demo-news/")
    dates = [item["published_at"] for item in body["items"]]
    assert dates == sorted(dates, reverse=True)


def test_the_api_pages(news_app, demo, client, sign_in):
    sign_in("rep")
    everything = client.get("/api/v1/news?days=30&per_page=100").json
    assert everything["total"] == len(DEMO_NEWS)
    pages = [client.get(f"/api/v1/news?days=30&per_page=10&page={n}").json for n in (1, 2, 3, 4)]
    ids = [item["id"] for page in pages for item in page["items"]]
    assert ids == [item["id"] for item in everything["items"]]
    assert [len(page["items"]) for page in pages] == [10, 10, 10, len(DEMO_NEWS) - 30]


@pytest.mark.parametrize(("query", "field"), [
    ("market=mining", "market"), ("days=0", "days"), ("days=x", "days"),
    ("days=366", "days"), ("page=0", "page"), ("per_page=101", "per_page"),
])
def test_the_api_names_bad_parameters(news_app, demo, client, sign_in, query, field):
    sign_in("rep")
    response = client.get(f"/api/v1/news?{query}")
    assert response.status_code == 422
    assert field in response.json["error"]["fields"]


def test_the_api_takes_bearer_tokens(news_app, demo, news_user):
    token = auth_services.create_token(news_user("rep"))
    db.session.commit()
    client = news_app.test_client()
    response = client.get("/api/v1/news", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200 and response.json["items"]
    bad = client.get("/api/v1/news", headers={"Authorization": "Bearer nope"})
    assert bad.status_code == 401


def test_openapi_paths_describe_the_news_endpoints():
    document = openapi_document()
    assert set(document["paths"]) == {"/news", "/news/{item_id}", "/news/{market}.atom"}
    item = document["schemas"]["NewsItem"]
    assert {"id", "title", "url", "source", "published_at", "markets", "matched",
            "talking_points"} <= set(item["required"])


# ---------------------------------------------------------------- Atom


def test_a_feed_reader_follows_a_market_with_its_key(news_app, demo, news_user):
    user = news_user("rep")
    reader = news_app.test_client()  # never signed in
    response = reader.get(f"/api/v1/news/logistics.atom?key={feed_key_for(user)}")
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    parsed = feedparser.parse(response.data)
    assert not parsed.bozo
    assert parsed.feed.title == "Logistics & Transportation news · Enablement Hub"
    titles = [entry.title for entry in parsed.entries]
    assert "Spot freight rates climb for a third week as capacity tightens" in titles
    assert "Trucking insurers ask for proof of driver inspections" in titles  # 30 days
    entry = parsed.entries[0]
    assert entry.link.startswith("https://example.com/demo-news/")
    assert "Tagged Logistics &amp; Transportation: freight, trucking, carriers" in \
        entry.content[0].value
    assert "<strong>every missed dock appointment now costs more.</strong>" in \
        entry.content[0].value


def test_atom_feeds_refuse_bad_or_revoked_keys(news_app, demo, news_user):
    user = news_user("rep")
    key = feed_key_for(user)
    reader = news_app.test_client()
    assert reader.get("/api/v1/news/logistics.atom").status_code == 401
    assert reader.get("/api/v1/news/logistics.atom?key=forged").status_code == 401
    assert reader.get(f"/api/v1/news/mining.atom?key={key}").status_code == 404
    auth_services.set_password(user, "a brand new password")
    db.session.commit()
    assert reader.get(f"/api/v1/news/logistics.atom?key={key}").status_code == 401
    fresh = feed_key_for(user)
    assert reader.get(f"/api/v1/news/logistics.atom?key={fresh}").status_code == 200
    user.active = False
    db.session.commit()
    assert reader.get(f"/api/v1/news/logistics.atom?key={fresh}").status_code == 401


def test_atom_entries_escape_hostile_titles(news_app, demo, news_user):
    item = item_titled("Warehouse labor shortage eases, but turnover stays high")
    item.title = "<script>alert(1)</script> & more"
    item.summary = '<p>ok<script>alert(2)</script><a href="javascript:x">l</a></p>'
    db.session.commit()
    reader = news_app.test_client()
    body = reader.get(f"/api/v1/news/logistics.atom?key={feed_key_for(news_user('rep'))}").data
    assert b"<script>" not in body
    parsed = feedparser.parse(body)
    entry = next(e for e in parsed.entries if "more" in e.title)
    assert entry.title == "<script>alert(1)</script> & more"  # text, as written
    assert "javascript:" not in entry.content[0].value


# ---------------------------------------------------------------- search


def test_news_is_searchable_with_its_talking_points(news_app, feeds_file, client, sign_in):
    feeds_file.write([], markets=DEMO_MARKETS)
    load_demo_news()
    db.session.commit()
    drain()
    sign_in("rep")
    try:
        response = client.get("/api/v1/search?q=trimming")
    finally:
        from enablement.search import service

        state = getattr(service.searchers._local, "state", None)  # this test's index goes away
        if state is not None:
            state.searcher.close()
            service.searchers._local.state = None
    assert response.status_code == 200
    results = response.json["results"]
    assert results and results[0]["type"] == "news"
    assert results[0]["title"] == "Vegetation management budgets jump after wildfire rulings"
    item = db.session.scalar(select(NewsItem).where(NewsItem.title == results[0]["title"]))
    assert item.talking_points and "trimming" in item.talking_points


def test_retagging_moves_items_between_markets(news_app, demo, feeds_file):
    from enablement.news.config import news_config
    from enablement.news.tagging import apply_tagging, tag_item

    feeds_file.write([], markets=DEMO_MARKETS.replace("'(logistics OR freight",
                                                      "'(carriers OR logistics OR freight"))
    item = item_titled("Spot freight rates climb for a third week as capacity tightens")
    assert apply_tagging(item, tag_item(news_config(), item))
    assert item.matched["logistics"][0] == "carriers"
    assert not apply_tagging(item, tag_item(news_config(), item))
    db.session.commit()
    assert db.session.scalar(select(NewsItemMarket.terms).where(
        NewsItemMarket.item_id == item.id)) == ["carriers", "freight", "trucking"]
    assert utcnow() - item.published_at < timedelta(days=1)
