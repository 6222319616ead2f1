"""Deadlines: rules as data in config/deadlines.toml, counted in Swedish working days.

The rules know nothing of the case tables: they read ``CaseFacts``. Which facts a case has,
and the clock columns it keeps, is for ``casework.cases.clocks``.
"""
from flask import current_app

from casework.deadlines.rules import DeadlineRules


def deadline_rules() -> DeadlineRules:
    return current_app.extensions["casework.deadlines"]
