"""A person's data on request (registerutdrag, GDPR art. 15).

The admin searches the cases of their subtrees that name a person (``search``), ticks those that
concern them and exports them as a PDF and as JSON (``export``). The search text is personal
data: it is posted, answered on the post's own page, and never enters a URL, a log, the session
or the audit trail; the trail records each search by its hit count and each export by its
format, one row per case exported.
"""
