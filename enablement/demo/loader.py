"""Loads the demo company's users and assets into an empty hub, from the files in content/.

- `company.yml`: the markets the demo is written for, and its users.
- `assets/<kind>/NN-<name>.md`: one asset per file. The YAML front matter holds the fields the
  asset form and API take, plus `status`, `owner` (a demo user's email), `review_by_days` (from
  the day the demo loads; negative is already overdue) and optionally `document_sections`
  (`{heading, text}` rendered into an attached PDF, for white papers). The Markdown after the
  front matter is the body. Files load kind by kind, then by name: the number keeps the order,
  which dates the assets and picks the demo activity.

Every file is checked by the assets service's own rules before anything is written, so a bad
file stops the load with its name and the field.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from fpdf import FPDF
from sqlalchemy import func, select

from enablement.assets import attachments as files
from enablement.assets import services as assets
from enablement.assets.kinds import KINDS
from enablement.auth import services as auth
from enablement.demo.files import CONTENT, DemoContentError, read_front_matter, read_yaml, relative
from enablement.errors import DomainError, Forbidden, ValidationError
from enablement.extensions import db
from enablement.markets import markets
from enablement.models import Asset, AssetStatus, User, utcnow

COMPANY_FILE = CONTENT / "company.yml"
ASSETS_DIR = CONTENT / "assets"

LATIN1_FALLBACKS = str.maketrans({"—": "-", "–": "-", "’": "'", "‘": "'", "“": '"', "”": '"',
                                  "…": "...", "•": "-", "→": "->", "≈": "~"})


@dataclass
class DemoResult:
    loaded: bool
    assets: int = 0
    passwords: dict[str, str] = field(default_factory=dict)
    stored: list[str] = field(default_factory=list)  # PDFs on disk: delete if the commit fails


@dataclass(frozen=True)
class Company:
    markets: list[str]
    users: list[dict]


@dataclass(frozen=True)
class DemoAsset:
    path: str  # relative to content/, for error messages
    kind: str
    status: str
    owner: str
    data: dict  # what the asset form or API would send
    sections: list[dict]
    markets_dropped: bool  # the hub's feeds.yml has none of the asset's markets


def _latin1(text: str) -> str:
    return text.translate(LATIN1_FALLBACKS).encode("latin-1", "replace").decode("latin-1")


def white_paper_pdf(title: str, sections: list[dict]) -> bytes:
    """A real PDF for a demo white paper, so its text is searchable: a section per page after
    the first, so a buyer reading it through a share reads page by page."""
    pdf = FPDF()
    pdf.set_title(_latin1(title))
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 18)
    pdf.multi_cell(0, 9, _latin1(title), new_x="LMARGIN", new_y="NEXT")
    for number, section in enumerate(sections):
        if number:
            pdf.add_page()
        pdf.ln(4)
        pdf.set_font("Helvetica", "B", 13)
        pdf.multi_cell(0, 7, _latin1(section["heading"]), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 11)
        pdf.multi_cell(0, 5.5, _latin1(section["text"]), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _texts(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def read_company(path: Path | None = None) -> Company:
    """The demo's markets and users, as company.yml lists them."""
    path = path or COMPANY_FILE
    data = read_yaml(path)
    name = relative(path)
    problems = []
    if not isinstance(data, dict):
        raise DemoContentError([(name, "file", "Needs `markets:` and `users:`.")])
    if not _texts(data.get("markets")):
        problems.append((name, "markets", "A list of market slugs, e.g. [construction, energy]."))
    users = data.get("users")
    if not isinstance(users, list):
        problems.append((name, "users", "A list of {email, name, role}."))
        users = []
    for number, user in enumerate(users):
        if not isinstance(user, dict) or not all(
                isinstance(user.get(key), str) for key in ("email", "name", "role")):
            problems.append((name, f"users[{number}]", "Give each user an email, name and role."))
    if problems:
        raise DemoContentError(problems)
    return Company(markets=data["markets"], users=users)


def _document(sections: object) -> bool:
    return isinstance(sections, list) and all(
        isinstance(s, dict) and set(s) == {"heading", "text"} and _texts(list(s.values()))
        for s in sections)


def read_asset(path: Path, kind: str, company: Company, today: date) -> DemoAsset:
    """One asset file, checked as the asset form checks what marketing types."""
    name = relative(path)
    front, body = read_front_matter(path)
    status = front.pop("status", None)
    owner = front.pop("owner", None)
    days = front.pop("review_by_days", None)
    sections = front.pop("document_sections", None) or []
    problems = []
    if status not in {s.value for s in AssetStatus}:
        problems.append((name, "status", f"Use one of {', '.join(AssetStatus)}."))
    emails = [user["email"] for user in company.users]
    if owner not in emails:
        problems.append((name, "owner", f"Use a demo user from company.yml: {', '.join(emails)}."))
    if not isinstance(days, int) or isinstance(days, bool):
        problems.append((name, "review_by_days", "Days from loading the demo, e.g. 180."))
        days = 0
    if not _document(sections):
        problems.append((name, "document_sections", "A list of {heading, text}."))
    for reserved, where in (("body", "the Markdown after the front matter"),
                            ("review_by", "review_by_days")):
        if reserved in front:
            problems.append((name, reserved, f"Give it as {where}."))
    listed = front.get("markets", [])
    if not _texts(listed):
        problems.append((name, "markets", "A list of market slugs, e.g. [construction, energy]."))
        listed = []
    unknown = [m for m in listed if m not in company.markets]
    if unknown:
        problems.append((name, "markets", f"Unknown market: {', '.join(unknown)}. The demo's "
                         f"markets (company.yml) are: {', '.join(company.markets)}."))
    # A customised feeds.yml may lack some demo markets: the asset loads without them.
    known = markets()
    front["markets"] = [m for m in listed if m in known]
    data = {**front, "body": body, "review_by": today + timedelta(days=days)}
    try:
        assets.clean_input(data, kind)
    except ValidationError as error:
        problems += [(name, key, message) for key, message in error.fields.items()]
    if problems:
        raise DemoContentError(problems)
    return DemoAsset(name, kind, status, owner, data, sections,
                     markets_dropped=bool(listed) and not front["markets"])


def read_assets(company: Company, today: date, directory: Path | None = None) -> list[DemoAsset]:
    """Every demo asset in load order; DemoContentError lists every problem in every file."""
    directory = directory or ASSETS_DIR
    problems = []
    for folder in sorted(directory.iterdir()):
        if folder.name not in KINDS:
            problems.append((relative(folder), "kind",
                             f"Asset folders are named by kind: {', '.join(KINDS)}."))
    found = []
    for kind in KINDS:
        for path in sorted((directory / kind).glob("*.md")):
            try:
                found.append(read_asset(path, kind, company, today))
            except DemoContentError as error:
                problems += error.problems
    if problems:
        raise DemoContentError(problems)
    return found


def _users(company: Company, result: DemoResult) -> dict[str, User]:
    users = {}
    for number, spec in enumerate(company.users):
        user = auth.find_user(spec["email"])
        if user is None:
            password = auth.generate_password()
            try:
                user = auth.create_user(spec["email"], spec["name"], spec["role"], password)
            except DomainError as error:
                raise DemoContentError(
                    (relative(COMPANY_FILE), f"users[{number}]" + (f".{key}" if key else ""),
                     message)
                    for key, message in (error.fields or {"": error.message}).items()) from error
            result.passwords[user.email] = password
        users[spec["email"]] = user
    return users


def _create(spec: DemoAsset, owner: User, published_at: datetime, upload_dir: str,
            max_bytes: int, stored: list[str]) -> None:
    asset = assets.create_asset(owner, spec.kind, spec.data)
    if spec.sections:
        pdf = white_paper_pdf(spec.data["title"], spec.sections)
        attachment = assets.attach_file(owner, asset, io.BytesIO(pdf),
                                        f"{spec.data['title'][:80]}.pdf", upload_dir, max_bytes)
        stored.append(attachment.stored_name)
    if spec.status == AssetStatus.DRAFT:
        return
    problems = assets.publish_problems(asset)
    if spec.markets_dropped:
        problems.pop("markets", None)  # not the file's fault: it stays a draft in this hub
    if problems:
        raise ValidationError("This asset isn't ready to publish.", problems)
    if asset.markets:
        assets.change_status(owner, asset, AssetStatus.PUBLISHED)
        asset.published_at = asset.created_at = published_at
        if spec.status == AssetStatus.ARCHIVED:
            assets.change_status(owner, asset, AssetStatus.ARCHIVED)


def load_demo(upload_dir: str, max_bytes: int, today: date | None = None) -> DemoResult:
    """Create the demo users and assets unless the hub already has assets. Does not commit.

    Raises DemoContentError, before writing anything, when a data file is bad; the caller rolls
    back if it is raised later (an asset the service refuses).
    """
    if db.session.scalar(select(func.count(Asset.id))):
        return DemoResult(loaded=False)
    today = today or date.today()
    company = read_company()
    specs = read_assets(company, today)
    result = DemoResult(loaded=True)
    users = _users(company, result)
    now = utcnow()
    try:
        for position, spec in enumerate(specs):
            # Spread publication over the last two months so "newest" means something.
            published_at = now - timedelta(days=(position * 7) % 60, hours=position)
            try:
                _create(spec, users[spec.owner], published_at, upload_dir, max_bytes,
                        result.stored)
            except Forbidden as error:
                raise DemoContentError([(spec.path, "owner", error.message)]) from error
            except DomainError as error:
                raise DemoContentError(
                    (spec.path, key, message)
                    for key, message in (error.fields or {"asset": error.message}).items()
                ) from error
            result.assets += 1
    except BaseException:
        for name in result.stored:  # on disk already; the rolled-back rows won't point at them
            files.delete_stored(upload_dir, name)
        raise
    db.session.flush()
    return result
