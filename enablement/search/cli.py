"""`flask search reindex|check|drain`."""

import click
from flask.cli import AppGroup

from enablement.extensions import db
from enablement.search import maintenance
from enablement.search.outbox import drain, index_location
from enablement.search.registry import SEARCHABLES

search_cli = AppGroup("search", help="Maintain the search index.")


@search_cli.command("reindex")
def reindex_command():
    """Rebuild the index from the database and swap it in atomically."""
    total = sum(len(s.versions(db.session)) for s in SEARCHABLES.values())
    with click.progressbar(length=total, label="Indexing", file=None) as bar:
        count = maintenance.reindex(progress=bar.update)
    click.echo(f"Reindexed {count} documents.")


@search_cli.command("check")
@click.option("--fix", is_flag=True, help="Rewrite the documents that drifted.")
def check_command(fix):
    """Report documents that differ between the database and the index."""
    index = index_location().open()
    drift = maintenance.find_drift(index)
    for label, keys in (("missing", drift.missing), ("stale", drift.stale),
                        ("orphaned", drift.orphaned)):
        if keys:
            more = " …" if len(keys) > 10 else ""
            click.echo(f"{label}: {len(keys)} ({', '.join(keys[:10])}{more})")
    if drift.total and fix:
        maintenance.fix_drift(index, drift)
        click.echo(f"Fixed {drift.total} documents.")
    elif drift.total:
        click.echo(f"{drift.total} documents drifted; run `flask search check --fix`.")
        raise SystemExit(1)
    else:
        click.echo("Index and database agree.")


@search_cli.command("drain")
def drain_command():
    """Apply pending changes from the outbox to the index."""
    result = drain()
    message = f"Applied {result.applied} pending changes."
    if result.busy:
        message += " The index was busy; the rest stays queued."
    click.echo(message)
