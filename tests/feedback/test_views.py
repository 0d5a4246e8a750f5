"""Feedback in the browser: the buttons on an asset's page, what the owner reads there, the
form's errors."""

from __future__ import annotations

from enablement.models import AssetStatus, Feedback


def test_a_rep_rates_an_asset_on_its_page_and_can_change_their_mind(client, login_as,
                                                                    create_asset, count_rows):
    asset = create_asset()
    login_as("rep")
    page = client.get(f"/assets/{asset.id}").get_data(as_text=True)
    assert "Did this help?" in page and 'name="helpful" value="yes"' in page
    response = client.post(f"/assets/{asset.id}/feedback",
                           data={"helpful": "yes", "comment": "Won me the meeting."})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/assets/{asset.id}#feedback")
    page = client.get(f"/assets/{asset.id}").get_data(as_text=True)
    assert "You said this was <strong>helpful</strong>" in page
    assert "Won me the meeting." in page  # their own comment, ready to edit
    assert "1 helpful vote, 0 not helpful" in page
    client.post(f"/assets/{asset.id}/feedback", data={"helpful": "no", "comment": ""})
    page = client.get(f"/assets/{asset.id}").get_data(as_text=True)
    assert "You said this was <strong>not helpful</strong>" in page
    assert "0 helpful votes, 1 not helpful" in page
    assert count_rows(Feedback) == 1


def test_the_owner_sees_comments_other_reps_do_not(client, auth, create_user, create_asset):
    owner = create_user("marketing")
    asset = create_asset(owner=owner)
    rater, other = create_user("rep", name="Rita Rater"), create_user("rep")
    auth.login(rater)
    client.post(f"/assets/{asset.id}/feedback",
                data={"helpful": "no", "comment": "Needs a <b>pricing</b> slide."})
    auth.login(other)
    page = client.get(f"/assets/{asset.id}").get_data(as_text=True)
    assert "pricing" not in page and "What reps said" not in page
    auth.login(owner)
    page = client.get(f"/assets/{asset.id}").get_data(as_text=True)
    assert "What reps said" in page
    assert "Needs a &lt;b&gt;pricing&lt;/b&gt; slide." in page
    assert "Rita Rater" in page and "Not helpful" in page


def test_a_comment_too_long_is_shown_again_with_the_error(client, login_as, create_asset,
                                                          count_rows):
    asset = create_asset()
    login_as("rep")
    response = client.post(f"/assets/{asset.id}/feedback",
                           data={"helpful": "yes", "comment": "x" * 2001})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "x" * 2001 in page
    assert "2000 characters" in page
    assert count_rows(Feedback) == 0


def test_a_verdict_is_needed(client, login_as, create_asset):
    asset = create_asset()
    login_as("rep")
    response = client.post(f"/assets/{asset.id}/feedback", data={"comment": "Hmm"})
    assert response.status_code == 422
    assert "Choose helpful or not." in response.get_data(as_text=True)
    assert client.get(f"/assets/{asset.id}/feedback").status_code == 200


def test_reps_cannot_rate_what_they_cannot_see(client, login_as, create_asset, count_rows):
    draft = create_asset(status=AssetStatus.DRAFT)
    login_as("rep")
    assert client.post(f"/assets/{draft.id}/feedback", data={"helpful": "yes"}).status_code \
        == 404
    assert count_rows(Feedback) == 0
