"""Content gaps: reps' searches that came up short, without junk, marketing's own searches or
typos counted twice; dismissing and snoozing; a draft from a gap."""

from __future__ import annotations

from datetime import timedelta

import pytest

from enablement.errors import Forbidden, ValidationError
from enablement.extensions import db
from enablement.insights import gaps
from enablement.insights.periods import Period, parse_period
from enablement.models import AssetStatus, ContentRequest, RequestStatus
from tests.insights.support import NOW, ago, searched


def last(days: int) -> Period:
    return parse_period({"days": str(days)})


def shown(period: Period | None = None, **kwargs) -> list[str]:
    return [g["example"] for g in gaps.search_gaps(period or last(30), **kwargs).searches]


# ---------------------------------------------------------------- what reads like a search

JUNK = [  # (query, why) as reps' logs had them when issue 11 was filed
    ("a" * 2000, "longer than a sentence"),
    ("a" * 90, "one character repeated"),
    ("<script>alert(1)</script>", "code or markup"),
    ("' OR 1=1 --", "code or markup"),
    ("{{7*7}}", "no letters"),
    ("{{ config.items() }}", "code or markup"),
    ("${jndi:ldap://x}", "code or markup"),
    ("1; DROP TABLE users", "code or markup"),
    ("12345", "no letters"),
    ("!!!???", "no letters"),
    ("%%% ### a", "mostly symbols"),
    ("Ab" * 25, "a word longer than any real one"),
    ("one two three four five six seven eight nine ten eleven twelve thirteen",
     "longer than a sentence"),
    ("zzzz zzz zz", "one character repeated"),
]
REAL = ["hipaa baa", "OSHA fall protection", "cold chain", "case study cold storage",
        "SOC 2 Type II", "ROI 25%", "battle card vs CrewGrid", "what is HIPAA?", "e-rate",
        "R&D tax credit", "24/7 dispatch", "C++", "Übergabe Protokoll", "café franchise",
        "lockout/tagout", "o'neil construction", "spanish email template", "and or",
        "union rules", "select a crew"]


@pytest.mark.parametrize(("text", "why"), JUNK)
def test_junk_is_not_a_search(text, why):
    assert gaps.not_a_search(text) == why


@pytest.mark.parametrize("text", REAL)
def test_real_searches_are_kept(text):
    assert gaps.not_a_search(text) is None


@pytest.mark.parametrize(("a", "b", "typo"), [
    ("hipa baa", "hipaa baa", True), ("cold chian", "cold chain", True),
    ("osha fall protetc", "osha fall protect", True), ("compliance", "complaince", True),
    ("refrigerated transport", "refrigarated transprt", False),  # two words differ
    ("hr onboard", "pr onboard", False),  # short words: different words, not typos
    ("fleet 2024", "fleet 2025", False), ("cold chain", "cold chain logist", False),
    ("cold chain", "cold chain", False), ("storag", "storm", False),
    ("construct safeti", "construct safety", True), ("onboarding", "onbaording", True),
])
def test_typos_are_one_word_a_small_edit_apart(a, b, typo):
    assert gaps.is_typo_of(a, b) is typo
    assert gaps.is_typo_of(b, a) is typo


# ---------------------------------------------------------------- the report


def test_only_reps_searches_count(app, create_user):
    rep, marketer, admin = create_user("rep"), create_user("marketing"), create_user("admin")
    searched(marketer, "draft checking zebra")  # marketing trying its own search box
    searched(admin, "admin test query")
    searched(rep, "crane safety")
    assert shown() == ["crane safety"]


def test_junk_is_left_out_and_counted(app, create_user):
    rep = create_user("rep")
    for text, _why in JUNK[:5]:
        searched(rep, text[:400])
    searched(rep, "cold chain")
    found = gaps.search_gaps(last(30))
    assert [g["example"] for g in found.searches] == ["cold chain"]
    assert found.left_out == {"not_searches": 5, "misspellings": 0}
    assert found.gap_searches == 1 and found.total == 1


def test_typos_fold_into_the_spelling_that_found_something(app, create_user):
    reps = [create_user("rep") for _ in range(3)]
    searched(reps[0], "cold chain", results=3)  # found something, nobody opened it
    searched(reps[1], "cold chian")  # a typo that found nothing
    searched(reps[2], "Cold chian")
    searched(reps[2], "cold chain", results=3)
    gap, = gaps.search_gaps(last(30)).searches
    assert gap["example"] == "cold chain" and gap["also_searched_as"] == []
    assert (gap["searches"], gap["no_results"], gap["no_clicks"]) == (2, 0, 2)
    # the typo's searches found nothing because of the spelling, not for want of content
    assert gaps.search_gaps(last(30)).left_out["misspellings"] == 2


def test_a_typo_the_hub_relaxed_does_not_lead(app, create_user):
    rep = create_user("rep")
    searched(rep, "hipa baa", results=6, note="relaxed")  # found the "baa" assets only
    searched(rep, "hipaa baa", results=4)
    gap, = gaps.search_gaps(last(30)).searches
    assert (gap["example"], gap["also_searched_as"], gap["no_clicks"]) == (
        "hipaa baa", ["hipa baa"], 2)


def test_a_misspelling_of_a_search_reps_opened_is_not_a_gap(app, create_user):
    rep = create_user("rep")
    searched(rep, "hipaa baa", results=2, clicked="asset:1")
    searched(rep, "hipa baa")
    searched(rep, "crane safety")
    found = gaps.search_gaps(last(30))
    assert [g["example"] for g in found.searches] == ["crane safety"]
    assert found.left_out["misspellings"] == 1


def test_typos_of_a_search_that_found_nothing_are_one_gap(app, create_user):
    reps = [create_user("rep") for _ in range(2)]
    searched(reps[0], "refrigerated transport")
    searched(reps[0], "refrigerated transport")
    searched(reps[1], "refridgerated transport")
    searched(reps[1], "refrigerated transprt", results=1, note="corrected")  # not opened
    gap, = gaps.search_gaps(last(30)).searches
    # the most searched spelling leads: the corrected one found only its correction's results
    assert gap["example"] == "refrigerated transport"
    assert sorted(gap["also_searched_as"]) == ["refridgerated transport",
                                               "refrigerated transprt"]
    assert (gap["searches"], gap["no_results"], gap["no_clicks"], gap["people"]) == (4, 3, 1, 2)


def test_the_most_searched_gaps_first_and_how_many_there_are(app, create_user):
    rep = create_user("rep")
    for n in range(25):
        for _ in range(n % 4 + 1):
            searched(rep, f"topic number {n:02d}")
    found = gaps.search_gaps(last(30))
    assert found.total == 25 and len(found.searches) == gaps.LIST_LIMIT
    assert found.gap_searches == sum(n % 4 + 1 for n in range(25))
    assert [g["searches"] for g in found.searches[:6]] == [4] * 6


# ---------------------------------------------------------------- setting a gap aside


def test_a_dismissed_gap_comes_back_when_three_reps_search_it_again(app, create_user):
    marketer = create_user("marketing", name="Mo")
    reps = [create_user("rep") for _ in range(4)]
    searched(reps[0], "crane safety", when=ago(days=3))
    searched(reps[0], "crane safty", when=ago(days=3))  # a typo of it: dismissed with it
    searched(reps[0], "hipaa baa", when=ago(days=3))
    gaps.set_aside(marketer, "crane safety", "dismiss", now=ago(days=2))
    db.session.commit()
    found = gaps.search_gaps(last(30))
    assert [g["example"] for g in found.searches] == ["hipaa baa"]
    assert [(i["example"], i["state"], i["by"], i["searches"]) for i in found.set_aside] == [
        ("crane safety", "dismissed", "Mo", 2)]
    searched(reps[0], "crane safety", when=ago(days=1))  # the same rep again: still gone
    searched(reps[1], "crane safty", when=ago(days=1))
    assert "crane safety" not in shown()
    searched(reps[2], "crane safety", when=ago(days=1))
    assert "crane safety" in shown()  # three reps since the dismissal


def test_a_snoozed_gap_is_back_after_30_days(app, create_user):
    marketer, rep = create_user("marketing"), create_user("rep")
    searched(rep, "crane safety", when=ago(days=20))
    gaps.set_aside(marketer, "crane safety", "snooze", now=ago(days=10))
    db.session.commit()
    assert shown(last(90)) == []
    found = gaps.search_gaps(last(90))
    assert found.set_aside[0]["state"] == "snoozed"
    assert found.set_aside[0]["until"].date() == (ago(days=10) + timedelta(days=30)).date()
    assert shown(last(90), now=NOW + timedelta(days=21)) == ["crane safety"]


def test_a_gap_set_aside_can_be_brought_back(app, create_user):
    marketer, rep = create_user("marketing"), create_user("rep")
    searched(rep, "crane safety")
    gaps.set_aside(marketer, "crane safety", "snooze")
    gaps.set_aside(marketer, "crane safety", "dismiss")  # changing one's mind: one row
    db.session.commit()
    assert shown() == []
    gaps.bring_back(marketer, "crane safety")
    db.session.commit()
    assert shown() == ["crane safety"]
    with pytest.raises(ValidationError):
        gaps.bring_back(marketer, "crane safety")


@pytest.mark.parametrize(("role", "query", "how", "error"), [
    ("rep", "crane safety", "dismiss", Forbidden),
    ("marketing", "never searched", "dismiss", ValidationError),
    ("marketing", "", "snooze", ValidationError),
    ("marketing", "x" * 401, "snooze", ValidationError),
    ("marketing", "crane safety", "forever", ValidationError),
])
def test_setting_a_gap_aside_refuses_bad_input(app, create_user, role, query, how, error):
    searched(create_user("rep"), "crane safety")
    with pytest.raises(error):
        gaps.set_aside(create_user(role), query, how)
    assert shown() == ["crane safety"]


def test_gaps_group_searches_that_found_nothing_or_were_not_opened(app, create_user):
    reps = [create_user("rep") for _ in range(2)]
    searched(reps[0], "Cold storage", normalized="cold storag")
    searched(reps[1], "cold  storage", normalized="cold storag")
    searched(reps[1], "cold storage", results=4, normalized="cold storag")  # not opened
    searched(reps[0], "osha", results=3, clicked="asset:1")  # found and opened: no gap
    searched(reps[0], "union rules", when=ago(days=45))  # before the period
    searched(reps[0], "hipaa email template")
    found = gaps.search_gaps(last(30)).searches
    assert [(g["normalized_query"], g["searches"], g["no_results"], g["no_clicks"],
             g["people"]) for g in found] == [("cold storag", 3, 2, 1, 2),
                                             ("hipaa email template", 1, 1, 0, 1)]
    assert found[0]["example"] in ("Cold storage", "cold  storage", "cold storage")
    assert found[1]["kind"] == "email_template" and found[0]["kind"] is None
    assert found[0]["draft"] is None
    assert "union rules" in [g["normalized_query"] for g in gaps.search_gaps(last(90)).searches]


# ---------------------------------------------------------------- drafts and kinds


@pytest.mark.parametrize(("text", "kind"), [
    ("case study cold storage", "case_study"), ("intro email", "email_template"),
    ("Battle card vs CrewGrid", "sales_aid"), ("hospital testimonial", "testimonial"),
    ("OSHA white paper", "white_paper"), ("cold storage", None), ("emailing", None),
    ("hospitality testimonials", "testimonial"), ("sales aids, retail", "sales_aid"),
])
def test_the_words_of_a_search_suggest_a_kind(text, kind):
    assert gaps.guess_kind(text) == kind


def test_a_draft_from_a_gap_links_requests_made_from_that_search(app, create_user):
    marketer, rep = create_user("marketing"), create_user("rep")
    same = ContentRequest(requester_id=rep.id, text="Cold storage story",
                          search_query="Cold storage")
    other = ContentRequest(requester_id=rep.id, text="Something else", search_query="osha")
    db.session.add_all([same, other])
    db.session.commit()
    asset = gaps.start_draft_from_gap(marketer, "cold   storage", "case_study")
    db.session.commit()
    assert (asset.title, asset.kind, asset.status, asset.owner_id) == (
        "Cold storage", "case_study", AssetStatus.DRAFT, marketer.id)
    assert (same.asset_id, same.status) == (asset.id, RequestStatus.PLANNED)
    assert (other.asset_id, other.status) == (None, RequestStatus.OPEN)
    again = gaps.start_draft_from_gap(marketer, "Cold storage", "white_paper")
    assert again.id == asset.id  # a second click opens the same draft
    searched(rep, "cold storage")
    assert gaps.search_gaps(last(7)).searches[0]["draft"] == asset.id
    with pytest.raises(ValidationError):
        gaps.start_draft_from_gap(marketer, "   ", "case_study")
    with pytest.raises(ValidationError):
        gaps.start_draft_from_gap(marketer, "crane safety", "poster")
    with pytest.raises(Forbidden):
        gaps.start_draft_from_gap(rep, "crane safety", "case_study")
