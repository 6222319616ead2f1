"""The follow-up question after a klagomål is closed (nöjdhetsfrågan), its answers, the
reopen requests a "Nej" with a comment makes, and their count on the reports page.

Cases know nothing of this package: importing it registers its hooks on the close and reopen
steps, its step and guard, and its events with them (casework.followup.steps). The app factory
imports it before it loads the workflows.
"""
from casework.followup import models, steps  # noqa: F401
