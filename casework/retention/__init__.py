"""Retention (gallring): the rules of config/retention.toml, a förvaltning's changes to them,
legal holds, and the job that anonymises the personal data of ended cases whose time has come
and prunes the audit trail, keeping everything the report tables count.

The layers: ``rules`` (the file), ``overrides`` (a förvaltning's years), ``queries`` (which
cases are due, and when), ``anonymise`` (what is removed of a case), ``services`` (the job and
the holds). Everything flushes; the caller (a request, the CLI, a task) commits.
"""
from flask import current_app

from casework.retention.rules import RetentionRules

#: What an anonymised text says instead of what it said.
MARKER = "[gallrad]"


def retention_rules() -> RetentionRules:
    return current_app.extensions["casework.retention"]
