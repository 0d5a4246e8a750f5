"""The rep's side in the browser: sharing from an asset page, the builder, the share's page,
"My shares", and marketing's internal-only flag."""

from __future__ import annotations

import re
from urllib.parse import unquote

from sqlalchemy import select

from enablement.extensions import db
from enablement.models import Share
from tests.assets.test_views import form as asset_form


def test_marketing_marks_an_asset_internal_only_and_it_cannot_be_shared(client, login_as,
                                                                       create_asset):
    login_as("marketing")
    asset = create_asset("case_study")
    assert "Share with a buyer</a>" in client.get(f"/assets/{asset.id}").get_data(as_text=True)
    response = client.post(f"/assets/{asset.id}/edit", data=asset_form(internal_only="y"))
    assert response.status_code == 302
    page = client.get(f"/assets/{asset.id}").get_data(as_text=True)
    assert "Internal only: never shared with buyers" in page
    assert "Marketing marked this asset internal only." in page
    edit = client.get(f"/assets/{asset.id}/edit").get_data(as_text=True)
    assert re.search(r"<input[^>]*checked[^>]*name=\"internal_only\"", edit), \
        re.findall(r"<input[^>]*internal_only[^>]*>", edit)


def test_a_rep_shares_from_the_asset_page(client, login_as, create_asset):
    login_as("rep")
    asset, template = create_asset("case_study"), create_asset("email_template")
    page = client.get(f"/assets/{asset.id}").get_data(as_text=True)
    assert f'href="/shares/new?asset_id={asset.id}"' in page
    assert "can&#39;t be shared" in client.get(f"/assets/{template.id}").get_data(as_text=True)
    builder = client.get(f"/shares/new?asset_id={asset.id}").get_data(as_text=True)
    assert re.search(rf'value="{asset.id}" checked', builder) or \
        re.search(rf'checked[^>]*value="{asset.id}"', builder)
    assert f'value="{template.id}"' not in builder  # email templates are never offered
    response = client.post("/shares/new", data={
        "asset_ids": [str(asset.id)], "account": "Harbor & Pine", "recipient_name": "Dana",
        "recipient_email": "dana@harbor.example", "expires_in_days": "14",
        "note": "See **results**"})
    assert response.status_code == 302
    share = db.session.scalar(select(Share))
    detail = client.get(response.headers["Location"]).get_data(as_text=True)
    link = re.search(r'id="share-link" type="text" readonly value="([^"]+)"', detail).group(1)
    assert link.startswith("http://hub.test/s/") and 'data-copy-target="share-link"' in detail
    mailto = re.search(r'href="(mailto:[^"]+)"', detail).group(1)
    assert mailto.startswith("mailto:dana%40harbor.example?subject=") and \
        link in unquote(mailto.replace("&amp;", "&"))
    assert "<strong>results</strong>" in detail and "Not opened yet" in detail
    assert round((share.expires_at - share.created_at).total_seconds() / 86400) == 14


def test_the_builder_keeps_what_was_typed_when_refused(client, login_as, create_asset):
    login_as("rep")
    asset = create_asset("case_study")
    response = client.post("/shares/new", data={
        "asset_ids": [str(asset.id)], "account": "", "recipient_name": "Dana",
        "expires_in_days": "400"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Name the account" in page and "from 1 to 365" in page and 'value="Dana"' in page
    nothing = client.post("/shares/new", data={"account": "Harbor & Pine"})
    assert nothing.status_code == 422 and "Pick at least one asset" in nothing.get_data(
        as_text=True)
    assert db.session.scalar(select(Share)) is None


def test_add_remove_extend_and_revoke_from_the_share_page(client, login_as, make_share,
                                                          create_asset):
    rep = login_as("rep")
    first, second = create_asset("case_study"), create_asset("sales_aid")
    share, token = make_share(owner=rep, assets=[first])
    base = f"/shares/{share.id}"
    assert client.post(f"{base}/assets", data={"asset_ids": [str(second.id)]}).status_code == 302
    assert [i.asset_id for i in share.items] == [first.id, second.id]
    assert client.post(f"{base}/assets/{first.id}/remove").status_code == 302
    assert [i.asset_id for i in share.items] == [second.id]
    refused = client.post(f"{base}/extend", data={"expires_in_days": "0"})
    assert refused.status_code == 422 and "from 1 to 365" in refused.get_data(as_text=True)
    assert client.post(f"{base}/extend", data={"expires_in_days": "200"}).status_code == 302
    assert (share.expires_at - share.created_at).days >= 199
    assert client.post(f"{base}/revoke").status_code == 302
    page = client.get(base).get_data(as_text=True)
    assert "Revoked" in page and 'id="share-link"' not in page
    assert client.get(f"/s/{token}").status_code == 410


def test_my_shares_are_mine_hottest_first_and_others_are_hidden(client, login_as, make_share,
                                                                create_user):
    from enablement.models import utcnow

    rep = login_as("rep")
    quiet, _ = make_share(owner=rep, account="Quiet Co")
    hot, _ = make_share(owner=rep, account="Hot Co")
    cold, _ = make_share(owner=rep, account="Cold Co")
    hot.last_activity_at = utcnow()
    theirs, _ = make_share(owner=create_user("rep"), account="Their Co")
    db.session.commit()
    page = client.get("/shares").get_data(as_text=True)
    order = [name for name in re.findall(r">(\w+ Co)</a>", page)]
    assert order == ["Hot Co", "Cold Co", "Quiet Co"]
    assert client.get(f"/shares/{theirs.id}").status_code == 404
    assert client.post(f"/shares/{theirs.id}/revoke").status_code == 404
    assert theirs.revoked_at is None and quiet.revoked_at is None and cold.views == 0


def test_share_forms_need_the_csrf_token(csrf_app, create_user, create_asset):
    from tests.conftest import PASSWORD

    client = csrf_app.test_client()
    rep = create_user("rep")
    login = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login).group(1)
    client.post("/login", data={"email": rep.email, "password": PASSWORD, "csrf_token": token})
    asset = create_asset()
    response = client.post("/shares/new", data={"asset_ids": [str(asset.id)],
                                                 "account": "Harbor & Pine"})
    assert response.status_code == 400
    assert db.session.scalar(select(Share)) is None


def test_the_builder_can_start_with_several_assets(client, login_as, create_asset):
    login_as("rep")
    first, second = create_asset("case_study"), create_asset("sales_aid")
    page = client.get(f"/shares/new?asset_id={first.id}&asset_id={second.id}&asset_id=x"
                      ).get_data(as_text=True)
    assert len(re.findall(r"<input[^>]*checked[^>]*>", page)) == 2


def test_search_results_offer_to_add_an_asset_to_a_share(client, login_as, create_asset):
    login_as("rep")
    from enablement.search.outbox import drain

    study, internal = create_asset("case_study"), create_asset("sales_aid", internal_only=True)
    drain()
    page = client.get("/search?q=harbor").get_data(as_text=True)
    assert f'href="/shares/new?asset_id={study.id}"' in page
    builder = client.get(f"/shares/new?asset_id={internal.id}").get_data(as_text=True)
    assert "can&#39;t be shared with buyers" in builder
    assert not re.findall(r"<input[^>]*checked[^>]*>", builder)


def test_the_share_page_never_names_an_asset_the_rep_can_no_longer_open(client, login_as,
                                                                        make_share,
                                                                        create_asset):
    from enablement.assets import services as asset_services
    from enablement.models import utcnow
    from enablement.shares import engagement

    rep = login_as("rep")
    secret, kept = create_asset("case_study", title="Secret pricing study"), create_asset()
    share, _ = make_share(owner=rep, assets=[secret, kept])
    engagement.record(share, "h" * 64, engagement.Beacon("v" * 20, {(secret.id, 0): 3000}),
                      utcnow())
    asset_services.change_status(secret.owner, secret, "draft")
    db.session.commit()
    page = client.get(f"/shares/{share.id}").get_data(as_text=True)
    assert "Secret pricing study" not in page and "no longer published" in page
