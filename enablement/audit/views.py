"""The audit log for admins: /admin/audit with filters, and the same events as CSV."""

from flask import Blueprint, Response, render_template, request, stream_with_context

from enablement.audit import services
from enablement.audit.log import ACTIONS
from enablement.errors import DomainError
from enablement.models import Role
from enablement.security import role_required
from enablement.web import page_number

bp = Blueprint("audit", __name__, url_prefix="/admin/audit")

PER_PAGE = 50
GROUPS = sorted({name.split(".")[0] for name in ACTIONS})


@bp.get("/")
@role_required(Role.ADMIN)
def index():
    try:
        audit_filter = services.AuditFilter.from_args(request.args)
        error = None
    except DomainError as refused:
        audit_filter, error = services.AuditFilter(), refused
    found = services.events(audit_filter, page_number(request.args), PER_PAGE)
    status = 422 if error else 200
    return render_template("audit/index.html", found=found, audit_filter=audit_filter,
                           actions=ACTIONS, groups=GROUPS, error=error, args=request.args), status


@bp.get("/export.csv")
@role_required(Role.ADMIN)
def export():
    audit_filter = services.AuditFilter.from_args(request.args)
    response = Response(stream_with_context(services.csv_rows(audit_filter)),
                        mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
    response.headers["Cache-Control"] = "no-store"
    return response
