"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py app:app`.

Everything can be overridden with environment variables (PORT, BIND, WEB_CONCURRENCY,
GUNICORN_TIMEOUT) or gunicorn's own GUNICORN_CMD_ARGS.
"""

import os

bind = os.environ.get("BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
# Sync workers: requests are short and the search index is read per process. Two per core is
# gunicorn's usual starting point for this kind of app.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# The longest request line gunicorn takes (its default, 4094, is a search of a few hundred
# accented characters): longer ones get its own HTML 414, not the API's JSON.
limit_request_line = 8190
# Recycle workers now and then so a slow leak in a dependency can't grow without bound.
max_requests = 2000
max_requests_jitter = 200
# The hub logs one JSON line per request itself; gunicorn's access log would double it.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info")
# Load the app before forking so workers share its memory and a broken config fails at start.
preload_app = True
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# gunicorn 27's control socket defaults to one path per user, shared by every gunicorn that user
# runs on the host; the hub doesn't use it.
control_socket_disable = True


def post_fork(server, worker):
    """Connections made before the fork must not be shared between workers."""
    from app import app
    from enablement.extensions import db

    with app.app_context():
        db.engine.dispose(close=False)
