"""What a rep gets from the search box: ranking, stemming, phrases, typos, synonyms, facets."""

import pytest
from sqlalchemy import select

from enablement.assets import services as assets
from enablement.errors import Forbidden, ValidationError
from enablement.extensions import db
from enablement.models import AssetStatus, SearchLog, UsageEvent
from enablement.search import query as querying
from enablement.search import service, synonyms
from enablement.search.outbox import drain


@pytest.fixture
def library(app, create_asset, create_user):
    """A small library with drafts and archived assets mixed in."""
    owner = create_user("marketing")
    made = {
        "osha": create_asset(owner=owner, title="OSHA recordkeeping for field crews",
                             summary="Digital safety checklists keep every jobsite audit-ready.",
                             body="Crews log inspections offline.", markets=["construction"]),
        "cold": create_asset(owner=owner, kind="white_paper",
                             title="Cold chain without gaps",
                             summary="Temperature logging across cold storage docks.",
                             body="Every reefer reading is kept for auditors.",
                             markets=["logistics"], stages=["discovery"]),
        "hipaa": create_asset(owner=owner, kind="testimonial", title="St. Brigid on HIPAA",
                              summary="Home health visits stay HIPAA compliant.",
                              body="Regulation is the first question.",
                              markets=["healthcare"], personas=["IT Director"]),
        "roi": create_asset(owner=owner, kind="sales_aid",
                            title="Talk track for the CFO conversation",
                            summary="Build the return on investment case from overtime.",
                            body="Start with overtime.", markets=["construction", "healthcare"]),
        "body_only": create_asset(owner=owner, title="Quarterly field update",
                                  summary="What changed this quarter.",
                                  body="We also mention recordkeeping here in passing.",
                                  markets=["construction"]),
        "draft": create_asset(owner=owner, status=AssetStatus.DRAFT,
                              title="OSHA draft battle card", markets=["construction"]),
        "archived": create_asset(owner=owner, status=AssetStatus.ARCHIVED,
                                 title="OSHA archived pricing", markets=["construction"]),
    }
    drain()
    return made


def run(user, q, **kwargs):
    return service.search(user, service.SearchParams(q=q, **kwargs))


def titles(results):
    return [hit.plain_title for hit in results.hits]


def test_title_matches_rank_above_body_matches(library, create_user):
    results = run(create_user(), "recordkeeping")
    assert titles(results)[0] == "OSHA recordkeeping for field crews"
    assert "Quarterly field update" in titles(results)


def test_words_are_stemmed(library, create_user):
    assert titles(run(create_user(), "regulations")) == ["St. Brigid on HIPAA"]


def test_every_word_must_match_by_default(library, create_user):
    results = run(create_user(), "cold auditors")
    assert titles(results) == ["Cold chain without gaps"]
    assert not results.relaxed


def test_when_nothing_matches_every_word_some_words_are_enough_and_it_says_so(library,
                                                                                create_user):
    results = run(create_user(), "reefer overtime")
    assert results.relaxed
    assert set(titles(results)) == {"Cold chain without gaps",
                                    "Talk track for the CFO conversation"}


def test_phrases_match_exactly(library, create_user):
    assert titles(run(create_user(), '"cold storage"')) == ["Cold chain without gaps"]
    assert run(create_user(), '"storage cold"').total == 0  # both words, wrong order


def test_drafts_archived_and_deleted_assets_never_appear(library, create_user, app):
    rep = create_user("rep")
    marketer = create_user("marketing")
    for user in (rep, marketer):
        found = titles(run(user, "osha"))
        assert "OSHA draft battle card" not in found
        assert "OSHA archived pricing" not in found
    asset = library["osha"]
    assets.delete_asset(asset.owner, asset)
    db.session.commit()
    drain()
    assert "OSHA recordkeeping for field crews" not in titles(run(rep, "osha"))


def test_highlights_show_where_the_words_matched(library, create_user):
    hit = run(create_user(), "auditors").hits[0]
    assert "<mark>auditors</mark>" in str(hit.snippet)


def test_attachment_text_is_searched(library, create_user):
    # the white paper's attached PDF says "Scheduling guide"
    assert "Cold chain without gaps" in titles(run(create_user(), "scheduling guide"))


def test_a_typo_is_corrected_and_searched_when_the_original_finds_nothing(library,
                                                                          create_user):
    results = run(create_user(), "recordkeepng")
    assert results.corrected_from == "recordkeepng"
    assert results.query == "recordkeeping"
    assert "OSHA recordkeeping for field crews" in titles(results)


def test_a_typo_beside_a_good_word_gets_a_suggestion(library, create_user):
    results = run(create_user(), "cold storrage")
    assert results.total < service.SUGGEST_BELOW or results.suggestion is None
    assert results.corrected_from == "cold storrage" or results.suggestion == "cold storage"


def test_synonyms_widen_the_query_and_are_reported(library, create_user):
    marketer = create_user("marketing")
    synonyms.add_synonyms(marketer, "ROI, return on investment")
    db.session.commit()
    results = run(create_user(), "ROI")
    assert titles(results) == ["Talk track for the CFO conversation"]
    assert results.synonyms == [("ROI", ["return on investment"])]
    backwards = run(create_user(), "return on investment")
    assert backwards.synonyms == [("return on investment", ["ROI"])]


def test_facets_count_matches_and_filters_combine(library, create_user):
    user = create_user()
    results = run(user, "osha OR cold OR hipaa OR overtime OR recordkeeping")
    assert results.facets["market"]["construction"] >= 2
    assert results.facets["kind"]["white_paper"] == 1
    filtered = run(user, "osha OR cold OR hipaa OR overtime OR recordkeeping",
                   filters={"market": ["construction"], "kind": ["sales_aid"]})
    assert titles(filtered) == ["Talk track for the CFO conversation"]
    either = run(user, "osha OR cold OR hipaa OR overtime OR recordkeeping",
                 filters={"market": ["logistics", "healthcare"]})
    assert {"Cold chain without gaps", "St. Brigid on HIPAA"} <= set(titles(either))


def test_facets_follow_edits_made_while_the_searcher_stays_open(library, create_user):
    user = create_user()
    before = run(user, "recordkeeping")
    assert before.facets["market"] == {"construction": 2}
    asset = library["osha"]
    assets.edit_asset(asset.owner, asset, {"markets": ["logistics"]}, partial=True)
    db.session.commit()
    drain()  # the old document is deleted in its segment, the new one written in another
    after = run(user, "recordkeeping")
    assert after.facets["market"] == {"construction": 1, "logistics": 1}
    assert after.total == 2
    assert titles(run(user, "recordkeeping", filters={"market": ["construction"]})) \
        == ["Quarterly field update"]


def test_sort_by_newest_and_most_used(library, create_user):
    user = create_user()
    db.session.add_all([UsageEvent(asset_id=library["body_only"].id, user_id=user.id,
                                   action="views") for _ in range(3)])
    db.session.commit()
    most_used = run(user, "recordkeeping", sort="most_used")
    assert titles(most_used)[0] == "Quarterly field update"
    newest = run(user, "recordkeeping", sort="newest")
    assert len(newest.hits) == 2


def test_pagination(library, create_user):
    user = create_user()
    first = run(user, "osha OR cold OR hipaa OR overtime OR recordkeeping", per_page=2)
    second = run(user, "osha OR cold OR hipaa OR overtime OR recordkeeping", per_page=2, page=2)
    assert first.total == second.total >= 4
    assert len(first.hits) == 2 and not set(titles(first)) & set(titles(second))
    assert first.pages == -(-first.total // 2)


@pytest.mark.parametrize("typed", [
    '"unbalanced', 'AND', 'OR NOT', 'title:osha', 'body:"', '*', '(((', ')', '~2', '^3',
    "x" * 2000, "🙂🙂🙂", "\x00\x07osha\x1b", "<script>alert(1)</script>", "' OR 1=1 --",
    "\\", "osha" + "\u202e", "NOT osha", "-osha", "osha*", "",
])
def test_odd_input_is_plain_text_and_never_fails(library, create_user, typed):
    results = run(create_user(), typed)
    assert results.total >= 0
    for hit in results.hits:
        assert "<script>" not in str(hit.snippet) and "<script>" not in str(hit.title)


def test_a_long_query_is_cut_and_says_so(library, create_user):
    results = run(create_user(), "osha " * 100)
    assert results.truncated
    assert len(results.query) <= querying.MAX_QUERY_CHARS


def test_every_search_is_logged(library, create_user):
    user = create_user()
    run(user, "Regulations", filters={"market": ["healthcare"]})
    db.session.commit()
    entry = db.session.scalars(select(SearchLog)).one()
    assert (entry.user_id, entry.query, entry.normalized_query) == (user.id, "Regulations",
                                                                     "regul")
    assert entry.filters == {"market": ["healthcare"]}
    assert entry.result_count == 1 and entry.took_ms > 0


def test_a_searcher_is_reused_and_sees_new_documents(library, create_user, create_asset):
    user = create_user()
    run(user, "osha")
    first = service.searchers.get(service.index_location()).searcher
    run(user, "osha")
    assert service.searchers.get(service.index_location()).searcher is first
    create_asset(title="Brand new OSHA one-pager")
    drain()
    assert "Brand new OSHA one-pager" in titles(run(user, "osha"))


@pytest.mark.parametrize("text", ["ROI", "the, for", ", ,", ",".join(f"t{n}" for n in range(11)),
                                  "ROI, " + "x" * 61])
def test_synonym_groups_need_two_real_terms(app, create_user, text):
    with pytest.raises(ValidationError):
        synonyms.add_synonyms(create_user("marketing"), text)


def test_only_marketing_changes_synonyms(app, create_user):
    with pytest.raises(Forbidden):
        synonyms.add_synonyms(create_user("rep"), "a1, b1")


def test_a_searcher_whose_segment_vanished_is_replaced_and_the_search_retried(
        library, create_user, monkeypatch):
    real = service.run_search
    calls = []

    def flaky(state, parsed, params, results):
        calls.append(state)
        if len(calls) == 1:
            raise TypeError("'NoneType' object is not subscriptable")  # a merged-away segment
        return real(state, parsed, params, results)

    monkeypatch.setattr(service, "run_search", flaky)
    results = run(create_user(), "recordkeeping")
    assert "OSHA recordkeeping for field crews" in titles(results)
    assert calls[0] is not calls[1]  # the second try used a fresh searcher


def test_corrections_know_the_words_of_assets_published_after_the_first_typo(
        library, create_user, create_asset):
    rep = create_user()
    assert run(rep, "recordkeepng").corrected_from == "recordkeepng"  # the corrector is built
    create_asset(title="Refrigeration logs for auditors")
    drain()
    results = run(rep, "refrigeraton")
    assert results.corrected_from == "refrigeraton"
    assert titles(results) == ["Refrigeration logs for auditors"]
    assert run(rep, "recordkeepng").query == "recordkeeping"  # the older words are still known


def test_words_only_drafts_have_are_never_suggested(library, create_user, create_asset):
    """"Did you mean" must not read out an unpublished title, letter by letter."""
    draft = create_asset(status=AssetStatus.DRAFT, title="Zentrovax rollout plan",
                         summary="Zentrovax pricing for the launch.")
    drain()
    rep = create_user()
    results = run(rep, "zentrovix")
    assert (results.total, results.suggestion, results.corrected_from) == (0, None, None)
    assert run(rep, "zentrovix recordkeeping").suggestion is None
    assets.change_status(draft.owner, draft, AssetStatus.PUBLISHED)
    db.session.commit()
    drain()
    assert titles(run(rep, "zentrovix")) == ["Zentrovax rollout plan"]  # corrected, once public


def test_a_word_only_drafts_have_is_still_a_typo_to_correct(library, create_user, create_asset):
    create_asset(status=AssetStatus.DRAFT, title="Recordkeepng checklist draft")
    drain()
    results = run(create_user(), "recordkeepng")
    assert results.corrected_from == "recordkeepng" and results.query == "recordkeeping"


def test_facets_count_only_what_reps_may_see(library, create_user, create_asset):
    create_asset(title="Zentrovax rollout", markets=["construction"])
    create_asset(status=AssetStatus.DRAFT, title="Zentrovax rollout for logistics",
                 markets=["logistics"], personas=["Chief Draft Officer"], kind="testimonial")
    drain()
    results = run(create_user(), "zentrovax rollout")
    assert results.facets["market"] == {"construction": 1}
    assert results.facets["persona"] == {"Operations Director": 1}
    assert results.facets["kind"] == {"case_study": 1}
    assert results.facets["type"] == {"asset": 1} and results.total == 1


def test_tags_count_as_matches_weighted_like_the_title(library, create_user, create_asset):
    """The white paper's stage is Discovery, which none of its words say."""
    create_asset(title="Quarterly notes", body="A discovery workshop, mentioned in passing.",
                 stages=["evaluation"])
    drain()
    assert titles(run(create_user(), "discovery")) == ["Cold chain without gaps",
                                                       "Quarterly notes"]


def test_a_refreshed_searcher_closes_the_segments_it_no_longer_reads(library, create_user,
                                                                    create_asset):
    create_asset(title="Second segment")
    drain()
    run(create_user(), "osha")
    state = service.searchers.get(service.index_location())
    before = [reader for reader, _ in state.searcher.reader().leaf_readers()]
    assert len(before) == 2
    create_asset(title="Third segment")
    drain()
    run(create_user(), "osha")
    kept = [reader for reader, _ in state.searcher.reader().leaf_readers()]
    assert all(reader.is_closed for reader in before if reader not in kept)
    assert not any(reader.is_closed for reader in kept)


def test_corrections_reuse_one_corrector_per_searcher(library, create_user):
    user = create_user()
    assert run(user, "recordkeepng").corrected_from
    state = service.searchers.get(service.index_location())
    corrector = state.corrector
    assert corrector is not None
    assert run(user, "crewss recordkeepng").corrected_from == "crewss recordkeepng"
    assert state.corrector is corrector


def test_a_searcher_opened_on_an_empty_index_refreshes_when_assets_arrive(app, create_user,
                                                                          create_asset):
    rep = create_user()
    assert run(rep, "osha").total == 0
    create_asset(title="OSHA recordkeeping for field crews")
    drain()
    assert titles(run(rep, "osha")) == ["OSHA recordkeeping for field crews"]
