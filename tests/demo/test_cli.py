"""First-run setup, demo content and search maintenance from the command line."""

from pathlib import Path

import pytest
from sqlalchemy import func, select

from enablement.demo.news import read_demo_news
from enablement.extensions import db
from enablement.models import Asset, AssetStatus, Role, SearchOutbox, User
from enablement.search.outbox import index_location

ROOT = Path(__file__).parent.parent.parent


@pytest.fixture
def demo_markets(app):
    """The demo content is written for the shipped feeds.yml's markets."""
    app.config["FEEDS_FILE"] = str(ROOT / "feeds.yml")


def test_setup_creates_an_admin_prints_the_password_once_and_loads_demo(app, demo_markets, runner,
                                                                       client):
    result = runner.invoke(args=["setup"])
    assert result.exit_code == 0, result.output
    line = next(ln for ln in result.output.splitlines() if ln.startswith("Created admin"))
    email, password = line.split()[2], line.split()[5]
    assert "Loaded 46 demo assets." in result.output

    response = client.post("/login", data={"email": email, "password": password})
    assert response.status_code == 302
    assert db.session.scalar(select(User).where(User.email == email)).role == Role.ADMIN

    again = runner.invoke(args=["setup"])
    assert again.exit_code == 0
    assert password not in again.output
    assert "already has assets" in again.output
    assert db.session.scalar(select(func.count(User.id)).where(User.role == "admin")) == 1


def test_setup_without_demo(app, runner):
    result = runner.invoke(args=["setup", "--no-demo"])
    assert result.exit_code == 0
    assert db.session.scalar(select(func.count(Asset.id))) == 0


def test_demo_accounts_can_sign_in_with_the_printed_passwords(app, demo_markets, runner, client):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    rows = [ln.split() for ln in result.output.splitlines() if "@fieldline.example" in ln]
    assert {row[0] for row in rows} == {"marketing", "rep"}
    role, email, password = rows[-1]
    response = client.post("/login", data={"email": email, "password": password})
    assert response.status_code == 302


def test_demo_content_is_indexed_after_loading(app, demo_markets, runner):
    runner.invoke(args=["demo", "load"])
    assert db.session.scalar(select(func.count(SearchOutbox.id))) == 0
    assert index_location().open().doc_count() == 46 + len(read_demo_news().items)


def test_search_commands(app, runner, create_asset):
    for _ in range(3):
        create_asset()
    result = runner.invoke(args=["search", "drain"])
    assert result.exit_code == 0 and "Applied" in result.output

    check = runner.invoke(args=["search", "check"])
    assert check.exit_code == 0 and "agree" in check.output

    with index_location().open().writer() as writer:
        writer.delete_by_term("doc_key", "asset:1")
    drifted = runner.invoke(args=["search", "check"])
    assert drifted.exit_code == 1
    assert "missing: 1 (asset:1)" in drifted.output
    fixed = runner.invoke(args=["search", "check", "--fix"])
    assert fixed.exit_code == 0 and "Fixed 1" in fixed.output
    assert runner.invoke(args=["search", "check"]).exit_code == 0

    rebuilt = runner.invoke(args=["search", "reindex"])
    assert rebuilt.exit_code == 0 and "Reindexed 3 documents." in rebuilt.output


def test_drain_reports_a_busy_index(app, runner, create_asset):
    create_asset()
    app.config["SEARCH_WRITER_TIMEOUT"] = 0.05
    holder = index_location().open().writer()
    try:
        result = runner.invoke(args=["search", "drain"])
    finally:
        holder.cancel()
    assert "busy" in result.output


def test_demo_library_is_believable(app, demo_markets, runner):
    runner.invoke(args=["demo", "load"])
    assets = db.session.scalars(select(Asset)).all()
    published = [a for a in assets if a.status == AssetStatus.PUBLISHED]
    assert len(assets) >= 40
    assert {a.kind for a in published} == {"case_study", "email_template", "testimonial",
                                           "white_paper", "sales_aid"}
    markets = {m for a in published for m in a.markets}
    assert len(markets) >= 6
    assert all(a.attachments and a.attachments[0].text for a in published
               if a.kind == "white_paper")
    assert any(a.status == AssetStatus.DRAFT for a in assets)
    assert not any("lorem" in (a.body or "").lower() for a in assets)


def test_demo_assets_whose_markets_are_not_configured_stay_drafts(app, runner):
    runner.invoke(args=["demo", "load"])  # tests/data/feeds.yml has only three markets
    for asset in db.session.scalars(select(Asset)):
        assert set(asset.markets) <= {"construction", "healthcare", "logistics"}
        if not asset.markets:
            assert asset.status == AssetStatus.DRAFT


def test_demo_activity_fills_insights_and_wins(app, demo_markets, runner, client, login_as):
    result = runner.invoke(args=["demo", "load"])
    assert "Loaded demo activity:" in result.output
    login_as("marketing")
    insights = client.get("/insights?days=90").get_data(as_text=True)
    assert "cold storage midwest case study" in insights  # a gap
    wins = client.get("/wins").get_data(as_text=True)
    assert "Great Lakes Cold Chain" in wins


def test_demo_shares_have_buyer_activity(app, demo_markets, runner, client, login_as):
    from enablement.models import Share

    result = runner.invoke(args=["demo", "load"])
    assert "demo shares with" in result.output, result.output
    shares = db.session.scalars(select(Share)).all()
    assert len(shares) == 4 and sum(s.views for s in shares) == 7
    login_as("marketing")
    insights = client.get("/insights?days=90").get_data(as_text=True)
    assert "Shared but never opened" in insights
