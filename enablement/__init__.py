"""Enablement Hub: the app factory connects config, extensions, blueprints, errors and commands."""

import os
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from enablement import database, errors  # noqa: F401  (database tunes SQLite connections)
from enablement.config import load_config
from enablement.extensions import bootstrap, csrf, db, limiter, login_manager, migrate
from enablement.request_log import init_request_log
from enablement.routing import HubFlask, register_converters
from enablement.search.index import IndexLocation
from enablement.search.outbox import drain_after_request as drain_search_outbox
from enablement.security import add_security_headers
from enablement.webhooks.delivery import deliver_after_request as deliver_webhooks


def create_app(test_config: dict | None = None) -> Flask:
    app = HubFlask(
        __name__,
        # INSTANCE_PATH in the environment moves the instance folder off the code (read-only
        # deployments, and the benchmarks' and fault tests' throwaway instances).
        instance_path=(test_config or {}).get("INSTANCE_PATH") or os.environ.get("INSTANCE_PATH"),
        instance_relative_config=True,
        template_folder="../templates",
        static_folder="../static",
    )
    load_config(app, test_config)
    if app.config["TRUSTED_PROXIES"]:
        # Behind a load balancer, throttling and logs need the client's address, not the proxy's.
        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    register_extensions(app)
    register_converters(app)
    register_blueprints(app)
    errors.register(app)
    register_hooks(app)
    register_commands(app)
    return app


def register_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(app.root_path).parent / "migrations"),
                     render_as_batch=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)  # after csrf: a forged form is refused before it counts
    bootstrap.init_app(app)
    app.extensions["search_index"] = IndexLocation(app.config["SEARCH_INDEX_DIR"])


def register_blueprints(app: Flask) -> None:
    from enablement.api.views import bp as api_bp
    from enablement.assets.api import bp as assets_api_bp
    from enablement.assets.views import bp as assets_bp
    from enablement.audit.api import bp as audit_api_bp
    from enablement.audit.views import bp as audit_bp
    from enablement.auth.views import bp as auth_bp
    from enablement.core.views import bp as core_bp
    from enablement.feedback.api import bp as feedback_api_bp
    from enablement.feedback.views import bp as feedback_bp
    from enablement.insights.api import bp as insights_api_bp
    from enablement.insights.views import bp as insights_bp
    from enablement.news.api import bp as news_api_bp
    from enablement.news.views import bp as news_bp
    from enablement.notifications.api import bp as notifications_api_bp
    from enablement.notifications.views import bp as notifications_bp
    from enablement.requests.api import bp as requests_api_bp
    from enablement.requests.views import bp as requests_bp
    from enablement.scim.views import bp as scim_bp
    from enablement.search.api import bp as search_api_bp
    from enablement.search.views import bp as search_bp
    from enablement.shares.api import bp as shares_api_bp
    from enablement.shares.buyer import bp as buyer_bp
    from enablement.shares.views import bp as shares_bp
    from enablement.slack.views import bp as slack_bp
    from enablement.sso.views import bp as sso_bp
    from enablement.users.api import bp as users_api_bp
    from enablement.users.views import bp as users_bp
    from enablement.webhooks.api import bp as webhooks_api_bp
    from enablement.webhooks.views import bp as webhooks_bp
    from enablement.weekly.views import bp as weekly_bp
    from enablement.wins.api import bp as wins_api_bp
    from enablement.wins.views import bp as wins_bp

    for blueprint in (core_bp, auth_bp, sso_bp, users_bp, assets_bp, assets_api_bp, search_bp,
                      requests_bp, requests_api_bp, feedback_bp, feedback_api_bp, wins_bp,
                      wins_api_bp, news_bp, news_api_bp, insights_bp, insights_api_bp,
                      notifications_bp, notifications_api_bp, search_api_bp, users_api_bp,
                      weekly_bp, webhooks_bp, webhooks_api_bp, slack_bp, audit_bp, audit_api_bp,
                      scim_bp, shares_bp, shares_api_bp, buyer_bp, api_bp):
        app.register_blueprint(blueprint)


def register_hooks(app: Flask) -> None:
    from enablement.assets.kinds import stage_label
    from enablement.core.context import template_helpers
    from enablement.shares.rules import share_refusal

    app.add_template_filter(stage_label, "stage_label")
    app.add_template_global(share_refusal, "share_refusal")
    init_request_log(app)
    app.after_request(add_security_headers)
    if app.config["SEARCH_DRAIN_IN_WEB"]:
        app.after_request(drain_search_outbox)
    app.after_request(deliver_webhooks)
    app.context_processor(template_helpers)


def register_commands(app: Flask) -> None:
    from enablement.audit.cli import audit_cli
    from enablement.auth.cli import tokens_cli, users_cli
    from enablement.demo.cli import demo_cli, setup_command
    from enablement.insights.cli import insights_cli
    from enablement.news.cli import news_cli
    from enablement.scim.cli import scim_cli
    from enablement.search.cli import search_cli
    from enablement.shares.cli import shares_cli
    from enablement.weekly.cli import weekly_cli
    from enablement.worker import worker_command

    for group in (users_cli, tokens_cli, demo_cli, search_cli, news_cli, insights_cli,
                  weekly_cli, audit_cli, scim_cli, shares_cli):
        app.cli.add_command(group)
    app.cli.add_command(setup_command)
    app.cli.add_command(worker_command)
