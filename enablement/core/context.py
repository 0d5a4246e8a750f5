"""Names every template can use."""

from flask_login import current_user

from enablement.assets.kinds import KINDS, kind_label, stage_label
from enablement.assets.visibility import asset_ref
from enablement.markdown import render_markdown
from enablement.markets import market_name, markets
from enablement.models import Role
from enablement.web import ActionForm


def template_helpers() -> dict:
    return {
        "KINDS": KINDS,
        "kind_label": kind_label,
        "stage_label": stage_label,
        "market_name": market_name,
        "all_markets": markets,
        "markdown": render_markdown,
        "Role": Role,
        "can": lambda role: current_user.is_authenticated and current_user.has_role(role),
        # How the signed-in person may see an asset mentioned: title and link, or a placeholder.
        "asset_ref": lambda asset: asset_ref(
            current_user if current_user.is_authenticated else None, asset),
        # formdata=None: the sign-out button must not re-read a request (e.g. a too-large upload)
        "logout_form": lambda: ActionForm(formdata=None),
    }
