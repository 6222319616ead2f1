"""Retention (gallring): the rules of config/retention.toml, a förvaltning's changes to them,
legal holds, and the job that anonymises the personal data of ended cases whose time has come
and prunes the audit trail, keeping everything the report tables count.

The modules: ``rules`` (the file), ``overrides`` (a förvaltning's years), ``queries`` (which
cases are due, and when), ``anonymise`` (what is removed of a case), ``services`` (the job and
the holds), ``overview`` (the page's figures), ``forms`` (the page's forms). The holds and the
rules' changes flush and the request commits; the job commits each batch itself. ``steps``
registers its guard with the cases (an anonymised case takes no more steps); the app factory
imports it before it loads the workflows.
"""
from flask import current_app

from casework.retention.rules import RetentionRules

#: What an anonymised text says instead of what it said.
MARKER = "[gallrad]"


def retention_rules() -> RetentionRules:
    return current_app.extensions["casework.retention"]
