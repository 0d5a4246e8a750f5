"""The buyer page: what a buyer sees without signing in, its headers, gates and its limits."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from markupsafe import escape

from enablement.assets import services as asset_services
from enablement.extensions import db
from enablement.models import AssetStatus, ShareDownload, ShareVisit, ShareVisitor, utcnow
from tests.shares.conftest import beacon, form_key


def test_the_buyer_reads_the_share_without_signing_in(buyer, make_share, create_asset,
                                                      white_paper, create_user):
    rep = create_user("rep", name="Riley Rep")
    study, paper = create_asset("case_study"), white_paper(pages=3)
    share, token = make_share(owner=rep, assets=[study, paper],
                              note="Hi Dana,\n\n**Page 2** is the one.<script>alert(1)</script>")
    response = buyer.get(f"/s/{token}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Riley Rep" in page and "<strong>Page 2</strong>" in page
    assert "<script>alert" not in page
    assert escape(study.title) in page and "38% fewer missed visits" in page
    images = re.findall(rf'src="(/s/{token}/a/{paper.id}/f/\d+/p/(\d)\.png)"', page)
    assert [n for _, n in images] == ["1", "2", "3"]
    with buyer.get(images[1][0]) as image:
        assert image.status_code == 200 and image.data.startswith(b"\x89PNG")
    # Nothing of the hub: no navigation, no search, no hub session cookie.
    assert "Sign out" not in page and 'role="search"' not in page and "/assets/" not in page
    assert all(not c.startswith("session=") for c in response.headers.getlist("Set-Cookie"))
    # No downloads unless the rep allowed them.
    assert "Download" not in page
    assert buyer.get(f"/s/{token}/a/{paper.id}/f/{paper.attachments[0].id}").status_code == 404


def test_the_buyer_page_is_private_and_strict(buyer, make_share):
    _, token = make_share()
    response = buyer.get(f"/s/{token}")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "http" not in csp
    assert response.headers["X-Robots-Tag"].startswith("noindex")
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Cache-Control"] == "no-store"
    page = response.get_data(as_text=True)
    assert '<meta name="robots" content="noindex' in page
    assert not re.search(r'(src|href)="(https?:)?//', page)  # no third-party request
    assert not re.search(r"<script(?![^>]*\ssrc=)", page)  # CSP: no inline script


def test_a_get_or_head_of_the_page_records_nothing(buyer, make_share, count_rows):
    share, token = make_share()
    assert buyer.get(f"/s/{token}").status_code == 200
    assert buyer.head(f"/s/{token}").status_code == 200
    assert (count_rows(ShareVisit), count_rows(ShareVisitor), share.views) == (0, 0, 0)


@pytest.mark.parametrize("how", ["revoked", "expired"])
def test_a_dead_link_is_410_by_every_url_and_says_nothing(buyer, make_share, white_paper, how):
    paper = white_paper(pages=1)
    share, token = make_share(assets=[paper], allow_download=True)
    attachment = paper.attachments[0]
    urls = [f"/s/{token}", f"/s/{token}/a/{paper.id}/f/{attachment.id}/p/1.png",
            f"/s/{token}/a/{paper.id}/f/{attachment.id}", f"/s/{token}/logo"]
    for url in urls:
        with buyer.get(url) as response:
            assert response.status_code != 410
    if how == "revoked":
        share.revoked_at = utcnow()
    else:
        share.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    for url in urls:
        response = buyer.get(url)
        assert response.status_code == 410, url
        text = response.get_data(as_text=True)
        assert "Harbor" not in text and paper.title not in text and share.owner.name not in text
    assert beacon(buyer, token, [{"a": paper.id, "p": 1, "ms": 3000}]).status_code == 204


def test_an_unknown_token_is_a_plain_404(buyer):
    assert buyer.get("/s/" + "A" * 32).status_code == 404
    assert buyer.get("/s/short").status_code == 404
    assert beacon(buyer, "A" * 32, [{"a": 1, "p": 0, "ms": 3000}]).status_code == 204


def test_a_buyer_gets_only_the_shares_own_files(buyer, make_share, white_paper):
    """No IDOR: another asset's attachment, under this share's token, is a 404."""
    mine, other = white_paper(pages=1), white_paper(pages=1, title="Another paper")
    _, token = make_share(assets=[mine], allow_download=True)
    other_file = other.attachments[0].id
    with buyer.get(f"/s/{token}/a/{mine.id}/f/{mine.attachments[0].id}") as response:
        assert response.status_code == 200
    for url in (f"/s/{token}/a/{other.id}/f/{other_file}", f"/s/{token}/a/{mine.id}/f/{other_file}",
                f"/s/{token}/a/{other.id}/f/{other_file}/p/1.png",
                f"/s/{token}/a/{mine.id}/f/{other_file}/p/1.png",
                f"/s/{token}/a/{mine.id}/f/{mine.attachments[0].id}/p/2.png"):
        assert buyer.get(url).status_code == 404, url


@pytest.mark.parametrize("change", ["archived", "draft", "internal_only"])
def test_an_asset_withdrawn_after_sharing_is_no_longer_available(
        buyer, make_share, white_paper, create_asset, change):
    paper, study = white_paper(pages=1), create_asset("case_study")
    _, token = make_share(assets=[paper, study], allow_download=True)
    owner = paper.owner
    if change == "internal_only":
        asset_services.update_asset(owner, paper, {"internal_only": True}, partial=True)
    else:
        asset_services.change_status(owner, paper, change)
    db.session.commit()
    page = buyer.get(f"/s/{token}").get_data(as_text=True)
    assert "No longer available" in page and paper.title not in page and escape(study.title) in page
    attachment = paper.attachments[0].id
    for url in (f"/s/{token}/a/{paper.id}/f/{attachment}",
                f"/s/{token}/a/{paper.id}/f/{attachment}/p/1.png"):
        assert buyer.get(url).status_code == 404


def test_downloads_when_allowed_count_only_for_a_real_reader(buyer, make_share, white_paper,
                                                            count_rows):
    paper = white_paper(pages=1)
    share, token = make_share(assets=[paper], allow_download=True)
    url = f"/s/{token}/a/{paper.id}/f/{paper.attachments[0].id}"
    page = buyer.get(f"/s/{token}").get_data(as_text=True)
    assert f'href="{url}"' in page
    with buyer.get(url) as response:
        assert response.data.startswith(b"%PDF")
    assert count_rows(ShareDownload) == 0  # a scanner following links counts nothing
    beacon(buyer, token, [{"a": paper.id, "p": 1, "ms": 2500}])
    buyer.head(url).close()
    assert count_rows(ShareDownload) == 0
    with buyer.get(url) as response:
        assert response.headers["Content-Disposition"].startswith("attachment")
    assert count_rows(ShareDownload) == 1


def test_the_passcode_gate(buyer, make_share):
    share, token = make_share(passcode="open sesame")
    page = buyer.get(f"/s/{token}").get_data(as_text=True)
    assert "Passcode" in page and "Harbor &amp; Pine cut" not in page
    key = form_key(page)
    wrong = buyer.post(f"/s/{token}/passcode", data={"passcode": "guess", "form_key": key})
    assert wrong.status_code == 401 and "not right" in wrong.get_data(as_text=True)
    no_key = buyer.post(f"/s/{token}/passcode", data={"passcode": "open sesame"})
    assert no_key.status_code == 400
    right = buyer.post(f"/s/{token}/passcode", data={"passcode": "open sesame", "form_key": key})
    assert right.status_code == 303
    assert "Harbor &amp; Pine cut" in buyer.get(f"/s/{token}").get_data(as_text=True)


def test_passcodes_are_throttled_like_sign_ins(buyer, make_share, app):
    _, token = make_share(passcode="open sesame")
    key = form_key(buyer.get(f"/s/{token}").get_data(as_text=True))
    statuses = [buyer.post(f"/s/{token}/passcode", data={"passcode": f"guess {n}",
                                                         "form_key": key}).status_code
                for n in range(app.config["LOGIN_FREE_FAILURES"] + 1)]
    assert statuses[:-1] == [401] * app.config["LOGIN_FREE_FAILURES"]
    assert statuses[-1] == 429
    # Locked: even the right passcode waits, and the answer says when to retry.
    locked = buyer.post(f"/s/{token}/passcode", data={"passcode": "open sesame",
                                                      "form_key": key})
    assert locked.status_code == 429 and int(locked.headers["Retry-After"]) > 0


def test_the_email_gate_records_who_reads(buyer, make_share, count_rows):
    share, token = make_share(require_email=True)
    page = buyer.get(f"/s/{token}").get_data(as_text=True)
    assert "Your work email" in page
    no_key = buyer.post(f"/s/{token}/email", data={"email": "dana@harbor.example"})
    assert no_key.status_code == 400 and count_rows(ShareVisitor) == 0
    bad = buyer.post(f"/s/{token}/email", data={"email": "nope", "form_key": form_key(page)})
    assert bad.status_code == 422 and 'value="nope"' in bad.get_data(as_text=True)
    good = buyer.post(f"/s/{token}/email", data={"email": "dana@harbor.example",
                                                 "form_key": form_key(page)})
    assert good.status_code == 303
    assert db.session.get(ShareVisitor, 1).email == "dana@harbor.example"
    assert "Harbor &amp; Pine cut" in buyer.get(f"/s/{token}").get_data(as_text=True)
    assert count_rows(ShareVisit) == 0


def test_files_and_beacons_are_closed_until_the_gate_is_passed(buyer, make_share, white_paper,
                                                              count_rows):
    paper = white_paper(pages=1)
    _, token = make_share(assets=[paper], passcode="open sesame", allow_download=True)
    buyer.get(f"/s/{token}")
    attachment = paper.attachments[0].id
    assert buyer.get(f"/s/{token}/a/{paper.id}/f/{attachment}/p/1.png").status_code == 404
    assert buyer.get(f"/s/{token}/a/{paper.id}/f/{attachment}").status_code == 404
    assert beacon(buyer, token, [{"a": paper.id, "p": 1, "ms": 3000}]).status_code == 204
    assert count_rows(ShareVisit) == 0


def test_the_share_token_never_reaches_the_request_log(buyer, make_share, caplog):
    _, token = make_share()
    with caplog.at_level("INFO", logger="enablement.requests"):
        buyer.get(f"/s/{token}")
    assert caplog.records and all(token not in r.getMessage() for r in caplog.records)
    assert '"/s/<token>"' in caplog.records[-1].getMessage()


def test_a_draft_can_never_be_reached_through_a_share(buyer, make_share, create_asset):
    study = create_asset("case_study")
    share, token = make_share(assets=[study])
    asset_services.change_status(study.owner, study, AssetStatus.DRAFT)
    db.session.commit()
    assert escape(study.title) not in buyer.get(f"/s/{token}").get_data(as_text=True)


def test_the_development_servers_access_log_hides_tokens_too(app):
    import logging

    record = logging.LogRecord("werkzeug", logging.INFO, __file__, 1, '%s - - "%s" %s',
                               ("127.0.0.1", "GET /s/" + "Ab_-" * 8 + "/beacon HTTP/1.1", 204),
                               None)
    assert all(f.filter(record) for f in logging.getLogger("werkzeug").filters)
    assert record.getMessage() == '127.0.0.1 - - "GET /s/<token>/beacon HTTP/1.1" 204'


def test_a_signed_in_rep_opening_a_link_sees_only_the_buyer_page(client, login_as, make_share,
                                                                 caplog):
    rep = login_as("rep")
    _, token = make_share(owner=rep)
    with caplog.at_level("INFO", logger="enablement.requests"):
        response = client.get(f"/s/{token}")
    page = response.get_data(as_text=True)
    assert "Sign out" not in page and "Notifications" not in page
    assert not any(c.startswith("session=") for c in response.headers.getlist("Set-Cookie"))
    assert '"user":null' in caplog.records[-1].getMessage()
