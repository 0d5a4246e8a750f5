"""Webhook receivers in the JSON API (admins): register (the secret is in the answer once),
list, change, delete, ping, see deliveries and redeliver."""

from __future__ import annotations

from flask import jsonify, url_for
from flask_login import current_user

from enablement.api.common import api_blueprint, json_body, paging
from enablement.api.openapi import register_paths
from enablement.errors import ValidationError
from enablement.extensions import db
from enablement.models import Role, WebhookDelivery, WebhookEndpoint
from enablement.security import role_required
from enablement.webhooks import services
from enablement.webhooks.openapi import document

bp = api_blueprint("webhooks_api", __name__)
register_paths(document)
FIELDS = ("url", "events", "format", "market", "description", "active")


def endpoint_json(endpoint: WebhookEndpoint) -> dict:
    return {"id": endpoint.id, "url": endpoint.url, "description": endpoint.description,
            "format": endpoint.format, "events": list(endpoint.events or []),
            "market": endpoint.market, "active": endpoint.active,
            "failure_streak": endpoint.failure_streak,
            "disabled_reason": endpoint.disabled_reason,
            "created_at": endpoint.created_at.isoformat()}


def delivery_json(delivery: WebhookDelivery, tries: bool = True) -> dict:
    found = {"id": delivery.id, "delivery": delivery.uid, "event": delivery.event,
             "state": delivery.state, "attempts": delivery.attempts,
             "created_at": delivery.created_at.isoformat(),
             "next_attempt_at": delivery.next_attempt_at.isoformat()
             if delivery.next_attempt_at else None,
             "delivered_at": delivery.delivered_at.isoformat() if delivery.delivered_at else None,
             "last_status": delivery.last_status, "last_error": delivery.last_error}
    if tries:
        found["tries"] = [{"at": t.at.isoformat(), "status": t.status,
                           "duration_ms": t.duration_ms, "error": t.error,
                           "response_excerpt": t.response_excerpt} for t in delivery.tries]
    return found


def _fields() -> dict:
    body = json_body()
    unknown = {name: "Unknown field." for name in body if name not in FIELDS}
    if unknown:
        raise ValidationError(f"Only {', '.join(FIELDS)} can be sent.", unknown)
    return body


@bp.get("/webhooks")
@role_required(Role.ADMIN)
def list_webhooks():
    return jsonify({"items": [endpoint_json(e) for e in services.endpoints(current_user)]})


@bp.post("/webhooks")
@role_required(Role.ADMIN)
def create_webhook():
    endpoint, secret = services.create_endpoint(current_user, _fields())
    db.session.commit()
    response = jsonify({**endpoint_json(endpoint), "secret": secret})
    response.headers["Location"] = url_for("webhooks_api.get_webhook", endpoint_id=endpoint.id)
    response.headers["Cache-Control"] = "no-store"
    return response, 201


@bp.get("/webhooks/<int:endpoint_id>")
@role_required(Role.ADMIN)
def get_webhook(endpoint_id: int):
    return jsonify(endpoint_json(services.get_endpoint(current_user, endpoint_id)))


@bp.patch("/webhooks/<int:endpoint_id>")
@role_required(Role.ADMIN)
def change_webhook(endpoint_id: int):
    endpoint = services.get_endpoint(current_user, endpoint_id)
    services.update_endpoint(current_user, endpoint, _fields())
    db.session.commit()
    return jsonify(endpoint_json(endpoint))


@bp.delete("/webhooks/<int:endpoint_id>")
@role_required(Role.ADMIN)
def delete_webhook(endpoint_id: int):
    services.delete_endpoint(current_user, services.get_endpoint(current_user, endpoint_id))
    db.session.commit()
    return "", 204


@bp.get("/webhooks/<int:endpoint_id>/deliveries")
@role_required(Role.ADMIN)
def list_deliveries(endpoint_id: int):
    endpoint = services.get_endpoint(current_user, endpoint_id)
    page, per_page = paging()
    found = services.deliveries(current_user, endpoint, per_page, (page - 1) * per_page)
    return jsonify({"items": [delivery_json(d) for d in found.items], "total": found.total,
                    "page": page, "per_page": per_page})


@bp.post("/webhooks/<int:endpoint_id>/ping")
@role_required(Role.ADMIN)
def ping_webhook(endpoint_id: int):
    delivery = services.ping(current_user, services.get_endpoint(current_user, endpoint_id))
    db.session.commit()
    return jsonify(delivery_json(delivery, tries=False)), 202


@bp.post("/webhooks/<int:endpoint_id>/deliveries/<int:delivery_id>/redeliver")
@role_required(Role.ADMIN)
def redeliver(endpoint_id: int, delivery_id: int):
    endpoint = services.get_endpoint(current_user, endpoint_id)
    delivery = services.redeliver(current_user, endpoint, delivery_id)
    db.session.commit()
    return jsonify(delivery_json(delivery, tries=False)), 202
