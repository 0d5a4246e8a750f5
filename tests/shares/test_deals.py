"""A win credits what the buyer read in the rep's shares with that account."""

from __future__ import annotations

from enablement.extensions import db
from enablement.wins import services as wins
from tests.shares.conftest import beacon


def test_a_win_credits_what_the_buyer_read_beside_what_the_rep_names(
        app, buyer, make_share, create_user, create_asset):
    rep = create_user("rep")
    read, unread, named = create_asset(title="Read"), create_asset(title="Unread"), \
        create_asset(title="Named")
    share, token = make_share(owner=rep, assets=[read, unread])
    other_share, other_token = make_share(owner=rep, assets=[unread], account="Someone else")
    beacon(buyer, token, [{"a": read.id, "p": 0, "ms": 4000}])
    beacon(buyer, other_token, [{"a": unread.id, "p": 0, "ms": 4000}], view_key="o" * 24)
    db.session.commit()

    win, _ = wins.record_win(rep, {"account": "  harbor & PINE ", "amount": 10,
                                   "asset_ids": [named.id]})
    assert [a.title for a in win.assets] == ["Named", "Read"]  # not the unread one, nor the
    # asset read in another account's share


def test_another_reps_shares_and_unpublished_assets_are_not_credited(
        app, buyer, make_share, create_user, create_asset):
    rep, colleague = create_user("rep"), create_user("rep")
    asset = create_asset(title="Read by the buyer")
    _, token = make_share(owner=colleague, assets=[asset])
    beacon(buyer, token, [{"a": asset.id, "p": 0, "ms": 4000}])
    db.session.commit()
    win, _ = wins.record_win(rep, {"account": "Harbor & Pine", "amount": 10})
    assert win.assets == []

    win, _ = wins.record_win(colleague, {"account": "Harbor & Pine", "amount": 10})
    assert [a.title for a in win.assets] == ["Read by the buyer"]


def test_the_win_form_suggests_the_accounts_of_the_reps_shares(client, auth, make_share,
                                                             create_user):
    rep = create_user("rep")
    make_share(owner=rep, account="Harbor & Pine")
    make_share(account="Someone else's account")  # another rep's share
    auth.login(rep)
    page = client.get("/wins/new").get_data(as_text=True)
    assert 'list="share-accounts"' in page
    datalist = page.split('<datalist id="share-accounts">')[1].split("</datalist>")[0]
    assert datalist == '<option value="Harbor &amp; Pine"></option>'
