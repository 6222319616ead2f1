"""Lex Sarah, lex Maria and personal-data breaches: their detail rows, legal terms, guards,
steps, documents and pages.

Cases know nothing of this package: importing it registers its detail rows
(casework.cases.details), guards (casework.cases.workflow) and steps (casework.cases.steps)
with them. The app factory imports it before it loads the workflows.
"""
from casework.legal import guards, models, steps, terms  # noqa: F401
