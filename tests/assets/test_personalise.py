"""Email templates reps personalise: sandboxed rendering, the page, the no-script preview, the API,
copy counting."""

from __future__ import annotations

import html
import re
from urllib.parse import unquote

import pytest
from sqlalchemy import func, select

from enablement.assets import personalise
from enablement.assets.usage import usage_for
from enablement.auth import services as auth_services
from enablement.errors import ValidationError
from enablement.extensions import db
from enablement.models import AssetStatus, UsageEvent

CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')
CSRF_INPUT = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
SUBJECT = "Quick idea for {{ company }} in {{market}}"
BODY = ("Hi {{first_name}},\n\n{{company}} could cut missed visits.\n\n"
        "Best,\n{{rep_name}}\n{{rep_email}}")


@pytest.fixture
def template(create_asset):
    def factory(status=AssetStatus.PUBLISHED, markets=("construction",), **fields):
        return create_asset("email_template", status=status, markets=list(markets),
                            subject=fields.pop("subject", SUBJECT),
                            email_body=fields.pop("email_body", BODY), **fields)

    return factory


def usage_count(asset_id: int, action: str) -> int:
    return db.session.scalar(select(func.count()).select_from(UsageEvent).where(
        UsageEvent.asset_id == asset_id, UsageEvent.action == action))


# ---------------------------------------------------------------- the renderer


def test_placeholders_are_listed_once_in_reading_order():
    assert personalise.placeholders(SUBJECT, BODY) == ["company", "market", "first_name",
                                                       "rep_name", "rep_email"]


def test_values_replace_placeholders_with_or_without_spaces():
    text, missing = personalise.substitute("Hi {{first_name}} at {{ company }}!",
                                      {"first_name": "Dana", "company": "Harbor & Pine"})
    assert text == "Hi Dana at Harbor & Pine!"
    assert missing == []


def test_empty_and_unknown_fields_stay_visible_and_are_listed():
    text, missing = personalise.substitute("Hi {{first_name}}, {{ company }} and {{company}}",
                                      {"first_name": "   ", "other": "x"})
    assert text == "Hi {{first_name}}, {{ company }} and {{company}}"
    assert missing == ["first_name", "company"]


@pytest.mark.parametrize("template_text", [
    "{{ config }}", "{{ config.SECRET_KEY }}", "{{ self.__init__.__globals__ }}",
    "{{ request.environ }}", "{{ 7*7 }}", "{% for x in range(3) %}x{% endfor %}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}", "{{ lipsum.__globals__.os }}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
])
def test_a_template_reaches_nothing_but_its_fields(app, template_text):
    """No template engine runs: expressions stay text, names resolve only to given values."""
    text, missing = personalise.substitute(template_text, {})
    assert text == template_text
    assert "test-secret" not in text and "49" not in text
    assert missing in ([], ["config"])  # a plain name is a field the rep may fill; nothing more


def test_a_field_named_like_an_object_only_gets_the_reps_value(app):
    text, _ = personalise.substitute("{{ config }} {{ SECRET_KEY }}", {"config": "my config"})
    assert text == "my config {{ SECRET_KEY }}"
    assert app.config["SECRET_KEY"] not in text


def test_values_are_inserted_as_text_and_never_rendered_again():
    values = {"first_name": "{{rep_name}}", "company": "{{ config }}", "rep_name": "Sam"}
    text, missing = personalise.substitute("{{first_name}} / {{company}} / {{rep_name}}", values)
    assert text == "{{rep_name}} / {{ config }} / Sam"
    assert missing == []


def test_the_rich_text_version_escapes_the_template_and_the_values():
    body, _ = personalise.substitute("<b>Hi</b> {{first_name}}\nline two",
                                {"first_name": "<script>alert(1)</script>"}, html=True)
    assert body == ("&lt;b&gt;Hi&lt;/b&gt; &lt;script&gt;alert(1)&lt;/script&gt;<br>\n"
                    "line two")


def test_the_subject_stays_on_one_line():
    subject, _ = personalise.substitute("Re: {{company}}", {"company": "Harbor\nBcc: x@evil.test"},
                                   single_line=True)
    assert subject == "Re: Harbor Bcc: x@evil.test"


def test_mailto_link_encodes_subject_and_body(app):
    email = personalise.RenderedEmail("Hi & bye?", "Line 1\nA=B&C #1", "", [])
    assert email.mailto == "mailto:?subject=Hi%20%26%20bye%3F&body=Line%201%0AA%3DB%26C%20%231"
    subject = unquote(email.mailto.split("subject=")[1].split("&body=")[0])
    assert subject == "Hi & bye?"


@pytest.mark.parametrize(("raw", "field"), [
    ("not an object", "fields"),
    ([["first_name", "x"]], "fields"),
    ({"first name": "x"}, "fields.first name"),
    ({"1st": "x"}, "fields.1st"),
    ({"first_name": ["x"]}, "fields.first_name"),
    ({"first_name": {"a": 1}}, "fields.first_name"),
    ({"first_name": True}, "fields.first_name"),
    ({"first_name": "x" * 501}, "fields.first_name"),
    ({f"f{i}": "x" for i in range(51)}, "fields"),
])
def test_bad_values_are_refused_by_field(app, raw, field):
    with pytest.raises(ValidationError) as error:
        personalise.clean_values(raw)
    assert field in error.value.fields


def test_values_are_cleaned(app):
    assert personalise.clean_values({"a": "  Dana\x00 ", "b": 3, "c": None, "d": 2.5}) == {
        "a": "Dana", "b": "3", "d": "2.5"}
    assert personalise.clean_values(None) == {}


def test_defaults_fill_the_reps_name_email_and_the_market(app, template, create_user):
    rep = create_user("rep", email="sam@example.com", name="Sam Rivera")
    asset = template(markets=["construction"])
    assert personalise.defaults(rep, asset) == {"rep_name": "Sam Rivera",
                                           "rep_email": "sam@example.com",
                                           "market": "Construction"}
    assert personalise.defaults(rep, asset, "healthcare")["market"] == "Healthcare"
    assert personalise.defaults(rep, asset, "nowhere")["market"] == "Construction"
    several = template(markets=["construction", "healthcare"])
    assert "market" not in personalise.defaults(rep, several)


# ---------------------------------------------------------------- the asset page


def test_the_template_page_prefills_what_the_hub_knows(client, auth, create_user, template):
    rep = create_user("rep", email="sam@example.com", name="Sam Rivera")
    asset = template()
    auth.login(rep)
    page = client.get(f"/assets/{asset.id}").get_data(as_text=True)
    assert 'name="field.rep_name"' in page and 'value="Sam Rivera"' in page
    assert 'value="sam@example.com"' in page
    assert 'name="field.market"' in page and 'value="Construction"' in page
    assert 'name="field.first_name"' in page and 'name="field.company"' in page
    # The preview already shows what is filled and warns about the rest.
    assert "Sam Rivera" in page
    assert "Still empty: <strong class=\"merge-missing-list\">Company, First name</strong>" in page
    assert '<mark class="merge-missing-field">{{first_name}}</mark>' in page
    assert 'src="/static/js/merge.js"' in page
    assert "mailto:?subject=Quick%20idea%20for%20%7B%7B%20company%20%7D%7D%20in%20Construction" \
        in page
    assert f'data-copy-url="/api/v1/assets/{asset.id}/copies"' in page
    assert CSRF_META.search(page)


def test_a_screen_reader_hears_the_count_not_the_email_and_each_copy_beside_its_button(
        client, login_as, template):
    """The email changes on every keystroke: it is no live region (the page used to re-read it
    all each time). One polite status carries the count of empty fields (merge.js fills it), and
    each copy button has its own status right after it for "Copied"."""
    asset = template()
    login_as("rep")
    page = client.get(f"/assets/{asset.id}").get_data(as_text=True)
    panel = page[page.index('id="personalise"'):page.index("</section>", page.index(
        'id="personalise"'))]
    assert "aria-live" not in panel
    assert re.search(r'<div class="alert alert-warning merge-warning[^"]*" >', panel)
    assert panel.count('role="status"') == 4
    assert '<p class="visually-hidden merge-announce" role="status"></p>' in panel
    for what in ("subject", "body", "body-plain"):
        assert re.search(rf'<button type="button" [^>]*data-copy="{what}" hidden>[^<]*</button>'
                         rf'\s*<span class="copy-status small" data-copy-status="{what}" '
                         r'role="status"></span>', panel), what


def test_the_market_comes_from_where_the_rep_came_from(client, login_as, template):
    asset = template(markets=["construction", "healthcare"])
    login_as("rep")
    page = client.get(f"/assets/{asset.id}").get_data(as_text=True)
    assert re.search(r'name="field.market" value=""', page)
    page = client.get(f"/assets/{asset.id}?market=healthcare").get_data(as_text=True)
    assert re.search(r'name="field.market" value="Healthcare"', page)


def test_the_script_is_only_on_template_pages(client, login_as, create_asset):
    asset = create_asset("case_study")
    login_as("rep")
    assert "merge.js" not in client.get(f"/assets/{asset.id}").get_data(as_text=True)


def test_the_no_script_preview_renders_on_the_server(client, login_as, template):
    asset = template()
    login_as("rep")
    response = client.post(f"/assets/{asset.id}/personalise", data={
        "field.first_name": "Dana", "field.company": "Harbor & Pine <Builders>",
        "field.rep_name": "Sam", "field.rep_email": "", "field.market": "Construction",
        "field.not_in_template": "ignored",
    })
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Quick idea for Harbor &amp; Pine &lt;Builders&gt; in Construction" in page
    assert "Hi Dana," in page
    assert "Still empty: <strong class=\"merge-missing-list\">Your email</strong>" in page
    assert 'value="Harbor &amp; Pine &lt;Builders&gt;"' in page  # what they typed stays
    assert "ignored" not in page
    assert "mailto:?subject=Quick%20idea%20for%20Harbor%20%26%20Pine%20%3CBuilders%3E" in page
    assert usage_count(asset.id, "copies") == 0


def test_the_no_script_preview_names_a_value_too_long(client, login_as, template):
    asset = template()
    login_as("rep")
    response = client.post(f"/assets/{asset.id}/personalise",
                           data={"field.first_name": "x" * 501, "field.company": "Acme"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "At most 500 characters." in page
    assert "Quick idea for Acme" in page


def test_the_preview_is_only_for_templates_reps_can_see(client, login_as, template,
                                                        create_asset):
    draft, case = template(status=AssetStatus.DRAFT), create_asset("case_study")
    login_as("rep")
    assert client.post(f"/assets/{draft.id}/personalise", data={}).status_code == 404
    assert client.post(f"/assets/{case.id}/personalise", data={}).status_code == 422


def test_the_preview_needs_the_csrf_token(csrf_app, create_user, template):
    asset = template()
    rep = create_user("rep")
    client = csrf_app.test_client()
    login_page = client.get("/login").get_data(as_text=True)
    client.post("/login", data={"email": rep.email, "password": "correct horse battery",
                                "csrf_token": CSRF_INPUT.search(login_page).group(1)})
    assert client.post(f"/assets/{asset.id}/personalise",
                       data={"field.first_name": "Dana"}).status_code == 400
    page = client.get(f"/assets/{asset.id}").get_data(as_text=True)
    token = CSRF_INPUT.search(page).group(1)
    assert client.post(f"/assets/{asset.id}/personalise",
                       data={"field.first_name": "Dana", "csrf_token": token}).status_code == 200


def test_hostile_template_text_is_escaped_on_the_page(client, login_as, template):
    asset = template(subject="<img src=x onerror=alert(1)> {{company}}",
                     email_body="<script>alert(1)</script>\n{{first_name}}")
    login_as("rep")
    page = client.get(f"/assets/{asset.id}").get_data(as_text=True)
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    response = client.post(f"/assets/{asset.id}/personalise",
                           data={"field.first_name": "<b onclick=x>hi</b>"})
    assert "<b onclick" not in response.get_data(as_text=True)


# ---------------------------------------------------------------- copies


def test_a_copy_is_counted_with_the_pages_csrf_header(csrf_app, create_user, template):
    asset = template()
    rep = create_user("rep")
    client = csrf_app.test_client()
    login_page = client.get("/login").get_data(as_text=True)
    client.post("/login", data={"email": rep.email, "password": "correct horse battery",
                                "csrf_token": CSRF_INPUT.search(login_page).group(1)})
    url = f"/api/v1/assets/{asset.id}/copies"
    assert client.post(url).status_code == 400  # no token: refused, nothing counted
    assert usage_count(asset.id, "copies") == 0
    token = CSRF_META.search(client.get(f"/assets/{asset.id}").get_data(as_text=True)).group(1)
    response = client.post(url, headers={"X-CSRFToken": token})
    assert response.status_code == 204
    assert usage_count(asset.id, "copies") == 1
    assert usage_for([asset.id])[asset.id]["copies"] == 1
    assert "1 copy" in client.get(f"/assets/{asset.id}").get_data(as_text=True)


def test_copies_count_only_for_assets_the_rep_can_see(client, login_as, template):
    draft = template(status=AssetStatus.DRAFT)
    login_as("rep")
    assert client.post(f"/api/v1/assets/{draft.id}/copies").status_code == 404
    assert usage_count(draft.id, "copies") == 0


def test_a_bearer_client_can_count_a_copy(client, create_user, template):
    asset = template()
    rep = create_user("rep")
    token = auth_services.create_token(rep)
    db.session.commit()
    response = client.post(f"/api/v1/assets/{asset.id}/copies",
                           headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 204
    assert usage_count(asset.id, "copies") == 1


# ---------------------------------------------------------------- the API


def test_render_api_fills_fields_and_lists_missing(client, create_user, auth, template):
    rep = create_user("rep", email="sam@example.com", name="Sam Rivera")
    asset = template()
    auth.login(rep)
    response = client.post(f"/api/v1/assets/{asset.id}/render",
                           json={"fields": {"first_name": "Dana", "company": "Acme & Co"}})
    assert response.status_code == 200
    assert response.json["subject"] == "Quick idea for Acme & Co in Construction"
    assert response.json["body"] == ("Hi Dana,\n\nAcme & Co could cut missed visits.\n\n"
                                     "Best,\nSam Rivera\nsam@example.com")
    assert response.json["missing"] == []
    assert "Acme &amp; Co" in response.json["body_html"]
    assert set(response.json) == {"subject", "body", "body_html", "missing"}


def test_render_api_reports_missing_fields_and_lets_callers_override_defaults(
        client, login_as, template):
    asset = template(markets=["construction", "healthcare"])
    login_as("rep")
    response = client.post(f"/api/v1/assets/{asset.id}/render",
                           json={"fields": {"rep_name": "", "company": "Acme"}})
    assert response.json["missing"] == ["market", "first_name", "rep_name"]
    assert response.json["subject"] == "Quick idea for Acme in {{market}}"
    with_market = client.post(f"/api/v1/assets/{asset.id}/render",
                              json={"fields": {}, "market": "healthcare"})
    assert with_market.json["subject"] == "Quick idea for {{ company }} in Healthcare"


def test_render_api_never_evaluates(client, login_as, template):
    asset = template(subject="{{ config.SECRET_KEY }} {{company}}",
                     email_body="{{ ''.__class__ }} {{ 7*7 }} {{first_name}}")
    login_as("rep")
    response = client.post(f"/api/v1/assets/{asset.id}/render",
                           json={"fields": {"company": "{{ config }}", "first_name": "{% x %}"}})
    assert response.json["subject"] == "{{ config.SECRET_KEY }} {{ config }}"
    assert response.json["body"] == "{{ ''.__class__ }} {{ 7*7 }} {% x %}"
    assert "test-secret" not in response.get_data(as_text=True)


@pytest.mark.parametrize(("body", "status", "field"), [
    ({"fields": "Dana"}, 422, "fields"),
    ({"fields": {"first_name": ["Dana"]}}, 422, "fields.first_name"),
    ({"fields": {"bad name": "x"}}, 422, "fields.bad name"),
    ({"fields": {"first_name": "x" * 501}}, 422, "fields.first_name"),
])
def test_render_api_refuses_bad_input(client, login_as, template, body, status, field):
    asset = template()
    login_as("rep")
    response = client.post(f"/api/v1/assets/{asset.id}/render", json=body)
    assert response.status_code == status
    assert field in response.json["error"]["fields"]


def test_render_api_needs_a_json_object(client, login_as, template):
    asset = template()
    login_as("rep")
    response = client.post(f"/api/v1/assets/{asset.id}/render", data="fields=1")
    assert response.status_code == 400
    assert client.post(f"/api/v1/assets/{asset.id}/render", json={}).status_code == 200


def test_render_api_only_renders_templates(client, login_as, create_asset):
    asset = create_asset("case_study")
    login_as("rep")
    response = client.post(f"/api/v1/assets/{asset.id}/render", json={"fields": {}})
    assert response.status_code == 422
    assert "kind" in response.json["error"]["fields"]


def test_reps_render_published_templates_only_marketing_any(client, login_as, template):
    draft = template(status=AssetStatus.DRAFT)
    archived = template(status=AssetStatus.ARCHIVED)
    login_as("rep")
    for asset in (draft, archived):
        assert client.post(f"/api/v1/assets/{asset.id}/render", json={}).status_code == 404
    assert client.post("/api/v1/assets/999999/render", json={}).status_code == 404
    login_as("marketing")
    assert client.post(f"/api/v1/assets/{draft.id}/render", json={}).status_code == 200


def test_render_api_needs_sign_in(client, template):
    asset = template()
    assert client.post(f"/api/v1/assets/{asset.id}/render", json={}).status_code == 401


def test_render_api_is_documented(client):
    document = client.get("/api/v1/openapi.json").json
    operation = document["paths"]["/assets/{asset_id}/render"]["post"]
    assert set(operation["responses"]) >= {"200", "404", "422"}
    schema = document["components"]["schemas"]["RenderedEmail"]
    assert schema["required"] == ["subject", "body", "body_html", "missing"]


def test_the_page_escapes_data_for_the_script(client, login_as, template):
    asset = template(email_body='Hi "{{first_name}}" <x>')
    login_as("rep")
    page = client.get(f"/assets/{asset.id}").get_data(as_text=True)
    match = re.search(r'data-merge-body="([^"]*)"', page)
    assert html.unescape(match.group(1)) == 'Hi "{{first_name}}" <x>'
