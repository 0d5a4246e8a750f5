"""The migrations build the same schema as the models, so `make run`'s upgrade is trustworthy."""

from flask_migrate import upgrade
from sqlalchemy import inspect

from enablement.extensions import db
from tests.conftest import make_app


def test_upgrade_from_empty_matches_the_models(tmp_path):
    app = make_app(tmp_path)
    with app.app_context():
        upgrade()
        from alembic.autogenerate import compare_metadata
        from alembic.migration import MigrationContext

        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection)
            differences = compare_metadata(context, db.metadata)
        assert differences == []
        assert {"asset", "user", "search_outbox"} <= set(inspect(db.engine).get_table_names())
        db.engine.dispose()
