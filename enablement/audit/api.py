"""GET /api/v1/audit: the audit log for admins' tokens (and admins' browsers)."""

from __future__ import annotations

from flask import jsonify, request

from enablement.api.common import api_blueprint, paging
from enablement.api.openapi import register_paths
from enablement.audit import services
from enablement.audit.openapi import document
from enablement.models import Role
from enablement.security import role_required

bp = api_blueprint("audit_api", __name__)
register_paths(document)


@bp.get("/audit")
@role_required(Role.ADMIN)
def list_events():
    page, per_page = paging()
    audit_filter = services.AuditFilter.from_args(request.args)
    found = services.events(audit_filter, page, per_page)
    return jsonify({"items": [services.event_json(e) for e in found.items],
                    "total": found.total, "page": found.page, "per_page": found.per_page})
