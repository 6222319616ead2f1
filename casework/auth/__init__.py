"""Users, role grants, passwords, login and logout, server-side sessions, the login throttle and
the second factor (TOTP). The blueprint is ``casework.auth.views.bp``."""
