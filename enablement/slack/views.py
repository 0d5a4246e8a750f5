"""What Slack calls: the `/hub` slash command and the Events API (link unfurls).

No session and no CSRF token here: each request is proven to come from Slack by its signature
(signature.py) over the exact bytes received. Slack wants an answer within three seconds, so the
slow parts run after the response has been sent (response.call_on_close).
"""

from __future__ import annotations

import json
from urllib.parse import parse_qs

from flask import Blueprint, current_app, jsonify, request

from enablement.extensions import csrf, db
from enablement.security import public
from enablement.slack import (
    blocks,
    commands,
    notices,  # noqa: F401  (registers the channel notices)
    signature,
    unfurls,
)

bp = Blueprint("slack", __name__, url_prefix="/slack")
csrf.exempt(bp)
MAX_BODY = 256 * 1024  # Slack's payloads are a few kilobytes


def _verified_body() -> bytes | None:
    """The request's body if Slack signed it, else None."""
    if (request.content_length or 0) > MAX_BODY:
        return None
    body = request.get_data(cache=True)
    if len(body) > MAX_BODY:
        return None
    secret = current_app.config.get("SLACK_SIGNING_SECRET") or ""
    if signature.verify(secret, request.headers.get("X-Slack-Request-Timestamp"), body,
                        request.headers.get("X-Slack-Signature")):
        return body
    return None


def _refused():
    message = "This endpoint answers Slack only (signed requests)."
    return jsonify({"error": {"code": "invalid_signature", "message": message}}), 401


def _after_response(response, work) -> None:
    app = current_app._get_current_object()

    def run() -> None:
        with app.app_context():
            try:
                work()
            except Exception:
                app.logger.exception("slack: answering after the response failed")
            finally:
                db.session.remove()

    response.call_on_close(run)


@bp.post("/commands")
@public
def command():
    body = _verified_body()
    if body is None:
        return _refused()
    form = {name: values[0] for name, values in parse_qs(body.decode("utf-8", "replace")).items()}
    query = " ".join(form.get("text", "").split())[:commands.QUERY_MAX]
    if not query:
        return jsonify(blocks.notice(commands.USAGE))
    team, user, response_url = form.get("team_id", ""), form.get("user_id", ""), \
        form.get("response_url", "")
    response = current_app.response_class(status=200)
    _after_response(response, lambda: commands.answer(team, user, query, response_url))
    return response


@bp.post("/events")
@public
def events():
    body = _verified_body()
    if body is None:
        return _refused()
    try:
        payload = json.loads(body)
    except ValueError:
        payload = None
    if not isinstance(payload, dict):
        return jsonify({"error": {"code": "bad_request", "message": "Send a JSON object."}}), 400
    if payload.get("type") == "url_verification":
        return jsonify({"challenge": str(payload.get("challenge", ""))[:500]})
    event = payload.get("event") if isinstance(payload.get("event"), dict) else {}
    response = current_app.response_class(status=200)
    if payload.get("type") == "event_callback" and event.get("type") == "link_shared":
        team = str(payload.get("team_id") or "")
        _after_response(response, lambda: unfurls.unfurl(event, team))
    return response
