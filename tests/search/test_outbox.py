"""The outbox keeps the Whoosh index consistent with the database, even with concurrent writers."""

import logging
import multiprocessing

from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from enablement.assets import services
from enablement.extensions import db
from enablement.models import Asset, SearchOutbox
from enablement.search import maintenance, outbox
from enablement.search.outbox import drain, index_location
from tests.conftest import make_app


def indexed():
    with index_location().open().searcher() as searcher:
        return {fields["doc_key"]: fields for fields in searcher.all_stored_fields()}


def pending():
    return db.session.scalar(select(func.count(SearchOutbox.id)))


def test_a_change_writes_an_outbox_row_in_the_same_transaction(app, create_user):
    owner = create_user("marketing")
    services.create_asset(owner, "sales_aid", {"title": "Battle card: CrewGrid"})
    db.session.rollback()
    assert pending() == 0
    assert db.session.scalar(select(func.count(Asset.id))) == 0

    services.create_asset(owner, "sales_aid", {"title": "Battle card: CrewGrid"})
    db.session.commit()
    assert pending() >= 1


def test_drain_indexes_changes_and_empties_the_outbox(app, create_asset):
    asset = create_asset(title="Cold storage compliance for freight fleets")
    result = drain()
    assert result.applied >= 1 and pending() == 0
    document = indexed()[f"asset:{asset.id}"]
    assert document["title"] == "Cold storage compliance for freight fleets"
    assert document["status"] == "published"
    assert document["markets"] == "construction"


def test_edits_and_deletes_reach_the_index(app, create_asset):
    asset = create_asset()
    drain()
    services.update_asset(asset.owner, asset, {"title": "Renamed"}, partial=True)
    db.session.commit()
    drain()
    assert indexed()[f"asset:{asset.id}"]["title"] == "Renamed"

    services.delete_asset(asset.owner, asset)
    db.session.commit()
    drain()
    assert f"asset:{asset.id}" not in indexed()


def test_attachment_text_is_indexed(app, create_asset):
    asset = create_asset(kind="white_paper")
    drain()
    assert "Scheduling guide" in indexed()[f"asset:{asset.id}"]["attachments"]


def test_a_busy_index_leaves_work_queued_for_the_next_drain(app, create_asset):
    index = index_location().open()
    holder = index.writer()
    try:
        create_asset()
        result = drain(timeout=0.05)
        assert result.busy and result.applied == 0
        assert pending() >= 1
    finally:
        holder.cancel()
    assert drain().applied >= 1
    assert pending() == 0 and len(indexed()) == 1


def test_a_request_that_changes_assets_drains_after_commit(app, client, login_as):
    login_as("marketing")
    response = client.post("/assets/new/sales_aid", data={"title": "One-pager", "intent": "save"})
    assert response.status_code == 302
    assert pending() == 0
    assert any(doc["title"] == "One-pager" for doc in indexed().values())


def test_a_database_outage_after_a_change_leaves_it_queued_and_logs_one_line(
        app, client, login_as, monkeypatch, caplog):
    login_as("marketing")

    def database_down(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("the database system is shutting down"))

    monkeypatch.setattr(outbox, "drain", database_down)
    with caplog.at_level(logging.WARNING):
        response = client.post("/assets/new/sales_aid",
                               data={"title": "One-pager", "intent": "save"})
    assert response.status_code == 302  # the change itself was saved
    assert pending() == 1  # and waits for the next drain
    messages = [(r.getMessage(), r.exc_info) for r in caplog.records if "drain" in r.getMessage()]
    assert messages == [("search outbox drain: database unavailable: the database system is "
                         "shutting down; will retry", None)]
    monkeypatch.undo()
    assert drain().applied == 1 and pending() == 0


def test_check_finds_and_fixes_drift(app, create_asset):
    kept, changed, removed = create_asset(), create_asset(), create_asset()
    drain()
    index = index_location().open()
    with index.writer() as writer:  # simulate an index that missed changes
        writer.delete_by_term("doc_key", f"asset:{kept.id}")
        writer.add_document(doc_key="asset:9999", type="asset", id=9999, title="ghost")
    db.session.execute(
        Asset.__table__.update().where(Asset.id == changed.id)
        .values(title="Changed behind the index")
    )
    db.session.commit()
    del removed

    drift = maintenance.find_drift(index)
    assert drift.missing == [f"asset:{kept.id}"]
    assert drift.stale == [] or drift.stale == [f"asset:{changed.id}"]
    assert drift.orphaned == ["asset:9999"]
    maintenance.fix_drift(index, drift)
    assert maintenance.find_drift(index_location().open()).total == 0


def test_reindex_swaps_in_a_fresh_generation(app, create_asset):
    assets = [create_asset(title=f"Asset {n}") for n in range(5)]
    drain()
    old_generation = index_location().current_dir()
    reader = index_location().open().searcher()  # a search in progress during the rebuild
    ticks = []
    assert maintenance.reindex(progress=ticks.append, batch_size=2) == 5
    assert sum(ticks) == 5
    assert index_location().current_dir() != old_generation
    assert not old_generation.exists()
    assert reader.doc_count() == 5  # the open searcher kept working
    reader.close()
    assert set(indexed()) == {f"asset:{a.id}" for a in assets}


def _write_assets(tmp_path, worker, count, barrier):
    app = make_app(tmp_path)
    with app.app_context():
        owner = db.session.get(services.User, 1)
        barrier.wait()
        for n in range(count):
            services.create_asset(owner, "sales_aid", {"title": f"worker {worker} asset {n}"})
            db.session.commit()
            drain(timeout=0.01)  # often busy on purpose: the rows must wait, not vanish
        db.engine.dispose()


def test_concurrent_writers_in_separate_processes_lose_nothing(app, tmp_path, create_user):
    create_user("marketing")
    workers, per_worker = 4, 15
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(workers)
    processes = [context.Process(target=_write_assets, args=(tmp_path, w, per_worker, barrier))
                 for w in range(workers)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(120)
        assert process.exitcode == 0
    drain()
    db.session.rollback()
    ids = set(db.session.scalars(select(Asset.id)))
    assert len(ids) == workers * per_worker
    assert set(indexed()) == {f"asset:{i}" for i in ids}
    assert pending() == 0
