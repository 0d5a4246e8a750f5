"""The index itself: its vocabulary of common words and runs, plain-file segments, generations
that are rebuilt and swapped in, and opening it while another process writes."""

import pytest
from whoosh import index as whoosh_index
from whoosh.filedb.compound import CompoundStorage

from enablement.search import index as search_index
from enablement.search import maintenance, service
from enablement.search.outbox import drain, index_location


def test_the_schema_names_the_tokenizer_where_indexes_already_written_look_for_it():
    # Whoosh pickles the schema, analyzer included, into every index's table of contents.
    analyzer = search_index.build_schema()["title"].analyzer
    assert (type(analyzer).__module__, type(analyzer).__qualname__) \
        == ("enablement.search.index", "StemmingTokenizer")


def test_common_words_are_those_in_a_fifth_of_the_library():
    documents = [{"title": "Crew schedules", "body": f"word{n} crew" + (" site" if n % 4 else "")}
                 for n in range(search_index.MIN_SAMPLE)]
    vocabulary = search_index.choose_vocabulary(documents)
    assert {"crew", "site", "schedul"} <= vocabulary.common
    assert "word7" not in vocabulary.common
    assert search_index.choose_vocabulary(documents[:10]) == search_index.Vocabulary()


def test_frequent_runs_of_common_words_are_indexed_whole():
    size = search_index.MIN_SAMPLE
    frequent = int(size * search_index.RUN_SHARE) + 1
    documents = [{"title": "Crew schedules",
                  "body": ("crews visit sites daily " if n < frequent else "sites crews visit ")
                  + f"word{n}"} for n in range(size)]
    vocabulary = search_index.choose_vocabulary(documents)
    assert ("crew", "visit", "site") in vocabulary.runs
    assert ("site", "crew", "visit") in vocabulary.runs  # in the rest of the library
    assert not any("daili" in run for run in vocabulary.runs)  # not a common word
    written = search_index.index_fields(documents[0], vocabulary)
    assert "crew visit site" in written[search_index.PAIRS_FIELD].split("|")
    assert "crew visit" in written[search_index.PAIRS_FIELD].split("|")
    four = search_index.choose_vocabulary(
        [{"body": f"crews visit sites weekly {'crews' if n % 2 else ''} word{n}"}
         for n in range(size)])
    assert ("crew", "visit", "site", "weekli") in four.runs
    assert ("visit", "site", "weekli", "crew") in four.runs


def test_the_vocabulary_is_read_back_as_written(tmp_path):
    vocabulary = search_index.Vocabulary(frozenset({"crew", "site"}),
                                         frozenset({("crew", "site", "crew"),
                                                    ("site", "crew", "site", "crew")}))
    search_index.write_vocabulary(tmp_path, vocabulary)
    assert search_index.read_vocabulary(tmp_path) == vocabulary
    assert search_index.read_vocabulary(tmp_path / "missing") == search_index.Vocabulary()


def _segments_are_plain_files(generation):
    ix = whoosh_index.open_dir(str(generation))
    assert ix._segments()
    assert not any(segment.is_compound() for segment in ix._segments())
    assert not list(generation.glob("*.seg"))  # a compound segment file


def test_drained_and_rebuilt_segments_stay_plain_files(app, create_asset):
    create_asset(title="OSHA recordkeeping for field crews")
    drain()
    _segments_are_plain_files(index_location().current_dir())
    maintenance.reindex()
    _segments_are_plain_files(index_location().current_dir())


def test_a_searcher_reads_segments_from_disk_instead_of_copying_them(app, create_asset):
    create_asset(title="OSHA recordkeeping for field crews")
    drain()
    state = service.searchers.get(index_location())
    for reader, _ in state.searcher.reader().leaf_readers():
        assert not isinstance(reader.storage(), CompoundStorage)


def test_a_rebuild_in_several_segments_finds_everything(app, create_asset, monkeypatch,
                                                        create_user):
    monkeypatch.setattr(search_index, "BULK_CHUNK", 2)
    made = [create_asset(title=f"Crew safety checklist number {n}",
                         body=f"Crews sign the safety checklist {n} before work.")
            for n in range(5)]
    maintenance.reindex()
    ix = index_location().open()
    assert len(ix._segments()) >= 3
    results = service.search(create_user(), service.SearchParams(q='"safety checklist"'))
    assert results.total == 5
    assert {hit.id for hit in results.hits} == {asset.id for asset in made}
    assert all("<mark>safety</mark>" in str(hit.title) for hit in results.hits)


def test_the_vocabulary_travels_with_the_rebuilt_index(app, create_asset, create_user,
                                                       monkeypatch):
    monkeypatch.setattr(search_index, "MIN_SAMPLE", 2)
    for n in range(4):
        create_asset(title=f"Crew schedule {n}", body="Crews schedule site visits.")
    maintenance.reindex()
    generation = index_location().current_dir()
    vocabulary = search_index.read_vocabulary(generation)
    assert {"crew", "schedul"} <= vocabulary.common
    assert ("crew", "schedul", "site") in vocabulary.runs
    assert ("crew", "schedul", "site", "visit") in vocabulary.runs
    state = service.searchers.get(index_location())
    assert state.sets.vocabulary == vocabulary
    assert state.sets.term(search_index.PAIRS_FIELD, "crew schedul")
    assert state.sets.term(search_index.PAIRS_FIELD, "crew schedul site")
    # an asset published after the rebuild is written with the same vocabulary
    create_asset(title="Field notes", body="Crews schedule site visits.")
    drain()
    results = service.search(create_user(), service.SearchParams(q='"crews schedule site"'))
    assert results.total == 5


def test_opening_the_index_while_another_process_commits_tries_again(tmp_path, monkeypatch):
    location = search_index.IndexLocation(tmp_path)
    location.open()
    real_open_dir, failures = whoosh_index.open_dir, []

    def racing_open_dir(path, *args, **kwargs):
        if len(failures) < search_index.OPEN_ATTEMPTS - 1:
            failures.append(path)  # the table of contents just found was removed
            raise FileNotFoundError(path)
        return real_open_dir(path, *args, **kwargs)

    monkeypatch.setattr(whoosh_index, "open_dir", racing_open_dir)
    assert location.open().doc_count() == 0

    def gone(path, *args, **kwargs):
        raise FileNotFoundError(path)

    monkeypatch.setattr(whoosh_index, "open_dir", gone)
    with pytest.raises(FileNotFoundError):
        location.open()  # files that stay missing are still an error


def test_an_index_built_by_an_older_version_is_rebuilt_at_setup(app, create_asset, create_user,
                                                                runner):
    """A schema change (here: tag words) reaches existing installs through `flask setup`."""
    asset = create_asset(title="Cold chain without gaps", stages=["discovery"])
    drain()
    generation = index_location().current_dir()
    (generation / search_index.SCHEMA_FILE).write_text("6")  # as the version before tags wrote
    assert index_location().is_outdated()

    result = runner.invoke(args=["setup", "--no-demo"])

    assert "rebuilding it" in result.output and "Reindexed 1 documents." in result.output
    assert not index_location().is_outdated()
    found = service.search(create_user(), service.SearchParams(q="discovery"))
    assert [hit.id for hit in found.hits] == [asset.id]  # its stage, a tag, is a match now


def test_tags_are_written_as_words_with_market_names_and_stage_labels():
    labels = search_index.TagLabels(markets={"logistics": "Logistics & Transportation",
                                             "healthcare": "Healthcare"},
                                    stages={"discovery": "Discovery"})
    document = {"markets": "logistics,healthcare", "personas": "CFO,IT Director",
                "stages": "discovery", "products": "Fieldline Comply"}
    assert search_index.tag_text(document, labels).split("\n") == [
        "Logistics & Transportation", "Healthcare", "CFO", "IT Director", "Discovery",
        "Fieldline Comply"]  # slugs the names already say are left out
    assert search_index.tag_text({"markets": "retail"}, labels) == "retail"


def test_drafts_give_no_spelling_words():
    draft = {"status": "draft", "title": "Zentrovax rollout", "summary": "Zentrovax pricing"}
    published = {**draft, "status": "published"}
    vocabulary = search_index.Vocabulary()
    assert search_index.index_fields(draft, vocabulary)[search_index.SPELLING_FIELD] == ""
    assert "Zentrovax" in search_index.index_fields(published, vocabulary)[
        search_index.SPELLING_FIELD]
