"""casework: case management for Swedish municipal care units."""
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from casework.core.configuration import ConfigurationError, configure
from casework.core.extensions import babel, csrf, db, login_manager, migrate
from casework.core.paths import resource_dir


def create_app(config: dict | None = None, instance_path: str | None = None) -> Flask:
    """Build the app. ``config`` overrides settings (tests pass ``{"ENV_NAME": "testing", ...}``)."""
    app = Flask(
        __name__,
        template_folder=str(resource_dir("templates")),
        instance_path=instance_path,
        instance_relative_config=True,
    )
    configure(app, config)
    register_proxy(app)
    register_extensions(app)
    register_domain(app)
    register_blueprints(app)
    register_cli(app)
    return app


def register_proxy(app: Flask) -> None:
    """Take the client's address and scheme from the ``TRUSTED_PROXIES`` proxies in front."""
    hops = app.config["TRUSTED_PROXIES"]
    if type(hops) is not int or hops < 0:
        raise ConfigurationError(
            f"CASEWORK_TRUSTED_PROXIES={hops!r} is not a number of proxies; use 0 (no proxy, "
            "or one that is not trusted) or the number of proxies in front of casework."
        )
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)


def register_extensions(app: Flask) -> None:
    from casework import models  # noqa: F401  (the whole schema)
    from casework.core import database
    from casework.web.input_guard import register_input_guard
    from workers import celery_init_app

    db.init_app(app)
    database.register_engine_events()
    migrate.init_app(
        app, db, directory=str(resource_dir("migrations")),
        compare_type=True, render_as_batch=True,
    )
    login_manager.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=lambda: "sv")
    register_input_guard(app)
    celery_init_app(app)


def register_domain(app: Flask) -> None:
    """Load the taxonomy, report templates, workflows, legal terms and deadline rules (a broken
    one stops start-up naming the fault), once every step is registered (casework.legal adds
    its steps to the handling steps); every flush keeps the cases' deadline clocks."""
    from casework import followup, legal  # noqa: F401  (their steps, guards and hooks)
    from casework.retention import steps  # noqa: F401  (its guard on every step)
    from casework.cases import clocks  # noqa: F401
    from casework.cases.workflow import load_workflows
    from casework.core.taxonomy import load_catalogue
    from casework.deadlines.rules import load_rules
    from casework.retention.rules import load_retention_rules

    config_dir = Path(app.config["DOMAIN_CONFIG_DIR"])
    app.extensions["casework.catalogue"] = load_catalogue(config_dir)
    app.extensions["casework.workflows"] = load_workflows(config_dir)
    app.extensions[legal.terms.EXTENSION] = legal.terms.load_legal_terms(config_dir)
    app.extensions["casework.deadlines"] = load_rules(config_dir / "deadlines.toml",
                                                      app.config["BABEL_DEFAULT_TIMEZONE"])
    app.extensions["casework.retention"] = load_retention_rules(config_dir / "retention.toml")


def register_blueprints(app: Flask) -> None:
    from casework import web
    from casework.admin import views as admin_views
    from casework.attachments import views as attachment_views
    from casework.api.views import register_api
    from casework.audit import views as audit_views
    from casework.auth import views as auth_views
    from casework.cases import views as case_views
    from casework.core.unit_of_work import register_unit_of_work
    from casework.extracts import views as extract_views  # noqa: F401  (on the admin blueprint)
    from casework.followup import views as followup_views
    from casework.public import views as public_views
    from casework.legal import views as legal_views  # noqa: F401  (routes on the cases blueprint)
    from casework.logchecks import views as logcheck_views
    from casework.reminders import views as reminder_views
    from casework.replies import views as reply_views

    # These modules add their routes to the reports blueprint.
    from casework.reports import snapshot_views, trend_views  # noqa: F401
    from casework.reports import views as report_views
    from casework.web.errors import register_errors
    from casework.web.log_redaction import register_log_redaction
    from casework.web.security import register_security_headers

    app.register_blueprint(auth_views.bp)
    app.register_blueprint(web.bp)
    app.register_blueprint(case_views.bp)
    app.register_blueprint(report_views.bp)
    app.register_blueprint(audit_views.bp)
    app.register_blueprint(logcheck_views.bp)
    app.register_blueprint(reminder_views.bp)
    app.register_blueprint(admin_views.bp)
    app.register_blueprint(reply_views.bp)
    app.register_blueprint(attachment_views.bp)
    app.register_blueprint(followup_views.bp)
    app.register_blueprint(public_views.bp)
    register_api(app)
    register_errors(app)
    register_security_headers(app)
    register_log_redaction()
    register_unit_of_work(app)  # last: it wraps every view


def register_cli(app: Flask) -> None:
    from casework.cli import register_commands

    register_commands(app)
