"""The admin area (/admin): people, the organisation tree and the rules, for the district's
quality staff (the admin role), without a shell.

The pages only call services (``casework.auth.services``, ``casework.organisation.services``,
``casework.deadlines.overrides``); the command line calls the same ones. Every change an admin
makes is audited with what it was before and after (``casework.admin.changes``).
"""
