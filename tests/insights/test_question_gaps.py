"""Questions nobody's content answers: reps' questions that got no answer, or answers they
marked not helpful, are a content gap of their own kind on /insights and in its API."""

from __future__ import annotations

import re

from enablement.extensions import db
from enablement.insights import question_gaps
from enablement.insights.periods import parse_period
from enablement.models import SearchLog
from enablement.search import service
from enablement.search.outbox import drain


def _vote(client, question, helpful):
    page = client.get("/search", query_string={"q": question, "ask": "1"}).get_data(
        as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    log_id = re.search(r'name="log_id" value="(\d+)"', page).group(1)
    key = re.search(r'name="passage" value="([^"]+)"', page).group(1)
    response = client.post("/search/answers/feedback", data={
        "csrf_token": token, "log_id": log_id, "passage": key, "helpful": helpful})
    assert response.status_code == 303


def test_unanswered_and_unhelped_questions_are_their_own_gap(app, client, auth, create_user,
                                                           create_asset):
    create_asset(title="Cold chain audits",
                 body="Every reefer reading is logged. Audits of the cold chain take a day.")
    create_asset(title="Crew overtime", body="Overtime costs fell 20% once crews were "
                                              "scheduled by skill.")
    drain()
    rep, other_rep, marketer = create_user("rep"), create_user("rep"), create_user("marketing")
    auth.login(marketer)
    client.get("/search?q=do+we+support+single+sign+on%3F")  # marketing: never a gap
    auth.logout()
    for user in (rep, other_rep):
        auth.login(user)
        client.get("/search/answers?q=do+we+support+single+sign+on%3F")  # the fragment alone
        client.get("/api/v1/search?q=do+we+support+single+sign+on%3F")
        auth.logout()
    auth.login(rep)
    app.config["WTF_CSRF_ENABLED"] = True  # the votes are real forms, token and all
    _vote(client, "how long do cold chain audits take?", "0")
    _vote(client, "did overtime costs fall?", "1")
    client.get("/search?q=reefer+readings")  # not a question: not counted at all

    found = question_gaps.unanswered_questions(parse_period({"days": "30"}))
    by_example = {q["example"]: q for q in found}
    assert set(by_example) == {"do we support single sign on?",
                               "how long do cold chain audits take?"}
    sso = by_example["do we support single sign on?"]
    assert (sso["unanswered"], sso["people"]) == (2, 2)  # the fragment logs nothing itself
    assert by_example["how long do cold chain audits take?"]["badly_answered"] == 1
    assert found[0]["example"] == "do we support single sign on?"

    app.config["WTF_CSRF_ENABLED"] = False
    auth.logout()
    auth.login(create_user("marketing"))
    page = client.get("/insights").get_data(as_text=True)
    assert "Questions nobody&#39;s content answers" in page or \
        "Questions nobody's content answers" in page
    assert "“do we support single sign on?”" in page
    body = client.get("/api/v1/insights").json
    assert [q["example"] for q in body["gaps"]["questions"]][0] == \
        "do we support single sign on?"


def test_a_logged_search_records_its_answers_once_and_only_for_its_owner(app, create_user):
    owner, stranger = create_user("rep"), create_user("rep")
    log = SearchLog(user_id=owner.id, query="why?", normalized_query="why", result_count=0,
                    took_ms=1.0)
    db.session.add(log)
    db.session.flush()
    service.record_answers(stranger, log.id, 3)
    assert log.answer_count is None
    service.record_answers(owner, log.id, 0)
    service.record_answers(owner, log.id, 2)
    assert log.answer_count == 0
