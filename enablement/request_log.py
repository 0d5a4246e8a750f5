"""One structured log line per request: method, path, status, time taken and who asked."""

from __future__ import annotations

import json
import logging
import re
import time

from flask import Flask, g, request
from flask_login import current_user

logger = logging.getLogger("enablement.requests")
# A buyer link's token opens the share: it never goes into a log (shares/buyer.py).
_SHARE_TOKEN = re.compile(r"^/s/[^/]+")
_SHARE_TOKEN_IN_TEXT = re.compile(r"(?<=/s/)[A-Za-z0-9_-]{16,}")


class HideShareTokens(logging.Filter):
    """For the development server's own access log (`make run`), which writes request lines."""

    def filter(self, record: logging.LogRecord) -> bool:
        text = record.getMessage()
        if "/s/" in text:
            record.msg, record.args = _SHARE_TOKEN_IN_TEXT.sub("<token>", text), ()
        return True


def _start_timer() -> None:
    g.request_started = time.perf_counter()


def _log_request(response):
    started = g.pop("request_started", None)
    if started is None:
        return response
    path = _SHARE_TOKEN.sub("/s/<token>", request.path)
    buyer = path != request.path
    record = {
        "method": request.method,
        "path": path,
        "status": response.status_code,
        "ms": round((time.perf_counter() - started) * 1000, 1),
        # Buyer pages never look at the hub's session, not even to log who is signed in.
        "user": None if buyer else str(current_user.id) if current_user.is_authenticated
        else None,
        "ip": request.remote_addr,
    }
    logger.info(json.dumps(record, separators=(",", ":")))
    return response


def init_request_log(app: Flask) -> None:
    werkzeug_log = logging.getLogger("werkzeug")
    if not any(isinstance(f, HideShareTokens) for f in werkzeug_log.filters):
        werkzeug_log.addFilter(HideShareTokens())
    app.before_request(_start_timer)
    app.after_request(_log_request)
    if not logger.handlers and not app.testing:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
