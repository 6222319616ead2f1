"""The floor the quick entry is measured against (bench/intake_bench.py): a bare Flask +
SQLAlchemy endpoint that inserts one row like a case's, commits and redirects, served by the
same gunicorn settings on the same database. No session, no CSRF, no audit: the least a web
request that stores a case can cost on this stack.

    CASEWORK_DATABASE_URL=postgresql://... gunicorn --workers 2 intake_baseline:app
"""
import os
from datetime import date, datetime, timezone

import sqlalchemy as sa
from flask import Flask, redirect, request
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()


class BaselineCase(db.Model):
    """The columns quick entry fills in a case."""

    __tablename__ = "bench_baseline_cases"
    id = sa.Column(sa.Integer, primary_key=True)
    type = sa.Column(sa.String(32), nullable=False)
    unit_id = sa.Column(sa.Integer, nullable=False)
    received_on = sa.Column(sa.Date, nullable=False)
    source = sa.Column(sa.String(32))
    category = sa.Column(sa.String(64))
    description = sa.Column(sa.Text, nullable=False, default="")
    created_at = sa.Column(sa.DateTime(timezone=True), nullable=False)


def create_app() -> Flask:
    app = Flask(__name__)
    url = os.environ["CASEWORK_DATABASE_URL"]
    app.config["SQLALCHEMY_DATABASE_URI"] = url.replace("postgresql://", "postgresql+psycopg://", 1)
    db.init_app(app)

    @app.post("/cases/new")
    def new():
        form = request.form
        db.session.add(BaselineCase(
            type=form["type"], unit_id=int(form["unit"]), received_on=date.today(),
            source=form.get("source"), category=form.get("categories"),
            description=form.get("description", ""), created_at=datetime.now(timezone.utc)))
        db.session.commit()
        return redirect("/cases/new")  # 302, as quick entry answers

    return app


app = create_app() if "CASEWORK_DATABASE_URL" in os.environ else None
