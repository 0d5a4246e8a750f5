"""Buyer engagement on /insights: times shared, opened, median time, completion, never opened."""

from __future__ import annotations

from datetime import timedelta

from markupsafe import escape

from enablement.extensions import db
from enablement.models import utcnow
from enablement.shares import engagement


def _read(share, key, dwell, at=None):
    engagement.record(share, key * 64, engagement.Beacon(key * 20, dwell), at or utcnow())
    db.session.commit()


def test_marketing_sees_what_buyers_read(client, login_as, make_share, white_paper, create_asset,
                                         create_user, buyer):
    paper, study, aid = white_paper(pages=3), create_asset("case_study"), create_asset("sales_aid")
    rep = create_user("rep")
    first, token = make_share(owner=rep, assets=[paper, study])
    second, _ = make_share(owner=rep, assets=[paper, aid])
    buyer.get(f"/s/{token}")  # renders (and caches) the PDF's layout, as a real open does
    _read(first, "a", {(paper.id, 1): 2000, (paper.id, 2): 2000, (paper.id, 3): 2000})
    _read(first, "b", {(paper.id, 1): 4000})
    _read(second, "c", {(paper.id, 1): 10_000})
    login_as("marketing")
    page = client.get("/insights").get_data(as_text=True)
    assert 'id="buyer-engagement"' in page and "3 real views" in page
    table = page.split('id="buyer-engagement"')[1].split("</table>")[0]
    row = table.split(f">{escape(paper.title)}</a>")[1].split("</tr>")[0]
    # Shared twice, opened three times, median 6 s, one open in three reached page 3.
    assert [c.split("<")[0] for c in row.split("<td>")[1:]] == ["2", "3", "6.0 s", "33%"]
    chart = page.split('id="buyers-chart-title"')[1].split("</svg>")[0]
    assert f"{escape(paper.title)}: 2 times shared" in chart
    assert f"{escape(paper.title)}: 3 opened by a buyer" in chart
    assert f"{escape(study.title)}: 0 opened by a buyer" in chart
    assert 'id="buyers-chart-compact-title"' in page  # and one drawn for phones
    never = page.split('id="never-opened"')[1]
    assert escape(study.title) in never and escape(aid.title) in never
    assert escape(paper.title) not in never
    data = client.get("/api/v1/insights").json["buyers"]
    assert data["shares"] == 2 and data["opens"] == 3
    assert data["assets"][0] == {"asset": data["assets"][0]["asset"], "shared": 2, "opened": 3,
                                 "median_seconds": 6.0, "completion": 33}
    assert {r["asset"]["id"] for r in data["never_opened"]} == {study.id, aid.id}


def test_no_buyer_chart_without_shares(client, login_as):
    login_as("marketing")
    page = client.get("/insights").get_data(as_text=True)
    assert "No shares in this period" in page and "buyers-chart" not in page


def test_the_period_decides_what_counts(client, login_as, make_share, create_asset):
    share, _ = make_share()
    asset_id = share.items[0].asset_id
    share.created_at = utcnow() - timedelta(days=100)
    _read(share, "a", {(asset_id, 0): 3000}, utcnow() - timedelta(days=99))
    login_as("marketing")
    data = client.get("/api/v1/insights?days=30").json["buyers"]
    assert (data["shares"], data["opens"], data["assets"]) == (0, 0, [])
    data = client.get("/api/v1/insights?days=366").json["buyers"]
    assert data["assets"][0]["opened"] == 1


def test_buyer_engagement_per_market(client, login_as, make_share, create_asset):
    builders = create_asset("case_study", title="For builders", markets=["construction"])
    hospitals = create_asset("case_study", title="For hospitals",
                             markets=["healthcare", "construction"])
    share, _ = make_share(assets=[builders, hospitals])
    make_share(assets=[builders])
    _read(share, "a", {(builders.id, 0): 3000})
    login_as("marketing")
    data = client.get("/api/v1/insights").json["buyers"]
    assert data["markets"] == [
        {"market": "construction", "label": "Construction", "shared": 3, "opened": 1},
        {"market": "healthcare", "label": "Healthcare", "shared": 1, "opened": 0}]
    page = client.get("/insights").get_data(as_text=True)
    table = page.split('id="buyer-engagement-markets"')[1].split("</table>")[0]
    assert "<th scope=\"row\">Construction</th><td>3</td><td>1</td>" in table
