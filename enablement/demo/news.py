"""Offline demo news: invented industry stories for the seven demo markets, dated relative to the
moment they are loaded so this week's digest is full on a machine without internet.

Items go through the same cleaning and tagging as polled news (with the markets of the feeds.yml
in force), so "why tagged" is real. Publications, companies, people and figures are invented;
links point at example.com.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select

from enablement.extensions import db
from enablement.models import NewsFeed, NewsItem, Role, User, utcnow
from enablement.news.config import news_config
from enablement.news.parse import content_hash, key_for, key_values, sanitise_feed_html
from enablement.news.tagging import apply_tagging, document, tag

DEMO_FEEDS = {
    "demo-jobsite": "Jobsite Journal (demo)",
    "demo-care": "Care Delivery Daily (demo)",
    "demo-freight": "Freight Lines (demo)",
    "demo-plant": "Plant Floor Report (demo)",
    "demo-store": "Store Ops Weekly (demo)",
    "demo-grid": "Grid & Field (demo)",
    "demo-hotel": "Lodging & Dining Brief (demo)",
}

# hours: how long before loading the story was published.
DEMO_NEWS = [
    # ---------------------------------------------------------------- construction
    {"feed": "demo-jobsite", "hours": 3, "categories": ["Safety", "Regulation"],
     "title": "OSHA opens fall-protection emphasis program for residential contractors",
     "summary": "<p>Inspectors will prioritise jobsites with roof work over six feet. Contractors "
                "that cannot show daily scaffold checks face citations starting next quarter.</p>",
     "talking_points": "- Ask how they **document daily scaffold and harness checks** today.\n"
                       "- Fieldline Comply timestamps every checklist with the crew and site, "
                       "so an inspector sees proof in minutes.\n"
                       "- Offer the *Harbor & Pine* case study: 38% fewer missed site visits.",
     "pinned": True},
    {"feed": "demo-jobsite", "hours": 20, "categories": ["Permits"],
     "title": "Building permit backlog eases in three fast-growing metros",
     "summary": "<p>Average wait for a residential building permit fell to 41 days, letting "
                "homebuilders pull crews forward. Subcontractors report tighter scheduling "
                "windows as starts bunch up.</p>"},
    {"feed": "demo-jobsite", "hours": 45, "categories": ["Labor"],
     "title": "Prevailing wage rules expand to state-funded school projects",
     "summary": "<p>General contractors bidding on public school work must now certify "
                "payroll weekly. Firms without time tracking by jobsite expect audit pain.</p>"},
    {"feed": "demo-jobsite", "hours": 70, "categories": ["Technology"],
     "title": "Mid-size contractors double spending on crew scheduling software",
     "summary": "<p>A survey of 400 specialty contractors found scheduling and dispatch tools "
                "were the top software purchase this year, ahead of estimating.</p>"},
    {"feed": "demo-jobsite", "hours": 120, "categories": ["Safety"],
     "title": "Trench collapse prompts OSHA warning on excavation permits",
     "summary": "<p>After a trench collapse injured two workers, OSHA reminded contractors that "
                "trenches over five feet need a protective system and a competent person on "
                "site.</p>"},
    # ---------------------------------------------------------------- healthcare
    {"feed": "demo-care", "hours": 5, "categories": ["Home health"],
     "title": "Home health agencies face new visit-verification deadline",
     "summary": "<p>States must verify electronic visit data for every home health visit by "
                "January. Agencies still on paper timesheets risk payment delays.</p>",
     "talking_points": "Lead with the deadline: **January**. Fieldline Dispatch records GPS "
                       "check-in and check-out for each clinician visit, which is what "
                       "verification auditors ask for."},
    {"feed": "demo-care", "hours": 26, "categories": ["Workforce"],
     "title": "Health system cuts overtime 18% by rebalancing nurses across clinics",
     "summary": "<p>A regional health system moved float nurses between outpatient clinics "
                "each morning based on the day's bookings instead of fixed rosters.</p>"},
    {"feed": "demo-care", "hours": 50, "categories": ["Compliance"],
     "title": "HIPAA settlement puts mobile devices of field clinicians in focus",
     "summary": "<p>A hospice provider paid a settlement after an unencrypted tablet with "
                "patient notes was lost. Regulators urged device management for staff who "
                "work in patients' homes.</p>"},
    {"feed": "demo-care", "hours": 96, "categories": ["Operations"],
     "title": "Rural health systems turn to shared mobile clinics",
     "summary": "<p>Three rural health systems now share a fleet of mobile clinics, scheduling "
                "stops by county each week to reach patients who skip appointments.</p>"},
    {"feed": "demo-care", "hours": 150, "categories": ["Accreditation"],
     "title": "Joint Commission adds home-care safety checks to survey",
     "summary": "<p>Surveyors will review how organisations confirm that clinicians completed "
                "required safety steps during home visits.</p>"},
    # ---------------------------------------------------------------- logistics
    {"feed": "demo-freight", "hours": 2, "categories": ["Trucking"],
     "title": "Spot freight rates climb for a third week as capacity tightens",
     "summary": "<p>Dry van rates rose 4% week over week. Carriers are turning down short "
                "hauls, and shippers say appointment windows matter more than ever.</p>",
     "talking_points": "- Rates are up: **every missed dock appointment now costs more.**\n"
                       "- Fieldline Schedule books dock windows with live ETAs; mention the "
                       "3PL customer who cut detention fees by a third."},
    {"feed": "demo-freight", "hours": 30, "categories": ["Last mile"],
     "title": "Last mile delivery firms test evening slots to cut failed drops",
     "summary": "<p>Failed first attempts cost last mile operators an estimated $2.60 per "
                "parcel. Evening windows halved failures in a six-week trial.</p>"},
    {"feed": "demo-freight", "hours": 55, "categories": ["Cold chain"],
     "title": "Cold chain operators add temperature logging after spoilage claims",
     "summary": "<p>Cold storage and refrigerated trucking firms are adding sensors and "
                "driver checklists after a spike in spoilage claims from grocery chains.</p>"},
    {"feed": "demo-freight", "hours": 80, "categories": ["Warehousing"],
     "title": "Warehouse labor shortage eases, but turnover stays high",
     "summary": "<p>Warehousing employers filled more roles this quarter, yet 38% of new "
                "hires left within 90 days, keeping training costs up.</p>"},
    {"feed": "demo-freight", "hours": 130, "categories": ["Fleets"],
     "title": "Fleet management buyers ask for dispatch and compliance in one tool",
     "summary": "<p>Buyers of fleet management software increasingly want driver hours, "
                "inspections and dispatch in one product instead of three.</p>"},
    # ---------------------------------------------------------------- manufacturing
    {"feed": "demo-plant", "hours": 8, "categories": ["Safety"],
     "title": "Lockout/tagout citations remain a top-ten OSHA violation for manufacturers",
     "summary": "<p>Lockout/tagout failures drew more than 2,000 citations last year. "
                "Plants with digital procedures closed findings twice as fast.</p>"},
    {"feed": "demo-plant", "hours": 33, "categories": ["Reshoring"],
     "title": "Reshoring pushes new factory construction to a record",
     "summary": "<p>Manufacturing construction spending hit a record as companies build "
                "factories closer to customers. Contractors say skilled trades are the "
                "bottleneck.</p>"},
    {"feed": "demo-plant", "hours": 60, "categories": ["Service"],
     "title": "Equipment makers grow field service revenue as buyers favour uptime contracts",
     "summary": "<p>Manufacturers now earn up to a quarter of revenue from field service "
                "contracts, and technicians' first-time fix rate has become a board "
                "metric.</p>",
     "talking_points": "Great opener for OEMs: ask for their **first-time fix rate**. "
                       "Fieldline Insights tracks it per technician and per part."},
    {"feed": "demo-plant", "hours": 100, "categories": ["Operations"],
     "title": "Production line downtime costs rise with energy prices",
     "summary": "<p>An unplanned hour of production line downtime now costs mid-size plants "
                "an average of $39,000, up 12% on last year.</p>"},
    # ---------------------------------------------------------------- retail
    {"feed": "demo-store", "hours": 4, "categories": ["Store operations"],
     "title": "Grocers rethink store associates' schedules around online pickup peaks",
     "summary": "<p>Supermarket chains are shifting store associates to pickup duty between "
                "4 and 7 pm, when online orders peak.</p>"},
    {"feed": "demo-store", "hours": 28, "categories": ["Results"],
     "title": "Same-store sales rise 3.1% as retailers lean on remodels",
     "summary": "<p>Retailers that remodelled at least a fifth of their stores outperformed "
                "peers; contractors booked for remodels say schedules are full into spring.</p>"},
    {"feed": "demo-store", "hours": 75, "categories": ["Maintenance"],
     "title": "Retail chains consolidate refrigeration and HVAC maintenance vendors",
     "summary": "<p>Large retail chains are cutting facilities vendors from dozens to a few, "
                "asking for proof of visit and repair time for every store.</p>",
     "talking_points": "Facilities teams need **proof of visit per store**. Show the Fieldline "
                       "Dispatch photo check-in and the vendor scorecard in Fieldline "
                       "Insights."},
    {"feed": "demo-store", "hours": 140, "categories": ["Merchandising"],
     "title": "Merchandising teams move resets to overnight crews",
     "summary": "<p>Overnight merchandising crews completed planogram resets 30% faster "
                "without shoppers in the aisles.</p>"},
    # ---------------------------------------------------------------- energy
    {"feed": "demo-grid", "hours": 6, "categories": ["Storms"],
     "title": "Utilities pre-stage lineworkers ahead of early winter storm",
     "summary": "<p>Electric utilities in four states moved more than 3,000 lineworkers and "
                "contract crews into staging areas before the storm made landfall.</p>"},
    {"feed": "demo-grid", "hours": 24, "categories": ["Wildfire"],
     "title": "Vegetation management budgets jump after wildfire rulings",
     "summary": "<p>Utilities plan to spend 22% more on vegetation management near power "
                "lines, with regulators asking for proof of every trimming cycle.</p>",
     "talking_points": "Regulators want **proof of every trimming cycle**: Fieldline Comply "
                       "keeps geotagged records per span. Pair with the *Prairie Electric* "
                       "case study.",
     "pinned": True},
    {"feed": "demo-grid", "hours": 52, "categories": ["Grid"],
     "title": "Electric cooperative upgrades substations to speed outage response",
     "summary": "<p>A rural electric cooperative is adding sensors to 40 substations so crews "
                "can be dispatched before members call in outages.</p>"},
    {"feed": "demo-grid", "hours": 110, "categories": ["Oil and gas"],
     "title": "Pipeline operators face stricter inspection reporting",
     "summary": "<p>New rules require oil and gas pipeline operators to report inspection "
                "results within 30 days, with records of who inspected which segment.</p>"},
    {"feed": "demo-grid", "hours": 160, "categories": ["Renewables"],
     "title": "Renewable developers struggle to staff solar farm maintenance",
     "summary": "<p>Renewables operators say finding technicians for remote solar and wind "
                "sites is now harder than financing them.</p>"},
    # ---------------------------------------------------------------- hospitality
    {"feed": "demo-hotel", "hours": 7, "categories": ["Hotels"],
     "title": "Hotel chains tie housekeeping schedules to real-time checkouts",
     "summary": "<p>Hotels piloting checkout-driven housekeeping cut room turnaround by 25 "
                "minutes and reduced overtime on weekends.</p>"},
    {"feed": "demo-hotel", "hours": 36, "categories": ["Restaurants"],
     "title": "Restaurant groups centralise equipment repairs across locations",
     "summary": "<p>Multi-unit restaurant operators are moving kitchen equipment repairs to a "
                "single service desk that dispatches technicians by urgency.</p>"},
    {"feed": "demo-hotel", "hours": 90, "categories": ["Franchising"],
     "title": "Franchisees push brands for shared maintenance contracts",
     "summary": "<p>Franchisees of two quick-service brands asked for group contracts for "
                "food service equipment maintenance to cut costs.</p>"},
    {"feed": "demo-hotel", "hours": 125, "categories": ["Resorts"],
     "title": "Resort operators add mobile work orders for grounds crews",
     "summary": "<p>Resorts with large grounds are replacing radio calls with mobile work "
                "orders, tracking response times by zone.</p>"},
    # ---------------------------------------------------------------- older, for "last 30 days"
    {"feed": "demo-jobsite", "hours": 240, "categories": ["Safety"],
     "title": "Crane inspections lag as construction starts surge",
     "summary": "<p>Inspectors report crane certification backlogs in busy metros; OSHA "
                "reminded contractors that lapsed inspections halt lifts.</p>"},
    {"feed": "demo-freight", "hours": 300, "categories": ["Trucking"],
     "title": "Trucking insurers ask for proof of driver inspections",
     "summary": "<p>Insurers are offering lower premiums to trucking fleets that can show "
                "completed pre-trip inspections for every driver.</p>"},
    {"feed": "demo-care", "hours": 400, "categories": ["Workforce"],
     "title": "Hospice providers expand weekend coverage",
     "summary": "<p>Hospice providers are adding weekend clinician rotations as families "
                "request more visits outside office hours.</p>"},
]


def _marketer() -> User | None:
    return db.session.scalar(
        select(User).where(User.role == Role.MARKETING.value).order_by(User.id).limit(1))


def load_demo_news(now: datetime | None = None) -> int:
    """Add the demo news unless the hub already has news; returns how many items. No commit."""
    if db.session.scalar(select(func.count(NewsItem.id))):
        return 0
    now = now or utcnow()
    config = news_config()
    feeds = {}
    for key, name in DEMO_FEEDS.items():
        feed = db.session.scalar(select(NewsFeed).where(NewsFeed.key == key))
        if feed is None:
            feed = NewsFeed(key=key, name=name, url=f"https://example.com/demo-news/{key}.xml",
                            state="ok", key_kind="guid", last_success_at=now)
            db.session.add(feed)
        feeds[key] = feed
    author = _marketer()
    for number, spec in enumerate(DEMO_NEWS, start=1):
        feed = feeds[spec["feed"]]
        published = now - timedelta(hours=spec["hours"])
        url = f"https://example.com/demo-news/{spec['feed']}/{number}"
        summary = sanitise_feed_html(spec["summary"])
        guid = f"{spec['feed']}-{number}"
        values = key_values(guid=guid, url=url, title=spec["title"],
                            date_key=published.isoformat(), summary=summary)
        item = NewsItem(
            feed=feed, key=key_for(values, "guid"), guid=guid, url=url, title=spec["title"],
            summary=summary, categories=spec["categories"], source_published_at=published,
            published_at=published, first_seen_at=published, updated_at=now,
            content_hash=content_hash(spec["title"], url, summary, "", spec["categories"]),
        )
        if config is not None:
            apply_tagging(item, tag(config, document(
                title=item.title, summary=summary, url=url, feed_key=feed.key,
                feed_name=feed.name, categories=spec["categories"])))
        if spec.get("talking_points"):
            item.talking_points = spec["talking_points"]
            item.talking_points_by = author
            item.talking_points_at = published + timedelta(hours=1)
        if spec.get("pinned"):
            item.pinned, item.pinned_at = True, published + timedelta(hours=1)
        db.session.add(item)
    db.session.flush()
    return len(DEMO_NEWS)
