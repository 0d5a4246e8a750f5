"""The demo company's asset files: every one is read, a broken one is named with its field (by the
asset form's own rules), and `flask demo load` builds the Fieldline library from them."""

import shutil
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select

from enablement.assets.kinds import KINDS
from enablement.demo import loader
from enablement.demo.files import DemoContentError, read_front_matter, relative
from enablement.demo.loader import ASSETS_DIR, read_assets, read_company
from enablement.demo.news import read_demo_news
from enablement.extensions import db
from enablement.markets import parse_markets
from enablement.models import Asset, NewsItem, User

SHIPPED_FEEDS = Path(__file__).parents[2] / "feeds.yml"
HARBOR = ASSETS_DIR / "case_study" / "01-harbor-pine-builders-cuts-safety-paperwork-by-41.md"
HIPAA_PAPER = "white_paper/03-hipaa-ready-field-workforce-management-for-home.md"


@pytest.fixture
def hub(emptied_app, monkeypatch):
    """The demo is written for the shipped feeds.yml's markets."""
    monkeypatch.setitem(emptied_app.config, "FEEDS_FILE", str(SHIPPED_FEEDS))
    return emptied_app


def write_asset(path: Path, front: dict, body: str = "Body.\n") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{yaml.safe_dump(front, sort_keys=False)}---\n{body}", encoding="utf-8")


def problems_in(directory: Path) -> list[tuple[str, str, str]]:
    with pytest.raises(DemoContentError) as caught:
        read_assets(read_company(), date.today(), directory)
    return [(Path(name).name, field, message) for name, field, message in caught.value.problems]


def test_every_asset_file_is_read_kind_by_kind_in_file_order(hub):
    specs = read_assets(read_company(), date(2026, 1, 1))
    files = sorted(ASSETS_DIR.glob("*/*.md"))
    assert len(specs) == len(files) == 46
    assert sorted(spec.path for spec in specs) == sorted(relative(path) for path in files)
    assert [spec.kind for spec in specs] == sorted((spec.kind for spec in specs),
                                                   key=list(KINDS).index)
    first = specs[0]
    assert first.path == relative(HARBOR)
    assert first.data["title"].startswith("Harbor & Pine Builders cuts safety paperwork by 41%")
    assert first.data["review_by"] == date(2026, 6, 30)  # review_by_days: 180
    assert first.data["body"].startswith("## At a glance\n")
    assert first.data["metrics"][0] == {"value": "41%", "label":
                                        "less superintendent time on safety paperwork"}


def test_the_demo_is_written_for_the_shipped_markets():
    assert read_company().markets == list(parse_markets(SHIPPED_FEEDS.read_text()))


BROKEN = [
    ({"title": None}, "title", "Give the asset a title."),
    ({"title": "x" * 201}, "title", "Title can be at most 200 characters (this is 201)."),
    ({"markets": ["construction", "atlantis"]}, "markets", "Unknown market: atlantis."),
    ({"markets": "construction"}, "markets", "A list of market slugs"),
    ({"stages": ["demo"]}, "stages", "Unknown sales stage: demo."),
    ({"metrics": [{"value": "41%"}]}, "metrics", "Each metric needs a value and a label"),
    ({"colour": "red"}, "colour", "Unknown field."),
    ({"status": "live"}, "status", "Use one of draft, published, archived."),
    ({"status": None}, "status", "Use one of draft, published, archived."),
    ({"owner": "nobody@fieldline.example"}, "owner", "Use a demo user from company.yml"),
    ({"review_by_days": "soon"}, "review_by_days", "Days from loading the demo"),
    ({"review_by": "2030-01-01"}, "review_by", "Give it as review_by_days."),
    ({"document_sections": [{"heading": "Only a heading"}]}, "document_sections",
     "A list of {heading, text}."),
]


@pytest.mark.parametrize("change, field, message", BROKEN,
                         ids=[f"{field}-{n}" for n, (_, field, _) in enumerate(BROKEN)])
def test_a_broken_asset_file_is_named_with_its_field(hub, tmp_path, change, field, message):
    front, body = read_front_matter(HARBOR)
    for key, value in change.items():
        if value is None:
            del front[key]
        else:
            front[key] = value
    write_asset(tmp_path / "case_study" / "01-broken.md", front, body)

    [(name, got_field, got_message)] = problems_in(tmp_path)
    assert (name, got_field) == ("01-broken.md", field)
    assert got_message.startswith(message)


@pytest.mark.parametrize("text, field, message", [
    ("title: No front matter\n", "front matter", "Start with a `---` line"),
    ("---\ntitle: A\nmarkets: [construction\nstages: [discovery]\n---\nBody\n", "line 4",
     "expected ',' or ']'"),
    ("---\n- a list\n---\nBody\n", "front matter", "The front matter maps field names"),
], ids=["no-front-matter", "bad-yaml", "not-a-mapping"])
def test_a_file_that_is_not_front_matter_and_markdown_is_named(hub, tmp_path, text, field,
                                                                message):
    path = tmp_path / "sales_aid" / "01-broken.md"
    path.parent.mkdir()
    path.write_text(text)
    [(name, got_field, got_message)] = problems_in(tmp_path)
    assert (name, got_field) == ("01-broken.md", field)
    assert got_message.startswith(message)


def test_every_problem_in_every_file_is_reported_at_once(hub, tmp_path):
    front, body = read_front_matter(HARBOR)
    write_asset(tmp_path / "case_study" / "01-no-title.md", {**front, "title": ""}, body)
    write_asset(tmp_path / "case_study" / "02-two-problems.md",
                {**front, "colour": "red", "stages": ["demo"]}, body)
    write_asset(tmp_path / "webinar" / "01-talk.md", front, body)

    problems = problems_in(tmp_path)
    assert [(name, field) for name, field, _ in problems] == [
        ("webinar", "kind"), ("01-no-title.md", "title"), ("02-two-problems.md", "colour"),
        ("02-two-problems.md", "stages")]
    assert problems[0][2] == ("Asset folders are named by kind: case_study, email_template, "
                              "testimonial, white_paper, sales_aid.")


def test_demo_load_builds_the_fieldline_library(hub):
    result = hub.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert "Loaded 46 demo assets." in result.output
    assert "Loaded 35 demo news items." in result.output

    assets = db.session.scalars(select(Asset).order_by(Asset.id)).all()
    assert Counter(a.kind for a in assets) == {"case_study": 12, "email_template": 9,
                                               "testimonial": 9, "white_paper": 6, "sales_aid": 10}
    assert Counter(a.status for a in assets) == {"published": 40, "draft": 4, "archived": 2}
    for spec, asset in zip(read_assets(read_company(), date.today()), assets, strict=True):
        assert (asset.kind, asset.title, asset.status, asset.owner.email, asset.markets,
                asset.review_by) == (spec.kind, spec.data["title"], spec.status, spec.owner,
                                     spec.data["markets"], spec.data["review_by"])
        assert asset.tag_values("personas") == spec.data["personas"]
    users = db.session.scalars(select(User).where(User.email.like("%@fieldline.example"))).all()
    assert Counter(u.role for u in users) == {"marketing": 3, "rep": 4}

    papers = [a for a in assets if a.kind == "white_paper"]
    assert all(len(a.attachments) == 1 for a in papers)
    paper = papers[0]
    assert paper.attachments[0].filename == (
        "The_True_Cost_of_a_Missed_Shift_Scheduling_Economics_for_Field_Workforces.pdf")
    assert "Where field labor costs hide" in paper.attachments[0].text  # a section heading
    assert db.session.scalar(select(func.count(NewsItem.id))) == len(read_demo_news().items)


@pytest.fixture
def demo_copy(hub, tmp_path, monkeypatch):
    """The shipped asset files copied where a test may break one, and loaded from there."""
    copy = tmp_path / "assets"
    shutil.copytree(ASSETS_DIR, copy)
    monkeypatch.setattr(loader, "ASSETS_DIR", copy)
    return copy


def _edit(path: Path, **changes) -> None:
    front, body = read_front_matter(path)
    for key, value in changes.items():
        if value is None:
            front.pop(key)
        else:
            front[key] = value
    write_asset(path, front, body)


def _nothing_loaded(hub) -> None:
    assert db.session.scalar(select(func.count(Asset.id))) == 0
    assert db.session.scalar(select(func.count(User.id))) == 0
    uploads = Path(hub.config["UPLOAD_DIR"])
    assert not uploads.exists() or not any(uploads.iterdir())


@pytest.mark.parametrize("path, changes, problem", [
    # Caught while reading, before anything is written.
    ("sales_aid/10-2023-pricing-and-packaging-cheat-sheet-retired.md", {"markets": ["mars"]},
     "10-2023-pricing-and-packaging-cheat-sheet-retired.md: markets: Unknown market: mars."),
    # Refused by the assets service while loading, after earlier white papers stored their PDFs.
    (HIPAA_PAPER, {"document_sections": None},
     "03-hipaa-ready-field-workforce-management-for-home.md: attachments: Attach the document "
     "before publishing."),
    ("testimonial/01-harbor-pine-builders-we-pull-up-records-on-a.md",
     {"owner": "luis.ortega@fieldline.example"},
     "01-harbor-pine-builders-we-pull-up-records-on-a.md: owner: Only marketing can change "
     "assets."),
], ids=["read", "publish", "owner-is-a-rep"])
def test_demo_load_stops_at_a_broken_file_and_leaves_nothing(hub, demo_copy, path, changes,
                                                             problem):
    _edit(demo_copy / path, **changes)
    result = hub.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 1
    assert "The demo content has problems:" in result.output
    assert problem in result.output
    _nothing_loaded(hub)


def test_a_demo_user_the_users_service_refuses_is_named(hub, tmp_path, monkeypatch):
    company = tmp_path / "company.yml"
    company.write_text(loader.COMPANY_FILE.read_text().replace("role: rep", "role: boss", 1))
    monkeypatch.setattr(loader, "COMPANY_FILE", company)
    result = hub.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 1
    assert f"{company}: users[3].role: Choose one of rep, marketing, admin." in result.output
    _nothing_loaded(hub)


def test_a_broken_news_file_leaves_no_assets_or_pdfs_behind(hub, tmp_path, monkeypatch):
    news = tmp_path / "news.yml"
    news.write_text("feeds: {demo-jobsite: Jobsite Journal}\nitems:\n- feed: demo-moon\n")
    monkeypatch.setattr("enablement.demo.news.NEWS_FILE", news)
    result = hub.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 1
    assert f"{news}: items[0].feed: One of the keys under `feeds:`." in result.output
    _nothing_loaded(hub)
