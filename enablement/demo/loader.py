"""Loads the demo company's users and assets into an empty hub."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, timedelta

from fpdf import FPDF
from sqlalchemy import func, select

from enablement.assets import services as assets
from enablement.auth import services as auth
from enablement.extensions import db
from enablement.markets import markets
from enablement.models import Asset, AssetStatus, User, utcnow

LATIN1_FALLBACKS = str.maketrans({"—": "-", "–": "-", "’": "'", "‘": "'", "“": '"', "”": '"',
                                  "…": "...", "•": "-", "→": "->", "≈": "~"})


@dataclass
class DemoResult:
    loaded: bool
    assets: int = 0
    passwords: dict[str, str] = field(default_factory=dict)


def _latin1(text: str) -> str:
    return text.translate(LATIN1_FALLBACKS).encode("latin-1", "replace").decode("latin-1")


def white_paper_pdf(title: str, sections: list[dict]) -> bytes:
    """A real, multi-section PDF for a demo white paper, so its text is searchable."""
    pdf = FPDF()
    pdf.set_title(_latin1(title))
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 18)
    pdf.multi_cell(0, 9, _latin1(title), new_x="LMARGIN", new_y="NEXT")
    for section in sections:
        pdf.ln(4)
        pdf.set_font("Helvetica", "B", 13)
        pdf.multi_cell(0, 7, _latin1(section["heading"]), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 11)
        pdf.multi_cell(0, 5.5, _latin1(section["text"]), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def load_demo(upload_dir: str, max_bytes: int, today: date | None = None) -> DemoResult:
    """Create the demo users and assets unless the hub already has assets. Does not commit."""
    from enablement.demo.content import ASSETS, DEMO_USERS  # only the CLI needs the demo text

    if db.session.scalar(select(func.count(Asset.id))):
        return DemoResult(loaded=False)
    today = today or date.today()
    result = DemoResult(loaded=True)
    users: dict[str, User] = {}
    for spec in DEMO_USERS:
        user = auth.find_user(spec["email"])
        if user is None:
            password = auth.generate_password()
            user = auth.create_user(spec["email"], spec["name"], spec["role"], password)
            result.passwords[user.email] = password
        users[spec["email"]] = user

    now = utcnow()
    known_markets = markets()
    for position, spec in enumerate(ASSETS):
        owner = users[spec["owner"]]
        fields = dict(spec["fields"])
        sections = fields.pop("document_sections", None)
        data = {
            "title": spec["title"], "summary": spec["summary"], "body": spec["body"],
            # A customised feeds.yml may lack some demo markets; such assets stay drafts.
            "markets": [m for m in spec["markets"] if m in known_markets],
            "personas": spec["personas"], "stages": spec["stages"],
            "products": spec["products"],
            "review_by": today + timedelta(days=spec["review_by_days"]),
            **fields,
        }
        asset = assets.create_asset(owner, spec["kind"], data)
        if sections:
            pdf = white_paper_pdf(spec["title"], sections)
            filename = f"{spec['title'][:80]}.pdf"
            assets.attach_file(owner, asset, io.BytesIO(pdf), filename, upload_dir, max_bytes)
        if spec["status"] != AssetStatus.DRAFT and not assets.publish_problems(asset):
            assets.change_status(owner, asset, AssetStatus.PUBLISHED)
            # Spread publication over the last two months so "newest" means something.
            asset.published_at = asset.created_at = now - timedelta(days=(position * 7) % 60,
                                                                    hours=position)
        if spec["status"] == AssetStatus.ARCHIVED and asset.is_published:
            assets.change_status(owner, asset, AssetStatus.ARCHIVED)
        result.assets += 1
    db.session.flush()
    return result
