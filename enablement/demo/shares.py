"""Demo shares with buyer activity (content/shares.yml), made through the shares service so the
demo obeys the same sharing rules as a rep. Reading times are made up, by seed."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from enablement.assets import attachments as files
from enablement.demo.files import CONTENT, DemoContentError, read_yaml, relative
from enablement.extensions import db
from enablement.models import Asset, AssetStatus, AssetTag, User, utcnow
from enablement.shares import engagement, pages
from enablement.shares import services as shares
from enablement.shares.rules import is_shareable

SHARES_FILE = CONTENT / "shares.yml"


@dataclass
class SharesResult:
    shares: int = 0
    visits: int = 0


def _assets_for(market: str, count: int) -> list[Asset]:
    found = db.session.scalars(
        select(Asset).join(AssetTag).where(Asset.status == AssetStatus.PUBLISHED,
                                           AssetTag.facet == "markets", AssetTag.value == market)
        .order_by(Asset.kind != "white_paper", Asset.id))
    return [a for a in found if is_shareable(a)][:count]


def _page_count(asset: Asset) -> int:
    pdf = next((a for a in asset.attachments if a.kind == "pdf"), None)
    if pdf is None:
        return 0
    config = current_app.config
    try:
        return pages.layout(files.stored_path(config["UPLOAD_DIR"], pdf.stored_name), pdf.sha256,
                            config["SHARE_PAGE_CACHE_DIR"]).count
    except pages.PageError:
        return 0


def load_shares(seed: int = 11) -> SharesResult:
    """Add the demo shares and what their buyers read; does not commit."""
    rng = random.Random(seed)  # noqa: S311  # nosec B311 - made-up demo activity, by seed
    specs = read_yaml(SHARES_FILE)
    if not isinstance(specs, dict) or not isinstance(specs.get("shares"), list):
        raise DemoContentError([(relative(SHARES_FILE), "shares", "A list of shares.")])
    result, now = SharesResult(), utcnow()
    for n, spec in enumerate(specs["shares"]):
        rep = db.session.scalar(select(User).where(User.email == spec.get("rep")))
        assets = _assets_for(spec.get("market", ""), int(spec.get("assets", 2)))
        if rep is None or not assets:
            continue  # a hub whose feeds.yml lacks the market: nothing to share there
        fields = {k: spec[k] for k in ("account", "recipient_name", "recipient_email", "note",
                                       "allow_download", "require_email") if k in spec}
        share, _token = shares.create_share(rep, {"asset_ids": [a.id for a in assets],
                                                  **fields})
        sent = now - timedelta(days=int(spec.get("days_ago", 7)), hours=rng.randint(1, 8))
        share.created_at = sent
        result.shares += 1
        visitor = f"demo-visitor-{n}".ljust(64, "0")
        when = sent
        for visit in range(int(spec.get("visits", 0))):
            when = min(when + timedelta(hours=rng.randint(2, 60)), now)
            dwell = {}
            for asset in assets if visit == 0 else rng.sample(assets, k=1):
                count = _page_count(asset)
                if count:
                    for page in range(1, rng.randint(1, count) + 1):
                        dwell[(asset.id, page)] = rng.randint(4, 70) * 1000
                else:
                    dwell[(asset.id, 0)] = rng.randint(15, 180) * 1000
            engagement.record(share, visitor, engagement.Beacon(f"demo{n}x{visit}".ljust(20, "0"),
                                                                dwell), when)
            result.visits += 1
        if spec.get("require_email") and spec.get("recipient_email") and result.visits:
            engagement.visitor_for(share, visitor, spec["recipient_email"])
    db.session.flush()
    return result
